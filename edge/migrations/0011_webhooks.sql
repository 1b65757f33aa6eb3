-- Webhooks per tenant: each tenant's own signing secret (sealed) and the outbox of case events to deliver.

-- The signing secret, AES-GCM sealed with the Worker secret WEBHOOK_SECRET_KEY (additional data: the tenant id),
-- stored as hex(iv || ciphertext). Never stored or archived in clear. After a rotation the previous secret keeps
-- signing until previous_until (24 hours), so a receiver can switch without losing events.
CREATE TABLE webhook_secrets (
  tenant_id       TEXT PRIMARY KEY,
  current_sealed  TEXT NOT NULL,
  current_since   INTEGER NOT NULL,
  previous_sealed TEXT,
  previous_until  INTEGER,
  CHECK ((previous_sealed IS NULL) = (previous_until IS NULL))
);

-- One row per case event to deliver, written in the same batch as the case change. The Queue message carries only
-- (tenant, id); the payload is built from the current case at delivery. A Cron Trigger re-sends stale pending rows;
-- the dead-letter consumer marks a row dead.
CREATE TABLE webhook_outbox (
  tenant_id   TEXT NOT NULL,
  -- The event id the receiver sees: `<case id>.<case version>`.
  id          TEXT NOT NULL,
  case_id     TEXT NOT NULL,
  event       TEXT NOT NULL CHECK (event IN ('escalation.opened', 'escalation.status_changed')),
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts    INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_status INTEGER,
  last_error  TEXT CHECK (last_error IS NULL OR length(last_error) <= 500),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, case_id) REFERENCES escalations(tenant_id, id)
);
CREATE INDEX webhook_outbox_by_case ON webhook_outbox (tenant_id, case_id, created_at);
CREATE INDEX webhook_outbox_stale ON webhook_outbox (updated_at) WHERE state = 'pending';

CREATE TRIGGER webhook_outbox_refuse_delete BEFORE DELETE ON webhook_outbox
BEGIN
  SELECT RAISE(ABORT, 'webhook outbox rows are never deleted');
END;
