-- Issue #21: dispositions, pause reasons, refusal reasons and products are lists an administrator manages in the
-- console. Each item keeps its code for ever (history refers to it); its label has a translation per console
-- language in `labels` ({"ru": "…", "hi": "…"}), `label` stays the default shown where a language has none.
-- Items are retired (active = false / retired = true), never deleted while anything refers to them.
ALTER TABLE dispositions ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object');
ALTER TABLE pause_reasons ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object'),
  ADD COLUMN sort_order integer NOT NULL DEFAULT 0;
ALTER TABLE refusal_reasons ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object');
ALTER TABLE products ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object'),
  ADD COLUMN sort_order integer NOT NULL DEFAULT 0;

-- The translations the console used to carry in its catalogs move here, so a renamed label shows everywhere.
UPDATE refusal_reasons r SET labels = v.labels FROM (VALUES
  ('too_expensive', '{"en":"Too expensive","ru":"Слишком дорого","mn":"Хэтэрхий үнэтэй","hi":"बहुत महंगा","id":"Terlalu mahal"}'::jsonb),
  ('has_competitor', '{"en":"Has a competitor","ru":"Есть конкурент","mn":"Өрсөлдөгчтэй","hi":"प्रतिस्पर्धी के पास है","id":"Sudah punya pesaing"}'::jsonb),
  ('not_interested', '{"en":"Not interested","ru":"Не интересно","mn":"Сонирхолгүй","hi":"रुचि नहीं","id":"Tidak tertarik"}'::jsonb),
  ('no_need', '{"en":"No need now","ru":"Сейчас не нужно","mn":"Одоогоор хэрэггүй","hi":"अभी ज़रूरत नहीं","id":"Belum perlu"}'::jsonb),
  ('other', '{"en":"Other","ru":"Другое","mn":"Бусад","hi":"अन्य","id":"Lainnya"}'::jsonb)
) AS v(code, labels) WHERE r.code = v.code AND r.labels = '{}'::jsonb;

UPDATE pause_reasons p SET labels = v.labels, sort_order = v.sort_order FROM (VALUES
  ('login', '{"en":"Just logged in","ru":"Только что вошёл","mn":"Дөнгөж нэвтэрсэн","hi":"अभी लॉग इन किया","id":"Baru masuk"}'::jsonb, 900),
  ('pbx', '{"en":"Paused on the phone system","ru":"Пауза на АТС","mn":"АТС дээр түр зогссон","hi":"फ़ोन सिस्टम पर रोका गया","id":"Dijeda di sistem telepon"}'::jsonb, 910)
) AS v(code, labels, sort_order) WHERE p.code = v.code AND p.labels = '{}'::jsonb;

UPDATE products p SET sort_order = s.n FROM (SELECT id, (row_number() OVER (ORDER BY name, id) * 10)::int AS n FROM products) s WHERE p.id = s.id;
