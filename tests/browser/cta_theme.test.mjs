// Browser suite, tenant settings that do something: a product's call to action under the summary (en and zh-CN),
// whose click fires a bubbling, composed `candor:cta` on the host element and then follows the edge's counting link
// to the product's page (unless the page prevented it), counted once in the analytics; the tenant's theme colouring the widget inside its shadow root while a custom property the page sets
// on the host element wins; and a locale the tenant does not offer falling back to its first, wasm included.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, open, openForm, EDGE } from "./support.mjs";
import { createTenant } from "./tenant.mjs";

const browser = useBrowser();
const W = ".candor-widget";
const CTA = `${W} [data-testid=cta]`;

/** Sets the tenant's settings (the admin's PUT), with its host pages' origin allowed. */
async function settings(tenant, changes) {
  const { status, json } = await tenant.staff("admin", "PUT", "/v1/admin/settings", {
    allowed_origins: [tenant.origin],
    locales: ["en", "zh-CN"],
    theme: {},
    captcha: null,
    aggregate_rule: "all_reviews",
    sla_hours: { screening: 4, compliance_review: 24, owner_review: 24, escalation: 24 },
    webhook_url: null,
    json_ld: false,
    ...changes,
  });
  assert.equal(status, 200, JSON.stringify(json));
}

async function setCta(tenant) {
  const cta = { url: `${tenant.origin}/open-account?from=reviews`, label: { en: "Open a Savings Account", "zh-CN": "开立储蓄账户" } };
  const { status, json } = await tenant.staff("marketer", "PATCH", `/v1/admin/products/${tenant.product}`, { cta });
  assert.equal(status, 200, JSON.stringify(json));
  return cta;
}

/** The computed value of `property` of the first element matching `selector` inside the widget's shadow root. */
const computed = (page, selector, property) =>
  page.evaluate(
    ([w, selector, property]) => getComputedStyle(document.querySelector(w).shadowRoot.querySelector(selector)).getPropertyValue(property).trim(),
    [W, selector, property],
  );

let themed;
let chineseOnly;
before(async () => {
  themed = await createTenant();
  await settings(themed, { theme: { accent: "#0a5" } });
  themed.cta = await setCta(themed);
  chineseOnly = await createTenant();
  await settings(chineseOnly, { locales: ["zh-CN"] });
  chineseOnly.cta = await setCta(chineseOnly);
});

test("the call to action shows under the summary in the visitor's language", async () => {
  for (const [locale, label] of [["en", "Open a Savings Account"], ["zh-CN", "开立储蓄账户"]]) {
    const { context, page, errors } = await open(browser(), themed.page(locale), { waitFor: CTA });
    const link = page.locator(CTA);
    assert.equal((await link.textContent()).trim(), label);
    // The edge's counting link, which redirects to the catalogue's URL; the direct URL stays on the link.
    assert.equal(await link.getAttribute("href"), `${new URL(EDGE).origin}/v1/t/${themed.id}/products/${themed.product}/cta?locale=${locale}`);
    assert.equal(await link.getAttribute("data-candor-url"), themed.cta.url);
    // Under the summary: inside it, after the scores.
    assert.equal(await page.locator(`${W} .summary [data-testid=cta]`).count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("a click fires candor:cta on the host element (bubbling, composed), then follows the link", async () => {
  const { context, page, errors } = await open(browser(), themed.page("en"), { waitFor: CTA });
  // A page that handles it itself: the event reaches the document, and preventDefault keeps the visitor here.
  await page.evaluate(() => {
    window.seen = [];
    document.addEventListener("candor:cta", (event) => {
      window.seen.push({ target: event.target.className, composed: event.composed, bubbles: event.bubbles, detail: event.detail });
      event.preventDefault();
    });
  });
  await page.locator(CTA).click();
  const seen = await page.evaluate(() => window.seen);
  assert.deepEqual(seen, [
    { target: "candor-widget", composed: true, bubbles: true, detail: { product: themed.product, url: themed.cta.url } },
  ]);
  assert.equal(page.url(), themed.page("en"), "prevented: the page stays");
  assert.deepEqual(errors, []);
  await context.close();
  // A page that only listens: the event fires and the browser follows the link (same origin, so the landing page
  // reads what the listener kept).
  const listening = await open(browser(), themed.page("en"), { waitFor: CTA });
  await listening.page.evaluate(() => {
    document.querySelector(".candor-widget").addEventListener("candor:cta", (event) => sessionStorage.setItem("cta", event.detail.url));
  });
  await Promise.all([listening.page.waitForURL(themed.cta.url), listening.page.locator(CTA).click()]);
  assert.equal(await listening.page.evaluate(() => sessionStorage.getItem("cta")), themed.cta.url);
  assert.deepEqual(listening.errors, []);
  await listening.context.close();
  // The edge counted the followed click, not the prevented one (nor the links shown in the first test).
  const { status, json } = await themed.staff("marketer", "GET", `/v1/admin/analytics?product=${themed.product}&bucket=month`);
  assert.equal(status, 200, JSON.stringify(json));
  assert.equal(json.buckets.reduce((sum, bucket) => sum + bucket.cta_clicks, 0), 1);
});

test("the tenant theme colours the widget and a custom property on the host element overrides it", async () => {
  const { context, page, errors } = await open(browser(), themed.page("en"));
  await openForm(page);
  // #0a5, the tenant's accent, in the link and in the wasm's submit button alike.
  assert.equal(await computed(page, ".cta-link", "background-color"), "rgb(0, 170, 85)");
  assert.equal(await computed(page, "button[type=submit]", "background-color"), "rgb(0, 170, 85)");
  await page.evaluate(() => document.querySelector(".candor-widget").style.setProperty("--candor-accent", "rgb(200, 0, 0)"));
  assert.equal(await computed(page, ".cta-link", "background-color"), "rgb(200, 0, 0)");
  assert.equal(await computed(page, "button[type=submit]", "background-color"), "rgb(200, 0, 0)");
  // A tenant without a theme keeps the widget's own accent.
  const plain = await open(browser(), chineseOnly.page("zh-CN"));
  assert.equal(await computed(plain.page, ".cta-link", "background-color"), "rgb(11, 92, 173)");
  await plain.context.close();
  assert.deepEqual(errors, []);
  await context.close();
});

test("a locale the tenant does not offer falls back to its first: first view, summary and the wasm's strings", async () => {
  const { context, page, errors } = await open(browser(), chineseOnly.page("en"));
  assert.equal(await page.locator(`${W} section.candor`).getAttribute("lang"), "zh-CN");
  assert.equal((await page.locator(`${W} .summary .heading`).textContent()).trim(), "客户评分");
  assert.equal((await page.locator(CTA).textContent()).trim(), "开立储蓄账户");
  // The form, fetched when opened, is the wasm's (its status line has a state), and it speaks Chinese too.
  await openForm(page);
  assert.equal(await page.locator(`${W} [data-testid=form-status][data-state=editing]`).count(), 1);
  assert.equal((await page.locator(`${W} button[type=submit]`).textContent()).trim(), "提交评价");
  assert.deepEqual(errors, []);
  await context.close();
});
