"""The pages of 单位信息维护, 下级单位审核 and 单位变动人员管理 (console, Chinese), and the page
gate: an unapproved org's admin is sent to 单位信息维护 with the reason."""

from __future__ import annotations

from tests.conftest import DEMO_PASSWORD
from tests.integration.onboarding_helpers import INFO
from tests.integration.title_helpers import COUNTY, NEW_PASSWORD, UNIT, add_declarant

NEW = {
    "code": "410181003",
    "name": "巩义市第二人民医院",
    "level": "unit",
    "parent_code": COUNTY,
    "cert_print_name": "巩义市第二人民医院",
}


def _web_login(client, username: str, password: str) -> None:
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]


def test_unapproved_admin_is_sent_to_the_info_page_then_works(app, api):
    assert api.post("/api/orgs", as_=COUNTY, json=NEW).status_code == 201
    client = app.test_client()
    _web_login(client, NEW["code"], "000000")
    assert "/password" in client.get("/").headers["Location"]  # the password first
    changed = client.post(
        "/password",
        data={
            "old_password": "000000",
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code in (302, 303)
    _web_login(client, NEW["code"], NEW_PASSWORD)
    gated = client.get("/admin/users", follow_redirects=True)
    page = gated.get_data(as_text=True)
    assert "单位信息维护" in page and "请先完善并提交单位信息" in page
    saved = client.post("/org/info", data={**INFO, "series": ["health"], "version": "1"})
    assert saved.status_code in (302, 303), saved.get_data(as_text=True)[:500]
    info = client.get("/org/info").get_data(as_text=True)
    assert INFO["address"] in info
    version = info.split('name="version" value="')[1].split('"')[0]
    submitted = client.post("/org/info/submit", data={"version": version}, follow_redirects=True)
    assert "等待上级审核" in submitted.get_data(as_text=True)

    county = app.test_client()
    _web_login(county, COUNTY, DEMO_PASSWORD)
    listing = county.get("/org/reviews").get_data(as_text=True)
    assert NEW["name"] in listing and INFO["contact_name"] in listing
    county.post(f"/org/reviews/{NEW['code']}", data={"action": "pass"})
    assert client.get("/admin/users").status_code == 200


def test_transfer_page_requests_and_decides(app, api):
    person = add_declarant(api, name="调动人")
    new_unit = app.test_client()
    _web_login(new_unit, "410181002", DEMO_PASSWORD)
    asked = new_unit.post("/title/transfers", data={"id_number": person}, follow_redirects=True)
    assert "移交申请已提交" in asked.get_data(as_text=True)
    old_unit = app.test_client()
    _web_login(old_unit, UNIT, DEMO_PASSWORD)
    page = old_unit.get("/title/transfers").get_data(as_text=True)
    assert "调动人" in page and "同意" in page
    transfer_id = api.get("/api/title/transfers", as_=UNIT).get_json()[0]["id"]
    done = old_unit.post(
        f"/title/transfers/{transfer_id}", data={"action": "pass"}, follow_redirects=True
    )
    assert "已同意" in done.get_data(as_text=True)


def test_superior_edits_admin_info_and_initialises_password_on_the_orgs_page(app, api):
    county = app.test_client()
    _web_login(county, COUNTY, DEMO_PASSWORD)
    page = county.get("/admin/orgs").get_data(as_text=True)
    assert "管理员信息" in page and "初始化密码" in page and "已通过" in page
    saved = county.post(
        f"/admin/orgs/{UNIT}/admin",
        data={"name": "刘管理", "phone": "13800002222", "email": "liu@example.cn"},
        follow_redirects=True,
    )
    assert "管理员信息已保存" in saved.get_data(as_text=True)
    bad = county.post(f"/admin/orgs/{UNIT}/admin", data={"name": "刘", "email": "x"})
    assert bad.status_code in (302, 303)
    reset = county.post(f"/admin/orgs/{UNIT}/init-password", follow_redirects=True)
    assert "初始化为 000000" in reset.get_data(as_text=True)
    login = api.client.post("/api/auth/login", json={"username": UNIT, "password": "000000"})
    assert login.status_code == 200 and login.get_json()["must_change_password"] is True
    assert login.get_json()["user"]["name"] == "刘管理"
