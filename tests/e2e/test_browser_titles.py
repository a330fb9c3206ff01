"""审查推荐 in a real browser: a handler passes a declaration from 首页待办, the leader of the
same unit finds it there next and returns it with a reason the page insists on."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from handlers.idcard import check_digit
from handlers.titles.vocabulary import TITLE_SECTION_LABELS
from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
UNIT = "410181001001"
NEW_PASSWORD = "Title@2026x"
DEFAULT_PASSWORD = "Henan@123"


class Client:
    """The JSON API of the live server, as one account."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base
        answer = requests.post(
            f"{base}/api/auth/login", json={"username": username, "password": password}, timeout=10
        )
        assert answer.status_code == 200, answer.text
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        if answer.json()["must_change_password"]:
            changed = self.call(
                "post",
                "/api/auth/password",
                {"old_password": password, "new_password": NEW_PASSWORD},
            )
            assert changed.status_code == 204, changed.text
            self.__init__(base, username, NEW_PASSWORD)

    def call(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        return requests.request(
            method, f"{self.base}{path}", json=body, headers=self.headers, timeout=10
        )


def _reviewer(admin: Client, live_url: str, role: str) -> str:
    username = f"title_{role}"
    created = admin.call(
        "post", "/api/users", {"org_code": UNIT, "username": username, "name": f"{role}甲"}
    )
    assert created.status_code == 201, created.text
    # The handler may see every section, so its pass needs nobody else's 审查通过; the leader
    # only two (a return needs no section reviewed).
    sections = list(TITLE_SECTION_LABELS) if role == "handler" else ["basic", "papers"]
    body = {"role": role, "series": ["health"], "sections": sections}
    granted = admin.call("put", f"/api/title/reviewers/{created.json()['id']}", body)
    assert granted.status_code == 200, granted.text
    Client(live_url, username, DEFAULT_PASSWORD)  # first login: the initial password goes
    return username


@pytest.fixture(scope="module")
def title_case(live_url) -> dict[str, str]:
    admin = Client(live_url, UNIT, DEMO_PASSWORD)
    staff = {role: _reviewer(admin, live_url, role) for role in ("handler", "leader")}
    first17 = "41018119880501777"
    number = first17 + check_digit(first17)
    created = admin.call("post", "/api/title/declarants", {"id_number": number, "name": "钱医生"})
    assert created.status_code == 201, created.text
    declarant = Client(live_url, number, number[-6:])
    form = {
        "series": "health",
        "specialty": "儿科",
        "level": "intermediate",
        "sections": {"basic": {"姓名": "钱医生"}, "papers": [{"题目": "儿童哮喘的随访"}]},
    }
    declaration = declarant.call("post", "/api/title/declarations", form)
    assert declaration.status_code == 201, declaration.text
    path = f"/api/title/declarations/{declaration.json()['id']}"
    assert declarant.call("post", f"{path}/submit").status_code == 200
    return {**staff, "declarant": number, "path": path}


def test_handler_passes_and_leader_returns_with_a_reason(page: Page, title_case, shots, live_url):
    login(page, title_case["handler"], NEW_PASSWORD)
    page.get_by_role("link", name=re.compile("首页待办")).click()
    row = page.locator("table tbody tr", has_text="钱医生")
    expect(row).to_contain_text("儿科")
    expect(row).to_contain_text("经办人审查")
    row.get_by_role("link", name="审查").click()
    expect(page.locator(".card").first).to_contain_text("儿童哮喘的随访")
    page.screenshot(path=str(shots / "title_task.png"), full_page=True)
    page.get_by_role("button", name="通过", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已通过")
    expect(page.locator("table tbody")).to_contain_text("暂无待办事项")

    page.context.clear_cookies()
    login(page, title_case["leader"], NEW_PASSWORD)
    page.get_by_role("link", name=re.compile("首页待办")).click()
    page.locator("table tbody tr", has_text="钱医生").get_by_role("link", name="审查").click()
    expect(page.locator("h1, .topbar")).to_contain_text("负责人审查")
    page.get_by_role("button", name="退回修改").click()  # no reason yet: stopped in the page
    expect(page.locator("[data-comment-missing]")).to_have_text("退回修改须填写原因")
    page.fill("textarea[name=comment]", "请补充继续教育学时证明")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator(".alert-success")).to_contain_text("已退回修改")
    assert questions == ["确定对 钱医生 作出“退回修改”的决定吗？"]

    declarant = Client(live_url, title_case["declarant"], NEW_PASSWORD)
    mine = declarant.call("get", title_case["path"]).json()["declaration"]
    assert mine["status"] == "returned" and mine["return_reason"] == "请补充继续教育学时证明"
