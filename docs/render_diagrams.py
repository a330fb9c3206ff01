"""Render bpmn/*.bpmn (via bpmn-js) and bpmn/*.dmn (as HTML tables) to docs/diagrams/*.png.

Usage::

    /work/main/.venv/bin/python docs/render_diagrams.py [STEM ...]

Requirements: Node/npm (only for the first ``npm ci``), Debian's ``chromium`` at
/usr/bin/chromium (override with $CHROMIUM), the ``fonts-noto-cjk`` package for the
Chinese labels, and Python Playwright.  No server is started and nothing is fetched
at render time: the page is a local file:// HTML that loads the bpmn-js viewer bundle
from docs/node_modules.  ``npx playwright install`` is never needed.

Optional STEM arguments restrict rendering to those file stems (e.g. ``recheck``).
Exit status is 1 if any diagram failed to import; import warnings are printed.
"""

from __future__ import annotations

import html
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BPMN_DIR = ROOT / "bpmn"
OUT_DIR = DOCS / "diagrams"
NODE_MODULES = DOCS / "node_modules"
BPMN_DIST = NODE_MODULES / "bpmn-js" / "dist"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--no-first-run",
    "--disable-component-update",
]

MAX_WIDTH = 1600  # px, final image width cap
PADDING = 24  # px, white margin around the diagram
CJK_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei'"
FONT_STACK = f"{CJK_FONT}, Arial, sans-serif"

DMN_NS = {"dmn": "https://www.omg.org/spec/DMN/20191111/MODEL/"}


# --------------------------------------------------------------------------- npm


def ensure_node_modules() -> None:
    """Install bpmn-js into docs/node_modules if it is not there yet."""
    if (BPMN_DIST / "bpmn-viewer.production.min.js").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found; install Node.js or run `npm ci --prefix docs` elsewhere")
    cmd = "ci" if (DOCS / "package-lock.json").is_file() else "install"
    print(f"running npm {cmd} in {DOCS} ...", flush=True)
    subprocess.run([npm, cmd, "--no-audit", "--no-fund"], cwd=DOCS, check=True)


# --------------------------------------------------------------------------- BPMN

VIEWER_HTML = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<link rel="stylesheet" href="{dist}/assets/diagram-js.css">
<link rel="stylesheet" href="{dist}/assets/bpmn-js.css">
<link rel="stylesheet" href="{dist}/assets/bpmn-font/css/bpmn.css">
<style>
  html, body {{ margin: 0; padding: 0; background: #fff; overflow: hidden; }}
  #canvas {{
    position: absolute; left: {pad}px; top: {pad}px;
    width: calc(100vw - {pad2}px); height: calc(100vh - {pad2}px);
  }}
  .djs-container {{ background: #fff !important; }}
  .djs-label, .djs-container text {{ font-family: {font} !important; }}
  .bjs-powered-by {{ display: none !important; }}
</style>
<script src="{dist}/bpmn-viewer.production.min.js"></script>
</head>
<body>
<div id="canvas"></div>
<script>
  window.viewer = new BpmnJS({{
    container: '#canvas',
    textRenderer: {{
      defaultStyle: {{ fontFamily: {font_js}, fontSize: 12, lineHeight: 1.2 }},
      externalStyle: {{ fontFamily: {font_js}, fontSize: 11, lineHeight: 1.2 }}
    }}
  }});
  window.importDiagram = async (xml) => {{
    try {{
      const result = await window.viewer.importXML(xml);
      return {{ ok: true, warnings: (result.warnings || []).map(w => String(w.message || w)) }};
    }} catch (err) {{
      const warnings = (err.warnings || []).map(w => String(w.message || w));
      return {{ ok: false, error: String(err.message || err), warnings }};
    }}
  }};
  window.diagramBounds = () => {{
    const canvas = window.viewer.get('canvas');
    canvas.zoom(1);
    const inner = canvas.viewbox().inner;
    return {{ x: inner.x, y: inner.y, width: inner.width, height: inner.height }};
  }};
  // Heuristic layout lint: overlapping labels, edges running through unrelated shapes.
  window.layoutIssues = () => {{
    const reg = window.viewer.get('elementRegistry');
    const issues = [];
    const hit = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    const nm = e => JSON.stringify((e.businessObject && e.businessObject.name) || e.id);
    const textBox = e => {{
      const t = reg.getGraphics(e).querySelector('text');
      if (!t || !t.textContent.trim()) return null;
      const b = t.getBBox();
      return {{ x: e.x + b.x, y: e.y + b.y, w: b.width, h: b.height }};
    }};
    const isFlowNode = e => !e.waypoints && e.type !== 'label' && e.parent &&
      !/Lane|Participant|Process|Collaboration/.test(e.type);
    const shapes = reg.filter(isFlowNode);
    const box = (e, inset) => ({{ x: e.x + inset, y: e.y + inset,
                                 w: e.width - 2 * inset, h: e.height - 2 * inset }});
    const labels = reg.filter(e => e.type === 'label')
      .map(e => ({{ e, b: textBox(e) }})).filter(l => l.b);
    for (let i = 0; i < labels.length; i++) {{
      for (let j = i + 1; j < labels.length; j++) {{
        if (hit(labels[i].b, labels[j].b)) {{
          issues.push(`labels overlap: ${{nm(labels[i].e)}} (${{labels[i].e.labelTarget.id}}) / ` +
                      `${{nm(labels[j].e)}} (${{labels[j].e.labelTarget.id}})`);
        }}
      }}
      for (const s of shapes) {{
        if (s !== labels[i].e.labelTarget && hit(labels[i].b, box(s, 2))) {{
          issues.push(`label ${{nm(labels[i].e)}} (${{labels[i].e.labelTarget.id}}) ` +
                      `overlaps shape ${{nm(s)}} (${{s.id}})`);
        }}
      }}
    }}
    for (const c of reg.filter(e => e.waypoints)) {{
      const crossed = new Set();
      for (let k = 1; k < c.waypoints.length; k++) {{
        const p = c.waypoints[k - 1], q = c.waypoints[k];
        const n = Math.max(1, Math.ceil(Math.hypot(q.x - p.x, q.y - p.y) / 4));
        for (let t = 0; t <= n; t++) {{
          const pt = {{ x: p.x + (q.x - p.x) * t / n, y: p.y + (q.y - p.y) * t / n, w: 0, h: 0 }};
          for (const s of shapes) {{
            if (s !== c.source && s !== c.target && hit(pt, box(s, 3))) crossed.add(s);
          }}
        }}
      }}
      for (const s of crossed) {{
        issues.push(`edge ${{c.id}} (${{c.source.id}} -> ${{c.target.id}}) passes through ` +
                    `${{nm(s)}} (${{s.id}})`);
      }}
    }}
    for (let i = 0; i < shapes.length; i++) {{
      for (let j = i + 1; j < shapes.length; j++) {{
        if (hit(box(shapes[i], 0), box(shapes[j], 0))) {{
          issues.push(`shapes overlap: ${{shapes[i].id}} / ${{shapes[j].id}}`);
        }}
      }}
    }}
    return issues;
  }};
  window.fitDiagram = () => {{
    const canvas = window.viewer.get('canvas');
    canvas.resized();
    canvas.zoom('fit-viewport');
    return canvas.zoom();
  }};
</script>
</body>
</html>
"""


def viewer_html() -> str:
    return VIEWER_HTML.format(
        dist=BPMN_DIST.as_uri(),
        pad=PADDING,
        pad2=2 * PADDING,
        font=FONT_STACK,
        font_js=json.dumps(FONT_STACK),
    )


@dataclass
class Result:
    path: Path
    ok: bool = True
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    layout: list[str] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)


def render_bpmn(page: Page, html_url: str, src: Path, out: Path) -> Result:
    result = Result(out)
    page.set_viewport_size({"width": 4000, "height": 3000})
    page.goto(html_url)
    page.wait_for_function("typeof window.importDiagram === 'function'")
    page.evaluate("document.fonts.ready")
    outcome: dict[str, Any] = page.evaluate(
        "xml => window.importDiagram(xml)", src.read_text(encoding="utf-8")
    )
    result.warnings = list(outcome.get("warnings") or [])
    if not outcome.get("ok"):
        result.ok = False
        result.error = str(outcome.get("error"))
        return result

    bounds: dict[str, float] = page.evaluate("window.diagramBounds()")
    result.layout = list(page.evaluate("window.layoutIssues()"))
    scale = min(1.0, (MAX_WIDTH - 2 * PADDING) / max(bounds["width"], 1.0))
    width = math.ceil(bounds["width"] * scale) + 2 * PADDING
    height = math.ceil(bounds["height"] * scale) + 2 * PADDING
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("window.fitDiagram()")
    page.wait_for_timeout(150)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(out), full_page=False, omit_background=False)
    result.size = (width, height)
    return result


# --------------------------------------------------------------------------- DMN

TABLE_CSS = f"""
  html, body {{ margin: 0; padding: 0; background: #fff; }}
  body {{ font-family: {FONT_STACK}; font-size: 15px; color: #222; }}
  #wrap {{ display: inline-block; padding: {PADDING}px; background: #fff; }}
  table {{ border-collapse: collapse; min-width: 420px; }}
  caption {{ font-size: 17px; font-weight: bold; text-align: left; padding: 0 0 8px 2px; }}
  caption .hp {{ font-weight: normal; font-size: 13px; color: #666; margin-left: 12px; }}
  th, td {{ border: 1px solid #444; padding: 6px 14px; text-align: center; }}
  th {{ background: #f2f2f2; }}
  th.in {{ background: #e8f0fb; }}
  th.out {{ background: #fbf1e3; }}
  th .expr {{ display: block; font-weight: normal; font-family: monospace; font-size: 12px;
             color: #555; margin-top: 2px; }}
  td.num {{ color: #777; width: 28px; }}
  td.in {{ font-family: monospace; }}
  td.out {{ font-family: monospace; background: #fffaf2; }}
  th.sep, td.sep {{ border-left: 3px double #444; }}
"""


def _text(el: ET.Element | None) -> str:
    if el is None:
        return ""
    t = el.find("dmn:text", DMN_NS)
    return (t.text or "").strip() if t is not None else ""


def dmn_table_html(src: Path) -> str:
    """Build one HTML table per decision table found in the DMN file."""
    tree = ET.parse(src)
    parts: list[str] = []
    for decision in tree.getroot().iterfind("dmn:decision", DMN_NS):
        table = decision.find("dmn:decisionTable", DMN_NS)
        if table is None:
            continue
        inputs = table.findall("dmn:input", DMN_NS)
        outputs = table.findall("dmn:output", DMN_NS)
        hit = table.get("hitPolicy", "UNIQUE")
        esc = html.escape
        head = ["<th>#</th>"]
        for inp in inputs:
            expr = _text(inp.find("dmn:inputExpression", DMN_NS))
            label = inp.get("label") or expr
            head.append(f'<th class="in">{esc(label)}<span class="expr">{esc(expr)}</span></th>')
        for i, out in enumerate(outputs):
            sep = " sep" if i == 0 else ""
            name = out.get("name", "")
            label = out.get("label") or name
            head.append(
                f'<th class="out{sep}">{esc(label)}<span class="expr">{esc(name)}</span></th>'
            )
        rows: list[str] = []
        for n, rule in enumerate(table.iterfind("dmn:rule", DMN_NS), start=1):
            cells = [f'<td class="num">{n}</td>']
            for entry in rule.findall("dmn:inputEntry", DMN_NS):
                cells.append(f'<td class="in">{esc(_text(entry) or "-")}</td>')
            for i, entry in enumerate(rule.findall("dmn:outputEntry", DMN_NS)):
                sep = " sep" if i == 0 else ""
                cells.append(f'<td class="out{sep}">{esc(_text(entry))}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = esc(decision.get("name") or decision.get("id", src.stem))
        parts.append(
            f'<table><caption>{caption}<span class="hp">Hit policy: {esc(hit)}</span>'
            f"</caption><thead><tr>{''.join(head)}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    if not parts:
        raise ValueError(f"{src.name}: no decisionTable found")
    body = "<br>".join(parts)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{TABLE_CSS}</style>'
        f'</head><body><div id="wrap">{body}</div></body></html>'
    )


def render_dmn(page: Page, src: Path, out: Path) -> Result:
    result = Result(out)
    try:
        content = dmn_table_html(src)
    except (ET.ParseError, ValueError) as exc:
        return Result(out, ok=False, error=str(exc))
    page.set_viewport_size({"width": MAX_WIDTH, "height": 800})
    page.set_content(content)
    page.evaluate("document.fonts.ready")
    wrap = page.locator("#wrap")
    box = wrap.bounding_box()
    if box is not None:
        result.size = (math.ceil(box["width"]), math.ceil(box["height"]))
    wrap.screenshot(path=str(out))
    return result


# --------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    stems = set(argv)
    sources = sorted(BPMN_DIR.glob("*.bpmn")) + sorted(BPMN_DIR.glob("*.dmn"))
    if stems:
        sources = [s for s in sources if s.stem in stems]
    if not sources:
        print("nothing to render", file=sys.stderr)
        return 1
    if any(s.suffix == ".bpmn" for s in sources):
        ensure_node_modules()
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    failed = 0
    with tempfile.TemporaryDirectory(prefix="bpmn-render-") as tmp:
        html_file = Path(tmp) / "viewer.html"
        html_file.write_text(viewer_html(), encoding="utf-8")
        with sync_playwright() as pw:
            browser: Browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(device_scale_factor=1)
                page.on("pageerror", lambda exc: print(f"  page error: {exc}", file=sys.stderr))
                for src in sources:
                    out = OUT_DIR / f"{src.stem}.png"
                    if src.suffix == ".bpmn":
                        res = render_bpmn(page, html_file.as_uri(), src, out)
                    else:
                        res = render_dmn(page, src, out)
                    rel = src.relative_to(ROOT)
                    if res.ok:
                        print(f"{rel} -> {out.relative_to(ROOT)} ({res.size[0]}x{res.size[1]})")
                    else:
                        failed += 1
                        print(f"{rel}: FAILED: {res.error}", file=sys.stderr)
                    for w in res.warnings:
                        print(f"  import warning: {w}", file=sys.stderr)
                    for issue in res.layout:
                        print(f"  layout: {issue}")
            finally:
                browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
