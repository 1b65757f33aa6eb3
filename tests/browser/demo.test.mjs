// Browser suite, the demo site: every page `cargo xtask demo` prints (the same list, `CANDOR_DEMO_PAGES`, on this
// run's edge and second-origin ports) loads with no console error and shows its widgets' first view; a call to action
// leads to the product's "open an account" page; screenshots of a product page for docs/ at 1280 and 375 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { EDGE, DESKTOP, PHONE, useBrowser, screenshot } from "./support.mjs";

const browser = useBrowser();
const PAGES = JSON.parse(process.env.CANDOR_DEMO_PAGES || "[]");
const DOCS = process.env.CANDOR_DOCS_SCREENSHOTS;

/** The one console message a strict-CSP page causes by design: the browser refusing WebAssembly. */
const refusedWasm = (text) => /Refused to compile or instantiate WebAssembly module|'wasm-unsafe-eval'/.test(text);

/** Opens `url` and collects page errors and console errors (a strict-CSP page's refusal of wasm excepted). */
async function openPage(url, viewport = DESKTOP) {
  const context = await browser().newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !(url.includes("csp") && refusedWasm(message.text()))) errors.push(`console: ${message.text()}`);
  });
  const response = await page.goto(url);
  assert.equal(response.status(), 200, `${url} answers 200`);
  return { context, page, errors };
}

/** Waits until every widget host on the page shows a score, directly or inside the edge's iframe page. */
async function widgetsShown(page, count) {
  await page.waitForFunction((count) => {
    const hosts = [...document.querySelectorAll(".candor-widget, [data-candor-product]")];
    const shown = hosts.filter((host) => host.shadowRoot?.querySelector("[data-testid=mean], iframe[data-candor-frame]"));
    return hosts.length === count && shown.length === count;
  }, count, { timeout: 25_000 });
  // The iframe fallback (a strict CSP): the widget inside the edge's page, on the edge's origin.
  const frames = page.frameLocator(".candor-widget iframe[data-candor-frame]");
  const framed = await page.locator(".candor-widget iframe[data-candor-frame]").count();
  for (let i = 0; i < framed; i++) {
    await frames.nth(i).locator(".candor-widget [data-testid=mean]").last().waitFor({ timeout: 20_000 });
  }
}

test("the demo prints every page of the site: home, six products in English and Chinese, open pages, and the rest", () => {
  const urls = PAGES.map((page) => page.url);
  assert.ok(urls.length >= 24, `${urls.length} pages listed`);
  for (const slug of ["brokerage-account", "active-trader", "traditional-ira", "roth-ira", "checking", "high-yield-savings"]) {
    assert.ok(urls.includes(`${EDGE}/demo/${slug}.html`), slug);
    assert.ok(urls.includes(`${EDGE}/demo/zh/${slug}.html`), `${slug} in Chinese`);
    assert.ok(urls.includes(`${EDGE}/demo/open/${slug}.html`), `the open page of ${slug}`);
  }
  const second = PAGES.filter((page) => !page.url.startsWith(EDGE));
  assert.ok(second.length > 0 && second.every((page) => new URL(page.url).hostname === "localhost"), "a second origin on localhost");
  assert.ok(PAGES.some((page) => page.widgets === 2), "a page with two widgets");
});

for (const { label, url, widgets } of PAGES) {
  test(`demo page "${label}" loads with no console error and shows its ${widgets} widget(s)`, async () => {
    const { context, page, errors } = await openPage(url);
    if (widgets > 0) {
      // Scroll through the page so widgets below the fold come into view, as a reader's would.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await widgetsShown(page, widgets);
    }
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, "nothing overflows");
    await page.waitForTimeout(300);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the Chinese product pages show the widget in Chinese", async () => {
  const { context, page, errors } = await openPage(`${EDGE}/demo/zh/checking.html`);
  await widgetsShown(page, 1);
  assert.equal(await page.locator(".candor-widget [lang]").first().getAttribute("lang"), "zh-CN");
  assert.match(await page.locator(".candor-widget [data-testid=count]").textContent(), /条评价/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a widget's call to action leads to the product's open-an-account page", async () => {
  const { context, page, errors } = await openPage(`${EDGE}/demo/checking.html`);
  await widgetsShown(page, 1);
  // The seeded link names the demo's port (8787); the page is followed on this run's edge.
  await page.evaluate(() => {
    document.querySelector(".candor-widget").addEventListener("candor:cta", (event) => {
      event.preventDefault();
      window.__cta = event.detail;
    });
  });
  const link = page.locator(".candor-widget a[data-candor-cta]");
  assert.equal(await link.textContent(), "Open a checking account");
  await link.click();
  const detail = await page.evaluate(() => window.__cta);
  assert.equal(detail.product, "checking");
  const target = new URL(detail.url);
  assert.equal(target.pathname, "/demo/open/checking.html");
  await page.goto(EDGE + target.pathname);
  assert.equal(await page.locator("h1").textContent(), "Open a checking account");
  assert.deepEqual(errors, []);
  await context.close();
});

test("screenshots: a product page at 1280 and 375 px, English and Chinese", async () => {
  for (const [name, path, viewport] of [
    ["demo-product-desktop", "/demo/roth-ira.html", DESKTOP],
    ["demo-product-phone", "/demo/roth-ira.html", PHONE],
    ["demo-product-zh-phone", "/demo/zh/high-yield-savings.html", PHONE],
    ["demo-home-desktop", "/demo/", DESKTOP],
    ["demo-home-phone", "/demo/", PHONE],
  ]) {
    const { context, page, errors } = await openPage(EDGE + path, viewport);
    if (path !== "/demo/") await widgetsShown(page, 1);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `${name}: nothing overflows`);
    await screenshot(page, name);
    if (DOCS && name === "demo-product-desktop") {
      mkdirSync(DOCS, { recursive: true });
      // The first screen of the page, as a visitor lands on it, then down to the widget's scores.
      await page.locator("#reviews").scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(DOCS, "demo-product.png"), clip: { x: 0, y: 0, width: 1280, height: 1400 }, fullPage: true });
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
