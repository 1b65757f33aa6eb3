// Browser suite, the look: dark mode from prefers-color-scheme, data-theme overriding it, per-attribute scores,
// and the screenshots of docs/ (desktop 1280 and phone 375, en and zh-CN, light and dark, form closed and open).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { EDGE, useBrowser, open, DESKTOP, PHONE, openForm } from "./support.mjs";

const browser = useBrowser();
const background = (page) =>
  page.evaluate(() => getComputedStyle(document.querySelector(".candor-widget").shadowRoot.querySelector(".candor")).backgroundColor);

test("dark mode follows prefers-color-scheme and data-theme on the host overrides it", async () => {
  const { context, page } = await open(browser(), EDGE + "/demo/roth-ira.html", { colorScheme: "dark" });
  assert.equal(await background(page), "rgb(20, 26, 34)");
  await page.evaluate(() => document.querySelector(".candor-widget").setAttribute("data-theme", "light"));
  assert.equal(await background(page), "rgb(255, 255, 255)");
  await context.close();
});

test("the first view shows a score per attribute in the visitor's language", async () => {
  const { context, page } = await open(browser(), EDGE + "/demo/zh/roth-ira.html");
  const rows = await page.locator(".candor-widget [data-testid=attribute-scores] .attribute").allTextContents();
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^费用4\.4 \/ 5/);
  await context.close();
});

const DOCS = process.env.CANDOR_DOCS_SCREENSHOTS || process.env.CANDOR_SCREENSHOTS;
for (const [locale, path] of [["en", "/demo/roth-ira.html"], ["zh-CN", "/demo/zh/roth-ira.html"]]) {
  for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
    for (const scheme of ["light", "dark"]) {
      test(`screenshot: ${locale}, ${size}, ${scheme} (fits the width with the form closed and open, nothing overflows)`, async () => {
        const { context, page, errors } = await open(browser(), EDGE + path, { viewport, colorScheme: scheme });
        const overflow = () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        assert.equal(await overflow(), false);
        if (DOCS) mkdirSync(DOCS, { recursive: true });
        if (DOCS) await page.locator(".candor-widget").screenshot({ path: join(DOCS, `widget-${locale}-${size}-${scheme}.png`) });
        await openForm(page);
        assert.equal(await overflow(), false);
        if (DOCS) await page.locator(".candor-widget").screenshot({ path: join(DOCS, `widget-${locale}-${size}-${scheme}-form.png`) });
        assert.deepEqual(errors, []);
        await context.close();
      });
    }
  }
}
