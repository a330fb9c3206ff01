// The draft modeler (/governance/drafts/<id>): bpmn-js with the 审核属性 panel for BPMN files,
// dmn-js decision tables for DMN files, and the toolbar: 保存草稿, 校验 (problems marked on the
// elements), 差异 (changes in words and in colour), 模拟 (what-if report), 发布 (with a note).
// Every check runs on the saved draft, so the toolbar saves unsaved edits first.
"use strict";

(function () {
  const { api, el, clear, busy, notice, errorText, pairs, kindOf, root } = window.Gov;
  const draftId = root.dataset.draftId;
  const draftUrl = `/api/drafts/${draftId}`;
  const canvasNode = document.getElementById("modeler-canvas");
  const panelNode = document.getElementById("modeler-panel");
  const sideNode = document.getElementById("modeler-side");
  const buttons = [...document.querySelectorAll("[data-command]")];
  const CHANGE_LABELS = { added: "新增", removed: "删除", changed: "修改" };
  const MARGIN = 20;

  const state = { draft: null, kind: "bpmn", modeler: null, saved: "", marked: [] };

  // ---- loading ---------------------------------------------------------------------------

  function vocabularyFrom(data, library) {
    const decisions = (library.files || [])
      .filter((file) => file.kind === "dmn")
      .flatMap((file) => (file.element_ids || []).map((id) => [id, file.title || id]));
    return {
      queues: pairs(data.queues),
      statuses: pairs(data.statuses),
      actions: pairs(data.actions),
      context: pairs(data.context),
      properties: data.properties || [],
      decisions,
    };
  }

  async function openBpmn(content, vocabulary) {
    state.modeler = window.ReviewBpmn.createBpmnModeler(canvasNode, panelNode, vocabulary);
    await state.modeler.importXML(content);
    fitBesidePalette(state.modeler.get("canvas"));
  }

  // The whole diagram in view on open (canvas.zoom("fit-viewport")), shrunk further so no
  // element hides under the palette floating over the canvas's left edge, never above 100%.
  function fitBesidePalette(canvas) {
    canvas.zoom("fit-viewport");
    const { inner, outer } = canvas.viewbox();
    const palette = canvasNode.querySelector(".djs-palette");
    const left = (palette ? palette.getBoundingClientRect().right - canvasNode.getBoundingClientRect().left : 0) + MARGIN;
    const scale = Math.min(
      1,
      (outer.width - left - MARGIN) / Math.max(inner.width, 1),
      (outer.height - 2 * MARGIN) / Math.max(inner.height, 1),
    );
    canvas.viewbox({
      x: inner.x - left / scale,
      y: inner.y - MARGIN / scale,
      width: outer.width / scale,
      height: outer.height / scale,
    });
  }

  async function openDmn(content) {
    panelNode.hidden = true;
    state.modeler = window.ReviewDmn.createDmnModeler(canvasNode);
    await state.modeler.importXML(content);
    const table = state.modeler.getViews().find((view) => view.type === "decisionTable");
    if (table) await state.modeler.open(table);
  }

  async function load() {
    try {
      const [draft, vocabulary, library] = await Promise.all([
        api("GET", draftUrl),
        api("GET", "/api/definitions/vocabulary"),
        api("GET", "/api/definitions"),
      ]);
      state.draft = draft;
      state.kind = kindOf(draft.file);
      state.saved = draft.content;
      document.getElementById("draft-file").textContent = draft.file;
      showVersion();
      if (state.kind === "dmn") await openDmn(draft.content);
      else await openBpmn(draft.content, vocabularyFrom(vocabulary, library));
      root.dataset.ready = "1";
    } catch (error) {
      notice("error", errorText(error));
    }
  }

  function showVersion() {
    document.getElementById("draft-version").textContent = `草稿版本 ${state.draft.version}`;
  }

  // ---- saving ----------------------------------------------------------------------------

  async function currentXml() {
    const { xml } = await state.modeler.saveXML({ format: true });
    return xml;
  }

  async function save() {
    const content = await currentXml();
    if (content === state.saved) return false;
    try {
      state.draft = await api("PUT", draftUrl, { content, version: state.draft.version });
    } catch (error) {
      if (error.status === 409) {
        throw new Error("已被他人修改：请复制您的修改后刷新页面，在最新草稿上重做");
      }
      throw error;
    }
    state.saved = content;
    showVersion();
    return true;
  }

  // ---- marking elements ------------------------------------------------------------------

  function clearMarks() {
    if (state.kind === "bpmn") {
      const canvas = state.modeler.get("canvas");
      state.marked.forEach(([element, marker]) => canvas.removeMarker(element, marker));
      state.modeler.get("overlays").remove({ type: "review-problem" });
    }
    canvasNode.querySelectorAll(".diff-added, .diff-changed, .has-problem").forEach((node) => {
      node.classList.remove("diff-added", "diff-changed", "has-problem");
    });
    state.marked = [];
  }

  // The shape of a BPMN element id; a process (which has no shape) is drawn as its pool.
  function shapeOf(id) {
    const registry = state.modeler.get("elementRegistry");
    return (
      registry.get(id) ||
      registry.find((element) => {
        const ref = element.businessObject && element.businessObject.processRef;
        return ref && ref.id === id;
      })
    );
  }

  // Mark one element; false when it is not on this canvas (another file, or removed).
  function mark(id, marker, badge) {
    if (!id) return false;
    if (state.kind === "bpmn") {
      const element = shapeOf(id);
      if (!element) return false;
      state.modeler.get("canvas").addMarker(element, marker);
      state.marked.push([element, marker]);
      if (badge) {
        state.modeler.get("overlays").add(element, "review-problem", {
          position: { top: -12, right: 12 },
          html: el("div", { class: "problem-badge", title: badge }, "!"),
        });
      }
      return true;
    }
    const nodes = canvasNode.querySelectorAll(
      `[data-element-id="${CSS.escape(id)}"], [data-row-id="${CSS.escape(id)}"], [data-col-id="${CSS.escape(id)}"]`,
    );
    nodes.forEach((node) => node.classList.add(marker));
    return nodes.length > 0;
  }

  function focus(id) {
    if (state.kind === "bpmn") {
      const element = shapeOf(id);
      if (!element) return;
      state.modeler.get("canvas").scrollToElement(element);
      state.modeler.get("selection").select(element);
      return;
    }
    const node = canvasNode.querySelector(`[data-element-id="${CSS.escape(id)}"], [data-row-id="${CSS.escape(id)}"]`);
    if (node) node.scrollIntoView({ block: "center" });
  }

  // ---- side panel ------------------------------------------------------------------------

  function side(title, ...content) {
    sideNode.hidden = false;
    clear(sideNode, el("div", { class: "card-title" }, title), content);
  }

  function problemList(problems) {
    if (!problems.length) return el("p", { class: "alert alert-success" }, "校验通过：没有发现问题");
    return el(
      "ul",
      { class: "problem-list" },
      problems.map((problem) => {
        const here = problem.file === state.draft.file && mark(problem.element_id, "has-problem", problem.message);
        const name = problem.element_name || problem.element_id || "（整个文件）";
        return el(
          "li",
          {
            class: here ? "problem clickable" : "problem",
            dataset: { elementId: problem.element_id || "" },
            onclick: here ? () => focus(problem.element_id) : undefined,
          },
          el("div", { class: "problem-head" }, el("strong", {}, name), " ", el("span", { class: "muted mono" }, `${problem.file} · ${problem.rule}`)),
          el("div", {}, problem.message),
        );
      }),
    );
  }

  async function validate() {
    await save();
    const { problems } = await api("GET", `${draftUrl}/problems`);
    clearMarks();
    side(`校验结果（${problems.length} 个问题）`, problemList(problems));
  }

  function propertyText(property) {
    const show = (value) => (value === null || value === undefined || value === "" ? "（空）" : String(value));
    return `${property.name}：${show(property.before)} → ${show(property.after)}`;
  }

  async function diff() {
    await save();
    const { changes } = await api("GET", `${draftUrl}/diff`);
    clearMarks();
    const items = changes.map((change) => {
      if (change.change !== "removed") mark(change.element_id, `diff-${change.change}`);
      const name = change.element_name ? `“${change.element_name}”` : "";
      return el(
        "li",
        { class: `diff diff-item-${change.change}`, onclick: () => focus(change.element_id) },
        el("span", { class: `badge diff-badge-${change.change}` }, CHANGE_LABELS[change.change] || change.change),
        ` ${change.element_type || ""} ${name}（${change.element_id}）`,
        change.properties && change.properties.length
          ? el("ul", { class: "diff-properties" }, change.properties.map((p) => el("li", {}, propertyText(p))))
          : null,
      );
    });
    side(
      `与已发布版本的差异（${changes.length} 处）`,
      changes.length ? el("ul", { class: "diff-list" }, items) : el("p", { class: "muted" }, "与已发布版本相同"),
      el("p", { class: "muted legend" }, "画布上：绿色 = 新增，橙色 = 修改；删除的元素只在此列出。"),
    );
  }

  async function simulate() {
    await save();
    const report = await api("POST", `${draftUrl}/simulate`, {});
    side("模拟结果（只读，不改变任何数据）", window.GovReport.render(report));
  }

  // ---- deploy ----------------------------------------------------------------------------

  const dialog = document.getElementById("deploy-dialog");
  const noteField = document.getElementById("deploy-note");
  const dialogErrors = document.getElementById("deploy-errors");

  async function openDeploy() {
    await save();
    clear(dialogErrors);
    dialog.showModal();
    noteField.focus();
  }

  async function deploy(event) {
    event.preventDefault();
    const confirm = document.getElementById("deploy-confirm");
    clear(dialogErrors);
    try {
      const result = await busy([confirm], "正在发布…", () =>
        api("POST", `${draftUrl}/deploy`, { note: noteField.value.trim() }),
      );
      const number = result.deployment ? result.deployment.number : "";
      window.location.assign(`${root.dataset.libraryUrl}?deployed=${encodeURIComponent(number)}`);
    } catch (error) {
      const problems = (error.body && error.body.problems) || [];
      clearMarks();
      clear(
        dialogErrors,
        el("p", { class: "alert alert-error" }, errorText(error)),
        problems.length ? problemList(problems) : null,
      );
    }
  }

  // ---- toolbar ---------------------------------------------------------------------------

  const COMMANDS = {
    save: ["正在保存…", async () => notice("success", (await save()) ? "草稿已保存" : "没有需要保存的修改")],
    validate: ["正在校验…", validate],
    diff: ["正在比较…", diff],
    simulate: ["正在模拟，申请较多时需要一些时间…", simulate],
    deploy: ["正在保存…", openDeploy],
  };

  buttons.forEach((button) => {
    button.addEventListener("click", async () => {
      const [label, command] = COMMANDS[button.dataset.command];
      notice("info", "");
      try {
        await busy(buttons, label, command);
      } catch (error) {
        notice("error", error instanceof Error && !error.status ? error.message : errorText(error));
      }
    });
  });
  document.getElementById("deploy-form").addEventListener("submit", deploy);
  document.getElementById("deploy-cancel").addEventListener("click", () => dialog.close());

  load();
})();
