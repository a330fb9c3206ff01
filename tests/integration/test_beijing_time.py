"""Every time a person reads is Beijing time; the API keeps RFC 3339 with its offset.

The service is frozen at 2026-12-07 17:30 UTC, which is already 2026-12-08 01:30 in Beijing:
a date or time taken from UTC shows the day before (or 17:30), and one printed raw shows
microseconds.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import unquote

import pytest

from handlers import clock
from tests.integration.exporting import add_approved, pdf_pages, xlsx_rows
from tests.integration.helpers import COUNTY, UNIT

FROZEN_UTC = datetime(2026, 12, 7, 17, 30)
BEIJING_DAY = "2026-12-08"
BEIJING_MINUTE = "2026-12-08 01:30"
RAW = re.compile(r"17:30|\d{2}:\d{2}:\d{2}\.\d{6}|2026-12-07")


@pytest.fixture()
def frozen(monkeypatch):
    """The whole service at FROZEN_UTC: every timestamp and date is read from clock.utc_now."""
    monkeypatch.setattr(clock, "utc_now", lambda: FROZEN_UTC)


def file_name(response) -> str:
    disposition = response.headers["Content-Disposition"]
    return unquote(disposition.split("filename*=UTF-8''", 1)[1])


@pytest.mark.usefixtures("frozen", "app_context")
def test_roster_date_and_file_names_are_the_beijing_date(api):
    add_approved(2)
    pdf = api.get("/api/applications/export?roster=final&format=pdf", as_=COUNTY)
    assert pdf.status_code == 200
    assert file_name(pdf) == f"终审通过名册（2026年度）-{BEIJING_DAY}.pdf"
    text = pdf_pages(pdf.data)[0]
    assert f"制表日期：{BEIJING_DAY}" in text
    assert "2026-12-07" not in text
    xlsx = api.get("/api/applications/export?roster=final&format=xlsx", as_=COUNTY)
    assert file_name(xlsx) == f"终审通过名册（2026年度）-{BEIJING_DAY}.xlsx"
    tickets = api.get("/api/tickets/export", as_=COUNTY)
    assert tickets.status_code == 200, tickets.get_json()
    assert file_name(tickets).endswith(f"-{BEIJING_DAY}.xlsx")


@pytest.mark.usefixtures("frozen")
def test_audit_trail_pdf_prints_beijing_minutes_not_raw_utc(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    response = api.get(
        f"/api/applications/{applicant.application_id}/audit-trail?format=pdf", as_=COUNTY
    )
    assert response.status_code == 200
    text = "".join(pdf_pages(response.data))
    assert f"导出时间：{BEIJING_MINUTE}（北京时间）" in text
    assert f"#1  {BEIJING_MINUTE}" in text.replace("\n", " ")
    assert not RAW.search(text), RAW.search(text)
    # the JSON export keeps the exact value that was hashed, for offline verification
    document = api.get(
        f"/api/applications/{applicant.application_id}/audit-trail", as_=COUNTY
    ).get_json()
    assert document["events"][0]["at"] == "2026-12-07T17:30:00.000000"


@pytest.mark.usefixtures("frozen")
def test_pages_and_working_exports_show_beijing_time(app, api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    client = app.test_client()
    login = client.post("/login", data={"username": UNIT, "password": "Demo@2026"})
    assert login.status_code == 302
    page = client.get("/review/inbox").get_data(as_text=True)
    assert BEIJING_MINUTE in page
    assert not RAW.search(page)
    rows = xlsx_rows(client.get("/review/inbox/export").data)
    arrival = rows[0].index("到达时间")
    assert rows[1][arrival] == BEIJING_MINUTE


@pytest.mark.usefixtures("frozen")
def test_the_api_keeps_rfc3339_with_an_offset(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    body = api.get(f"/api/applications/{applicant.application_id}", as_=UNIT).get_json()
    assert body["submitted_at"] == "2026-12-07T17:30:00+00:00"
    (task,) = api.get("/api/tasks", as_=UNIT).get_json()["items"]
    assert datetime.fromisoformat(task["created_at"]).utcoffset() is not None
