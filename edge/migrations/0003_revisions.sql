-- Revisions after a fixable rejection: the revised text is a new review (text is never edited), linked both ways.
-- A rejected review is superseded at most once; four-eyes follows the links.

ALTER TABLE reviews ADD COLUMN revision_of TEXT;
ALTER TABLE reviews ADD COLUMN superseded_by TEXT;
CREATE UNIQUE INDEX reviews_one_revision ON reviews (tenant_id, revision_of);
