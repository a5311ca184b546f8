-- Outbound calls, as a real Asterisk and a real carrier make them (issue #18 defects 4-5, #27.2).

-- Who hung up is said from the call center's side: the customer (the caller of an inbound call, the callee of an
-- outbound one), an agent, or the system. 'caller' meant "the trunk" and was wrong for outbound calls.
ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_hung_up_by_check1;
ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_hung_up_by_check;
UPDATE calls SET hung_up_by = 'customer' WHERE hung_up_by = 'caller';
ALTER TABLE calls ADD CONSTRAINT calls_hung_up_by_check CHECK (hung_up_by IN ('customer', 'agent', 'system'));

-- An agent's click-to-dial, remembered under the id Warmline gives the Originate (CRM_CALL_ID), so that the call
-- Asterisk reports back is linked to the customer and task it was dialled for, on whichever node records it, and so
-- that an Originate the PBX refuses is kept with its reason.
CREATE TABLE originate_requests (
  crm_call_id  text PRIMARY KEY CHECK (length(crm_call_id) BETWEEN 1 AND 80),
  user_id      bigint NOT NULL REFERENCES users(id),
  customer_id  bigint REFERENCES customers(id),
  task_id      bigint REFERENCES tasks(id),
  to_number    text NOT NULL,
  status       text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'dialled', 'refused', 'failed')),
  failure      text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX originate_requests_user_idx ON originate_requests (user_id, created_at DESC);
