/* Local stand-in for Cloudflare Turnstile's api.js, served by `cargo xtask test` and `demo` only (never deployed).
 * It implements the documented client API — explicit rendering (`?render=explicit`, `onload=`) with
 * turnstile.render(container, {sitekey, callback, "error-callback", "expired-callback", theme, language,
 * "response-field", "response-field-name"}) returning a widget id, reset, getResponse, remove, isExpired, ready —
 * and shows a visible checkbox in the given container (which may sit inside a shadow root). Clicking it fetches a
 * token that the stand-in's siteverify accepts once. Cloudflare's always-pass test site keys solve without a click,
 * the always-block keys fail. */
(function () {
  "use strict";
  var BASE = "__BASE__";
  var PASS = { "1x00000000000000000000AA": 1, "1x00000000000000000000BB": 1 };
  var BLOCK = { "2x00000000000000000000AB": 1, "2x00000000000000000000BB": 1 };
  var widgets = {};
  var order = [];
  var next = 0;
  var script = document.currentScript;
  var query = script ? new URL(script.src).searchParams : new URLSearchParams();

  var call = function (fn, arg) {
    if (typeof fn === "string") fn = window[fn];
    if (typeof fn === "function") {
      try {
        fn(arg);
      } catch (e) {
        /* a callback's error is the page's business */
      }
    }
  };
  var find = function (id) {
    return widgets[id === undefined ? order[order.length - 1] : id];
  };
  var words = function (w) {
    return w.zh
      ? { ask: "确认您是真人", busy: "正在验证…", done: "验证成功", failed: "验证失败" }
      : { ask: "Verify you are human", busy: "Verifying…", done: "Success!", failed: "Verification failed" };
  };
  var setToken = function (w, token) {
    w.token = token;
    if (w.field) w.field.value = token || "";
  };

  var solve = function (w) {
    w.text.textContent = words(w).busy;
    fetch(BASE + "/turnstile/v0/challenge", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "sitekey=" + encodeURIComponent(w.params.sitekey || "") + "&hostname=" + encodeURIComponent(location.hostname),
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (!widgets[w.id]) return;
        if (answer.success) {
          setToken(w, answer.token);
          w.box.checked = true;
          w.box.disabled = true;
          w.text.textContent = words(w).done;
          clearTimeout(w.expiry);
          w.expired = false;
          w.expiry = setTimeout(function () {
            w.expired = true;
            setToken(w, undefined);
            w.box.checked = false;
            w.box.disabled = false;
            w.text.textContent = words(w).ask;
            call(w.params["expired-callback"]);
          }, 300000);
          call(w.params.callback, answer.token);
        } else {
          w.box.checked = false;
          w.text.textContent = words(w).failed;
          call(w.params["error-callback"], answer.error || "110200");
        }
      })
      .catch(function () {
        if (widgets[w.id]) call(w.params["error-callback"], "200010");
      });
  };

  var render = function (container, params) {
    if (typeof container === "string") container = document.querySelector(container);
    if (!container) return undefined;
    params = params || {};
    var id = "cf-chl-widget-" + (++next).toString(36);
    var el = document.createElement("div");
    el.id = id;
    el.setAttribute("data-turnstile-standin", "");
    var dark = params.theme === "dark";
    el.setAttribute(
      "style",
      "display:inline-flex;align-items:center;box-sizing:border-box;min-width:240px;min-height:56px;padding:0 14px;" +
        "border:1px solid " + (dark ? "#666" : "#d0d0d0") + ";border-radius:4px;font:14px system-ui,sans-serif;" +
        "background:" + (dark ? "#232323" : "#fafafa") + ";color:" + (dark ? "#eee" : "#232323"),
    );
    var label = document.createElement("label");
    label.setAttribute("style", "display:inline-flex;align-items:center;gap:10px;cursor:pointer");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.setAttribute("style", "width:22px;height:22px;margin:0");
    var text = document.createElement("span");
    label.appendChild(box);
    label.appendChild(text);
    el.appendChild(label);
    var w = { id: id, el: el, box: box, text: text, params: params, zh: /^zh/i.test(params.language || "") };
    text.textContent = words(w).ask;
    if (params["response-field"] !== false) {
      w.field = document.createElement("input");
      w.field.type = "hidden";
      w.field.name = params["response-field-name"] || "cf-turnstile-response";
      el.appendChild(w.field);
    }
    container.appendChild(el);
    widgets[id] = w;
    order.push(id);
    box.addEventListener("change", function () {
      if (box.checked && !w.token) solve(w);
    });
    if (PASS[params.sitekey]) solve(w);
    if (BLOCK[params.sitekey]) {
      box.disabled = true;
      setTimeout(function () {
        text.textContent = words(w).failed;
        call(params["error-callback"], "110200");
      });
    }
    return id;
  };

  var reset = function (id) {
    var w = find(id);
    if (!w) return;
    clearTimeout(w.expiry);
    w.expired = false;
    setToken(w, undefined);
    w.box.checked = false;
    w.box.disabled = Boolean(BLOCK[w.params.sitekey]);
    w.text.textContent = words(w).ask;
    if (PASS[w.params.sitekey]) solve(w);
  };

  var remove = function (id) {
    var w = find(id);
    if (!w) return;
    clearTimeout(w.expiry);
    w.el.remove();
    delete widgets[w.id];
    order.splice(order.indexOf(w.id), 1);
  };

  window.turnstile = {
    render: render,
    reset: reset,
    remove: remove,
    getResponse: function (id) {
      var w = find(id);
      return w && w.token;
    },
    isExpired: function (id) {
      var w = find(id);
      return Boolean(w && w.expired);
    },
    ready: function (callback) {
      call(callback);
    },
  };

  // Implicit rendering, when the page did not ask for explicit: every `.cf-turnstile` element with data-sitekey.
  if (query.get("render") !== "explicit") {
    var implicit = function () {
      var nodes = document.querySelectorAll(".cf-turnstile[data-sitekey]");
      for (var i = 0; i < nodes.length; i++) {
        var d = nodes[i].dataset;
        render(nodes[i], { sitekey: d.sitekey, theme: d.theme, language: d.language, callback: d.callback, "error-callback": d.errorCallback, "expired-callback": d.expiredCallback });
      }
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", implicit);
    else implicit();
  }
  var onload = query.get("onload");
  if (onload) setTimeout(function () {
    call(onload);
  });
})();
