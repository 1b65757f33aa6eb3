-- Tenant settings edited by the admin (locales, theme, captcha, aggregate rule, SLA targets, webhook, JSON-LD) as one
-- JSON document validated by candor_domain::settings; allowed origins stay in tenants.allowed_origins.

CREATE TABLE tenant_settings (
  tenant_id  TEXT PRIMARY KEY REFERENCES tenants(id),
  settings   TEXT NOT NULL CHECK (json_valid(settings)),
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
