"""流程审计 in a real browser: the province admin finds a demo application in 实例查询, opens
its 流程图 and sees the path taken in the bpmn-js viewer (the main process and the called
grades 2-5 review), the waiting task marked, the data of a step; and the 滞留任务 page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser
PROVINCE = "410000"


def test_instance_view_highlights_the_path_and_the_waiting_task(page: Page, shots) -> None:
    login(page, PROVINCE, DEMO_PASSWORD)
    page.locator(".menu").get_by_role("link", name="实例查询").click()
    page.fill("input[name=q]", "赵敏")  # unit (no supervising unit) -> waiting at the county
    page.get_by_role("button", name="查询").click()
    row = page.locator("table tbody tr", has_text="赵敏")
    expect(row).to_contain_text("县区人工审核")
    page.screenshot(path=str(shots / "audit-instances.png"), full_page=True)
    row.get_by_role("link", name="流程图").click()

    main = page.locator("section[data-instance='0']")
    expect(main.locator("[data-diagram='0'][data-ready]")).to_be_attached()
    canvas = main.locator("[data-diagram='0']")
    for element in ("start", "gw_path"):
        expect(canvas.locator(f".djs-element.path-completed[data-element-id='{element}']")).to_have_count(1)
    expect(canvas.locator(".djs-connection.path-completed[data-element-id='f_manual']")).to_have_count(1)
    expect(canvas.locator(".djs-element.path-waiting[data-element-id='call_manual']")).to_have_count(1)

    main.get_by_role("tab", name="manual_review（子流程）").click()
    sub = main.locator("[data-diagram='1']")
    expect(main.locator("[data-diagram='1'][data-ready]")).to_be_attached()
    expect(sub.locator(".djs-element.path-completed[data-element-id='review_unit']")).to_have_count(1)
    expect(sub.locator(".djs-element.path-completed[data-element-id='rule_years']")).to_have_count(1)
    expect(sub.locator(".djs-element.path-waiting[data-element-id='review_county']")).to_have_count(1)
    expect(sub.locator(".wait-badge")).to_have_text("待办")
    expect(sub.locator(".task-note").first).to_be_visible()

    main.locator(".step", has_text="单位审核").click()
    changed = main.locator(".step-data tr.changed")
    expect(changed.filter(has_text="action")).to_contain_text("pass")
    expect(main.locator("table", has_text="办理人")).to_contain_text("县区人工审核")
    expect(page.locator(".card", has_text="操作历史")).to_contain_text("提交报名")
    screenshot(page, shots, "instance.png", full_page=True)


def test_stuck_page_counts_per_org(page: Page, shots) -> None:
    login(page, PROVINCE, DEMO_PASSWORD)
    page.locator(".menu").get_by_role("link", name="滞留任务").click()
    page.fill("input[name=days]", "0")
    page.get_by_role("button", name="查询").click()
    orgs = page.locator("table.stuck-orgs tbody tr")
    expect(orgs.filter(has_text="巩义市人民医院")).to_contain_text("单位")
    expect(orgs.first.locator(".bar")).to_be_visible()
    page.screenshot(path=str(shots / "audit-stuck.png"), full_page=True)
