// The workbench's only script (the CSP allows no inline script): tables
// that sort by a click on a header (table.sortable), the progress of a run
// (an element with data-events="URL", server-sent events), and POST forms
// sent once however often their button is clicked.
"use strict";

(function () {
  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  }

  function compare(a, b) {
    var na = Number(a.replace(/,/g, "")), nb = Number(b.replace(/,/g, ""));
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a.localeCompare(b, document.documentElement.lang || undefined);
  }

  function sortBy(table, th, i) {
    var body = table.tBodies[0];
    if (!body) return;
    var asc = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var d = compare(cellValue(r1, i), cellValue(r2, i));
      return asc ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
  }

  function sortable(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.tabIndex = 0;
      th.classList.add("sort");
      th.addEventListener("click", function () { sortBy(table, th, i); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, th, i); }
      });
    });
  }

  // progress listens to the events of a run: "stage" and "detail" events
  // show their text; "done" reloads the page, or goes to the event's data
  // when it is a path of this server.
  function progress(el) {
    if (!window.EventSource) return;
    var stage = el.querySelector("[data-stage]") || el;
    var detail = el.querySelector("[data-detail]");
    var es = new EventSource(el.getAttribute("data-events"));
    es.addEventListener("stage", function (e) { stage.textContent = e.data; if (detail) detail.textContent = ""; });
    es.addEventListener("detail", function (e) { if (detail) detail.textContent = e.data; });
    es.addEventListener("done", function (e) {
      es.close();
      var to = e.data || "";
      if (to.charAt(0) === "/" && to.charAt(1) !== "/") window.location.assign(to);
      else window.location.reload();
    });
    es.onerror = function () {
      // The server closed the stream (a finished run): reload once to show it.
      if (es.readyState === EventSource.CLOSED) window.location.reload();
    };
  }

  // guard disables a POST form's submit buttons once it is sent: a double
  // click (common on Windows) sends it once, not twice. A page shown again
  // from the browser's cache (Back) gets its buttons back.
  function guard(form) {
    form.addEventListener("submit", function (e) {
      if (form.getAttribute("data-sent") === "1") { e.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
      // After this event: the clicked button's name and value still go.
      setTimeout(function () {
        Array.prototype.forEach.call(form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])"), function (b) {
          b.disabled = true;
        });
      }, 0);
    });
  }

  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-sent]"), function (form) {
      form.removeAttribute("data-sent");
      Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (b) { b.disabled = false; });
    });
  });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (f) {
      if ((f.getAttribute("method") || "").toLowerCase() === "post") guard(f);
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), sortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-events]"), progress);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
