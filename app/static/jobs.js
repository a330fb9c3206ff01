/* The background-job page: poll the job's status until it is done (show the download link)
   or failed (show why). Progress is done / total rows. */
(function () {
  var box = document.querySelector("[data-job-status]");
  if (!box) return;
  var state = box.querySelector("[data-job-state]");
  var count = box.querySelector("[data-job-count]");
  var bar = box.querySelector("[data-job-progress]");
  var error = box.querySelector("[data-job-error]");
  var link = box.querySelector("[data-job-download]");
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
          link.href = job.download_url;
          link.hidden = false;
        } else if (job.state === "failed") {
          error.textContent = job.error || "任务失败";
          error.hidden = false;
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  if (box.querySelector("[data-job-download]").hidden) poll();
})();
