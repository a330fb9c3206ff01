// The what-if report of 模拟: totals, auto ↔ manual, tasks per level before / after with the
// gain and loss as CSS bars, and the affected applications with their paths before → after.
"use strict";

window.GovReport = (function () {
  const { el } = window.Gov;
  const GRADES = { 1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级" };

  function totals(report) {
    const items = [
      ["模拟年度", (report.years || []).join("、")],
      ["模拟的申请", report.total],
      ["路径改变", report.changed],
      ["改为自动审核", report.auto_instead_of_manual],
      ["改为人工审核", report.manual_instead_of_auto],
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
      el(
        "thead",
        {},
        el("tr", {}, ["层级", "原任务数", "新任务数", "增加", "减少"].map((h) => el("th", {}, h))),
      ),
      el(
        "tbody",
        {},
        rows.map((row) =>
          el(
            "tr",
            {},
            el("td", {}, row.label || row.lane),
            el("td", {}, String(row.before)),
            el("td", {}, String(row.after)),
            el("td", { class: "bar-cell" }, bar(row.gained, "gained")),
            el("td", { class: "bar-cell" }, bar(row.lost, "lost")),
          ),
        ),
      ),
    );
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
        el("tr", {}, ["申请", "单位", "申报工种", "申报等级", "原路径", "新路径"].map((h) => el("th", {}, h))),
      ),
      el(
        "tbody",
        {},
        rows.map((row) =>
          el(
            "tr",
            {},
            el("td", {}, String(row.application_id)),
            el("td", {}, row.unit || ""),
            el("td", {}, row.declared_trade || ""),
            el("td", {}, GRADES[row.declared_grade] || ""),
            el("td", {}, row.before || "（无）"),
            el("td", {}, row.after || "（无）"),
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
