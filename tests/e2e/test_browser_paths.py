"""The review paths through a real browser: the county's queues and auto-review checklist, a
grade-1 application marked 容缺后补 by its unit, and the city's 市级复核 from sampling to
the opinion record. Tests run in file order on one server with the demo data.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from tests.e2e.pages import DEMO_PASSWORD, fill_application_form, login, png

pytestmark = pytest.mark.browser
COUNTY, UNIT, CITY = "410181", "410181001001", "410100"
APPRAISALS = {2025: "优秀", 2024: "合格", 2023: "优秀", 2022: "合格", 2021: "合格"}


def switch_user(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    login(page, username, password)


def open_queue(page: Page, label: str) -> None:
    page.locator(".menu").get_by_role("link", name=re.compile(f"^{label}")).click()


def test_county_sees_every_queue_and_the_auto_review_checklist(page: Page, shots) -> None:
    login(page, COUNTY, DEMO_PASSWORD)
    menu = page.locator(".menu")
    for label in (
        "自动审核",
        "高级技师审核",
        "现场审核",
        "破格人员审核",
        "容缺后补",
        "复核意见处理",
    ):
        expect(menu).to_contain_text(label)
    expect(menu.get_by_role("link", name=re.compile(r"^市级复核\d*$"))).to_have_count(0)
    open_queue(page, "人工审核")
    page.locator("table tbody tr", has_text="赵敏").get_by_role("link", name="审核").click()
    checklist = page.locator(".checklist")
    expect(checklist.locator("li")).to_have_count(5)
    expect(checklist.locator("li.ok", has_text="非一级工")).to_contain_text("符合")
    failed = checklist.locator("li.fail", has_text="与往年合格库一致")
    expect(failed).to_contain_text("不符合")
    expect(page.get_by_role("button", name="转现场审核")).to_be_visible()
    page.screenshot(path=str(shots / "paths-county-task.png"), full_page=True)


def test_grade1_application_marked_deferred_by_its_unit(page: Page, shots) -> None:
    first17 = "41018119870303457"  # born 1987-03-03, a man
    id_number = first17 + check_digit(first17)
    page.goto("/register")
    for name, value in (
        ("id_number", id_number),
        ("name", "郑凯"),
        ("phone", "13700000001"),
        ("password", "Secret123"),
        ("org_code", UNIT),
    ):
        page.fill(f"input[name={name}]", value)
    page.click("button[type=submit]")
    switch_user(page, id_number, "Secret123")

    senior = page.locator("fieldset[data-when-grade='1']")
    expect(senior).to_be_hidden()
    fill_application_form(
        page,
        gender="male",
        birth_month="1987-03",
        education="大专",
        work_start="2008-07",
        current_grade="2",
        trade="护理员",
        grade_year="2018",
        declared_grade="1",
    )
    expect(senior).to_be_visible()
    page.check("input[name=qualifying_conditions][value=appraisal]")
    for year, grade in APPRAISALS.items():
        page.select_option(f"select[name=appraisal_grade_{year}]", grade)
    page.check("input[name=appraisal_party_2022]")
    page.get_by_role("button", name="保存报名信息").click()
    expect(page.locator(".alert-success")).to_have_text("报名信息已保存")
    expect(page.locator("select[name=appraisal_grade_2025]")).to_have_value("优秀")
    expect(page.locator("input[name=appraisal_party_2022]")).to_be_checked()

    page.set_input_files("input[name=id_photo]", png((70, 130, 180)))
    page.set_input_files("input[name=photo]", png((200, 80, 80)))
    page.set_input_files("input[name=education_cert]", png((80, 160, 80)))
    page.set_input_files("input[name=grade_cert]", png((160, 80, 160)))
    page.set_input_files("input[name=appraisal_evidence_2025]", png((240, 200, 40)))
    page.get_by_role("button", name="上传所选文件").click()
    expect(page.locator(".alert-success", has_text="2025年度")).to_be_visible()
    page.screenshot(path=str(shots / "paths-applicant-grade1.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())  # 提交后审核期间不能修改……
    page.get_by_role("button", name="提交报名").click()
    expect(page.locator(".alert-success")).to_have_text("已提交，请等待审核")

    switch_user(page, UNIT)
    open_queue(page, "高级技师审核")
    page.locator("table tbody tr", has_text="郑凯").get_by_role("link", name="审核").click()
    expect(page.locator(".appraisal-table")).to_contain_text("优秀")
    expect(page.locator(".appraisal-table .mini-thumb img")).to_have_count(1)
    checklist = page.locator(".materials-checklist")
    expect(checklist.locator("li.fail")).to_have_count(3)  # salary sheet, 2023, 2022
    expect(page.get_by_role("button", name="通过", exact=True)).to_be_disabled()
    page.fill("textarea[name=remark]", "工资审批表原件待人事科盖章后补交")
    page.get_by_role("button", name="标记容缺后补").click()
    expect(page.locator(".alert-error")).to_have_text("请先上传单位盖章承诺书")
    extra = page.locator("form", has=page.locator("select[name=kind]"))
    extra.locator("select[name=kind]").select_option("salary_sheet")
    extra.locator("input[name=file]").set_input_files(png((90, 90, 200)))
    extra.get_by_role("button", name="上传").click()
    expect(page.locator(".alert-success")).to_have_text("最近工资审批表已上传")
    letter = page.locator("form", has=page.locator("input[name=kind][value=commitment_letter]"))
    letter.locator("input[name=file]").set_input_files(png((250, 250, 250)))
    letter.get_by_role("button", name="上传承诺书").click()
    expect(page.locator(".alert-success")).to_have_text("单位盖章承诺书已上传")
    page.fill("textarea[name=remark]", "工资审批表原件待人事科盖章后补交")
    page.get_by_role("button", name="标记容缺后补").click()
    expect(page.locator(".alert-success")).to_contain_text("已标记容缺后补")
    expect(checklist.locator("li.deferred")).to_have_count(2)  # the salary sheet came in
    expect(page.get_by_role("button", name="通过", exact=True)).to_be_enabled()
    page.screenshot(path=str(shots / "paths-senior-task.png"), full_page=True)

    page.locator(".menu").get_by_role("link", name="容缺后补").last.click()
    case = page.locator(".deferred-case", has_text="郑凯")
    expect(case).to_contain_text("待补充材料")
    expect(case).to_contain_text("工资审批表原件待人事科盖章后补交")
    expect(case.locator("table")).to_contain_text("补充材料并确认")
    page.screenshot(path=str(shots / "paths-deferred-list.png"), full_page=True)

    case.get_by_role("link", name="补充材料并确认").click()
    page.set_input_files("input[name=file]", png((30, 160, 90)))
    page.get_by_role("button", name="上传材料").click()
    expect(page.locator(".alert-success")).to_have_text("容缺后补材料已上传")
    page.get_by_role("button", name="确认材料已补").click()
    expect(page.locator(".alert-success")).to_have_text("已确认材料已补 郑凯")

    switch_user(page, COUNTY)
    page.locator(".menu").get_by_role("link", name=re.compile("^容缺后补")).first.click()
    expect(page.locator("table tbody")).to_contain_text("郑凯")


def test_city_samples_rechecks_and_records_an_opinion(page: Page, shots) -> None:
    login(page, COUNTY, DEMO_PASSWORD)
    open_queue(page, "人工审核")
    page.locator("table tbody tr", has_text="赵敏").get_by_role("link", name="审核").click()
    page.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("已通过 赵敏")

    switch_user(page, CITY)
    page.get_by_role("link", name="发起市级复核").click()
    expect(page.locator("table tbody")).to_contain_text("赵敏")
    page.screenshot(path=str(shots / "paths-recheck-new.png"), full_page=True)
    page.fill("input[name=sample_percent]", "100")
    page.get_by_role("button", name="随机抽查").click()
    expect(page.locator(".alert-success")).to_have_text(re.compile(r"^已发起\d+条市级复核$"))
    expect(page.locator(".topbar-title")).to_have_text("市级复核")
    row = page.locator("table tbody tr", has_text="赵敏")
    expect(row).to_contain_text("市级复核")
    page.screenshot(path=str(shots / "paths-city-inbox.png"), full_page=True)

    row.get_by_role("link", name="审核").click()
    page.get_by_role("button", name="提出意见").click()
    expect(page.locator(".field-error")).to_have_text("提出意见须填写意见或原因")
    page.fill(".review-form textarea[name=comment]", "现岗位等级证书与合格库不一致，请核实")
    page.get_by_role("button", name="提出意见").click()
    expect(page.locator(".alert-success")).to_have_text("已提出意见 赵敏")

    page.get_by_role("link", name="市级复核记录").click()
    record = page.locator("table tbody tr", has_text="赵敏")
    expect(record).to_contain_text("现岗位等级证书与合格库不一致")
    expect(record).to_contain_text("待县区处理")
    page.screenshot(path=str(shots / "paths-recheck-records.png"), full_page=True)

    switch_user(page, COUNTY)
    open_queue(page, "复核意见处理")
    page.locator("table tbody tr", has_text="赵敏").get_by_role("link", name="审核").click()
    expect(page.locator(".card", has_text="审核要点")).to_contain_text("市级复核意见")
    page.screenshot(path=str(shots / "paths-recheck-response.png"), full_page=True)
    page.fill(".review-form textarea[name=comment]", "已核实：证书信息录入有误，已更正")
    page.get_by_role("button", name="确认", exact=True).click()
    expect(page.locator(".alert-success")).to_have_text("已确认 赵敏")
    page.get_by_role("link", name="市级复核记录").click()
    expect(page.locator("table tbody tr", has_text="赵敏")).to_contain_text("已核实")


def test_county_supplements_declares_exceptional_and_gets_a_reviewer_approved(
    page: Page, shots
) -> None:
    first17 = "41018119900909123"
    id_number = first17 + check_digit(first17)
    login(page, COUNTY, DEMO_PASSWORD)
    page.get_by_role("link", name="补报").click()
    page.fill("input[name=id_number]", id_number)
    page.fill("input[name=name]", "何平")
    page.select_option("select[name=org_code]", "410181002")
    page.get_by_role("button", name="添加补报人员").click()
    expect(page.locator(".alert-success")).to_contain_text("已补报 何平")
    expect(page.locator("table tbody tr", has_text="何平")).to_contain_text(id_number[:3] + "*****")
    page.screenshot(path=str(shots / "paths-supplementary.png"), full_page=True)

    page.get_by_role("link", name="破格申报").click()
    page.fill("input[name=id_number]", id_number)
    expect(page.locator("input[name=gender][value=male]")).to_be_checked()  # from the ID
    expect(page.locator("input[name=birth_month]")).to_have_value("1990-09")
    page.fill("input[name=phone]", "13600000000")
    fill_application_form(
        page,
        gender="male",
        birth_month="1990-09",
        education="高中",
        work_start="2009-03",
        current_grade="4",
        trade="电工",
        grade_year="2024",
        declared_grade="3",
    )
    page.get_by_role("button", name="提交破格申报").click()
    expect(page.locator(".field-error")).to_have_text("必填项")
    page.fill("textarea[name=exceptional_reason]", "抢修一线骨干，连续三年获评岗位能手")
    page.screenshot(path=str(shots / "paths-exceptional-form.png"), full_page=True)
    page.get_by_role("button", name="提交破格申报").click()
    expect(page.locator(".alert-success")).to_contain_text("已为何平代为破格申报")
    expect(page.locator(".exceptional-details")).to_contain_text("县区代为申报")
    open_queue(page, "破格人员审核")
    expect(page.locator("table tbody")).to_contain_text("何平")

    page.get_by_role("link", name="用户管理").click()
    page.fill("input[name=username]", "gy_reviewer")
    page.fill("input[name=name]", "县区审核员")
    page.select_option("select[name=org_code]", COUNTY)
    page.get_by_role("button", name="添加审核员").click()
    expect(page.locator("table tbody tr", has_text="gy_reviewer")).to_contain_text("待审批")
    expect(page.get_by_role("button", name="审批")).to_have_count(0)

    switch_user(page, CITY)
    page.locator(".menu").get_by_role("link", name="用户管理").click()  # 首页 has one too
    row = page.locator("table tbody tr", has_text="gy_reviewer")
    row.get_by_role("button", name="审批").click()
    expect(page.locator(".alert-success")).to_have_text("审核员 gy_reviewer 已审批，可以登录")
    expect(row).not_to_contain_text("待审批")


def test_county_bulk_passes_auto_review_and_sends_a_rejection_back(page: Page, shots) -> None:
    login(page, "410122", DEMO_PASSWORD)
    open_queue(page, "自动审核")
    expect(page.locator("table tbody")).to_contain_text("孙磊")
    page.check("input[data-check-all]")
    page.screenshot(path=str(shots / "paths-auto-inbox.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())  # 确定批量通过所勾选的报名吗？
    page.get_by_role("button", name="批量通过").click()
    expect(page.locator(".topbar-title")).to_have_text("批量通过结果")
    expect(page.locator("table tbody")).to_contain_text("成功")
    page.screenshot(path=str(shots / "paths-bulk.png"), full_page=True)

    open_queue(page, "破格人员审核")
    page.locator("table tbody tr", has_text="周芳").get_by_role("link", name="审核").click()
    expect(page.locator(".exceptional-details")).to_contain_text("长期在一线岗位工作")
    page.get_by_role("button", name="不通过").click()  # no reason yet: stopped in the page
    expect(page.locator("[data-comment-missing]")).to_have_text("不通过须填写意见或原因")
    page.locator(".review-form textarea[name=comment]").fill("无一线工作证明")
    page.once("dialog", lambda dialog: dialog.accept())  # 确定对 周芳 作出“不通过”的决定吗？
    page.get_by_role("button", name="不通过").click()
    expect(page.locator(".alert-success")).to_have_text("已不通过 周芳")

    page.locator(".menu").get_by_role("link", name="审核不通过").click()
    row = page.locator("table tbody tr", has_text="周芳")
    row.locator("summary", has_text="退回重新申报").click()
    row.locator("input[name=comment]").fill("补充一线工作证明后重新申报")
    page.screenshot(path=str(shots / "paths-reject-records.png"), full_page=True)
    row.get_by_role("button", name="确定退回").click()
    expect(page.locator(".alert-success")).to_have_text("已将周芳的报名退回重新申报")
    expect(page.locator("table tbody tr", has_text="周芳")).to_contain_text("已退回")
