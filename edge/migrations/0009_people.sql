-- Staff identity: a person of the tenant (immutable id, e-mail unique per tenant case-insensitively) holds the tokens;
-- archive rows name the person id and the credential (token) id; reviews carry their lineage (a review and its
-- revisions), and the archive refuses a stage decision by a person who decided another stage of the same lineage.

CREATE TABLE people (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id),
  id           TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 80),
  -- Stored lower-cased, so UNIQUE below is case-insensitive.
  email        TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
  role         TEXT NOT NULL CHECK (role IN ('moderator', 'compliance', 'owner', 'admin', 'marketer')),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);

CREATE TRIGGER people_id_is_final BEFORE UPDATE OF tenant_id, id, created_at ON people
BEGIN
  SELECT RAISE(ABORT, 'a person''s id never changes');
END;

CREATE TRIGGER people_refuse_delete BEFORE DELETE ON people
BEGIN
  SELECT RAISE(ABORT, 'people are deactivated, never deleted');
END;

-- Existing tokens: one person per distinct (tenant, name). The person's id is the old name, so archive rows written
-- before this migration (whose actor is that name) still count for four-eyes. Their role is the role of the
-- person's earliest token; the e-mail is a unique placeholder (the name's first characters in hex and a number).
INSERT INTO people (tenant_id, id, email, display_name, role, active, created_at)
SELECT t.tenant_id, t.person,
       lower(hex(substr(t.person, 1, 20))) || '-' || min(t.rowid) || '@migrated.invalid', t.person,
       (SELECT f.role FROM staff_tokens f WHERE f.tenant_id = t.tenant_id AND f.person = t.person
        ORDER BY f.created_at, f.id LIMIT 1),
       1, min(t.created_at)
FROM staff_tokens t
GROUP BY t.tenant_id, t.person;

-- The person a token belongs to (always set by the edge; `person` stays as the name at issue time).
ALTER TABLE staff_tokens ADD COLUMN person_id TEXT;
UPDATE staff_tokens SET person_id = person;
CREATE INDEX staff_tokens_by_person ON staff_tokens (tenant_id, person_id);

-- Things every admin of the tenant must see: granting owner, compliance or admin.
CREATE TABLE admin_notices (
  tenant_id  TEXT NOT NULL REFERENCES tenants(id),
  id         TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('role_granted')),
  person_id  TEXT NOT NULL,
  role       TEXT NOT NULL,
  -- Who granted it: person and credential.
  by_person_id     TEXT NOT NULL,
  by_credential_id TEXT,
  at         INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX admin_notices_by_time ON admin_notices (tenant_id, at DESC);

CREATE TRIGGER admin_notices_are_final BEFORE UPDATE ON admin_notices
BEGIN
  SELECT RAISE(ABORT, 'admin notices are append-only');
END;

-- A review and its revisions share one lineage: the id of the first review.
ALTER TABLE reviews ADD COLUMN lineage_id TEXT;
WITH RECURSIVE chain(tenant_id, id, root) AS (
  SELECT tenant_id, id, id FROM reviews WHERE revision_of IS NULL
  UNION ALL
  SELECT r.tenant_id, r.id, c.root FROM reviews r JOIN chain c ON r.tenant_id = c.tenant_id AND r.revision_of = c.id
)
UPDATE reviews SET lineage_id = (
  SELECT c.root FROM chain c WHERE c.tenant_id = reviews.tenant_id AND c.id = reviews.id
);
UPDATE reviews SET lineage_id = id WHERE lineage_id IS NULL;

-- Archive rows name who acted (person id) with which credential (token id), and a decision its review's lineage.
-- Hash version 1 (every older row) covers the fields of 0001/0002; version 2 adds person, credential and lineage.
ALTER TABLE audit_log ADD COLUMN person_id TEXT;
ALTER TABLE audit_log ADD COLUMN credential_id TEXT;
ALTER TABLE audit_log ADD COLUMN lineage_id TEXT;
ALTER TABLE audit_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1 CHECK (hash_version IN (1, 2));
CREATE INDEX audit_log_by_lineage ON audit_log (tenant_id, lineage_id, person_id) WHERE lineage_id IS NOT NULL;

-- Four-eyes in the database: a stage decision (a deciding role's row with a lineage) is refused when the same person
-- already decided a different stage (a different deciding role) of the same lineage.
CREATE TRIGGER audit_log_four_eyes BEFORE INSERT ON audit_log
WHEN NEW.lineage_id IS NOT NULL AND NEW.person_id IS NOT NULL
  AND NEW.role IN ('moderator', 'compliance', 'owner')
BEGIN
  SELECT RAISE(ABORT, 'four_eyes')
  WHERE EXISTS (
    SELECT 1 FROM audit_log a
    WHERE a.tenant_id = NEW.tenant_id AND a.lineage_id = NEW.lineage_id AND a.person_id = NEW.person_id
      AND a.role IN ('moderator', 'compliance', 'owner') AND a.role <> NEW.role
  );
END;
