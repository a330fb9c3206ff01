// 流程库: every BPMN process file and DMN table with its versions (who deployed, when, the note,
// instances running / finished), and the deployment history. Policy staff can open a file in
// the modeler (a new draft from the latest version); everyone here can view and export.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText, when, download, root } = window.Gov;
  const canEdit = root.dataset.canEdit === "1";
  const KIND_LABELS = { bpmn: "BPMN 流程", dmn: "DMN 决策表" };

  function viewUrl(file, deployment) {
    const params = new URLSearchParams({ file, deployment: String(deployment) });
    return `${root.dataset.viewUrl}?${params}`;
  }

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

  function versionActions(file, version) {
    const exportButton = el("button", { type: "button", class: "btn btn-sm" }, "导出");
    exportButton.addEventListener("click", () => exportFile(exportButton, file, version.deployment));
    return [el("a", { class: "btn btn-sm", href: viewUrl(file, version.deployment) }, "查看"), exportButton];
  }

  function historyRow(entry) {
    const rows = [...entry.versions].reverse().map((version) =>
      el(
        "tr",
        {},
        el("td", {}, `v${version.number}`),
        el("td", {}, `#${version.deployment}`),
        el("td", { class: "comment" }, version.note),
        el("td", {}, version.deployed_by || "系统"),
        el("td", { class: "nowrap" }, when(version.deployed_at)),
        el("td", {}, `${version.running} / ${version.finished}`),
        el("td", { class: "actions" }, versionActions(entry.file, version)),
      ),
    );
    const table = el(
      "table",
      { class: "table history-table" },
      el(
        "thead",
        {},
        el("tr", {}, ["版本", "发布批次", "变更说明", "发布人", "发布时间", "运行中 / 已完成", "操作"].map((h) => el("th", {}, h))),
      ),
      el("tbody", {}, rows),
    );
    return el("tr", { class: "history", hidden: true, dataset: { historyOf: entry.file } }, el("td", { colspan: "7" }, table));
  }

  function fileRows(entry) {
    const latest = entry.versions[entry.versions.length - 1] || {};
    const history = historyRow(entry);
    const toggle = el("button", { type: "button", class: "btn btn-sm" }, "版本历史");
    toggle.addEventListener("click", () => {
      history.hidden = !history.hidden;
      toggle.textContent = history.hidden ? "版本历史" : "收起历史";
    });
    const actions = [toggle, ...versionActions(entry.file, latest)];
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
      el("td", {}, el("span", { class: "badge badge-under_review" }, `v${latest.number}`)),
      el("td", {}, latest.deployed_by || "系统"),
      el("td", { class: "nowrap" }, when(latest.deployed_at)),
      el("td", { class: "comment" }, latest.note),
      el("td", {}, `${latest.running} / ${latest.finished}`),
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
    const files = document.getElementById("library-files");
    const deployments = document.getElementById("library-deployments");
    try {
      const data = await api("GET", "/api/definitions");
      clear(files, data.files.flatMap(fileRows));
      clear(deployments, [...data.deployments].reverse().map(deploymentRow));
    } catch (error) {
      clear(files, el("tr", {}, el("td", { colspan: "7", class: "empty" }, errorText(error))));
    }
  }

  load();
})();
