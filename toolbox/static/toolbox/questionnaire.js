// Progressive enhancement of the diagnostic questionnaire: an "answered n of m" counter
// announced politely, and focus moved to the error summary or the results. Works without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-questionnaire]");
    if (!form) return;
    var progress = form.querySelector("[data-progress]");
    var questions = form.querySelectorAll("fieldset.question");
    var template = progress ? progress.getAttribute("data-template") : "";
    function update() {
      var answered = 0;
      questions.forEach(function (q) { if (q.querySelector("input:checked")) answered += 1; });
      progress.textContent = template.replace("{n}", answered).replace("{m}", questions.length);
      progress.hidden = false;
    }
    if (progress && questions.length) {
      form.addEventListener("change", update);
      update();
    }
    var target = document.getElementById("form-errors") ||
      (location.hash === "#results" ? document.getElementById("results") : null);
    if (target) target.focus();
  });
})();
