-- Issue #20.4: an attended transfer's consultation in progress is server state, so a reload (or a second tab) shows
-- Complete/Cancel again. One row per agent, written when the PBX accepted the Atxfer and removed on complete or
-- cancel; it only counts while it names the agent's current call and that call is on hold (the caller hears music
-- while the agent consults; an abort on the PBX gives the caller back and ends the hold). calls is partitioned
-- (0012): call_id carries no foreign key.
CREATE TABLE agent_consultations (
  user_id    bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  call_id    bigint NOT NULL,
  target     text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
);
