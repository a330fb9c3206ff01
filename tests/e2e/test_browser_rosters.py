"""名册 in a real browser: a county admin ticks rows of the 终审通过名册 / 报名信息查询 and
downloads them as PDF; only the ticked people are printed, every page with its header.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
ZHONGMU = "410122"


def pdf_text(path: str) -> list[str]:
    # pypdf reads fpdf2's Identity CMap one byte at a time: drop the NULs between glyphs
    return [page.extract_text().replace("\x00", "") for page in PdfReader(path).pages]


def test_ticked_rows_download_as_a_pdf(page: Page, shots) -> None:
    login(page, ZHONGMU, DEMO_PASSWORD)
    page.locator(".menu").get_by_role("link", name="终审通过名册").click()
    expect(page.locator("table tbody tr", has_text="吴刚")).to_be_visible()
    page.locator(".menu").get_by_role("link", name="报名信息查询").click()
    for name in ("孙磊", "吴刚"):
        page.get_by_role("checkbox", name=f"选择 {name}").check()
    page.screenshot(path=str(shots / "rosters-ticked.png"), full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="导出PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pages = pdf_text(download.path())
    text = "".join(pages)
    assert "孙磊" in text and "吴刚" in text and "周芳" not in text and "刘洋" not in text
    assert all("身份证号" in p and f"共{len(pages)}页" in p for p in pages)
