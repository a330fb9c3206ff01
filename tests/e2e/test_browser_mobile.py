"""Applicant pages on a phone (issue 9, item 10) and the faster review screen (item 9) in a real
chromium. Every applicant page must fit a 390 px wide phone without sideways scrolling: the
header stays one tidy block, tables turn into stacked cards, photo inputs offer the camera.
"""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from tests.conftest import SUBMISSION_KINDS, VALID_FORM
from tests.e2e.pages import DEMO_PASSWORD, login, png

PHONE_WIDTH = 390
UNIT = "410181001001"  # 巩义市人民医院: 张伟 waits there (demo data)


@pytest.fixture()
def phone(browser, live_url):
    """A fresh context as chromium's mobile emulation sees a 390 x 844 phone."""
    context = browser.new_context(
        base_url=live_url,
        viewport={"width": PHONE_WIDTH, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def assert_fits(page: Page, what: str) -> None:
    # A navigation's DOM can be there before its stylesheet: measure the styled page.
    page.wait_for_load_state("load")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{what}: {width} px wide"


def register(page: Page, id_tail: str, name: str) -> tuple[str, str]:
    """A new applicant of 巩义市人民医院 through the API; returns login and token."""
    id_number = id_tail + check_digit(id_tail)
    registered = page.request.post(
        "/api/applicants/register",
        data={
            "id_number": id_number,
            "name": name,
            "phone": "13912345678",
            "password": "Secret123",
            "org_code": UNIT,
        },
    )
    assert registered.status == 201, registered.text()
    token = page.request.post(
        "/api/auth/login", data={"username": id_number, "password": "Secret123"}
    ).json()["token"]
    return id_number, token


def submit_through_api(page: Page, token: str, birth_month: str) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    created = page.request.post(
        "/api/applications", data={**VALID_FORM, "birth_month": birth_month}, headers=auth
    )
    assert created.status == 201, created.text()
    app_id = created.json()["id"]
    for kind in SUBMISSION_KINDS:
        uploaded = page.request.post(
            f"/api/applications/{app_id}/files",
            multipart={"kind": kind, "file": png((90, 120, 200))},
            headers=auth,
        )
        assert uploaded.status == 201, uploaded.text()
    submitted = page.request.post(f"/api/applications/{app_id}/submit", headers=auth)
    assert submitted.status == 200, submitted.text()


def test_applicant_pages_fit_a_phone(phone: Page, shots) -> None:
    phone.goto("/login")
    assert_fits(phone, "登录")
    phone.goto("/register")
    assert_fits(phone, "注册")
    phone.screenshot(path=str(shots / "mobile-register.png"), full_page=True)

    id_number, token = register(phone, "41018119940202051", "手机用户")
    login(phone, id_number, "Secret123")
    expect(phone.locator(".status-card")).to_contain_text("未填写")
    assert_fits(phone, "报名表（未填写）")
    phone.screenshot(path=str(shots / "mobile-form.png"), full_page=True)
    phone.select_option("select[name=declared_grade]", "1")  # the grade-1 appraisal table too
    assert_fits(phone, "报名表（一级）")

    auth = {"Authorization": f"Bearer {token}"}
    created = phone.request.post(
        "/api/applications", data={**VALID_FORM, "birth_month": "1994-02"}, headers=auth
    )
    assert created.status == 201, created.text()
    phone.reload()
    for kind in ("id_photo", "photo"):
        camera = phone.locator(f"input[type=file][name={kind}]")
        expect(camera).to_have_attribute("accept", "image/*")
        # the ID card with the rear camera, the headshot with the front one
        expect(camera).to_have_attribute("capture", "user" if kind == "photo" else "environment")
    assert_fits(phone, "资料上传")
    phone.set_input_files("input[name=id_photo]", png((200, 30, 30)))
    phone.set_input_files("input[name=photo]", png((30, 30, 200)))
    phone.set_input_files("input[name=education_cert]", png((30, 200, 30)))
    phone.set_input_files("input[name=grade_cert]", png((200, 200, 30)))
    phone.get_by_role("button", name="上传所选文件").click()
    expect(phone.locator(".gallery figure")).to_have_count(4)
    assert_fits(phone, "资料上传后")
    phone.once("dialog", lambda dialog: dialog.accept())  # 提交后审核期间不能修改……
    phone.get_by_role("button", name="提交报名").click()
    expect(phone.locator(".status-card")).to_contain_text("审核中")
    assert_fits(phone, "状态与操作历史")
    history = phone.locator("table.history tbody tr").first
    expect(history.locator("td").first).to_have_css("display", "flex")  # a stacked card
    phone.screenshot(path=str(shots / "mobile-status.png"), full_page=True)

    phone.goto("/password")
    assert_fits(phone, "修改密码")


@pytest.mark.parametrize(
    ("login_name", "what"),
    [("410181197902030025", "一级申报（只读）"), ("410122199204120057", "终审通过")],
)
def test_demo_applicants_fit_a_phone(phone: Page, login_name: str, what: str) -> None:
    login(phone, login_name, DEMO_PASSWORD)
    expect(phone.locator(".status-card")).to_be_visible()
    assert_fits(phone, what)
    header = phone.locator(".topbar").bounding_box()
    assert header and header["height"] <= 120, f"header {header}"


def test_pass_and_next_opens_the_next_task(page: Page, shots) -> None:
    _, token = register(page, "41018119960303063", "下一位")
    submit_through_api(page, token, "1996-03")
    login(page, UNIT, DEMO_PASSWORD)
    page.goto("/review/inbox?queue=manual")
    names = page.locator("table tbody tr td:nth-child(2)").all_inner_texts()
    assert names[0] == "张伟" and names[-1] == "下一位"  # oldest first
    page.locator("table tbody tr").first.get_by_role("link", name="审核").click()
    expect(page.locator(".decision-bar")).to_be_in_viewport()  # sticky: no scrolling down
    for done, following in itertools.pairwise(names):
        page.get_by_role("button", name="通过并下一条").click()
        expect(page.locator(".alert-success")).to_have_text(f"已通过 {done}")
        expect(page.locator(".decision-bar .card-title")).to_contain_text(following)
        expect(page.locator(".decision-bar")).to_be_in_viewport()
    page.screenshot(path=str(shots / "review-pass-next.png"), full_page=True)
    page.get_by_role("button", name="通过并下一条").click()
    expect(page.locator(".alert-success")).to_have_text(f"已通过 {names[-1]}")
    expect(page.locator(".alert-info")).to_have_text("本队列已全部审核完毕")
    expect(page.locator("table tbody")).to_contain_text("暂无待审核数据")


def test_material_photo_opens_in_a_zoomable_viewer(page: Page) -> None:
    login(page, "410181", DEMO_PASSWORD)  # 巩义市: 赵敏 waits at the county
    page.goto("/review/inbox?queue=manual")
    page.locator("table tbody tr", has_text="赵敏").get_by_role("link", name="审核").click()
    page.locator(".gallery a[data-zoom]").first.click()
    viewer = page.locator(".image-viewer")
    expect(viewer).to_be_visible()
    level = viewer.locator("[data-zoom-level]")
    expect(level).to_have_text("100%")
    page.keyboard.press("+")
    expect(level).to_have_text("125%")
    page.keyboard.press("-")
    page.keyboard.press("-")
    expect(level).to_have_text("80%")
    viewer.get_by_role("button", name="旋转90°（R）").click()
    image = viewer.locator("img")
    expect(image).to_have_attribute(
        "style", "transform: translate(0px, 0px) scale(0.8) rotate(90deg);"
    )
    box = viewer.locator(".image-viewer-stage").bounding_box()
    assert box
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 140, box["y"] + 130)
    page.mouse.up()
    expect(image).to_have_attribute(
        "style", "transform: translate(40px, 30px) scale(0.8) rotate(90deg);"
    )
    page.keyboard.press("Escape")
    expect(viewer).to_be_hidden()
    assert page.url.endswith(tuple("0123456789"))  # still on the task page
