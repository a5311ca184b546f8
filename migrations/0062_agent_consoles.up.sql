-- Issue #20.1/#20 (shift): the closed-console rule's truth lives in Postgres, not in one node's timer. Every console
-- connection of a user bumps `generation`; the delayed away job (BullMQ, so it survives a node restart and runs on
-- any node) carries the generation it saw when the last console went, and pauses the agent only if no console
-- connected since. The bump and the pause both run under the user row lock (agents.repository.ts), so a console
-- that comes back while the pause is being decided either stops it or restores the agent right after it.
CREATE TABLE agent_consoles (
  user_id         bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  generation      bigint NOT NULL DEFAULT 0,
  connected_at    timestamptz,
  disconnected_at timestamptz
);
