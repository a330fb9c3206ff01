// Shared by the 流程管理 pages: the JSON API client (bearer token the page was rendered with,
// since the API takes no cookies), DOM building without innerHTML (every value from the API is
// text, never markup), busy states for long operations and small formatters.
"use strict";

window.Gov = (function () {
  const root = document.getElementById("gov");
  const token = root ? root.dataset.apiToken : "";

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || `请求失败（${status}）`);
      this.status = status;
      this.body = body || {};
    }
  }

  async function api(method, url, body) {
    const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch (error) {
      data = { message: `服务器返回了无法识别的内容（${response.status}）` };
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  // el("td", {class: "x", dataset: {id: 1}, onclick: fn}, "text", childNode, [more])
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node, ...children) {
    node.replaceChildren();
    return append(node, children);
  }

  // Disable the given buttons and show a spinner while `work` runs; errors go to `onError`.
  async function busy(buttons, label, work) {
    const spinner = document.getElementById("busy");
    buttons.forEach((button) => (button.disabled = true));
    if (spinner) {
      spinner.hidden = false;
      spinner.querySelector(".busy-label").textContent = label;
    }
    try {
      return await work();
    } finally {
      buttons.forEach((button) => (button.disabled = false));
      if (spinner) spinner.hidden = true;
    }
  }

  // A message bar at the top of the page (role=status for screen readers).
  function notice(kind, text) {
    const bar = document.getElementById("notice");
    if (!bar) return;
    bar.hidden = !text;
    bar.className = `alert alert-${kind}`;
    bar.textContent = text || "";
  }

  function errorText(error) {
    if (!(error instanceof ApiError)) return `操作失败：${error.message}`;
    // the message names the first field by its label; the keys of ``fields`` are for programs
    const others = Object.values(error.body.fields || {}).filter((v) => !error.message.includes(v));
    return [error.message, ...others].join("；");
  }

  // RFC 3339 from the API -> Beijing time as the console shows it.
  function when(value) {
    if (!value) return "";
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const beijing = new Date(date.getTime() + 8 * 3600 * 1000);
    return beijing.toISOString().slice(0, 16).replace("T", " ");
  }

  function download(name, text) {
    const type = name.endsWith(".dmn") || name.endsWith(".bpmn") ? "application/xml" : "text/plain";
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function kindOf(file) {
    return file.toLowerCase().endsWith(".dmn") ? "dmn" : "bpmn";
  }

  // The vocabulary's [{key, label}] as [[key, label], ...] for the properties panel.
  function pairs(words) {
    return (words || []).map((word) => [word.key, word.label]);
  }

  return { api, ApiError, el, append, clear, busy, notice, errorText, when, download, kindOf, pairs, root };
})();
