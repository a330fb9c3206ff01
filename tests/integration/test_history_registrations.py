"""历史报名数据查询 (issue 9 item 5): earlier years' registrations for counties and above, with
the seed's columns, filters, paging, Excel import with per-row errors and export, scoped."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from tests.conftest import DEMO_PASSWORD

PROVINCE, CITY, GONGYI, ZHONGMOU, UNIT = "410000", "410100", "410181", "410122", "410181001001"
HEADER = [
    "报考年度", "姓名", "身份证号", "性别", "出生年月", "参加工作时间", "单位", "文化程度",
    "报考类别", "报考工种", "制证站码", "证书编号", "获得证书时间",
]
ZHANG, LI, WANG = "410181199003150014", "410181198807200027", "41018119850512003X"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(api, rows, as_=GONGYI, name="history.xlsx"):
    return api.post(
        "/api/history/import",
        as_=as_,
        data={"file": (io.BytesIO(_xlsx(rows)), name)},
        content_type="multipart/form-data",
    )


def _row(year, name, id_number, trade, cert_no="2302301390", **extra):
    values = {
        "报考年度": year, "姓名": name, "身份证号": id_number, "性别": "男", "出生年月": "1990-03",
        "参加工作时间": "2012-07", "单位": "巩义市人民医院", "文化程度": "大学专科", "报考类别": "二类",
        "报考工种": trade, "制证站码": "台格", "证书编号": cert_no, "获得证书时间": "2023-09-30",
    } | extra
    return [values[title] for title in HEADER]


def _seed(api):
    response = _import(
        api,
        [
            HEADER,
            _row(2023, "张伟", ZHANG, "图书资料员"),  # historical trades stay as written
            _row(2022, "李娜", LI, "保管员", "2202401830", 性别="女"),
            _row(2023, "王强", WANG, "公路养护工", "2303401799"),
        ],
    )
    assert response.get_json() == {"created": 3, "updated": 0, "errors": []}


def test_import_then_filter_and_page(api):
    _seed(api)
    body = api.get("/api/history?per_page=2", as_=GONGYI).get_json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert [i["exam_year"] for i in body["items"]] == [2023, 2023]
    first = body["items"][0]  # names in pinyin order: 王强 (wang) before 张伟 (zhang)
    assert first["id_number"] == "410*****003X" and first["cert_date"] == "2023-09-30"
    assert set(first) == {
        "exam_year", "name", "id_number", "gender", "birth_month", "work_start", "unit_name",
        "education", "exam_category", "trade", "station_code", "cert_no", "cert_date",
        "source", "source_label", "status_label",
    }
    assert (first["source"], first["source_label"], first["status_label"]) == ("imported", "导入", None)
    assert api.get("/api/history?page=2&per_page=2", as_=GONGYI).get_json()["items"][0][
        "name"
    ] == "李娜"
    assert api.get("/api/history?exam_year=2022", as_=GONGYI).get_json()["total"] == 1
    assert api.get(f"/api/history?q={WANG.lower()}", as_=GONGYI).get_json()["total"] == 1
    assert api.get("/api/history?trade=养护", as_=GONGYI).get_json()["total"] == 1
    assert api.get("/api/history?cert_no=2202401830", as_=GONGYI).get_json()["total"] == 1


def test_bad_rows_are_reported_and_reimport_updates(api):
    _seed(api)
    response = _import(
        api,
        [
            HEADER,
            _row(2023, "张伟", ZHANG, "图书资料员", "NEW-1"),  # update
            _row(2023, "某人", "410181199003150015", "电工"),  # check digit
            _row(1800, "某人", ZHANG, "电工"),
            _row(2021, "某人", LI, "电工", 性别="未知", 出生年月="1990-13"),
            _row(2021, "", LI, "电工"),
        ],
    )
    report = response.get_json()
    assert (report["created"], report["updated"]) == (0, 1)
    assert [e["row"] for e in report["errors"]] == [3, 4, 5, 6]
    assert "性别" in report["errors"][2]["message"] and "出生年月" in report["errors"][2]["message"]
    assert "姓名为必填项" in report["errors"][3]["message"]
    items = api.get("/api/history?q=张伟", as_=GONGYI).get_json()["items"]
    assert [i["cert_no"] for i in items] == ["NEW-1"]


def test_scope_other_counties_and_levels(api):
    _seed(api)
    assert api.get("/api/history", as_=ZHONGMOU).get_json()["total"] == 0
    assert api.get("/api/history", as_=CITY).get_json()["total"] == 3
    assert api.get("/api/history", as_=PROVINCE).get_json()["total"] == 3
    assert api.get("/api/history", as_=UNIT).status_code == 403
    assert api.get("/api/history/export", as_=UNIT).status_code == 403
    # another county cannot overwrite or re-file Gongyi's records
    response = _import(api, [HEADER, _row(2023, "张伟", ZHANG, "图书资料员", "X")], as_=ZHONGMOU)
    assert response.get_json()["errors"][0]["message"] == "该记录已由其他单位导入"
    # nor file a row under an org outside its subtree
    response = _import(
        api, [[*HEADER, "单位编码"], [*_row(2020, "刘洋", LI, "电工"), "410181001001"]],
        as_=ZHONGMOU,
    )
    assert "不是本单位或所属单位" in response.get_json()["errors"][0]["message"]
    assert _import(api, [HEADER], as_=UNIT).status_code == 403


def test_export_is_the_filtered_list_as_excel(api):
    _seed(api)
    response = api.get("/api/history/export?exam_year=2023", as_=GONGYI)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "来源", "审核状态"]
    assert sorted(r[2] for r in rows[1:]) == sorted([ZHANG, WANG])
    assert api.get("/api/history/export", as_=ZHONGMOU).status_code == 200
    other = load_workbook(io.BytesIO(api.get("/api/history/export", as_=ZHONGMOU).data))
    assert len(list(other.active.iter_rows())) == 1  # the header only


def test_each_export_is_recorded_on_the_audit_trail(api, app_context):
    """The file carries full ID numbers: who exported what (filters, row count) is recorded
    on the system chain, on the page's export as on the API's."""
    _seed(api)
    assert api.get("/api/history/export?exam_year=2023&trade=公路", as_=GONGYI).status_code == 200
    events = list(
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_history"))
    )
    assert len(events) == 1
    event = events[0]
    assert event.chain == "system" and event.actor_name == "巩义市管理员"
    assert event.subject == f"org:{GONGYI}" and event.action_label.startswith("导出历史报名数据")
    assert event.details == {"filters": {"exam_year": 2023, "trade": "公路"}, "rows": 1}


def test_page_lists_imports_and_exports(api, client):
    _seed(api)
    client.post("/login", data={"username": GONGYI, "password": DEMO_PASSWORD})
    page = client.get("/history?exam_year=2023").get_data(as_text=True)
    assert "历史报名数据查询" in page and "王强" in page and "李娜" not in page
    assert "制证站码" in page and "导入历史报名数据" in page
    csv = ("\n".join([",".join(HEADER), ",".join(str(c) for c in _row(2021, "赵敏", LI, "收银员"))])).encode()
    response = client.post(
        "/history/import",
        data={"file": (io.BytesIO(csv), "h.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "新增 1 条" in response.get_data(as_text=True)
    export = client.get("/history/export?q=赵敏")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][1] == "赵敏"


def test_units_have_no_history_page(client):
    client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    assert client.get("/history").status_code == 403
