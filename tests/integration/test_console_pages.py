"""The console's small things a clerk meets every day: the unit with its 市/县区, 首页 and
个人信息, confirmations, an expired session that keeps the way back to the task, 审核要点
whose basis agrees with its verdict, the message per status, dates and cameras."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, User
from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task
from tests.integration.title_helpers import FORM, NEW_PASSWORD, add_declarant
from tests.integration.title_helpers import UNIT as TITLE_UNIT

TOWN = "410181002"  # 巩义市北山口镇政府: a unit straight under the county


def web_login(app, username: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def tag(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    assert found, pattern
    return found.group(0)


def test_the_review_page_shows_the_unit_with_its_city_and_county(app, api, applicant_factory):
    applicant_factory(TOWN).apply_and_submit()
    task = only_task(api, TOWN)
    page = web_login(app, TOWN).get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "郑州市 巩义市 巩义市北山口镇政府（410181002）" in page


def test_staff_land_on_a_home_page_with_their_pending_counts(app, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    client = web_login(app, UNIT)
    home = client.get("/")
    assert home.status_code == 200
    page = home.get_data(as_text=True)
    assert "待办事项" in page and "常用功能" in page
    tile = tag(page, r'<a class="tile[^"]*" href="/review/inbox\?queue=manual">[\s\S]*?</a>')
    assert '<span class="tile-count">1</span>' in tile and "人工审核" in tile
    assert 'href="/profile">个人信息</a>' in page  # the top right, as the seed's manual says


def test_profile_shows_the_account_and_saves_the_phone(app):
    client = web_login(app, COUNTY)
    page = client.get("/profile").get_data(as_text=True)
    assert "郑州市 巩义市" in page and 'action="/password"' in page
    saved = client.post("/profile", data={"phone": "13800001111"})
    assert saved.status_code == 302
    with app.app_context():
        user = db.session.scalars(select(User).where(User.username == COUNTY)).one()
        assert user.phone == "13800001111"
    refused = client.post("/profile", data={"phone": "12"})
    assert refused.status_code == 422 and "手机号" in refused.get_data(as_text=True)


def test_submit_bulk_pass_and_return_ask_for_confirmation(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_with_photos()
    applicant_page = web_login(app, applicant.id_number, "Secret123").get("/me")
    form = tag(applicant_page.get_data(as_text=True), r'<form[^>]*action="/me/submit"[^>]*>')
    assert "data-confirm=" in form
    applicant.submit()
    task = only_task(api, UNIT)
    page = web_login(app, UNIT).get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    returning = tag(page, r'<button[^>]*value="return"[^>]*>')
    assert "data-confirm=" in returning
    county = web_login(app, COUNTY).get("/review/inbox?queue=auto").get_data(as_text=True)
    bulk = tag(county, r"<button[^>]*>批量通过</button>")
    assert "data-confirm=" in bulk


def test_a_decision_sent_after_the_session_ended_returns_to_the_task(
    app, make_app, api, applicant_factory
):
    applicant_factory(UNIT).apply_and_submit()
    task = only_task(api, UNIT)
    task_path = f"/review/tasks/{task['id']}"
    referer = {"Referer": f"http://localhost{task_path}"}
    # no session at all (the cookie expired): the login page, then back to the task page
    expired = app.test_client().post(task_path, data={"action": "pass"}, headers=referer)
    assert expired.status_code == 302
    assert unquote(expired.headers["Location"]).endswith(f"/login?next={task_path}")
    # the same with CSRF on: the token has no session to match; logging in is the way on
    csrf_app = make_app(SECRET_KEY="k" * 32, PASSWORD_HASH="pbkdf2:sha256:1000")
    refused = csrf_app.test_client().post(task_path, data={"action": "pass"}, headers=referer)
    assert refused.status_code == 302
    assert unquote(refused.headers["Location"]).endswith(f"/login?next={task_path}")
    client = app.test_client()
    back = client.post(
        f"/login?next={task_path}", data={"username": UNIT, "password": DEMO_PASSWORD}
    )
    assert back.headers["Location"] == task_path


def test_checklist_basis_agrees_with_the_verdict(app, api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()  # nothing in the 往年合格库: manual review
    for org in (UNIT, SUPERVISING):
        act(api, org, "pass")
    task = only_task(api, COUNTY)
    page = web_login(app, COUNTY).get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    items = re.findall(r'<li class="(ok|fail)">([\s\S]*?)</li>', page)
    assert items
    for verdict, text in items:
        basis = re.search(r"依据：([^<]*)", text).group(1)
        if verdict == "ok":
            assert "无相符记录" not in basis or "未能核实" in basis, basis
    by_label = {re.sub(r"\s+", "", t).split("符合")[0]: t for _, t in items}
    years = next(t for k, t in by_label.items() if "现等级取得年限" in k)
    assert "✓" in years and "依据：报名信息所填现等级（往年合格库无相符记录，未能核实）" in years
    match = next(t for k, t in by_label.items() if "往年合格库一致" in k)
    assert "✗" in match and "依据：往年合格库无与报名信息相符的记录" in match


@pytest.mark.parametrize(
    ("status", "note"),
    [
        ("under_review", "审核期间不能修改"),
        ("approved", "报名已终审通过，报名信息不能再修改"),
        ("rejected", "报名审核不通过，报名信息不能再修改"),
    ],
)
def test_a_locked_application_says_why_for_its_status(app, applicant_factory, status, note):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    with app.app_context():
        db.session.get(Application, applicant.application_id).status = status
        db.session.commit()
    page = web_login(app, applicant.id_number, "Secret123").get("/me").get_data(as_text=True)
    assert note in page
    if status != "under_review":
        assert "审核期间不能修改" not in page


def test_photo_inputs_open_the_right_camera(app, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    page = web_login(app, applicant.id_number, "Secret123").get("/me").get_data(as_text=True)
    assert 'capture="user"' in tag(page, r'<input[^>]*name="photo"[^>]*>')
    assert 'capture="environment"' in tag(page, r'<input[^>]*name="id_photo"[^>]*>')


def test_the_declarant_form_writes_the_date_as_year_month_day(app, api):
    declarant = add_declarant(api, TITLE_UNIT)
    created = api.post("/api/title/declarations", json=FORM, as_=declarant)
    assert created.status_code == 201, created.get_json()
    client = web_login(app, declarant, NEW_PASSWORD)
    page = client.get(f"/title/mine/{created.get_json()['id']}").get_data(as_text=True)
    date_input = tag(page, r'<input[^>]*name="current_title_date"[^>]*>')
    assert 'type="text"' in date_input and 'value="2019-07-01"' in date_input
    assert 'pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}"' in date_input
