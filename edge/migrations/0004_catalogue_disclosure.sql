-- Catalogue changes by staff (attributes can be archived like lines and products) and the versioned disclosure.
-- Nothing with reviews is ever deleted: archive flags only.

ALTER TABLE attributes ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));

-- Each change of the disclosure is a new version; the newest one is shown, and summaries name it.
CREATE TABLE disclosures (
  tenant_id  TEXT NOT NULL REFERENCES tenants(id),
  version    INTEGER NOT NULL CHECK (version >= 1),
  text_en    TEXT NOT NULL CHECK (length(text_en) BETWEEN 1 AND 2000),
  text_zh    TEXT CHECK (text_zh IS NULL OR length(text_zh) BETWEEN 1 AND 2000),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, version)
);
