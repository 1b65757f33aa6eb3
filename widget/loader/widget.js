/* Candor widget loader (stable URL: /v1/widget.js, short-cached). Defines one global at most: window.Candor.
 *  Reads data-tenant / data-product / data-locale from its own <script> tag and from every element with
 *  data-candor-product, and gives each an open shadow root. As a widget nears the viewport it fetches the first
 *  view (HTML rendered on the edge) into that root; the wasm bundle loads on the first interaction or when the
 *  browser is idle, and takes over; with it comes the visitor's status frame (an edge page that keeps the status
 *  token out of this page's reach and sends the widget's reviews). If the wasm is refused (CSP), the edge's iframe
 *  page replaces it.
 *  It never throws into the host page: if the edge is down, nothing is shown.
 *  (A plain comment, not a `/*!` one: the build's minifier drops it, so the first view does not carry it.) */
(function () {
  "use strict";
  var script = document.currentScript;
  var BUNDLE = "__CANDOR_BUNDLE__";
  var BUNDLE_SRI = "__CANDOR_BUNDLE_SRI__";
  // The widget's stylesheet (written in by the build from the widget crate): the loader carries it once for every
  // widget of the page, so the first view the edge answers is markup only.
  var STYLE = "__CANDOR_STYLE__";
  try {
    if (!script || !script.src) return;
    var api = new URL(script.src).origin;
    var ns = (window.Candor = window.Candor || { queue: [] });
    var defaults = script.dataset;
    var widgets = [];
    var enc = encodeURIComponent;

    var embedUrl = function (w, page) {
      return api + "/v1/t/" + enc(w.tenant) + "/embed/" + enc(w.product) + "?locale=" + enc(w.locale) + (page ? "&page=1" : "");
    };

    // The wasm is fetched once for every widget of the page, on the first interaction or when the browser is idle.
    var wake = function () {
      if (ns.requested) return;
      ns.requested = true;
      var bundle = document.createElement("script");
      bundle.src = api + BUNDLE;
      bundle.async = true;
      bundle.crossOrigin = "anonymous";
      bundle.integrity = BUNDLE_SRI;
      (document.head || document.documentElement).appendChild(bundle);
    };

    // The visitor's status frame: a small page of the edge's own origin in the widget's status slot. It keeps the
    // status token of the visitor's own review where this page cannot read it, shows its status line (withdraw,
    // revise), and sends the widget's submissions (Candor.send). Created with the wasm (idle or first interaction).
    var statusFrame = function (w) {
      if (w.statusFrame || !w.status) return w.statusFrame;
      var frame = document.createElement("iframe");
      var theme = w.host.getAttribute("data-theme");
      frame.src = api + "/v1/t/" + enc(w.tenant) + "/frame/" + enc(w.product) + "?locale=" + enc(w.locale) + (theme ? "&theme=" + enc(theme) : "");
      frame.title = w.status.getAttribute("data-candor-status") || "Candor";
      // Laid out but 0 px tall and out of the accessibility tree until it reports a status line (a `hidden` frame
      // would not be laid out at all, and could never measure its line).
      frame.setAttribute("style", "border:0;width:100%;display:block;height:0");
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      frame.setAttribute("data-candor-status-frame", "");
      w.ready = new Promise(function (resolve) {
        w.frameReady = resolve;
      });
      w.statusFrame = frame;
      w.status.appendChild(frame);
      return frame;
    };

    // Sends one review through the widget's status frame: `{key, captcha, body}` → `{status, body}` without the
    // status token (status 0: not sent or no answer; retrying with the same key is safe).
    ns.send = function (host, request) {
      var w = widgets.filter(function (x) {
        return x.host === host;
      })[0];
      if (!w || !statusFrame(w)) return Promise.resolve({ status: 0, body: null });
      return new Promise(function (resolve) {
        var timer = setTimeout(function () {
          resolve({ status: 0, body: null });
        }, 30000);
        w.ready.then(function () {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) {
            clearTimeout(timer);
            resolve(event.data || { status: 0, body: null });
          };
          w.statusFrame.contentWindow.postMessage({ candorSend: request }, api, [channel.port2]);
        });
      });
    };

    // Keeps what the visitor types into the first view's form as the draft the wasm form restores.
    var keepDraft = function (w, event) {
      try {
        var form = event.target.form;
        if (form) localStorage.setItem(draftKey(w), JSON.stringify(Object.fromEntries(new FormData(form))));
      } catch (e) {
        /* storage disabled: the draft is simply not kept */
      }
    };

    var draftKey = function (w) {
      return "candor:" + w.tenant + ":" + w.product + ":draft";
    };

    // The review form is not part of the first view: it is fetched into its region (the edge renders it) the first
    // time the visitor opens it or has a draft to restore, and the wasm adopts it there if it has loaded already.
    // One request per widget; a failed one is tried again at the next opening.
    var loadForm = function (w, region) {
      if (!w.form) {
        w.form = fetch(api + "/v1/t/" + enc(w.tenant) + "/embed/" + enc(w.product) + "/form?locale=" + enc(w.locale))
          .then(function (response) {
            return response.ok ? response.text() : Promise.reject();
          })
          .then(function (html) {
            region.innerHTML = html; // the edge's own escaped HTML, rendered from its components
            if (ns.mountForm) ns.mountForm(w);
          });
        w.form.catch(function () {
          w.form = null;
        });
      }
      return w.form;
    };

    // The form opens in place under "Write a review": focus moves into it; Escape or Cancel close it and give focus
    // back to the button; a saved draft reopens it (without taking focus). Works before and after the wasm has
    // adopted the form (the same data attributes).
    var compose = function (w) {
      var region = w.root.querySelector("[data-candor-form-region]");
      var opener = w.root.querySelector("[data-candor-open-form]");
      if (!region || !opener) return;
      var setOpen = function (open, moveFocus) {
        if (open && !region.firstChild) {
          opener.setAttribute("aria-busy", "true");
          return loadForm(w, region).then(
            function () {
              opener.removeAttribute("aria-busy");
              setOpen(true, moveFocus);
            },
            function () {
              opener.removeAttribute("aria-busy");
            }
          );
        }
        region.hidden = !open;
        opener.setAttribute("aria-expanded", open ? "true" : "false");
        if (!moveFocus) return;
        var target = open ? region.querySelector("input,select,textarea,button") : opener;
        if (target) target.focus();
      };
      // Pointing at or focusing the button starts the request before the click.
      ["pointerenter", "focus"].forEach(function (name) {
        opener.addEventListener(name, function () {
          loadForm(w, region);
        }, { once: true, passive: true });
      });
      w.root.addEventListener("click", function (event) {
        var target = event.target.closest ? event.target : null;
        if (!target) return;
        if (target.closest("[data-candor-open-form]")) setOpen(region.hidden, true);
        else if (target.closest("[data-candor-close-form]")) setOpen(false, true);
      });
      region.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !region.hidden) {
          event.preventDefault();
          setOpen(false, true);
        }
      });
      w.root.addEventListener("candor-open-form", function () {
        setOpen(true, true);
      });
      try {
        if (localStorage.getItem(draftKey(w))) setOpen(true, false);
      } catch (e) {
        /* storage disabled: no draft to reopen */
      }
    };

    // Review bodies are clamped to four lines for display; "Read more" appears on those that overflow and opens
    // them in place. Checked when reviews arrive (first view, later pages) and when the widget's width changes.
    var readMore = function (w) {
      var check = function () {
        var items = w.root.querySelectorAll(".review");
        for (var i = 0; i < items.length; i++) {
          var body = items[i].querySelector(".review-body");
          var button = items[i].querySelector("[data-candor-read-more]");
          if (!body || !button || body.hasAttribute("data-expanded")) continue;
          if (body.scrollHeight > body.clientHeight + 1) button.setAttribute("data-overflow", "");
          else button.removeAttribute("data-overflow");
        }
      };
      check();
      if (window.ResizeObserver) new ResizeObserver(check).observe(w.host);
      if (window.MutationObserver) {
        var list = w.root.querySelector("[data-list]");
        if (list) new MutationObserver(check).observe(list, { childList: true });
      }
      w.root.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest("[data-candor-read-more]");
        var body = button && button.closest(".review").querySelector(".review-body");
        if (!body) return;
        var open = button.getAttribute("aria-expanded") !== "true";
        button.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) body.setAttribute("data-expanded", "");
        else body.removeAttribute("data-expanded");
      });
    };

    var show = function (w) {
      if (w.shown) return;
      w.shown = true;
      fetch(embedUrl(w))
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          if (!html) return; // a hidden product line, or an unknown product: nothing at all
          var style = document.createElement("style");
          style.textContent = STYLE;
          var first = document.createElement("div");
          first.innerHTML = html; // the edge's own escaped HTML, rendered from its components
          w.root.appendChild(style);
          w.root.appendChild(first);
          w.first = first;
          // The tenant may not offer the language asked for: the wasm speaks the one the first view is shown in.
          var shown = first.querySelector("[data-candor-first-view][lang]");
          if (shown) w.locale = shown.getAttribute("lang");
          // JSON-LD (a tenant setting) belongs in the light DOM: search engines do not read shadow roots.
          var ld = first.querySelector("script[data-candor-json-ld]");
          if (ld) {
            var data = document.createElement("script");
            data.type = "application/ld+json";
            data.textContent = ld.textContent;
            w.host.appendChild(data);
            ld.parentNode.removeChild(ld);
          }
          // The product's call to action: `candor:cta` on the host element, then the link is followed unless a
          // listener of the page called preventDefault (it then takes the visitor there itself, to `detail.url`, the
          // direct link: such a click is not counted by the edge).
          w.root.addEventListener("click", function (event) {
            var cta = event.target.closest && event.target.closest("a[data-candor-cta]");
            if (!cta) return;
            var detail = { product: w.product, url: cta.getAttribute("data-candor-url") || cta.href };
            if (!w.host.dispatchEvent(new CustomEvent("candor:cta", { bubbles: true, composed: true, cancelable: true, detail: detail }))) event.preventDefault();
          });
          // A histogram bar clicked before the wasm has loaded: the interactive list applies that filter.
          w.root.addEventListener("click", function (event) {
            var bar = !ns.mount && event.target.closest && event.target.closest("[data-stars]");
            if (bar) bar.setAttribute("data-pending", "");
          });
          compose(w);
          readMore(w);
          // The wasm adopts the first view's form and list in place (same markup, nothing moves); once it has,
          // the first view is no longer a first view.
          w.status = first.querySelector("[data-candor-status]");
          try {
            // An earlier version kept the status token in this page's storage: it must not stay where the page can
            // read it. (On the edge's own pages this storage is the status frame's: nothing to clean there.)
            if (location.origin !== api) localStorage.removeItem("candor:" + w.tenant + ":" + w.product + ":status");
          } catch (e) {
            /* storage disabled: nothing kept */
          }
          w.host.addEventListener("candor:ready", function () {
            var view = first.querySelector("[data-candor-first-view]");
            if (view) view.removeAttribute("data-candor-first-view");
          }, { once: true });
          ["pointerdown", "focusin", "keydown", "touchstart"].forEach(function (name) {
            w.root.addEventListener(name, function () {
              wake();
              statusFrame(w);
            }, { once: true, passive: true });
          });
          w.root.addEventListener("input", function (event) { keepDraft(w, event); });
          w.root.addEventListener("change", function (event) { keepDraft(w, event); });
          if (ns.mount) ns.mount(w);
          else ns.queue.push(w);
          (window.requestIdleCallback || function (f) { setTimeout(f, 2000); })(function () {
            wake();
            statusFrame(w);
          });
        })
        .catch(function () {
          /* the edge is unreachable: show nothing */
        });
    };

    // Wasm refused (a strict CSP) or unusable: the iframe page of the edge, sized by the height it reports.
    ns.fallback = function () {
      widgets.forEach(function (w) {
        if (!w.first || w.frame) return;
        var frame = document.createElement("iframe");
        frame.src = embedUrl(w, true);
        frame.title = w.first ? (w.first.querySelector("h2") || {}).textContent || "Candor" : "Candor";
        frame.setAttribute("style", "border:0;width:100%;display:block;height:" + (w.first ? w.first.getBoundingClientRect().height : 600) + "px");
        frame.setAttribute("data-candor-frame", "");
        w.frame = frame;
        w.root.innerHTML = "";
        w.root.appendChild(frame);
        w.first = null;
      });
    };
    // Messages of the edge's frames: the iframe page's height; the status frame's readiness, height and "open the form".
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== api || !data) return;
      widgets.forEach(function (w) {
        if (w.frame && w.frame.contentWindow === event.source && data.candorFrameHeight) w.frame.style.height = data.candorFrameHeight + "px";
        var frame = w.statusFrame;
        if (!frame || frame.contentWindow !== event.source) return;
        if (data.candorStatusReady) w.frameReady();
        if (typeof data.candorStatusHeight === "number") {
          frame.style.height = data.candorStatusHeight + "px";
          if (data.candorStatusHeight) {
            frame.removeAttribute("aria-hidden");
            frame.removeAttribute("tabindex");
          } else {
            frame.setAttribute("aria-hidden", "true");
            frame.tabIndex = -1;
          }
        }
        if (data.candorOpenForm) w.root.dispatchEvent(new CustomEvent("candor-open-form"));
      });
    });

    var observer = window.IntersectionObserver &&
      new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          widgets.forEach(function (w) {
            if (w.host === entry.target) show(w);
          });
        });
      }, { rootMargin: "800px 0px" });

    var add = function (host, tenant, product, locale) {
      if (!tenant || !product || host.shadowRoot) return;
      var w = { host: host, root: host.attachShadow({ mode: "open" }), api: api, tenant: tenant, product: product, locale: locale || document.documentElement.lang || "en" };
      widgets.push(w);
      // `data-candor-eager` (the edge's iframe page): show at once. Inside a frame a zero-height placeholder may never
      // count as intersecting, and that page is the widget and nothing else.
      if (observer && !host.hasAttribute("data-candor-eager")) observer.observe(host);
      else show(w);
    };

    if (defaults.product) {
      var host = document.createElement("div");
      host.className = "candor-widget";
      if (defaults.theme) host.setAttribute("data-theme", defaults.theme);
      script.parentNode.insertBefore(host, script);
      add(host, defaults.tenant, defaults.product, defaults.locale);
    }
    var placeholders = document.querySelectorAll("[data-candor-product]");
    for (var i = 0; i < placeholders.length; i++) {
      var el = placeholders[i];
      add(el, el.getAttribute("data-candor-tenant") || defaults.tenant, el.getAttribute("data-candor-product"), el.getAttribute("data-candor-locale") || defaults.locale);
    }
  } catch (e) {
    /* never break the host page */
  }
})();
