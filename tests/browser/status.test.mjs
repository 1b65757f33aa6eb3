// Browser suite, the author's own review on later visits: the widget keeps `{id, status_token}` in localStorage,
// and after a reload shows the stage in plain words (en and zh-CN), offers Withdraw with a confirm step, and after a
// fixable rejection by staff shows the statement of reasons and Revise, which sends a revision.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, open, fillValidReview, waitInteractive } from "./support.mjs";
import { createTenant, storedReview, stageOf } from "./tenant.mjs";

const browser = useBrowser();
const w = (page, selector) => page.locator(`.candor-widget ${selector}`);

function openHost(tenant, locale = "en") {
  return open(browser(), tenant.page(locale));
}

/** Submits a valid review through the widget and returns what it stored. */
async function submitThroughWidget(page, tenant, title) {
  await fillValidReview(page, ".candor-widget", { title });
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  const review = await storedReview(page, tenant);
  assert.ok(review, "the status token is kept");
  return review;
}

test("after a reload the widget shows the visitor's review status in plain words, in English and Chinese", async () => {
  const tenant = await createTenant();
  const { context, page, errors } = await openHost(tenant);
  const review = await submitThroughWidget(page, tenant, "Status after reload");
  assert.equal(await stageOf(tenant, review), "compliance_review");
  await page.reload();
  await waitInteractive(page);
  const line = w(page, "[data-testid=review-status]");
  await line.waitFor({ timeout: 15_000 });
  assert.match(await line.textContent(), /Status of your review: in compliance review/);
  assert.equal(await line.getAttribute("data-stage"), "compliance_review");
  assert.equal(await w(page, "[data-testid=revise]").count(), 0, "nothing to revise");

  // The same visitor on the Chinese page of the same site.
  const zh = await context.newPage();
  await zh.goto(tenant.page("zh-CN"));
  await waitInteractive(zh);
  const zhLine = w(zh, "[data-testid=review-status]");
  await zhLine.waitFor({ timeout: 15_000 });
  assert.match(await zhLine.textContent(), /您的评价状态: 合规审核中/);
  assert.match(await w(zh, "[data-testid=withdraw]").textContent(), /撤回我的评价/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("Withdraw asks to confirm, then withdraws the review (the API says withdrawn)", async () => {
  const tenant = await createTenant();
  const { context, page } = await openHost(tenant);
  const review = await submitThroughWidget(page, tenant, "Withdraw me later");
  await page.reload();
  await waitInteractive(page);
  await w(page, "[data-testid=withdraw]").click();
  const confirm = w(page, "[data-testid=withdraw-confirm]");
  await confirm.waitFor();
  assert.match(await w(page, "[data-testid=review-status]").textContent(), /cannot be undone/);
  assert.equal(await stageOf(tenant, review), "compliance_review", "nothing happens before the confirmation");
  await confirm.click();
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=review-status]")?.dataset.stage === "withdrawn");
  assert.match(await w(page, "[data-testid=review-status]").textContent(), /Status of your review: withdrawn/);
  assert.match(await w(page, "[data-testid=status-reason]").textContent(), /You withdrew this review/);
  assert.equal(await w(page, "[data-testid=withdraw]").count(), 0, "a withdrawn review cannot be withdrawn again");
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
  const line = w(page, "[data-testid=review-status]");
  await line.waitFor({ timeout: 15_000 });
  assert.match(await line.textContent(), /Status of your review: not published/);
  assert.match(await w(page, "[data-testid=status-reason]").textContent(), /does not describe this product or service/);
  assert.equal(await w(page, "[data-testid=withdraw]").count(), 0, "a rejected review is final for withdrawal");

  assert.equal(await w(page, "[data-candor-form-region]").isHidden(), true, "the form is closed after the reload");
  await w(page, "[data-testid=revise]").click();
  assert.equal(await w(page, "[data-candor-form-region]").isVisible(), true, "Revise opens the form in place");
  assert.equal(await w(page, "[data-candor-open-form]").getAttribute("aria-expanded"), "true");
  assert.match(await w(page, "[data-testid=review-status]").textContent(), /Revise your review in the form below/);
  const revision = await submitThroughWidget(page, tenant, "The revised text");
  assert.notEqual(revision.id, original.id, "a revision is a new review");
  assert.equal(await stageOf(tenant, revision), "compliance_review", "the revision was accepted and screened");
  assert.equal(await stageOf(tenant, original), "rejected", "the original keeps its decision");
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=review-status]")?.dataset.stage === "compliance_review");
  assert.equal(await w(page, "[data-testid=revise]").count(), 0);
  await context.close();
});
