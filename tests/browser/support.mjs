// Shared helpers of the browser suite: one Chromium per test file, pages against the real local edge, a tiny
// static host server for cross-origin pages, and D1 access for setup that the public API cannot express.
import { before, after } from "node:test";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const EDGE = process.env.CANDOR_EDGE_URL;
const NODE_MODULES = process.env.CANDOR_NODE_MODULES;
if (!EDGE || !NODE_MODULES) {
  throw new Error("CANDOR_EDGE_URL / CANDOR_NODE_MODULES are not set: run this suite through `cargo xtask test`");
}
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const require = createRequire(join(NODE_MODULES, "noop.js"));
const { chromium } = require("playwright-core");
const SCREENSHOTS = process.env.CANDOR_SCREENSHOTS;

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launches one browser for the calling test file; `browser()` returns it inside tests. */
export function useBrowser() {
  let instance;
  before(async () => {
    instance = await chromium.launch({ executablePath: process.env.CANDOR_CHROMIUM || "/usr/bin/chromium", args: FLAGS });
  });
  after(async () => {
    await instance?.close();
  });
  return () => instance;
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 800 };

/** Opens `url` in a fresh context, collecting page errors; waits for `waitFor` inside a widget if given. */
/** The wasm has taken over (on `candor:ready` the loader removes the first view's marker). */
export const INTERACTIVE = ".candor-widget section.candor:not([data-candor-first-view])";

export async function open(browser, url, { viewport = DESKTOP, colorScheme = "light", waitFor = INTERACTIVE, init } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  if (init) await init(page);
  await page.goto(url);
  if (waitFor === INTERACTIVE) await waitInteractive(page);
  else if (waitFor) await page.locator(waitFor).first().waitFor({ timeout: 20_000 });
  return { context, page, errors };
}

/** Waits until the wasm has replaced the first view of the widget at `host`. */
export async function waitInteractive(page, host = ".candor-widget") {
  await page.waitForFunction((host) => {
    const root = document.querySelector(host)?.shadowRoot;
    return Boolean(root && root.querySelector("section.candor") && !root.querySelector("[data-candor-first-view]"));
  }, host, { timeout: 20_000 });
}

export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Serves the demo's second-origin pages (`demo-site/second-origin/`, `__EDGE__` in a page becomes the edge URL, and
 * the site's stylesheet) on 127.0.0.1, port 8788 when it is free (one of the seeded tenant's allowed origins) and any
 * free port otherwise. Tests that write from another origin use a tenant of their own instead (`tenant.mjs`), whose
 * allowed origin is always its host page's. (`demo.test.mjs` opens the same pages through the xtask's own server.)
 */
export async function hostServer(preferredPort = 8788) {
  const server = createServer((request, response) => {
    const name = new URL(request.url, "http://x").pathname.replace(/^\/+/, "") || "index.html";
    try {
      const file = name === "harbor.css" ? join(ROOT, "demo-site", name) : join(ROOT, "demo-site", "second-origin", name.replace(/\.\./g, ""));
      const body = readFileSync(file, "utf8").replaceAll("__EDGE__", EDGE);
      response.writeHead(200, { "Content-Type": name.endsWith(".css") ? "text/css" : "text/html; charset=utf-8" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  const listen = (port) => new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
  let port;
  try {
    port = await listen(preferredPort);
  } catch {
    port = await listen(0);
  }
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The visitor's status frame of the widget at `host`: an edge page inside the widget's shadow root. */
export function statusFrame(page, host = ".candor-widget") {
  return page.frameLocator(`${host} iframe[data-candor-status-frame]`);
}

/** `{id, token}` the status frame keeps for `tenant`'s `product`, read inside the frame (its origin's storage). */
export async function frameStoredReview(page, tenant, product) {
  const key = `candor:${tenant}:${product}:status`;
  for (const frame of page.frames()) {
    if (!frame.url().includes(`/v1/t/${tenant}/frame/${product}`)) continue;
    const value = await frame.evaluate((key) => localStorage.getItem(key), key);
    if (!value) continue;
    const [id, token] = value.split(":");
    return { id, token };
  }
  return null;
}

/**
 * Opens the review form of the widget inside `host` ("Write a review"), unless it is open already, and waits until
 * it is shown: the loader fetches the form from the edge the first time (and the wasm, if it has loaded, adopts it
 * in the same task).
 */
export async function openForm(page, host = ".candor-widget") {
  const opener = page.locator(`${host} [data-candor-open-form]`);
  if ((await opener.getAttribute("aria-expanded")) !== "true") await opener.click();
  await page.locator(`${host} [data-candor-form-region] form`).waitFor({ state: "visible", timeout: 20_000 });
}

/** Fills the form of the widget inside `host` with a valid review (mouse-free where it matters to nobody). */
export async function fillValidReview(page, host = ".candor-widget", { title = "Clear and cheap" } = {}) {
  const w = (selector) => page.locator(`${host} ${selector}`);
  await openForm(page, host);
  await w("label[for=rating-4]").click();
  await w("input[name=recommend][value=yes]").check();
  await w("select[name=relationship]").selectOption("client");
  await w("input[name=title]").fill(title);
  // The title makes the body unique: screening holds exact duplicates of earlier reviews.
  await w("textarea[name=body]").fill(`${title}: opening the account was quick and the fees are clearly shown.`);
  await w("input[name=nickname]").fill("Browser Test");
  await w("input[name=terms_accepted]").check();
}

/** Resolves with the detail-less event `name` once it fires on the first element matching `selector`. */
export function eventOn(page, selector, name) {
  return page.evaluate(
    ([selector, name]) => new Promise((resolve) => document.querySelector(selector).addEventListener(name, () => resolve(true), { once: true })),
    [selector, name],
  );
}

/**
 * Serves the given pages (`{"/name.html": html}`) from a server of its own on `hostname` (`127.0.0.1`, or
 * `localhost` for a page of another *site* than the edge) and a free port: host pages for embedding tests.
 */
export async function pageServer(pages, hostname = "127.0.0.1") {
  const server = createServer((request, response) => {
    const body = pages[new URL(request.url, "http://x").pathname];
    if (body === undefined) return response.writeHead(404).end();
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(body);
  });
  const port = await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
  return { url: `http://${hostname}:${port}`, close: () => new Promise((r) => server.close(r)) };
}
