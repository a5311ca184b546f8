-- Issue #21: holidays set in Admin → Settings (settings.holidays, migration 0070: an array of 'YYYY-MM-DD') are
-- days on which no campaign calls, whatever its calling windows say. The date is the campaign's local date, the one
-- its windows are read in. Read inside the dialer's claim (attempt-claims.repository.ts), so a change applies to the
-- next claim on every node.
CREATE OR REPLACE FUNCTION campaign_in_window(windows jsonb, tz text, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
    FROM jsonb_array_elements(windows) AS w(v), LATERAL (SELECT campaign_local_time(at, tz) AS lt) l
    WHERE (w.v -> 'days') @> to_jsonb(extract(isodow FROM l.lt)::int)
      AND CASE WHEN (w.v ->> 'start')::time <= (w.v ->> 'end')::time
               THEN l.lt::time >= (w.v ->> 'start')::time AND l.lt::time < (w.v ->> 'end')::time
               ELSE l.lt::time >= (w.v ->> 'start')::time OR l.lt::time < (w.v ->> 'end')::time END
      AND NOT EXISTS (SELECT 1 FROM settings s
                       WHERE s.key = 'holidays' AND jsonb_typeof(s.value) = 'array'
                         AND s.value @> to_jsonb(to_char(l.lt, 'YYYY-MM-DD'))))
$$;
