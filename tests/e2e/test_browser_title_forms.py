"""我的申报 in a real browser: a declarant creates a declaration, adds a 论文 row with the
form's 添加一行 button (static JS under the page CSP), saves, submits and sees the status."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from tests.e2e.pages import DEMO_PASSWORD, login
from tests.e2e.test_browser_titles import NEW_PASSWORD, UNIT, Client

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def declarant(live_url) -> str:
    admin = Client(live_url, UNIT, DEMO_PASSWORD)
    first17 = "41018119880501888"
    number = first17 + check_digit(first17)
    created = admin.call("post", "/api/title/declarants", {"id_number": number, "name": "吴医生"})
    assert created.status_code == 201, created.text
    Client(live_url, number, number[-6:])  # first login: the initial password goes
    return number


def test_declarant_fills_the_form_adds_a_paper_saves_and_submits(page: Page, declarant, shots):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, declarant, NEW_PASSWORD)
    page.locator(".menu").get_by_role("link", name="我的申报").click()
    page.select_option("select[name=series]", "health")
    page.fill("input[name=specialty]", "心内科")
    page.select_option("select[name=level]", "intermediate")
    page.get_by_role("button", name="创建申报").click()
    expect(page.locator(".alert-success")).to_contain_text("请填写各板块内容")

    page.fill("input[name=basic-phone]", "13912345678")
    page.get_by_role("button", name="添加一行（论文）").click()
    row = page.locator("tbody[data-rows=papers] tr").last
    row.locator("input[name$=-title]").fill("冠心病介入治疗的随访研究")
    row.locator("input[name$=-journal]").fill("中华心血管病杂志")
    row.locator("input[name$=-year]").fill("2022")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    papers = page.locator("tbody[data-rows=papers] tr")
    expect(papers).to_have_count(1)
    expect(papers.first.locator("input[name$=-title]")).to_have_value("冠心病介入治疗的随访研究")
    page.screenshot(path=str(shots / "title_form.png"), full_page=True)

    page.get_by_role("button", name="保存并提交").click()
    expect(page.locator(".alert-success")).to_contain_text("职称申报已提交")
    status = page.locator("table tbody tr", has_text="心内科")
    expect(status).to_contain_text("审查中")
    expect(status).to_contain_text("打印评审表")
    assert not [e for e in errors if "Content Security Policy" in e], errors
