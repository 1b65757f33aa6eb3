-- Staff tokens, per-attribute aggregates, moderation bookkeeping (review version, open flag), visitor flags and
-- helpful votes, and the archive columns that make every transition unique per review.
-- Every row is keyed by tenant, as in 0001.

-- Bearer tokens for the staff API. Only the SHA-256 of a token is stored; the token itself is shown once.
CREATE TABLE staff_tokens (
  tenant_id  TEXT NOT NULL REFERENCES tenants(id),
  id         TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  role       TEXT NOT NULL CHECK (role IN ('moderator', 'compliance', 'owner', 'admin', 'marketer')),
  -- The named person the token belongs to; four-eyes compares these names.
  person     TEXT NOT NULL CHECK (length(person) BETWEEN 1 AND 80),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at > created_at),
  revoked_at INTEGER,
  PRIMARY KEY (tenant_id, id)
);

-- Per-attribute aggregates of published reviews, kept in the same batch as `aggregates`.
CREATE TABLE attribute_aggregates (
  tenant_id       TEXT NOT NULL,
  product_id      TEXT NOT NULL,
  scope           TEXT NOT NULL CHECK (scope IN ('all', 'independent')),
  attribute       TEXT NOT NULL,
  count           INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  sum             INTEGER NOT NULL DEFAULT 0 CHECK (sum >= 0),
  h1              INTEGER NOT NULL DEFAULT 0 CHECK (h1 >= 0),
  h2              INTEGER NOT NULL DEFAULT 0 CHECK (h2 >= 0),
  h3              INTEGER NOT NULL DEFAULT 0 CHECK (h3 >= 0),
  h4              INTEGER NOT NULL DEFAULT 0 CHECK (h4 >= 0),
  h5              INTEGER NOT NULL DEFAULT 0 CHECK (h5 >= 0),
  would_recommend INTEGER NOT NULL DEFAULT 0 CHECK (would_recommend >= 0),
  PRIMARY KEY (tenant_id, product_id, scope, attribute),
  CHECK (count = h1 + h2 + h3 + h4 + h5),
  CHECK (sum = h1 + 2 * h2 + 3 * h3 + 4 * h4 + 5 * h5)
);

-- How many archive rows the review has; a transition writes row `version + 1`, so two decisions taken on the
-- same version cannot both land (UNIQUE index below) and the conditional update checks it as well.
ALTER TABLE reviews ADD COLUMN version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0);
-- A visitor flagged the published review and compliance has not yet cleared or rejected it.
ALTER TABLE reviews ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1));
-- Helpful votes of visitors (one per visitor, see helpful_votes).
ALTER TABLE reviews ADD COLUMN helpful INTEGER NOT NULL DEFAULT 0 CHECK (helpful >= 0);
CREATE INDEX reviews_published ON reviews (tenant_id, product_id, stage, rating, created_at DESC);

-- The archive: what was done (`submit`, a decision name, `token_issued`, …) and the row's place in its review's trail.
ALTER TABLE audit_log ADD COLUMN action TEXT;
ALTER TABLE audit_log ADD COLUMN review_seq INTEGER;
CREATE UNIQUE INDEX audit_log_review_seq ON audit_log (tenant_id, review_id, review_seq);
CREATE INDEX audit_log_by_review ON audit_log (tenant_id, review_id, seq);
CREATE INDEX audit_log_by_time ON audit_log (tenant_id, at, seq);

-- Visitor reports on published reviews; one per visitor and review. They queue the review for compliance.
CREATE TABLE flags (
  tenant_id  TEXT NOT NULL,
  id         TEXT NOT NULL,
  review_id  TEXT NOT NULL,
  visitor    TEXT NOT NULL,
  reason     TEXT NOT NULL,
  note       TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, review_id, visitor),
  FOREIGN KEY (tenant_id, review_id) REFERENCES reviews(tenant_id, id)
);

-- One helpful vote per visitor (keyed visitor hash, never an IP) and review.
CREATE TABLE helpful_votes (
  tenant_id  TEXT NOT NULL,
  review_id  TEXT NOT NULL,
  visitor    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, review_id, visitor),
  FOREIGN KEY (tenant_id, review_id) REFERENCES reviews(tenant_id, id)
);
