-- Per-account login throttle (issue #19 point 2). The per-IP rate limit cannot stop a guesser who rotates
-- addresses, and sized for an office behind one NAT it is generous anyway; this row is the real guard: after
-- LOGIN_LOCKOUT_AFTER failures in a row the account name is locked for an exponentially growing time (capped).
-- Keyed by the normalised name typed, not by user id, so unknown names behave exactly like known ones.
CREATE TABLE login_throttle (
  username        text PRIMARY KEY CHECK (length(username) <= 64),
  failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until    timestamptz,
  last_failure_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);
