"""Page helpers shared by the browser tests: log in, make an image, fill the application form."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page

DEMO_PASSWORD = "Demo@2026"


def login(page: Page, username: str, password: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def png(color: tuple[int, int, int]) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), color).save(buffer, format="PNG")
    return {"name": "photo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def fill_application_form(
    page: Page,
    *,
    gender: str,
    birth_month: str,
    education: str,
    work_start: str,
    current_grade: str,
    trade: str,
    grade_year: str,
    declared_grade: str,
) -> None:
    """The base fields of the 报名信息 form (same trade declared as held)."""
    page.check(f"input[name=gender][value={gender}]")
    page.fill("input[name=birth_month]", birth_month)
    page.select_option("select[name=education]", education)
    page.fill("input[name=work_start]", work_start)
    page.select_option("select[name=current_grade]", current_grade)
    page.fill("input[name=current_trade]", trade)
    page.fill("input[name=current_grade_year]", grade_year)
    page.fill("input[name=declared_trade]", trade)
    page.select_option("select[name=declared_grade]", declared_grade)
    page.check("input[name=prohibited][value=no]")


ROOT = Path(__file__).resolve().parents[2]


def screenshot(page: Page, shots: Path, name: str, full_page: bool = False) -> None:
    """Into the run's screenshot folder, or docs/screenshots/ when asked to refresh them."""
    folder = ROOT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else shots
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=full_page)
