// The marketer's console pages in Chromium against the real local edge, people signed in through the local
// Cloudflare Access stand-in (`CANDOR_ACCESS_URL`): hiding a product line in the catalogue empties the host page's
// widget within the cache period (and the page's own preview), showing it brings it back; a Chinese attribute label
// changed in the console reaches the zh-CN widget; a call to action off the tenant's origins is refused next to its
// field; each item's history shows who changed what and when; a draft disclosure is previewed in the widget before it
// is published and every version is listed; the snippet a moderator copies from the generator renders the widget on
// a blank page of another origin; axe-core finds no violation on the catalogue, disclosure and snippet pages at
// 1280 px (screenshots for docs/).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { useBrowser, require, DESKTOP, ACCESS, pageServer, waitInteractive, signIn as signInAs } from "./support.mjs";
import { createTenant, enableConsole } from "./tenant.mjs";
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
/** Summaries and first views are cached for at most 35 s away from the write; a minute is what the switch promises. */
const CACHE_PERIOD_MS = 60_000;
const DOCS = process.env.CANDOR_DOCS_SCREENSHOTS || process.env.CANDOR_SCREENSHOTS;

const browser = useBrowser();
let tenant;
/** A blank page of another origin, filled with the copied snippet by the test that pastes it. */
const blankPages = {};
let blankServer;

before(async () => {
  blankServer = await pageServer(blankPages);
  tenant = await createTenant({ origins: [blankServer.url] });
  await enableConsole(tenant, ["marketer", "moderator"]);
});

after(async () => {
  await blankServer?.close();
});

/** A signed-in console page of `role` at `hash`. */
function signIn(role, hash) {
  return signInAs(browser(), `${role}@${tenant.id}.test`, hash);
}

/** Whether the widget in this page or frame shows anything (a hidden line renders nothing, height 0). */
function widgetShown(target) {
  return target.evaluate(() => {
    const host = document.querySelector(".candor-widget");
    return Boolean(host && host.shadowRoot && host.shadowRoot.querySelector(".candor") && host.getBoundingClientRect().height > 0);
  });
}

/** Reloads `page` until `check(page)` holds, for at most `limit` ms; answers how long it took. */
async function reloadUntil(page, check, limit = CACHE_PERIOD_MS) {
  const started = Date.now();
  for (;;) {
    await page.reload();
    await page.waitForLoadState("networkidle");
    if (await check(page)) return Date.now() - started;
    assert.ok(Date.now() - started < limit, `not within ${limit / 1000} s`);
    await page.waitForTimeout(1_000);
  }
}

/**
 * Whether the console's preview frame of the line, once it loaded its `generation`-th version (its `src` ends in
 * `v=<generation>`), comes to show a widget (`expected` true) or stays blank (false) after its requests settled.
 */
async function previewShows(page, generation, expected) {
  const frame = await waitForFrame(page, (url) => url.includes(`/console/preview?tenant=${tenant.id}&product=${tenant.product}&`) && url.endsWith(`v=${generation}`));
  await frame.waitForLoadState("networkidle").catch(() => {});
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    if ((await widgetShown(frame).catch(() => null)) === expected) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

async function waitForFrame(page, matches) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const frame = page.frames().find((frame) => matches(frame.url()));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error("no such frame");
}

test("a marketer hides a product line in the console: the host page's widget shows nothing within the cache period, then shows again", async () => {
  const { context, page, errors } = await signIn("marketer", "#/catalogue");
  const line = page.locator('[data-line="savings-line"]');
  await line.waitFor({ timeout: 20_000 });
  const toggle = line.getByRole("switch", { name: "Ratings shown on embeds" });
  assert.equal(await toggle.getAttribute("aria-checked"), "true");
  await line.getByText("hidden on every embed within a minute").waitFor();
  assert.ok(await previewShows(page, 0, true), "the preview shows the line's widget");

  const host = await browser().newContext({ viewport: DESKTOP });
  const hostPage = await host.newPage();
  await hostPage.goto(tenant.page("en"));
  await waitInteractive(hostPage);

  await toggle.click();
  await page.locator('[data-line="savings-line"][data-visible="false"]').waitFor({ timeout: 20_000 });
  assert.equal(await toggle.getAttribute("aria-checked"), "false");
  assert.ok(await previewShows(page, 1, false), "the preview goes blank");
  const hiddenAfter = await reloadUntil(hostPage, async (p) => !(await widgetShown(p)));
  const hidden = await tenant.staff("marketer", "GET", "/v1/admin/product-lines");
  assert.equal(hidden.json.product_lines.find((l) => l.id === "savings-line").visible, false);

  await toggle.click();
  await page.locator('[data-line="savings-line"][data-visible="true"]').waitFor({ timeout: 20_000 });
  assert.ok(await previewShows(page, 2, true), "the preview shows the widget again");
  const shownAfter = await reloadUntil(hostPage, widgetShown);
  console.log(`# hidden on the host page after ${hiddenAfter} ms, shown again after ${shownAfter} ms`);
  assert.deepEqual(errors, []);
  await host.close();
  await context.close();
});

test("a marketer changes an attribute label in Chinese in the console and the zh-CN widget shows it", async () => {
  const label = `手续费${randomBytes(2).toString("hex")}`;
  const { context, page, errors } = await signIn("marketer", "#/catalogue");
  const row = page.locator('tr[data-attribute="savings.fees"]');
  await row.waitFor({ timeout: 20_000 });
  await row.locator("input[data-field=label_zh]").fill(label);
  await row.getByRole("button", { name: "Save" }).click();
  await row.locator("[role=status]", { hasText: "Saved." }).waitFor({ timeout: 20_000 });
  const stored = await tenant.staff("marketer", "GET", "/v1/admin/attributes");
  assert.equal(stored.json.attributes.find((a) => a.id === "savings.fees").label_zh, label);

  const host = await browser().newContext({ viewport: DESKTOP });
  const hostPage = await host.newPage();
  await hostPage.goto(tenant.page("zh-CN"));
  await reloadUntil(hostPage, async (p) =>
    (await p.locator(".candor-widget [data-attribute=fees] dt").first().textContent().catch(() => null)) === label);
  assert.deepEqual(errors, []);
  await host.close();
  await context.close();
});

test("a call to action off the tenant's origins is refused next to its field, and one on them is saved", async () => {
  const { context, page } = await signIn("marketer", "#/catalogue");
  const card = page.locator('form[data-product="savings"]');
  await card.waitFor({ timeout: 20_000 });
  await card.getByLabel("Link (on one of your allowed origins)").fill("https://elsewhere.example/open");
  await card.getByLabel("Label in English").fill("Open a savings account");
  await card.getByLabel("Label in Chinese").fill("开立储蓄账户");
  await card.getByRole("button", { name: "Save" }).click();
  await card.getByText("The link must lead to one of the firm's allowed origins.").waitFor({ timeout: 20_000 });
  assert.equal(await card.getByLabel("Link (on one of your allowed origins)").getAttribute("aria-invalid"), "true");

  await card.getByLabel("Link (on one of your allowed origins)").fill(`${tenant.origin}/open`);
  await card.getByRole("button", { name: "Save" }).click();
  await card.locator("[role=status]", { hasText: "Saved." }).waitFor({ timeout: 20_000 });
  const products = await tenant.staff("marketer", "GET", "/v1/admin/products");
  assert.deepEqual(products.json.products.find((p) => p.id === "savings").cta, {
    url: `${tenant.origin}/open`,
    label: { en: "Open a savings account", "zh-CN": "开立储蓄账户" },
  });
  await context.close();
});

test("the snippet a moderator copies from the generator renders the widget on a blank page of another origin", async () => {
  const { context, page, errors } = await signIn("moderator", "#/embed");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ACCESS });
  // A moderator may not read the catalogue: the product is typed.
  await page.locator("#snippet-product").fill(tenant.product);
  await page.locator("#snippet-locale").selectOption("zh-CN");
  await page.locator("#snippet-theme-dark").check();
  const tag = page.locator("code[data-snippet=tag]");
  const expected =
    `<script async src="${ACCESS}/v1/widget.js" data-tenant="${tenant.id}" data-product="${tenant.product}" ` +
    `data-locale="zh-CN" data-theme="dark"></script>`;
  await page.waitForFunction((expected) => document.querySelector("code[data-snippet=tag]")?.textContent === expected, expected);
  const snippet = await tag.textContent();
  await page.getByRole("button", { name: /^Copy\W+The tag$/ }).click();
  await page.locator("[data-copied=true]", { hasText: "Copied" }).waitFor({ timeout: 10_000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  assert.match(await page.locator("code[data-snippet=csp]").textContent(), new RegExp(`^script-src ${ACCESS} 'wasm-unsafe-eval'`));
  assert.match(await page.locator("code[data-snippet=height]").textContent(), /min-height: 1100px/);
  assert.match(await page.locator("code[data-snippet=placeholders]").textContent(), /<div data-candor-product="savings" data-theme="dark"><\/div>/);

  blankPages["/blank.html"] =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body>${snippet}</body></html>`;
  const other = await browser().newContext({ viewport: DESKTOP });
  const blank = await other.newPage();
  const blankErrors = [];
  blank.on("pageerror", (error) => blankErrors.push(error));
  await blank.goto(`${blankServer.url}/blank.html`);
  await waitInteractive(blank);
  assert.equal(await widgetShown(blank), true);
  const background = await blank.evaluate(() =>
    getComputedStyle(document.querySelector(".candor-widget").shadowRoot.querySelector(".candor")).backgroundColor);
  assert.equal(background, "rgb(20, 26, 34)", "dark, as the snippet asks");
  assert.deepEqual(blankErrors, []);
  assert.deepEqual(errors, []);
  await other.close();
  await context.close();
});

test("a marketer publishes a new disclosure version from the console", async () => {
  const { context, page, errors } = await signIn("marketer", "#/disclosure");
  await page.locator("#disclosure-en").waitFor({ timeout: 20_000 });
  const before = await tenant.staff("marketer", "GET", "/v1/admin/disclosure");
  const text = `Ratings are from clients of Browser Bank; none were paid for (${randomBytes(2).toString("hex")}).`;
  await page.locator("#disclosure-en").fill(text);
  await page.locator("#disclosure-zh").fill("评分来自 Browser Bank 的客户；均非付费评价。");
  await page.getByRole("button", { name: "Publish as a new version" }).click();
  await page.locator("[role=status]", { hasText: "Published." }).waitFor({ timeout: 20_000 });
  const after = await tenant.staff("marketer", "GET", "/v1/admin/disclosure");
  assert.equal(after.json.version, (before.json.version ?? 0) + 1);
  assert.equal(after.json.texts.en, text);
  await page.locator(`section[data-version="${after.json.version}"]`).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("each catalogue item's history in the console shows who changed what and when, from the archive", async () => {
  const label = `Fees ${randomBytes(2).toString("hex")}`;
  const { context, page, errors } = await signIn("marketer", "#/catalogue");
  const row = page.locator('tr[data-attribute="savings.fees"]');
  await row.waitFor({ timeout: 20_000 });
  const before = await row.locator("input[data-field=label_en]").inputValue();
  await row.locator("input[data-field=label_en]").fill(label);
  await row.getByRole("button", { name: "Save" }).click();
  await row.locator("[role=status]", { hasText: "Saved." }).waitFor({ timeout: 20_000 });
  // Opened after the change: it reads the archive then, so the change just made is the newest entry.
  await row.locator("details.history summary").click();
  const newest = row.locator("ol.history-entries li").first();
  await newest.waitFor({ timeout: 20_000 });
  const text = await newest.textContent();
  assert.ok(text.includes(`label_en ${JSON.stringify(before)} → ${JSON.stringify(label)}`), text);
  assert.ok(text.includes(`Browser marketer (marketer)`), text);
  assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, "with the time");
  // The same rows as the API's history of that item, in the same order.
  const history = await tenant.staff("marketer", "GET", "/v1/admin/catalogue/history?subject=attribute&item=savings.fees");
  const shown = await row.locator("ol.history-entries li").evaluateAll((items) => items.map((li) => Number(li.dataset.seq)));
  assert.deepEqual(shown, history.json.entries.map((entry) => entry.seq));
  // A product line's history is there too, under its card.
  const line = page.locator('[data-line="savings-line"]');
  await line.locator("details.history summary").click();
  await line.locator("details.history").locator("ol.history-entries li, p").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a draft disclosure is previewed in the product's widget before it is published, and every version is listed", async () => {
  const { context, page, errors } = await signIn("marketer", "#/disclosure");
  await page.locator("#disclosure-en").waitFor({ timeout: 20_000 });
  const published = await tenant.staff("marketer", "GET", "/v1/admin/disclosure");
  const versionsBefore = (await tenant.staff("marketer", "GET", "/v1/admin/disclosure/versions")).json.versions.length;
  await page.locator("ol.versions li, section[aria-labelledby=versions-title] p").first().waitFor({ timeout: 20_000 });
  const draft = `Draft <em>wording</em> ${randomBytes(2).toString("hex")}: every rating is published.`;
  const draftZh = `草稿说明${randomBytes(2).toString("hex")}`;
  await page.locator("#disclosure-en").fill(draft);
  await page.locator("#disclosure-zh").fill(draftZh);
  await page.getByRole("button", { name: "Preview draft" }).click();
  const frame = await waitForFrame(page, (url) => url.includes("/console/preview?draft=1&v=1"));
  await frame.locator(".candor-widget[data-candor-draft]").waitFor({ timeout: 20_000 });
  const shown = () => frame.evaluate(() => document.querySelector(".candor-widget").shadowRoot.textContent);
  const seen = await shown();
  assert.ok(seen.includes(draft), "the draft text, as text (never markup)");
  assert.equal(await frame.evaluate(() => document.querySelector(".candor-widget").shadowRoot.querySelector("em")), null);
  assert.ok(await frame.evaluate(() => Boolean(document.querySelector(".candor-widget").shadowRoot.querySelector(".candor"))), "the widget's own markup");
  // Nothing was published.
  const still = await tenant.staff("marketer", "GET", "/v1/admin/disclosure");
  assert.deepEqual(still.json, published.json);
  // In Chinese, the Chinese draft.
  await page.locator("section[aria-labelledby=draft-preview-title] select").nth(1).selectOption("zh-CN");
  await page.getByRole("button", { name: "Preview draft" }).click();
  const chinese = await waitForFrame(page, (url) => url.includes("/console/preview?draft=1&v=2"));
  await chinese.locator(".candor-widget[data-candor-draft]").waitFor({ timeout: 20_000 });
  assert.ok((await chinese.evaluate(() => document.querySelector(".candor-widget").shadowRoot.textContent)).includes(draftZh));
  // Publishing adds a version at the top of the list.
  await page.getByRole("button", { name: "Publish as a new version" }).click();
  await page.locator("[role=status]", { hasText: "Published." }).waitFor({ timeout: 20_000 });
  const after = await tenant.staff("marketer", "GET", "/v1/admin/disclosure");
  await page.locator(`ol.versions li[data-version="${after.json.version}"]`).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator("ol.versions li").count(), versionsBefore + 1);
  assert.equal(await page.locator("ol.versions li").first().getAttribute("data-version"), String(after.json.version));
  assert.deepEqual(errors, []);
  await context.close();
});

test("axe-core finds no violation on the catalogue, disclosure and snippet pages at 1280 px", async () => {
  const { AxeBuilder } = require("@axe-core/playwright");
  const { context, page } = await signIn("marketer", "#/catalogue");
  const pages = [
    ["catalogue", "#/catalogue", "[data-line]"],
    ["disclosure", "#/disclosure", "#disclosure-en"],
    ["embed", "#/embed", "code[data-snippet=tag]"],
  ];
  if (DOCS) mkdirSync(DOCS, { recursive: true });
  for (const [name, hash, ready] of pages) {
    await page.goto(`${ACCESS}/console/${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    // The previews load the widget's bundle when the browser is idle: give them a moment, then audit what is there.
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
    if (name === "catalogue") {
      await page.locator("[data-line] details.history summary").first().click();
      await page.locator("[data-line] details.history li, [data-line] details.history p").first().waitFor({ timeout: 20_000 });
    }
    if (name === "disclosure") {
      await page.locator("#disclosure-en").fill("Ratings come from clients; every rating is published.");
      await page.getByRole("button", { name: "Preview draft" }).click();
      await page.locator("section[aria-labelledby=draft-preview-title] iframe").waitFor({ timeout: 20_000 });
    }
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), [], name);
    if (DOCS) await page.screenshot({ path: join(DOCS, `console-${name}.png`), fullPage: true });
  }
  await context.close();
});
