// 草稿: the drafts in progress, to reopen in the modeler or discard.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText, when, root } = window.Gov;
  const body = document.getElementById("draft-rows");

  async function discard(button, draft) {
    if (!window.confirm(`确定删除 ${draft.file} 的草稿？未发布的修改将丢失。`)) return;
    try {
      await busy([button], "正在删除…", () => api("DELETE", `/api/drafts/${draft.id}`));
      notice("success", "草稿已删除");
      await load();
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  function row(draft) {
    const remove = el("button", { type: "button", class: "btn btn-sm btn-danger" }, "删除");
    remove.addEventListener("click", () => discard(remove, draft));
    return el(
      "tr",
      { dataset: { draftId: String(draft.id) } },
      el("td", { class: "mono" }, draft.file),
      el("td", {}, draft.author_name || ""),
      el("td", {}, `#${draft.base_deployment}`),
      el("td", { class: "nowrap" }, when(draft.updated_at || draft.created_at)),
      el("td", { class: "comment" }, draft.note || ""),
      el(
        "td",
        { class: "actions" },
        el("a", { class: "btn btn-sm btn-primary", href: `${root.dataset.draftBase}${draft.id}` }, "打开"),
        remove,
      ),
    );
  }

  async function load() {
    try {
      const drafts = await api("GET", "/api/drafts");
      clear(body, drafts.length ? drafts.map(row) : el("tr", {}, el("td", { colspan: "6", class: "empty" }, "暂无草稿：在流程库中点击“编辑”创建")));
    } catch (error) {
      clear(body, el("tr", {}, el("td", { colspan: "6", class: "empty" }, errorText(error))));
    }
  }

  load();
})();
