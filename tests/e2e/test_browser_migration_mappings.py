"""实例迁移 with a mapping: v2 renames 主管单位审核 (review_supervising -> review_sup2); the dry
run refuses the instance waiting there and offers the mapping, which the page adds to the
plan; the next dry run moves it and 执行迁移 does."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login
from tests.e2e.test_browser_governance import no_script_errors  # noqa: F401

pytestmark = pytest.mark.browser


def deploy_renamed(page: Page) -> None:
    """Through the API with the page's own token: v2 with the task renamed everywhere."""
    token = page.locator("#gov").get_attribute("data-api-token")
    headers = {"Authorization": f"Bearer {token}"}
    text = page.request.get("/api/definitions/files/manual_review.bpmn", headers=headers).json()
    renamed = re.sub(r"\breview_supervising\b", "review_sup2", text["content"])
    draft = page.request.post(
        "/api/drafts", headers=headers, data={"file": "manual_review.bpmn", "content": renamed}
    ).json()
    deployed = page.request.post(
        f"/api/drafts/{draft['id']}/deploy", headers=headers, data={"note": "主管单位审核改编号"}
    )
    assert deployed.status == 201, deployed.text()


def test_a_refused_rename_is_mapped_on_the_page_and_migrated(page: Page) -> None:
    login(page, "policy", DEMO_PASSWORD)
    expect(page.locator("#gov")).to_have_attribute("data-ready", "1")
    deploy_renamed(page)

    page.goto("/governance/migrations")
    page.select_option("select[name=process_id]", "registration")
    page.get_by_role("button", name="预演").click()
    waiting = page.locator("#migration-rows tr", has_text="review_supervising")
    expect(waiting).to_contain_text("拒绝")
    waiting.get_by_role("button", name="添加映射 review_supervising → review_sup2").click()
    expect(page.locator("[name=mapping_from]")).to_have_value("review_supervising")
    expect(page.locator("[name=mapping_to]")).to_have_value("review_sup2")

    page.get_by_role("button", name="预演").click()
    expect(waiting).to_contain_text("可迁移")
    expect(waiting).to_contain_text("主管单位审核（review_supervising → review_sup2）")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="执行迁移").click()
    expect(page.locator("#migration-title")).to_have_text("迁移结果")
    expect(waiting).to_contain_text("已迁移")
