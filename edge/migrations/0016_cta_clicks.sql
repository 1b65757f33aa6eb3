-- Clicks on a product's call to action, counted by `GET /v1/t/{tenant}/products/{product}/cta` before it redirects
-- to the catalogue's URL: one row per tenant, product and UTC day (days since the epoch), incremented by an upsert.
-- No visitor, address or hash is stored: only the count. Read by the analytics (`clicks` per week or month).
CREATE TABLE cta_clicks (
  tenant_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  day INTEGER NOT NULL CHECK (day >= 0),
  clicks INTEGER NOT NULL CHECK (clicks >= 1),
  PRIMARY KEY (tenant_id, product_id, day),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
