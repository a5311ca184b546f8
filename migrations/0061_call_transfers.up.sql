-- Issue #20.4: a call's transfers, in order. The transferring agent owes a wrap-up for the part of the call they
-- handled (wrapups.repository pending), and the customer's timeline shows who passed the call to whom. calls is
-- partitioned (0012): call_id carries no foreign key, like the other references added after the partitioning.
CREATE TABLE call_transfers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id      bigint NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('blind', 'attended')),
  from_user_id bigint REFERENCES users(id) ON DELETE SET NULL,
  to_user_id   bigint REFERENCES users(id) ON DELETE SET NULL,
  target       text,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_transfers_call ON call_transfers (call_id, at);
CREATE INDEX call_transfers_from_user ON call_transfers (from_user_id, at);
