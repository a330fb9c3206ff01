// 查看: one file of one deployment, read-only (bpmn-js NavigatedViewer or the dmn-js viewer).
"use strict";

(function () {
  const { api, notice, errorText, kindOf, download, root } = window.Gov;
  const file = root.dataset.file;
  const deployment = root.dataset.deployment;
  const canvas = document.getElementById("viewer-canvas");

  async function load() {
    const query = deployment ? `?${new URLSearchParams({ deployment })}` : "";
    const data = await api("GET", `/api/definitions/files/${encodeURIComponent(file)}${query}`);
    document.getElementById("viewer-title").textContent = `${data.file}（发布批次 #${data.deployment}）`;
    document.getElementById("viewer-export").addEventListener("click", () => download(data.file, data.content));
    if (kindOf(file) === "dmn") {
      const viewer = window.ReviewDmn.createDmnViewer(canvas);
      await viewer.importXML(data.content);
      const table = viewer.getViews().find((view) => view.type === "decisionTable");
      if (table) await viewer.open(table);
    } else {
      const viewer = new window.BpmnViewer({ container: canvas });
      await viewer.importXML(data.content);
      viewer.get("canvas").zoom("fit-viewport");
    }
    root.dataset.ready = "1";
  }

  load().catch((error) => notice("error", errorText(error)));
})();
