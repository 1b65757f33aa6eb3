-- A product's call to action ("Open a Roth IRA"): the JSON of `candor_domain::catalogue::ProductCta` (a URL on one of
-- the tenant's allowed origins and a label per locale), written by the marketer's product PATCH with its archive row
-- and validated by the domain rule before it is stored; NULL when the product has none. Shown under the summary.
ALTER TABLE products ADD COLUMN cta TEXT CHECK (cta IS NULL OR (json_valid(cta) AND length(cta) <= 4096));
