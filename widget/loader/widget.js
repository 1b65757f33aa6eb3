/*! Candor widget loader (stable URL: /v1/widget.js, short-cached). Defines one global at most: window.Candor.
 *  Reads data-tenant / data-product / data-locale from its own <script> tag and from every
 *  element with data-candor-product, gives each an open shadow root, then loads the versioned bundle.
 *  It never throws into the host page: if the edge is down, nothing is shown. */
(function () {
  "use strict";
  var script = document.currentScript;
  var BUNDLE = "__CANDOR_BUNDLE__";
  var BUNDLE_SRI = "__CANDOR_BUNDLE_SRI__";
  try {
    if (!script || !script.src) return;
    var api = new URL(script.src).origin;
    var ns = (window.Candor = window.Candor || { queue: [] });
    var defaults = script.dataset;

    var mount = function (host, tenant, product, locale) {
      if (!tenant || !product || host.shadowRoot) return;
      var root = host.attachShadow({ mode: "open" });
      var container = document.createElement("div");
      root.appendChild(container);
      var widget = { container: container, host: host, api: api, tenant: tenant, product: product, locale: locale || document.documentElement.lang || "en" };
      if (ns.mount) ns.mount(widget);
      else ns.queue.push(widget);
    };

    if (defaults.product) {
      var host = document.createElement("div");
      host.className = "candor-widget";
      script.parentNode.insertBefore(host, script);
      mount(host, defaults.tenant, defaults.product, defaults.locale);
    }
    var placeholders = document.querySelectorAll("[data-candor-product]");
    for (var i = 0; i < placeholders.length; i++) {
      var el = placeholders[i];
      mount(el, el.getAttribute("data-candor-tenant") || defaults.tenant, el.getAttribute("data-candor-product"), el.getAttribute("data-candor-locale") || defaults.locale);
    }

    if (!ns.requested && ns.queue.length) {
      ns.requested = true;
      var bundle = document.createElement("script");
      bundle.src = api + BUNDLE;
      bundle.async = true;
      bundle.crossOrigin = "anonymous";
      bundle.integrity = BUNDLE_SRI;
      (document.head || document.documentElement).appendChild(bundle);
    }
  } catch (e) {
    /* never break the host page */
  }
})();
