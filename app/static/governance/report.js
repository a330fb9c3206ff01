// The what-if report of 模拟: totals, auto ↔ manual, tasks gained / lost per level (table and
// CSS bars) and the affected applications with their paths before → after.
"use strict";

window.GovReport = (function () {
  const { el } = window.Gov;

  function totals(report) {
    const t = report.totals || {};
    const items = [
      ["模拟的申请", t.applications],
      ["路径改变", t.changed],
      ["人工审核 → 自动审核", t.manual_to_auto],
      ["自动审核 → 人工审核", t.auto_to_manual],
    ];
    return el(
      "dl",
      { class: "report-totals" },
      items.map(([label, value]) => el("div", {}, el("dt", {}, label), el("dd", {}, String(value ?? 0)))),
    );
  }

  function levels(report) {
    const rows = report.levels || [];
    if (!rows.length) return el("p", { class: "muted" }, "各级任务数量不变");
    const widest = Math.max(1, ...rows.map((row) => Math.max(row.gained || 0, row.lost || 0)));
    const bar = (value, kind) =>
      el(
        "span",
        { class: `bar bar-${kind}`, style: `width:${Math.round((100 * (value || 0)) / widest)}%` },
        String(value || 0),
      );
    return el(
      "table",
      { class: "table report-levels" },
      el("thead", {}, el("tr", {}, el("th", {}, "层级"), el("th", {}, "增加的任务"), el("th", {}, "减少的任务"))),
      el(
        "tbody",
        {},
        rows.map((row) =>
          el(
            "tr",
            {},
            el("td", {}, row.label || row.level),
            el("td", { class: "bar-cell" }, bar(row.gained, "gained")),
            el("td", { class: "bar-cell" }, bar(row.lost, "lost")),
          ),
        ),
      ),
    );
  }

  function path(steps) {
    return (steps || []).join(" → ") || "（无）";
  }

  function affected(report) {
    const rows = report.affected || [];
    if (!rows.length) return el("p", { class: "muted" }, "没有申请受影响");
    return el(
      "table",
      { class: "table zebra report-affected" },
      el(
        "thead",
        {},
        el("tr", {}, ["申请", "姓名", "身份证号", "原路径", "新路径"].map((h) => el("th", {}, h))),
      ),
      el(
        "tbody",
        {},
        rows.map((row) =>
          el(
            "tr",
            {},
            el("td", {}, String(row.application_id)),
            el("td", {}, row.name),
            el("td", { class: "mono" }, row.id_number),
            el("td", {}, path(row.before)),
            el("td", {}, path(row.after)),
          ),
        ),
      ),
    );
  }

  function render(report) {
    return el(
      "div",
      { class: "report" },
      totals(report),
      el("div", { class: "section-title" }, "各级任务增减"),
      levels(report),
      el("div", { class: "section-title" }, "受影响的申请"),
      affected(report),
    );
  }

  return { render };
})();
