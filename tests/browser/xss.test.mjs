// Cross-site scripting, proven in Chromium against the real local edge: 72 payloads, each with a marker of its own
// (`xss01` …), go through every free-text field that reaches a page — a visitor's title, body, nickname and segment,
// flag notes, staff decision notes, firm responses and the owner's notes on them, escalation notes and assignees,
// product line, product, attribute and call-to-action labels, disclosure texts, people's display names and the
// tenant's name — and are approved as the stages require (the moderator passes what screening holds, compliance and
// the owner approve). Then the widget on a host page (en at 1280 px, zh-CN at 375 px), the iframe page and ten
// console pages render them. On every page: no payload ran
// (a `__xss` trap and a dialog handler, installed before any script), no element or attribute came from a payload
// (a MutationObserver from document start, shadow roots included, and a final walk), no `javascript:` URL, each
// expected payload shows as text, and the JSON-LD block parses with the product's name unchanged.
//
// Which field reaches which page (the product's own map of free text; settings hold no free text that renders:
// theme values, origins and the Access audience are refused unless they are made of a few safe characters):
//
// | field (API)                                   | widget (host, iframe page)   | console page                  |
// |-----------------------------------------------|------------------------------|-------------------------------|
// | review title, body, nickname, segment         | review list                  | review detail; title: queue,  |
// |                                               |                              | reviews search (title)        |
// | firm response body (drafted, owner-approved)  | under its review             | review detail, responses      |
// | decision notes (pass, approve)                | —                            | review detail (its audit),    |
// |                                               |                              | archive                       |
// | visitor flag note                             | —                            | review detail                 |
// | escalation note, assignee                     | —                            | escalations; note: detail too |
// | product line name, product name               | product name: the iframe     | catalogue (and its preview)   |
// |                                               | page's <title>, JSON-LD      |                               |
// | attribute labels (en, zh-CN)                  | summary, form (per locale)   | catalogue                     |
// | call-to-action label (en, zh-CN)              | under the summary            | catalogue                     |
// | disclosure text (en, zh-CN)                   | next to the summary          | disclosure                    |
// | owner's note on a firm response               | —                            | archive                       |
// | person display name, tenant name              | —                            | the banner (every page);      |
// |                                               |                              | display names: people         |
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { useBrowser, DESKTOP, PHONE, EDGE, screenshot, waitInteractive, signIn, pageServer } from "./support.mjs";
import { createTenant, enableConsole } from "./tenant.mjs";

const browser = useBrowser();

/**
 * The payloads. Each carries its marker; a payload that could run calls `__xss('<marker>')` (or `alert`), so a
 * trap names it. Texts are stored trimmed and NFC-normalised, so none starts or ends with white space (U+2028 and
 * U+2029 are white space) and all are NFC already; none holds a link, a card number or an IBAN (screening would
 * reject it).
 */
const PAYLOADS = [
  "<script>__xss('xss01')</script>",
  "<img src=x onerror=__xss('xss02')>",
  "<svg onload=__xss('xss03')>",
  "\"><iframe srcdoc=\"<script>parent.__xss('xss04')</script>\">",
  "\" onmouseover=\"__xss('xss05')\" x=\"",
  "' autofocus onfocus='__xss(\"xss06\")' x='",
  "</script><script>__xss('xss07')</script>",
  "{\"name\":\"</script><script>__xss('xss08')</script>\"}",
  "<!-- xss09 --><img src=x onerror=__xss('xss09')>",
  "]]><img src=x onerror=__xss('xss10')>",
  "<style>*{display:none}</style>xss11",
  "<template><img src=x onerror=__xss('xss12')></template>",
  "<math><mtext><table><mglyph><style><img src=x onerror=__xss('xss13')>",
  "<svg><style><img src=x onerror=__xss('xss14')></style></svg>",
  "javascript:__xss('xss15')",
  "&lt;script&gt;__xss('xss16')&lt;/script&gt;",
  "{{constructor.constructor('__xss(\"xss17\")')()}}",
  "${__xss('xss18')}",
  "评价<img src=x onerror=__xss('xss19')>很好",
  "费用\u2028<script>__xss('xss20')</script>\u2029低",
  "<a href=\"javascript:__xss('xss21')\">xss21 link</a>",
  "<details open ontoggle=__xss('xss22')>",
  "<body onload=__xss('xss23')>",
  "<input autofocus onfocus=__xss('xss24')>",
  "<video><source onerror=__xss('xss25')>",
  "<audio src=x onerror=__xss('xss26')>",
  "<object data=\"javascript:__xss('xss27')\">",
  "<embed src=\"javascript:__xss('xss28')\">",
  "<base href=\"javascript:__xss('xss29')//\">",
  "<meta http-equiv=\"refresh\" content=\"0;javascript:__xss('xss30')\">",
  "<form action=\"javascript:__xss('xss31')\"><button>xss31</button></form>",
  "<marquee onstart=__xss('xss32')>xss32</marquee>",
  "<div style=\"background:url(javascript:__xss('xss33'))\">",
  "<x onclick=__xss('xss34')>click me</x>",
  "<scr<script>ipt>__xss('xss35')</script>",
  "<ScRiPt>__xss('xss36')</sCrIpT>",
  "<img src=x onerror=\"alert('xss37')\">",
  "<svg><a xlink:href=\"javascript:__xss('xss38')\"><text>xss38</text></a></svg>",
  "<iframe src=\"javascript:__xss('xss39')\">",
  "<noscript><p title=\"</noscript><img src=x onerror=__xss('xss40')>\">",
  "<textarea></textarea><img src=x onerror=__xss('xss41')>",
  "</title><img src=x onerror=__xss('xss42')>",
  "'-__xss('xss43')-'",
  "\";__xss('xss44');//",
  "a\u2028__xss('xss45')\u2029b",
  "<img src=x onerror=&#95;&#95;xss('xss46')>",
  "&#60;img src=x onerror=__xss('xss47')&#62;",
  "<<img src=x onerror=__xss('xss48')>",
  "<img/src/onerror=__xss('xss49')>",
  "<svg/onload=__xss('xss50')//",
  "%3Cscript%3E__xss('xss51')%3C/script%3E",
  "<a href=\" javas&#x09;cript:__xss('xss52')\">xss52</a>",
  "<select autofocus onfocus=__xss('xss53')>",
  "<keygen autofocus onfocus=__xss('xss54')>",
  "<frameset onload=__xss('xss55')>",
  "<table background=\"javascript:__xss('xss56')\">",
  "中文<b>粗体</b>xss57<i>斜体</i>",
  "<script src=data:,__xss('xss58')></script>",
  "<iframe/onload=__xss('xss59')>",
  "<div tabindex=1 autofocus onfocusin=__xss('xss60')>",
  "</title><script>__xss('xss61')</script>",
  "</style><script>__xss('xss62')</script>",
  "<!--<img src=\"--><img src=x onerror=__xss('xss63')//\">",
  "<svg><script>__xss('xss64')</script></svg>",
  "<img src=x onerror=alert('xss65')>见",
  "<link rel=stylesheet href=\"javascript:__xss('xss66')\">",
  "<svg><animate onbegin=__xss('xss67') attributeName=x dur=1s>",
  "<iframe src=\"data:text/html,<script>parent.__xss('xss68')</script>\">",
  "<svg><foreignObject><img src=x onerror=__xss('xss69')></foreignObject></svg>",
  "<object data=x onerror=__xss('xss70')>",
  "<img src=x onerror=__xss&#40;'xss71'&#41;>",
  "<p>见 xss72</p><script>__xss('xss72')</script>",
];
const MARKER = /xss\d\d/g;
const markerOf = (payload) => payload.match(MARKER)[0];
/** marker → payload. */
const BY_MARKER = Object.fromEntries(PAYLOADS.map((payload) => [markerOf(payload), payload]));

/** Hands out each payload once, to the first field it fits (`max` characters; `accept` for a field's own rule). */
function dealer() {
  const left = [...PAYLOADS];
  return (max = 2_000, accept = () => true) => {
    const index = left.findIndex((payload) => [...payload].length <= max && accept(payload));
    if (index < 0) throw new Error(`no payload left of at most ${max} characters`);
    return left.splice(index, 1)[0];
  };
}

/** The published reviews (the widget lists them all: 3 in the first view, the rest after one "More"). */
const PUBLISHED = 10;
/** Reviews left waiting at compliance (the console's queue). */
const WAITING = 2;

/** What the set-up put where: field name → payloads. */
const placed = {};
function put(field, payload) {
  (placed[field] ??= []).push(payload);
  return payload;
}

let tenant;

/** A staff call that must answer `expected` (503 and 429 are retried: D1 under load, the visitor limit). */
async function staff(role, method, path, body, expected = 200) {
  for (let attempt = 0; ; attempt++) {
    const answer = await tenant.staff(role, method, path, body);
    if ((answer.status === 503 || answer.status === 429) && attempt < 10) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    assert.equal(answer.status, expected, `${role} ${method} ${path}: ${JSON.stringify(answer.json)}`);
    return answer.json;
  }
}

/** A public write, retried on 429 (every call of this file comes from one address). */
async function visitor(path, body, headers = {}) {
  for (;;) {
    const response = await fetch(EDGE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    if (response.status !== 429) return response;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Submits a review and takes it through the stages up to `until` (`compliance_review` or `published`). */
async function review(fields, until, notes = {}) {
  const submitted = await visitor(`/v1/t/${tenant.id}/products/${tenant.product}/reviews`, {
    rating: 4, attributes: { fees: 4 }, would_recommend: true, relationship: "client", incentive: "none",
    locale: "en", terms_accepted: true, ...fields,
  }, { "Idempotency-Key": `xss-${randomBytes(8).toString("hex")}` });
  assert.equal(submitted.status, 202, await submitted.clone().text());
  const { id } = await submitted.json();
  const record = await staff("moderator", "GET", `/v1/admin/reviews/${id}`);
  assert.notEqual(record.stage, "rejected", `screening rejected ${JSON.stringify(fields)}: ${JSON.stringify(record.findings)}`);
  assert.ok(record.stage === "screening" || !notes.moderator, "a review with a moderator's note is held at screening");
  if (record.stage === "screening") {
    await staff("moderator", "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "pass", note: notes.moderator });
  }
  if (until === "published") {
    await staff("compliance", "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "approve", note: notes.compliance });
    await staff("owner", "POST", `/v1/admin/reviews/${id}/decisions`, { decision: "approve", note: notes.owner });
  }
  return id;
}

/** A body of at least 20 characters around `payload`, unique to review `index`. */
const bodyWith = (payload, index) => `Review ${"abcdefghijklmnop"[index]} says: ${payload} and the fees were explained.`;

const ids = { published: [], waiting: [], detail: null, case: null };

before(async () => {
  const deal = dealer();
  tenant = await createTenant({ name: put("tenant name", deal(120)) });
  await enableConsole(tenant, ["moderator", "compliance", "owner", "admin", "marketer"]);
  const settings = await staff("admin", "GET", "/v1/admin/settings");
  await staff("admin", "PUT", "/v1/admin/settings", { ...settings, json_ld: true });

  // The catalogue (marketer).
  await staff("marketer", "PATCH", "/v1/admin/product-lines/savings-line", { name: put("line name", deal(80)) });
  // The product's name is the one text in the JSON-LD: the payload that ends a script element between U+2028 and
  // U+2029 (valid in JSON, line terminators in old JavaScript).
  const productName = put("product name", deal(80, (payload) => payload.includes("</script>") && payload.includes("\u2028")));
  await staff("marketer", "PATCH", `/v1/admin/products/${tenant.product}`, {
    name: productName,
    cta: { url: `${tenant.origin}/open-account`, label: { en: put("cta label en", deal(60)), "zh-CN": put("cta label zh", deal(60)) } },
  });
  const { attributes } = await staff("marketer", "GET", "/v1/admin/attributes");
  const fees = attributes.find((attribute) => attribute.product === tenant.product && attribute.key === "fees");
  await staff("marketer", "PATCH", `/v1/admin/attributes/${encodeURIComponent(fees.id)}`, {
    label_en: put("attribute label en", deal(80)), label_zh: put("attribute label zh", deal(80)),
  });
  await staff("marketer", "POST", "/v1/admin/attributes", {
    product: tenant.product, key: "service", position: 2,
    label_en: put("attribute label en", deal(80)), label_zh: put("attribute label zh", deal(80)),
  }, 201);
  await staff("marketer", "PUT", "/v1/admin/disclosure", {
    texts: { en: put("disclosure en", deal()), "zh-CN": put("disclosure zh", deal()) },
  });

  // People (admin): the deciders get payload names (the console's header and the people page show them), and one
  // more person is added.
  const { people } = await staff("admin", "GET", "/v1/admin/people");
  for (const role of ["moderator", "compliance", "owner", "marketer", "admin"]) {
    const person = people.find((p) => p.email === `${role}@${tenant.id}.test`);
    await staff("admin", "PATCH", `/v1/admin/people/${person.id}`, { display_name: put("display name", deal(80)) });
  }
  await staff("admin", "POST", "/v1/admin/people", {
    email: `new@${tenant.id}.test`, display_name: put("display name", deal(80)), role: "moderator",
  }, 201);

  // Reviews, in parallel: the first carries payloads in its decision notes and gets a flag, a case and a response.
  // Notes that start with `{` are shown as archived content, not as a note: none is given one.
  const plain = (payload) => !payload.startsWith("{");
  const notes = {
    moderator: put("decision note", deal(2_000, plain)),
    compliance: put("decision note", deal(2_000, plain)),
    owner: put("decision note", deal(2_000, plain)),
  };
  // The first review's e-mail address holds it at screening, for the moderator's note.
  const published = Array.from({ length: PUBLISHED }, (_, index) => ({
    title: put("title", deal(120)),
    body: bodyWith(put("body", deal(1_000)), index) + (index === 0 ? " Write to me at reader@example.org." : ""),
    nickname: put("nickname", deal(40)),
    segment: put("segment", deal(40)),
  }));
  const waiting = Array.from({ length: WAITING }, (_, index) => ({
    title: put("title (waiting)", deal(120)),
    body: `Waiting review ${"qr"[index]} about the savings account and its fees.`,
    nickname: "Waiting reader",
  }));
  ids.published = await Promise.all(published.map((fields, index) => review(fields, "published", index === 0 ? notes : {})));
  ids.waiting = await Promise.all(waiting.map((fields) => review(fields, "compliance_review")));
  ids.detail = ids.published[0];

  // Firm responses: two approved by the owner (under their reviews), three left pending (the responses page).
  for (const [index, approved] of [[0, true], [1, true], [2, false], [3, false], [4, false]]) {
    const drafted = await staff("moderator", "POST", `/v1/admin/reviews/${ids.published[index]}/responses`, {
      body: put(approved ? "firm response" : "firm response (pending)", deal()),
    }, 201);
    if (approved) {
      await staff("owner", "POST", `/v1/admin/responses/${drafted.id}/decisions`, {
        decision: "approve", note: put("response decision note", deal(2_000, plain)),
      });
    }
  }
  // A visitor's flag and a customer-service case on the first review.
  const flagged = await visitor(`/v1/t/${tenant.id}/reviews/${ids.detail}/flags`, {
    reason: "off_topic", note: put("flag note", deal(1_000)),
  });
  assert.equal(flagged.status, 201, await flagged.text());
  const opened = await staff("compliance", "POST", `/v1/admin/reviews/${ids.detail}/escalations`, {
    note: put("escalation note", deal()), assignee: put("escalation assignee", deal(80)),
  }, 201);
  ids.case = opened.id;
  assert.equal(Object.values(placed).flat().length, PAYLOADS.length, "every payload is placed");
  for (const [field, payloads] of Object.entries(placed)) console.log(`# ${field}: ${payloads.map(markerOf).join(" ")}`);
});

/** Installed in every frame before any of its scripts: the trap, and a MutationObserver on the document and on
 * every shadow root attached later (the widget's is), keeping each element added or changed. */
function installProbes() {
  window.__xssFired = [];
  window.__xss = (marker) => window.__xssFired.push(String(marker));
  window.__xssTouched = [];
  const observe = (root) =>
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") window.__xssTouched.push(record.target);
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          window.__xssTouched.push(node);
          for (const inner of node.querySelectorAll("*")) window.__xssTouched.push(inner);
        }
      }
    }).observe(root, { subtree: true, childList: true, attributes: true });
  observe(document);
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    observe(root);
    return root;
  };
}

/**
 * Runs in a frame: what it shows and what is wrong with it, shadow roots included. `visible`: the markers whose
 * payload appears in the text (text nodes joined in document order, outside scripts and styles, and form controls'
 * values), in one of the forms below.
 * `problems`: elements or attributes made from a payload — an `on*` attribute; an attribute whose value holds a
 * marker without its whole payload (a payload put into an attribute, escaped, keeps all of it); a `javascript:` URL;
 * an element of a kind no page uses for text (script, iframe, img, style …) whose own text holds a marker; a text
 * node with a marker none of whose three nearest ancestors holds the whole payload in one of those forms (parsed
 * markup loses its tags). `ld`: the JSON-LD blocks' texts.
 */
function inspect(byMarker) {
  const MARKER = /xss\d\d/g;
  const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcdoc"];
  const FOREIGN = new Set([
    "script", "iframe", "object", "embed", "style", "template", "math", "img", "video", "audio", "source", "marquee",
    "base", "link", "meta", "frameset", "frame", "x", "keygen", "noscript", "b", "i", "mglyph", "mtext",
  ]);
  // How a page may show a payload as text: as is, as a JSON string (the archive's recorded changes) or quoted as the
  // archive's change summaries quote values (`"`, `\` and invisible characters such as U+2028 escaped, `\u{2028}`).
  // Each keeps every `<` of it, which parsed markup would lose.
  const forms = (payload) => [
    payload,
    JSON.stringify(payload).slice(1, -1),
    payload.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\u2028\u2029]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`),
  ];
  const shows = (text, payload) => forms(payload).some((form) => text.includes(form));
  const problems = [];
  const roots = [document];
  const elements = [];
  for (let index = 0; index < roots.length; index++) {
    for (const element of roots[index].querySelectorAll("*")) {
      elements.push(element);
      if (element.shadowRoot) roots.push(element.shadowRoot);
    }
  }
  const describe = (element) => element.outerHTML.slice(0, 200);
  const isJsonLd = (element) => element.localName === "script" && element.getAttribute("type") === "application/ld+json";
  for (const element of new Set([...elements, ...(window.__xssTouched || [])])) {
    for (const { name, value } of element.attributes) {
      if (name.startsWith("on")) problems.push(`an ${name} attribute: ${describe(element)}`);
      for (const marker of value.match(MARKER) || []) {
        if (!value.includes(byMarker[marker])) problems.push(`${marker} in attribute ${name}: ${describe(element)}`);
      }
      const squeezed = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      if (URL_ATTRIBUTES.includes(name) && squeezed.startsWith("javascript:")) problems.push(`a javascript: URL: ${describe(element)}`);
    }
    if (FOREIGN.has(element.localName) && !isJsonLd(element)) {
      // Its attributes are checked above (an escaped payload in a `title` is text).
      const own = [...element.childNodes].filter((n) => n.nodeType === 3).map((n) => n.data).join(" ") +
        (element.localName === "template" || element.localName === "script" ? element.innerHTML : "");
      if (MARKER.test(own)) problems.push(`a ${element.localName} element from a payload: ${describe(element)}`);
      MARKER.lastIndex = 0;
    }
  }
  let text = "";
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent && (parent.localName === "script" || parent.localName === "style")) continue;
      text += node.data;
      for (const marker of node.data.match(MARKER) || []) {
        const payload = byMarker[marker];
        let holder = parent;
        let held = false;
        for (let depth = 0; holder && depth < 3 && !held; depth++, holder = holder.parentElement) {
          held = shows(holder.textContent, payload);
        }
        if (!held) problems.push(`${marker} in text cut from its payload: ${parent ? describe(parent) : node.data}`);
      }
    }
    for (const control of root.querySelectorAll("input, textarea")) text += "\n" + control.value;
  }
  const visible = Object.keys(byMarker).filter((marker) => shows(text, byMarker[marker]));
  const ld = [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => script.textContent);
  const ldInShadow = roots.slice(1).reduce((count, root) => count + root.querySelectorAll("script").length, 0);
  return { visible, problems, ld, ldInShadow, fired: window.__xssFired || null };
}

/** A page with the probes: `{ context, page, dialogs }`; dialogs are recorded and dismissed. */
async function probed(context, page) {
  const dialogs = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return { context, page, dialogs };
}

async function openProbed(url, viewport) {
  const context = await browser().newContext({ viewport });
  await context.addInitScript(installProbes);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error));
  await page.goto(url);
  return { ...(await probed(context, page)), errors };
}

async function signInProbed(role, hash, viewport = DESKTOP) {
  const signedIn = await signIn(browser(), `${role}@${tenant.id}.test`, hash, {
    viewport,
    init: (page) => page.context().addInitScript(installProbes),
  });
  return { ...(await probed(signedIn.context, signedIn.page)), errors: signedIn.errors };
}

/** Inspects every frame of the page once `expected` all show (or 20 s passed), after a second more for handlers
 * that fire late (an image's error). */
async function check(page, expected) {
  const frames = async () => {
    const results = [];
    for (const frame of page.frames()) {
      const result = await frame.evaluate(inspect, BY_MARKER).catch(() => null);
      if (result) results.push({ url: frame.url(), ...result });
    }
    return results;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const visible = new Set((await frames()).flatMap((frame) => frame.visible));
    if (expected.every((marker) => visible.has(marker)) || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(1_000);
  return frames();
}

const pageCounts = [];
/** Every marker some page showed as text. */
const renderedAnywhere = new Set();

/** Asserts a page's findings: nothing ran, nothing was injected, the expected payloads show as text. */
function assertClean(name, results, dialogs, errors, expected, { ld = 0, several = 3 } = {}) {
  const unprobed = results.filter((frame) => frame.url.startsWith("http") && frame.fired === null).map((frame) => frame.url);
  assert.deepEqual(unprobed, [], `${name}: frames without the trap`);
  const fired = results.flatMap((frame) => frame.fired || []);
  assert.deepEqual(fired, [], `${name}: payloads ran`);
  assert.deepEqual(dialogs, [], `${name}: dialogs opened`);
  assert.deepEqual(results.flatMap((frame) => frame.problems.map((p) => `${frame.url}: ${p}`)), [], `${name}: injected`);
  assert.deepEqual(errors, [], `${name}: page errors`);
  const visible = new Set(results.flatMap((frame) => frame.visible));
  assert.deepEqual(expected.filter((marker) => !visible.has(marker)), [], `${name}: payloads not shown as text`);
  const top = results[0];
  assert.equal(top.ld.length, ld, `${name}: JSON-LD blocks`);
  assert.equal(results.reduce((count, frame) => count + frame.ldInShadow, 0), 0, `${name}: no script inside a shadow root`);
  if (ld) {
    const [data] = top.ld.map((text) => JSON.parse(text));
    assert.equal(data.name, placed["product name"][0], `${name}: the JSON-LD names the product unchanged`);
    assert.equal(data.aggregateRating.reviewCount, PUBLISHED);
  }
  assert.ok(visible.size >= several, `${name}: several payloads on the page (${visible.size})`);
  pageCounts.push([name, visible.size]);
  for (const marker of visible) renderedAnywhere.add(marker);
  console.log(`# ${name}: ${visible.size} payloads rendered as text, none ran, none injected`);
}

const markers = (...fields) => fields.flatMap((field) => (placed[field] || []).map(markerOf));
/** The published reviews' fields and the approved responses: what the widget lists. */
const listed = () => markers("title", "body", "nickname", "segment", "firm response");

/** Loads every page of the widget's list (the first view has 3; "More" adds the rest). */
async function loadAll(page, frame = page) {
  await waitInteractive(page);
  const items = frame.locator(".candor-widget li.review");
  for (let round = 0; round < 5 && (await items.count()) < PUBLISHED; round++) {
    const before = await items.count();
    await frame.locator(".candor-widget [data-more]").click();
    await page.waitForFunction((before) => document.querySelector(".candor-widget").shadowRoot.querySelectorAll("li.review").length > before, before, { timeout: 20_000 });
  }
  assert.equal(await items.count(), PUBLISHED);
}

test("the probes catch each markup payload when a page does inject it (innerHTML, light DOM and a shadow root)", async () => {
  // The control: a page that does what the product must never do. Every payload with markup or an entity must be
  // caught — it runs, or leaves an element or attribute the inspection names, or no longer shows as its own text.
  // Each payload gets an element of its own (fragment parsing keeps an unclosed tag inside it).
  const sink = await pageServer({ "/sink.html": "<!doctype html><html><head><title>sink</title></head><body></body></html>" });
  const { context, page, dialogs } = await openProbed(`${sink.url}/sink.html`, DESKTOP);
  const markup = PAYLOADS.filter((payload) => /[<&]/.test(payload));
  await page.evaluate((payloads) => {
    for (const payload of payloads) {
      document.body.appendChild(document.createElement("div")).innerHTML = payload;
      const host = document.body.appendChild(document.createElement("div"));
      host.attachShadow({ mode: "open" }).innerHTML = `<p>${payload}</p>`;
    }
  }, markup);
  await page.waitForTimeout(1_000);
  const found = await page.evaluate(inspect, BY_MARKER);
  await context.close();
  await sink.close();
  const ran = (marker) => found.fired.includes(marker) || dialogs.some((message) => message.includes(marker));
  const injected = (marker) => found.problems.some((problem) => problem.includes(marker));
  const probed = markup.map(markerOf).filter((marker) => ran(marker) || injected(marker));
  console.log(`# control: ${probed.length} of ${markup.length} markup payloads caught running or as an injected element or attribute, the rest as text no longer shown as it was`);
  assert.deepEqual(markup.map(markerOf).filter((marker) => !probed.includes(marker) && found.visible.includes(marker)), [], "payloads an injecting page got away with");
});

test("the widget on a host page (en, 1280 px) renders every payload as text and runs none", async () => {
  const { context, page, dialogs, errors } = await openProbed(tenant.page("en"), DESKTOP);
  await loadAll(page);
  await page.locator(".candor-widget [data-candor-open-form]").click();
  await page.locator(".candor-widget [data-candor-form-region] form").waitFor({ timeout: 20_000 });
  const expected = [...listed(), ...markers("disclosure en", "cta label en"), ...placed["attribute label en"].map(markerOf)];
  assertClean("widget en 1280", await check(page, expected), dialogs, errors, expected, { ld: 1 });
  await screenshot(page, "xss-widget-en-1280");
  await context.close();
});

test("the widget on a host page (zh-CN, 375 px) renders the Chinese labels and disclosure as text", async () => {
  const { context, page, dialogs, errors } = await openProbed(tenant.page("zh-CN"), PHONE);
  await loadAll(page);
  await page.locator(".candor-widget [data-candor-open-form]").click();
  await page.locator(".candor-widget [data-candor-form-region] form").waitFor({ timeout: 20_000 });
  const expected = [...listed(), ...markers("disclosure zh", "cta label zh", "attribute label zh")];
  assertClean("widget zh-CN 375", await check(page, expected), dialogs, errors, expected, { ld: 1 });
  await screenshot(page, "xss-widget-zh-375");
  await context.close();
});

test("the iframe page renders the payloads as text, its title included, and runs none", async () => {
  const { context, page, dialogs, errors } = await openProbed(`${EDGE}/v1/t/${tenant.id}/embed/${tenant.product}?page=1`, DESKTOP);
  await loadAll(page);
  assert.equal(await page.title(), placed["product name"][0], "the page's title is the product's name, as text");
  const expected = [...listed(), ...markers("disclosure en", "cta label en", "attribute label en", "product name")];
  assertClean("iframe page", await check(page, expected), dialogs, errors, expected, { ld: 1 });
  await context.close();
});

/** The console pages: who signs in, where, what shows there. */
const CONSOLE_PAGES = () => [
  ["review detail", "compliance", `#/review/${ids.detail}`, markers("decision note", "flag note", "escalation note").concat(
    [placed.title[0], placed.nickname[0], placed.segment[0], placed["firm response"][0]].map(markerOf),
    markerOf(placed.body[0]), markers("display name").slice(1, 2))],
  ["compliance queue", "compliance", "#/queue/compliance_review", markers("title (waiting)")],
  ["reviews search", "compliance", "#/reviews", markers("title", "title (waiting)")],
  ["responses", "owner", "#/responses", markers("firm response (pending)")],
  ["escalations", "compliance", "#/escalations", markers("escalation note", "escalation assignee")],
  ["catalogue", "marketer", "#/catalogue", markers("line name", "product name", "attribute label en", "attribute label zh", "cta label en", "cta label zh")],
  ["disclosure", "marketer", "#/disclosure", markers("disclosure en", "disclosure zh")],
  ["people", "admin", "#/people", markers("display name")],
  ["archive", "compliance", "#/archive", markers("decision note", "response decision note")],
  // Settings hold no free text (see the top of this file): only the banner's names show here.
  ["settings", "admin", "#/settings", markers("tenant name").concat(markerOf(placed["display name"][4])), { several: 2 }],
];

test("ten console pages render the payloads as text and run none", async (t) => {
  for (const [name, role, hash, expected, options] of CONSOLE_PAGES()) {
    await t.test(name, async () => {
      const { context, page, dialogs, errors } = await signInProbed(role, hash);
      try {
        if (name === "archive") {
          await page.locator("#from").fill("2000-01-01");
          await page.getByRole("button", { name: "Show" }).click();
        }
        const results = await check(page, expected);
        if (name === "review detail" || name === "catalogue") await screenshot(page, `xss-console-${name.replace(" ", "-")}`);
        assertClean(`console ${name}`, results, dialogs, errors, expected, options);
      } finally {
        await context.close();
      }
    });
  }
});

test("every payload was rendered as text on some page, at least 50 in all", () => {
  assert.equal(new Set(PAYLOADS.map(markerOf)).size, PAYLOADS.length, "one marker per payload");
  console.log(`# ${PAYLOADS.length} payloads through ${Object.keys(placed).length} fields, ${renderedAnywhere.size} rendered; per page: ${pageCounts.map(([name, count]) => `${name} ${count}`).join(", ")}`);
  assert.deepEqual(PAYLOADS.map(markerOf).filter((marker) => !renderedAnywhere.has(marker)), [], "payloads no page rendered");
  assert.ok(renderedAnywhere.size >= 50);
});
