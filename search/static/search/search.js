// The filters are a collapsed panel on narrow screens and an open sidebar on wide ones.
(function () {
  var panel = document.getElementById("search-filters");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 56rem)");
  function apply() { if (wide.matches) panel.open = true; }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();
