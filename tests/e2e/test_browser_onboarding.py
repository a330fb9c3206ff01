"""单位信息维护 in a real browser: a new org's admin, sent to the page by the gate, submits too
little (the page names the field), completes and submits; the county returns it with a reason
the page then shows; resubmitted and approved, the rest of the console opens."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login
from tests.e2e.test_browser_titles import NEW_PASSWORD, Client

pytestmark = pytest.mark.browser
COUNTY = "410181"
NEW = {
    "code": "410181077",
    "name": "巩义市新建医院",
    "level": "unit",
    "parent_code": COUNTY,
    "cert_print_name": "巩义市新建医院",
}


def test_new_org_admin_onboards_through_the_page(page: Page, live_url, shots):
    county = Client(live_url, COUNTY, DEMO_PASSWORD)
    assert county.call("post", "/api/orgs", NEW).status_code == 201
    Client(live_url, NEW["code"], "000000")  # first login: 000000 replaced by NEW_PASSWORD

    login(page, NEW["code"], NEW_PASSWORD)
    expect(page.locator(".alert-error")).to_contain_text("请先完善并提交单位信息")
    expect(page.locator(".card").first).to_contain_text("待完善")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".alert-error")).to_contain_text("请填写联系人")

    page.fill("input[name=contact_name]", "王联系")
    page.fill("input[name=contact_phone]", "13912345678")
    page.fill("input[name=address]", "巩义市建设路8号")
    page.check("input[name=series][value=health]")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("单位信息已保存")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".alert-success")).to_contain_text("等待上级审核")
    page.goto("/admin/users")
    expect(page.locator(".alert-error")).to_contain_text("等待上级审核")
    page.screenshot(path=str(shots / "onboarding_submitted.png"), full_page=True)

    decision = f"/api/onboarding/orgs/{NEW['code']}/decision"
    returned = county.call("post", decision, {"action": "return", "comment": "地址请写到门牌号"})
    assert returned.status_code == 200, returned.text
    page.goto("/org/info")
    expect(page.locator("#return-reason")).to_contain_text("地址请写到门牌号")
    page.fill("input[name=address]", "巩义市建设路8号院1号楼")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".alert-success")).to_contain_text("等待上级审核")
    assert county.call("post", decision, {"action": "pass"}).status_code == 200

    page.goto("/admin/users")
    expect(page.locator(".alert-error")).to_have_count(0)
    expect(page.locator("h1, .topbar")).to_contain_text("用户管理")
