// Set-based generation of the reports benchmark data. Triggers are off during the load
// (session_replication_role = replica); totals and rollups are then built set-based.
// ${N} calls over 730 days from 2024-01-01 UTC, ${M} customers, 150 agents, 10 queues.

export const T0 = '2024-01-01';

export function generationSteps(calls: number, customers: number): Array<[string, string]> {
  const M = customers;
  const N = calls;
  const purchases = Math.round(M * 1.5);
  const cases = Math.max(1000, Math.round(M * 0.3));
  const attemptsPerCampaign = Math.max(50, Math.round(M / 40));
  return [
    ['reference data', `
      SELECT setseed(0.42);
      INSERT INTO users (username, display_name, password_hash, role, extension)
        SELECT 'agent' || g, 'Agent ' || g, 'x', 'operator', (3000 + g)::text FROM generate_series(1, 150) g;
      INSERT INTO users (username, display_name, password_hash, role) SELECT 'sup' || g, 'Supervisor ' || g, 'x', 'supervisor' FROM generate_series(1, 5) g;
      INSERT INTO queues (name, display_name, service_level_seconds) SELECT 'q' || g, 'Queue ' || g, CASE WHEN g = 0 THEN 30 ELSE 20 END FROM generate_series(0, 9) g;
      INSERT INTO queue_members (queue_id, user_id) SELECT q.id, u.id FROM queues q JOIN users u ON u.role = 'operator' AND (u.id % 10 = q.id % 10 OR u.id % 10 = (q.id + 1) % 10);
      INSERT INTO dispositions (code, label, category) VALUES
        ('resolved', 'Resolved', 'resolved'), ('info_given', 'Information given', 'resolved'), ('escalated', 'Escalated', 'unresolved'),
        ('not_resolved', 'Not resolved', 'unresolved'), ('sale', 'Sale', 'sale'), ('upsell', 'Upsell', 'sale'),
        ('refused', 'Refused', 'refusal'), ('callback', 'Callback', 'callback'), ('no_contact', 'No contact', 'no_contact'),
        ('wrong_number', 'Wrong number', 'other'), ('complaint', 'Complaint logged', 'unresolved'), ('other', 'Other', 'other');
      INSERT INTO pause_reasons (code, label) VALUES ('lunch', 'Lunch'), ('break', 'Break'), ('training', 'Training'), ('meeting', 'Meeting');
      INSERT INTO lead_sources (code, name, channel) SELECT 'src' || g, 'Source ' || g, (ARRAY['search','social','tv','referral','partner'])[1 + g % 5] FROM generate_series(1, 20) g;
      INSERT INTO lead_source_costs (lead_source_id, month, amount)
        SELECT ls.id, (date '2023-01-01' + make_interval(months => m))::date, round((1000 + random() * 20000)::numeric, 2)
        FROM lead_sources ls, generate_series(0, 35) m;
      INSERT INTO products (sku, name, kind, price) SELECT 'sku' || g, 'Product ' || g, CASE WHEN g % 3 = 0 THEN 'service' ELSE 'product' END, 10 + g * 7 FROM generate_series(1, 50) g;`],
    ['customers', `
      SELECT setseed(0.43);
      INSERT INTO customers (full_name, region, lead_source_id, acquired_at, birthday, tags, created_at)
        SELECT 'Customer ' || g, (ARRAY['north','south','east','west','center','islands'])[1 + (g % 6)],
          CASE WHEN g % 25 = 0 THEN NULL ELSE 1 + (g * 7) % 20 END,
          timestamptz '2023-01-01' + random() * interval '1095 days',
          CASE WHEN g % 5 = 0 THEN NULL ELSE date '1950-01-01' + (random() * 20000)::int END,
          (ARRAY['{vip}', '{newsletter}', '{vip,newsletter}', '{}', '{b2b}', '{newsletter,b2b}', '{}'])[1 + g % 7]::text[],
          timestamptz '2023-01-01'
        FROM generate_series(1, ${M}) g;
      INSERT INTO customer_phones (customer_id, e164, is_primary) SELECT id, '+1555' || lpad(id::text, 7, '0'), true FROM customers;`],
    ['purchases', `
      SELECT setseed(0.44);
      INSERT INTO purchases (customer_id, product_id, amount, purchased_at, status)
        SELECT 1 + (random() * (${M} - 1))::bigint, 1 + (g % 50), round((10 + random() * 490)::numeric, 2),
          timestamptz '2023-01-01' + random() * interval '1095 days', CASE WHEN g % 20 = 0 THEN 'cancelled' ELSE 'active' END
        FROM generate_series(1, ${purchases}) g;`],
    ['calls', `
      SELECT setseed(0.45);
      -- calls_id_for: ids of one start second differ while the sequence moves by less than 10^6 between them; rows g and
      -- g + k * 10^6 fall on different days (10^6 mod 730 = 630) for k < 73, so no two ids collide below 73 M calls.
      INSERT INTO calls (id, pbx_id, linkedid, direction, status, outcome, caller_number, queue_name, agent_user_id, customer_id,
                         started_at, queued_at, answered_at, ended_at, wait_seconds, talk_seconds, hold_seconds, hung_up_by)
      SELECT calls_id_for(x.st), 'main', g::text, x.dir, 'ended', x.outcome,
        CASE WHEN x.dir = 'inbound' THEN '+1555' || lpad(x.cust::text, 7, '0') ELSE '+15550000000' END,
        CASE WHEN x.dir = 'inbound' THEN 'q' || (g % 10) END,
        CASE WHEN x.outcome = 'answered' THEN 1 + (r.r2 * 149)::int END,
        x.cust, x.st, CASE WHEN x.dir = 'inbound' THEN x.st + interval '5 seconds' END,
        CASE WHEN x.outcome = 'answered' THEN x.st + interval '5 seconds' + x.wait * interval '1 second' END,
        x.st + interval '5 seconds' + x.wait * interval '1 second' + CASE WHEN x.outcome = 'answered' THEN x.talk * interval '1 second' ELSE interval '0' END,
        x.wait, CASE WHEN x.outcome = 'answered' THEN x.talk END, CASE WHEN x.outcome = 'answered' AND g % 4 = 0 THEN (r.r2 * 60)::int ELSE 0 END,
        CASE WHEN x.outcome = 'abandoned' THEN 'customer' ELSE 'agent' END
      FROM generate_series(1, ${N}) g
      CROSS JOIN LATERAL (SELECT random() + g * 0 AS r1, random() + g * 0 AS r2, random() + g * 0 AS r3) r
      CROSS JOIN LATERAL (SELECT
        CASE WHEN g % 7 = 0 THEN 'outbound' ELSE 'inbound' END AS dir,
        CASE WHEN r.r1 < 0.88 THEN 'answered' WHEN r.r1 < 0.97 THEN 'abandoned' ELSE 'no_answer' END AS outcome,
        1 + (r.r3 * (${M} - 1))::bigint AS cust,
        timestamptz '${T0}' + ((g % 730) * interval '1 day') + interval '7 hours' + (r.r2 * r.r3 * 14) * interval '1 hour' + (g % 3600) * interval '1 second' AS st,
        (r.r2 * 90)::int AS wait, 30 + (r.r3 * 600)::int AS talk) x;
      -- Triggers are off (replica role): the idempotency keys of migration 0012 are filled set-based.
      INSERT INTO call_linkedids (pbx_id, linkedid, call_id) SELECT pbx_id, linkedid, id FROM calls;`],
    ['wrapups', `
      INSERT INTO wrapups (call_id, user_id, customer_id, disposition_code, started_at, submitted_at, client_key)
      SELECT c.id, c.agent_user_id, c.customer_id,
        (ARRAY['resolved','info_given','escalated','not_resolved','sale','upsell','refused','callback','no_contact','wrong_number','complaint','other'])[1 + (c.id * 7) % 12],
        c.ended_at, c.ended_at + ((c.id % 90) * interval '1 second'), 'b' || c.id
      FROM calls c WHERE c.agent_user_id IS NOT NULL;`],
    // Agent states follow each agent's own calls (issue #26 point 8; v1 laid even 24-minute blocks regardless of
    // calls): ringing 6 s before the answer, on_call to the end, wrap-up until the wrap-up was submitted, then ready
    // until the agent's next call rings, or paused (lunch, break...) when that is over 45 minutes away, for at most
    // 2 hours (then the agent is off). Calls the random data gave an agent while still busy with another are left
    // out of the states, as Asterisk would not have rung that agent.
    ['agent_state_log', `
      WITH c AS (
        SELECT agent_user_id AS u, id, answered_at - interval '6 seconds' AS ring_at, answered_at, ended_at,
               ended_at + ((id % 90) * interval '1 second') AS wrap_end
          FROM calls WHERE agent_user_id IS NOT NULL AND answered_at IS NOT NULL
      ), o AS (
        SELECT c.*, max(wrap_end) OVER (PARTITION BY u ORDER BY ring_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end FROM c
      ), k AS (
        SELECT o.*, lead(ring_at) OVER (PARTITION BY u ORDER BY ring_at, id) AS next_ring FROM o WHERE prev_end IS NULL OR ring_at >= prev_end
      )
      INSERT INTO agent_state_log (user_id, state, reason, started_at, ended_at)
      SELECT k.u, s.state, s.reason, s.a, s.b
      FROM k CROSS JOIN LATERAL (VALUES
        ('ringing', NULL, k.ring_at, k.answered_at),
        ('on_call', NULL, k.answered_at, k.ended_at),
        ('wrapup', NULL, k.ended_at, k.wrap_end),
        (CASE WHEN k.next_ring - k.wrap_end > interval '45 minutes' THEN 'paused' ELSE 'ready' END,
         CASE WHEN k.next_ring - k.wrap_end > interval '45 minutes' THEN (ARRAY['lunch','break','training','meeting'])[1 + (k.id % 4)::int] END,
         k.wrap_end, LEAST(k.next_ring, k.wrap_end + interval '2 hours'))
      ) s(state, reason, a, b)
      WHERE s.b IS NOT NULL AND s.b > s.a;`],
    ['cases', `
      SELECT setseed(0.46);
      INSERT INTO cases (customer_id, kind, status, subject, opened_at, resolved_at)
      SELECT 1 + (random() * (${M} - 1))::bigint, (ARRAY['complaint','service_request','information_request'])[1 + g % 3],
        CASE WHEN g % 5 = 0 THEN 'open' ELSE 'resolved' END, 'Case ' || g, x.o,
        CASE WHEN g % 5 = 0 THEN NULL ELSE x.o + random() * interval '20 days' END
      FROM generate_series(1, ${cases}) g CROSS JOIN LATERAL (SELECT timestamptz '${T0}' + random() * interval '730 days' + g * interval '0' AS o) x;`],
    ['campaigns', `
      SELECT setseed(0.47);
      INSERT INTO segments (name, rules) VALUES ('VIP', '{"type":"tags","match":"any","tags":["vip"]}'), ('North', '{"type":"region_in","regions":["north"]}');
      INSERT INTO campaigns (name, segment_id, offer_product_id, offer_price, status)
        SELECT 'Campaign ' || g, 1, 1 + g, 99, 'completed' FROM generate_series(1, 20) g;
      INSERT INTO campaign_attempts (campaign_id, customer_id, phone_e164, status, outcome, refusal_reason, dial_count)
      SELECT k.id, c.cid, '+1555' || lpad(c.cid::text, 7, '0'), 'done', x.outcome,
        CASE WHEN x.outcome = 'refused' THEN (ARRAY['too expensive','not interested','already has one','call later', NULL])[1 + (c.cid % 5)::int] END,
        CASE WHEN x.outcome IS NULL THEN 0 ELSE 1 + (c.cid % 3)::int END
      FROM campaigns k CROSS JOIN LATERAL (SELECT DISTINCT 1 + ((g * 7919 + k.id * 104729) % ${M})::bigint AS cid FROM generate_series(1, ${attemptsPerCampaign}) g) c
      CROSS JOIN LATERAL (SELECT (ARRAY['accepted','refused','refused','no_answer','busy','callback', NULL])[1 + ((c.cid + k.id) % 7)::int] AS outcome) x;
      INSERT INTO purchases (customer_id, product_id, amount, purchased_at, campaign_id, source)
        SELECT a.customer_id, k.offer_product_id, 99, timestamptz '2025-06-01', k.id, 'campaign'
        FROM campaign_attempts a JOIN campaigns k ON k.id = a.campaign_id WHERE a.outcome = 'accepted';`],
    ['customer totals', `
      UPDATE customers c SET total_spend = p.s, last_purchase_at = p.l
        FROM (SELECT customer_id, sum(amount) AS s, max(purchased_at) AS l FROM purchases WHERE status <> 'cancelled' GROUP BY 1) p
        WHERE p.customer_id = c.id;`],
    ['rollups', `SELECT report_rebuild();`],
    ['agent-state rollups', `SELECT report_agent_state_rebuild();`],
  ];
}
