-- Pause reasons the server itself sets, present in every database (not only in one seeded with demo data):
-- 'login' starts a shift, 'pbx' is a pause made on the phone system rather than in Warmline (issue #27.4).
INSERT INTO pause_reasons (code, label) VALUES
  ('login', 'Just logged in'),
  ('pbx', 'Paused on the phone system')
ON CONFLICT (code) DO NOTHING;
