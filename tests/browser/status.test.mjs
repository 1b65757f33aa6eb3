// Browser suite, the author's own review: the widget sends it through the visitor's status frame (a page of the
// edge's origin inside the widget), which keeps `{id, status_token}` in its own storage. On later visits the frame
// shows the stage in plain words (en and zh-CN), offers Withdraw with a confirm step, and after a fixable rejection
// by staff the statement of reasons and Revise, which sends a revision. On a host page of another site the page's
// own script can neither find the token nor withdraw with it; the visitor still can.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, open, fillValidReview, waitInteractive, statusFrame, pageServer, screenshot, EDGE } from "./support.mjs";
import { createTenant, storedReview, stageOf } from "./tenant.mjs";

const browser = useBrowser();
const w = (page, selector) => page.locator(`.candor-widget ${selector}`);

function openHost(tenant, locale = "en") {
  return open(browser(), tenant.page(locale));
}

/** Submits a valid review through the widget and returns what its status frame kept. */
async function submitThroughWidget(page, tenant, title) {
  await fillValidReview(page, ".candor-widget", { title });
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  const review = await storedReview(page, tenant);
  assert.ok(review, "the status frame keeps the status token");
  return review;
}

/** Waits (5 s at most) until the status frame is exactly as tall as its line: it reports its height as it changes. */
async function frameFitsLine(page) {
  let heights;
  for (let attempt = 0; attempt < 50; attempt++) {
    const frame = (await w(page, "iframe[data-candor-status-frame]").boundingBox()).height;
    const line = await statusFrame(page).locator(".status-line").evaluate((element) => element.getBoundingClientRect().height);
    heights = { frame, line };
    if (line > 40 && Math.abs(frame - line) <= 1) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`the status frame never fit its line: ${JSON.stringify(heights)}`);
}

/** The status line inside the widget's status frame, once it shows `stage`. */
async function lineAt(page, stage) {
  const line = statusFrame(page).locator(`[data-testid=review-status][data-stage=${stage}]`);
  await line.waitFor({ timeout: 15_000 });
  return line;
}

test("after a reload the status frame shows the visitor's review status in plain words, in English and Chinese", async () => {
  const tenant = await createTenant();
  const { context, page, errors } = await openHost(tenant);
  const review = await submitThroughWidget(page, tenant, "Status after reload");
  assert.equal(await stageOf(tenant, review), "compliance_review");
  // Right after sending, the frame shows the new review's status; the host page's storage holds only nothing of it.
  await lineAt(page, "compliance_review");
  assert.equal(await page.evaluate(() => JSON.stringify({ ...localStorage }).includes(":status")), false);
  await page.reload();
  await waitInteractive(page);
  const line = await lineAt(page, "compliance_review");
  assert.match(await line.textContent(), /Status of your review: in compliance review/);
  assert.equal(await statusFrame(page).locator("[data-testid=revise]").count(), 0, "nothing to revise");
  const frame = w(page, "iframe[data-candor-status-frame]");
  assert.equal(await frame.getAttribute("title"), "Your review's status");
  assert.equal(await frame.getAttribute("aria-hidden"), null, "a frame with a line is announced");
  await frameFitsLine(page);
  const widths = await page.evaluate(() => {
    const root = document.querySelector(".candor-widget").shadowRoot;
    return [root.querySelector("iframe[data-candor-status-frame]").offsetWidth, root.querySelector("[data-candor-open-form]").parentElement.clientWidth];
  });
  assert.equal(widths[0], widths[1], "the frame spans the widget's width");
  await screenshot(page, "widget-status-frame-en");

  // The same visitor on the Chinese page of the same site.
  const zh = await context.newPage();
  await zh.goto(tenant.page("zh-CN"));
  await waitInteractive(zh);
  const zhLine = await lineAt(zh, "compliance_review");
  assert.match(await zhLine.textContent(), /您的评价状态: 合规审核中/);
  assert.match(await statusFrame(zh).locator("[data-testid=withdraw]").textContent(), /撤回我的评价/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a visitor without a review of the product gets an empty status frame: no height, out of the accessibility tree", async () => {
  const tenant = await createTenant();
  const { context, page } = await openHost(tenant);
  const frame = w(page, "iframe[data-candor-status-frame]");
  await frame.waitFor({ state: "attached", timeout: 15_000 });
  // Loaded (its script ran and found no review) but showing nothing.
  await statusFrame(page).locator("[data-line]").waitFor({ state: "attached", timeout: 15_000 });
  assert.equal((await frame.boundingBox()).height, 0);
  assert.equal(await frame.getAttribute("aria-hidden"), "true");
  assert.equal(await frame.getAttribute("tabindex"), "-1");
  assert.equal(await statusFrame(page).locator("[data-testid=review-status]").count(), 0);
  await context.close();
});

test("Withdraw asks to confirm, then withdraws the review (the API says withdrawn)", async () => {
  const tenant = await createTenant();
  const { context, page } = await openHost(tenant);
  const review = await submitThroughWidget(page, tenant, "Withdraw me later");
  await page.reload();
  await waitInteractive(page);
  const frame = statusFrame(page);
  await lineAt(page, "compliance_review");
  await frame.locator("[data-testid=withdraw]").click();
  const confirm = frame.locator("[data-testid=withdraw-confirm]");
  await confirm.waitFor();
  assert.match(await frame.locator("[data-testid=review-status]").textContent(), /cannot be undone/);
  assert.equal(await stageOf(tenant, review), "compliance_review", "nothing happens before the confirmation");
  // "Keep it" steps back; the second time the visitor confirms.
  await frame.locator("[data-testid=withdraw-keep]").click();
  assert.equal(await confirm.isHidden(), true);
  await frame.locator("[data-testid=withdraw]").click();
  await confirm.click();
  const line = await lineAt(page, "withdrawn");
  assert.match(await line.textContent(), /Status of your review: withdrawn/);
  assert.match(await frame.locator("[data-testid=status-reason]").textContent(), /You withdrew this review/);
  assert.equal(await frame.locator("[data-testid=withdraw]").count(), 0, "a withdrawn review cannot be withdrawn again");
  assert.equal(await stageOf(tenant, review), "withdrawn");
  await context.close();
});

test("a review rejected by staff shows the statement of reasons, and Revise sends a revision that is accepted", async () => {
  const tenant = await createTenant();
  const { context, page } = await openHost(tenant);
  const original = await submitThroughWidget(page, tenant, "Rejected then revised");
  const decided = await tenant.staff("compliance", "POST", `/v1/admin/reviews/${original.id}/decisions`, {
    decision: "reject",
    reason_code: "off_topic",
  });
  assert.equal(decided.status, 200, JSON.stringify(decided.json));
  await page.reload();
  await waitInteractive(page);
  const frame = statusFrame(page);
  const line = await lineAt(page, "rejected");
  assert.match(await line.textContent(), /Status of your review: not published/);
  assert.match(await frame.locator("[data-testid=status-reason]").textContent(), /does not describe this product or service/);
  assert.equal(await frame.locator("[data-testid=withdraw]").count(), 0, "a rejected review is final for withdrawal");

  assert.equal(await w(page, "[data-candor-form-region]").isHidden(), true, "the form is closed after the reload");
  await frame.locator("[data-testid=revise]").click();
  await w(page, "[data-candor-form-region]").waitFor({ state: "visible" });
  assert.equal(await w(page, "[data-candor-open-form]").getAttribute("aria-expanded"), "true", "Revise opens the form in place");
  assert.match(await line.textContent(), /Revise your review in the form below/);
  await frameFitsLine(page);
  await screenshot(page, "widget-status-frame-revise-en");
  const revision = await submitThroughWidget(page, tenant, "The revised text");
  assert.notEqual(revision.id, original.id, "a revision is a new review");
  assert.equal(await stageOf(tenant, revision), "compliance_review", "the revision was accepted and screened");
  assert.equal(await stageOf(tenant, original), "rejected", "the original keeps its decision");
  await lineAt(page, "compliance_review");
  assert.equal(await frame.locator("[data-testid=revise]").count(), 0);
  await context.close();
});

test("on a host page of another site the page's script can neither read the status token nor withdraw; the visitor can", async () => {
  const pages = {};
  // `localhost` is another site than 127.0.0.1 (the edge): the status frame is a third-party frame here. (This
  // Chromium refuses storage to third-party frames, so the frame keeps the token in memory for the visit.)
  const server = await pageServer(pages, "localhost");
  const tenant = await createTenant({ origins: [server.url] });
  pages["/bank.html"] =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head><body><h1>Savings</h1>` +
    `<script async src="${EDGE}/v1/widget.js" data-tenant="${tenant.id}" data-product="savings" data-locale="en"></script></body></html>`;
  const { context, page, errors } = await open(browser(), `${server.url}/bank.html`);
  try {
    await fillValidReview(page, ".candor-widget", { title: "Sent from another site" });
    await w(page, "button[type=submit]").click();
    await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
    await lineAt(page, "compliance_review");
    const queue = await tenant.staff("compliance", "GET", "/v1/admin/queue?stage=compliance_review");
    assert.equal(queue.status, 200, JSON.stringify(queue.json));
    assert.equal(queue.json.items.length, 1, JSON.stringify(queue.json));
    const sent = queue.json.items[0].id;

    // Everything the host page's script can reach: its storage, its cookies, the frame's document.
    const reachable = await page.evaluate(() => {
      const frame = document.querySelector(".candor-widget").shadowRoot.querySelector("iframe[data-candor-status-frame]");
      let frameDocument = "unreachable";
      try {
        frameDocument = frame.contentWindow.document.body.innerHTML;
      } catch (e) {
        /* another origin: the browser refuses */
      }
      return { stored: JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie, frameDocument };
    });
    assert.equal(reachable.frameDocument, "unreachable");
    assert.ok(!reachable.stored.includes(sent), reachable.stored);

    // The page's script posting a review itself gets no status token.
    const direct = await page.evaluate(
      async ({ url, body }) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
          body,
        });
        return { status: response.status, body: await response.json() };
      },
      {
        url: `${EDGE}/v1/t/${tenant.id}/products/savings/reviews`,
        body: JSON.stringify({
          rating: 2,
          attributes: {},
          would_recommend: false,
          title: "Posted by the page itself",
          body: `The page's own script posts this review directly (${Date.now()}).`,
          nickname: "Page script",
          relationship: "client",
          incentive: "none",
          locale: "en",
          terms_accepted: true,
        }),
      },
    );
    assert.equal(direct.status, 202, JSON.stringify(direct.body));
    assert.equal(direct.body.status_token, null, "a page of another site gets no status token");

    // Even holding a valid status token (here one a server obtained), the page's own request is refused.
    const stolen = await fetch(`${EDGE}/v1/t/${tenant.id}/products/savings/reviews`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": `stolen-${Date.now()}` },
      body: JSON.stringify({
        rating: 1,
        attributes: {},
        would_recommend: false,
        title: "A server's review",
        body: `A review whose token a script got hold of (${Date.now()}).`,
        nickname: "Server",
        relationship: "client",
        incentive: "none",
        locale: "en",
        terms_accepted: true,
      }),
    }).then((response) => response.json());
    assert.ok(stolen.status_token, JSON.stringify(stolen));
    const attempt = await page.evaluate(
      async ({ url, token }) => {
        const response = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
        return { status: response.status, body: await response.json() };
      },
      { url: `${EDGE}/v1/t/${tenant.id}/reviews/${stolen.id}/withdraw`, token: stolen.status_token },
    );
    assert.equal(attempt.status, 403, JSON.stringify(attempt.body));
    assert.equal(attempt.body.error.code, "same_origin_required");
    assert.equal(await stageOf(tenant, { id: stolen.id, token: stolen.status_token }), stolen.status, "nothing changed");

    // The visitor withdraws their own review in the frame.
    const frame = statusFrame(page);
    await frame.locator("[data-testid=withdraw]").click();
    await frame.locator("[data-testid=withdraw-confirm]").click();
    await lineAt(page, "withdrawn");
    const record = await tenant.staff("compliance", "GET", `/v1/admin/reviews/${sent}`);
    assert.equal(record.json.stage, "withdrawn");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});
