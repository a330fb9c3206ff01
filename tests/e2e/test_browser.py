"""The two journeys that matter, through a real browser: a unit admin passes a waiting
application, and a new applicant registers, fills in, uploads and submits.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from tests.e2e.pages import DEMO_PASSWORD, fill_application_form, login, png

pytestmark = pytest.mark.browser


def test_unit_admin_passes_waiting_application(page: Page, shots) -> None:
    login(page, "410181001001", DEMO_PASSWORD)
    expect(page.locator(".home-tiles")).to_contain_text("人工审核")  # 首页: what waits
    page.locator(".menu").get_by_role("link", name="人工审核").click()
    expect(page).to_have_url(re.compile(r"/review/inbox"))
    expect(page.locator(".topbar")).to_contain_text("巩义市人民医院")
    row = page.locator("table tbody tr", has_text="张伟")
    expect(row).to_contain_text("410*****0014")
    expect(row).to_contain_text("单位审核")
    page.screenshot(path=str(shots / "inbox.png"), full_page=True)

    row.get_by_role("link", name="审核").click()
    expect(page.locator(".detail-grid")).to_contain_text("410181199003150014")
    expect(page.locator(".gallery img")).to_have_count(4)  # 证件照, 个人照片, 学历证书, 岗位等级证书
    page.screenshot(path=str(shots / "task.png"), full_page=True)

    page.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("已通过 张伟")
    expect(page.locator("table tbody")).not_to_contain_text("张伟")
    expect(page.locator("table tbody")).to_contain_text("暂无待审核数据")

    page.get_by_role("link", name="审核通过", exact=True).click()
    record = page.locator("table tbody tr", has_text="张伟")
    expect(record).to_contain_text("410*****0014")
    expect(record).to_contain_text("审核中")


def test_return_needs_a_reason(page: Page) -> None:
    login(page, "410181002", DEMO_PASSWORD)
    page.goto("/review/inbox")
    page.locator("table tbody tr", has_text="王强").get_by_role("link", name="审核").click()
    page.get_by_role("button", name="退回本人").click()
    expect(page.locator(".field-error")).to_have_text("退回本人须填写意见或原因")


def test_applicant_registers_fills_in_and_submits(page: Page, shots) -> None:
    first17 = "41018119950606124"  # born 1995-06-06, even sequence digit: a woman
    id_number = first17 + check_digit(first17)
    page.goto("/register")
    page.fill("input[name=id_number]", id_number)
    page.fill("input[name=name]", "陈静")
    page.fill("input[name=phone]", "13700000000")
    page.fill("input[name=password]", "Secret123")
    page.fill("input[name=org_code]", "410181002")
    page.click("button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("注册成功")

    login(page, id_number, "Secret123")
    expect(page.locator(".status-card")).to_contain_text("未填写")
    expect(page.locator("input[name=gender][value=female]")).to_be_checked()  # from the ID
    expect(page.locator("input[name=birth_month]")).to_have_value("1995-06")
    fill_application_form(
        page,
        gender="female",
        birth_month="1995-06",
        education="大专",
        work_start="2016-09",
        current_grade="4",
        trade="收银员",
        grade_year="2020",
        declared_grade="3",
    )
    page.get_by_role("button", name="保存报名信息").click()
    expect(page.locator(".alert-success")).to_have_text("报名信息已保存")

    page.set_input_files("input[name=id_photo]", png((70, 130, 180)))
    page.set_input_files("input[name=photo]", png((200, 80, 80)))
    page.set_input_files("input[name=education_cert]", png((80, 160, 80)))
    page.set_input_files("input[name=grade_cert]", png((160, 80, 160)))
    page.get_by_role("button", name="上传所选文件").click()
    expect(page.locator(".gallery img")).to_have_count(4)

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator(".alert-success")).to_have_text("已提交，请等待审核")
    assert "提交后审核期间不能修改" in questions[0]
    expect(page.locator(".status-card .badge")).to_have_text("审核中")
    expect(page.locator(".status-card")).to_contain_text("巩义市北山口镇政府")
    page.screenshot(path=str(shots / "applicant.png"), full_page=True)


def test_county_admin_console(page: Page, shots) -> None:
    login(page, "410181", DEMO_PASSWORD)
    expect(page.locator(".menu")).to_contain_text("现场审核")
    page.goto("/review/inbox")
    expect(page.locator("table tbody")).to_contain_text("赵敏")

    page.get_by_role("link", name="单位管理").click()
    expect(page.locator("table tbody")).to_contain_text("巩义市人民医院")
    page.screenshot(path=str(shots / "orgs.png"), full_page=True)

    page.get_by_role("link", name="用户管理").click()
    expect(page.locator("table tbody")).to_contain_text("410181001001")
