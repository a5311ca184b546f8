DROP TABLE IF EXISTS originate_requests;
ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_hung_up_by_check;
UPDATE calls SET hung_up_by = 'caller' WHERE hung_up_by = 'customer';
ALTER TABLE calls ADD CONSTRAINT calls_hung_up_by_check CHECK (hung_up_by IN ('caller', 'agent', 'system'));
