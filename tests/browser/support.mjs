// Shared helpers of the browser suite: one Chromium per test file, pages against the real local edge, a tiny
// static host server for cross-origin pages, and the console's sign-in through the local Access stand-in.
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

/** The local Cloudflare Access stand-in in front of the edge (`xtask/src/access.rs`): the console's origin. */
export const ACCESS = process.env.CANDOR_ACCESS_URL;

/** How long a console page may take to show its banner after sign-in. */
const SIGN_IN_WAIT_MS = 20_000;

/**
 * Signs `email` in to the console through the Access stand-in, as a person does: `/console/<hash>` sends them to the
 * sign-in page, their button sets the session cookie and brings them back to `/console/`; then `hash` is opened.
 * Resolves with `{ context, page, errors }` (`errors`: the page's uncaught errors) once the console's banner shows.
 * If it does not show in time, it throws with the page's URL, its requests still pending, its answers of 400 or
 * more, failed requests and errors, so that a failure names its cause. One cause was seen: the local `wrangler dev`
 * once held a static file of the console (`boot.js`) for 21 s before answering; when a request is still pending at
 * the deadline, the page is reloaded once (and the test log says so) before giving up.
 */
export async function signIn(browser, email, hash = "", { viewport = DESKTOP, contextOptions = {}, init } = {}) {
  if (!ACCESS) throw new Error("CANDOR_ACCESS_URL is not set: run this suite through `cargo xtask test`");
  const context = await browser.newContext({ viewport, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  const traffic = watchTraffic(page);
  if (init) await init(page);
  try {
    await page.goto(`${ACCESS}/console/${hash}`);
    if (!/\/cdn-cgi\/access\/login/.test(page.url())) {
      throw new Error(`Access did not send a signed-out person to its sign-in page: ${page.url()}`);
    }
    await page.click(`button:has-text("${email}")`);
    await bannerShown(page, traffic);
    // Access sends the person back to the path; the part after `#` never reaches a server.
    if (hash && new URL(page.url()).hash !== hash) {
      await page.goto(`${ACCESS}/console/${hash}`);
      await bannerShown(page, traffic);
    }
  } catch (error) {
    await context.close();
    throw error;
  }
  return { context, page, errors };
}

/** Waits for the console's banner; reloads once if a request is still pending at the deadline; else throws why. */
async function bannerShown(page, traffic) {
  const shown = () => page.locator("header.banner").waitFor({ timeout: SIGN_IN_WAIT_MS }).then(() => true, (error) => {
    if (error.name !== "TimeoutError") throw error;
    return false;
  });
  if (await shown()) return;
  const stalled = traffic.pending();
  if (stalled.length > 0) {
    console.log(`# signIn: still pending after ${SIGN_IN_WAIT_MS} ms at ${page.url()}: ${stalled.join("; ")}; reloading once`);
    await page.reload({ timeout: SIGN_IN_WAIT_MS }).catch(() => {});
    if (await shown()) return;
  }
  throw new Error(`signIn: no console banner at ${page.url()} after ${SIGN_IN_WAIT_MS} ms\n${traffic.describe()}`);
}

/** Records a page's requests still pending, answers of 400 or more, failed requests, and console and page errors. */
function watchTraffic(page) {
  const pending = new Map();
  const problems = [];
  page.on("request", (request) => pending.set(request, Date.now()));
  page.on("requestfinished", (request) => pending.delete(request));
  page.on("requestfailed", (request) => {
    pending.delete(request);
    problems.push(`failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  const pendingNow = () => [...pending].map(([request, since]) => `${request.method()} ${request.url()} (${Date.now() - since} ms)`);
  return {
    pending: pendingNow,
    describe: () =>
      [`pending: ${pendingNow().join("; ") || "none"}`, `problems: ${problems.join("; ") || "none"}`].join("\n"),
  };
}
