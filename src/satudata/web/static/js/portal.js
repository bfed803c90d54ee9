// satudata portal: light progressive enhancement. Every page works without it.
"use strict";

// A job's progress bar: <div data-job="ID" data-job-done-url="..."> with a <progress>
// and an element [data-job-phase]. Polls the API until the job ends, then reloads the
// page (or goes to data-job-done-url) so the server renders the result.
function watchJob(box) {
  const id = box.dataset.job;
  const bar = box.querySelector("progress");
  const phase = box.querySelector("[data-job-phase]");
  async function poll() {
    let job;
    try {
      const response = await fetch("/api/v1/jobs/" + encodeURIComponent(id), {credentials: "same-origin"});
      if (!response.ok) { setTimeout(poll, 2000); return; }
      job = await response.json();
    } catch (e) { setTimeout(poll, 2000); return; }
    if (bar) { bar.value = job.progress; bar.textContent = Math.round(job.progress) + "%"; }
    if (phase && job.phase) { phase.textContent = box.dataset["phase" + job.phase.replace(/^./, c => c.toUpperCase())] || job.phase; }
    if (job.state === "done" || job.state === "failed") {
      window.location.replace(box.dataset.jobDoneUrl || window.location.href);
    } else {
      setTimeout(poll, 700);
    }
  }
  poll();
}

// <select data-autosubmit> submits its form on change (the form also has a button).
function autosubmit(select) {
  select.addEventListener("change", () => select.form && select.form.requestSubmit());
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-job]").forEach(watchJob);
  document.querySelectorAll("[data-autosubmit]").forEach(autosubmit);
});
