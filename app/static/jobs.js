/* The background-job page: poll the job's status until it is done or failed (show why).
   Progress is done / total rows. A finished export shows its download link, a finished
   import its report: the counts and the refused rows. */
(function () {
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var state = box.querySelector("[data-job-state]");
  var count = box.querySelector("[data-job-count]");
  var bar = box.querySelector("[data-job-progress]");
  var error = box.querySelector("[data-job-error]");
  var link = box.querySelector("[data-job-download]");
  var report = box.querySelector("[data-job-report]");
  function showReport(result) {
    var errors = result.errors || [];
    report.querySelector("[data-job-summary]").textContent =
      "导入完成：新增 " + result.created + " 条，更新 " + result.updated + " 条，错误 " +
      errors.length + " 条";
    var table = report.querySelector("[data-job-errors]");
    var body = table.querySelector("tbody");
    body.textContent = "";
    errors.forEach(function (pair) {
      var tr = document.createElement("tr");
      [ "第" + pair[0] + "行", pair[1] ].forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.hidden = errors.length === 0;
    report.hidden = false;
  }
  function poll() {
    fetch(box.dataset.jobStatus, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        state.textContent = job.state_label;
        if (job.total !== null) {
          bar.max = Math.max(job.total, 1);
          bar.value = job.done;
          count.textContent = job.done + " / " + job.total;
        }
        if (job.state === "done") {
          if (link && job.download_url) {
            link.href = job.download_url;
            link.hidden = false;
          }
          if (report && job.result) showReport(job.result);
        } else if (job.state === "failed") {
          error.textContent = job.error || "任务失败";
          error.hidden = false;
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  var finished = (link && !link.hidden) || (report && !report.hidden) || !error.hidden;
  if (!finished) poll();
})();
