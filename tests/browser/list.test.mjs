// Browser suite, the read side: the disclosure, the population, the "How these reviews work" panel and the first
// reviews in the first view (before any wasm), then the interactive list: sort, star filter from the histogram with a
// visible "clear filter", language filter, "load more", helpful votes, reports with a reason, zh-CN, and JSON-LD in
// the light DOM only when the tenant turned it on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE, PHONE, require, useBrowser, open, waitInteractive } from "./support.mjs";
import { createTenant } from "./tenant.mjs";

const browser = useBrowser();
const W = ".candor-widget";

/** Titles of the reviews the list shows, in order. */
const titles = (page) => page.locator(`${W} .review .review-title`).allTextContents();

/** Does `action` and waits until the list has shown the edge's answer to it. */
async function choose(page, action) {
  const answered = page.waitForResponse((response) => response.url().includes("/embed/roth-ira/reviews?"));
  await action();
  await answered;
  await settled(page);
}

/** Waits until the list has answered the visitor's last choice. */
async function settled(page) {
  await page.waitForFunction((w) => {
    const list = document.querySelector(w)?.shadowRoot?.querySelector("[data-list]");
    return list && !list.hasAttribute("aria-busy");
  }, W, { timeout: 15_000 });
}

test("the first view shows the disclosure, the population, the panel and the three newest reviews before any wasm", async () => {
  const wasm = [];
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", {
    waitFor: `${W} [data-candor-first-view] .review`,
    init: async (page) => {
      page.on("request", (request) => request.url().endsWith(".wasm") && wasm.push(request.url()));
      await page.addInitScript(() => {
        window.requestIdleCallback = () => 0;
      });
    },
  });
  const w = (selector) => page.locator(`${W} ${selector}`);
  assert.match(await w("[data-testid=disclosure-text]").textContent(), /^Ratings are collected by Harbor Federal/);
  assert.equal(await w("[data-testid=disclosure]").getAttribute("data-version"), "1");
  assert.match(await w("[data-testid=population]").textContent(), /Scores count all published reviews/);
  // The disclosure sits next to the aggregate at the same size and contrast as the text around it: never a link.
  const look = await page.evaluate((w) => {
    const root = document.querySelector(w).shadowRoot;
    const style = (el) => getComputedStyle(el);
    const disclosure = root.querySelector("[data-testid=disclosure]");
    const body = root.querySelector(".candor");
    return {
      size: [style(disclosure).fontSize, style(body).fontSize],
      color: [style(disclosure).color, style(body).color],
      links: disclosure.querySelectorAll("a").length,
      afterScore: root.querySelector(".score").compareDocumentPosition(disclosure) & Node.DOCUMENT_POSITION_FOLLOWING,
    };
  }, W);
  assert.equal(look.size[0], look.size[1]);
  assert.equal(look.color[0], look.color[1]);
  assert.equal(look.links, 0);
  assert.ok(look.afterScore);
  assert.deepEqual(wasm, [], "all of this is there before any wasm");
  // The panel: a closed <details> that opens on a click and says how reviews are collected, checked and shown.
  const panel = w("[data-testid=how-reviews-work]");
  assert.equal(await panel.locator("summary").textContent(), "How these reviews work");
  assert.equal(await panel.evaluate((details) => details.open), false);
  await panel.locator("summary").click();
  assert.equal(await panel.evaluate((details) => details.open), true);
  const panelText = await panel.textContent();
  for (const phrase of [/Collection/, /not verified as coming from clients/, /compliance/, /All ratings are published/, /incentive/, /newest first/]) {
    assert.match(panelText, phrase);
  }
  // It promises nothing Candor lacks: there is no invitation signing, so no "verified client" badge is promised.
  assert.doesNotMatch(panelText, /invit|signed/i);
  // Opening the panel is a click inside the widget: it may wake the wasm. Everything above was checked first.
  const reviews = await titles(page);
  assert.equal(reviews.length, 3);
  assert.deepEqual(reviews, ["Fine, but the app is slow", "Great onboarding", "Solid and cheap"]);
  assert.match(await w(".review[data-review=seed-roth-06] .badges").textContent(), /Incentivised/);
  assert.match(await w(".review[data-review=seed-roth-06] time").getAttribute("datetime"), /^\d{4}-\d\d-\d\d$/);
  assert.equal(await w("[data-more]").isVisible(), true, "more reviews follow");
  assert.deepEqual(errors, []);
  await context.close();
});

test("before the first wasm request the reviews are already in the first view", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", {
    init: (page) => page.addInitScript(() => {
      const seen = () => document.querySelector(".candor-widget")?.shadowRoot?.querySelectorAll("[data-candor-first-view] .review").length === 3;
      const check = () => (seen() ? (window.__reviewsAt = performance.now()) : requestAnimationFrame(check));
      requestAnimationFrame(check);
    }),
  });
  const timing = await page.evaluate(() => ({
    reviews: window.__reviewsAt,
    wasm: performance.getEntriesByType("resource").find((entry) => entry.name.endsWith(".wasm"))?.startTime,
  }));
  assert.ok(timing.reviews > 0 && timing.wasm > 0);
  assert.ok(timing.reviews < timing.wasm, `reviews at ${timing.reviews} ms, wasm requested at ${timing.wasm} ms`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the wasm takes the list over in place: the first reviews do not move", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", { waitFor: `${W} [data-candor-first-view] .review` });
  const before = await page.evaluate((w) => [...document.querySelector(w).shadowRoot.querySelectorAll(".review")].map((r) => r.getBoundingClientRect().top), W);
  await waitInteractive(page);
  const after = await page.evaluate((w) => [...document.querySelector(w).shadowRoot.querySelectorAll(".review")].map((r) => r.getBoundingClientRect().top), W);
  assert.deepEqual(after, before);
  assert.deepEqual(errors, []);
  await context.close();
});

test("sort, star filter with a visible clear, load more: negative reviews are shown like any other", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html");
  const w = (selector) => page.locator(`${W} ${selector}`);
  // Lowest first: the one-star review leads.
  await choose(page, () => w("select[data-sort]").selectOption("lowest"));
  assert.equal((await titles(page))[0], "Contribution posted to the wrong year");
  assert.equal(await w(".review").first().getAttribute("data-rating"), "1");
  // Highest first.
  await choose(page, () => w("select[data-sort]").selectOption("highest"));
  assert.equal(await w(".review").first().getAttribute("data-rating"), "5");
  // The 2-star bar of the histogram filters; a visible "clear filter" brings everything back.
  assert.equal(await w("[data-filter-note]").isVisible(), false);
  await choose(page, () => w("button[data-stars='2']").click());
  assert.deepEqual(await titles(page), ["Advice felt like a sales pitch"]);
  assert.equal(await w("button[data-stars='2']").getAttribute("aria-pressed"), "true");
  assert.equal(await w("[data-filter-note]").isVisible(), true);
  assert.match(await w("[data-filter-text]").textContent(), /2-star/);
  await choose(page, () => w("[data-clear]").click());
  assert.equal(await w("[data-filter-note]").isVisible(), false);
  assert.equal(await w("button[data-stars='2']").getAttribute("aria-pressed"), "false");
  // Newest again, then "load more" with the cursor: every published review, good and bad, exactly once.
  await choose(page, () => w("select[data-sort]").selectOption("newest"));
  const first = await titles(page);
  if (await w("[data-more]").isVisible()) await choose(page, () => w("[data-more]").click());
  const all = await titles(page);
  assert.ok(all.length >= 8, `${all.length} reviews`);
  assert.deepEqual(all.slice(0, first.length), first);
  assert.equal(new Set(all).size, all.length, "no review twice");
  const ratings = await w(".review").evaluateAll((items) => items.map((item) => item.getAttribute("data-rating")));
  for (const stars of ["1", "2", "3", "4", "5"]) assert.ok(ratings.includes(stars), `a ${stars}-star review is shown`);
  assert.equal(await w("[data-more]").isVisible(), false, "nothing more to load");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the language filter shows one language only when the visitor asks for it", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html");
  const w = (selector) => page.locator(`${W} ${selector}`);
  await choose(page, () => w("select[data-language]").selectOption("zh-CN"));
  assert.deepEqual(await titles(page), ["转账很顺利"]);
  await choose(page, () => w("select[data-language]").selectOption(""));
  assert.ok((await titles(page)).length >= 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test("helpful: one vote per visitor, the count goes up by one and the button stays pressed", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html");
  const button = page.locator(`${W} .review[data-review=seed-roth-07] [data-helpful]`);
  const count = async () => Number((await button.locator("[data-count]").textContent()).replace(/\D/g, ""));
  const before = await count();
  assert.equal(await button.getAttribute("aria-pressed"), "false");
  const voted = page.waitForResponse((response) => response.url().endsWith("/reviews/seed-roth-07/helpful"));
  await button.click();
  assert.equal((await voted).status(), 200);
  await page.waitForFunction((w) => document.querySelector(w).shadowRoot.querySelector(".review[data-review=seed-roth-07] [data-helpful]").getAttribute("aria-pressed") === "true", W);
  assert.equal(await count(), before + 1);
  // A second click sends nothing.
  let again = 0;
  page.on("request", (request) => request.url().endsWith("/helpful") && again++);
  await button.click();
  await page.waitForTimeout(300);
  assert.equal(again, 0);
  // The edge keeps the vote: another page view of the same visitor is refused and shown as voted.
  const second = await context.newPage();
  await second.goto(EDGE + "/demo/roth-ira.html");
  await waitInteractive(second);
  const other = second.locator(`${W} .review[data-review=seed-roth-07] [data-helpful]`);
  const refused = second.waitForResponse((response) => response.url().endsWith("/reviews/seed-roth-07/helpful"));
  await other.click();
  assert.equal((await refused).status(), 409);
  await second.waitForFunction((w) => document.querySelector(w).shadowRoot.querySelector(".review[data-review=seed-roth-07] [data-helpful]").getAttribute("aria-pressed") === "true", W);
  assert.match(await second.locator(`${W} [data-list-status]`).textContent(), /already marked/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("report: an accessible dialog with the reasons the edge accepts; a reason is required; the review stays", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html");
  const w = (selector) => page.locator(`${W} ${selector}`);
  await w(".review[data-review=seed-roth-08] [data-report]").click();
  const dialog = w("dialog[data-report-dialog]");
  await dialog.waitFor({ state: "visible" });
  assert.equal(await dialog.evaluate((d) => d.open && d.matches(":modal")), true);
  assert.equal(await dialog.getAttribute("aria-labelledby"), "report-heading");
  const reasons = await dialog.locator("input[name=report-reason]").evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(reasons, [
    "personal_information", "profanity", "spam_or_advertising", "off_topic",
    "not_a_client_experience", "legal_or_compliance", "duplicate", "impersonation",
  ]);
  // Without a reason nothing is sent.
  await dialog.locator("[data-report-send]").click();
  assert.equal(await dialog.locator("[data-report-status]").textContent(), "Choose a reason.");
  // Escape closes it (native modal dialog); reopen, choose by keyboard-reachable label, send.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await w(".review[data-review=seed-roth-08] [data-report]").click();
  await dialog.getByText("It is not about this product").click();
  const sent = page.waitForResponse((response) => response.url().endsWith("/reviews/seed-roth-08/flags"));
  await dialog.locator("[data-report-send]").click();
  const response = await sent;
  assert.equal(response.status(), 201);
  assert.equal(JSON.parse(response.request().postData()).reason, "off_topic");
  await dialog.waitFor({ state: "hidden" });
  assert.match(await w("[data-list-status]").textContent(), /compliance team will check/);
  // A report never hides the review.
  assert.equal(await w(".review[data-review=seed-roth-08]").isVisible(), true);
  const list = await (await fetch(`${EDGE}/v1/t/harbor/products/roth-ira/reviews?limit=50`)).json();
  assert.ok(list.reviews.some((review) => review.id === "seed-roth-08"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("zh-CN: the disclosure, panel, list controls, badges and dates are Chinese", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/zh/roth-ira.html");
  const w = (selector) => page.locator(`${W} ${selector}`);
  assert.match(await w("[data-testid=disclosure-text]").textContent(), /^评分由港湾联邦银行/);
  assert.match(await w("[data-testid=population]").textContent(), /评分统计所有已发布的评价/);
  assert.equal(await w("[data-testid=how-reviews-work] summary").textContent(), "这些评价是如何产生的");
  assert.equal(await w("#reviews-heading").textContent(), "评价");
  assert.deepEqual(await w("select[data-sort] option").allTextContents(), ["最新优先", "评分最高", "评分最低", "最有帮助"]);
  assert.match(await w(".review time").first().textContent(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
  assert.match(await w("[data-more]").textContent(), /加载更多评价/);
  // Pages loaded by the wasm keep the visitor's language.
  await choose(page, () => w("[data-more]").click());
  assert.match(await w(".review .badges").last().textContent(), /客户|员工|获得奖励|非客户/);
  assert.match(await w(".review [data-helpful]").last().textContent(), /有帮助/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("JSON-LD AggregateRating goes into the light DOM only when the tenant turned it on, safely serialised", async () => {
  // Off (the default): nothing, neither in the page nor in the fragment.
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html", { waitFor: `${W} [data-testid=mean]` });
  assert.equal(await page.evaluate(() => document.querySelectorAll('script[type="application/ld+json"]').length), 0);
  assert.doesNotMatch(await (await fetch(`${EDGE}/v1/t/harbor/embed/roth-ira`)).text(), /ld\+json/);
  await context.close();
  assert.deepEqual(errors, []);

  // On: a tenant of its own, set up through the staff API: JSON-LD on, a product whose name tries to end the
  // script element, and one published four-star review.
  const name = "Roth IRA </script><script>window.__pwned=1</script>";
  const tenant = await createTenant();
  const settings = await tenant.staff("admin", "GET", "/v1/admin/settings");
  assert.equal(settings.status, 200);
  const saved = await tenant.staff("admin", "PUT", "/v1/admin/settings", { ...settings.json, json_ld: true });
  assert.equal(saved.status, 200, JSON.stringify(saved.json));
  const renamed = await tenant.staff("marketer", "PATCH", `/v1/admin/products/${tenant.product}`, { name });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
  const submitted = await fetch(`${EDGE}/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": `ld-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({
      rating: 4, attributes: { fees: 4 }, would_recommend: true, title: "Clear and cheap",
      body: `The fees are low and the ${tenant.id} app explains every charge clearly.`,
      nickname: "Ld", relationship: "client", incentive: "none", locale: "en", terms_accepted: true,
    }),
  });
  assert.equal(submitted.status, 202);
  const { id } = await submitted.json();
  for (const role of ["compliance", "owner"]) {
    const decided = await tenant.staff(role, "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "approve" });
    assert.equal(decided.status, 200, JSON.stringify(decided.json));
  }
  const fragment = await (await fetch(`${EDGE}/v1/t/${tenant.id}/embed/${tenant.product}`)).text();
  assert.match(fragment, /<script type="application\/ld\+json" data-candor-json-ld="">/);
  assert.equal(fragment.match(/<\/script>/g).length, 1, "the product name cannot end the JSON-LD element");
  const on = await open(browser(), tenant.page("en"), { waitFor: `${W} [data-testid=mean]` });
  const found = await on.page.evaluate(() => ({
    light: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
    shadow: document.querySelector(".candor-widget").shadowRoot.querySelectorAll("script").length,
    pwned: window.__pwned,
  }));
  assert.equal(found.light.length, 1);
  assert.equal(found.shadow, 0);
  assert.equal(found.pwned, undefined);
  const data = JSON.parse(found.light[0]);
  assert.equal(data["@type"], "Product");
  assert.equal(data.name, name);
  assert.deepEqual(data.aggregateRating, { "@type": "AggregateRating", ratingValue: 4, reviewCount: 1, bestRating: 5, worstRating: 1 });
  assert.deepEqual(on.errors, []);
  await on.context.close();
});

for (const [name, path, colorScheme] of [["en, light", "/demo/roth-ira.html", "light"], ["zh-CN, dark", "/demo/zh/roth-ira.html", "dark"]]) {
  test(`axe-core: no violation with the panel open, a star filter on and the report dialog open (phone, ${name})`, async () => {
    const { AxeBuilder } = require("@axe-core/playwright");
    const { context, page } = await open(browser(), EDGE + path, { viewport: PHONE, colorScheme });
    const w = (selector) => page.locator(`${W} ${selector}`);
    await w("[data-testid=how-reviews-work] summary").click();
    await choose(page, () => w("button[data-stars='5']").click());
    await w(".review [data-report]").first().click();
    await w("dialog[data-report-dialog]").waitFor({ state: "visible" });
    const results = await new AxeBuilder({ page }).include(".candor-widget").analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    await context.close();
  });
}
