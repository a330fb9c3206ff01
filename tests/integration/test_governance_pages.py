"""The 流程管理 pages: who may open them, and the API token each page carries for its script.

The API decides every permission again; these are the page guards and the menu.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import DEMO_PASSWORD

POLICY = "policy"
PROVINCE = "410000"
CITY = "410100"
COUNTY = "410181"
PAGES = (
    "/governance/library",
    "/governance/drafts",
    "/governance/drafts/1",
    "/governance/migrations",
)


def web_login(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_policy_user_lands_on_the_library_and_has_only_the_process_menu(app) -> None:
    client = web_login(app, POLICY)
    assert client.get("/").headers["Location"].endswith("/governance/library")
    page = client.get("/governance/library").get_data(as_text=True)
    for label in ("流程管理", "流程库", "草稿", "实例迁移"):
        assert f">{label}<" in page
    assert "本级审核中" not in page
    assert "政策管理员" in page
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_page_token_is_an_api_token_of_the_viewer(app) -> None:
    client = web_login(app, POLICY)
    page = client.get("/governance/drafts/1").get_data(as_text=True)
    token = re.search(r'data-api-token="([^"]+)"', page).group(1)
    assert 'data-draft-id="1"' in page
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json()["username"] == POLICY
    client.post("/logout")  # logout ends the page's token with the session
    assert (
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_policy_user_cannot_open_review_pages(app) -> None:
    client = web_login(app, POLICY)
    for path in ("/review/inbox", "/review/deferred", "/applications", "/admin/users"):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize("admin", [PROVINCE, CITY])
def test_province_and_city_admins_read_the_library_only(app, admin) -> None:
    client = web_login(app, admin)
    library = client.get("/governance/library")
    assert library.status_code == 200
    text = library.get_data(as_text=True)
    assert 'data-can-edit="0"' in text
    assert "只读" in text
    assert client.get("/review/inbox").status_code == 200  # the menu links the library
    assert ">流程库<" in client.get("/review/inbox").get_data(as_text=True)
    for path in PAGES[1:]:
        assert client.get(path).status_code == 403, path


def test_county_admin_has_no_process_pages(app) -> None:
    client = web_login(app, COUNTY)
    assert "流程管理" not in client.get("/review/inbox").get_data(as_text=True)
    for path in PAGES:
        assert client.get(path).status_code == 403, path


def test_anonymous_visitor_is_sent_to_login(client) -> None:
    response = client.get("/governance/library")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_province_admin_creates_a_policy_account_on_the_users_page(app) -> None:
    client = web_login(app, PROVINCE)
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'name="role"' in page and "政策管理员" in page
    response = client.post(
        "/admin/users",
        data={"username": "policy_web", "name": "流程专员", "org_code": PROVINCE, "role": "policy"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    listing = client.get("/admin/users").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td class=\"mono\">policy_web</td>.*?</tr>", listing, re.S)
    assert row is not None and "政策管理员" in row.group(0)


def test_city_admin_has_no_role_choice_and_cannot_post_one(app) -> None:
    client = web_login(app, CITY)
    assert 'name="role"' not in client.get("/admin/users").get_data(as_text=True)
    response = client.post(
        "/admin/users",
        data={"username": "policy_city", "name": "流程专员", "org_code": CITY, "role": "policy"},
    )
    assert response.status_code == 422
    assert "政策管理员只能由省级管理员" in response.get_data(as_text=True)
