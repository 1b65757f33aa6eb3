// Browser suite: the demo page in headless Debian Chromium against the real local edge (started by `cargo xtask test`).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openForm, waitInteractive, frameStoredReview, statusFrame } from "./support.mjs";

const EDGE = process.env.CANDOR_EDGE_URL;
const NODE_MODULES = process.env.CANDOR_NODE_MODULES;
if (!EDGE || !NODE_MODULES) {
  throw new Error("CANDOR_EDGE_URL / CANDOR_NODE_MODULES are not set: run this suite through `cargo xtask test`");
}
const require = createRequire(join(NODE_MODULES, "noop.js"));
const { chromium } = require("playwright-core");
const SCREENSHOTS = process.env.CANDOR_SCREENSHOTS;

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CANDOR_CHROMIUM || "/usr/bin/chromium", args: FLAGS });
});
after(async () => {
  await browser?.close();
});

async function openDemo(path = "/demo/roth-ira.html", viewport = { width: 1280, height: 900 }, init = undefined) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  if (init) await init(page);
  await page.goto(EDGE + path);
  // Playwright's CSS locators pierce open shadow roots.
  // Wait for the wasm to take over from the first view.
  await waitInteractive(page);
  return { context, page, errors };
}

async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

test("the demo page shows the seeded score from D1 inside an open shadow root", async () => {
  const { context, page, errors } = await openDemo();
  const inShadow = await page.evaluate(() => {
    const host = document.querySelector(".candor-widget");
    return Boolean(host && host.shadowRoot && host.shadowRoot.querySelector("[data-testid=mean]"));
  });
  assert.equal(inShadow, true, "the score must render inside the host's shadow root");
  assert.equal(await page.locator(".candor-widget [data-testid=mean]").textContent(), "3.6");
  assert.equal(await page.locator(".candor-widget [data-testid=count]").textContent(), "8 reviews");
  assert.equal(await page.locator(".candor-widget [data-testid=recommend]").textContent(), "75% would recommend");
  assert.deepEqual(errors, []);
  await screenshot(page, "demo-desktop-en");
  await context.close();
});

test("the widget defines at most one global name and does not pick up the host page's styles", async () => {
  // Every name the page's window has before any script runs, against every name once the widget is interactive:
  // the only new one may be `Candor` (whatever the bundler or wasm-bindgen would otherwise leave behind).
  const { context, page } = await openDemo("/demo/roth-ira.html", undefined, (page) =>
    page.addInitScript(() => {
      window.__namesBefore = Object.getOwnPropertyNames(window);
    }),
  );
  const added = await page.evaluate(() => {
    const before = new Set(window.__namesBefore);
    return Object.getOwnPropertyNames(window).filter((name) => !before.has(name) && name !== "__namesBefore");
  });
  const pageOwn = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src])")].map((script) => script.textContent).join("\n"),
  );
  assert.equal(pageOwn.trim(), "", "the demo page has no inline script of its own that could add names");
  assert.deepEqual(added, ["Candor"]);
  await openForm(page);
  const buttonBackground = await page
    .locator(".candor-widget button[type=submit]")
    .evaluate((button) => getComputedStyle(button).backgroundColor);
  assert.notEqual(buttonBackground, "rgb(224, 97, 58)", "the host page's own `button { background: var(--coral) }` leaked in");
  await context.close();
});

test("an incomplete form shows inline errors from the domain rules and sends nothing", async () => {
  const { context, page } = await openDemo();
  const posts = [];
  page.on("request", (request) => request.method() === "POST" && posts.push(request.url()));
  await openForm(page);
  await page.locator(".candor-widget button[type=submit]").click();
  await page.locator(".candor-widget [data-field=rating] .field-error").waitFor();
  assert.equal(await page.locator(".candor-widget [data-field=rating] .field-error").textContent(), "Please fill this in.");
  assert.equal(await page.locator(".candor-widget [data-field=body] .field-error").textContent(), "Please fill this in.");
  assert.deepEqual(posts, []);
  await context.close();
});

test("a visitor rates by clicking stars, submits, and the review is found through the status endpoint", async () => {
  const { context, page } = await openDemo();
  const w = (selector) => page.locator(`.candor-widget ${selector}`);
  await openForm(page);
  await w("label[for=rating-4]").click();
  assert.equal(await w("#rating-4").isChecked(), true);
  await w("label[for=attr-fees-5]").click();
  await w("input[name=recommend][value=yes]").check();
  await w("select[name=relationship]").selectOption("client");
  await w("input[name=title]").fill("Clear and cheap");
  // Letters unique to this run: screening holds exact duplicates (digits are ignored), so a rerun on one state stays clean.
  const tag = Math.random().toString(36).replace(/[^a-z]/g, "");
  await w("textarea[name=body]").fill(`Opening the account took ten minutes and the fees are clearly shown (${tag}).`);
  await w("input[name=nickname]").fill("Browser Test");
  await w("input[name=terms_accepted]").check();
  const submitted = page.evaluate(
    () => new Promise((resolve) => document.querySelector(".candor-widget").addEventListener("candor:submitted", () => resolve(true), { once: true })),
  );
  await w("button[type=submit]").click();
  await w("[data-testid=thanks]").waitFor({ timeout: 15_000 });
  assert.equal(await submitted, true, "candor:submitted must fire on the host element");
  await screenshot(page, "demo-submitted-en");

  const stored = await frameStoredReview(page, "harbor", "roth-ira");
  assert.ok(stored, "the status token is kept by the status frame");
  const { id, token } = stored;
  const response = await fetch(`${EDGE}/v1/t/harbor/reviews/${id}/status`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  const status = await response.json();
  assert.equal(status.id, id);
  // A clean text passes automatic screening and waits for compliance review.
  assert.equal(status.stage, "compliance_review");

  // A later visit shows the status of the visitor's own review.
  await page.reload();
  const line = statusFrame(page).locator("[data-testid=review-status]");
  await line.waitFor({ timeout: 15_000 });
  assert.match(await line.textContent(), /in compliance review/);
  await context.close();
});

test("the Chinese page renders the widget in zh-CN on a phone-sized screen", async () => {
  const { context, page } = await openDemo("/demo/zh/roth-ira.html", { width: 375, height: 800 });
  assert.equal(await page.locator(".candor-widget [data-testid=count]").textContent(), "8 条评价");
  await openForm(page);
  assert.equal(await page.locator(".candor-widget button[type=submit]").textContent(), "提交评价");
  assert.equal(await page.locator(".candor-widget [data-field=attr-fees] legend").textContent(), "费用");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, "the widget must fit a 375 px screen without horizontal scrolling");
  await screenshot(page, "demo-phone-zh");
  await context.close();
});
