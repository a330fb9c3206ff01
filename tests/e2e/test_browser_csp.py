"""The console works under its Content-Security-Policy: no page trips it, and the confirm
dialogs (once inline onsubmit= handlers) still guard resets and deletions.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser

PAGES = ["/review/inbox", "/admin/orgs", "/admin/users", "/applications", "/password"]


def test_pages_run_under_the_csp_and_confirm_before_a_reset(page: Page) -> None:
    violations: list[str] = []

    def watch(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", watch)
    login(page, "410181", DEMO_PASSWORD)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
    assert violations == []

    page.goto("/admin/users")
    questions: list[str] = []
    resets: list[str] = []
    page.on("request", lambda r: resets.append(r.url) if "reset-password" in r.url else None)

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    reset = page.locator("form[data-confirm]", has_text="重置密码").first
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    reset.get_by_role("button", name="重置密码").click()
    page.wait_for_timeout(500)  # time enough for a submission that should not happen
    assert resets == []
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    reset.get_by_role("button", name="重置密码").click()
    expect(page.locator(".alert-success")).to_contain_text("密码已重置为初始密码")
    assert len(resets) == 1
    assert len(questions) == 2 and all(re.match(r"确定将 \d+ 的密码重置", q) for q in questions)
    assert violations == []
