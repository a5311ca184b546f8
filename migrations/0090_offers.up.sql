-- Issue #23: next best offer. A catalogue of offers (a product, who it is for as a segment rule, price, margin,
-- script), the outcome of every offer made or shown (the training data, with the customer's features as they were
-- when the offer was made, so a refit never sees the future), fitted models (versioned), and each customer's
-- current ranking, precomputed by the refit job so the screen pop reads it inside its one query.
CREATE TABLE offers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id  bigint NOT NULL REFERENCES products(id),
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  eligibility jsonb NOT NULL DEFAULT '{"all":[{"type":"do_not_call","value":false}]}'::jsonb,
  price       numeric(12,2) NOT NULL CHECK (price >= 0),
  margin      numeric(12,2) NOT NULL CHECK (margin >= 0),
  script      text NOT NULL DEFAULT '' CHECK (length(script) <= 5000),
  active      boolean NOT NULL DEFAULT true,
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE offer_outcomes (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  offer_id      bigint NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  customer_id   bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  result        text NOT NULL CHECK (result IN ('offered', 'accepted', 'refused', 'not_offered')),
  refusal_code  text REFERENCES refusal_reasons(code),
  note          text,
  direction     text NOT NULL DEFAULT 'inbound' CHECK (direction IN ('inbound', 'outbound')),
  call_id       bigint,
  wrapup_id     bigint REFERENCES wrapups(id) ON DELETE SET NULL,
  user_id       bigint REFERENCES users(id),
  purchase_id   bigint REFERENCES purchases(id) ON DELETE SET NULL,
  -- What the model said when the offer was shown (NULL: offered without a model, by rule only).
  predicted     double precision CHECK (predicted BETWEEN 0 AND 1),
  model_id      bigint,
  features      jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (result = 'refused' OR refusal_code IS NULL)
);
CREATE INDEX offer_outcomes_offer_idx ON offer_outcomes (offer_id, occurred_at);
-- The pop's "refused this offer in the last N days" check: a short index scan per customer.
CREATE INDEX offer_outcomes_customer_idx ON offer_outcomes (customer_id, offer_id, occurred_at DESC) WHERE result = 'refused';
-- One outcome per offer per wrap-up: a retried wrap-up records nothing twice.
CREATE UNIQUE INDEX offer_outcomes_wrapup_idx ON offer_outcomes (wrapup_id, offer_id) WHERE wrapup_id IS NOT NULL;

CREATE TABLE offer_models (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  offer_id    bigint NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  version     integer NOT NULL,
  kind        text NOT NULL DEFAULT 'logistic_l2',
  -- {features: [{name, mean, sd, weight}], intercept, lambda, bins: [{lo, hi, n, accepted}]}
  model       jsonb NOT NULL,
  trained_on  integer NOT NULL,
  accepted    integer NOT NULL,
  auc         double precision,
  fitted_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (offer_id, version)
);

CREATE TABLE customer_offer_scores (
  customer_id    bigint NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  offer_id       bigint NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
  rank           smallint NOT NULL CHECK (rank BETWEEN 1 AND 3),
  probability    double precision NOT NULL,
  expected_value numeric(12,2) NOT NULL,
  model_id       bigint REFERENCES offer_models(id) ON DELETE CASCADE,
  reasons        jsonb NOT NULL DEFAULT '[]'::jsonb,
  scored_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_id, rank)
);
-- The campaign condition "best offer is X with expected value above V".
CREATE INDEX customer_offer_scores_best_idx ON customer_offer_scores (offer_id, expected_value) WHERE rank = 1;
