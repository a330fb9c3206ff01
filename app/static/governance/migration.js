// 实例迁移: pick a process and its running instances' version, map renamed tasks (the
// migration plan's old id -> new id), 预演 (dry run: per instance 可迁移 / 拒绝 with the reason,
// and a refusal over a renamed task offers its mapping), then 执行迁移 for the ticked
// instances after a confirmation.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText } = window.Gov;
  const form = document.getElementById("migration-form");
  const processSelect = form.elements.process_id;
  const body = document.getElementById("migration-rows");
  const runButton = document.getElementById("migration-run");
  const dryButton = document.getElementById("migration-dry");
  const OUTCOMES = { move: "可迁移", refuse: "拒绝" };
  const DONE = { move: "已迁移", refuse: "拒绝" };

  const mappingRows = document.getElementById("migration-mappings");

  function addMapping(from, to) {
    const remove = el("button", { type: "button", class: "btn btn-sm", "aria-label": "删除映射" }, "删除");
    const row = el(
      "div",
      { class: "mapping-row" },
      el("input", { name: "mapping_from", value: from || "", placeholder: "原环节编号", "aria-label": "原环节编号" }),
      " → ",
      el("input", { name: "mapping_to", value: to || "", placeholder: "目标版本的环节编号", "aria-label": "目标环节编号" }),
      remove,
    );
    remove.addEventListener("click", () => row.remove());
    mappingRows.append(row);
  }

  function mappings() {
    const found = {};
    mappingRows.querySelectorAll(".mapping-row").forEach((row) => {
      const from = row.querySelector("[name=mapping_from]").value.trim();
      const to = row.querySelector("[name=mapping_to]").value.trim();
      if (from && to) found[from] = to;
    });
    return found;
  }

  function request(dryRun, instanceIds) {
    const payload = { process_id: processSelect.value, dry_run: dryRun };
    const mapped = mappings();
    if (Object.keys(mapped).length) payload.mappings = mapped;
    const from = form.elements.from_number.value.trim();
    const to = form.elements.to_number.value.trim();
    if (from) payload.from_number = Number(from);
    if (to) payload.to_number = Number(to);
    if (instanceIds) payload.instance_ids = instanceIds;
    return payload;
  }

  function row(item, done) {
    const movable = item.outcome === "move";
    const badge = movable ? "badge-approved" : "badge-rejected";
    return el(
      "tr",
      { dataset: { instanceId: String(item.instance_id) } },
      el(
        "td",
        { class: "check-col" },
        done ? "" : el("input", { type: "checkbox", name: "instance_ids", value: String(item.instance_id), checked: movable, disabled: !movable, "aria-label": `选择实例 ${item.instance_id}` }),
      ),
      el("td", {}, String(item.instance_id)),
      el("td", {}, `${item.application_name || ""}（${item.application_id}）`),
      el("td", {}, item.from ? `v${item.from}` : ""),
      el("td", {}, item.to ? `v${item.to}` : ""),
      el("td", {}, (item.waiting || []).map(waitingText).join("、")),
      el("td", {}, el("span", { class: `badge ${badge}` }, (done ? DONE : OUTCOMES)[item.outcome] || item.outcome)),
      el("td", { class: "comment" }, item.reason || "", done ? "" : suggestions(item)),
    );
  }

  function waitingText(task) {
    const moved = task.target_id && task.target_id !== task.spec_id ? ` → ${task.target_id}` : "";
    return `${task.name}（${task.spec_id}${moved}）`;
  }

  // A refusal over a task the target renamed: offer the mapping it needs.
  function suggestions(item) {
    if (item.outcome !== "refuse") return [];
    const known = mappings();
    return (item.waiting || [])
      .filter((task) => task.target_id && task.target_id !== task.spec_id && !known[task.spec_id])
      .map((task) => {
        const button = el("button", { type: "button", class: "btn btn-sm mapping-suggest" }, `添加映射 ${task.spec_id} → ${task.target_id}`);
        button.addEventListener("click", () => {
          addMapping(task.spec_id, task.target_id);
          button.remove();
        });
        return button;
      });
  }

  function show(items, done) {
    clear(body, items.length ? items.map((item) => row(item, done)) : el("tr", {}, el("td", { colspan: "8", class: "empty" }, "该版本没有运行中的实例")));
    runButton.disabled = done || !items.some((item) => item.outcome === "move");
  }

  async function dryRun(event) {
    event.preventDefault();
    notice("info", "");
    try {
      const data = await busy([dryButton, runButton], "正在预演…", () => api("POST", "/api/migrations", request(true)));
      show(data, false);
      document.getElementById("migration-title").textContent = "预演结果（尚未迁移）";
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  async function run() {
    const ids = [...body.querySelectorAll("input[name=instance_ids]:checked")].map((box) => Number(box.value));
    if (!ids.length) return notice("error", "请勾选要迁移的实例");
    if (!window.confirm(`确定将 ${ids.length} 个实例迁移到目标版本？此操作会记入审计日志。`)) return undefined;
    try {
      const data = await busy([dryButton, runButton], "正在迁移…", () => api("POST", "/api/migrations", request(false, ids)));
      show(data, true);
      document.getElementById("migration-title").textContent = "迁移结果";
      notice("success", `已迁移 ${data.filter((item) => item.outcome === "move").length} 个实例`);
    } catch (error) {
      notice("error", errorText(error));
    }
    return undefined;
  }

  async function loadProcesses() {
    try {
      const library = await api("GET", "/api/definitions");
      const options = library.processes
        .filter((process) => process.current !== null)
        .map((process) => el("option", { value: process.process_id }, `${process.name}（${process.process_id}，当前 v${process.current}）`));
      clear(processSelect, options);
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  document.getElementById("migration-all").addEventListener("change", (event) => {
    body.querySelectorAll("input[name=instance_ids]:not(:disabled)").forEach((box) => {
      box.checked = event.target.checked;
    });
  });
  document.getElementById("mapping-add").addEventListener("click", () => addMapping());
  form.addEventListener("submit", dryRun);
  runButton.addEventListener("click", run);
  loadProcesses();
})();
