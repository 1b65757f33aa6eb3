-- Candor's first schema: tenants, catalogue, reviews, aggregates, idempotency keys and the append-only audit archive.
-- Every row is keyed by tenant so that a large tenant can move to a database of its own.

CREATE TABLE tenants (
  id              TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name            TEXT NOT NULL,
  -- JSON array of origins allowed to submit from a browser; the edge's own origin is always allowed.
  allowed_origins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(allowed_origins)),
  created_at      INTEGER NOT NULL
);

CREATE TABLE product_lines (
  tenant_id TEXT NOT NULL REFERENCES tenants(id),
  id        TEXT NOT NULL,
  name      TEXT NOT NULL,
  visible   INTEGER NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
  archived  INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE products (
  tenant_id TEXT NOT NULL,
  id        TEXT NOT NULL,
  line_id   TEXT NOT NULL,
  name      TEXT NOT NULL,
  archived  INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, line_id) REFERENCES product_lines(tenant_id, id)
);

CREATE TABLE attributes (
  tenant_id  TEXT NOT NULL,
  product_id TEXT NOT NULL,
  key        TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  label_zh   TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, product_id, key),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id)
);

CREATE TABLE reviews (
  tenant_id       TEXT NOT NULL,
  id              TEXT NOT NULL,
  product_id      TEXT NOT NULL,
  stage           TEXT NOT NULL CHECK (stage IN ('screening', 'compliance_review', 'owner_review', 'published', 'rejected', 'withdrawn')),
  rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  -- JSON object attribute key -> rating 1..5
  attributes      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  would_recommend INTEGER NOT NULL CHECK (would_recommend IN (0, 1)),
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  nickname        TEXT NOT NULL,
  segment         TEXT,
  relationship    TEXT NOT NULL CHECK (relationship IN ('client', 'non_client', 'employee')),
  incentive       TEXT NOT NULL,
  locale          TEXT NOT NULL,
  -- Public statement of reasons for a rejection (a domain ReasonCode), NULL otherwise.
  reason_code     TEXT,
  -- SHA-256 of the validated review as stored; the audit rows refer to it.
  content_hash    TEXT NOT NULL,
  -- Screening's duplicate fingerprint of the body (domain::screening::content_fingerprint).
  fingerprint     TEXT,
  -- Screening findings (kind, field, character span) as JSON, shown to moderators.
  findings        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(findings)),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id)
);
CREATE INDEX reviews_by_product_stage ON reviews (tenant_id, product_id, stage, created_at DESC);
CREATE INDEX reviews_by_fingerprint ON reviews (tenant_id, product_id, fingerprint);

-- Contact e-mails live apart from reviews: never published, staff-only, erasable.
CREATE TABLE review_contacts (
  tenant_id TEXT NOT NULL,
  review_id TEXT NOT NULL,
  email     TEXT NOT NULL,
  PRIMARY KEY (tenant_id, review_id)
);

-- Aggregates of published reviews, kept in the same batch that publishes or unpublishes.
-- scope 'all' counts every published review; 'independent' leaves out employees and incentivised reviewers.
CREATE TABLE aggregates (
  tenant_id       TEXT NOT NULL,
  product_id      TEXT NOT NULL,
  scope           TEXT NOT NULL CHECK (scope IN ('all', 'independent')),
  count           INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  sum             INTEGER NOT NULL DEFAULT 0 CHECK (sum >= 0),
  h1              INTEGER NOT NULL DEFAULT 0 CHECK (h1 >= 0),
  h2              INTEGER NOT NULL DEFAULT 0 CHECK (h2 >= 0),
  h3              INTEGER NOT NULL DEFAULT 0 CHECK (h3 >= 0),
  h4              INTEGER NOT NULL DEFAULT 0 CHECK (h4 >= 0),
  h5              INTEGER NOT NULL DEFAULT 0 CHECK (h5 >= 0),
  would_recommend INTEGER NOT NULL DEFAULT 0 CHECK (would_recommend >= 0),
  PRIMARY KEY (tenant_id, product_id, scope),
  CHECK (count = h1 + h2 + h3 + h4 + h5),
  CHECK (sum = h1 + 2 * h2 + 3 * h3 + 4 * h4 + 5 * h5)
);

-- The first answer to each (tenant, Idempotency-Key): a replay gets it again.
CREATE TABLE idempotency_keys (
  tenant_id    TEXT NOT NULL,
  key          TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 128),
  request_hash TEXT NOT NULL,
  review_id    TEXT NOT NULL,
  response     TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

-- The archive: one row per transition, chained by hash per tenant. Append-only (triggers below).
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id    TEXT NOT NULL,
  review_id    TEXT,
  prev_hash    TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  from_stage   TEXT,
  to_stage     TEXT,
  actor        TEXT NOT NULL,
  role         TEXT NOT NULL,
  reason_code  TEXT,
  note         TEXT,
  at           INTEGER NOT NULL,
  row_hash     TEXT NOT NULL,
  -- Two appends racing on the same chain head cannot both win: the chain never forks.
  UNIQUE (tenant_id, prev_hash)
);

CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
