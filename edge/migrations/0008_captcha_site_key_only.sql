-- Captcha settings name only the tenant's Turnstile site key from now on: the script and verify URLs are Worker
-- configuration (TURNSTILE_SCRIPT_URL, TURNSTILE_VERIFY_URL), because the Worker sends its Turnstile secret to the
-- verify URL. Stored settings written before drop the two URLs, so they parse under the strict settings type.
-- (The archive keeps the old settings documents as they were decided: audit_log is append-only.)

UPDATE tenant_settings
SET settings = json_remove(settings, '$.captcha.script_url', '$.captcha.verify_url')
WHERE json_type(settings, '$.captcha') = 'object';
