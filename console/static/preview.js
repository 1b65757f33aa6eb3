// The console's live preview of an embed: this page embeds the widget exactly as a customer's page does, with the
// tag the snippet generator writes (`data-tenant`, `data-product`, `data-locale` and, unless "auto", `data-theme`,
// from this page's query). Never reads or sends anything else.
(function () {
  var query = new URLSearchParams(location.search);
  var tag = document.createElement("script");
  tag.async = true;
  tag.src = "/v1/widget.js";
  ["tenant", "product", "locale", "theme"].forEach(function (name) {
    var value = query.get(name);
    if (value && value !== "auto") tag.setAttribute("data-" + name, value);
  });
  document.currentScript.parentNode.insertBefore(tag, document.currentScript);
})();
