"""申报计划 in a real browser: a unit's handler writes a plan on the form and 上报 it; the
unit's leader finds it in 申报计划审查 and passes it on to the supervising unit."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login
from tests.e2e.test_browser_titles import NEW_PASSWORD, Client, _reviewer

pytestmark = pytest.mark.browser
UNIT = "410181001001"


@pytest.fixture(scope="module")
def plan_staff(live_url) -> dict[str, str]:
    admin = Client(live_url, UNIT, DEMO_PASSWORD)
    return {role: _reviewer(admin, live_url, role) for role in ("handler", "leader")}


def test_handler_submits_a_plan_and_the_leader_sees_it(page: Page, plan_staff, shots):
    login(page, plan_staff["handler"], NEW_PASSWORD)
    page.get_by_role("link", name="申报计划", exact=True).click()
    page.get_by_role("link", name="新增申报计划").click()
    page.fill("input[name=year]", str(date.today().year))
    page.select_option("select[name=series]", "health")
    page.fill("input[name=junior]", "3")
    page.fill("input[name=intermediate]", "2")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("申报计划已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="上报").click()
    expect(page.locator(".alert-success")).to_contain_text("申报计划已上报")
    expect(page.locator(".card").first).to_contain_text("负责人审批")
    page.screenshot(path=str(shots / "title_plan.png"), full_page=True)

    page.context.clear_cookies()
    login(page, plan_staff["leader"], NEW_PASSWORD)
    page.locator(".menu").get_by_role("link", name=re.compile("申报计划审查")).click()
    task = page.locator(".plan-task", has_text="巩义市人民医院")
    expect(task).to_contain_text("初级 3人")
    page.screenshot(path=str(shots / "title_plan_review.png"), full_page=True)
    task.get_by_role("button", name="通过").click()
    expect(page.locator(".alert-success")).to_contain_text("已通过")
    expect(page.locator(".card").first).to_contain_text("暂无待审查的申报计划")
