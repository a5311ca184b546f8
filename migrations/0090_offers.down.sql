DROP TABLE customer_offer_scores;
DROP TABLE offer_models;
DROP TABLE offer_outcomes;
DROP TABLE offers;
