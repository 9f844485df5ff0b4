// Target against actual per indicator, one small Chart.js line chart each (Chart.js is
// vendored in ./vendor, no CDN).
(function () {
  const holder = document.getElementById("monitoring-charts");
  const data = document.getElementById("monitoring-chart-data");
  if (!holder || !data || typeof Chart === "undefined") return;
  const charts = JSON.parse(data.textContent);
  charts.forEach(function (chart) {
    const figure = document.createElement("figure");
    figure.className = "monitoring-chart";
    const caption = document.createElement("figcaption");
    caption.textContent = chart.code + " · " + chart.label;
    const canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", caption.textContent);
    figure.appendChild(caption);
    figure.appendChild(canvas);
    holder.appendChild(figure);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: chart.series.map((p) => p.semester),
        datasets: [
          { label: holder.dataset.labelActual, data: chart.series.map((p) => p.cumulative), borderColor: "#007d7e" },
          { label: holder.dataset.labelTarget, data: chart.series.map((p) => p.target), borderColor: "#cd4444", borderDash: [4, 4] },
        ],
      },
      options: { animation: false, responsive: true, plugins: { legend: { position: "bottom" } } },
    });
  });
})();
