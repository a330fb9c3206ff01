/* 信息统计: the bar chart beside the table, one bar per row and column group (合计 of 已报名 /
   初审通过 / 未通过, or 已报名 / 应考报名 / 未报名). The figures come from the page's JSON data
   block (CSP: no inline script); Chart.js is the locally bundled vendor/charts.js. */
(function () {
  "use strict";
  var source = document.getElementById("statistics-data");
  var canvas = document.getElementById("statistics-chart");
  if (!source || !canvas || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var COLOURS = ["#1f6feb", "#2da44e", "#cf222e"];
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (series, index) {
        return {
          label: series.label,
          data: series.data,
          backgroundColor: COLOURS[index % COLOURS.length],
        };
      }),
    },
    options: {
      indexAxis: data.labels.length > 8 ? "y" : "x",
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
