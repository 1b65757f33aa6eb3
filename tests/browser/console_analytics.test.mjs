// The analytics and neutrality pages of the console in Chromium against the real local edge, people signed in
// through the local Cloudflare Access stand-in (`CANDOR_ACCESS_URL`). A tenant of its own gets a small workload
// through the public and staff APIs, each submission and call-to-action click at a chosen instant through the test
// clock (`X-Candor-Test-Clock`): the analytics chart (its marks' data attributes) and table agree with the API's
// numbers, the CSV download has the table's rows, the comparison shows both periods' totals; the neutrality page
// shows the warning the workload was built to trigger and the reading sentence, and the edge's refusal to a
// moderator as a sentence; axe-core finds no violation on either page at 1280 px (screenshots for docs/ with
// CANDOR_DOCS_SCREENSHOTS, at 1280 and 375 px).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, require, DESKTOP, PHONE, EDGE, ACCESS, signIn as signInAs } from "./support.mjs";
import { createTenant, enableConsole } from "./tenant.mjs";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const DOCS = process.env.CANDOR_DOCS_SCREENSHOTS || process.env.CANDOR_SCREENSHOTS;
const CLOCK = "X-Candor-Test-Clock";
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 2026-03-02, a Monday (ISO week 2026-W10), 00:00 UTC. */
const MONDAY_W10 = Date.UTC(2026, 2, 2);
/** The first period: W10 to W12; the second: W13 to W15 (`to` exclusive). */
const FIRST = { from: "2026-03-02", to: "2026-03-23" };
const SECOND = { from: "2026-03-23", to: "2026-04-13" };

const browser = useBrowser();
let tenant;

/** Sends `request()` again while the edge answers 429 (the visitor limit: every call of this file comes from one address). */
async function unlimited(request) {
  for (;;) {
    const response = await request();
    if (response.status !== 429) return response;
    const wait = Number(response.headers.get("retry-after") || "1");
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}

/** A word unique to `index`, in letters only: the screener holds exact duplicates, and runs of digits as possible
 * account numbers. */
const word = (index) => [...index.toString(26).padStart(2, "0")].map((c) => "abcdefghijklmnopqrstuvwxyz"[parseInt(c, 26)]).join("");

/** One review of `rating` stars submitted at `at` (test clock), then approved by compliance and the owner or rejected. */
async function review(index, rating, at, approved) {
  const submitted = await unlimited(() =>
    fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": `analytics-${tenant.id}-${index}`, [CLOCK]: String(at) },
      body: JSON.stringify({
        rating, attributes: { fees: rating }, would_recommend: rating > 2, title: `Plain and fair ${word(index)}`,
        body: `The ${tenant.id} savings account explains every fee in plain words; note ${word(index)}.`,
        nickname: "Reviewer", relationship: "client", incentive: "none", locale: "en", terms_accepted: true,
      }),
    }),
  );
  assert.equal(submitted.status, 202, await submitted.clone().text());
  const { id } = await submitted.json();
  const decisions = approved ? [["compliance", { decision: "approve" }], ["owner", { decision: "approve" }]]
    : [["compliance", { decision: "reject", reason_code: "off_topic" }]];
  for (const [role, body] of decisions) {
    const decided = await tenant.staff(role, "POST", `/v1/admin/reviews/${id}/decisions`, body);
    assert.equal(decided.status, 200, JSON.stringify(decided.json));
  }
}

/** A visitor follows the product's call to action at `at`; the edge counts it and redirects (not followed here). */
async function click(at) {
  const response = await unlimited(() =>
    fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/cta?locale=en`, { redirect: "manual", headers: { [CLOCK]: String(at) } }),
  );
  assert.equal(response.status, 302);
}

before(async () => {
  tenant = await createTenant();
  await enableConsole(tenant, ["marketer", "compliance", "moderator"]);
  const cta = { url: `${tenant.origin}/open-account`, label: { en: "Open an account" } };
  const patched = await tenant.staff("marketer", "PATCH", `/v1/admin/products/${tenant.product}`, { cta });
  assert.equal(patched.status, 200, JSON.stringify(patched.json));
  // 30 one-star reviews, half of them rejected (50 %), and 30 five-star reviews, all approved (100 %): 50 points
  // apart, more than the default threshold of 10. Spread over W10–W13 (W13 is the second period).
  for (let index = 0; index < 60; index += 1) {
    const fiveStars = index % 2 === 1;
    const at = MONDAY_W10 + (Math.floor(index / 2) % 4) * 7 * DAY + index * HOUR;
    await review(index, fiveStars ? 5 : 1, at, fiveStars || index % 4 === 0);
  }
  for (const at of [MONDAY_W10 + HOUR, MONDAY_W10 + 2 * HOUR, MONDAY_W10 + 14 * DAY, MONDAY_W10 + 21 * DAY]) await click(at);
});

/** A signed-in console page of `role` at `hash`. */
function signIn(role, hash, viewport = DESKTOP) {
  return signInAs(browser(), `${role}@${tenant.id}.test`, hash, { viewport, contextOptions: { acceptDownloads: true } });
}

/** Shows the analytics of `period` per `bucket` (optionally compared with `other`) and waits for the table. */
async function showAnalytics(page, period, bucket = "week", other = null) {
  await page.fill("#analytics-from", period.from);
  await page.fill("#analytics-to", period.to);
  await page.selectOption("#analytics-bucket", bucket);
  if (other) {
    await page.check("#analytics-compare");
    await page.fill("#analytics-other-from", other.from);
    await page.fill("#analytics-other-to", other.to);
  }
  await page.click("form.range button[type=submit]");
  await page.locator("[data-testid=analytics-table] tbody tr").first().waitFor({ timeout: 20_000 });
  if (other) await page.locator("[data-testid=analytics-comparison]").waitFor({ timeout: 20_000 });
}

async function api(period, bucket = "week") {
  const { status, json } = await tenant.staff("marketer", "GET", `/v1/admin/analytics?from=${period.from}&to=${period.to}&bucket=${bucket}`);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

/** A number shown with one decimal is `value` rounded (either way at an exact tie). */
const shownAs = (text, value) => assert.ok(Math.abs(Number(text) - value) <= 0.05 + 1e-9, `${text} for ${value}`);

test("the analytics chart, table and CSV agree with the API, per week and per month", async () => {
  const { context, page, errors } = await signIn("marketer", "#/analytics");
  for (const bucket of ["week", "month"]) {
    const answer = await api(FIRST, bucket);
    await showAnalytics(page, FIRST, bucket);
    const labels = await page.locator("[data-testid=analytics-table] tbody tr").evaluateAll((rows) => rows.map((row) => row.dataset.label));
    assert.deepEqual(labels, answer.buckets.map((b) => b.label));
    for (const b of answer.buckets) {
      const row = page.locator(`[data-testid=analytics-table] tr[data-label="${b.label}"]`);
      assert.equal(await row.locator("[data-field=count]").textContent(), String(b.count), b.label);
      for (const field of ["mean", "would_recommend_pct"]) {
        const text = await row.locator(`[data-field=${field}]`).textContent();
        if (b[field] == null) assert.equal(text, "", `${b.label} ${field}`);
        else shownAs(text, b[field]);
      }
      assert.equal(await row.locator("[data-field=cta_clicks]").textContent(), String(b.cta_clicks));
      const mark = (chart, shape) => page.locator(`svg[data-chart=${chart}] ${shape}[data-label="${b.label}"]`).getAttribute("data-value");
      assert.equal(Number(await mark("volume", "rect")), b.count);
      assert.equal(Number(await mark("clicks", "rect")), b.cta_clicks);
      if (b.mean == null) assert.equal(await mark("average", "circle"), null);
      else assert.equal(Number(await mark("average", "circle")), b.mean);
    }
    // The distribution is the period's histogram; each chart names its figures for assistive technology.
    const histogram = answer.buckets.reduce((sum, b) => sum.map((n, i) => n + b.histogram[i]), [0, 0, 0, 0, 0]);
    const stars = await page.locator("svg[data-chart=stars] rect").evaluateAll((rects) => rects.map((rect) => Number(rect.dataset.value)));
    assert.deepEqual(stars, histogram);
    assert.equal(await page.locator("svg[data-chart=volume]").getAttribute("role"), "img");
    assert.match(await page.locator("svg[data-chart=volume]").getAttribute("aria-label"), new RegExp(`${answer.buckets[0].label} ${answer.buckets[0].count}`));
  }
  // The workload, as built: every week of the first period has published reviews; the clicks fell in W10 (2) and W12 (1).
  const weeks = await api(FIRST);
  assert.deepEqual(weeks.buckets.map((b) => b.cta_clicks), [2, 0, 1]);
  assert.ok(weeks.buckets.every((b) => b.count > 0));

  // The CSV download holds the table's rows, cell for cell.
  await showAnalytics(page, FIRST);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=analytics-csv]")]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n").map((line) => line.split(","));
  const table = await page.locator("[data-testid=analytics-table]").evaluate((table) =>
    [...table.querySelectorAll("tr")].map((row) => [...row.children].map((cell) => cell.textContent)),
  );
  assert.deepEqual(csv, table);
  assert.equal(csv.length, 1 + weeks.buckets.length);
  assert.deepEqual(errors, []);
  await context.close();
});

test("comparing two periods shows both periods' totals and the change", async () => {
  const { context, page, errors } = await signIn("marketer", "#/analytics");
  await showAnalytics(page, FIRST, "week", SECOND);
  const [first, second] = [await api(FIRST), await api(SECOND)];
  const total = (answer, field) => answer.buckets.reduce((sum, b) => sum + b[field], 0);
  const cell = (field, period) => page.locator(`[data-testid=analytics-comparison] tr[data-field=${field}] td[data-period=${period}]`).textContent();
  for (const field of ["count", "cta_clicks"]) {
    const [a, b] = [total(first, field), total(second, field)];
    assert.equal(await cell(field, "this"), String(a), field);
    assert.equal(await cell(field, "other"), String(b), field);
    assert.equal(await cell(field, "change"), `${b - a >= 0 ? "+" : ""}${b - a}`, field);
  }
  assert.ok(total(second, "count") > 0, "the second period has reviews");
  const mean = (answer) => answer.buckets.reduce((sum, b) => sum + (b.mean ?? 0) * b.count, 0) / total(answer, "count");
  shownAs(await cell("mean", "this"), mean(first));
  shownAs(await cell("mean", "other"), mean(second));
  assert.deepEqual(errors, []);
  await context.close();
});

test("the neutrality page shows the warning, the reading and each bucket's figures; a moderator is told it is not for them", async () => {
  const { context, page, errors } = await signIn("compliance", "#/neutrality");
  await page.fill("#neutrality-from", "2026-03-01");
  await page.fill("#neutrality-to", "2026-04-14");
  await page.click("form.range button[type=submit]");
  const warnings = page.locator("[data-testid=neutrality-warnings]");
  await warnings.waitFor({ timeout: 20_000 });
  assert.equal(await warnings.getAttribute("role"), "alert");
  const text = await warnings.textContent();
  assert.match(text, /savings: 1-star reviews were approved at 50 %, 5-star reviews at 100 % — 50\.0 points apart, more than your threshold of 10 points\./);
  assert.equal(await page.locator("[data-testid=neutrality-warnings] li[data-ratings='1-5']").count(), 1);
  assert.equal(
    (await page.locator("[data-product=savings] [data-testid=neutrality-reading]").textContent()).trim(),
    "1-star reviews were approved at 50 %, 5-star reviews at 100 %.",
  );
  const { json } = await tenant.staff("compliance", "GET", "/v1/admin/reports/neutrality?product=savings&from=2026-03-01&to=2026-04-14");
  for (const bucket of json.products[0].stars) {
    const row = page.locator(`[data-product=savings] tr[data-rating="${bucket.rating}"]`);
    assert.equal(await row.locator("[data-field=decisions]").textContent(), String(bucket.decisions));
  }
  assert.equal(await page.locator("[data-product=savings] tr[data-rating='1'] [data-field=approval_rate]").textContent(), "50 %");
  assert.equal(await page.locator("[data-product=savings] tr[data-rating='1'] [data-field=approval_interval]").textContent(), "33 % – 67 %");
  assert.deepEqual(errors, []);
  await context.close();

  const moderator = await signIn("moderator", "#/neutrality");
  const refused = moderator.page.locator("[data-testid=neutrality-forbidden]");
  await refused.waitFor({ timeout: 20_000 });
  assert.match(await refused.textContent(), /for compliance officers and the owner/);
  assert.deepEqual(moderator.errors, []);
  await moderator.context.close();
});

test("axe-core finds no violation on the analytics and neutrality pages at 1280 px", async () => {
  const { AxeBuilder } = require("@axe-core/playwright");
  if (DOCS) mkdirSync(DOCS, { recursive: true });
  for (const [name, viewport] of [["", DESKTOP], ["-phone", PHONE]]) {
    const { context, page } = await signIn("compliance", "#/analytics", viewport);
    await showAnalytics(page, FIRST, "week", SECOND);
    if (viewport === DESKTOP) {
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], "analytics");
    }
    if (DOCS) await page.screenshot({ path: join(DOCS, `console-analytics${name}.png`), fullPage: true });
    await page.goto(`${ACCESS}/console/#/neutrality`);
    await page.fill("#neutrality-from", "2026-03-01");
    await page.fill("#neutrality-to", "2026-04-14");
    await page.click("form.range button[type=submit]");
    await page.locator("[data-testid=neutrality-warnings]").waitFor({ timeout: 20_000 });
    if (viewport === DESKTOP) {
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], "neutrality");
    }
    if (DOCS) await page.screenshot({ path: join(DOCS, `console-neutrality${name}.png`), fullPage: true });
    await context.close();
  }
});
