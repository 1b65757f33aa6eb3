// The console's live preview of an embed: this page embeds the widget exactly as a customer's page does, with the
// tag the snippet generator writes (`data-tenant`, `data-product`, `data-locale` and, unless "auto", `data-theme`,
// from this page's query). With `draft=1` it shows instead the disclosure editor's rendered draft from this tab's
// session storage (no script, no request). Never reads or sends anything else.
(function () {
  var query = new URLSearchParams(location.search);
  if (query.get("draft") === "1") {
    // The disclosure editor's preview: the edge rendered the first view with the draft (its markup only, escaped by
    // the edge); the editor left it in this tab's session storage. Shown in a shadow root as the loader shows it.
    var host = document.createElement("div");
    host.className = "candor-widget";
    host.setAttribute("data-candor-draft", "");
    host.attachShadow({ mode: "open" }).innerHTML = sessionStorage.getItem("candor-disclosure-preview") || "";
    document.currentScript.parentNode.insertBefore(host, document.currentScript);
    return;
  }
  var tag = document.createElement("script");
  tag.async = true;
  tag.src = "/v1/widget.js";
  ["tenant", "product", "locale", "theme"].forEach(function (name) {
    var value = query.get(name);
    if (value && value !== "auto") tag.setAttribute("data-" + name, value);
  });
  document.currentScript.parentNode.insertBefore(tag, document.currentScript);
})();
