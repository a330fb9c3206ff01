/* Materials viewer: a click on a material photo (links marked data-zoom) opens it in an
   overlay where the reviewer can zoom (buttons, wheel, + / -), pan (drag) and rotate (R)
   without leaving the page; Esc or 关闭 closes it. Without JS the link still opens the file.
   A script file, not inline code: the CSP allows no inline scripts. */
(function () {
  "use strict";
  var MIN = 0.2, MAX = 8, STEP = 1.25;
  var overlay = null, image = null, state = null, drag = null, opener = null;

  function apply() {
    image.style.transform = "translate(" + state.x + "px," + state.y + "px) scale(" +
      state.scale + ") rotate(" + state.rotate + "deg)";
    overlay.querySelector("[data-zoom-level]").textContent = Math.round(state.scale * 100) + "%";
  }
  function zoom(factor) {
    state.scale = Math.min(MAX, Math.max(MIN, state.scale * factor));
    apply();
  }
  function rotate() { state.rotate = (state.rotate + 90) % 360; apply(); }
  function reset() { state = { scale: 1, rotate: 0, x: 0, y: 0 }; apply(); }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    return b;
  }

  function build() {
    overlay = document.createElement("div");
    overlay.className = "image-viewer";
    overlay.setAttribute("role", "dialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.hidden = true;
    var bar = document.createElement("div");
    bar.className = "image-viewer-bar";
    var caption = document.createElement("span");
    caption.className = "image-viewer-caption";
    var level = document.createElement("span");
    level.className = "image-viewer-level";
    level.setAttribute("data-zoom-level", "");
    bar.append(caption, level,
      button("+", "放大（+）", function () { zoom(STEP); }),
      button("−", "缩小（-）", function () { zoom(1 / STEP); }),
      button("旋转", "旋转90°（R）", rotate),
      button("复原", "复原（0）", reset),
      button("关闭", "关闭（Esc）", close));
    var stage = document.createElement("div");
    stage.className = "image-viewer-stage";
    image = document.createElement("img");
    image.draggable = false;
    stage.append(image);
    overlay.append(bar, stage);
    document.body.append(overlay);

    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? STEP : 1 / STEP);
    }, { passive: false });
    stage.addEventListener("pointerdown", function (event) {
      drag = { x: event.clientX - state.x, y: event.clientY - state.y };
      stage.setPointerCapture(event.pointerId);
    });
    stage.addEventListener("pointermove", function (event) {
      if (!drag) { return; }
      state.x = event.clientX - drag.x;
      state.y = event.clientY - drag.y;
      apply();
    });
    stage.addEventListener("pointerup", function () { drag = null; });
    stage.addEventListener("pointercancel", function () { drag = null; });
  }

  function open(link) {
    if (!overlay) { build(); }
    opener = link;
    image.src = link.href;
    image.alt = link.dataset.zoom;
    overlay.querySelector(".image-viewer-caption").textContent = link.dataset.zoom;
    reset();
    overlay.hidden = false;
    document.body.classList.add("viewer-open");
    overlay.querySelector("button").focus();
  }

  function close() {
    overlay.hidden = true;
    document.body.classList.remove("viewer-open");
    if (opener) { opener.focus(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-zoom]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      open(link);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (!overlay || overlay.hidden) { return; }
    var keys = {
      "Escape": close, "+": function () { zoom(STEP); }, "=": function () { zoom(STEP); },
      "-": function () { zoom(1 / STEP); }, "r": rotate, "R": rotate, "0": reset
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });
})();
