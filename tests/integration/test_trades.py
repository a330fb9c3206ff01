"""工种目录 (issue 9 item 7): the shipped catalogue, the province admin's import with per-row
errors, trade fields checked against it, and the qualified database refusing unknown trades."""

from __future__ import annotations

import io

from openpyxl import Workbook

from app.exams.services.demo import DEMO_APPLICANTS
from app.exams.services.trades import catalogue_rows
from tests.conftest import DEMO_PASSWORD, VALID_FORM

PROVINCE, CITY, COUNTY = "410000", "410100", "410181"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(api, content: bytes, filename: str = "trades.xlsx", as_: str = PROVINCE):
    return api.post(
        "/api/trades/import",
        as_=as_,
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_shipped_catalogue_is_a_realistic_list_holding_the_demo_trades():
    rows = catalogue_rows()
    names = [row["name"] for row in rows]
    assert 80 <= len(rows) <= 150
    assert len(set(names)) == len(names) and len({r["code"] for r in rows}) == len(rows)
    assert {"电工", "焊工", "钳工", "车工", "汽车维修工", "养老护理员", "中式烹调师", "保育师",
            "育婴员"} <= set(names)
    assert {demo.trade for demo in DEMO_APPLICANTS} <= set(names)


def test_every_account_reads_the_catalogue_searchable(api, applicant_factory):
    applicant = applicant_factory()
    everything = api.get("/api/trades", as_=applicant.id_number).get_json()
    assert len(everything) == len(catalogue_rows())
    found = api.get("/api/trades?q=烹调", as_=COUNTY).get_json()
    assert {t["name"] for t in found} == {"中式烹调师", "西式烹调师"}
    assert api.get("/api/trades").status_code == 401


def test_form_trades_must_come_from_the_catalogue(api, applicant_factory):
    applicant = applicant_factory()
    response = api.post(
        "/api/applications",
        json={**dict(VALID_FORM), "declared_trade": "飞行员"},
        as_=applicant.id_number,
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"declared_trade"}
    applicant.apply()
    response = api.patch(
        f"/api/applications/{applicant.application_id}",
        json={"current_trade": "不存在的工种"},
        as_=applicant.id_number,
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"current_trade"}


def test_province_admin_imports_with_per_row_errors(api, applicant_factory):
    content = _xlsx(
        [
            ["代码", "名称", "类别", "状态"],
            ["9-001", "无人机驾驶员", "新职业", "启用"],  # new
            ["4-001", "护理员", "生活照料服务", "停用"],  # retires an existing trade
            ["9-002", "", "新职业", ""],  # no name
            ["9-003", "电工", "重名", ""],  # the name belongs to another code
            ["9-001", "重复", "新职业", ""],  # code twice in the file
            ["9-004", "碳排放管理员", "新职业", "也许"],  # unknown state
        ]
    )
    response = _import(api, content)
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["created"], report["updated"]) == (1, 1)
    assert [e["row"] for e in report["errors"]] == [4, 5, 6, 7]
    assert "名称为必填项" in report["errors"][0]["message"]
    names = {t["name"] for t in api.get("/api/trades", as_=PROVINCE).get_json()}
    assert "无人机驾驶员" in names and "护理员" not in names
    # a retired trade can no longer be declared, but may still be the current one
    applicant = applicant_factory()
    response = api.post(
        "/api/applications", json=dict(VALID_FORM), as_=applicant.id_number
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"declared_trade"}
    applicant.apply(declared_trade="无人机驾驶员")


def test_only_the_province_admin_imports(api):
    content = _xlsx([["代码", "名称", "类别"], ["9-001", "无人机驾驶员", "新职业"]])
    for caller in (CITY, COUNTY, "410181001001"):
        assert _import(api, content, as_=caller).status_code == 403
    assert _import(api, content).get_json()["created"] == 1


def test_unreadable_files_are_422_naming_the_file(api):
    for content, name in (
        (b"not a zip", "trades.xlsx"),
        (b"\x89PNG", "trades.png"),
        ("名称,类别\n电工,x\n".encode(), "trades.csv"),
        (b"", "trades.csv"),
    ):
        response = _import(api, content, name)
        assert response.status_code == 422, (name, response.get_json())
        assert "file" in response.get_json()["fields"]


def test_qualified_import_refuses_trades_outside_the_catalogue(app, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "身份证号,姓名,工种,等级,取证年份\n"
        "410181199003150014,张伟,护理员,四级,2019\n"
        "410181199003150014,张伟,飞行员,四级,2019\n",
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["import-qualified", str(path)])
    assert result.exit_code == 1
    assert "新增 1 条" in result.output and "第3行" in result.output
    assert "不在工种目录中" in result.output


def test_catalogue_page_and_import_form(client):
    client.post("/login", data={"username": PROVINCE, "password": DEMO_PASSWORD})
    page = client.get("/admin/trades?q=焊")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "焊工" in text and "车工" not in text and "导入工种目录" in text
    content = "代码,名称,类别\n9-001,无人机驾驶员,新职业\n9-002,,新职业\n".encode()
    response = client.post(
        "/admin/trades/import",
        data={"file": (io.BytesIO(content), "t.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "新增 1 条" in text and "第3行" in text


def test_county_admin_sees_no_import_form(client):
    client.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    page = client.get("/admin/trades")
    assert page.status_code == 200 and "导入工种目录" not in page.get_data(as_text=True)
    response = client.post(
        "/admin/trades/import",
        data={"file": (io.BytesIO(b"x"), "t.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_applicant_form_offers_the_catalogue(client, applicant_factory):
    applicant = applicant_factory()
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    text = client.get("/me").get_data(as_text=True)
    assert 'list="trade-catalogue"' in text and '<option value="中式烹调师">' in text



def test_retired_trades_are_listed_on_request(api):
    content = _xlsx([["代码", "名称", "类别", "状态"], ["4-001", "护理员", "生活照料服务", "停用"]])
    assert _import(api, content).get_json()["updated"] == 1
    names = lambda q: {t["name"] for t in api.get(f"/api/trades{q}", as_=COUNTY).get_json()}  # noqa: E731
    assert "护理员" not in names("?include_inactive=false")
    assert "护理员" in names("?include_inactive=true")
    assert api.get("/api/trades?include_inactive=yes", as_=COUNTY).status_code == 422
