// Browser-suite tenants of their own (as the API suite's fixture makes them): a tenant with one product and one
// person per role with a token, created through the operator API and the admin and marketer APIs of the running
// edge (never SQL beside it), a host page that embeds its widget, served by a small local server on another
// loopback port (an allowed origin of the tenant), and staff calls through the public staff API.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { EDGE, ACCESS, frameStoredReview } from "./support.mjs";

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

/** One JSON call to the edge; throws unless it answers `expected`. */
async function call(method, path, authorization, body, expected) {
  const response = await fetch(EDGE + path, {
    method,
    headers: { Authorization: authorization, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  if (response.status !== expected) {
    throw new Error(`${method} ${path} answered ${response.status}, not ${expected}: ${JSON.stringify(json)}`);
  }
  return json;
}

/** A fresh tenant `{ id, product, origin, page(locale), staff(role, method, path, body) }` named `name`; its host
 * pages' origin (and `origins`) may write and frame the visitor's status frame. */
export async function createTenant({ origins = [], name = "Browser Bank" } = {}) {
  const origin = await hostServer();
  const key = process.env.CANDOR_PLATFORM_KEY;
  if (!key) throw new Error("CANDOR_PLATFORM_KEY is not set: run the browser suite through `cargo xtask test`");
  // Letters only: review texts carry the id to stay unique, and the screener holds a run of digits as a possible
  // account or phone number (a hex id like b-8a1234567890 once held a review at screening and broke a test).
  const id = `b-${randomBytes(6).toString("hex").replace(/[0-9]/g, (digit) => "ghijklmnop"[digit])}`;
  // One writer: the tenant and its first admin come from the operator API, everything else from the admin and
  // marketer APIs of the running edge; never SQL beside it.
  const created = await call(
    "POST",
    "/v1/platform/tenants",
    `Bearer ${key}`,
    {
      id,
      name,
      allowed_origins: [origin, ...origins],
      first_admin: { email: `admin@${id}.test`, display_name: "Browser admin" },
    },
    201,
  );
  const tokens = { admin: created.token.token };
  const asAdmin = `Bearer ${tokens.admin}`;
  for (const role of ROLES.filter((role) => role !== "admin")) {
    const person = await call(
      "POST",
      "/v1/admin/people",
      asAdmin,
      { email: `${role}@${id}.test`, display_name: `Browser ${role}`, role },
      201,
    );
    const issued = await call("POST", "/v1/admin/tokens", asAdmin, { person_id: person.id, expires_in_days: 1 }, 201);
    tokens[role] = issued.token;
  }
  const asMarketer = `Bearer ${tokens.marketer}`;
  await call("POST", "/v1/admin/product-lines", asMarketer, { id: "savings-line", name: "Savings" }, 201);
  await call("POST", "/v1/admin/products", asMarketer, { id: "savings", line_id: "savings-line", name: "Savings Account" }, 201);
  await call(
    "POST",
    "/v1/admin/attributes",
    asMarketer,
    { product: "savings", key: "fees", label_en: "Fees", label_zh: "费用", position: 1 },
    201,
  );
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

/** Lets `email` (named `name`) sign in to the tenant's console through the Access stand-in (the identity provider's
 * directory), under the tenant's Access audience. */
export async function knownToAccess(tenant, email, name) {
  const form = new URLSearchParams({ email, name, aud: tenant.audience });
  const response = await fetch(`${ACCESS}/cdn-cgi/access/people`, { method: "POST", body: form });
  if (response.status !== 201) throw new Error(`the Access stand-in answered ${response.status}: ${await response.text()}`);
}

/** Gives the tenant an Access audience (`aud-<id>`, in its settings and as `tenant.audience`) and lets each of
 * `roles`' people (`<role>@<tenant>.test`) sign in to its console. */
export async function enableConsole(tenant, roles) {
  tenant.audience = `aud-${tenant.id}`;
  const settings = await tenant.staff("admin", "GET", "/v1/admin/settings");
  if (settings.status !== 200) throw new Error(`settings answered ${settings.status}`);
  const put = await tenant.staff("admin", "PUT", "/v1/admin/settings", { ...settings.json, access_audience: tenant.audience });
  if (put.status !== 200) throw new Error(`saving the settings answered ${put.status}: ${JSON.stringify(put.json)}`);
  for (const role of roles) await knownToAccess(tenant, `${role}@${tenant.id}.test`, `Browser ${role}`);
}

/** The `{id, token}` of the review the widget sent for the tenant's product, kept by its status frame. */
export async function storedReview(page, tenant) {
  return frameStoredReview(page, tenant.id, tenant.product);
}

/** The stage of a review through the public status endpoint. */
export async function stageOf(tenant, review) {
  const response = await fetch(`${EDGE}/v1/t/${tenant.id}/reviews/${review.id}/status`, {
    headers: { Authorization: `Bearer ${review.token}` },
  });
  return (await response.json()).stage;
}

/** Sends one review of the tenant's product through the public API and approves it at both staff stages; its id. */
export async function publishReview(tenant, { rating = 4, title = "Clear and cheap", body, nickname = "Reviewer" } = {}) {
  const submitted = await fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": `pub-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({
      rating, attributes: { fees: rating }, would_recommend: rating > 2, title,
      body: body ?? `The fees are low and the ${tenant.id} app explains every charge clearly.`,
      nickname, relationship: "client", incentive: "none", locale: "en", terms_accepted: true,
    }),
  });
  if (submitted.status !== 202) throw new Error(`submission answered ${submitted.status}`);
  const { id } = await submitted.json();
  for (const role of ["compliance", "owner"]) {
    const decided = await tenant.staff(role, "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "approve" });
    if (decided.status !== 200) throw new Error(`${role} approval answered ${decided.status}: ${JSON.stringify(decided.json)}`);
  }
  return id;
}
