"""The console at 1366x768, the commonest office screen: every page of every staff kind's menu
fits the width (no sideways scrolling, neither the page nor a table inside it) and no table
cell is squeezed under two characters; a task opens with its photos in view above a compact
decision bar. Set LAYOUT_SHOTS=<folder> to keep a screenshot of every page measured."""

from __future__ import annotations

import json
import os

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 1366, 768
STAFF = ("410000", "410100", "410181", "410181001", "410181001001", "410181002", "policy")
LONG_SITE = "郑州市职业技能鉴定中心第二考点（郑东新区综合实训基地北楼）"

MEASURE = """() => {
  const wide = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth) wide.push(`page ${root.scrollWidth}px`);
  for (const box of document.querySelectorAll("main *")) {
    const style = getComputedStyle(box);
    if (!["auto", "scroll"].includes(style.overflowX) || !box.offsetParent) continue;
    if (box.scrollWidth > box.clientWidth + 1) wide.push(`${box.className} ${box.scrollWidth}>${box.clientWidth}px`);
  }
  const narrow = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (!cell.offsetParent) continue;
    const text = cell.innerText.trim();
    if ([...text].length < 2) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 2 * parseFloat(style.fontSize) - 0.5) narrow.push(`${text.slice(0, 12)}: ${inner}px`);
  }
  return {wide, narrow};
}"""


@pytest.fixture()
def desk(browser: Browser, live_url: str):
    context = browser.new_context(
        base_url=live_url, viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def tickets(live_url: str, browser: Browser) -> None:
    """A ticket with a long site name on 准考证管理 (the list that scrolled 1,537 px)."""
    context = browser.new_context(base_url=live_url)
    request = context.request
    token = request.post(
        "/api/auth/login", data={"username": "410100", "password": DEMO_PASSWORD}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    created = request.post(
        "/api/exam-sessions",
        headers=auth,
        data={"trade": "收银员", "grade": 3, "exam_date": "2026-06-20", "site": LONG_SITE,
              "rooms": 2, "seats_per_room": 30},
    )
    assert created.status == 201, created.text()
    assigned = request.post(
        "/api/tickets/assign", headers=auth, data={"session_id": created.json()["id"]}
    )
    assert assigned.status == 201, assigned.text()
    context.close()


def menu_pages(page: Page) -> list[str]:
    hrefs = page.locator(".menu a.menu-item").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h and "#" not in h))


@pytest.mark.usefixtures("tickets")
@pytest.mark.parametrize("username", STAFF)
def test_every_menu_page_fits_1366_pixels(desk: Page, username: str) -> None:
    login(desk, username, DEMO_PASSWORD)
    expect(desk.locator(".menu")).to_be_visible()
    problems = {}
    for path in ["/", "/profile", *menu_pages(desk)]:
        desk.goto(path)
        desk.wait_for_load_state("networkidle")  # lists the page's script fills in too
        found = desk.evaluate(MEASURE)
        if os.environ.get("LAYOUT_SHOTS"):
            desk.screenshot(path=f"{os.environ['LAYOUT_SHOTS']}/{username}{path.replace('/', '_').replace('?', '_')}.png", full_page=True)
        if found["wide"] or found["narrow"]:
            problems[path] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_a_task_opens_with_its_photos_above_a_compact_decision_bar(desk: Page) -> None:
    login(desk, "410181001001", DEMO_PASSWORD)
    desk.goto("/review/inbox")
    desk.locator("table tbody tr", has_text="张伟").get_by_role("link", name="审核").click()
    desk.wait_for_load_state("load")
    if os.environ.get("LAYOUT_SHOTS"):
        desk.screenshot(path=f"{os.environ['LAYOUT_SHOTS']}/task.png")
    bar = desk.locator(".decision-bar").bounding_box()
    assert bar is not None and bar["height"] <= 0.12 * HEIGHT, bar
    photo = desk.locator(".gallery img").first.bounding_box()
    assert photo is not None and photo["y"] + photo["height"] <= bar["y"], (photo, bar)
    expect(desk.locator(".decision-bar textarea[name=comment]")).to_be_visible()
    expect(desk.locator(".decision-bar").get_by_role("button", name="通过", exact=True)).to_be_visible()
