/* Header search: instant title suggestions from the public suggest API (no inline script: CSP). */
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  if (!input || !window.fetch) return;
  var list = document.getElementById("site-search-suggestions");
  var endpoint = input.getAttribute("data-suggest");
  var lang = input.getAttribute("data-lang");
  var timer = null, active = -1, lastQuery = "";

  function close() {
    list.hidden = true; list.innerHTML = ""; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
  }
  function show(results) {
    list.innerHTML = "";
    results.forEach(function (result, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option"); li.id = "site-search-option-" + i;
      li.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = result.url; link.textContent = result.title; link.tabIndex = -1;
      if (result.locale && result.locale !== lang) link.setAttribute("lang", result.locale);
      li.appendChild(link); list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }
  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    if (q === lastQuery) return;
    lastQuery = q;
    fetch(endpoint + "?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === q) show(data.results || []); })
      .catch(close);
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 150); });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("[role=option] a")[active].href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();

/* "Print" buttons on item pages (a script file: the CSP allows no inline handler). */
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-print]") : null;
  if (target) { event.preventDefault(); window.print(); }
});
