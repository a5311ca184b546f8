-- User administration (issue #21): an account created or reset by an administrator carries a password the
-- administrator knows, so its owner must choose a new one before doing anything else (server/http/auth-guard.ts
-- refuses every other route with 403 password-change-required while this is set).
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
