"""信息统计 and the 应考人员名单 import, through the API and the pages, on both databases.

The data set is built through the API (registrations, submissions, unit passes and rejections
in two counties, drafts left unsubmitted); the statistics must equal a direct count over the
stored rows with the definitions of ``app.exams.services.statistics``.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Application, Org, StaffRosterEntry, Task, Trade
from handlers.idcard import check_digit
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT

TOWN = "410181002"  # a unit of 巩义市 with no supervising unit
ZHONGMOU, ZHONGMOU_UNIT = "410122", "410122001"
YEAR = 2026


def _id_number(sequence: int, year: str = "1985") -> str:
    first17 = f"410181{year}0612{sequence:03d}"
    return first17 + check_digit(first17)


def _task_of(api, org: str, application_id: int) -> dict:
    items = api.get("/api/tasks?per_page=100", as_=org).get_json()["items"]
    return next(task for task in items if task["application_id"] == application_id)


def _decide(api, org: str, application_id: int, action: str) -> None:
    task = _task_of(api, org, application_id)
    comment = "材料不符" if action == "reject" else ""
    response = api.post(
        f"/api/tasks/{task['id']}/complete", json={"action": action, "comment": comment}, as_=org
    )
    assert response.status_code == 200, response.get_json()


@pytest.fixture()
def dataset(api, applicant_factory):
    """Eleven applications: trades × grades × units × outcomes, in two counties."""
    plan = [
        # unit, trade, grade, what happens after submission (None: left as a draft)
        (UNIT, "护理员", 3, "pass"),
        (UNIT, "护理员", 3, "reject"),
        (UNIT, "护理员", 4, "pass_twice"),
        (UNIT, "护理员", 4, "wait"),
        (UNIT, "电工", 2, "pass"),
        (UNIT, "电工", 5, None),
        (TOWN, "护理员", 3, "pass"),
        (TOWN, "焊工", 5, "reject"),
        (TOWN, "焊工", 5, "wait"),
        (ZHONGMOU_UNIT, "护理员", 3, "pass"),
        (ZHONGMOU_UNIT, "焊工", 4, "reject"),
    ]
    people = []
    for unit, trade, grade, outcome in plan:
        person = applicant_factory(unit)
        form = {"declared_trade": trade, "declared_grade": grade, "current_grade": min(grade + 1, 5)}
        if outcome is None:
            person.apply_with_photos(**form)
        else:
            person.apply_and_submit(**form)
        if outcome in ("pass", "pass_twice", "reject"):
            _decide(api, unit, person.application_id, outcome.removesuffix("_twice"))
        if outcome == "pass_twice" and unit == UNIT:
            _decide(api, SUPERVISING, person.application_id, "pass")
        people.append(person)
    return people


def _direct_trade_counts(scope_path: str) -> dict[str, dict[str, Counter]]:
    """The same figures by reading every row: what the GROUP BY queries must equal."""
    rows = db.session.execute(
        select(Application, Org.path).join(Org, Application.org_id == Org.id)
    ).all()
    passed = {
        task.application_id
        for task in db.session.scalars(select(Task))
        if task.state == "completed" and task.action == "pass" and task.lane == "unit"
    }
    counts: dict[str, dict[str, Counter]] = {}
    for application, path in rows:
        if not path.startswith(scope_path) or application.status == "draft":
            continue
        if application.year != YEAR:
            continue
        groups = counts.setdefault(
            application.declared_trade,
            {"registered": Counter(), "passed": Counter(), "failed": Counter()},
        )
        groups["registered"][application.declared_grade] += 1
        if application.id in passed:
            groups["passed"][application.declared_grade] += 1
        if application.status == "rejected":
            groups["failed"][application.declared_grade] += 1
    return counts


def _as_counter(group: dict) -> Counter:
    return Counter({g: n for g, n in zip(range(1, 6), group["grades"], strict=True) if n})


@pytest.mark.parametrize("who", [COUNTY, "410100", ZHONGMOU])
def test_trade_statistics_equal_a_direct_count(app, api, dataset, who):
    body = api.get(f"/api/statistics/trades?year={YEAR}", as_=who).get_json()
    with app.app_context():
        path = db.session.scalars(select(Org.path).where(Org.code == who)).one()
        expected = _direct_trade_counts(path)
    assert set(expected) <= {row["name"] for row in body["rows"]}
    empty = {"registered": Counter(), "passed": Counter(), "failed": Counter()}
    for row in body["rows"]:
        for key in ("registered", "passed", "failed"):
            want = expected.get(row["name"], empty)[key]
            assert _as_counter(row[key]) == +want, (row["name"], key)
            assert row[key]["total"] == sum(row[key]["grades"])
    for key in ("registered", "passed", "failed"):
        assert body["totals"][key]["total"] == sum(r[key]["total"] for r in body["rows"])


def test_trade_statistics_figures(api, dataset):
    """The hand count of the data set, so the definitions themselves are pinned down."""
    body = api.get("/api/statistics/trades", as_=COUNTY).get_json()  # exam year by default
    assert body["year"] == YEAR
    rows = {row["name"]: row for row in body["rows"]}
    counted = {name for name, row in rows.items() if row["registered"]["total"]}
    assert counted == {"护理员", "电工", "焊工"}  # 中牟's and drafts' trades aside
    nurse = rows["护理员"]
    assert nurse["registered"] == {"total": 5, "grades": [0, 0, 3, 2, 0]}
    assert nurse["passed"] == {"total": 3, "grades": [0, 0, 2, 1, 0]}
    assert nurse["failed"] == {"total": 1, "grades": [0, 0, 1, 0, 0]}
    assert rows["电工"]["registered"] == {"total": 1, "grades": [0, 1, 0, 0, 0]}
    assert rows["焊工"]["failed"] == {"total": 1, "grades": [0, 0, 0, 0, 1]}
    assert body["totals"]["registered"]["total"] == 8
    assert body["totals"]["name"] == "合计"


def _roster_file(rows: list[list[object]], header=("单位编码", "姓名", "身份证号", "工种", "等级")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(api, who: str, content: bytes, year: int | None = None):
    data = {"file": (io.BytesIO(content), "roster.xlsx")}
    if year is not None:
        data["year"] = str(year)
    return api.post("/api/staff-roster", as_=who, data=data, content_type="multipart/form-data")


def test_roster_import_reports_row_errors_and_feeds_unit_statistics(app, api, dataset):
    registered = dataset[0].id_number  # 巩义市人民医院, 护理员 三级, submitted
    drafted = dataset[5].id_number  # only a draft: not registered
    content = _roster_file(
        [
            [UNIT, "甲", registered, "护理员", "三级"],
            [UNIT, "乙", drafted, "电工", 5],
            [UNIT, "丙", _id_number(1), "护理员", "高级工"],
            ["", "", "", "", ""],  # blank rows are skipped, numbering kept
            [UNIT, "丁", "410181198506120000", "护理员", "三级"],  # check digit wrong
            [ZHONGMOU_UNIT, "戊", _id_number(2), "护理员", "三级"],  # another county's unit
            [TOWN, "己", _id_number(3), "", "六级"],
            [TOWN, "庚", _id_number(4), "焊工", "五级"],
            [UNIT, "辛", _id_number(1), "护理员", "三级"],  # same person twice in the file
        ]
    )
    response = _import(api, COUNTY, content)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["created"] == 4 and report["updated"] == 0
    errors = {e["row"]: e["message"] for e in report["errors"]}
    assert set(errors) == {6, 7, 8, 10}
    assert "身份证号" in errors[6]
    assert "不是本辖区的单位" in errors[7]
    assert "工种为必填项" in errors[8] and "等级" in errors[8]
    assert "与第4行重复" in errors[10]

    # the same file again updates in place
    again = _import(api, COUNTY, content).get_json()
    assert again["created"] == 0 and again["updated"] == 4

    body = api.get("/api/statistics/units", as_=COUNTY).get_json()
    rows = {row["code"]: row for row in body["rows"]}
    assert set(rows) == {SUPERVISING, UNIT, TOWN}  # staff orgs of 巩义市 only
    hospital = rows[UNIT]
    assert hospital["registered"] == {"total": 5, "grades": [0, 1, 2, 2, 0]}
    assert hospital["expected"] == {"total": 3, "grades": [0, 0, 2, 0, 1]}
    assert hospital["unregistered"] == {"total": 2, "grades": [0, 0, 1, 0, 1]}
    assert rows[TOWN]["expected"]["total"] == 1 and rows[TOWN]["unregistered"]["total"] == 1
    assert rows[TOWN]["registered"]["total"] == 3
    assert body["totals"]["registered"]["total"] == 8
    assert body["totals"]["expected"]["total"] == 4

    with app.app_context():
        stored = db.session.scalars(select(StaffRosterEntry)).all()
        assert {(e.name, e.grade, e.year) for e in stored} == {
            ("甲", 3, YEAR), ("乙", 5, YEAR), ("丙", 3, YEAR), ("庚", 5, YEAR)
        }


def test_unit_admin_imports_own_roster_without_code(api, dataset):
    content = _roster_file([["", "甲", _id_number(7), "护理员", "三级"],
                            [TOWN, "乙", _id_number(8), "护理员", "三级"]])
    current = api.get("/api/seasons", as_=UNIT).get_json()["current_id"]
    assert api.post(f"/api/seasons/{current}/close", as_="410000").status_code == 200
    assert api.post("/api/seasons", as_="410000", json={"year": 2027}).status_code == 201
    report = _import(api, UNIT, content, year=2027).get_json()
    assert report["created"] == 1
    assert [e["row"] for e in report["errors"]] == [3]  # another unit: not mine
    body = api.get("/api/statistics/units?year=2027", as_=UNIT).get_json()
    assert [row["code"] for row in body["rows"]] == [UNIT]
    assert body["rows"][0]["expected"]["total"] == 1
    assert body["rows"][0]["registered"]["total"] == 0  # no 2027 applications


def test_roster_import_refuses_bad_files(api):
    assert _import(api, COUNTY, b"not a workbook").status_code == 422
    missing = _import(api, COUNTY, _roster_file([], header=("姓名", "身份证号")))
    assert missing.status_code == 422
    assert "工种" in missing.get_json()["message"]
    assert _import(api, "410100", _roster_file([])).status_code == 403  # cities do not import
    template = api.get("/api/staff-roster/template", as_=UNIT)
    assert template.status_code == 200
    header = next(load_workbook(io.BytesIO(template.data)).active.iter_rows(values_only=True))
    assert header == ("单位编码", "姓名", "身份证号", "工种", "等级")


def test_scope_a_county_sees_only_its_subtree(api, dataset):
    content = _roster_file([[ZHONGMOU_UNIT, "甲", _id_number(9), "焊工", "四级"]])
    assert _import(api, ZHONGMOU, content).get_json()["created"] == 1
    gongyi = api.get("/api/statistics/units", as_=COUNTY).get_json()
    assert ZHONGMOU_UNIT not in {row["code"] for row in gongyi["rows"]}
    assert gongyi["totals"]["expected"]["total"] == 0
    zhongmou = api.get("/api/statistics/units", as_=ZHONGMOU).get_json()
    assert [row["code"] for row in zhongmou["rows"]] == [ZHONGMOU_UNIT]
    assert zhongmou["totals"]["registered"]["total"] == 2
    assert zhongmou["totals"]["expected"]["total"] == 1
    trades = api.get("/api/statistics/trades", as_=ZHONGMOU).get_json()
    assert trades["totals"]["registered"]["total"] == 2
    assert trades["totals"]["failed"]["total"] == 1
    city = api.get("/api/statistics/units", as_="410100").get_json()
    assert city["totals"]["registered"]["total"] == 10


def test_statistics_are_for_admins(api, dataset, applicant_factory):
    person = dataset[0]
    assert api.get("/api/statistics/trades", as_=person.id_number).status_code == 403
    assert api.get("/api/statistics/units", as_="policy").status_code == 403


@pytest.mark.parametrize("kind", ["trades", "units"])
def test_excel_export_matches_the_table(api, dataset, kind):
    body = api.get(f"/api/statistics/{kind}", as_=COUNTY).get_json()
    response = api.get(f"/api/statistics/{kind}?format=xlsx", as_=COUNTY)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "工种名称" if kind == "trades" else "单位名称",
                           "已报名合计")
    assert len(rows) == 1 + len(body["rows"]) + 1  # header, rows, totals
    assert rows[-1][1] == "合计"
    assert rows[-1][2] == body["totals"]["registered"]["total"]
    assert [r[1] for r in rows[1:-1]] == [row["name"] for row in body["rows"]]


def test_pages_show_table_chart_data_and_import(client, api, dataset):
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    page = client.get("/review/statistics/trades")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "按工种统计" in html and "护理员" in html
    assert 'id="statistics-data"' in html and "vendor/charts.js" in html
    export = client.get("/review/statistics/units?format=xlsx&year=2026")
    assert export.status_code == 200 and export.data[:2] == b"PK"
    units = client.get("/review/statistics/units").get_data(as_text=True)
    assert "导入应考人员名单" in units and "巩义市人民医院" in units
    assert "中牟县人民医院" not in units


def test_trade_statistics_list_every_catalogue_trade(app, api, client, dataset):
    """按工种统计 lists the whole 工种目录 in catalogue order, trades nobody declared as zero
    rows (the seed's table), not only the trades that have registrations."""
    body = api.get("/api/statistics/trades", as_=COUNTY).get_json()
    with app.app_context():
        catalogue = db.session.scalars(
            select(Trade.name).where(Trade.active).order_by(Trade.code)
        ).all()
    assert len(catalogue) > 100
    assert [row["name"] for row in body["rows"]] == catalogue
    nobody = next(row for row in body["rows"] if row["name"] not in {"护理员", "电工", "焊工"})
    zero = {"total": 0, "grades": [0, 0, 0, 0, 0]}
    assert (nobody["registered"], nobody["passed"], nobody["failed"]) == (zero, zero, zero)
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    page = client.get("/review/statistics/trades").get_data(as_text=True)
    assert f"<td>{nobody['name']}</td>" in page


def test_supervising_unit_reads_approved_and_unregistered(api, client, dataset):
    """The supervising unit's 按工种统计 (seed 2.1.6.1): 已报名, 审核通过 (passed at its own
    review) and 未报名 (its staff roster's people of the trade who did not register)."""
    content = _roster_file(
        [
            [UNIT, "甲", dataset[0].id_number, "护理员", "三级"],  # registered
            [UNIT, "乙", _id_number(11), "护理员", "三级"],
            [UNIT, "丙", _id_number(12), "电工", "二级"],
        ]
    )
    assert _import(api, SUPERVISING, content).get_json()["created"] == 3
    body = api.get("/api/statistics/trades", as_=SUPERVISING).get_json()
    rows = {row["name"]: row for row in body["rows"]}
    nurse = rows["护理员"]
    assert set(nurse) == {"name", "code", "registered", "approved", "unregistered"}
    assert nurse["registered"] == {"total": 4, "grades": [0, 0, 2, 2, 0]}
    assert nurse["approved"] == {"total": 1, "grades": [0, 0, 0, 1, 0]}  # the one it passed
    assert nurse["unregistered"] == {"total": 1, "grades": [0, 0, 1, 0, 0]}
    assert rows["电工"]["unregistered"] == {"total": 1, "grades": [0, 1, 0, 0, 0]}
    assert body["totals"]["unregistered"]["total"] == 2
    county = api.get("/api/statistics/trades", as_=COUNTY).get_json()["rows"][0]
    assert {"passed", "failed"} <= set(county) and "approved" not in county
    client.post("/login", data={"username": SUPERVISING, "password": "Demo@2026"})
    page = client.get("/review/statistics/trades").get_data(as_text=True)
    assert "审核通过人数" in page and "未报名人数" in page and "初审通过人数" not in page
    sheet = client.get("/review/statistics/trades?format=xlsx")
    header = next(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert "审核通过合计" in header and "未报名合计" in header
