/*! Candor status frame (/v1/frame.js): the one script of the edge's status-frame page (GET /v1/t/{tenant}/frame/
 *  {product}), which the loader puts into each widget's status slot. It keeps `{id}:{status_token}` of the visitor's
 *  own review in this origin's localStorage (the host page can neither read nor write it; browsers partition it by
 *  the top-level site), shows the status line the edge renders, lets the visitor withdraw (after a confirm step) or
 *  arm one revision, and sends the widget's submissions from this origin: the answer goes back without the token.
 *  It only shows and hides parts of the edge's markup; it never builds any. */
(function () {
  "use strict";
  var box = document.querySelector("[data-candor-status-frame]");
  var template = box && box.querySelector("template");
  if (!template || window.parent === window) return;
  // The widget's stylesheet is written for a shadow root (`:host`): the line gets one, as in the widget itself.
  var root = box.attachShadow({ mode: "open" });
  root.appendChild(template.content);
  var line = root.querySelector("[data-line]");
  var enc = encodeURIComponent;
  var tenant = box.getAttribute("data-tenant");
  var product = box.getAttribute("data-product");
  var lang = box.getAttribute("data-lang");
  var storageKey = "candor:" + tenant + ":" + product + ":status";
  // Where the browser refuses storage to third-party frames (Chromium with third-party cookies blocked), the token
  // lives in this frame's memory for the visit only: the visitor still sees the status and can withdraw until they
  // leave the page; nothing falls back to the host page.
  var memory = null;
  // Revise was clicked: the next submission from the widget is a revision of the stored review (once).
  var armed = false;

  var tell = function (message) {
    window.parent.postMessage(message, "*"); // nothing secret: heights and "open the form"
  };
  var own = function () {
    var value = memory || "";
    try {
      value = localStorage.getItem(storageKey) || value;
    } catch (e) {
      /* storage refused: the visit's memory only */
    }
    var colon = value.indexOf(":");
    return colon > 0 ? { id: value.slice(0, colon), token: value.slice(colon + 1) } : null;
  };
  var keep = function (id, token) {
    memory = id + ":" + token;
    try {
      localStorage.setItem(storageKey, memory);
    } catch (e) {
      /* storage refused: kept in memory for this visit */
    }
  };
  var forget = function () {
    memory = null;
    try {
      localStorage.removeItem(storageKey);
    } catch (e) {
      /* nothing kept */
    }
  };
  var reviewUrl = function (id, action) {
    return "/v1/t/" + enc(tenant) + "/reviews/" + enc(id) + "/" + action;
  };
  var part = function (name) {
    return line.querySelector('[data-part="' + name + '"]');
  };
  var toggle = function (element, visible) {
    if (element) element.hidden = !visible;
  };

  // The status line of the stored review, as the edge renders it (its own escaped HTML).
  var show = function () {
    var review = own();
    if (!review) {
      line.innerHTML = "";
      return Promise.resolve();
    }
    return fetch(reviewUrl(review.id, "status-line") + "?locale=" + enc(lang), {
      headers: { Authorization: "Bearer " + review.token },
      cache: "no-store",
    })
      .then(function (response) {
        // An expired or unknown token opens nothing any more: forget it.
        if (response.status === 401 || response.status === 404) {
          forget();
          return "";
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html === null) return; // the edge is unavailable: keep what is shown
        line.innerHTML = html;
        toggle(part("revising"), armed);
        if (armed) toggle(line.querySelector('[data-action="revise"]'), false);
      })
      .catch(function () {
        /* offline: keep what is shown */
      });
  };

  var withdraw = function () {
    var review = own();
    if (!review) return;
    fetch(reviewUrl(review.id, "withdraw") + "?locale=" + enc(lang), {
      method: "POST",
      headers: { Authorization: "Bearer " + review.token },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return show();
      })
      .then(function () {
        line.setAttribute("tabindex", "-1");
        line.focus();
      })
      .catch(function () {
        toggle(part("failed"), true);
      });
  };

  line.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-action]");
    if (!button) return;
    var action = button.getAttribute("data-action");
    var opener = line.querySelector('[data-action="withdraw"]');
    toggle(part("failed"), false);
    if (action === "withdraw") {
      toggle(opener, false);
      toggle(part("confirm"), true);
      var yes = line.querySelector('[data-action="withdraw-confirm"]');
      if (yes) yes.focus();
    } else if (action === "withdraw-keep") {
      toggle(part("confirm"), false);
      toggle(opener, true);
      if (opener) opener.focus();
    } else if (action === "withdraw-confirm") {
      withdraw();
    } else if (action === "revise") {
      armed = true;
      toggle(button, false);
      toggle(part("revising"), true);
      tell({ candorOpenForm: true });
    }
  });

  // A submission from the widget (through the loader's Candor.send): sent from this origin, so the answer carries
  // the status token, which stays here. The page that framed us gets the status and the body without it.
  window.addEventListener("message", function (event) {
    var request = event.data && event.data.candorSend;
    var port = event.ports && event.ports[0];
    if (event.source !== window.parent || !request || !port) return;
    var review = own();
    var revising = armed && review;
    var headers = { "Content-Type": "application/json", "Idempotency-Key": String(request.key) };
    if (request.captcha) headers["Captcha-Token"] = String(request.captcha);
    if (revising) headers.Authorization = "Bearer " + review.token;
    var url = revising ? reviewUrl(review.id, "revisions") : "/v1/t/" + enc(tenant) + "/products/" + enc(product) + "/reviews";
    fetch(url, { method: "POST", headers: headers, body: String(request.body) })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            if (response.ok && body && body.id && body.status_token) {
              keep(body.id, body.status_token);
              armed = false;
              show();
            }
            if (body) delete body.status_token;
            port.postMessage({ status: response.status, body: body });
          });
      })
      .catch(function () {
        port.postMessage({ status: 0, body: null });
      });
  });

  // The frame is as tall as the line (0 without one): the loader sizes the iframe and keeps an empty one out of the
  // accessibility tree. Measured to the line's bottom edge, so margins above it count and nothing below does.
  var last = -1;
  var report = function () {
    var height = line.firstElementChild ? Math.ceil(line.getBoundingClientRect().bottom) : 0;
    if (height !== last) {
      last = height;
      tell({ candorStatusHeight: height });
    }
  };
  if (window.ResizeObserver) new ResizeObserver(report).observe(line);
  tell({ candorStatusReady: true });
  show().then(report);
})();
