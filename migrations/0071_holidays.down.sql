CREATE OR REPLACE FUNCTION campaign_in_window(windows jsonb, tz text, at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1
    FROM jsonb_array_elements(windows) AS w(v), LATERAL (SELECT campaign_local_time(at, tz) AS lt) l
    WHERE (w.v -> 'days') @> to_jsonb(extract(isodow FROM l.lt)::int)
      AND CASE WHEN (w.v ->> 'start')::time <= (w.v ->> 'end')::time
               THEN l.lt::time >= (w.v ->> 'start')::time AND l.lt::time < (w.v ->> 'end')::time
               ELSE l.lt::time >= (w.v ->> 'start')::time OR l.lt::time < (w.v ->> 'end')::time END)
$$;
