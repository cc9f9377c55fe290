// hrflow console: local times, live workflow progress (SSE), periodic refresh of live tables.
"use strict";

function localTimes(root) {
  for (const el of root.querySelectorAll("time[datetime]")) {
    const moment = new Date(el.getAttribute("datetime"));
    if (!isNaN(moment)) el.textContent = moment.toLocaleString();
  }
}

async function swap(container, url) {
  const answer = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  if (!answer.ok) return false;
  container.innerHTML = await answer.text();
  localTimes(container);
  return true;
}

function withFragment(url) {
  return url + (url.includes("?") ? "&" : "?") + "fragment=1";
}

function watchWorkflow(live) {
  const id = live.dataset.workflow;
  if (live.dataset.terminal === "yes") return;
  let pending = null;
  const refresh = () => {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = null;
      await swap(live, `/console/workflows/${encodeURIComponent(id)}/live`);
    }, 400);
  };
  const events = new EventSource(`/console/workflows/${encodeURIComponent(id)}/events`);
  const onData = (event) => {
    const doc = JSON.parse(event.data);
    const status = document.getElementById("wf-status");
    const bar = document.getElementById("wf-progress");
    const pct = document.getElementById("wf-percentage");
    const processed = document.getElementById("wf-processed");
    if (status) { status.textContent = doc.status.replace("_", " "); status.className = `badge state-${doc.status}`; }
    if (bar) bar.value = doc.progress.percentage;
    if (pct) pct.textContent = `${doc.progress.percentage}%`;
    if (processed) processed.textContent = doc.processed_resumes;
    refresh();
    if (["completed", "failed", "cancelled"].includes(doc.status)) {
      events.close();
      live.dataset.terminal = "yes";
    }
  };
  events.addEventListener("snapshot", onData);
  events.addEventListener("update", onData);
  events.onerror = () => { if (events.readyState === EventSource.CLOSED) refresh(); };
  // Leaving the page ends the stream and any refresh still waiting, before the browser aborts
  // them (pagehide, not beforeunload: following the export link downloads and stays here).
  window.addEventListener("pagehide", () => {
    events.close();
    clearTimeout(pending);
    pending = "left";
  });
  // A page restored from the back-forward cache has no stream: load it afresh.
  window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });
}

function poll(container, everyMs, stillLive) {
  const url = withFragment(container.dataset.refresh);
  const tick = async () => {
    if (document.visibilityState === "visible" && stillLive(container)) await swap(container, url);
    setTimeout(tick, everyMs);
  };
  setTimeout(tick, everyMs);
}

document.addEventListener("DOMContentLoaded", () => {
  localTimes(document);
  const live = document.getElementById("live");
  if (live) watchWorkflow(live);
  const rows = document.getElementById("workflow-rows");
  if (rows) poll(rows, 3000, (c) => c.querySelector("[data-status=pending], [data-status=in_progress]"));
  const queues = document.getElementById("queue-rows");
  if (queues) poll(queues, 3000, () => true);
});
