// Browser suite, the review form: keyboard-only submission, the draft across a reload, a retry after a failed
// answer with the same Idempotency-Key (stored once), and axe-core audits at desktop and phone widths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE, require, useBrowser, open, DESKTOP, PHONE, fillValidReview, openForm, screenshot, waitInteractive, frameStoredReview } from "./support.mjs";

const browser = useBrowser();
const w = (page, selector) => page.locator(`.candor-widget ${selector}`);
/** The name of the focused control inside the widget's shadow root. */
const focused = (page) => page.evaluate(() => {
  const active = document.querySelector(".candor-widget").shadowRoot.activeElement;
  return active ? `${active.getAttribute("name") || active.tagName.toLowerCase()}${active.type === "radio" ? "=" + active.value : ""}` : null;
});

test("a visitor submits a review with the keyboard only: arrows in the star groups, Tab between fields", async () => {
  const { context, page, errors } = await open(browser(), EDGE + "/demo/roth-ira.html");
  // Tab from the top of the page reaches "Write a review", after the histogram's filter buttons, the "How these
  // reviews work" panel and the reviews list (each a single Tab stop or a few); Enter opens the form and focus moves
  // to its first star group.
  const onOpener = () => page.evaluate(() => Boolean(document.querySelector(".candor-widget").shadowRoot.activeElement?.hasAttribute("data-candor-open-form")));
  await page.locator("body").focus();
  for (let i = 0; i < 60 && !(await onOpener()); i++) await page.keyboard.press("Tab");
  assert.ok(await onOpener(), "Tab reaches Write a review");
  await page.keyboard.press("Enter");
  // The form is fetched when it opens (and the interactive bundle may still be loading): wait for it as `openForm`
  // does, then for focus to land in it; asserting at once raced the fetch (seen once as focus still on the opener).
  await w(page, "[data-candor-form-region] form").waitFor({ state: "visible", timeout: 20_000 });
  for (let i = 0; i < 50 && (await focused(page)) !== "rating=1"; i++) await page.waitForTimeout(100);
  assert.equal(await focused(page), "rating=1", "focus moves into the form, on its overall rating");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(page), "rating=4");
  assert.equal(await w(page, "#rating-4").isChecked(), true);
  assert.equal(await w(page, "label[for=rating-4] .visually-hidden").textContent(), "4 of 5 stars");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "attr-fees=1");
  await page.keyboard.press("ArrowRight"); // fees: 2 stars
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "recommend=yes");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "relationship");
  await page.keyboard.press("ArrowDown");
  assert.equal(await w(page, "select[name=relationship]").inputValue(), "client");
  await page.keyboard.press("Tab"); // incentive keeps "none"
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "title");
  await page.keyboard.type("Typed without a mouse");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Every field of this review was reached with Tab and the arrow keys.");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Keyboard User");
  await page.keyboard.press("Tab"); // segment
  await page.keyboard.press("Tab"); // e-mail
  await page.keyboard.press("Tab"); // contact consent
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "terms_accepted");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "button");
  await page.keyboard.press("Enter");
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test("a refused field gets its error inline and keyboard focus moves to it", async () => {
  const { context, page } = await open(browser(), EDGE + "/demo/roth-ira.html");
  await fillValidReview(page);
  await w(page, "textarea[name=body]").fill("Too short");
  await w(page, "button[type=submit]").click();
  await w(page, "#err-body").waitFor();
  assert.equal(await w(page, "#err-body").textContent(), "Please write a little more.");
  assert.equal(await focused(page), "body");
  assert.equal(await w(page, "textarea[name=body]").getAttribute("aria-invalid"), "true");
  await context.close();
});

test("the draft survives a reload and is cleared once the review is sent", async () => {
  const { context, page } = await open(browser(), EDGE + "/demo/roth-ira.html");
  await openForm(page);
  await w(page, "label[for=rating-2]").click();
  await w(page, "input[name=title]").fill("Half-written title");
  await w(page, "textarea[name=body]").fill("A draft that must survive a reload of the page.");
  await w(page, "select[name=relationship]").selectOption("non_client");
  await page.reload();
  await waitInteractive(page);
  await page.waitForFunction(() => document.querySelector(".candor-widget").shadowRoot.querySelector("input[name=title]")?.value === "Half-written title");
  assert.equal(await w(page, "textarea[name=body]").inputValue(), "A draft that must survive a reload of the page.");
  assert.equal(await w(page, "select[name=relationship]").inputValue(), "non_client");
  assert.equal(await w(page, "#rating-2").isChecked(), true);
  assert.match(await w(page, ".counter").textContent(), /^47 \/ 5000/);
  await w(page, "input[name=recommend][value=no]").check();
  await w(page, "input[name=nickname]").fill("Drafty");
  await w(page, "input[name=terms_accepted]").check();
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });
  assert.equal(await page.evaluate(() => localStorage.getItem("candor:harbor:roth-ira:draft")), null);
  await context.close();
});

test("a submission whose answer is lost is retried with the same Idempotency-Key and stored once", async () => {
  const { context, page } = await open(browser(), EDGE + "/demo/roth-ira.html");
  const attempts = [];
  let first = true;
  let firstAnswer;
  await page.route("**/v1/t/harbor/products/roth-ira/reviews", async (route) => {
    attempts.push(route.request().headers()["idempotency-key"]);
    if (first) {
      first = false;
      // The edge stores the review, but its answer never reaches the browser (a dropped connection).
      firstAnswer = await (await route.fetch()).json();
      await route.abort("connectionreset");
    } else {
      await route.continue();
    }
  });
  await fillValidReview(page, ".candor-widget", { title: "Retried once" });
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=form-status][data-state=offline]").waitFor({ timeout: 15_000 });
  assert.match(await w(page, "[data-testid=form-status]").textContent(), /could not reach the server/);
  assert.equal(await w(page, "button[type=submit]").textContent(), "Try again");
  await screenshot(page, "form-offline-en");
  await w(page, "button[type=submit]").click();
  await w(page, "[data-testid=thanks]").waitFor({ timeout: 15_000 });

  assert.equal(attempts.length, 2);
  assert.ok(attempts[0] && attempts[0] === attempts[1], "both attempts carry the same Idempotency-Key");
  const { id, token } = await frameStoredReview(page, "harbor", "roth-ira");
  assert.equal(id, firstAnswer.id, "the retry returned the review stored by the first attempt: one review, not two");
  const status = await fetch(`${EDGE}/v1/t/harbor/reviews/${id}/status`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(status.status, 200);
  assert.equal((await status.json()).id, firstAnswer.id);
  await context.close();
});

const AUDITS = [
  ["desktop", DESKTOP, "/demo/roth-ira.html", "light"],
  ["desktop", DESKTOP, "/demo/zh/roth-ira.html", "light"],
  ["phone", PHONE, "/demo/roth-ira.html", "light"],
  ["phone", PHONE, "/demo/zh/roth-ira.html", "light"],
  ["desktop", DESKTOP, "/demo/roth-ira.html", "dark"],
  ["phone", PHONE, "/demo/zh/roth-ira.html", "dark"],
];
for (const [name, viewport, path, colorScheme] of AUDITS) {
  {
    test(`axe-core finds no accessibility violation in the widget (${name}, ${path}, ${colorScheme})`, async () => {
      const { AxeBuilder } = require("@axe-core/playwright");
      const { context, page } = await open(browser(), EDGE + path, { viewport, colorScheme });
      const results = await new AxeBuilder({ page }).include(".candor-widget").analyze();
      const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(violations, []);
      await context.close();
    });
  }
}
