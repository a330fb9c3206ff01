"""准考证管理 through the HTTP API on both databases: sessions, assignment, numbers unique under
concurrent generation, the printing window, print history, the PDF, and org scope."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.integration.helpers import COUNTY

CITY, PROVINCE, OTHER_COUNTY = "410100", "410000", "410122"
DIRECT_UNIT = "410181002"  # unit -> county: the shortest way to final approval
OTHER_UNIT = "410122001"  # 中牟县人民医院, unit -> county
SESSION = {
    "trade": "护理员",
    "grade": 3,
    "exam_date": "2026-06-20",
    "exam_time": "09:00-11:00",
    "site": "郑州市职业技能鉴定中心",
    "rooms": 2,
    "seats_per_room": 30,
    "notes": "携带2B铅笔",
}


def approve(api, application_id: int, orgs: tuple[str, ...]) -> None:
    """Pass the application at each org in turn through the review API."""
    for org in orgs:
        tasks = api.get("/api/tasks?per_page=100", as_=org).get_json()["items"]
        task = next(t for t in tasks if t["application_id"] == application_id)
        done = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=org)
        assert done.status_code == 200, done.get_json()


def approved_applicants(api, applicant_factory, count: int, unit: str = DIRECT_UNIT) -> list:
    county = COUNTY if unit == DIRECT_UNIT else OTHER_COUNTY
    people = []
    for _ in range(count):
        person = applicant_factory(unit, name="考生")
        person.apply_and_submit()
        approve(api, person.application_id, (unit, county))
        people.append(person)
    return people


def new_session(api, as_: str = CITY, **overrides) -> dict:
    created = api.post("/api/exam-sessions", json={**SESSION, **overrides}, as_=as_)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def open_window(api, session_id: int, start: timedelta, end: timedelta, as_: str = CITY):
    now = datetime.now(UTC)
    return api.client.put(
        f"/api/exam-sessions/{session_id}/print-window",
        json={"opens_at": (now + start).isoformat(), "closes_at": (now + end).isoformat()},
        headers=api._headers(as_),
    )


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    return len(reader.pages), text


def test_only_province_and_city_admins_define_sessions(api):
    for org in (COUNTY, "410181001001"):
        refused = api.post("/api/exam-sessions", json=SESSION, as_=org)
        assert refused.status_code == 403, refused.get_json()
    session = new_session(api)
    assert session["org_code"] == CITY and session["print_opens_at"] is None
    assert [s["id"] for s in api.get("/api/exam-sessions", as_=COUNTY).get_json()] == [session["id"]]
    assert api.get("/api/exam-sessions", as_=OTHER_COUNTY).get_json() != []  # the same city
    bad = api.post("/api/exam-sessions", json={**SESSION, "rooms": 0}, as_=CITY)
    assert bad.status_code == 422 and "rooms" in bad.get_json()["fields"]


def test_assign_all_numbers_seats_and_pattern(api, applicant_factory):
    people = approved_applicants(api, applicant_factory, 3)
    session = new_session(api, seats_per_room=2)
    assigned = api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    assert assigned.status_code == 201, assigned.get_json()
    tickets = assigned.get_json()
    assert [t["application_id"] for t in tickets] == [p.application_id for p in people]
    year = session["year"] % 100
    assert [t["number"] for t in tickets] == [f"{year:02d}0181{n:06d}" for n in (1, 2, 3)]
    assert [(t["room"], t["seat"]) for t in tickets] == [(1, 1), (1, 2), (2, 1)]
    again = api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    assert again.status_code == 201 and again.get_json() == []  # numbers are stable
    chosen = api.post(
        "/api/tickets/assign",
        json={"session_id": session["id"], "application_ids": [people[0].application_id]},
        as_=CITY,
    )
    assert chosen.status_code == 422 and "已有准考证" in chosen.get_json()["message"]
    own = api.get(f"/api/applications/{people[0].application_id}/ticket", as_=people[0].id_number)
    assert own.status_code == 200 and own.get_json()["number"] == tickets[0]["number"]


def test_manual_choice_refuses_other_trades_and_unapproved(api, applicant_factory):
    pending = applicant_factory(DIRECT_UNIT)
    pending.apply_and_submit()
    session = new_session(api)
    refused = api.post(
        "/api/tickets/assign",
        json={"session_id": session["id"], "application_ids": [pending.application_id]},
        as_=CITY,
    )
    assert refused.status_code == 422, refused.get_json()
    county = api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=COUNTY)
    assert county.status_code == 403


def test_concurrent_assignment_never_duplicates_a_number(app, api, applicant_factory):
    people = approved_applicants(api, applicant_factory, 6)
    session = new_session(api)
    token = api.tokens.get(CITY) or api.login(CITY)
    barrier = threading.Barrier(len(people), timeout=30)
    answers: list = []

    def assign(application_id: int) -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(
            client.post(
                "/api/tickets/assign",
                json={"session_id": session["id"], "application_ids": [application_id]},
                headers={"Authorization": f"Bearer {token}"},
            )
        )

    threads = [threading.Thread(target=assign, args=(p.application_id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(a.status_code == 201 for a in answers), [a.get_json() for a in answers]
    listed = api.get("/api/tickets?per_page=100", as_=CITY).get_json()["items"]
    numbers = [row["number"] for row in listed]
    seats = [(row["room"], row["seat"]) for row in listed]
    assert len(numbers) == len(set(numbers)) == len(people)
    assert len(set(seats)) == len(people)
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, len(people) + 1))


def test_printing_only_inside_the_window_and_recorded(api, applicant_factory):
    person = approved_applicants(api, applicant_factory, 1)[0]
    session = new_session(api)
    api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    url = f"/api/applications/{person.application_id}/ticket/print"

    closed = api.post(url, as_=person.id_number)
    assert closed.status_code == 409 and "尚未开放打印" in closed.get_json()["message"]
    assert open_window(api, session["id"], timedelta(days=1), timedelta(days=3)).status_code == 200
    early = api.post(url, as_=person.id_number)
    assert early.status_code == 409
    assert "开放打印时间为" in early.get_json()["message"] and "北京时间" in early.get_json()["message"]
    backwards = open_window(api, session["id"], timedelta(days=1), timedelta(days=-1))
    assert backwards.status_code == 422
    assert open_window(api, session["id"], -timedelta(days=3), -timedelta(days=1)).status_code == 200
    assert api.post(url, as_=person.id_number).status_code == 409
    history = api.get(f"/api/applications/{person.application_id}/ticket/prints", as_=COUNTY)
    assert history.get_json() == []

    assert open_window(api, session["id"], -timedelta(hours=1), timedelta(days=1)).status_code == 200
    printed = api.post(url, as_=person.id_number)
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    pages, text = pdf_text(printed.data)
    assert pages == 1 and person.name in text and "准考证" in text
    assert "2026年6月20日 09:00-11:00" in text  # the date as a document writes it
    assert api.post(url, as_=COUNTY).status_code == 200
    history = api.get(f"/api/applications/{person.application_id}/ticket/prints", as_=COUNTY)
    assert [p["user"] for p in history.get_json()] == [person.name, "巩义市管理员"]
    row = api.get("/api/tickets", as_=COUNTY).get_json()["items"][0]
    assert row["printed"] is True and row["print_window"] == "已开放"
    assert row["region"] == "郑州市" and row["unit"] == "巩义市北山口镇政府"


def test_batch_pdf_has_two_tickets_per_page(api, applicant_factory):
    people = approved_applicants(api, applicant_factory, 3)
    session = new_session(api)
    api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    open_window(api, session["id"], -timedelta(hours=1), timedelta(days=1))
    ids = [p.application_id for p in people]
    batch = api.post("/api/tickets/print", json={"application_ids": ids}, as_=COUNTY)
    assert batch.status_code == 200, batch.get_json()
    pages, text = pdf_text(batch.data)
    assert pages == 2 and all(p.name in text for p in people)
    listed = api.get("/api/tickets?printed=true", as_=COUNTY).get_json()
    assert listed["total"] == 3


@pytest.mark.parametrize("outsider", [OTHER_COUNTY, OTHER_UNIT])
def test_another_county_cannot_list_or_print(api, applicant_factory, outsider):
    person = approved_applicants(api, applicant_factory, 1)[0]
    session = new_session(api)
    api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    open_window(api, session["id"], -timedelta(hours=1), timedelta(days=1))
    assert api.get("/api/tickets", as_=outsider).get_json()["total"] == 0
    assert api.get("/api/tickets", as_=COUNTY).get_json()["total"] == 1
    one = api.post(f"/api/applications/{person.application_id}/ticket/print", as_=outsider)
    assert one.status_code == 404
    batch = api.post(
        "/api/tickets/print", json={"application_ids": [person.application_id]}, as_=outsider
    )
    assert batch.status_code == 404
    prints = api.get(f"/api/applications/{person.application_id}/ticket/prints", as_=outsider)
    assert prints.status_code == 404
    assert api.get(f"/api/applications/{person.application_id}/ticket/prints", as_=COUNTY).get_json() == []


def test_an_applicant_prints_only_their_own(api, applicant_factory):
    first, second = approved_applicants(api, applicant_factory, 2)
    session = new_session(api)
    api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    open_window(api, session["id"], -timedelta(hours=1), timedelta(days=1))
    other = api.post(f"/api/applications/{second.application_id}/ticket/print", as_=first.id_number)
    assert other.status_code == 404
    assert api.get("/api/tickets", as_=first.id_number).status_code == 403


def web_login(app, username: str, password: str = "Demo@2026"):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def test_pages_define_assign_open_and_print(app, api, applicant_factory):
    person = approved_applicants(api, applicant_factory, 1)[0]
    city = web_login(app, CITY)
    menu = city.get("/tickets").get_data(as_text=True)
    assert "准考证管理" in menu and "考场设置" in menu
    created = city.post(
        "/tickets/sessions",
        data={**{k: str(v) for k, v in SESSION.items()}, "exam_date": "2026-06-20"},
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:500]
    session_url = created.headers["Location"]
    page = city.get(session_url).get_data(as_text=True)
    assert person.name in page and "未开放" in page
    assert city.post(f"{session_url}/assign", data={"all": "1"}).status_code == 302
    now = datetime.now(UTC) + timedelta(hours=8)  # the inputs are Beijing time
    window = {
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert city.post(f"{session_url}/window", data=window).status_code == 302
    assert "已开放" in city.get(session_url).get_data(as_text=True)

    county = web_login(app, COUNTY)
    listing = county.get("/tickets").get_data(as_text=True)
    for header in ("准考证号", "地区", "报考岗位等级", "开始考试日期", "打印准考证", "打印历史"):
        assert header in listing
    assert person.name in listing and "未打印" in listing
    assert county.get("/tickets/sessions").status_code == 403
    printed = county.post("/tickets/print", data={"application_ids": str(person.application_id)})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert person.name in pdf_text(printed.data)[1]
    history = county.get(f"/tickets/{person.application_id}/prints").get_data(as_text=True)
    assert "巩义市管理员" in history

    applicant = web_login(app, person.id_number, "Secret123")
    own = applicant.get("/me").get_data(as_text=True)
    assert "打印准考证" in own
    mine = applicant.post(f"/tickets/mine/{person.application_id}/print")
    assert mine.status_code == 200 and mine.mimetype == "application/pdf"
    assert applicant.get("/tickets").status_code == 403


def test_page_print_outside_window_says_when(app, api, applicant_factory):
    person = approved_applicants(api, applicant_factory, 1)[0]
    session = new_session(api)
    api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    open_window(api, session["id"], timedelta(days=1), timedelta(days=2))
    county = web_login(app, COUNTY)
    refused = county.post(
        "/tickets/print", data={"application_ids": str(person.application_id)}, follow_redirects=True
    )
    assert "开放打印时间为" in refused.get_data(as_text=True)
