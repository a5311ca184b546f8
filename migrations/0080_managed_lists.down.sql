ALTER TABLE products DROP COLUMN labels, DROP COLUMN sort_order;
ALTER TABLE refusal_reasons DROP COLUMN labels;
ALTER TABLE pause_reasons DROP COLUMN labels, DROP COLUMN sort_order;
ALTER TABLE dispositions DROP COLUMN labels;
