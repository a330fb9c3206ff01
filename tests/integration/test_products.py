"""Each product looks like itself (issue 19, item 6): the title platform's people land on its
首页待办 under its own name, the exam's staff see no title entry, and no account's menu shows
an entry twice. Every demo account of ``flask seed-demo --with-titles`` (the README's table)
logs in."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.conftest import DEMO_PASSWORD

EXAM_STAFF = (
    "410000",
    "410100",
    "410181",
    "410122",
    "410181001",
    "410181001001",
    "410181002",
    "410122001",
)
TITLE_STAFF = tuple(
    f"{code}-{role}"
    for code in ("410181001001", "410181001", "410181", "410100")
    for role in ("jb", "fz")
)
DECLARANTS = ("410181198604120035", "410181197805120061")
APPLICANTS = (
    "410181199003150014",
    "410181198807200027",
    "41018119850512003X",
    "410181199211080049",
    "410122199101010015",
    "410181197902030025",
    "410122198306150033",
    "410122198709090047",
    "410122199204120057",
)
DEMO_ACCOUNTS = (*EXAM_STAFF, "policy", *TITLE_STAFF, *DECLARANTS, *APPLICANTS)
EXAM_NAME, TITLE_NAME = "河南省工考报名审核系统", "河南省职称管理服务平台"
TITLE_PAGES = ("/title", "/org/")


@pytest.fixture()
def demo(app):
    """The demo of both products, as ``make run`` seeds it."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo", "--with-titles"])
        assert result.exit_code == 0, result.output
        db.session.remove()
    return app


def landing(app, username: str) -> tuple[str, str]:
    """(the path the account lands on, that page) after logging in."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    page = client.get("/", follow_redirects=True)
    assert page.status_code == 200, username
    return page.request.path, page.get_data(as_text=True)


def menu(page: str) -> list[tuple[str, str]]:
    """(label, href) of every entry of the sidebar."""
    nav = re.search(r'<nav class="menu">(.*?)</nav>', page, re.S)
    assert nav, "no menu"
    entries = re.findall(r'<a href="([^"]*)" class="menu-item[^"]*">([^<]*)', nav.group(1))
    return [(label.strip(), href) for href, label in entries]


def title_and_brand(page: str) -> tuple[str, str]:
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    brand = re.search(r'<div class="brand">(.*?)</div>', page, re.S).group(1)
    return title.strip(), brand.strip()


def test_each_account_lands_on_its_products_home_under_its_name(demo):
    path, page = landing(demo, "410181001001-jb")  # a title handler: 首页待办
    assert path == "/title/tasks"
    assert title_and_brand(page) == (f"首页待办 - {TITLE_NAME}", "职称管理服务平台")
    assert ("首页待办", "/title/tasks") in menu(page)
    assert not [href for _, href in menu(page) if href.startswith("/review")]

    path, page = landing(demo, "410181001001")  # the exam's unit admin: its 首页
    assert path == "/"
    assert title_and_brand(page) == (f"首页 - {EXAM_NAME}", "工考报名审核")
    assert menu(page)[0] == ("首页", "/")
    assert [entry for entry in menu(page) if entry[1].startswith(TITLE_PAGES)] == []
    assert "职称审查推荐" not in page

    assert title_and_brand(landing(demo, DECLARANTS[0])[1])[0].endswith(TITLE_NAME)
    assert title_and_brand(landing(demo, APPLICANTS[0])[1])[0].endswith(EXAM_NAME)
    path, page = landing(demo, "policy")  # process governance, in the exam system's console
    assert path == "/governance/library"
    assert title_and_brand(page)[0].endswith(EXAM_NAME)


def test_every_demo_account_logs_in_and_sees_no_entry_twice(demo):
    twice = {}
    for username in DEMO_ACCOUNTS:
        _, page = landing(demo, username)
        labels = [label for label, _ in menu(page)]
        assert labels, username
        twice[username] = sorted({label for label in labels if labels.count(label) > 1})
    assert {username: labels for username, labels in twice.items() if labels} == {}
