-- Server-side logout (issue #19 point 8): a token's id (jti) is revoked until the token would have expired anyway;
-- rows past expires_at are useless and deleted as new ones arrive.
CREATE TABLE revoked_tokens (
  jti        uuid PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at);
