"""Roster PDF / Excel and the Excel export of every reviewer list (issue 9, items 2 and 8):
exactly the filtered (or ticked) rows, org-scoped, full ID numbers in rosters audited. Through
the API and the pages, on both databases.
"""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Application, AuditEvent, Org
from tests.integration.exporting import add_approved, pdf_pages, xlsx_rows
from tests.integration.helpers import COUNTY, UNIT

pytestmark = pytest.mark.usefixtures("app_context")
OTHER_COUNTY = "410122"
LONG_UNIT = "巩义市北山口镇人民政府社会事务综合服务中心暨退役军人服务站便民服务大厅"


def test_roster_pdf_pages_header_and_names(api):
    ids = add_approved(70)
    response = api.get("/api/applications/export?roster=final&format=pdf", as_=COUNTY)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = pdf_pages(response.data)
    # every row ends with its status 终审通过; the title says 终审通过名册 once per page
    rows = [text.count("终审通过") - 1 for text in pages]
    assert sum(rows) == len(ids) and len(set(rows[:-1])) == 1
    assert len(pages) == math.ceil(len(ids) / rows[0]) > 1
    for n, text in enumerate(pages, start=1):
        assert "巩义市终审通过名册" in text and "身份证号" in text and "申报工种" in text
        assert f"第{n}页/共{len(pages)}页" in text
    everything = "".join(pages)
    assert all(f"名册人员{i}" in everything for i in range(70))
    assert "410181199001011000X"[:6] in everything  # the full ID number, not the mask


def test_long_unit_names_wrap_inside_their_cell(api):
    with db.session.begin_nested():
        org = db.session.scalars(select(Org).where(Org.code == UNIT)).one()
        org.name = LONG_UNIT
    db.session.commit()
    add_approved(3)
    response = api.get("/api/applications/export?roster=final&format=pdf", as_=COUNTY)
    text = "".join(pdf_pages(response.data)).replace("\n", "")
    assert text.count(LONG_UNIT) == 3  # every character printed, on wrapped lines


def test_roster_excel_holds_exactly_the_filtered_rows_and_audits(api):
    wanted = add_approved(4, trade="护理员", grade=4, name="甲")
    add_approved(3, trade="护理员", grade=3, name="乙")
    add_approved(2, trade="电工", grade=4, name="丙")
    add_approved(2, org_code="410181002", trade="护理员", grade=4, name="丁")
    query = f"roster=final&declared_trade=护理员&declared_grade=4&unit={UNIT}&format=xlsx"
    response = api.get(f"/api/applications/export?{query}", as_=COUNTY)
    assert response.status_code == 200
    rows = xlsx_rows(response.data)
    assert rows[0][:4] == ("序号", "姓名", "性别", "身份证号") and "现聘取得时间" in rows[0]
    assert sorted(r[1] for r in rows[1:]) == [f"甲{i}" for i in range(4)]
    numbers = {a.id_number for a in db.session.scalars(select(Application).where(Application.id.in_(wanted)))}
    assert {r[3] for r in rows[1:]} == numbers
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_roster")).one()
    assert sorted(event.details["application_ids"]) == sorted(wanted)


def test_ticked_rows_only(api):
    ids = add_approved(5)
    query = "&".join(f"ids={i}" for i in ids[1:3])
    rows = xlsx_rows(api.get(f"/api/applications/export?roster=final&{query}", as_=COUNTY).data)
    assert [r[1] for r in rows[1:]] == ["名册人员1", "名册人员2"]


def test_onsite_and_exceptional_rosters(api):
    add_approved(2, name="现场", onsite_approved=True)
    add_approved(1, name="破格", exceptional_approved=True)
    add_approved(1, name="普通")
    onsite = xlsx_rows(api.get("/api/applications/export?roster=onsite", as_=COUNTY).data)
    exceptional = xlsx_rows(api.get("/api/applications/export?roster=exceptional", as_=COUNTY).data)
    assert [r[1] for r in onsite[1:]] == ["现场0", "现场1"]
    assert [r[1] for r in exceptional[1:]] == ["破格0"]


def test_another_county_exports_none_of_ours(api):
    ours = add_approved(3)
    for fmt in ("xlsx", "pdf"):
        query = "&".join(f"ids={i}" for i in ours)
        response = api.get(f"/api/applications/export?format={fmt}&{query}", as_=OTHER_COUNTY)
        assert response.status_code == 200
        if fmt == "xlsx":
            assert xlsx_rows(response.data)[1:] == []
        else:
            assert "名册人员" not in "".join(pdf_pages(response.data))
    rows = xlsx_rows(api.get(f"/api/applications/export?unit={UNIT}", as_=OTHER_COUNTY).data)
    assert rows[1:] == []


@pytest.mark.parametrize("path", ["/api/applications/export", "/api/tasks/export",
                                  "/api/tasks/records/export"])
def test_applicants_cannot_export(api, applicant_factory, path):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    assert api.get(path, as_=applicant.id_number).status_code == 403


def test_inbox_and_records_excel_hold_every_filtered_row(api, applicant_factory):
    names = []
    for trade in ("护理员", "护理员", "电工"):
        applicant = applicant_factory(UNIT, name="待审")
        applicant.apply_and_submit(declared_trade=trade)
        names.append(applicant.name)
    nurses = sorted(names[:2])
    inbox = xlsx_rows(api.get("/api/tasks/export?declared_trade=护理员", as_=UNIT).data)
    assert sorted(r[1] for r in inbox[1:]) == nurses
    assert all("*" in r[3] for r in inbox[1:])  # working lists keep the masked number
    tasks = api.get("/api/tasks?declared_trade=护理员", as_=UNIT).get_json()["items"]
    for task in tasks:
        done = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=UNIT)
        assert done.status_code == 200
    records = xlsx_rows(api.get("/api/tasks/records/export?action=pass", as_=UNIT).data)
    assert sorted(r[1] for r in records[1:]) == nurses
    assert xlsx_rows(api.get("/api/tasks/records/export?action=reject", as_=UNIT).data)[1:] == []
    assert xlsx_rows(api.get("/api/tasks/export", as_=OTHER_COUNTY).data)[1:] == []


def test_pages_offer_the_exports(client, api):
    add_approved(2)
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    page = client.get("/applications?roster=final").get_data(as_text=True)
    assert "导出PDF" in page and "导出Excel" in page and 'name="ids"' in page
    response = client.get("/applications/export?roster=final&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    bad = client.get("/applications/export?roster=nonsense")
    assert bad.status_code == 422
