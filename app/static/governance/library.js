// 流程库: every process with its versions (v1, v2 ...: the one numbering every page shows, each
// version listing the files it consists of), every BPMN file and DMN table with its revisions
// (named by deployment and content hash, with the process versions using each) and the
// deployment history. Policy staff can open a file in the modeler (a new draft from the latest
// revision); everyone here can view and export.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText, when, download, root } = window.Gov;
  const canEdit = root.dataset.canEdit === "1";
  const KIND_LABELS = { bpmn: "BPMN 流程", dmn: "DMN 决策表" };

  function viewUrl(file, deployment) {
    const params = new URLSearchParams({ file, deployment: String(deployment) });
    return `${root.dataset.viewUrl}?${params}`;
  }

  function versionUrl(processId, number) {
    return `${root.dataset.versionBase}${encodeURIComponent(processId)}/${number}`;
  }

  const short = (hash) => (hash || "").slice(0, 8);

  async function exportFile(button, file, deployment) {
    try {
      await busy([button], "正在导出…", async () => {
        const params = new URLSearchParams({ deployment: String(deployment) });
        const data = await api("GET", `/api/definitions/files/${encodeURIComponent(file)}?${params}`);
        download(file, data.content);
      });
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  async function edit(button, file) {
    try {
      await busy([button], "正在创建草稿…", async () => {
        const latest = await api("GET", `/api/definitions/files/${encodeURIComponent(file)}`);
        const draft = await api("POST", "/api/drafts", { file, content: latest.content });
        window.location.assign(`${root.dataset.draftBase}${draft.id}`);
      });
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  // A hidden row holding `table` (shown under its entry's row) and the button that opens it.
  function foldable(key, table, columns, label) {
    const history = el("tr", { class: "history", hidden: true, dataset: { historyOf: key } }, el("td", { colspan: String(columns) }, table));
    const toggle = el("button", { type: "button", class: "btn btn-sm" }, label);
    toggle.addEventListener("click", () => {
      history.hidden = !history.hidden;
      toggle.textContent = history.hidden ? label : "收起";
    });
    return { history, toggle };
  }

  function subTable(headers, rows) {
    return el(
      "table",
      { class: "table history-table" },
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
      el("tbody", {}, rows),
    );
  }

  function versionFiles(version) {
    return version.files.map((file) =>
      el("div", { class: "nowrap small" }, el("span", { class: "mono" }, file.file), " ", el("span", { class: "muted mono", title: file.sha256 }, short(file.sha256))),
    );
  }

  function versionRow(process, version) {
    const current = version.number === process.current;
    return el(
      "tr",
      { dataset: { version: String(version.number) } },
      el("td", {}, el("a", { href: versionUrl(process.process_id, version.number) }, version.label), current ? el("span", { class: "badge badge-approved" }, "当前") : ""),
      el("td", {}, version.deployment ? `#${version.deployment}` : ""),
      el("td", { class: "comment" }, version.note),
      el("td", {}, version.deployed_by || "系统"),
      el("td", { class: "nowrap" }, when(version.deployed_at)),
      el("td", {}, versionFiles(version)),
      el("td", {}, `${version.running} / ${version.finished}`),
    );
  }

  function processRows(process) {
    const current = process.versions.find((v) => v.number === process.current) || process.versions[process.versions.length - 1];
    const table = subTable(
      ["版本", "首次发布", "变更说明", "发布人", "发布时间", "组成文件（内容哈希）", "运行中 / 已完成"],
      [...process.versions].reverse().map((version) => versionRow(process, version)),
    );
    const { history, toggle } = foldable(process.process_id, table, 7, "版本历史");
    const row = el(
      "tr",
      { dataset: { process: process.process_id } },
      el("td", {}, el("div", { class: "nowrap" }, process.name), el("div", { class: "muted small mono" }, process.process_id)),
      el("td", {}, el("a", { class: "badge badge-under_review", href: versionUrl(process.process_id, current.number) }, current.label)),
      el("td", {}, current.deployed_by || "系统"),
      el("td", { class: "nowrap" }, when(current.deployed_at)),
      el("td", { class: "comment" }, current.note),
      el("td", {}, `${current.running} / ${current.finished}`),
      el("td", { class: "actions" }, toggle, el("a", { class: "btn btn-sm", href: versionUrl(process.process_id, current.number) }, "查看")),
    );
    return [row, history];
  }

  function usedBy(revision) {
    const links = revision.used_by.map((ref) => el("a", { class: "nowrap", href: versionUrl(ref.process_id, ref.number) }, `${ref.process_id} ${ref.label}`));
    return links.flatMap((link, index) => (index ? ["、", link] : [link]));
  }

  function revisionActions(file, revision) {
    const exportButton = el("button", { type: "button", class: "btn btn-sm" }, "导出");
    exportButton.addEventListener("click", () => exportFile(exportButton, file, revision.deployment));
    return [el("a", { class: "btn btn-sm", href: viewUrl(file, revision.deployment) }, "查看"), exportButton];
  }

  function revisionRow(entry, revision) {
    return el(
      "tr",
      {},
      el("td", {}, `#${revision.deployment}`),
      el("td", { class: "mono", title: revision.sha256 }, short(revision.sha256)),
      el("td", { class: "comment" }, revision.note),
      el("td", {}, revision.deployed_by || "系统"),
      el("td", { class: "nowrap" }, when(revision.deployed_at)),
      el("td", { class: "comment" }, usedBy(revision)),
      el("td", { class: "actions" }, revisionActions(entry.file, revision)),
    );
  }

  function fileRows(entry) {
    const latest = entry.revisions[entry.revisions.length - 1] || { used_by: [] };
    const table = subTable(
      ["发布批次", "内容哈希", "变更说明", "发布人", "发布时间", "使用它的流程版本", "操作"],
      [...entry.revisions].reverse().map((revision) => revisionRow(entry, revision)),
    );
    const { history, toggle } = foldable(entry.file, table, 6, "修订历史");
    const actions = [toggle, ...revisionActions(entry.file, latest)];
    if (canEdit) {
      const editButton = el("button", { type: "button", class: "btn btn-sm btn-primary" }, "编辑");
      editButton.addEventListener("click", () => edit(editButton, entry.file));
      actions.splice(2, 0, editButton);
    }
    const row = el(
      "tr",
      { dataset: { file: entry.file } },
      el("td", {}, el("div", { class: "nowrap" }, entry.title || entry.file),
        el("div", { class: "muted small" }, el("span", { class: "mono" }, entry.file), ` · ${KIND_LABELS[entry.kind] || entry.kind}`)),
      el("td", {}, `#${latest.deployment}`, " ", el("span", { class: "muted mono", title: latest.sha256 }, short(latest.sha256))),
      el("td", { class: "comment" }, usedBy(latest)),
      el("td", { class: "nowrap" }, when(latest.deployed_at), el("div", { class: "muted small" }, latest.deployed_by || "系统")),
      el("td", { class: "comment" }, latest.note),
      el("td", { class: "actions" }, actions),
    );
    return [row, history];
  }

  function deploymentRow(deployment) {
    return el(
      "tr",
      {},
      el("td", {}, `#${deployment.number}`),
      el("td", { class: "comment" }, deployment.note),
      el("td", {}, deployment.deployed_by || "系统"),
      el("td", { class: "nowrap" }, when(deployment.deployed_at)),
      el("td", { class: "comment mono" }, (deployment.changed || []).join("、")),
    );
  }

  async function load() {
    const processes = document.getElementById("library-processes");
    const files = document.getElementById("library-files");
    const deployments = document.getElementById("library-deployments");
    try {
      const data = await api("GET", "/api/definitions");
      clear(processes, data.processes.flatMap(processRows));
      clear(files, data.files.flatMap(fileRows));
      clear(deployments, [...data.deployments].reverse().map(deploymentRow));
      root.dataset.ready = "1";
    } catch (error) {
      clear(processes, el("tr", {}, el("td", { colspan: "7", class: "empty" }, errorText(error))));
    }
  }

  load();
})();
