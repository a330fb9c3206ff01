// Chart.js for the console's statistics pages (信息统计): window.Chart, every chart type
// registered. Served from app/static/vendor like the modeler bundles; nothing is fetched at
// run time.
import Chart from "chart.js/auto";

window.Chart = Chart;
