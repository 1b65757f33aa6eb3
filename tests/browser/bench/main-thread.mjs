// Main-thread time to the first view, from a Chromium trace: loads the demo page once (cold cache, desktop), marks
// the moment the first view is complete in the widget's shadow root, and sums the renderer main thread's tasks
// (`RunTask`) from navigation to that mark. Run by `cargo xtask bench` (CANDOR_EDGE_URL, CANDOR_NODE_MODULES);
// prints one JSON line. Measures; asserts nothing.
import { createRequire } from "node:module";
import { join } from "node:path";

const EDGE = process.env.CANDOR_EDGE_URL;
const require = createRequire(join(process.env.CANDOR_NODE_MODULES, "noop.js"));
const { chromium } = require("playwright-core");
const RUNS = Number(process.env.CANDOR_BENCH_RUNS || 5);

const browser = await chromium.launch({
  executablePath: process.env.CANDOR_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function once() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Marks the first view: scores, histogram, disclosure, the first reviews and the form's fields in the shadow root.
  await page.addInitScript(() => {
    const check = () => {
      const view = document.querySelector(".candor-widget")?.shadowRoot?.querySelector("[data-candor-first-view]");
      if (view && view.querySelector("[data-testid=mean]") && view.querySelector("[data-testid=disclosure]")
        && view.querySelector(".review") && view.querySelector("[name=terms_accepted]")) {
        performance.mark("candor-first-view");
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
  await browser.startTracing(page, { categories: ["devtools.timeline", "blink.user_timing", "loading"] });
  await page.goto(EDGE + "/demo/");
  await page.waitForFunction(() => performance.getEntriesByName("candor-first-view").length > 0, null, { timeout: 20_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8"));
  const events = trace.traceEvents || trace;
  const mark = events.find((e) => e.name === "candor-first-view");
  const start = events.filter((e) => e.pid === mark.pid && e.name === "navigationStart").map((e) => e.ts).sort((a, b) => b - a)
    .find((ts) => ts <= mark.ts) ?? Math.min(...events.filter((e) => e.pid === mark.pid && e.ts > 0).map((e) => e.ts));
  const tasks = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.name === "RunTask" && e.ph === "X"
    && e.ts >= start && e.ts < mark.ts);
  const busy = tasks.reduce((sum, e) => sum + Math.min(e.dur || 0, mark.ts - e.ts), 0) / 1000;
  await context.close();
  return { main_thread_ms: busy, tasks: tasks.length, first_view_at_ms: (mark.ts - start) / 1000 };
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await once());
await browser.close();
const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
console.log(JSON.stringify({
  runs: runs.length,
  main_thread_ms: Number(median("main_thread_ms").toFixed(1)),
  first_view_at_ms: Number(median("first_view_at_ms").toFixed(1)),
  tasks: median("tasks"),
  each_ms: runs.map((r) => Number(r.main_thread_ms.toFixed(1))),
}));
