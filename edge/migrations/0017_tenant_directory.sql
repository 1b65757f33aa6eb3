-- Which D1 database holds each tenant (docs/decisions/0032-tenant-databases.md). Read only in the home database
-- (binding DB); a tenant without a row lives there. `moving_to` is set while `cargo xtask tenant move` copies the
-- tenant: its writes are then refused with 503 tenant_moving.
CREATE TABLE tenant_directory (
  tenant_id    TEXT PRIMARY KEY CHECK (length(tenant_id) BETWEEN 1 AND 64),
  binding      TEXT NOT NULL CHECK (length(binding) BETWEEN 1 AND 64),
  moving_to    TEXT CHECK (moving_to IS NULL OR length(moving_to) BETWEEN 1 AND 64),
  moving_since INTEGER,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX tenant_directory_by_binding ON tenant_directory (binding);

-- In the database a tenant left: the binding it moved to and when. Its rows stay (the archive is never deleted) but
-- no request reads them: the directory sends the tenant's requests to its new database.
ALTER TABLE tenants ADD COLUMN moved_to TEXT;
ALTER TABLE tenants ADD COLUMN moved_at INTEGER;
-- The webhook sweep leaves a moved tenant's old outbox rows alone.
CREATE INDEX tenants_moved ON tenants (moved_to, id) WHERE moved_to IS NOT NULL;
