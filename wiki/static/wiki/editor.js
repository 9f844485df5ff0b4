// Live preview for the wiki editor: sends the text to the server (which renders and sanitises
// it exactly as when saved) at most every 400 ms while typing.
(function () {
  "use strict";
  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function setup(form) {
    var textarea = form.querySelector("textarea[data-preview]");
    var target = form.querySelector(".preview-body");
    var url = form.getAttribute("data-preview-url");
    if (!textarea || !target || !url) return;
    var timer = null;
    var sequence = 0;
    function refresh() {
      var body = new FormData();
      body.append("content", textarea.value);
      if (form.dataset.page) body.append("page", form.dataset.page);
      if (form.dataset.group) body.append("group", form.dataset.group);
      var language = form.querySelector("select[name=language]");
      if (language) body.append("language", language.value);
      var mine = ++sequence;
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": csrfToken(form) } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          // The server sanitised this HTML (nh3): no script or handler can be in it.
          if (data && mine === sequence) target.innerHTML = data.html;
        })
        .catch(function () {});
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    refresh();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.wiki-editor").forEach(setup);
  });
})();
