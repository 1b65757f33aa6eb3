// Browser suite, isolation: a host page whose CSS sets colour, font and box-sizing with !important on every
// element, hides every button and pads every div changes nothing inside the widget — computed colour and font of
// its text, visible buttons, and the geometry of its content inside the host element's content box — and axe-core
// finds no violation there. The host element itself belongs to the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EDGE, require, useBrowser, open, DESKTOP, PHONE, pageServer, waitInteractive, openForm } from "./support.mjs";

const browser = useBrowser();
const HOSTILE = `* { color: magenta !important; font-family: "Comic Sans MS", cursive !important; box-sizing: content-box !important; }
  button { display: none !important; } div { padding: 20px; }`;
// The control page pads the host element the way the hostile page's "div" rule does, so that both hosts have the
// same content box: only what the page can legitimately change (the host's own box) is equalised.
const PLAIN = ".candor-widget { padding: 20px; }";
const page = (css) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title><style>body { margin: 0; } ${css}</style></head>
<body><main><h1>A bank's product page</h1>
<script async src="${EDGE}/v1/widget.js" data-tenant="harbor" data-product="roth-ira" data-locale="en"></script>
</main></body></html>`;

/** Every element inside the widget: its place inside the host's content box, colour, font, display, visibility. */
const snapshot = (page) => page.evaluate(() => {
  const host = document.querySelector(".candor-widget");
  const box = host.getBoundingClientRect();
  const hostStyle = getComputedStyle(host);
  const left = box.left + parseFloat(hostStyle.borderLeftWidth) + parseFloat(hostStyle.paddingLeft);
  const top = box.top + parseFloat(hostStyle.borderTopWidth) + parseFloat(hostStyle.paddingTop);
  return [...host.shadowRoot.querySelectorAll(".candor, .candor *")].map((el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return [el.tagName, el.className, Math.round(r.left - left), Math.round(r.top - top), Math.round(r.width), Math.round(r.height),
      s.color, s.fontFamily, s.display, s.visibility, s.boxSizing].join(" | ");
  });
});

async function look(url, viewport, interactive) {
  const { context, page, errors } = await open(browser(), url, {
    viewport,
    waitFor: interactive ? undefined : ".candor-widget [data-candor-first-view] [data-testid=mean]",
    // The first view as the edge rendered it: no wasm until asked for.
    init: interactive ? undefined : (page) => page.addInitScript(() => { window.requestIdleCallback = () => 0; }),
  });
  if (interactive) {
    await waitInteractive(page);
    // Open the form and the panel, so that every field and button is compared too.
    await openForm(page);
    await page.locator(".candor-widget [data-testid=how-reviews-work] summary").click();
  }
  await page.evaluate(() => document.fonts.ready);
  return { context, page, errors, elements: await snapshot(page) };
}

for (const [size, viewport] of [["desktop", DESKTOP], ["phone", PHONE]]) {
  for (const interactive of [false, true]) {
    test(`hostile host CSS changes nothing inside the widget (${size}, ${interactive ? "interactive, form open" : "first view"})`, async () => {
      const server = await pageServer({ "/plain.html": page(PLAIN), "/hostile.html": page(HOSTILE) });
      try {
        const plain = await look(server.url + "/plain.html", viewport, interactive);
        const hostile = await look(server.url + "/hostile.html", viewport, interactive);
        // The hostile rules do reach the page itself (so this test can fail if they stop applying)…
        assert.equal(await hostile.page.evaluate(() => getComputedStyle(document.querySelector("h1")).color), "rgb(255, 0, 255)");
        // …and nothing inside the widget.
        assert.ok(plain.elements.length > 100, `${plain.elements.length} elements compared`);
        assert.deepEqual(hostile.elements, plain.elements);
        const buttons = await hostile.page.locator(".candor-widget button:visible").count();
        assert.ok(buttons >= (interactive ? 5 : 2), `${buttons} visible buttons`);
        assert.deepEqual(hostile.errors, []);
        await plain.context.close();
        await hostile.context.close();
      } finally {
        await server.close();
      }
    });
  }
}

test("axe-core finds no violation in the widget on the hostile page (form open)", async () => {
  const { AxeBuilder } = require("@axe-core/playwright");
  const server = await pageServer({ "/hostile.html": page(HOSTILE) });
  try {
    const { context, page: tab } = await look(server.url + "/hostile.html", DESKTOP, true);
    const results = await new AxeBuilder({ page: tab }).include(".candor-widget").analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.length}`), []);
    await context.close();
  } finally {
    await server.close();
  }
});
