"""单位信息维护 through HTTP on both databases: a new org's admin starts on 000000, can do
nothing but onboarding until its superior approves the information it submitted."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditEvent, Org
from tests.integration.onboarding_helpers import INFO, initial_password
from tests.integration.title_helpers import CITY, COUNTY, NEW_PASSWORD, PROVINCE, first_login

NEW = {
    "code": "410181003",
    "name": "巩义市第二人民医院",
    "level": "unit",
    "parent_code": COUNTY,
    "cert_print_name": "巩义市第二人民医院（证书）",
}
TO_FILL = "单位信息尚未审核通过，请先完善并提交单位信息"
WAITING = "单位信息尚未审核通过，等待上级审核"


def _create(api) -> dict:
    created = api.post("/api/orgs", as_=COUNTY, json=NEW)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def _blocked(api, who: str, message: str) -> None:
    for path in ("/api/title/declarants", "/api/orgs", "/api/users"):
        response = api.get(path, as_=who)
        assert response.status_code == 403, (path, response.get_json())
        body = response.get_json()
        assert body["error"] == "org_not_approved" and body["message"] == message


def test_new_org_is_gated_until_its_superior_approves(app, api):
    created = _create(api)
    assert created["onboarding_status"] == "pending"
    assert created["cert_print_name"] == NEW["cert_print_name"]
    # The seed's initial password 000000 logs in, must be changed, and the policy applies.
    login = api.client.post(
        "/api/auth/login", json={"username": NEW["code"], "password": initial_password(api)}
    )
    assert login.status_code == 200 and login.get_json()["must_change_password"] is True
    token = login.get_json()["token"]
    weak = api.client.post(
        "/api/auth/password",
        json={"old_password": "000000", "new_password": "111111"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert weak.status_code == 422 and "new_password" in weak.get_json()["fields"]
    first_login(api, NEW["code"], initial_password(api))

    _blocked(api, NEW["code"], TO_FILL)
    mine = api.get("/api/onboarding", as_=NEW["code"]).get_json()
    assert mine["onboarding_status_label"] == "待完善"
    assert api.get("/api/auth/me", as_=NEW["code"]).status_code == 200

    incomplete = api.post("/api/onboarding/submit", as_=NEW["code"], json={})
    assert incomplete.status_code == 422 and "contact_name" in incomplete.get_json()["fields"]
    bad = api.patch(
        "/api/onboarding", as_=NEW["code"], json={"contact_email": "nope", "version": 1}
    )
    assert bad.status_code == 422 and "contact_email" in bad.get_json()["fields"]
    assert api.patch("/api/onboarding", as_=NEW["code"], json=INFO).status_code == 422
    filled = api.patch("/api/onboarding", as_=NEW["code"], json={**INFO, "version": 1})
    assert filled.status_code == 200, filled.get_json()
    stale = api.post("/api/onboarding/submit", as_=NEW["code"], json={"version": 1})
    assert stale.status_code == 409
    submitted = api.post(
        "/api/onboarding/submit", as_=NEW["code"], json={"version": filled.get_json()["version"]}
    )
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["onboarding_status"] == "submitted"
    _blocked(api, NEW["code"], WAITING)
    version = submitted.get_json()["version"]
    resent = api.patch("/api/onboarding", as_=NEW["code"], json={**INFO, "version": version})
    assert resent.status_code == 409

    # Only the superior decides: the city above sees it but the task is not at the city.
    reviews = api.get("/api/onboarding/reviews", as_=COUNTY).get_json()
    assert [r["org"]["code"] for r in reviews] == [NEW["code"]]
    assert api.get("/api/onboarding/reviews", as_=CITY).get_json() == []
    decision = f"/api/onboarding/orgs/{NEW['code']}/decision"
    assert api.post(decision, as_=CITY, json={"action": "pass"}).status_code == 403
    assert api.post(decision, as_="410122", json={"action": "pass"}).status_code == 404
    assert api.post(decision, as_=NEW["code"], json={"action": "pass"}).status_code == 403
    no_reason = api.post(decision, as_=COUNTY, json={"action": "return"})
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]
    returned = api.post(decision, as_=COUNTY, json={"action": "return", "comment": "地址不全"})
    assert returned.status_code == 200, returned.get_json()

    mine = api.get("/api/onboarding", as_=NEW["code"]).get_json()
    assert mine["onboarding_status"] == "returned" and mine["return_reason"] == "地址不全"
    _blocked(api, NEW["code"], TO_FILL)
    fixed = api.patch(
        "/api/onboarding",
        as_=NEW["code"],
        json={"address": "巩义市新华路1号院", "version": mine["version"]},
    )
    assert fixed.status_code == 200
    again = api.post("/api/onboarding/submit", as_=NEW["code"], json={})
    assert again.status_code == 200 and again.get_json()["onboarding_status"] == "submitted"
    approved = api.post(decision, as_=COUNTY, json={"action": "pass"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["onboarding_status"] == "approved"
    assert api.post(decision, as_=COUNTY, json={"action": "pass"}).status_code == 409

    assert api.get("/api/title/declarants", as_=NEW["code"]).status_code == 200
    assert api.get("/api/users", as_=NEW["code"]).status_code == 200
    with app.app_context():
        org_id = db.session.query(Org.id).filter_by(code=NEW["code"]).scalar()
        trail = [
            action
            for (action,) in db.session.query(AuditEvent.action)
            .filter_by(chain=f"org:{org_id}")
            .order_by(AuditEvent.seq)
        ]
    assert trail == [
        "org_info_update",
        "org_info_submit",
        "return",
        "org_info_update",
        "org_info_submit",
        "pass",
    ]


def test_existing_orgs_are_approved(api):
    for org in (PROVINCE, CITY, COUNTY):
        assert api.get("/api/onboarding", as_=org).get_json()["onboarding_status"] == "approved"


def test_superior_edits_admin_contact_and_initialises_password(app, api):
    _create(api)
    first_login(api, NEW["code"], initial_password(api))
    base = f"/api/orgs/{NEW['code']}/admin"
    edited = api.patch(
        base, as_=COUNTY, json={"name": "李管理", "phone": "13800001111", "email": "li@example.cn"}
    )
    assert edited.status_code == 200, edited.get_json()
    assert edited.get_json()["email"] == "li@example.cn"
    assert api.patch(base, as_=COUNTY, json={"email": "x"}).status_code == 422
    assert api.patch(base, as_="410122", json={"name": "外"}).status_code == 404
    assert api.post(f"{base}/init-password", as_=NEW["code"]).status_code in (403, 404)

    reset = api.post(f"{base}/init-password", as_=COUNTY)
    assert reset.status_code == 200 and reset.get_json()["must_change_password"] is True
    # The old token is dead; 000000 logs in and must be changed.
    assert api.get("/api/onboarding", as_=NEW["code"]).status_code == 401
    login = api.client.post("/api/auth/login", json={"username": NEW["code"], "password": "000000"})
    assert login.status_code == 200 and login.get_json()["must_change_password"] is True
    old = api.client.post(
        "/api/auth/login", json={"username": NEW["code"], "password": NEW_PASSWORD}
    )
    assert old.status_code == 401


def test_an_exam_registration_org_needs_no_onboarding(app, api):
    """Seed 000's orgs have no 单位信息维护: created without a 证书打印单位名称, the org is
    approved at once; its admin starts on the same initial password as every org's admin."""
    exam = {**NEW, "code": "410181004"}
    del exam["cert_print_name"]
    created = api.post("/api/orgs", as_=COUNTY, json=exam)
    assert created.status_code == 201, created.get_json()
    first_login(api, "410181004", app.config["ORG_INITIAL_PASSWORD"])
    assert api.get("/api/users", as_="410181004").status_code == 200
    assert api.get("/api/orgs", as_="410181004").status_code == 200
