-- Cloudflare Access: each tenant's Access application audience (AUD tag), so the edge finds the tenant of an
-- assertion with one indexed lookup. The settings PUT writes it in the same batch as the settings document (which
-- holds the same value for the admin to read). UNIQUE: one audience names one tenant; NULL (no Access application,
-- tokens only) may repeat.
ALTER TABLE tenants ADD COLUMN access_audience TEXT CHECK (access_audience IS NULL OR length(access_audience) BETWEEN 1 AND 128);
CREATE UNIQUE INDEX tenants_by_access_audience ON tenants (access_audience);
