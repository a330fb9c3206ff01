"""专家审查 in a real browser: a declarant's expert application waits at the unit; the unit's
handler opens 专家审查 from the menu (with its badge) and passes it on to the leader."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from tests.e2e.pages import DEMO_PASSWORD, login
from tests.e2e.test_browser_titles import NEW_PASSWORD, Client, _reviewer

pytestmark = pytest.mark.browser
UNIT = "410181001001"


@pytest.fixture(scope="module")
def expert_case(live_url) -> str:
    admin = Client(live_url, UNIT, DEMO_PASSWORD)
    handler = _reviewer(admin, live_url, "handler")
    first17 = "41018119750301888"
    number = first17 + check_digit(first17)
    created = admin.call("post", "/api/title/declarants", {"id_number": number, "name": "孙专家"})
    assert created.status_code == 201, created.text
    declarant = Client(live_url, number, number[-6:])
    form = {
        "series": "health",
        "specialty": "骨科",
        "title": "主任医师",
        "title_level": "senior",
        "phone": "13912345678",
    }
    applied = declarant.call("post", "/api/title/experts", form)
    assert applied.status_code == 201, applied.text
    submitted = declarant.call("post", f"/api/title/experts/{applied.json()['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    return handler


def test_handler_passes_an_expert_application(page: Page, expert_case, shots):
    login(page, expert_case, NEW_PASSWORD)
    page.locator(".menu").get_by_role("link", name=re.compile("专家审查")).click()
    task = page.locator(".plan-task", has_text="孙专家")
    expect(task).to_contain_text("骨科")
    expect(task).to_contain_text("经办人审查")
    page.screenshot(path=str(shots / "expert_review.png"), full_page=True)
    task.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已通过")
    expect(page.locator(".card").first).to_contain_text("暂无待审查的专家申报")
