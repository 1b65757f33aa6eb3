// Main-thread time to the first view, from a Chromium trace: loads the demo page (fresh context each run, desktop),
// marks the moment the first view is complete in the widget's shadow root, and sums the renderer main thread's tasks
// (`RunTask`) from the loader's first task (and, for reference, from navigation start) to that mark. Run by `cargo xtask bench` (CANDOR_EDGE_URL, CANDOR_NODE_MODULES);
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
  // Marks the first view: scores, histogram, disclosure, the first reviews and "Write a review" in the shadow root.
  await page.addInitScript(() => {
    const check = () => {
      const view = document.querySelector(".candor-widget")?.shadowRoot?.querySelector("[data-candor-first-view]");
      if (view && view.querySelector("[data-testid=mean]") && view.querySelector("[data-testid=disclosure]")
        && view.querySelector(".review") && view.querySelector("[data-candor-open-form]")) {
        performance.mark("candor-first-view");
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
  await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading"] });
  await page.goto(EDGE + "/demo/roth-ira.html");
  await page.waitForFunction(() => performance.getEntriesByName("candor-first-view").length > 0, null, { timeout: 20_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8"));
  const events = trace.traceEvents || trace;
  const mark = events.find((e) => e.name === "candor-first-view");
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid);
  const navigation = main.filter((e) => e.name === "navigationStart" && e.ts <= mark.ts).map((e) => e.ts).sort((a, b) => b - a)[0]
    ?? Math.min(...main.filter((e) => e.ts > 0).map((e) => e.ts));
  const tasks = main.filter((e) => e.name === "RunTask" && e.ph === "X" && e.ts < mark.ts);
  // The widget's own cost starts with the task that runs the loader (an async script: the page may be parsed by then).
  const loader = main.find((e) => e.name === "EvaluateScript" && String(e.args?.data?.url || "").includes("/v1/widget.js"));
  const loaderTask = loader && tasks.find((t) => t.ts <= loader.ts && loader.ts <= t.ts + (t.dur || 0));
  const busy = (from) => tasks.filter((t) => t.ts >= from).reduce((sum, t) => sum + Math.min(t.dur || 0, mark.ts - t.ts), 0) / 1000;
  const result = {
    widget_ms: loaderTask ? busy(loaderTask.ts) : NaN,
    page_ms: busy(navigation),
    first_view_at_ms: (mark.ts - navigation) / 1000,
  };
  await context.close();
  return result;
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await once());
await browser.close();
const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
// widget_ms: main-thread time from the loader's first task to the first view (the widget's cost);
// page_ms: the same from navigation start (includes the browser committing and parsing the host page).
console.log(JSON.stringify({
  runs: runs.length,
  widget_ms: Number(median("widget_ms").toFixed(1)),
  page_ms: Number(median("page_ms").toFixed(1)),
  first_view_at_ms: Number(median("first_view_at_ms").toFixed(1)),
  widget_each_ms: runs.map((r) => Number(r.widget_ms.toFixed(1))),
}));
