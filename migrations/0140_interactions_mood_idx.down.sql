DROP INDEX IF EXISTS interactions_customer_mood_idx;
