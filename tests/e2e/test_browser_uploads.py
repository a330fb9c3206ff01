"""A file over the upload limit is refused in the browser, before anything is sent."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login, png

pytestmark = pytest.mark.browser
TOO_LARGE = "文件过大：单个文件不能超过5MB"


def test_too_large_file_is_refused_before_submit_and_the_page_is_kept(page: Page) -> None:
    login(page, "410181002", DEMO_PASSWORD)  # 北山口镇政府: 陈静's grade-1 review waits here
    page.locator(".menu").get_by_role("link", name=re.compile("^高级技师审核")).click()
    page.locator("table tbody tr", has_text="陈静").get_by_role("link", name="审核").click()
    task_url = page.url
    page.fill("textarea[name=remark]", "已核对，待补交")
    form = page.locator("form", has=page.locator("select[name=kind]"))
    file_input = form.locator("input[name=file]")
    big = {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"0" * (6 * 1024 * 1024)}
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.method))
    file_input.set_input_files(big)
    form.get_by_role("button", name="上传").click()
    assert file_input.evaluate("input => input.validationMessage") == TOO_LARGE
    assert "POST" not in requests and page.url == task_url
    expect(page.locator("textarea[name=remark]")).to_have_value("已核对，待补交")

    file_input.set_input_files(png((90, 90, 200)))  # a file within the limit goes through
    assert file_input.evaluate("input => input.validationMessage") == ""
    form.locator("select[name=kind]").select_option("salary_sheet")
    form.get_by_role("button", name="上传").click()
    expect(page.locator(".alert-success")).to_have_text("最近工资审批表已上传")


def test_files_chosen_together_must_fit_the_limit_together(page: Page) -> None:
    """The server's body limit is per request, so two 3 MB files are refused as a pair."""
    id_number, password = _applicant_with_a_draft(page)
    login(page, id_number, password)
    three_mb = {"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"0" * (3 << 20)}
    page.set_input_files("input[name=grade_cert]", three_mb)
    other = page.locator("input[name=other]")
    other.set_input_files(three_mb)
    assert other.evaluate("input => input.validationMessage") == "所选文件合计超过5MB，请分次上传"
    other.set_input_files([])
    assert other.evaluate("input => input.validationMessage") == ""


def _applicant_with_a_draft(page: Page) -> tuple[str, str]:
    """Register an applicant and save a draft through the API (the form itself is covered by
    test_browser)."""
    from handlers.idcard import check_digit
    from tests.conftest import VALID_FORM

    first17 = "41018119930101077"  # born 1993-01, male
    id_number, password = first17 + check_digit(first17), "Secret123"
    registered = page.request.post(
        "/api/applicants/register",
        data={
            "id_number": id_number,
            "name": "上传测试",
            "phone": "13912345678",
            "password": password,
            "org_code": "410181001001",
        },
    )
    assert registered.status == 201, registered.text()
    token = page.request.post(
        "/api/auth/login", data={"username": id_number, "password": password}
    ).json()["token"]
    created = page.request.post(
        "/api/applications",
        data={**VALID_FORM, "birth_month": "1993-01"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status == 201, created.text()
    return id_number, password
