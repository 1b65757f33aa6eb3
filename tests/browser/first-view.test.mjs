// Browser suite, the first view: HTML rendered on the edge before any wasm, the wasm only on interaction or idle,
// no layout shift below the fold, and the iframe page when a strict CSP refuses WebAssembly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EDGE, ROOT, DESKTOP, PHONE, useBrowser, open, hostServer, waitInteractive, pageServer } from "./support.mjs";

const browser = useBrowser();
const FIRST_VIEW = ".candor-widget [data-candor-first-view]";

/** Records (in page time) when the first view is complete: scores, histogram and the "Write a review" button (the
 * form itself is fetched when the visitor opens it). */
function recordFirstView(page) {
  return page.addInitScript(() => {
    const check = () => {
      const root = document.querySelector(".candor-widget")?.shadowRoot;
      const view = root?.querySelector("[data-candor-first-view]");
      if (view && view.querySelector("[data-testid=mean]") && view.querySelectorAll(".histogram li").length === 5 && view.querySelector("[data-candor-open-form]")) {
        window.__firstViewAt = performance.now();
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

test("the first view is complete before the first wasm request", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", { init: recordFirstView });
  const timing = await page.evaluate(() => ({
    firstView: window.__firstViewAt,
    wasm: performance.getEntriesByType("resource").find((entry) => entry.name.endsWith(".wasm"))?.startTime,
  }));
  assert.ok(timing.firstView > 0, "the first view was seen");
  assert.ok(timing.wasm > 0, "the wasm was loaded (idle)");
  assert.ok(timing.firstView < timing.wasm, `first view at ${timing.firstView} ms, wasm requested at ${timing.wasm} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("with requestIdleCallback that never fires, no wasm is requested until the first interaction", async () => {
  const wasm = [];
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", {
    waitFor: FIRST_VIEW + " [data-testid=mean]",
    init: async (page) => {
      page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(request.url()));
      await page.addInitScript(() => {
        window.requestIdleCallback = () => 0;
      });
    },
  });
  await page.waitForTimeout(2500);
  assert.deepEqual(wasm, [], "no wasm before an interaction");
  // The first touch: "Write a review", then a star of the first view's form. The wasm loads, takes over, and the
  // chosen star stays chosen.
  await page.locator(".candor-widget [data-candor-open-form]").click();
  await page.locator(".candor-widget label[for=rating-3]").first().click();
  await waitInteractive(page);
  assert.equal(wasm.length, 1);
  assert.equal(await page.locator(".candor-widget #rating-3").isChecked(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a widget far below the fold loads before it is visible and causes no layout shift (CLS 0)", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/long.html", {
    waitFor: null,
    init: (page) => page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    }),
  });
  await page.waitForLoadState("networkidle");
  for (let y = 0; y <= 4200; y += 300) {
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(120);
  }
  await waitInteractive(page);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__cls), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("when a strict CSP refuses WebAssembly the iframe page replaces the widget and is sized to its content", async () => {
  const host = await hostServer();
  try {
    const { context, page } = await open(browser(), host.url + "/csp.html", { waitFor: null });
    const frameHost = page.locator(".candor-widget iframe[data-candor-frame]");
    await frameHost.waitFor({ timeout: 20_000 });
    const frame = page.frameLocator(".candor-widget iframe[data-candor-frame]");
    await frame.locator(".candor-widget [data-testid=mean]").last().waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator(".candor-widget [data-testid=mean]").last().textContent(), "3.6");
    // The iframe reports its height; the loader sizes the frame so nothing scrolls inside it.
    await page.waitForFunction(() => {
      const frame = document.querySelector(".candor-widget").shadowRoot.querySelector("iframe");
      return frame && parseInt(frame.style.height, 10) > 1000;
    }, null, { timeout: 15_000 });
    await context.close();
  } finally {
    await host.close();
  }
});

test("the embed endpoint answers a cacheable first-view fragment and a full iframe page", async () => {
  const fragment = await fetch(`${EDGE}/v1/t/harbor/embed/roth-ira?locale=zh-CN`);
  assert.equal(fragment.status, 200);
  assert.match(fragment.headers.get("content-type"), /^text\/html/);
  assert.match(fragment.headers.get("cache-control"), /s-maxage=30/);
  const etag = fragment.headers.get("etag");
  const html = await fragment.text();
  assert.match(html, /8 条评价/);
  assert.doesNotMatch(html, /<script/);
  const again = await fetch(`${EDGE}/v1/t/harbor/embed/roth-ira?locale=zh-CN`, { headers: { "If-None-Match": etag } });
  assert.equal(again.status, 304);
  const page = await (await fetch(`${EDGE}/v1/t/harbor/embed/roth-ira?page=1`)).text();
  assert.match(page, /^<!doctype html>/);
  assert.match(page, /data-candor-product="roth-ira"/);
  assert.equal((await fetch(`${EDGE}/v1/t/harbor/embed/no-such-product`)).status, 404);
});

test("the iframe page embedded directly (no script tag, as the embed guide shows) renders the widget inside its frame", async () => {
  const server = await pageServer({
    "/framed.html":
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framed</title></head><body>` +
      `<iframe src="${EDGE}/v1/t/harbor/embed/roth-ira?page=1&locale=en" title="Client ratings" style="border:0;width:100%;height:1100px"></iframe></body></html>`,
  });
  const { context, page, errors } = await open(browser(), server.url + "/framed.html", { waitFor: null });
  try {
    const frame = page.frameLocator("iframe");
    await frame.locator(".candor-widget [data-testid=mean]").waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator(".candor-widget [data-testid=count]").textContent(), "8 reviews");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

/** CLS of `page` (in page time), recorded from the start by a PerformanceObserver. */
const observeLayoutShift = (page) => page.addInitScript(() => {
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
});

for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  test(`a widget in the first viewport with the embed guide's height reservation shifts nothing (CLS 0, ${size})`, async () => {
    const guide = readFileSync(join(ROOT, "docs", "embedding.md"), "utf8");
    // One line per breakpoint: the desktop box, then the phone box.
    const line = guide.match(/^\.candor-widget, \[data-candor-product\] \{ display: block; min-height: \d+px; \}\n@media \(max-width: \d+px\) \{ \.candor-widget, \[data-candor-product\] \{ min-height: \d+px; \} \}$/m)?.[0];
    assert.ok(line, "the embed guide gives the reservation lines");
    const run = async (reserve) => {
      const { context, page, errors } = await open(browser(), EDGE + "/demo/first-viewport.html", {
        viewport,
        waitFor: null,
        init: async (page) => {
          await observeLayoutShift(page);
          // The page uses the guide's line verbatim; the control run removes it.
          await page.route("**/demo/first-viewport.html", async (route) => {
            const response = await route.fetch();
            const html = (await response.text()).replace(/^ {4}\.candor-widget, .*\n {4}@media .*$/m, reserve ? line : "");
            await route.fulfill({ response, body: html });
          });
        },
      });
      await waitInteractive(page);
      await page.waitForTimeout(300);
      const result = await page.evaluate(() => ({
        cls: window.__cls,
        widget: document.querySelector(".candor-widget").shadowRoot.querySelector(".candor").getBoundingClientRect().height,
        box: document.querySelector(".candor-widget").getBoundingClientRect().height,
      }));
      await context.close();
      assert.deepEqual(errors, []);
      return result;
    };
    const reserved = await run(true);
    assert.equal(reserved.cls, 0);
    assert.ok(reserved.widget <= reserved.box, `the widget (${reserved.widget} px) fits the reserved box (${reserved.box} px)`);
    // Control: without the line the text after the widget moves, so this test can fail.
    assert.ok((await run(false)).cls > 0);
  });
}
