// The progress of an import job: asks the server how many rows are done, twice a second, and
// moves on to the result page when the job has finished.
(function () {
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var stages = JSON.parse(document.getElementById("import-stages").textContent);
  var bar = document.getElementById("import-bar");
  var format = new Intl.NumberFormat("vi-VN");
  function poll() {
    fetch(box.dataset.poll, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.replace(box.dataset.next); return; }
        document.getElementById("import-stage").textContent = stages[job.stage];
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
          document.getElementById("import-total").textContent = format.format(job.total);
        }
        document.getElementById("import-done").textContent = format.format(job.done);
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
