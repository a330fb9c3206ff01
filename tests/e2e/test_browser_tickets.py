"""准考证管理 in the browser: a city admin defines a session, assigns the approved applicant and
opens printing; the applicant then prints their ticket (a PDF download with their name)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
WU_GANG = "410122199204120057"  # approved 收银员 三级 in the demo data


def test_applicant_prints_own_ticket_in_the_window(page: Page) -> None:
    login(page, "410100", DEMO_PASSWORD)
    page.locator(".menu").get_by_role("link", name="考场设置").click()
    page.fill("input[name=trade]", "收银员")
    page.select_option("select[name=grade]", "3")
    page.fill("input[name=exam_date]", "2026-06-20")
    page.fill("input[name=site]", "郑州市职业技能鉴定中心")
    page.fill("input[name=rooms]", "2")
    page.get_by_role("button", name="添加").click()
    expect(page.locator(".alert-success")).to_contain_text("已添加考试场次")
    page.get_by_role("button", name="按报名顺序全部编排（1人）").click()
    expect(page.locator(".alert-success")).to_have_text("已编排1人，生成准考证号")
    beijing = datetime.now(UTC) + timedelta(hours=8)
    page.fill("input[name=opens_at]", (beijing - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=closes_at]", (beijing + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="开放打印准考证").click()
    expect(page.locator(".alert-success")).to_have_text("已设置开放打印准考证时间")
    page.get_by_role("button", name="退出").click()

    login(page, WU_GANG, DEMO_PASSWORD)
    card = page.locator(".ticket-card")
    expect(card).to_contain_text("收银员")
    with page.expect_download() as download_info:
        card.get_by_role("button", name="打印准考证").click()
    download = download_info.value
    assert download.suggested_filename.startswith("ticket-")
    reader = PdfReader(download.path())
    text = "".join(p.extract_text() for p in reader.pages).replace("\x00", "")
    assert len(reader.pages) == 1 and "吴刚" in text
