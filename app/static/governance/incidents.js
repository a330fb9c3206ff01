// 故障实例: instances stuck by an engine error (element, message, how often, first and last
// seen). Policy staff retry one after deploying a fix: 迁移并重试 moves it onto the latest version
// and runs the failed decision again; 重试 only runs it again.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText, when, root } = window.Gov;
  const body = document.getElementById("incident-rows");
  const state = document.getElementById("incident-state");

  function applicationCell(item) {
    const id = String(item.application_id);
    const base = root.dataset.auditBase;
    return el("td", {}, base ? el("a", { href: `${base}${id}` }, id) : id, el("div", { class: "muted small" }, `实例 ${item.instance_id}`));
  }

  function retryButtons(item) {
    if (!item.can_retry) return [];
    const buttons = [];
    const newer = item.latest_number && item.latest_number !== item.number;
    if (newer) buttons.push(retryButton(item, true, `迁移到 v${item.latest_number} 并重试`));
    buttons.push(retryButton(item, false, "重试"));
    return buttons;
  }

  function retryButton(item, migrate, label) {
    const button = el("button", { type: "button", class: `btn btn-sm${migrate ? " btn-primary" : ""}` }, label);
    button.addEventListener("click", async () => {
      if (!window.confirm(`以原审核人员的决定（${item.action_label || item.action}）重新执行“${item.task_name}”？`)) return;
      try {
        await busy([button], "正在重试…", () => api("POST", `/api/incidents/${item.id}/retry`, { migrate }));
        notice("success", `报名 ${item.application_id} 已重试成功`);
      } catch (error) {
        notice("error", errorText(error));
      }
      load();
    });
    return button;
  }

  function row(item) {
    const status = item.open ? el("span", { class: "badge badge-rejected" }, "未解决") : el("span", { class: "badge badge-approved" }, "已继续流转");
    const retried = item.retried_by ? el("div", { class: "muted small" }, `${item.retried_by} 于 ${when(item.retried_at)} 重试`) : "";
    return el(
      "tr",
      { dataset: { incident: String(item.id) } },
      applicationCell(item),
      el("td", {}, `${item.process_name} ${item.version_label}`),
      el("td", {}, item.element_name || "", el("div", { class: "muted small mono" }, item.element_id || "")),
      el("td", { class: "comment" }, item.message),
      el("td", {}, String(item.count)),
      el("td", { class: "nowrap" }, when(item.first_seen), el("div", {}, when(item.last_seen))),
      el("td", {}, item.task_name || "", el("div", { class: "muted small" }, [item.org_name, item.action_label].filter(Boolean).join(" · "))),
      el("td", {}, status, retried),
      el("td", { class: "actions" }, retryButtons(item)),
    );
  }

  async function load() {
    try {
      const data = await api("GET", `/api/incidents?${new URLSearchParams({ state: state.value, per_page: "100" })}`);
      clear(body, data.items.length ? data.items.map(row) : el("tr", {}, el("td", { colspan: "9", class: "empty" }, "没有故障实例")));
      root.dataset.ready = "1";
    } catch (error) {
      clear(body, el("tr", {}, el("td", { colspan: "9", class: "empty" }, errorText(error))));
    }
  }

  state.addEventListener("change", load);
  load();
})();
