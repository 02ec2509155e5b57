// The progress of a job (an import's check or commit, an export): asks the server how far it
// has got, twice a second, and moves on to the result page when the job has finished.
(function () {
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var stages = JSON.parse(document.getElementById("job-stages").textContent);
  var bar = document.getElementById("job-bar");
  var format = new Intl.NumberFormat("vi-VN");
  function poll() {
    fetch(box.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.replace(box.dataset.next); return; }
        document.getElementById("job-stage").textContent = stages[job.stage] || "…";
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
          document.getElementById("job-total").textContent = format.format(job.total);
        }
        document.getElementById("job-done").textContent = format.format(job.done);
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
