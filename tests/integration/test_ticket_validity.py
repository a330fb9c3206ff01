"""A ticket is valid only while its holder is approved (准考证作废), through the HTTP API and
the pages on both databases: approved -> ticket assigned -> 市级复核 opinion -> the county
reopens (reject or return) -> the ticket is void, kept, listed and exported as 已作废 with the
reason, and never printed again (applicant, single, batch inline and as a job)."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.platform.services import jobs
from tests.conftest import DEMO_PASSWORD
from tests.integration.exporting import xlsx_rows
from tests.integration.helpers import COUNTY, act
from tests.integration.test_paths import approved_application
from tests.integration.test_tickets import CITY, DIRECT_UNIT, new_session, open_window

REJECTED = "报名状态变为“审核不通过”"
RETURNED = "报名状态变为“已退回”"


def ticketed(api, applicant_factory, count: int = 1) -> list:
    """``count`` applicants approved through review, each given a ticket of one session whose
    printing window is open."""
    people = [approved_application(api, applicant_factory) for _ in range(count)]
    exam = new_session(api)
    assigned = api.post("/api/tickets/assign", json={"session_id": exam["id"]}, as_=CITY)
    assert assigned.status_code == 201 and len(assigned.get_json()) == count
    assert open_window(api, exam["id"], -timedelta(hours=1), timedelta(days=1)).status_code == 200
    return people


def reopen(api, applicant, action: str) -> None:
    """市级复核 of one applicant: the city's opinion, then the county reopens with ``action``."""
    started = api.post("/api/rechecks", as_=CITY, json={"application_ids": [applicant.application_id]})
    assert started.status_code == 201, started.get_json()
    assert act(api, CITY, "opinion", "工作年限与档案不符", queue="city_recheck").status_code == 200
    done = act(api, COUNTY, action, "经核实不符合报考条件", queue="recheck_response")
    assert done.status_code == 200, done.get_json()


def ticket(api, applicant) -> dict:
    response = api.get(f"/api/applications/{applicant.application_id}/ticket", as_=applicant.id_number)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_rejection_at_the_city_recheck_voids_the_ticket_and_every_print_is_refused(
    app, api, applicant_factory
):
    holder, other = ticketed(api, applicant_factory, 2)
    number = ticket(api, holder)["number"]
    assert ticket(api, holder)["valid"] is True

    reopen(api, holder, "reopen_reject")

    held = ticket(api, holder)
    assert (held["number"], held["valid"], held["void_reason"]) == (number, False, REJECTED)
    assert held["voided_at"]
    mine = api.post(f"/api/applications/{holder.application_id}/ticket/print", as_=holder.id_number)
    assert mine.status_code == 409 and "准考证已作废" in mine.get_json()["message"]
    single = api.post(f"/api/applications/{holder.application_id}/ticket/print", as_=COUNTY)
    assert single.status_code == 409
    both = [holder.application_id, other.application_id]
    batch = api.post("/api/tickets/print", json={"application_ids": both}, as_=COUNTY)
    assert batch.status_code == 409, batch.get_json()
    assert holder.name in batch.get_json()["message"] and REJECTED in batch.get_json()["message"]
    assert "application_ids" in batch.get_json()["fields"]
    assert api.get(f"/api/applications/{holder.application_id}/ticket/prints", as_=COUNTY).get_json() == []
    still = api.post("/api/tickets/print", json={"application_ids": [other.application_id]}, as_=COUNTY)
    assert still.status_code == 200 and still.mimetype == "application/pdf"

    rows = {r["application_id"]: r for r in api.get("/api/tickets", as_=COUNTY).get_json()["items"]}
    assert (rows[holder.application_id]["valid"], rows[holder.application_id]["void_reason"]) == (
        False,
        REJECTED,
    )
    assert rows[other.application_id]["valid"] is True
    sheet = xlsx_rows(api.get("/api/tickets/export", as_=COUNTY).data)
    line = next(r for r in sheet if r[4] == number)
    assert line[-1] == f"已作废：{REJECTED}"


def test_a_batch_job_refuses_a_ticket_voided_after_it_was_queued(
    app, api, applicant_factory, monkeypatch
):
    monkeypatch.setitem(app.config, "TICKET_INLINE_BATCH", 1)
    holder, other = ticketed(api, applicant_factory, 2)
    both = [holder.application_id, other.application_id]
    queued = api.post("/api/tickets/print", json={"application_ids": both}, as_=COUNTY)
    assert queued.status_code == 202, queued.get_json()

    reopen(api, holder, "reopen_reject")
    with app.app_context():
        assert jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config)) == 1
        db.session.remove()

    job = api.get(f"/api/jobs/{queued.get_json()['id']}", as_=COUNTY).get_json()
    assert job["state"] == "failed" and "准考证已作废" in job["error"] and holder.name in job["error"]
    refused = api.post("/api/tickets/print", json={"application_ids": both}, as_=COUNTY)
    assert refused.status_code == 409  # and a new batch is refused before it is queued


def test_a_returned_applicant_approved_again_needs_a_new_ticket(api, applicant_factory):
    [holder] = ticketed(api, applicant_factory)
    first = ticket(api, holder)
    reopen(api, holder, "reopen_return")
    assert (ticket(api, holder)["valid"], ticket(api, holder)["void_reason"]) == (False, RETURNED)

    assert holder.submit().status_code == 200  # resubmitted, approved again
    assert act(api, DIRECT_UNIT, "pass").status_code == 200
    assert act(api, COUNTY, "pass").status_code == 200
    assert ticket(api, holder)["valid"] is False  # approval does not revive the void ticket

    again = api.post("/api/tickets/assign", json={"session_id": first["session"]["id"]}, as_=CITY)
    assert again.status_code == 201, again.get_json()
    [renewed] = again.get_json()
    assert renewed["number"] != first["number"] and renewed["valid"] is True
    assert (renewed["room"], renewed["seat"]) == (first["room"], first["seat"])  # the seat was freed
    assert ticket(api, holder)["number"] == renewed["number"]
    printed = api.post(f"/api/applications/{holder.application_id}/ticket/print", as_=holder.id_number)
    assert printed.status_code == 200
    listed = api.get("/api/tickets", as_=COUNTY).get_json()["items"]
    assert sorted((r["number"], r["valid"]) for r in listed) == sorted(
        [(first["number"], False), (renewed["number"], True)]
    )


def test_the_pages_show_the_ticket_as_void_and_refuse_to_print_it(app, api, applicant_factory):
    [holder] = ticketed(api, applicant_factory)
    reopen(api, holder, "reopen_reject")

    county = app.test_client()
    county.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    page = county.get("/tickets").get_data(as_text=True)
    assert "已作废" in page and REJECTED in page
    printed = county.post("/tickets/print", data={"application_ids": str(holder.application_id)})
    assert printed.status_code == 302
    assert "准考证已作废" in county.get("/tickets").get_data(as_text=True)

    mine = app.test_client()
    mine.post("/login", data={"username": holder.id_number, "password": "Secret123"})
    me = mine.get("/me").get_data(as_text=True)
    assert "已作废" in me and "打印准考证</button>" not in me
    refused = mine.post(f"/tickets/mine/{holder.application_id}/print")
    assert refused.status_code == 302 and refused.mimetype != "application/pdf"
