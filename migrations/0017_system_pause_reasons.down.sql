-- The rows may be referenced by history; they stay.
SELECT 1;
