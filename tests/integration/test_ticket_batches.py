"""准考证 in bulk (issue 9): a batch print above TICKET_INLINE_BATCH runs on the job runner
(checked when queued and again when run, recorded as the user who asked), the list's Excel
export with its filters and scope (audited, a job when large), and 是否升级打印 after a
session is revised. Through HTTP, on both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.exams.services import export_jobs
from app.extensions import db
from app.models import Application, AuditEvent, Job, Ticket, TicketPrint
from app.platform.services import jobs
from tests.integration.exporting import add_approved, xlsx_rows
from tests.integration.helpers import COUNTY
from tests.integration.test_tickets import (
    CITY,
    DIRECT_UNIT,
    OTHER_COUNTY,
    OTHER_UNIT,
    new_session,
    open_window,
    pdf_text,
    web_login,
)

SEED_COLUMNS = (
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "准考证号",
    "地区",
    "单位",
    "报考工种",
    "报考岗位等级",
    "开始考试日期",
    "考场",
    "打印准考证",
    "是否升级打印",
    "准考证状态",  # ours: 有效, or 已作废 with the reason
)


@pytest.fixture()
def small_batches(app, monkeypatch):
    """Batches above 2 tickets and exports above 3 rows become jobs; progress every 2."""
    monkeypatch.setitem(app.config, "TICKET_INLINE_BATCH", 2)
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 3)
    monkeypatch.setattr(export_jobs, "TICKET_PROGRESS_EVERY", 2)


def ticketed(api, count: int, unit: str = DIRECT_UNIT, name: str = "考生", **session) -> dict:
    """``count`` approved applications of ``unit`` with tickets of a new session (as the
    city), its printing window open; the session and the application ids."""
    ids = add_approved(count, unit, trade="护理员", grade=3, name=name)
    exam = new_session(api, **session)
    assigned = api.post("/api/tickets/assign", json={"session_id": exam["id"]}, as_=CITY)
    assert assigned.status_code == 201 and len(assigned.get_json()) == count
    assert open_window(api, exam["id"], -timedelta(hours=1), timedelta(days=1)).status_code == 200
    return {"session": exam, "ids": ids}


def run_jobs(app) -> int:
    return jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config))


def prints_of(ids: list[int]) -> list[TicketPrint]:
    db.session.expire_all()
    query = select(TicketPrint).join(Ticket).where(Ticket.application_id.in_(ids))
    return list(db.session.scalars(query))


def test_a_large_batch_is_a_job_that_prints_and_records(app, api, small_batches, app_context):
    made = ticketed(api, 5)
    ids = made["ids"]
    queued = api.post("/api/tickets/print", json={"application_ids": ids}, as_=COUNTY)
    assert queued.status_code == 202, queued.get_json()
    job = queued.get_json()
    assert job["kind"] == "ticket_print" and job["state"] == "queued"
    assert queued.headers["Location"] == f"/api/jobs/{job['id']}"
    assert prints_of(ids) == []  # nothing printed until the job runs

    assert run_jobs(app) == 1
    done = api.get(f"/api/jobs/{job['id']}", as_=COUNTY).get_json()
    assert done["state"] == "done", done["error"]
    assert done["done"] == done["total"] == 5
    download = api.get(done["download_url"], as_=COUNTY)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    pages, text = pdf_text(download.data)
    names = db.session.scalars(select(Application.name).where(Application.id.in_(ids))).all()
    assert pages == 3 and all(name in text for name in names)

    printed = prints_of(ids)
    assert sorted(p.ticket.application_id for p in printed) == sorted(ids)
    assert {p.user.name for p in printed} == {"巩义市管理员"}
    history = api.get(f"/api/applications/{ids[0]}/ticket/prints", as_=COUNTY).get_json()
    assert [p["user"] for p in history] == ["巩义市管理员"]
    assert api.get("/api/tickets?printed=true", as_=COUNTY).get_json()["total"] == 5
    assert api.get(done["download_url"], as_=CITY).status_code == 404  # the owner's file


def test_a_small_batch_stays_inline(api, small_batches, app_context):
    ids = ticketed(api, 2)["ids"]
    inline = api.post("/api/tickets/print", json={"application_ids": ids}, as_=COUNTY)
    assert inline.status_code == 200 and inline.mimetype == "application/pdf"
    assert db.session.scalar(select(func.count(Job.id))) == 0
    assert len(prints_of(ids)) == 2


def test_a_batch_outside_the_window_is_refused_and_queues_nothing(
    app, api, small_batches, app_context
):
    made = ticketed(api, 4)
    session_id, ids = made["session"]["id"], made["ids"]
    open_window(api, session_id, timedelta(days=1), timedelta(days=2))
    refused = api.post("/api/tickets/print", json={"application_ids": ids}, as_=COUNTY)
    assert refused.status_code == 409 and "开放打印时间为" in refused.get_json()["message"]
    assert db.session.scalar(select(func.count(Job.id))) == 0

    # queued while open, the window closed before the worker ran it: refused then too
    open_window(api, session_id, -timedelta(hours=1), timedelta(days=1))
    job = api.post("/api/tickets/print", json={"application_ids": ids}, as_=COUNTY).get_json()
    open_window(api, session_id, -timedelta(days=2), -timedelta(days=1))
    assert run_jobs(app) == 1
    failed = api.get(f"/api/jobs/{job['id']}", as_=COUNTY).get_json()
    assert failed["state"] == "failed" and "开放打印时间为" in failed["error"]
    assert prints_of(ids) == []


def test_another_county_cannot_queue_a_batch(api, small_batches, app_context):
    ids = ticketed(api, 3)["ids"]
    outsider = api.post("/api/tickets/print", json={"application_ids": ids}, as_=OTHER_COUNTY)
    assert outsider.status_code == 404
    assert db.session.scalar(select(func.count(Job.id))) == 0


def test_the_console_batch_goes_to_the_job_page(app, api, small_batches):
    """(No app context held across the requests: Flask-Login keeps the user in ``g``.)"""
    with app.app_context():
        ids = ticketed(api, 3)["ids"]
    client = web_login(app, COUNTY)
    response = client.post("/tickets/print", data={"application_ids": [str(i) for i in ids]})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "后台任务" in page and "打印进度" in page
    with app.app_context():
        assert run_jobs(app) == 1
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    status = client.get(f"/jobs/{job_id}/status").get_json()
    assert status["state"] == "done" and status["download_url"]
    assert pdf_text(client.get(status["download_url"]).data)[0] == 2


def test_the_export_holds_exactly_the_filtered_rows_of_my_subtree(api, app_context):
    mine = ticketed(api, 3, name="本县")
    ticketed(api, 2, unit=OTHER_UNIT, name="外县")
    other_trade = add_approved(1, DIRECT_UNIT, trade="电工", grade=3, name="电工")
    electrician = new_session(api, trade="电工")
    api.post("/api/tickets/assign", json={"session_id": electrician["id"]}, as_=CITY)
    api.post(f"/api/applications/{mine['ids'][0]}/ticket/print", as_=COUNTY)

    everything = xlsx_rows(api.get("/api/tickets/export", as_=COUNTY).data)
    assert everything[0] == SEED_COLUMNS
    assert sorted(r[1] for r in everything[1:]) == ["本县0", "本县1", "本县2", "电工0"]
    query = f"declared_trade=护理员&printed=false&session_id={mine['session']['id']}"
    response = api.get(f"/api/tickets/export?{query}", as_=COUNTY)
    assert response.status_code == 200
    rows = xlsx_rows(response.data)
    assert [r[1] for r in rows[1:]] == ["本县1", "本县2"]
    numbers = dict(
        db.session.execute(
            select(Application.name, Application.id_number).where(
                Application.id.in_(mine["ids"] + other_trade)
            )
        ).all()
    )
    assert [r[3] for r in rows[1:]] == [numbers["本县1"], numbers["本县2"]]  # full numbers
    assert all(r[5] == "郑州市" and r[6] == "巩义市北山口镇政府" for r in rows[1:])
    assert all(r[8] == "三级（高级工）" and r[11] == "未打印" and r[12] == "否" for r in rows[1:])

    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "export_tickets")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.actor_name == "巩义市管理员" and event.details["rows"] == 2
    assert event.details["filters"] == {
        "declared_trade": "护理员",
        "printed": False,
        "session_id": mine["session"]["id"],
    }
    other = xlsx_rows(api.get("/api/tickets/export", as_=OTHER_COUNTY).data)
    assert sorted(r[1] for r in other[1:]) == ["外县0", "外县1"]
    bad = api.get("/api/tickets/export?declared_grade=9", as_=COUNTY)
    assert bad.status_code == 422 and "declared_grade" in bad.get_json()["fields"]
    assert api.get("/api/tickets/export", as_="410181001001").status_code == 200  # own unit
    applicant = api.get("/api/tickets/export", as_=None)
    assert applicant.status_code == 401


def test_a_large_export_is_a_job(app, api, small_batches, app_context):
    ticketed(api, 4)
    queued = api.get("/api/tickets/export", as_=COUNTY)
    assert queued.status_code == 202 and queued.get_json()["kind"] == "ticket_export"
    assert run_jobs(app) == 1
    done = api.get(f"/api/jobs/{queued.get_json()['id']}", as_=COUNTY).get_json()
    assert done["state"] == "done" and done["done"] == done["total"] == 4
    rows = xlsx_rows(api.get(done["download_url"], as_=COUNTY).data)
    assert rows[0] == SEED_COLUMNS and len(rows) == 5


def test_upgraded_print_after_the_session_is_revised(api, app_context):
    made = ticketed(api, 2)
    session_id, (first, second) = made["session"]["id"], made["ids"]
    assert api.post(f"/api/applications/{first}/ticket/print", as_=COUNTY).status_code == 200

    def marks() -> dict[int, str]:
        items = api.get("/api/tickets", as_=COUNTY).get_json()["items"]
        return {row["application_id"]: row["upgraded"] for row in items}

    assert marks() == {first: "否", second: "否"}
    unchanged = api.patch(
        f"/api/exam-sessions/{session_id}", json={"site": made["session"]["site"]}, as_=CITY
    )
    assert unchanged.status_code == 200 and unchanged.get_json()["revision"] == 1
    revised = api.patch(
        f"/api/exam-sessions/{session_id}", json={"site": "巩义市职业技能鉴定站"}, as_=CITY
    )
    assert revised.status_code == 200 and revised.get_json()["revision"] == 2
    assert marks() == {first: "待升级", second: "否"}
    reprint = api.post(f"/api/applications/{first}/ticket/print", as_=COUNTY)
    assert "巩义市职业技能鉴定站" in pdf_text(reprint.data)[1]
    assert marks() == {first: "是", second: "否"}
    assert (
        api.patch(f"/api/exam-sessions/{session_id}", json={"site": "x"}, as_=COUNTY).status_code
        == 403
    )
    bad = api.patch(f"/api/exam-sessions/{session_id}", json={"exam_time": "9点"}, as_=CITY)
    assert bad.status_code == 422 and "exam_time" in bad.get_json()["fields"]
    assert (
        api.patch(f"/api/exam-sessions/{session_id}", json={"site": "x"}, as_="410000").status_code
        == 200
    )


def test_the_pages_export_the_list_and_revise_a_session(app, api):
    with app.app_context():
        made = ticketed(api, 2, name="页面")
    session_id = made["session"]["id"]
    county = web_login(app, COUNTY)
    listing = county.get(f"/tickets?session_id={session_id}").get_data(as_text=True)
    assert "是否升级打印" in listing and "导出Excel" in listing
    assert f"/tickets/export?session_id={session_id}" in listing
    exported = county.get(f"/tickets/export?session_id={session_id}")
    assert exported.status_code == 200
    assert sorted(r[1] for r in xlsx_rows(exported.data)[1:]) == ["页面0", "页面1"]
    assert county.get("/tickets/export?printed=maybe").status_code == 422

    county.post("/tickets/print", data={"application_ids": str(made["ids"][0])})
    city = web_login(app, CITY)
    form = {"exam_date": "2026-06-21", "exam_time": "14:00-16:00", "site": "新考场", "address": ""}
    revised = city.post(f"/tickets/sessions/{session_id}/revise", data=form, follow_redirects=True)
    assert "已打印的准考证需重新打印" in revised.get_data(as_text=True)
    rows = xlsx_rows(county.get(f"/tickets/export?session_id={session_id}").data)
    assert {r[1]: r[12] for r in rows[1:]} == {"页面0": "待升级", "页面1": "否"}
    assert {r[9] for r in rows[1:]} == {"2026-06-21"}
    assert county.post(f"/tickets/sessions/{session_id}/revise", data=form).status_code == 403
