-- Erasure of reviewers' contact e-mails (GDPR Art. 17) and the indexes of the staff's review search and pending
-- firm responses. Every row is keyed by tenant, as in 0001.

-- One tombstone per erased contact: the e-mail row itself is deleted from review_contacts in the same batch, so
-- nothing keeps the address; this keeps that and when it was erased, who asked (free text) and who erased it
-- (a person id). The archive row of the erasure says the same. Never updated or deleted.
CREATE TABLE contact_erasures (
  tenant_id      TEXT NOT NULL,
  review_id      TEXT NOT NULL,
  erased_at      INTEGER NOT NULL,
  requested_by   TEXT NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 500),
  erased_by      TEXT NOT NULL,
  -- Pending webhook events of the review's cases at the time (their payloads are built at delivery, without it).
  pending_events INTEGER NOT NULL DEFAULT 0 CHECK (pending_events >= 0),
  PRIMARY KEY (tenant_id, review_id),
  FOREIGN KEY (tenant_id, review_id) REFERENCES reviews(tenant_id, id)
);

CREATE TRIGGER contact_erasures_are_final BEFORE UPDATE ON contact_erasures
BEGIN
  SELECT RAISE(ABORT, 'contact erasures are final');
END;

CREATE TRIGGER contact_erasures_refuse_delete BEFORE DELETE ON contact_erasures
BEGIN
  SELECT RAISE(ABORT, 'contact erasures are never deleted');
END;

-- An erased contact never comes back: a contact row for an erased review is refused.
CREATE TRIGGER review_contacts_stay_erased BEFORE INSERT ON review_contacts
WHEN EXISTS (SELECT 1 FROM contact_erasures WHERE tenant_id = NEW.tenant_id AND review_id = NEW.review_id)
BEGIN
  SELECT RAISE(ABORT, 'contact erased');
END;

-- The staff search (`GET /v1/admin/reviews`) walks one of these newest first, chosen by the filters it has
-- (`INDEXED BY` in store/search.rs), and never reads more than its bound of rows per request.
CREATE INDEX reviews_search_all ON reviews (tenant_id, created_at DESC, id DESC);
CREATE INDEX reviews_search_stage ON reviews (tenant_id, stage, created_at DESC, id DESC);
CREATE INDEX reviews_search_product ON reviews (tenant_id, product_id, created_at DESC, id DESC);
CREATE INDEX reviews_search_product_stage ON reviews (tenant_id, product_id, stage, created_at DESC, id DESC);

-- Firm responses by status, oldest first (`GET /v1/admin/responses?status=pending`).
CREATE INDEX firm_responses_by_status ON firm_responses (tenant_id, status, drafted_at, id);
