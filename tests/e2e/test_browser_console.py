"""Behaviour of the console that only a browser shows: an opinion typed on a task survives a
session that ended meanwhile (login, back to the task, the text put back), and 退回本人 asks
once more before it is sent."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
TOWN = "410181002"  # 巩义市北山口镇政府: 王强 waits at the unit
OPINION = "请补充近三年的工作证明，并核对参加工作时间。"


def open_task(page: Page, name: str) -> None:
    page.goto("/review/inbox")
    page.locator("table tbody tr", has_text=name).get_by_role("link", name="审核").click()


def test_the_typed_opinion_survives_an_expired_session(page: Page) -> None:
    login(page, TOWN, DEMO_PASSWORD)
    open_task(page, "王强")
    task_url = page.url
    page.locator(".decision-bar textarea[name=comment]").fill(OPINION)
    page.context.clear_cookies()  # the session ends while the reviewer writes
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".decision-bar").get_by_role("button", name="退回本人").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator(".alert-error")).to_contain_text("登录已过期")
    page.fill("input[name=username]", TOWN)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(task_url)
    expect(page.locator(".decision-bar textarea[name=comment]")).to_have_value(OPINION)


def test_return_to_the_applicant_is_confirmed(page: Page) -> None:
    login(page, TOWN, DEMO_PASSWORD)
    open_task(page, "王强")
    page.locator(".decision-bar textarea[name=comment]").fill(OPINION)
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator(".decision-bar").get_by_role("button", name="退回本人").click()
    expect(page.locator(".decision-bar")).to_be_visible()  # dismissed: nothing was sent
    assert questions and "退回本人" in questions[0] and "王强" in questions[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".decision-bar").get_by_role("button", name="退回本人").click()
    expect(page.locator(".alert-success")).to_contain_text("王强")
