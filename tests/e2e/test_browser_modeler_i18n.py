"""The modeler speaks Chinese and opens with the whole diagram in view: the palette's
tooltips, the properties panel's header and group titles (bpmn-js and its properties panel
through our translate module), the decision table's hit policy and When / Then (dmn-js)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login, screenshot
from tests.e2e.test_browser_governance import no_script_errors, open_draft_of  # noqa: F401

pytestmark = pytest.mark.browser
CJK = re.compile(r"[\u4e00-\u9fff]")


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box


def test_the_bpmn_modeler_is_chinese_and_shows_the_whole_diagram(page: Page, shots) -> None:
    login(page, "policy", DEMO_PASSWORD)
    open_draft_of(page, "registration.bpmn")

    titles = page.locator(".djs-palette .entry").evaluate_all(
        "entries => entries.map(e => e.getAttribute('title') || e.getAttribute('aria-label'))"
    )
    assert titles and all(CJK.search(title) for title in titles), titles
    assert "创建任务" in titles and "抓手工具（拖动画布）" in titles

    canvas = _box(page, "#modeler-canvas")
    palette = _box(page, ".djs-palette")
    shapes = page.locator("#modeler-canvas .djs-element.djs-shape").evaluate_all(
        "nodes => nodes.map(n => { const b = n.getBoundingClientRect();"
        " return [n.dataset.elementId, b.left, b.top, b.right, b.bottom]; })"
    )
    assert len(shapes) > 10
    for element_id, left, top, right, bottom in shapes:
        if right - left == 0:
            continue  # labels not drawn yet
        assert left >= palette["x"] + palette["width"] - 1, element_id  # not under the palette
        assert top >= canvas["y"] - 1 and bottom <= canvas["y"] + canvas["height"] + 1, element_id
        assert right <= canvas["x"] + canvas["width"] + 1, element_id
    screenshot(page, shots, "modeler-zh.png")

    page.locator("#modeler-canvas .djs-element[data-element-id='call_manual']").click()
    header = page.locator("#modeler-panel .bio-properties-panel-header-type")
    expect(header).to_have_text("调用活动")
    groups = page.locator("#modeler-panel .bio-properties-panel-group-header-title")
    expect(groups.first).to_have_text("常规")
    expect(groups.filter(has_text="说明文档")).to_have_count(1)
    assert not [g for g in groups.all_inner_texts() if g in ("General", "Documentation")]


def test_the_decision_table_is_chinese(page: Page) -> None:
    login(page, "policy", DEMO_PASSWORD)
    open_draft_of(page, "auto_years.dmn")
    table = page.locator("#modeler-canvas")
    expect(table.locator(".hit-policy")).to_contain_text("命中策略")
    expect(table.locator("th.input-cell .clause").first).to_have_text("当")
    expect(table.locator("th.output-cell .clause").first).to_have_text("则")
    expect(table).not_to_contain_text("Hit policy")
