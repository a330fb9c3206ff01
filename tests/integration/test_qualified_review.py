"""往年报考合格库 on the review screen and its console import (issue 9 item 4): the reviewer sees
the applicant's earlier records, which one backs each auto-review condition, and province and
city admins import the database from the console with a per-row report."""

from __future__ import annotations

import io

from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task
from tests.integration.test_paths import qualify

PROVINCE, CITY, OTHER_COUNTY = "410000", "410100", "410122"


def _login(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def _at_county_auto(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    qualify(app, applicant, cert_year=2019)  # backs 四级 护理员 2019 of VALID_FORM
    qualify(app, applicant, trade="电工", grade=5, cert_year=2015)  # an older, other trade
    applicant.apply_and_submit()
    for org in (UNIT, SUPERVISING):
        act(api, org, "pass")
    return applicant


def test_reviewer_sees_records_and_which_backs_each_condition(app, api, applicant_factory):
    applicant = _at_county_auto(app, api, applicant_factory)
    body = api.get(
        f"/api/applications/{applicant.application_id}/qualified-records", as_=COUNTY
    ).get_json()
    assert [(r["trade"], r["cert_year"], r["backs"]) for r in body["records"]] == [
        ("护理员", 2019, True),
        ("电工", 2015, False),
    ]
    assert body["records"][1]["differs"] == ["工种", "等级", "取证年份"]
    backing = body["records"][0]["id"]
    assert body["backing_record_id"] == backing
    assert body["conditions"] == {
        "auto_qualified_match": backing,
        "auto_one_level_up": backing,
        "auto_years": backing,
    }


def test_task_page_has_the_button_and_the_condition_sources(
    app, api, client, applicant_factory
):
    _at_county_auto(app, api, applicant_factory)
    task = only_task(api, COUNTY, "auto")
    _login(client, COUNTY)
    text = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "往年报考合格库（2 条）" in text
    assert "✓ 证实现等级" in text and "✗ 不一致：工种、等级、取证年份" in text
    assert "依据：往年合格库 2019年 护理员" in text
    assert "依据：报名信息" in text  # 非一级工 reads the form only


def test_records_stay_inside_the_reviewers_scope(app, api, applicant_factory):
    applicant = _at_county_auto(app, api, applicant_factory)
    path = f"/api/applications/{applicant.application_id}/qualified-records"
    assert api.get(path, as_=OTHER_COUNTY).status_code == 404
    assert api.get(path, as_=applicant.id_number).status_code == 403
    assert api.get(path, as_=CITY).status_code == 200


def _csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_city_admin_imports_from_the_console_with_row_errors(app, api, client, applicant_factory):
    applicant = applicant_factory(UNIT)
    content = _csv(
        [
            "身份证号,姓名,工种,等级,取证年份,证书编号",
            f"{applicant.id_number},{applicant.name},护理员,四级,2019,A-1",
            f"{applicant.id_number},{applicant.name},飞行员,四级,2019,A-2",
            "123,某人,电工,三级,2020,A-3",
        ]
    )
    _login(client, CITY)
    assert "往年合格库导入" in client.get("/admin/qualified").get_data(as_text=True)
    response = client.post(
        "/admin/qualified/import",
        data={"file": (io.BytesIO(content), "q.csv")},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已处理 3/3 行" in text and "新增 1 条" in text
    assert "第3行" in text and "不在工种目录中" in text and "第4行" in text
    applicant.apply_and_submit()
    body = api.get(
        f"/api/applications/{applicant.application_id}/qualified-records", as_=COUNTY
    ).get_json()
    assert [r["cert_no"] for r in body["records"]] == ["A-1"]


def test_import_api_is_for_province_and_city_admins(api):
    content = _csv(["身份证号,姓名,工种,等级,取证年份", "410181199003150014,张伟,护理员,四级,2019"])

    def post(as_: str):
        return api.post(
            "/api/qualified/import",
            as_=as_,
            data={"file": (io.BytesIO(content), "q.csv")},
            content_type="multipart/form-data",
        )

    for caller in (COUNTY, UNIT):
        assert post(caller).status_code == 403
    assert post(PROVINCE).get_json() == {"created": 1, "updated": 0, "errors": []}
    assert post(CITY).get_json() == {"created": 0, "updated": 1, "errors": []}
    bad = api.post(
        "/api/qualified/import",
        as_=PROVINCE,
        data={"file": (io.BytesIO(b"x,y\n1,2\n"), "q.csv")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "file" in bad.get_json()["fields"]


def test_county_admin_has_no_import_page(client):
    _login(client, COUNTY)
    assert client.get("/admin/qualified").status_code == 403
