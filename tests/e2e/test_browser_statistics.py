"""信息统计 in a real browser: the county admin opens 按工种统计 and 按单位统计 from the menu and
sees the table with its totals and the Chart.js bar chart drawn beside it (a Chart instance on
the canvas, pixels painted); on 按单位统计 an imported 应考人员名单 shows its per-row errors.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
COUNTY = "410181"
DRAWN = """canvas => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return {chart: !!chart, bars: chart ? chart.data.datasets.length : 0, painted};
}"""


def _drawn(page: Page) -> dict:
    canvas = page.locator("#statistics-chart")
    expect(canvas).to_be_visible()
    # Chart.js is a deferred script: the table can be on screen before the chart is drawn.
    page.wait_for_load_state("load")
    return canvas.evaluate(DRAWN)


def test_statistics_pages_render_the_chart(page: Page, shots) -> None:
    login(page, COUNTY, DEMO_PASSWORD)
    page.locator(".menu").get_by_role("link", name="按工种统计").click()
    expect(page.locator("#statistics-table tfoot")).to_contain_text("合计")
    drawn = _drawn(page)
    assert drawn["chart"] and drawn["bars"] == 3
    assert drawn["painted"] > 1000, drawn
    page.screenshot(path=str(shots / "statistics-trades.png"), full_page=True)

    page.locator(".menu").get_by_role("link", name="按单位统计").click()
    expect(page.locator("#statistics-table")).to_contain_text("巩义市人民医院")
    assert _drawn(page)["chart"]

    workbook = Workbook()
    workbook.active.append(["单位编码", "姓名", "身份证号", "工种", "等级"])
    workbook.active.append(["410181001001", "甲", "410181199003150014", "护理员", "三级"])
    workbook.active.append(["410181001001", "乙", "123", "护理员", "三级"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page.set_input_files(
        "input[name=file]",
        {"name": "roster.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()},
    )
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".import-result")).to_contain_text("新增 1 人")
    expect(page.locator(".import-errors tbody tr")).to_have_count(1)
    expect(page.locator(".import-errors")).to_contain_text("3")
    assert _drawn(page)["chart"]
    page.screenshot(path=str(shots / "statistics-units.png"), full_page=True)
