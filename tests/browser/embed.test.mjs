// Browser suite, embedding: several widgets from one script, a host page on another origin, asset headers,
// a dead edge, a hidden product line, and the DOM events a host page's analytics listen to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE, useBrowser, open, hostServer, fillValidReview, eventOn, waitInteractive } from "./support.mjs";
import { createTenant, stageOf, storedReview } from "./tenant.mjs";

const browser = useBrowser();

test("one script tag renders every data-candor-product placeholder and fires candor:ready on each", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/products.html", {
    waitFor: null,
    init: (page) => page.addInitScript(() => {
      window.__ready = [];
      document.addEventListener("candor:ready", (event) => window.__ready.push(event.target.getAttribute("data-candor-product")), true);
    }),
  });
  const roth = page.locator("[data-candor-product=roth-ira] [data-testid=mean]").last();
  const savings = page.locator("[data-candor-product=high-yield-savings] [data-testid=mean]").last();
  await roth.waitFor({ timeout: 20_000 });
  await savings.waitFor({ timeout: 20_000 });
  assert.equal(await roth.textContent(), "3.6");
  assert.equal(await savings.textContent(), "4.0");
  await page.waitForFunction(() => window.__ready.length === 2);
  assert.deepEqual((await page.evaluate(() => window.__ready)).sort(), ["high-yield-savings", "roth-ira"]);
  const bundles = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).length);
  assert.equal(bundles, 1, "two widgets share one wasm download");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a host page on another origin embeds the widget and submits a review through CORS", async () => {
  // The demo's cross-origin page, served from a second origin: the widget renders the seeded tenant's scores.
  const host = await hostServer();
  try {
    const { context, page, errors } = await open(browser(), host.url + "/");
    assert.equal(await page.locator(".candor-widget [data-testid=mean]").textContent(), "3.6");
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await host.close();
  }
  // The submission, from a host origin a tenant of its own allows (whatever port was free), always made.
  const tenant = await createTenant();
  assert.notEqual(new URL(tenant.origin).origin, new URL(EDGE).origin, "the host page is on another origin");
  const { context, page, errors } = await open(browser(), tenant.page("en"));
  const preflights = [];
  page.on("request", (request) => request.method() === "OPTIONS" && preflights.push(request.url()));
  const posts = [];
  page.on("response", (response) => response.request().method() === "POST" && posts.push(response.status()));
  await fillValidReview(page, ".candor-widget", { title: "Cross-origin review" });
  const submitted = eventOn(page, ".candor-widget", "candor:submitted");
  await page.locator(".candor-widget button[type=submit]").click();
  await page.locator(".candor-widget [data-testid=thanks]").waitFor({ timeout: 15_000 });
  assert.equal(await submitted, true);
  assert.deepEqual(posts, [202], "one cross-origin POST, accepted");
  const review = await storedReview(page, tenant);
  assert.ok(review, "the widget kept the review's status token");
  assert.equal(await stageOf(tenant, review), "compliance_review");
  assert.deepEqual(errors, []);
  await context.close();
});

test("static widget assets allow any origin and the wasm is served as application/wasm", async () => {
  const loader = await fetch(`${EDGE}/v1/widget.js`, { headers: { Origin: "https://bank.example" } });
  assert.equal(loader.status, 200);
  assert.equal(loader.headers.get("access-control-allow-origin"), "*");
  assert.match(loader.headers.get("content-type"), /javascript/);
  const source = await loader.text();
  const bundlePath = source.match(/\/widget\/[^"']+\.js/)[0];
  const bundle = await fetch(EDGE + bundlePath, { headers: { Origin: "https://bank.example" } });
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers.get("access-control-allow-origin"), "*");
  assert.match(bundle.headers.get("cache-control"), /immutable/);
  const wasmPath = (await bundle.text()).match(/candor\.[0-9a-f]+\.wasm/)[0];
  const wasm = await fetch(EDGE + bundlePath.replace(/[^/]+$/, wasmPath), { headers: { Origin: "https://bank.example" } });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("access-control-allow-origin"), "*");
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
});

test("when the edge is down the widget shows nothing and throws nothing into the host page", async () => {
  // The loader loads and runs (it is not blocked, unlike a test that would only show a page without the widget);
  // every call it makes to the API fails: refused connections, and the edge's own 503 and 500 answers.
  const failures = {
    refused: (route) => route.abort("connectionrefused"),
    unavailable: (route) => route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"storage_unavailable","message":"x"}}' }),
    broken: (route) => route.fulfill({ status: 500, contentType: "text/plain", body: "upstream failure" }),
  };
  for (const [name, fail] of Object.entries(failures)) {
    const failed = [];
    const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", {
      waitFor: null,
      init: (page) => page.route("**/v1/t/**", (route) => {
        failed.push(route.request().url());
        return fail(route);
      }),
    });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((entry) => new URL(entry.name).pathname));
    assert.ok(loaded.includes("/v1/widget.js"), `${name}: the loader was fetched`);
    assert.ok(failed.length > 0, `${name}: the loader asked the API for the widget's data`);
    const shown = await page.evaluate(() => {
      const host = document.querySelector(".candor-widget");
      return Boolean(host && host.shadowRoot && host.shadowRoot.querySelector(".candor"));
    });
    assert.equal(shown, false, `${name}: nothing may be shown when the API fails`);
    assert.deepEqual(errors, [], `${name}: no error may reach the host page`);
    await context.close();
  }
});

test("a product whose line is hidden renders nothing", async () => {
  // A tenant of its own, its catalogue changed through the staff API: a hidden line with one product in it.
  const tenant = await createTenant();
  const line = await tenant.staff("marketer", "POST", "/v1/admin/product-lines", { id: "browser-hidden", name: "Hidden line", visible: false });
  assert.equal(line.status, 201, JSON.stringify(line.json));
  const product = await tenant.staff("marketer", "POST", "/v1/admin/products", { id: "browser-hidden-product", line_id: "browser-hidden", name: "Hidden product" });
  assert.equal(product.status, 201, JSON.stringify(product.json));
  const summary = await (await fetch(`${EDGE}/v1/t/${tenant.id}/products/browser-hidden-product/summary`)).json();
  assert.equal(summary.visible, false);
  const { context, page, errors } = await open(browser(), EDGE + "/demo/products.html", {
    waitFor: null,
    // The host page (not our API) is changed on the way: the tenant's visible product and the hidden one.
    init: (page) => page.route("**/demo/products.html", async (route) => {
      const response = await route.fetch();
      const html = (await response.text())
        .replace('data-tenant="harbor"', `data-tenant="${tenant.id}"`)
        .replace('data-candor-product="roth-ira"', 'data-candor-product="savings"')
        .replace('<div class="candor-widget" data-candor-product="high-yield-savings">', '<div id="hidden-one" data-candor-product="browser-hidden-product">');
      await route.fulfill({ response, body: html });
    }),
  });
  await waitInteractive(page, "[data-candor-product=savings]");
  await page.waitForLoadState("networkidle");
  const rendered = await page.evaluate(() => {
    const host = document.getElementById("hidden-one");
    return { height: host.getBoundingClientRect().height, content: host.shadowRoot ? host.shadowRoot.querySelectorAll(".candor,form").length : 0 };
  });
  assert.deepEqual(rendered, { height: 0, content: 0 });
  assert.deepEqual(errors, []);
  await context.close();
});
