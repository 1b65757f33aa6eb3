/* Candor widget bundle bootstrap: appended to the wasm-bindgen `no-modules` glue inside one function scope,
 * so the glue's `wasm_bindgen` name never becomes a global. Mounts every widget the loader queued (each adopts its
 * first view's list, and its form once the loader has fetched it, in place; the status line is the edge's status
 * frame, created by the loader). */
var candorScript = document.currentScript;
(function () {
  var ns = window.Candor;
  if (!ns || !candorScript) return;
  var wasmUrl = new URL("__CANDOR_WASM__", candorScript.src).href;
  // Turnstile, for tenants whose config names a captcha (widget/src/captcha.rs): its script is loaded once per page
  // (it adds the global `turnstile`) and each form renders it explicitly into a box inside its own shadow root.
  var turnstile;
  ns.captcha = function (box) {
    var w = (box.getRootNode().host || {}).candor;
    if (!w) return;
    fetch(w.api + "/v1/t/" + encodeURIComponent(w.tenant) + "/config")
      .then(function (response) {
        return response.json();
      })
      .then(function (config) {
        if (config.captcha) render(box, config.captcha.site_key, config.captcha.script_url, String(w.locale).toLowerCase());
      })
      .catch(function () {
        /* no config, no captcha: the edge answers captcha_required if it wants one */
      });
  };
  var render = function (box, siteKey, scriptUrl, language) {
    turnstile = turnstile || new Promise(function (resolve, reject) {
      if (window.turnstile) return resolve(window.turnstile);
      var s = document.createElement("script");
      s.src = scriptUrl;
      s.async = true;
      s.onload = function () {
        window.turnstile ? resolve(window.turnstile) : reject();
      };
      s.onerror = reject;
      document.head.appendChild(s);
    });
    var clear = function () {
      box.removeAttribute("data-token");
    };
    turnstile.then(function (t) {
      box.candorCaptcha = t.render(box, {
        sitekey: siteKey,
        language: language,
        "response-field": false,
        callback: function (token) {
          box.setAttribute("data-token", token);
        },
        "expired-callback": clear,
        "error-callback": clear,
      });
    }, clear);
  };
  ns.captchaReset = function (box) {
    box.removeAttribute("data-token");
    try {
      if (window.turnstile && box.candorCaptcha) window.turnstile.reset(box.candorCaptcha);
    } catch (e) {
      /* a widget that cannot reset keeps its state */
    }
  };
  wasm_bindgen({ module_or_path: wasmUrl }).then(
    function () {
      ns.mount = function (w) {
        try {
          w.host.candor = w; // for ns.captcha, which starts from an element inside the widget
          wasm_bindgen.mount(w.host, w.api, w.tenant, w.product, w.locale);
        } catch (e) {
          /* a widget that fails to mount stays empty */
        }
      };
      // A form the loader fetched after the mount (the visitor opened it): the wasm adopts it there.
      ns.mountForm = function (w) {
        try {
          wasm_bindgen.attach_form(w.host, w.api, w.tenant, w.product, w.locale);
        } catch (e) {
          /* the form stays the edge's markup; the loader's draft keeping still works */
        }
      };
      var queued = ns.queue || [];
      ns.queue = [];
      queued.forEach(ns.mount);
    },
    function () {
      /* wasm refused (a strict CSP) or unreachable: the loader swaps in the edge's iframe page */
      if (ns.fallback) ns.fallback();
    }
  );
})();
