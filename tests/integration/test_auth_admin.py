"""Login, tokens, passwords and system management (orgs and reviewer accounts)."""

from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, UNIT


def login(api, username, password):
    return api.post("/api/auth/login", json={"username": username, "password": password})


def test_admin_logs_in_with_org_code_or_phone(api):
    body = login(api, COUNTY, DEMO_PASSWORD).get_json()
    assert body["must_change_password"] is False and body["user"]["org"]["code"] == COUNTY
    assert login(api, COUNTY, "wrong-password").status_code == 401
    api.patch(
        "/api/orgs/410181002",
        json={"name": "巩义市北山口镇人民政府", "admin_phone": "13700000001"},
        as_=COUNTY,
    )
    by_phone = login(api, "13700000001", DEMO_PASSWORD)
    assert by_phone.status_code == 200 and by_phone.get_json()["user"]["username"] == "410181002"


def test_api_needs_a_valid_token(api):
    assert api.get("/api/tasks").status_code == 401
    response = api.client.get("/api/tasks", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_password_change_revokes_old_tokens(api):
    old_token = api.login(UNIT)
    weak = api.post(
        "/api/auth/password", json={"old_password": DEMO_PASSWORD, "new_password": "abc"}, as_=UNIT
    )
    assert weak.status_code == 422 and "new_password" in weak.get_json()["fields"]
    wrong = api.post(
        "/api/auth/password",
        json={"old_password": "nope1234", "new_password": "NewPass2026"},
        as_=UNIT,
    )
    assert wrong.status_code == 422 and "old_password" in wrong.get_json()["fields"]
    ok = api.post(
        "/api/auth/password",
        json={"old_password": DEMO_PASSWORD, "new_password": "NewPass2026"},
        as_=UNIT,
    )
    assert ok.status_code == 204
    stale = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {old_token}"})
    assert stale.status_code == 401
    assert login(api, UNIT, "NewPass2026").status_code == 200


def test_county_admin_adds_a_unit_whose_admin_must_change_password(app, api):
    created = api.post(
        "/api/orgs",
        as_=COUNTY,
        json={
            "code": "410181003",
            "name": "巩义市第二人民医院",
            "level": "unit",
            "parent_code": COUNTY,
        },
    )
    assert created.status_code == 201, created.get_json()
    body = login(api, "410181003", app.config["ORG_INITIAL_PASSWORD"]).get_json()
    assert body["must_change_password"] is True
    codes = [o["code"] for o in api.get("/api/orgs", as_=COUNTY).get_json()]
    assert "410181003" in codes and "410122" not in codes
    assert api.delete("/api/orgs/410181003", as_=COUNTY).status_code == 204
    assert login(api, "410181003", app.config["ORG_INITIAL_PASSWORD"]).status_code == 401


def test_org_management_is_scoped_and_shaped(api, applicant_factory):
    foreign = api.post(
        "/api/orgs",
        as_=COUNTY,
        json={"code": "410122009", "name": "别县单位", "level": "unit", "parent_code": "410122"},
    )
    assert foreign.status_code == 404
    wrong_level = api.post(
        "/api/orgs",
        as_=COUNTY,
        json={"code": "410181009", "name": "错层级", "level": "city", "parent_code": COUNTY},
    )
    assert wrong_level.status_code == 422 and "level" in wrong_level.get_json()["fields"]
    duplicate = api.post(
        "/api/orgs",
        as_=COUNTY,
        json={"code": UNIT, "name": "重复", "level": "unit", "parent_code": COUNTY},
    )
    assert duplicate.status_code == 409 and "code" in duplicate.get_json()["fields"]
    assert api.delete("/api/orgs/410181001", as_=COUNTY).status_code == 409  # has a child
    assert api.delete(f"/api/orgs/{COUNTY}", as_=COUNTY).status_code == 403  # own org
    assert api.get("/api/orgs", as_=UNIT).status_code == 200
    applicant = applicant_factory(UNIT)
    assert api.get("/api/orgs", as_=applicant.id_number).status_code == 403


def test_reviewer_accounts_lifecycle(app, api):
    created = api.post(
        "/api/users",
        as_=COUNTY,
        json={"username": "gy_reviewer1", "name": "审核员一", "org_code": COUNTY},
    )
    assert created.status_code == 201
    user_id = created.get_json()["id"]
    # a new county reviewer waits for the city admin (seed 3.3.3)
    pending = login(api, "gy_reviewer1", app.config["DEFAULT_PASSWORD"])
    assert pending.status_code == 401 and "审批" in pending.get_json()["message"]
    assert api.post(f"/api/users/{user_id}/approve", as_=COUNTY).status_code == 403
    assert api.post(f"/api/users/{user_id}/approve", as_="410100").status_code == 200
    first = login(api, "gy_reviewer1", app.config["DEFAULT_PASSWORD"]).get_json()
    assert first["must_change_password"] is True and first["user"]["role"] == "reviewer"
    api.tokens["gy_reviewer1"] = first["token"]
    blocked = api.get("/api/tasks", as_="gy_reviewer1")
    assert blocked.status_code == 403
    assert blocked.get_json()["error"] == "password_change_required"
    assert (
        api.post(
            "/api/auth/password",
            as_="gy_reviewer1",
            json={"old_password": app.config["DEFAULT_PASSWORD"], "new_password": "Review2026"},
        ).status_code
        == 204
    )
    api.login("gy_reviewer1", "Review2026")
    assert api.get("/api/tasks", as_="gy_reviewer1").status_code == 200
    assert api.get("/api/users", as_="gy_reviewer1").status_code == 403
    assert (
        api.post(
            "/api/users", as_="410122", json={"username": "x1", "name": "x", "org_code": COUNTY}
        ).status_code
        == 404
    )
    assert api.post(f"/api/users/{user_id}/reset-password", as_="410122").status_code == 404
    reset = api.post(f"/api/users/{user_id}/reset-password", as_=COUNTY)
    assert reset.status_code == 200 and reset.get_json()["must_change_password"] is True
    assert api.get("/api/tasks", as_="gy_reviewer1").status_code == 401  # token revoked
    disabled = api.patch(
        f"/api/users/{user_id}", as_=COUNTY, json={"name": "审核员一", "active": False}
    )
    assert disabled.status_code == 200
    assert login(api, "gy_reviewer1", app.config["DEFAULT_PASSWORD"]).status_code == 401
    assert api.delete(f"/api/users/{user_id}", as_=COUNTY).status_code == 204
    usernames = [u["username"] for u in api.get("/api/users", as_=COUNTY).get_json()]
    assert "gy_reviewer1" not in usernames and UNIT in usernames


def test_reviewer_works_the_same_inbox_as_the_admin(app, api, applicant_factory):
    api.post(
        "/api/users", as_=UNIT, json={"username": "rmyy_r", "name": "医院审核员", "org_code": UNIT}
    )
    api.login("rmyy_r", app.config["DEFAULT_PASSWORD"])
    api.post(
        "/api/auth/password",
        as_="rmyy_r",
        json={"old_password": app.config["DEFAULT_PASSWORD"], "new_password": "Review2026"},
    )
    api.login("rmyy_r", "Review2026")
    applicant_factory(UNIT).apply_and_submit()
    task = api.get("/api/tasks", as_="rmyy_r").get_json()["items"][0]
    done = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_="rmyy_r")
    assert done.status_code == 200
    assert api.get("/api/tasks", as_=UNIT).get_json()["total"] == 0
