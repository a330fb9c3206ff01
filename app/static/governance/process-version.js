// 流程版本: one version (vN) of one process, as a decision's 流程版本 links to it: the files it
// consists of with their SHA-256 (the hashes auto-review decisions record), each shown in the
// viewer, the deployments it was current in, and the applications decided or running on it
// (linked back to their instance view for auditors).
"use strict";

(function () {
  const { api, el, clear, notice, errorText, when, download, kindOf, root } = window.Gov;
  const canvas = document.getElementById("version-canvas");
  let viewer = null;

  async function show(file) {
    document.querySelectorAll("#version-files tr").forEach((row) => row.classList.toggle("shown", row.dataset.file === file.file));
    document.getElementById("version-shown").textContent = `下图：${file.file}`;
    if (viewer) viewer.destroy();
    canvas.replaceChildren();
    if (kindOf(file.file) === "dmn") {
      viewer = window.ReviewDmn.createDmnViewer(canvas);
      await viewer.importXML(file.content);
      const table = viewer.getViews().find((view) => view.type === "decisionTable");
      if (table) await viewer.open(table);
    } else {
      viewer = new window.BpmnViewer({ container: canvas });
      await viewer.importXML(file.content);
      viewer.get("canvas").zoom("fit-viewport");
    }
    root.dataset.shown = file.file;
  }

  function facts(data) {
    const rows = [
      ["流程", `${data.name}（${data.process_id}）`],
      ["版本", data.label],
      ["内容哈希", el("span", { class: "mono", id: "version-hash" }, data.version)],
      ["首次发布", data.deployment ? `发布批次 #${data.deployment} · ${data.deployed_by || "系统"} · ${when(data.deployed_at)}` : ""],
      ["变更说明", data.note || ""],
      ["当前版本所在的发布批次", data.deployments.map((n) => `#${n}`).join("、") || "无（已不在最新发布中）"],
      ["实例（运行中 / 已完成）", `${data.running} / ${data.finished}`],
    ];
    return rows.map(([label, value]) => el("tr", {}, el("th", {}, label), el("td", {}, value)));
  }

  function fileRow(file) {
    const exportButton = el("button", { type: "button", class: "btn btn-sm" }, "导出");
    exportButton.addEventListener("click", () => download(file.file, file.content));
    const viewButton = el("button", { type: "button", class: "btn btn-sm" }, "查看");
    viewButton.addEventListener("click", () => show(file).catch((error) => notice("error", errorText(error))));
    return el(
      "tr",
      { dataset: { file: file.file } },
      el("td", { class: "mono" }, file.file),
      el("td", { class: "mono small", dataset: { sha256: file.sha256 } }, file.sha256),
      el("td", {}, file.deployment ? `#${file.deployment}` : ""),
      el("td", { class: "actions" }, viewButton, exportButton),
    );
  }

  function applicationRow(item) {
    const base = root.dataset.auditBase;
    const id = String(item.application_id);
    return el(
      "tr",
      { dataset: { applicationId: id } },
      el("td", {}, base ? el("a", { href: `${base}${id}` }, id) : id),
      el("td", {}, item.status_label || item.status),
      el("td", {}, String(item.decisions)),
      el("td", {}, item.running ? "是" : ""),
    );
  }

  async function load() {
    const data = await api("GET", root.dataset.versionApi);
    document.getElementById("version-title").textContent = `流程版本：${data.name} ${data.label}`;
    clear(document.getElementById("version-facts"), facts(data));
    clear(document.getElementById("version-files"), data.files.map(fileRow));
    const applications = document.getElementById("version-applications");
    if (data.applications.length) clear(applications, data.applications.map(applicationRow));
    else clear(applications, el("tr", {}, el("td", { colspan: "4", class: "empty" }, "暂无")));
    if (data.applications_total > data.applications.length) {
      document.getElementById("version-applications-title").textContent += `（最近 ${data.applications.length} 条，共 ${data.applications_total} 条）`;
    }
    if (data.files.length) await show(data.files[0]); // the process's own diagram
    root.dataset.ready = "1";
  }

  load().catch((error) => notice("error", errorText(error)));
})();
