// The admin's console pages in Chromium against the real local edge, people signed in through the local Cloudflare
// Access stand-in (`CANDOR_ACCESS_URL`): a person an admin adds in the console signs in with that role and nothing
// more (the admin pages answer the 403 message, the API refuses their session); granting compliance shows a notice
// to a second admin; a token issued in the console is shown once, works against the API and stops working when
// revoked; a settings field the domain refuses is shown next to its field before any request, a valid change is
// saved and read back; axe-core finds no violation on the people, tokens and settings pages at 1280 px.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { useBrowser, require, DESKTOP, PHONE, EDGE, ACCESS, screenshot, signIn as signInAs } from "./support.mjs";
import { createTenant, enableConsole, knownToAccess as knownTo } from "./tenant.mjs";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const DOCS = process.env.CANDOR_DOCS_SCREENSHOTS || process.env.CANDOR_SCREENSHOTS;

const browser = useBrowser();
let tenant;

/** Lets `email` sign in through the Access stand-in (the firm's identity provider knows them). */
const knownToAccess = (email, name) => knownTo(tenant, email, name);

before(async () => {
  tenant = await createTenant();
  await enableConsole(tenant, ["admin"]);
});

/** A signed-in console page of the person with `email` at `hash`, at `viewport`. */
function signIn(email, hash, viewport = DESKTOP) {
  return signInAs(browser(), email, hash, { viewport });
}

const adminEmail = () => `admin@${tenant.id}.test`;

/** A review that screening holds for a moderator (an e-mail address in the text). */
async function heldReview(title) {
  const response = await fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": randomBytes(8).toString("hex") },
    body: JSON.stringify({
      rating: 4, attributes: { fees: 4 }, would_recommend: true, title,
      body: "Clear fees and friendly staff; write to me at reader@example.org if you want details.",
      nickname: "Reader", relationship: "client", incentive: "none", locale: "en", contact_consent: false, terms_accepted: true,
    }),
  });
  assert.equal(response.status, 202, await response.text());
}

test("an admin adds a moderator in the console: they sign in through Access to the moderator console and nothing more", async () => {
  const email = `new-moderator@${tenant.id}.test`;
  const title = `Held for the new moderator ${randomBytes(3).toString("hex")}`;
  await heldReview(title);
  const admin = await signIn(adminEmail(), "#/people");
  const form = admin.page.locator("form", { has: admin.page.locator("#person-email") });
  await form.waitFor({ timeout: 20_000 });
  // The domain's check runs before anything is sent.
  await form.locator("#person-email").fill("not-an-address");
  await form.locator("#person-name").fill("New Moderator");
  await form.getByRole("button", { name: "Add" }).click();
  await admin.page.locator("#person-email-problem", { hasText: "Give one e-mail address" }).waitFor();
  assert.equal(await form.locator("#person-email").getAttribute("aria-invalid"), "true");
  await form.locator("#person-email").fill(email);
  assert.equal(await form.locator("#person-role").inputValue(), "moderator");
  await form.getByRole("button", { name: "Add" }).click();
  const row = admin.page.locator(`tr[data-person="${email}"]`);
  await row.waitFor({ timeout: 20_000 });
  assert.equal(await row.getAttribute("data-active"), "true");
  assert.equal(await row.locator("select").inputValue(), "moderator");
  assert.deepEqual(admin.errors, []);
  await admin.context.close();

  await knownToAccess(email, "New Moderator");
  const moderator = await signIn(email, "");
  const { page, errors } = moderator;
  await page.locator(".who .role", { hasText: "moderator" }).waitFor();
  await page.locator("table.queue a", { hasText: title }).waitFor({ timeout: 20_000 });
  for (const hidden of ["#/people", "#/tokens", "#/settings"]) {
    assert.equal(await page.locator(`header nav a[href="${hidden}"]`).count(), 0, `no link to ${hidden}`);
  }
  for (const hash of ["#/people", "#/tokens", "#/settings"]) {
    await page.goto(`${ACCESS}/console/${hash}`);
    const refused = page.locator('[data-refused="403"]');
    await refused.waitFor({ timeout: 20_000 });
    assert.match(await refused.innerText(), /Your role cannot open this page/, hash);
  }
  const direct = await page.evaluate(async () => {
    const read = await fetch("/v1/admin/people");
    const write = await fetch("/v1/admin/settings", { method: "PUT", headers: { "Content-Type": "application/json" }, body: "{}" });
    return [read.status, write.status];
  });
  assert.deepEqual(direct, [403, 403]);
  assert.deepEqual(errors, []);
  await moderator.context.close();
});

test("an admin grants compliance in the console and the notice shows to a second admin", async () => {
  const suffix = randomBytes(2).toString("hex");
  const grantee = await tenant.staff("admin", "POST", "/v1/admin/people", {
    email: `grantee-${suffix}@${tenant.id}.test`, display_name: `Grantee ${suffix}`, role: "moderator",
  });
  assert.equal(grantee.status, 201);
  const second = `second-admin-${suffix}@${tenant.id}.test`;
  assert.equal((await tenant.staff("admin", "POST", "/v1/admin/people", { email: second, display_name: "Second Admin", role: "admin" })).status, 201);
  await knownToAccess(second, "Second Admin");

  const first = await signIn(adminEmail(), "#/people");
  const row = first.page.locator(`tr[data-person="grantee-${suffix}@${tenant.id}.test"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.locator("select").selectOption("compliance");
  await row.getByRole("button", { name: "Change role" }).click();
  await first.page.locator(`tr[data-person="grantee-${suffix}@${tenant.id}.test"] select`).waitFor();
  await first.page.waitForFunction(
    (email) => document.querySelector(`tr[data-person="${email}"] select`)?.value === "compliance"
      && document.querySelector(`tr[data-person="${email}"] [data-action="change-role"]`)?.disabled,
    `grantee-${suffix}@${tenant.id}.test`, { timeout: 20_000 });
  const stored = await tenant.staff("admin", "GET", "/v1/admin/people");
  assert.equal(stored.json.people.find((p) => p.id === grantee.json.id).role, "compliance");
  assert.deepEqual(first.errors, []);
  await first.context.close();

  const other = await signIn(second, "#/people");
  const newest = other.page.locator("section.notices li").first();
  await newest.waitFor({ timeout: 20_000 });
  const text = await newest.innerText();
  assert.match(text, new RegExp(`Grantee ${suffix}`));
  assert.match(text, /was granted\s+compliance/);
  assert.match(text, /by Browser admin/);
  const count = stored.json.notices.length;
  assert.equal(await other.page.locator("section.notices li").count(), count);
  const badge = other.page.locator('header nav [data-notices]');
  await badge.waitFor({ timeout: 20_000 });
  assert.equal(await badge.getAttribute("data-notices"), String(count));
  assert.deepEqual(other.errors, []);
  await other.context.close();
});

test("a token issued in the console is shown once, works against the API and is refused once revoked", async () => {
  const { context, page, errors } = await signIn(adminEmail(), "#/tokens");
  const form = page.locator("form", { has: page.locator("#token-person") });
  await form.waitFor({ timeout: 20_000 });
  await form.locator("#token-person").selectOption({ label: `Browser moderator · moderator@${tenant.id}.test · moderator` });
  await form.locator("#token-days").fill("2");
  await form.getByRole("button", { name: "Issue" }).click();
  const shown = page.locator("[data-issued]");
  await shown.waitFor({ timeout: 20_000 });
  await shown.getByText("it will not be shown again").waitFor();
  const token = (await shown.locator("code[data-snippet=token]").innerText()).trim();
  const id = await shown.getAttribute("data-issued");
  const me = async () => fetch(`${EDGE}/v1/admin/me`, { headers: { Authorization: `Bearer ${token}` } });
  const answer = await me();
  assert.equal(answer.status, 200);
  assert.equal((await answer.json()).role, "moderator");

  const row = page.locator(`tr[data-token="${id}"]`);
  await row.waitFor({ timeout: 20_000 });
  assert.equal(await row.getAttribute("data-status"), "active");
  await page.reload();
  await page.locator(`tr[data-token="${id}"]`).waitFor({ timeout: 20_000 });
  assert.equal(await page.getByText(token).count(), 0, "the token text is not shown again");

  await page.locator(`tr[data-token="${id}"]`).getByRole("button", { name: "Revoke" }).click();
  await page.locator(`tr[data-token="${id}"]`).getByText("Revoke this token?").waitFor();
  await page.locator(`tr[data-token="${id}"]`).getByRole("button", { name: "Yes, revoke" }).click();
  await page.locator(`tr[data-token="${id}"][data-status="revoked"]`).waitFor({ timeout: 20_000 });
  assert.equal((await me()).status, 401);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a settings value the domain refuses shows next to its field before any request; a valid change is saved and read back", async () => {
  const before = (await tenant.staff("admin", "GET", "/v1/admin/settings")).json;
  const { context, page, errors } = await signIn(adminEmail(), "#/settings");
  const origins = page.locator("#settings-origins");
  await origins.waitFor({ timeout: 20_000 });
  assert.equal(await origins.inputValue(), before.allowed_origins.join("\n"));
  const puts = [];
  page.on("request", (request) => {
    if (request.method() === "PUT" && request.url().includes("/v1/admin/settings")) puts.push(request.url());
  });
  await origins.fill(`${before.allowed_origins.join("\n")}\nftp://x`);
  await page.locator("#settings-sla-hours-screening").fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.locator("#settings-origins-problem", { hasText: "ftp://x: Not an origin" }).waitFor();
  assert.equal(await origins.getAttribute("aria-invalid"), "true");
  assert.equal(await origins.getAttribute("aria-describedby"), "settings-origins-hint settings-origins-problem");
  await page.locator("#settings-sla-hours-screening-problem", { hasText: "1 to 720" }).waitFor();
  await page.locator("[role=alert]", { hasText: "nothing was sent" }).waitFor();
  assert.deepEqual(puts, [], "nothing was sent");
  assert.deepEqual((await tenant.staff("admin", "GET", "/v1/admin/settings")).json, before, "nothing was saved");

  await origins.fill(`${before.allowed_origins.join("\n")}\nhttps://shop.example`);
  await page.locator("#settings-sla-hours-screening").fill("6");
  await page.getByRole("button", { name: "Add a row" }).click();
  await page.locator('tr[data-theme-row] input[data-field="theme-key"]').last().fill("accent");
  await page.locator('tr[data-theme-row] input[data-field="theme-value"]').last().fill("#0a5f38");
  const swatch = await page.locator("tr[data-theme-row] .swatch").last().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(swatch, "rgb(10, 95, 56)");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.locator("[role=status]", { hasText: "Saved." }).waitFor({ timeout: 20_000 });
  assert.equal(puts.length, 1);
  assert.equal(await origins.getAttribute("aria-invalid"), null);
  const after = (await tenant.staff("admin", "GET", "/v1/admin/settings")).json;
  assert.deepEqual(after.allowed_origins, [...before.allowed_origins, "https://shop.example"]);
  assert.equal(after.sla_hours.screening, 6);
  assert.equal(after.theme.accent, "#0a5f38");
  assert.equal(after.access_audience, tenant.audience, "the fields left alone are sent back unchanged");
  await page.reload();
  await page.locator("#settings-sla-hours-screening").waitFor({ timeout: 20_000 });
  assert.equal(await page.locator("#settings-sla-hours-screening").inputValue(), "6");

  await page.getByRole("button", { name: "Rotate the secret" }).click();
  const secret = page.locator("code[data-snippet=secret]");
  await secret.waitFor({ timeout: 20_000 });
  assert.match(await secret.innerText(), /^whsec_[0-9a-f]{64}$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("axe-core finds no violation on the people, tokens and settings pages at 1280 px", async () => {
  const { AxeBuilder } = require("@axe-core/playwright");
  const { context, page } = await signIn(adminEmail(), "#/people");
  const pages = [
    ["people", "#/people", "section.notices"],
    ["tokens", "#/tokens", "#token-person"],
    ["settings", "#/settings", "#settings-origins"],
  ];
  if (DOCS) mkdirSync(DOCS, { recursive: true });
  for (const [name, hash, ready] of pages) {
    await page.goto(`${ACCESS}/console/${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], name);
    if (DOCS) await page.screenshot({ path: join(DOCS, `console-${name}.png`), fullPage: true });
  }
  await context.close();
  // The phone view, for people who look (CANDOR_SCREENSHOTS).
  const phone = await signIn(adminEmail(), "#/people", PHONE);
  for (const [name, hash, ready] of pages) {
    await phone.page.goto(`${ACCESS}/console/${hash}`);
    await phone.page.locator(ready).first().waitFor({ timeout: 20_000 });
    await screenshot(phone.page, `console-${name}-phone`);
  }
  await phone.context.close();
});
