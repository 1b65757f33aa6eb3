-- Customer-service cases (escalations) and firm responses. Every row is keyed by tenant, as in 0001.
-- Neither table is ever deleted from: a case is resolved, a response rejected; their decisions are archived in
-- audit_log. A response's text never changes after drafting.

CREATE TABLE escalations (
  tenant_id        TEXT NOT NULL,
  id               TEXT NOT NULL,
  review_id        TEXT NOT NULL,
  -- complaint_language (opened by the screener in the submission's batch) or staff.
  reason           TEXT NOT NULL CHECK (reason IN ('complaint_language', 'staff')),
  -- `screener` or the named person who opened it.
  opened_by        TEXT NOT NULL CHECK (length(opened_by) BETWEEN 1 AND 80),
  opened_at        INTEGER NOT NULL,
  -- Fixed when the case opens, from the tenant's sla_hours.escalation.
  due_at           INTEGER NOT NULL CHECK (due_at > opened_at),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved')),
  assignee         TEXT CHECK (assignee IS NULL OR length(assignee) BETWEEN 1 AND 80),
  note             TEXT CHECK (note IS NULL OR length(note) <= 2000),
  -- Bumped by every change; a PATCH applies only on the version it read (409 otherwise).
  version          INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
  updated_at       INTEGER NOT NULL,
  resolved_at      INTEGER,
  -- Delivery to the firm's service desk (tenant setting webhook_url): none (no URL), pending, delivered, failed.
  webhook_state    TEXT NOT NULL DEFAULT 'none' CHECK (webhook_state IN ('none', 'pending', 'delivered', 'failed')),
  webhook_attempts INTEGER NOT NULL DEFAULT 0 CHECK (webhook_attempts >= 0),
  webhook_status   INTEGER,
  webhook_error    TEXT,
  webhook_at       INTEGER,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, review_id) REFERENCES reviews(tenant_id, id)
);
CREATE INDEX escalations_by_status_due ON escalations (tenant_id, status, due_at, id);
CREATE INDEX escalations_by_review ON escalations (tenant_id, review_id, opened_at);
-- One active case per review: a second complaint about the same review joins the open case instead.
CREATE UNIQUE INDEX escalations_one_active ON escalations (tenant_id, review_id) WHERE status <> 'resolved';

CREATE TRIGGER escalations_refuse_delete BEFORE DELETE ON escalations
BEGIN
  SELECT RAISE(ABORT, 'escalations are never deleted');
END;

CREATE TABLE firm_responses (
  tenant_id   TEXT NOT NULL,
  id          TEXT NOT NULL,
  review_id   TEXT NOT NULL,
  body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  -- SHA-256 of the body as drafted; the archive rows vouch for it.
  body_hash   TEXT NOT NULL CHECK (length(body_hash) = 64),
  drafted_by  TEXT NOT NULL,
  drafted_role TEXT NOT NULL,
  drafted_at  INTEGER NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by  TEXT,
  decided_at  INTEGER,
  decision_note TEXT,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, review_id) REFERENCES reviews(tenant_id, id),
  -- Four-eyes, enforced twice: the route refuses it, and so does the table.
  CHECK (decided_by IS NULL OR decided_by <> drafted_by)
);
CREATE INDEX firm_responses_by_review ON firm_responses (tenant_id, review_id, status, decided_at);
-- At most one response per review is pending or approved: a second draft waits until the first is rejected.
CREATE UNIQUE INDEX firm_responses_one_live ON firm_responses (tenant_id, review_id)
  WHERE status IN ('pending', 'approved');

CREATE TRIGGER firm_responses_refuse_delete BEFORE DELETE ON firm_responses
BEGIN
  SELECT RAISE(ABORT, 'firm responses are never deleted');
END;

CREATE TRIGGER firm_responses_text_is_final BEFORE UPDATE OF body, body_hash, drafted_by, drafted_at, review_id ON firm_responses
BEGIN
  SELECT RAISE(ABORT, 'a firm response is never rewritten');
END;
