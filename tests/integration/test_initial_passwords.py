"""One initial password per kind of account (handlers/initial_passwords.py), through the API
and the pages on both databases: each kind is created, logs in with the initial password the
pages state, is held to the forced change, changes it and logs in with the new one; the
configured passwords are the ones stated and used."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.config import ConfigError
from handlers.idcard import check_digit
from tests.conftest import DEMO_PASSWORD

PROVINCE, COUNTY, UNIT = "410000", "410181", "410181001001"
NEW_PASSWORD = "Xinmima#2026"
ORG = {"code": "410181005", "name": "巩义市第三人民医院", "level": "unit", "parent_code": COUNTY}


def id_number(seq: int, check_x: bool = False) -> str:
    """A valid ID number of 巩义市; with ``check_x`` one whose check character is X."""
    for n in range(seq, seq + 1000):
        first17 = f"41018119850301{n % 1000:03d}"
        if (check_digit(first17) == "X") == check_x:
            return first17 + check_digit(first17)
    raise AssertionError("no such ID number")


def exam_org(api) -> str:
    assert api.post("/api/orgs", as_=COUNTY, json=ORG).status_code == 201
    return ORG["code"]


def title_org(api) -> str:
    body = {**ORG, "cert_print_name": "巩义市第三人民医院"}
    assert api.post("/api/orgs", as_=COUNTY, json=body).status_code == 201
    return ORG["code"]


def initialised_org_admin(api) -> str:
    assert api.post(f"/api/orgs/{UNIT}/admin/init-password", as_=COUNTY).status_code == 200
    return UNIT


def reset_org_admin(api) -> str:
    users = api.get("/api/users", as_=COUNTY).get_json()
    admin_id = next(u["id"] for u in users if u["username"] == UNIT)
    assert api.post(f"/api/users/{admin_id}/reset-password", as_=COUNTY).status_code == 200
    return UNIT


def reviewer(api) -> str:
    body = {"username": "rmyy_new", "name": "新审核员", "org_code": UNIT}
    assert api.post("/api/users", as_=UNIT, json=body).status_code == 201
    return "rmyy_new"


def reset_reviewer(api) -> str:
    name = reviewer(api)
    first_login(api, name, api.client.application.config["DEFAULT_PASSWORD"])
    users = api.get("/api/users", as_=UNIT).get_json()
    user_id = next(u["id"] for u in users if u["username"] == name)
    assert api.post(f"/api/users/{user_id}/reset-password", as_=UNIT).status_code == 200
    return name


def policy(api) -> str:
    body = {"username": "zc_new", "name": "政策", "org_code": PROVINCE, "role": "policy"}
    assert api.post("/api/users", as_=PROVINCE, json=body).status_code == 201
    return "zc_new"


def supplementary(api) -> str:
    number = id_number(100)
    body = {"id_number": number, "name": "补报人员", "org_code": UNIT}
    assert api.post("/api/supplementary", as_=COUNTY, json=body).status_code == 201
    return number


def declarant(api) -> str:
    number = id_number(200, check_x=True)
    body = {"id_number": number, "name": "申报人"}
    assert api.post("/api/title/declarants", as_=UNIT, json=body).status_code == 201
    return number


KINDS: dict[str, tuple[Callable, str]] = {
    "exam org admin": (exam_org, "org_admin"),
    "title org admin": (title_org, "org_admin"),
    "初始化密码": (initialised_org_admin, "org_admin"),
    "org admin reset": (reset_org_admin, "org_admin"),
    "reviewer": (reviewer, "staff"),
    "reviewer reset": (reset_reviewer, "staff"),
    "policy": (policy, "staff"),
    "补报 applicant": (supplementary, "supplementary"),
    "declarant": (declarant, "declarant"),
}
STATED = {
    "org_admin": lambda config, _: config["ORG_INITIAL_PASSWORD"],
    "staff": lambda config, _: config["DEFAULT_PASSWORD"],
    "supplementary": lambda config, _: config["DEFAULT_PASSWORD"],
    "declarant": lambda _, login: login[-6:].upper(),
}


def first_login(api, username: str, password: str) -> None:
    """Log in with ``password``: only the change is allowed, then the new password works."""
    response = api.client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, (username, response.get_json())
    assert response.get_json()["must_change_password"] is True
    token = {"Authorization": f"Bearer {response.get_json()['token']}"}
    held = api.client.get("/api/applications", headers=token)
    assert held.status_code == 403 and held.get_json()["error"] == "password_change_required"
    changed = api.client.post(
        "/api/auth/password",
        headers=token,
        json={"old_password": password, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204, changed.get_json()
    again = api.client.post(
        "/api/auth/login", json={"username": username, "password": NEW_PASSWORD}
    )
    assert again.status_code == 200 and again.get_json()["must_change_password"] is False


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_logs_in_with_its_initial_password_into_the_forced_change(app, api, kind):
    create, rule = KINDS[kind]
    login = create(api)
    password = STATED[rule](app.config, login)
    if rule == "declarant":
        assert password.endswith("X")  # upper-case, as the seed says
    first_login(api, login, password)


def web_client(app, username: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_the_pages_state_the_rule_and_a_new_org_logs_in_with_what_they_say(app, api):
    county = web_client(app, COUNTY)
    orgs_page = county.get("/admin/orgs").get_data(as_text=True)
    assert "初始密码为000000（六个0）" in orgs_page and "初始化为000000（六个0）" in orgs_page
    created = county.post("/admin/orgs", data=ORG, follow_redirects=True).get_data(as_text=True)
    assert "初始密码 000000（六个0）" in created  # an exam org: the same rule as a title org
    assert "000000（六个0）" in county.get("/admin/users").get_data(as_text=True)
    assert "Henan@123" in county.get("/admin/users").get_data(as_text=True)
    assert "初始密码Henan@123" in county.get("/review/supplementary").get_data(as_text=True)
    unit = web_client(app, UNIT)
    declarants = unit.get("/title/people/declarants").get_data(as_text=True)
    assert "初始密码为证件号后6位（末尾X大写）" in declarants

    new_admin = web_client(app, ORG["code"], "000000")
    assert new_admin.get("/").headers["Location"].endswith("/password")
    assert "您正在使用初始密码" in new_admin.get("/password").get_data(as_text=True)


def test_configured_initial_passwords_are_the_ones_stated_and_used(make_app):
    configured = make_app(
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        PASSWORD_HASH="pbkdf2:sha256:1000",
        ORG_INITIAL_PASSWORD="Danwei#01",
        DEFAULT_PASSWORD="Shenhe#02",
        SUPPLEMENTARY_INITIAL_PASSWORD="Bubao#03",
        DECLARANT_INITIAL_PASSWORD="Shenbao#04",
    )
    from tests.conftest import Api

    api = Api(configured.test_client())
    for create, password in (
        (exam_org, "Danwei#01"),
        (reviewer, "Shenhe#02"),
        (supplementary, "Bubao#03"),
        (declarant, "Shenbao#04"),
    ):
        first_login(api, create(api), password)
    county = web_client(configured, COUNTY)
    assert "初始密码为Danwei#01" in county.get("/admin/orgs").get_data(as_text=True)
    assert "初始密码Bubao#03" in county.get("/review/supplementary").get_data(as_text=True)


@pytest.mark.parametrize(
    "overrides",
    [{"ORG_INITIAL_PASSWORD": ""}, {"DEFAULT_PASSWORD": "x" * 129}, {"DECLARANT_INITIAL_PASSWORD": "a\nb"}],
)
def test_an_initial_password_the_login_would_refuse_stops_the_service(make_app, overrides):
    with pytest.raises(ConfigError):
        make_app(TESTING=True, **overrides)
