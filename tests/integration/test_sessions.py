"""Sessions and tokens end together: logout, password change, reset and deactivation end every
web session and API token of the user (issue 7, item 4).
"""

from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import UNIT

NEW_PASSWORD = "Fresh#2026gy"


def web_login(app, username, password=DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def logged_in(client) -> bool:
    response = client.get("/")  # 首页 for staff, a redirect to their page for others
    return response.status_code == 200 or "/login" not in response.headers.get("Location", "/login")


def with_cookie_of(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def reviewer(app, api, name="rmyy_r"):
    """A unit reviewer who has set their own password; returns the user id."""
    created = api.post(
        "/api/users", as_=UNIT, json={"username": name, "name": "审", "org_code": UNIT}
    )
    api.login(name, app.config["DEFAULT_PASSWORD"])
    changed = api.post(
        "/api/auth/password",
        as_=name,
        json={"old_password": app.config["DEFAULT_PASSWORD"], "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204
    return created.get_json()["id"]


def test_a_copied_session_cookie_dies_with_logout(app):
    browser = web_login(app, UNIT)
    copy = with_cookie_of(app, browser)
    assert logged_in(copy)
    browser.post("/logout")
    assert not logged_in(browser) and not logged_in(copy)


def test_logout_on_the_web_also_ends_the_users_api_tokens(app, api):
    token = api.login(UNIT)
    web_login(app, UNIT).post("/logout")
    stale = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert stale.status_code == 401


def test_a_password_changed_through_the_api_ends_the_web_session(app, api):
    browser = web_login(app, UNIT)
    changed = api.post(
        "/api/auth/password",
        json={"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD},
        as_=UNIT,
    )
    assert changed.status_code == 204
    assert not logged_in(browser)


def test_the_web_password_changer_stays_in_while_every_other_session_ends(app, api):
    token = api.login(UNIT)
    browser, other_browser = web_login(app, UNIT), web_login(app, UNIT)
    response = browser.post(
        "/password", data={"old_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in(browser)
    assert not logged_in(other_browser)
    stale = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert stale.status_code == 401


def test_deactivation_and_reset_end_the_web_session(app, api):
    user_id = reviewer(app, api)
    browser = web_login(app, "rmyy_r", NEW_PASSWORD)
    assert api.post(f"/api/users/{user_id}/reset-password", as_=UNIT).status_code == 200
    assert not logged_in(browser)

    user_id = reviewer(app, api, "rmyy_r2")
    browser = web_login(app, "rmyy_r2", NEW_PASSWORD)
    disabled = api.patch(f"/api/users/{user_id}", as_=UNIT, json={"name": "审", "active": False})
    assert disabled.status_code == 200
    assert not logged_in(browser)


def test_api_logout_ends_this_and_every_other_token_and_session(app, api):
    first, second = api.login(UNIT), api.login(UNIT)
    browser = web_login(app, UNIT)
    out = api.client.post("/api/auth/logout", headers={"Authorization": f"Bearer {first}"})
    assert out.status_code == 204
    for token in (first, second):
        me = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401
    assert not logged_in(browser)
    assert api.client.post("/api/auth/logout").status_code == 401
    assert api.login(UNIT)  # logging in again works


def test_web_sessions_are_permanent_with_a_lifetime(app):
    client = app.test_client()
    response = client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600
