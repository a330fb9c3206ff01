/* 流程图 (instance view): each instance's diagrams in the bpmn-js viewer with the path taken
   coloured (completed elements and flows green, the waiting task orange with a badge, cancelled
   grey), who / how long under each user task, and the workflow data of the step clicked.
   The data is the API's instance document, in the page's JSON data block (CSP: no inline
   script). A diagram is imported when its tab is first shown: a hidden canvas has no size. */
(function () {
  "use strict";
  var source = document.getElementById("instance-data");
  if (!source || !window.BpmnViewer) return;
  var view = JSON.parse(source.textContent);
  var MARKERS = { completed: "path-completed", waiting: "path-waiting", cancelled: "path-cancelled" };

  function duration(seconds) {
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    if (days) return days + "天" + hours + "小时";
    if (hours) return hours + "小时" + minutes + "分";
    return minutes ? minutes + "分" : "不足1分钟";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The last task row of each element of one process: what its overlay says. */
  function lastTasks(instance, processId) {
    var found = {};
    instance.tasks.forEach(function (task) {
      if (task.process_id === processId) found[task.spec_id] = task;
    });
    return found;
  }

  function decorate(viewer, instance, diagram) {
    var canvas = viewer.get("canvas");
    var registry = viewer.get("elementRegistry");
    var overlays = viewer.get("overlays");
    var tasks = lastTasks(instance, diagram.process_id);
    Object.keys(diagram.elements).forEach(function (id) {
      if (!registry.get(id)) return;
      var state = diagram.elements[id].state;
      canvas.addMarker(id, MARKERS[state]);
      if (state === "waiting") {
        overlays.add(id, { position: { top: -12, right: 10 }, html: element("div", "wait-badge", "待办") });
      }
      var task = tasks[id];
      if (task) {
        var text = task.state === "ready"
          ? (task.org_name || "报考人员") + " · 已等待" + duration(task.duration_seconds)
          : (task.who || "") + " · " + duration(task.duration_seconds);
        overlays.add(id, { position: { bottom: 4, left: 0 }, html: element("div", "task-note", text) });
      }
    });
    diagram.flows.forEach(function (id) {
      if (registry.get(id)) canvas.addMarker(id, MARKERS.completed);
    });
  }

  function show(section, instance, index) {
    section.querySelectorAll("[data-diagram-tab]").forEach(function (tab) {
      tab.classList.toggle("active", tab.dataset.diagramTab === String(index));
    });
    section.querySelectorAll("[data-diagram]").forEach(function (box) {
      box.hidden = box.dataset.diagram !== String(index);
    });
    var box = section.querySelector('[data-diagram="' + index + '"]');
    if (box.dataset.loaded) return;
    box.dataset.loaded = "1";
    var diagram = instance.diagrams[index];
    var viewer = new window.BpmnViewer({ container: box });
    viewer.importXML(diagram.xml).then(function () {
      viewer.get("canvas").zoom("fit-viewport");
      decorate(viewer, instance, diagram);
      box.dataset.ready = "1";
    }).catch(function (error) {
      box.textContent = "流程图无法显示：" + error.message;
    });
  }

  function value(text) {
    return typeof text === "string" ? text : JSON.stringify(text, null, 2);
  }

  // RFC 3339 from the page's data -> Beijing time to the minute, whatever the browser's zone.
  function beijing(value) {
    var date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace("T", " ");
  }

  function showStep(section, step, button) {
    section.querySelectorAll(".step.active").forEach(function (b) { b.classList.remove("active"); });
    button.classList.add("active");
    var panel = section.querySelector(".step-data");
    panel.replaceChildren();
    panel.appendChild(element("h4", "", step.name + "（" + step.element_id + "）"));
    panel.appendChild(element("p", "muted", beijing(step.at)));
    var table = element("table", "table kv");
    Object.keys(step.data).forEach(function (key) {
      var row = element("tr", step.changed.indexOf(key) >= 0 ? "changed" : "");
      row.appendChild(element("th", "", key));
      var cell = element("td");
      cell.appendChild(element("pre", "", value(step.data[key])));
      row.appendChild(cell);
      table.appendChild(row);
    });
    if (!table.childNodes.length) panel.appendChild(element("p", "muted", "无数据"));
    else panel.appendChild(table);
  }

  document.querySelectorAll("section[data-instance]").forEach(function (section) {
    var instance = view.instances[Number(section.dataset.instance)];
    section.querySelectorAll("[data-diagram-tab]").forEach(function (tab) {
      tab.addEventListener("click", function () { show(section, instance, Number(tab.dataset.diagramTab)); });
    });
    section.querySelectorAll("[data-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        showStep(section, instance.data_steps[Number(button.dataset.step)], button);
      });
    });
    if (instance.diagrams.length) show(section, instance, 0);
  });
})();
