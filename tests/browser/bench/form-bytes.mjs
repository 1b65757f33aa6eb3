// The widget's requests before and after the form opens, on the demo page (desktop, fresh context): the idle
// prefetch of the bundle is turned off (requestIdleCallback never fires), the first view is awaited, then "Write a
// review" is clicked and the wasm's take-over awaited. Run by `cargo xtask bench` (CANDOR_EDGE_URL,
// CANDOR_NODE_MODULES), which sizes each answer (raw, gzip, brotli); prints one JSON line with the two lists of
// paths. Measures; asserts nothing.
import { createRequire } from "node:module";
import { join } from "node:path";

const EDGE = process.env.CANDOR_EDGE_URL;
const require = createRequire(join(process.env.CANDOR_NODE_MODULES, "noop.js"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath: process.env.CANDOR_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.addInitScript(() => {
  window.requestIdleCallback = () => 0;
});
// Every GET the widget makes (loader, first view, bundle, wasm, API reads), in order; the host page's own files
// (`/demo/…`) are not the widget's.
const requested = [];
page.on("request", (request) => {
  const url = new URL(request.url());
  if (url.origin === EDGE && request.method() === "GET" && !url.pathname.startsWith("/demo/")) {
    requested.push(url.pathname + url.search);
  }
});
await page.goto(EDGE + "/demo/roth-ira.html");
await page.waitForFunction(() => Boolean(document.querySelector(".candor-widget")?.shadowRoot
  ?.querySelector("[data-candor-first-view] [data-testid=mean]")), null, { timeout: 20_000 });
await page.waitForLoadState("networkidle");
const before = requested.splice(0);
await page.locator(".candor-widget [data-candor-open-form]").click();
// The wasm has taken over the form the click fetched: it carries `data-state`, and the first view's marker is gone.
await page.waitForFunction(() => {
  const shadow = document.querySelector(".candor-widget").shadowRoot;
  return Boolean(shadow.querySelector("[data-state]") && !shadow.querySelector("[data-candor-first-view]"));
}, null, { timeout: 20_000 });
await page.waitForLoadState("networkidle");
await page.waitForTimeout(500);
const after = requested.splice(0);
await context.close();
await browser.close();
console.log(JSON.stringify({ before, after }));
