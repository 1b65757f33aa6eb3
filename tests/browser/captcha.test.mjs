// Browser suite, Turnstile: for a tenant with a captcha site key the widget loads Turnstile's script once (here the
// local stand-in that `cargo xtask test` serves) and renders the challenge explicitly inside its own shadow root,
// beside the submit button. Without solving it a submission is refused with a localised message; after clicking
// it the review is accepted; a refused token makes the challenge ask again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, open, fillValidReview, openForm } from "./support.mjs";
import { createTenant, storedReview, stageOf } from "./tenant.mjs";

const browser = useBrowser();
const SITE_KEY = "0x4AAAAAAAbrowserSuiteKey";
const w = (page, selector) => page.locator(`.candor-widget ${selector}`);

async function captchaTenant() {
  const tenant = await createTenant();
  const saved = await tenant.staff("admin", "PUT", "/v1/admin/settings", {
    allowed_origins: [tenant.origin],
    locales: ["en", "zh-CN"],
    captcha: { site_key: SITE_KEY },
    aggregate_rule: "all_reviews",
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.json));
  return tenant;
}

function openHost(tenant, locale = "en") {
  return open(browser(), tenant.page(locale));
}

test("the Turnstile control renders inside the widget's shadow root, once per page, and is needed to submit", async () => {
  assert.ok(process.env.CANDOR_TURNSTILE_URL, "the xtask passes the stand-in's URL");
  const tenant = await captchaTenant();
  const { context, page, errors } = await openHost(tenant);
  // The challenge sits beside the form's button: visible once the visitor opens the form.
  await openForm(page);
  await w(page, "[data-testid=captcha] [data-turnstile-standin]").waitFor({ timeout: 15_000 });
  const placement = await page.evaluate(() => {
    const root = document.querySelector(".candor-widget").shadowRoot;
    return {
      inShadow: Boolean(root.querySelector(".actions [data-testid=captcha] [data-turnstile-standin] input[type=checkbox]")),
      inLightDom: Boolean(document.querySelector("[data-turnstile-standin]")),
      scripts: document.querySelectorAll("script[src*='/turnstile/v0/api.js']").length,
      explicit: [...document.querySelectorAll("script[src*='/turnstile/v0/api.js']")].every((s) => s.src.includes("render=explicit")),
      api: typeof window.turnstile?.render,
    };
  });
  assert.deepEqual(placement, { inShadow: true, inLightDom: false, scripts: 1, explicit: true, api: "function" });

  // Without solving the challenge: refused, with the message in the visitor's language.
  await fillValidReview(page, ".candor-widget", { title: "Captcha first try" });
  await w(page, "button[type=submit]").click();
  const status = w(page, "[data-testid=form-status]");
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=form-status]").dataset.state === "refused");
  assert.equal(await status.textContent(), "Please complete the human check next to the button, then send again.");
  assert.equal(await storedReview(page, tenant), null, "nothing was accepted");

  // Solving it (a click on the control) lets the same review in.
  await w(page, "[data-turnstile-standin] input[type=checkbox]").click();
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=captcha]").hasAttribute("data-token"));
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  const review = await storedReview(page, tenant);
  assert.ok(review, "the accepted review's status token is kept");
  assert.equal(await stageOf(tenant, review), "compliance_review");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a Chinese visitor sees the challenge and the refusal in Chinese; a refused token makes it ask again", async () => {
  const tenant = await captchaTenant();
  const { context, page } = await openHost(tenant, "zh-CN");
  const control = w(page, "[data-turnstile-standin]");
  await openForm(page);
  await control.waitFor({ timeout: 15_000 });
  assert.match(await control.textContent(), /确认您是真人/);
  await fillValidReview(page, ".candor-widget", { title: "Captcha zh" });
  await w(page, "button[type=submit]").click();
  const status = w(page, "[data-testid=form-status]");
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=form-status]").dataset.state === "refused");
  assert.equal(await status.textContent(), "请先完成按钮旁的真人验证，然后再次提交。");

  // A token Turnstile does not know (as if forged): refused by siteverify, and the control is reset to ask again.
  await page.evaluate(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=captcha]").setAttribute("data-token", "forged.token"));
  await w(page, "button[type=submit]").click();
  await page.waitForFunction(() => /真人验证未通过/.test(document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=form-status]").textContent));
  assert.equal(await w(page, "[data-testid=captcha]").getAttribute("data-token"), null, "the refused token is dropped");
  assert.equal(await w(page, "[data-turnstile-standin] input[type=checkbox]").isChecked(), false, "the challenge asks again");
  await w(page, "[data-turnstile-standin] input[type=checkbox]").click();
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("[data-testid=captcha]").hasAttribute("data-token"));
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  await context.close();
});

test("a tenant without captcha shows no challenge and loads no Turnstile script", async () => {
  const tenant = await createTenant();
  const { context, page } = await openHost(tenant);
  await fillValidReview(page, ".candor-widget", { title: "No captcha here" });
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  assert.equal(await page.evaluate(() => document.querySelectorAll("script[src*='turnstile']").length), 0);
  assert.equal(await page.evaluate(() => typeof window.turnstile), "undefined");
  await context.close();
});
