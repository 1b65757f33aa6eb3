/* Candor widget bundle bootstrap: appended to the wasm-bindgen `no-modules` glue inside one function scope,
 * so the glue's `wasm_bindgen` name never becomes a global. Mounts every widget the loader queued (each into the
 * hidden container beside its first view). */
var candorScript = document.currentScript;
(function () {
  var ns = window.Candor;
  if (!ns || !candorScript) return;
  var wasmUrl = new URL("__CANDOR_WASM__", candorScript.src).href;
  wasm_bindgen({ module_or_path: wasmUrl }).then(
    function () {
      ns.mount = function (w) {
        try {
          wasm_bindgen.mount(w.container, w.host, w.api, w.tenant, w.product, w.locale);
        } catch (e) {
          /* a widget that fails to mount stays empty */
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
