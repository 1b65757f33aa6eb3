// Browser suite, the compact widget: the first view ends with "Write a review" and fits 1,100 px at 1280 px; the
// form opens in place (focus moves in), Escape and Cancel close it (focus back on the button), a saved draft
// reopens it; long review bodies are clamped to four lines with an in-place "Read more" that never changes the
// text; a widget far below the fold makes no request until it nears the viewport.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE, useBrowser, open, DESKTOP, PHONE, pageServer, waitInteractive, openForm } from "./support.mjs";
import { createTenant, publishReview } from "./tenant.mjs";

const browser = useBrowser();
const W = ".candor-widget";
const height = (page) => page.evaluate(() => document.querySelector(".candor-widget").shadowRoot.querySelector(".candor").getBoundingClientRect().height);
/** Where focus is inside the widget: "region" (in the form), "opener", or what else it is. */
const focus = (page) => page.evaluate(() => {
  const root = document.querySelector(".candor-widget").shadowRoot;
  const active = root.activeElement;
  if (!active) return "none";
  if (active.closest("[data-candor-form-region]")) return "region";
  if (active.matches("[data-candor-open-form]")) return "opener";
  return active.tagName;
});

for (const interactive of [false, true]) {
  test(`the Roth IRA first view is compact: three reviews, the form closed, at most 1,100 px at 1280 px (${interactive ? "interactive" : "before the wasm"})`, async () => {
    const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", {
      viewport: DESKTOP,
      waitFor: interactive ? undefined : `${W} [data-candor-first-view] [data-testid=mean]`,
      init: interactive ? undefined : (page) => page.addInitScript(() => { window.requestIdleCallback = () => 0; }),
    });
    assert.equal(await page.locator(`${W} .review`).count(), 3);
    assert.equal(await page.locator(`${W} [data-candor-form-region]`).isHidden(), true);
    assert.equal(await page.locator(`${W} [data-candor-open-form]`).getAttribute("aria-expanded"), "false");
    assert.equal(await page.locator(`${W} [data-candor-open-form]`).textContent(), "Write a review");
    for (const part of ["[data-testid=mean]", ".histogram", "[data-testid=attribute-scores]", ".recommend", ".disclosure", "[data-testid=how-reviews-work]"]) {
      assert.equal(await page.locator(`${W} ${part}`).first().isVisible(), true, part);
    }
    const tall = await height(page);
    assert.ok(tall <= 1100, `${tall} px tall`);
    // Opening the form is what makes it tall: the limit is about the closed first view.
    await openForm(page);
    assert.ok((await height(page)) > tall + 400);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the form opens in place with focus inside; Escape and Cancel close it and give focus back; a draft reopens it", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", { viewport: PHONE });
  const opener = page.locator(`${W} [data-candor-open-form]`);
  const region = page.locator(`${W} [data-candor-form-region]`);
  await opener.click();
  // The form is fetched from the edge at the first opening.
  await region.locator("form").waitFor({ state: "visible" });
  assert.equal(await opener.getAttribute("aria-expanded"), "true");
  assert.equal(await focus(page), "region");
  await page.keyboard.press("Escape");
  assert.equal(await region.isHidden(), true);
  assert.equal(await opener.getAttribute("aria-expanded"), "false");
  assert.equal(await focus(page), "opener");
  // Keyboard only: Enter on the focused button opens it again; Cancel closes it.
  await page.keyboard.press("Enter");
  assert.equal(await focus(page), "region");
  await page.locator(`${W} input[name=title]`).fill("A draft kept for later");
  await page.locator(`${W} [data-candor-close-form]`).click();
  assert.equal(await region.isHidden(), true);
  assert.equal(await focus(page), "opener");
  // The draft was kept: a reload reopens the form with it (without stealing focus from the page).
  await page.reload();
  // Chromium restores the scroll position below the widget, whose host on this page reserves no height (0 px until
  // it is shown), more than the loader's 800 px margin away: it loads when the visitor comes back to it, as here.
  await page.evaluate(() => document.querySelector(".candor-widget").scrollIntoView({ block: "start" }));
  await waitInteractive(page);
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("input[name=title]")?.value === "A draft kept for later");
  assert.equal(await region.isVisible(), true);
  assert.equal(await focus(page), "none");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a long review is clamped to four lines with Read more, which opens it in place without changing the text", async () => {
  const tenant = await createTenant();
  const long = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}: the statement explained every fee and the adviser called back.`).join("\n");
  await publishReview(tenant, { title: "Short one", body: `Short and clear ${tenant.id}.`, nickname: "Short" });
  await publishReview(tenant, { title: "Long one", body: long, nickname: "Long" });
  const { context, page, errors } = await open(browser(), tenant.page("en"), { viewport: PHONE, waitFor: `${W} [data-testid=mean]` });
  const review = (title) => page.locator(`${W} .review`, { has: page.locator(".review-title", { hasText: title }) });
  const longBody = review("Long one").locator(".review-body");
  const more = review("Long one").locator("[data-candor-read-more]");
  await more.locator(".more").waitFor({ state: "visible" });
  assert.equal(await review("Short one").locator("[data-candor-read-more]").isVisible(), false, "no Read more on a short body");
  const lineHeight = await longBody.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  const clamped = (await longBody.boundingBox()).height;
  assert.ok(clamped <= lineHeight * 4 + 1, `clamped to four lines (${clamped} px)`);
  // Display only: the whole text is in the DOM, unchanged.
  assert.equal(await longBody.textContent(), long);
  await more.click();
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  assert.equal(await more.textContent(), "Read moreShow less");
  assert.equal(await more.locator(".less").isVisible(), true);
  assert.ok((await longBody.boundingBox()).height > lineHeight * 12, "opened in place");
  await more.click();
  assert.ok((await longBody.boundingBox()).height <= lineHeight * 4 + 1, "closed again");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a widget far below the fold makes no request until it is within the loader's margin", async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Long page</title></head><body style="margin:0">
    <h1>Products</h1><div style="height:6000px">Content</div>
    <div class="candor-widget" data-candor-product="roth-ira" data-candor-tenant="harbor"></div>
    <script async src="${EDGE}/v1/widget.js"></script></body></html>`;
  const server = await pageServer({ "/long.html": html });
  try {
    const requests = [];
    const { context, page, errors } = await open(browser(), server.url + "/long.html", {
      waitFor: null,
      init: (page) => page.on("request", (request) => requests.push(new URL(request.url()).pathname)),
    });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(1500);
    assert.deepEqual(requests.filter((path) => path !== "/long.html"), ["/v1/widget.js"], "only the loader itself");
    const top = await page.evaluate(() => document.querySelector(".candor-widget").getBoundingClientRect().top + window.scrollY);
    // Scrolled so that the widget is 1,000 px below the viewport: still outside the 800 px margin.
    await page.evaluate((y) => window.scrollTo(0, y), top - 900 - 1000);
    await page.waitForTimeout(800);
    assert.equal(requests.some((path) => path.includes("/embed/")), false);
    // Within the margin: the first view is fetched and shown before the widget is on screen.
    await page.evaluate((y) => window.scrollTo(0, y), top - 900 - 400);
    await page.locator(`${W} [data-testid=mean]`).waitFor({ timeout: 15_000 });
    assert.ok(requests.some((path) => path === "/v1/t/harbor/embed/roth-ira"));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await server.close();
  }
});
