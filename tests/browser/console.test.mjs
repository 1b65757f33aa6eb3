// The staff console in Chromium against the real local edge, three different people signed in through the local
// Cloudflare Access stand-in (`CANDOR_ACCESS_URL`): a review goes screening → compliance → owner in the console and
// then shows in the widget; a moderator cannot reach owner actions (and the edge refuses them anyway); compliance
// exports the archive with one row per decision; an erasure removes the contact e-mail everywhere while the chain
// check stays intact; axe-core finds no violation on any console page at 1280 px.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { useBrowser, require, DESKTOP, EDGE, ACCESS, screenshot, waitInteractive, signIn as signInAs } from "./support.mjs";
import { createTenant, enableConsole } from "./tenant.mjs";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const browser = useBrowser();
let tenant;

/** Registers the tenant's people with the stand-in (the identity provider's directory) under the tenant's audience. */
before(async () => {
  tenant = await createTenant();
  await enableConsole(tenant, ["moderator", "compliance", "owner", "admin"]);
});

/** A signed-in console page of `role`: the Access sign-in page, the person's button, back to the console. */
function signIn(role, hash = "") {
  return signInAs(browser(), `${role}@${tenant.id}.test`, hash);
}

/** A review from a visitor that screening holds for a moderator (an e-mail address in the text). */
async function heldReview(title, extra = {}) {
  const response = await fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": randomBytes(8).toString("hex") },
    body: JSON.stringify({
      rating: 4,
      attributes: { fees: 4 },
      would_recommend: true,
      title,
      body: "Clear fees and friendly staff; write to me at reader@example.org if you want details.",
      nickname: "Reader",
      relationship: "client",
      incentive: "none",
      locale: "en",
      contact_consent: false,
      terms_accepted: true,
      ...extra,
    }),
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text).id;
}

/** Opens the review from `queue` with the keyboard and takes the default decision with `a`. */
async function approveFromQueue(role, queue, title) {
  const { context, page, errors } = await signIn(role, `#/queue/${queue}`);
  const row = page.locator("table.queue a", { hasText: title });
  await row.waitFor({ timeout: 20_000 });
  await row.focus();
  await page.keyboard.press("Enter");
  await page.locator("#review-title").waitFor();
  await page.locator("section.decide").waitFor();
  await page.keyboard.press("a");
  await page.locator("[role=status]", { hasText: /Decision recorded/ }).waitFor({ timeout: 20_000 });
  assert.deepEqual(errors, []);
  return { context, page };
}

test("a review goes screening → compliance → owner in the console and then shows in the widget", async () => {
  const title = `Console path ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title);
  const moderator = await approveFromQueue("moderator", "screening", title);
  assert.ok(await moderator.page.locator("mark", { hasText: "reader@example.org" }).count(), "the finding is marked at its span");
  await moderator.context.close();
  (await approveFromQueue("compliance", "compliance_review", title)).context.close();
  const owner = await approveFromQueue("owner", "owner_review", title);
  await owner.context.close();
  const record = await tenant.staff("owner", "GET", `/v1/admin/reviews/${id}`);
  assert.equal(record.json.stage, "published");

  const context = await browser().newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(tenant.page("en"));
  await waitInteractive(page);
  const widget = page.locator(".candor-widget");
  await widget.getByText(title).first().waitFor({ timeout: 20_000 });
  await context.close();
});

test("a moderator cannot reach owner actions: no decision form at the owner's stage, no archive, and the edge refuses", async () => {
  const title = `Owner only ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title);
  for (const [role, decision] of [["moderator", "pass"], ["compliance", "approve"]]) {
    const answer = await tenant.staff(role, "POST", `/v1/admin/reviews/${id}/decisions`, { decision });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
  }
  const { context, page } = await signIn("moderator", `#/review/${id}`);
  await page.locator("#review-title").waitFor();
  assert.equal(await page.locator("section.decide").count(), 0, "no decision form for a stage that is not the moderator's");
  await page.getByText("This review waits for another role").waitFor();
  assert.equal(await page.locator("nav a", { hasText: "Archive" }).count(), 0, "no archive in a moderator's navigation");
  // What the console does not offer, the edge refuses: the same request from the moderator's signed-in page.
  const refused = await page.evaluate(async (id) => {
    const response = await fetch(`/v1/admin/reviews/${id}/decisions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ decision: "approve" }),
    });
    return { status: response.status, body: await response.json() };
  }, id);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  const archive = await page.evaluate(async () => (await fetch("/v1/admin/audit?format=csv")).status);
  assert.equal(archive, 403);
  await context.close();
});

test("compliance exports the archive from the console: the CSV has one row per archived decision", async () => {
  const title = `Exported ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title);
  const passed = await tenant.staff("moderator", "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "pass" });
  assert.equal(passed.status, 200);
  const { context, page } = await signIn("compliance", "#/archive");
  await page.locator("table.trail tbody tr").first().waitFor({ timeout: 20_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const trail = await tenant.staff("compliance", "GET", `/v1/admin/reviews/${id}/audit`);
  const decisions = trail.json.entries.length;
  const rows = csv.trim().split("\n").filter((line) => line.includes(id));
  assert.equal(rows.length, decisions, `one CSV row per archived decision of the review (${decisions})`);
  assert.ok(decisions >= 2, "submission/screening and the moderator's pass are archived");
  await context.close();
});

test("a case's status and assignee change on the escalations page, on the version shown", async () => {
  const title = `Case ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title);
  const opened = await tenant.staff("compliance", "POST", `/v1/admin/reviews/${id}/escalations`, {});
  assert.equal(opened.status, 201, JSON.stringify(opened.json));
  const { context, page } = await signIn("compliance", "#/escalations");
  const row = page.locator(`tr[data-case="${opened.json.id}"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.locator("select").selectOption("in_progress");
  await row.locator("input").fill("Dana at the service desk");
  await row.getByRole("button", { name: "Save" }).click();
  await page.locator(`tr[data-case="${opened.json.id}"] select`).waitFor();
  let stored;
  for (let attempt = 0; attempt < 50; attempt++) {
    stored = (await tenant.staff("compliance", "GET", "/v1/admin/escalations")).json.items.find((c) => c.id === opened.json.id);
    if (stored.status === "in_progress") break;
    await page.waitForTimeout(100);
  }
  assert.equal(stored.status, "in_progress");
  assert.equal(stored.assignee, "Dana at the service desk");
  assert.equal(stored.version, opened.json.version + 1);
  await context.close();
});

test("axe-core finds no violation on any console page at 1280 px", async () => {
  const { AxeBuilder } = require("@axe-core/playwright");
  const title = `Audited ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title);
  const { context, page } = await signIn("compliance", "#/queue/compliance_review");
  const pages = [
    ["queue", "#/queue/screening", "table.queue, .empty"],
    ["review", `#/review/${id}`, "#review-title"],
    ["archive", "#/archive", "table.trail, .empty"],
    ["escalations", "#/escalations", "main table, .empty"],
    ["reviews", "#/reviews", "table.search, .empty"],
    ["responses", "#/responses", "ul.plain, .empty"],
  ];
  for (const [name, hash, ready] of pages) {
    await page.goto(`${ACCESS}/console/${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], name);
    await screenshot(page, `console-${name}`);
  }
  await page.keyboard.press("?");
  await page.locator("[role=dialog]").waitFor();
  const help = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  assert.deepEqual(help.violations.map((v) => v.id), [], "help overlay");
  await context.close();
});

test("an erasure removes the contact e-mail everywhere while the chain check in the browser stays intact", async () => {
  const email = `erase-${randomBytes(3).toString("hex")}@example.org`;
  const title = `Erasable ${randomBytes(3).toString("hex")}`;
  const id = await heldReview(title, { contact_email: email, contact_consent: true });
  const { context, page } = await signIn("compliance", `#/review/${id}`);
  await page.getByRole("button", { name: "Show the contact e-mail" }).click();
  await page.locator("[data-contact=shown]", { hasText: email }).waitFor({ timeout: 20_000 });
  await page.getByLabel("Who asked, and how").fill("The reviewer, by e-mail to privacy@, today");
  await page.getByRole("button", { name: "Erase the e-mail" }).click();
  await page.locator("[data-contact=erased]").waitFor({ timeout: 20_000 });
  // Gone from the contact endpoint, the record and both exports; the archive says who erased it and who asked.
  const contact = await tenant.staff("owner", "GET", `/v1/admin/reviews/${id}/contact`);
  assert.equal(contact.json.email, null);
  assert.ok(contact.json.erased_at > 0);
  const record = await tenant.staff("owner", "GET", `/v1/admin/reviews/${id}`);
  assert.equal(record.json.has_contact, false);
  assert.ok(!JSON.stringify(record.json).includes(email));
  for (const format of ["csv", "ndjson"]) {
    const exported = await page.evaluate(async (format) => (await fetch(`/v1/admin/audit?format=${format}`)).text(), format);
    assert.ok(!exported.includes(email), `${format} export does not hold the e-mail`);
    assert.ok(exported.includes("contact_erased"), `${format} export archives the erasure`);
  }
  // The chain, recomputed in the browser over the whole archive, is intact after the erasure.
  await page.goto(`${ACCESS}/console/#/archive`);
  await page.locator("#from").fill("2000-01-01");
  await page.getByRole("button", { name: "Show" }).click();
  await page.locator("table.trail tbody tr").first().waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "Check the chain" }).click();
  await page.locator("[data-chain=intact]").waitFor({ timeout: 20_000 });
  await context.close();
});
