"""Seasons (年度/批次): two seasons of data, and every list, roster, record, statistic, ticket
list and export shows one season only, the current one unless ``season`` names another;
closing a season puts its applications into 历史报名数据查询; one application per applicant and
season; province admins open and close seasons, one open at a time even when two try at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import unquote

import pytest

from app.extensions import db
from tests.conftest import DEMO_PASSWORD, VALID_FORM, Api
from tests.integration.exporting import add_approved, xlsx_rows
from tests.integration.helpers import COUNTY, UNIT, act

PROVINCE, CITY = "410000", "410100"


@dataclass(frozen=True)
class TwoSeasons:
    old: int  # 2026年度, closed
    new: int  # 2027年度, current
    old_applicant: object
    new_applicant: object


def _current(api: Api) -> int:
    return api.get("/api/seasons", as_=PROVINCE).get_json()["current_id"]


def _next_season(api: Api, year: int) -> int:
    """The province admin closes the current season and opens ``year``'s."""
    closed = api.post(f"/api/seasons/{_current(api)}/close", as_=PROVINCE)
    assert closed.status_code == 200, closed.get_json()
    opened = api.post("/api/seasons", as_=PROVINCE, json={"year": year})
    assert opened.status_code == 201, opened.get_json()
    return opened.get_json()["id"]


def _exam_session_with_tickets(api: Api) -> None:
    """A province exam session of 护理员 四级 for the current season, every approved
    applicant of that trade and grade seated."""
    created = api.post(
        "/api/exam-sessions",
        as_=PROVINCE,
        json={"trade": "护理员", "grade": 4, "exam_date": "2027-06-20", "site": "省考场",
              "rooms": 1, "seats_per_room": 30},
    )
    assert created.status_code == 201, created.get_json()
    assigned = api.post("/api/tickets/assign", as_=PROVINCE, json={"session_id": created.get_json()["id"]})
    assert assigned.status_code in (200, 201), assigned.get_json()


@pytest.fixture()
def two_seasons(app, api, applicant_factory) -> TwoSeasons:
    """2026: one submitted application the unit passed and two approved ones (旧年度名册)
    with tickets; then 2027: the same for another applicant, one approved (新年度名册)."""
    old_applicant = applicant_factory(UNIT, name="旧年度")
    old_applicant.apply_and_submit(declared_grade=4, current_grade=5)
    assert act(api, UNIT, "pass").status_code == 200
    with app.app_context():
        add_approved(2, name="旧年度名册")
    _exam_session_with_tickets(api)
    old = _current(api)
    new = _next_season(api, 2027)
    new_applicant = applicant_factory(UNIT, name="新年度")
    new_applicant.apply_and_submit(declared_grade=4, current_grade=5)
    assert act(api, UNIT, "pass").status_code == 200
    with app.app_context():
        add_approved(1, name="新年度名册")
        db.session.remove()
    _exam_session_with_tickets(api)
    return TwoSeasons(old, new, old_applicant, new_applicant)


def _names(body: dict, key: str = "name") -> set[str]:
    return {item[key] for item in body["items"]}


def test_lists_rosters_and_records_show_one_season_current_by_default(api, two_seasons):
    s = two_seasons
    new_names = {s.new_applicant.name, "新年度名册0"}
    old_names = {s.old_applicant.name, "旧年度名册0", "旧年度名册1"}
    assert _names(api.get("/api/applications", as_=COUNTY).get_json()) == new_names
    query = api.get(f"/api/applications?season={s.old}", as_=COUNTY).get_json()
    assert _names(query) == old_names
    assert {i["season_id"] for i in query["items"]} == {s.old}
    final = api.get("/api/applications?roster=final", as_=COUNTY).get_json()
    assert _names(final) == {"新年度名册0"}
    old_final = api.get(f"/api/applications?roster=final&season={s.old}", as_=COUNTY).get_json()
    assert _names(old_final) == {"旧年度名册0", "旧年度名册1"}

    records = api.get("/api/tasks/records?action=pass", as_=UNIT).get_json()
    assert {t["application_id"] for t in records["items"]} == {s.new_applicant.application_id}
    old_records = api.get(f"/api/tasks/records?action=pass&season={s.old}", as_=UNIT).get_json()
    assert {t["application_id"] for t in old_records["items"]} == {s.old_applicant.application_id}

    # the inbox is open work: every season's unless narrowed
    waiting = api.get("/api/tasks", as_="410181001").get_json()
    assert {t["application_id"] for t in waiting["items"]} == {
        s.old_applicant.application_id, s.new_applicant.application_id
    }
    narrowed = api.get(f"/api/tasks?season={s.new}", as_="410181001").get_json()
    assert {t["application_id"] for t in narrowed["items"]} == {s.new_applicant.application_id}

    assert api.get("/api/applications?season=999999", as_=COUNTY).status_code == 404


def test_exports_hold_one_season_and_name_it(api, two_seasons):
    s = two_seasons
    response = api.get("/api/applications/export?roster=final&format=xlsx", as_=COUNTY)
    assert response.status_code == 200
    assert "终审通过名册（2027年度）" in unquote(response.headers["Content-Disposition"])
    names = [row[1] for row in xlsx_rows(response.data)[1:]]
    assert names == ["新年度名册0"]
    old = api.get(f"/api/applications/export?roster=final&format=xlsx&season={s.old}", as_=COUNTY)
    assert "终审通过名册（2026年度）" in unquote(old.headers["Content-Disposition"])
    assert sorted(row[1] for row in xlsx_rows(old.data)[1:]) == ["旧年度名册0", "旧年度名册1"]
    pdf = api.get(f"/api/applications/export?roster=final&format=pdf&season={s.old}", as_=COUNTY)
    assert pdf.status_code == 200 and "2026年度" in unquote(pdf.headers["Content-Disposition"])

    records = api.get(f"/api/tasks/records/export?action=pass&season={s.old}", as_=UNIT)
    assert "审核通过（2026年度）" in unquote(records.headers["Content-Disposition"])
    assert [row[1] for row in xlsx_rows(records.data)[1:]] == [s.old_applicant.name]

    trades = api.get(f"/api/statistics/trades?season={s.old}&format=xlsx", as_=COUNTY)
    assert "按工种统计（2026年度）" in unquote(trades.headers["Content-Disposition"])


def test_statistics_and_tickets_are_per_season(api, two_seasons):
    s = two_seasons
    new = api.get("/api/statistics/trades", as_=COUNTY).get_json()
    assert (new["season_id"], new["season_name"], new["year"]) == (s.new, "2027年度", 2027)
    assert new["totals"]["registered"]["total"] == 2  # 新年度 + 新年度名册0
    old = api.get(f"/api/statistics/trades?season={s.old}", as_=COUNTY).get_json()
    assert old["totals"]["registered"]["total"] == 3
    by_year = api.get("/api/statistics/units?year=2026", as_=COUNTY).get_json()
    assert by_year["season_id"] == s.old and by_year["totals"]["registered"]["total"] == 3
    assert api.get("/api/statistics/units?year=2019", as_=COUNTY).status_code == 404

    tickets = api.get("/api/tickets", as_=PROVINCE).get_json()
    assert {t["name"] for t in tickets["items"]} == {"新年度名册0"}
    old_tickets = api.get(f"/api/tickets?season={s.old}", as_=PROVINCE).get_json()
    assert {t["name"] for t in old_tickets["items"]} == {"旧年度名册0", "旧年度名册1"}


def test_a_closed_season_appears_in_the_history_query(api, applicant_factory):
    person = applicant_factory(UNIT, name="往年")
    person.apply_and_submit()
    drafted = applicant_factory(UNIT, name="草稿")
    drafted.apply()
    assert api.get("/api/history?source=system", as_=COUNTY).get_json()["total"] == 0
    _next_season(api, 2027)
    body = api.get("/api/history", as_=COUNTY).get_json()
    [row] = body["items"]  # submitted only: the draft never registered
    assert (row["name"], row["exam_year"], row["source"], row["source_label"]) == (
        person.name, 2026, "system", "本系统"
    )
    assert row["status_label"] == "审核中" and row["trade"] == "护理员"
    assert row["exam_category"] == "三级" and row["gender"] == "男"
    assert row["id_number"] == person.id_number[:3] + "*****" + person.id_number[-4:]
    assert api.get("/api/history?source=imported", as_=COUNTY).get_json()["total"] == 0
    assert api.get("/api/history", as_="410122").get_json()["total"] == 0  # another county
    export = api.get("/api/history/export", as_=COUNTY)
    [header, line] = xlsx_rows(export.data)
    assert header[-2:] == ("来源", "审核状态") and line[2] == person.id_number
    assert line[-2:] == ("本系统", "审核中")


def test_one_application_per_applicant_and_season(api, applicant_factory):
    person = applicant_factory(UNIT, name="两年")
    person.apply()
    first = person.application_id
    again = api.post("/api/applications", json=VALID_FORM, as_=person.id_number)
    assert again.status_code == 409
    current = _current(api)
    assert api.post(f"/api/seasons/{current}/close", as_=PROVINCE).status_code == 200
    # between seasons: nothing to join, and the closed season's form is archived
    assert api.post("/api/applications", json=VALID_FORM, as_=person.id_number).status_code == 409
    edit = api.patch(f"/api/applications/{first}", json={"phone": "13900000000"}, as_=person.id_number)
    assert edit.status_code == 409 and "已结束" in edit.get_json()["message"]
    assert api.post("/api/seasons", as_=PROVINCE, json={"year": 2027}).status_code == 201
    person.apply()
    assert person.application_id != first
    detail = api.get(f"/api/applications/{person.application_id}", as_=COUNTY).get_json()
    assert detail["year"] == 2027


def test_only_province_admins_manage_seasons_one_open_at_a_time(api):
    current = _current(api)
    assert api.post(f"/api/seasons/{current}/close", as_=CITY).status_code == 403
    assert api.post("/api/seasons", as_=COUNTY, json={"year": 2027}).status_code == 403
    second = api.post("/api/seasons", as_=PROVINCE, json={"year": 2027})
    assert second.status_code == 409 and second.get_json()["fields"] == {"product": "已有进行中的年度，请先结束它"}
    assert api.post(f"/api/seasons/{current}/close", as_=PROVINCE).status_code == 200
    assert api.post(f"/api/seasons/{current}/close", as_=PROVINCE).status_code == 409
    assert api.post(f"/api/seasons/{current}/reopen", as_=PROVINCE).status_code == 200
    title = api.post("/api/seasons", as_=PROVINCE, json={"product": "title", "year": 2026})
    assert title.status_code == 201  # the title platform keeps its own seasons
    listed = api.get("/api/seasons?product=title", as_=UNIT).get_json()
    assert listed["current_id"] == title.get_json()["id"]
    assert [s["name"] for s in listed["items"]] == ["2026年度"]


def test_two_admins_opening_a_season_at_once_open_one(app, api):
    """The partial unique index decides between concurrent requests, on both databases."""
    current = _current(api)
    assert api.post(f"/api/seasons/{current}/close", as_=PROVINCE).status_code == 200
    token = api.login(PROVINCE)
    barrier = threading.Barrier(4)
    statuses: list[int] = []

    def open_one(year: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(
            "/api/seasons", json={"year": year}, headers={"Authorization": f"Bearer {token}"}
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=open_one, args=(2027 + i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409, 409, 409]
    items = api.get("/api/seasons", as_=PROVINCE).get_json()["items"]
    assert sum(s["status"] == "open" for s in items) == 1


def test_pages_choose_the_season(client, api, two_seasons):
    s = two_seasons
    client.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    page = client.get("/applications").get_data(as_text=True)
    assert s.new_applicant.name in page and s.old_applicant.name not in page
    assert f'<option value="{s.new}" selected>2027年度（进行中）</option>' in page
    assert f'<option value="{s.old}">2026年度</option>' in page
    old = client.get(f"/applications?season={s.old}").get_data(as_text=True)
    assert s.old_applicant.name in old and s.new_applicant.name not in old
    assert f'name="season" value="{s.old}"' in old  # the export keeps the season shown
    roster = client.get(f"/applications/export?roster=final&format=xlsx&season={s.old}")
    assert sorted(row[1] for row in xlsx_rows(roster.data)[1:]) == ["旧年度名册0", "旧年度名册1"]
    stats = client.get("/review/statistics/trades").get_data(as_text=True)
    assert "2027年度" in stats
    assert client.get(f"/review/statistics/trades?season={s.old}&format=xlsx").status_code == 200
    history = client.get("/history?source=system").get_data(as_text=True)
    assert s.old_applicant.name in history and "本系统" in history
    assert s.new_applicant.name not in history


def test_season_admin_page(app, client, api):
    client.post("/login", data={"username": PROVINCE, "password": DEMO_PASSWORD})
    page = client.get("/admin/seasons").get_data(as_text=True)
    assert "年度管理" in page and "2026年度" in page and "结束年度" in page
    current = _current(api)
    closed = client.post(f"/admin/seasons/{current}/close", follow_redirects=True)
    assert "已结束2026年度" in closed.get_data(as_text=True)
    opened = client.post("/admin/seasons", data={"product": "exam", "year": "2027"},
                         follow_redirects=True)
    assert "已开启工考报名2027年度" in opened.get_data(as_text=True)
    refused = client.post("/admin/seasons", data={"product": "exam", "year": "2028"})
    assert refused.status_code == 422
    county = app.test_client()
    county.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    assert county.get("/admin/seasons").status_code == 403


def test_a_new_title_plan_defaults_to_the_title_season_year(api, client):
    """The title platform's plans are per year: a plan form starts on its current season's."""
    assert api.post("/api/seasons", as_=PROVINCE, json={"product": "title", "year": 2031}).status_code == 201
    client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    page = client.get("/title/plans/new").get_data(as_text=True)
    assert 'value="2031"' in page
