-- Issue #21: a customer CSV import from the console runs as a background job. The uploaded file is kept in 1 MiB
-- chunks (any node's worker reads it back as a stream, never whole in memory); the check (dry run) and the import
-- write their progress on the import's row and every rejected row in customer_import_errors.
CREATE TABLE customer_imports (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_by   bigint NOT NULL REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  file_name    text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
  size_bytes   bigint NOT NULL DEFAULT 0,
  -- uploaded -> checking -> checked -> importing -> imported; rejected (the file itself is unusable) or failed.
  status       text NOT NULL DEFAULT 'uploaded'
               CHECK (status IN ('uploaded', 'checking', 'checked', 'importing', 'imported', 'rejected', 'failed')),
  skip_invalid boolean NOT NULL DEFAULT false,
  bytes_read   bigint NOT NULL DEFAULT 0,
  rows_total   integer NOT NULL DEFAULT 0,
  rows_valid   integer NOT NULL DEFAULT 0,
  rows_invalid integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  error        text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX customer_imports_created_idx ON customer_imports (created_at DESC);

CREATE TABLE customer_import_chunks (
  import_id bigint NOT NULL REFERENCES customer_imports(id) ON DELETE CASCADE,
  seq       integer NOT NULL,
  data      bytea NOT NULL,
  PRIMARY KEY (import_id, seq)
);

CREATE TABLE customer_import_errors (
  import_id bigint NOT NULL REFERENCES customer_imports(id) ON DELETE CASCADE,
  seq       integer NOT NULL,
  row_no    integer NOT NULL,
  col       text NOT NULL DEFAULT '',
  message   text NOT NULL,
  PRIMARY KEY (import_id, seq)
);
