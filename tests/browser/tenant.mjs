// Browser-suite tenants of their own (as the API suite's fixture makes them): a tenant with one product and one staff
// token per role, inserted with SQL on the edge's local D1 (only token hashes are stored), a host page that embeds
// its widget, served by a small local server on another loopback port (an allowed origin of the tenant), and staff
// calls through the public staff API.
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { EDGE, d1 } from "./support.mjs";

let hostOrigin;

/** Starts (once per test file) the server of the host pages: `/host/<tenant>/<locale>` embeds that tenant's widget. */
export async function hostServer() {
  if (hostOrigin) return hostOrigin;
  const server = createServer((request, response) => {
    const [, , tenant, locale] = new URL(request.url, "http://x").pathname.split("/");
    const html =
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>Host page</title></head><body>` +
      `<h1>Savings</h1><script async src="${EDGE}/v1/widget.js" data-tenant="${tenant}" data-product="savings" data-locale="${locale}"></script>` +
      `</body></html>`;
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  hostOrigin = `http://127.0.0.1:${server.address().port}`;
  return hostOrigin;
}

const ROLES = ["moderator", "compliance", "owner", "admin", "marketer"];
const DAY_MS = 86_400_000;

/** A fresh tenant `{ id, product, origin, page(locale), staff(role, method, path, body) }`; its host pages' origin may write. */
export async function createTenant() {
  const origin = await hostServer();
  const id = `b-${randomBytes(6).toString("hex")}`;
  const now = Date.now();
  const tokens = {};
  let sql =
    `INSERT INTO tenants (id, name, allowed_origins, created_at) VALUES ('${id}', 'Browser Bank', '["${origin}"]', ${now});` +
    `INSERT INTO product_lines (tenant_id, id, name, visible) VALUES ('${id}', 'savings-line', 'Savings', 1);` +
    `INSERT INTO products (tenant_id, id, line_id, name) VALUES ('${id}', 'savings', 'savings-line', 'Savings Account');` +
    `INSERT INTO attributes (tenant_id, product_id, key, label_en, label_zh, position) VALUES ('${id}', 'savings', 'fees', 'Fees', '费用', 1);`;
  for (const role of ROLES) {
    const token = `cst_${randomBytes(32).toString("hex")}`;
    const hash = createHash("sha256").update(token).digest("hex");
    sql +=
      `INSERT INTO staff_tokens (tenant_id, id, token_hash, role, person, created_at, expires_at) ` +
      `VALUES ('${id}', '${role}-1', '${hash}', '${role}', 'Browser ${role}', ${now - DAY_MS}, ${now + DAY_MS});`;
    tokens[role] = token;
  }
  if (!d1(sql)) throw new Error("CANDOR_D1_STATE is not set: run the browser suite through `cargo xtask test`");
  return {
    id,
    product: "savings",
    origin,
    /** The host page that embeds this tenant's widget in `locale`. */
    page: (locale = "en") => `${origin}/host/${id}/${locale}`,
    /** A staff call as `role`; resolves with `{ status, json }`. */
    async staff(role, method, path, body) {
      const response = await fetch(EDGE + path, {
        method,
        headers: { Authorization: `Bearer ${tokens[role]}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
  };
}

/** The `{id, token}` of the review the widget stored for the tenant's product in this page's localStorage. */
export async function storedReview(page, tenant) {
  const value = await page.evaluate((key) => localStorage.getItem(key), `candor:${tenant.id}:${tenant.product}:status`);
  if (!value) return null;
  const [id, token] = value.split(":");
  return { id, token };
}

/** The stage of a review through the public status endpoint. */
export async function stageOf(tenant, review) {
  const response = await fetch(`${EDGE}/v1/t/${tenant.id}/reviews/${review.id}/status`, {
    headers: { Authorization: `Bearer ${review.token}` },
  });
  return (await response.json()).stage;
}
