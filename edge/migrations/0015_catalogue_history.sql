-- Which archive rows changed which catalogue item, so that the console can show an item's history (who, when,
-- what) without reading the whole archive. One row per catalogue change, written in the batch of the change right
-- after its archive row, pointing at that row; the archive row itself (hashed and chained) stays the record. Changes
-- made before this table existed are in the archive but not listed here. Append-only, like the archive.
CREATE TABLE catalogue_history (
  tenant_id  TEXT NOT NULL,
  subject    TEXT NOT NULL CHECK (subject IN ('product_line', 'product', 'attribute')),
  item       TEXT NOT NULL,
  audit_seq  INTEGER NOT NULL REFERENCES audit_log (seq),
  PRIMARY KEY (tenant_id, subject, item, audit_seq)
);

CREATE TRIGGER catalogue_history_refuses_update BEFORE UPDATE ON catalogue_history
BEGIN
  SELECT RAISE(ABORT, 'catalogue_history is append-only');
END;

CREATE TRIGGER catalogue_history_refuses_delete BEFORE DELETE ON catalogue_history
BEGIN
  SELECT RAISE(ABORT, 'catalogue_history is append-only');
END;
