"""报名信息查询 and the lists around it, as the seed draws them: 当前状态 (已审核 / 待审核 for the
viewer's level) and an 操作历史 link on each row; the 单位 filter picks an org of the subtree and
brings its sub-units; names sort by pinyin; 补报 entries can be corrected or deleted (操作) until
their person submits, each change on the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act

TOWN, CITY, ZHONGMOU = "410181002", "410100", "410122"


def _states(api, who: str) -> dict[int, str]:
    body = api.get("/api/applications", as_=who).get_json()
    return {int(k): v for k, v in body["review_states"].items()}


def test_rows_say_whether_my_level_has_reviewed_them(api, applicant_factory):
    passed = applicant_factory(UNIT, name="已过单位")
    passed.apply_and_submit()
    assert act(api, UNIT, "pass").status_code == 200  # now waiting at the supervising unit
    waiting = applicant_factory(UNIT, name="待单位")
    waiting.apply_and_submit()
    draft = applicant_factory(UNIT, name="草稿")
    draft.apply()
    ids = (passed.application_id, waiting.application_id, draft.application_id)
    assert [_states(api, UNIT)[i] for i in ids] == ["已审核", "待审核", ""]
    assert [_states(api, SUPERVISING)[i] for i in ids] == ["待审核", "待审核", ""]
    assert [_states(api, COUNTY)[i] for i in ids] == ["待审核", "待审核", ""]
    assert [_states(api, CITY)[i] for i in ids] == ["", "", ""]  # nothing comes to the city


def test_each_row_links_its_history_without_opening_the_id_number(app, client, applicant_factory):
    person = applicant_factory(UNIT, name="历史")
    person.apply_and_submit()
    client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    page = client.get("/applications").get_data(as_text=True)
    link = f"/applications/{person.application_id}/history"
    assert f'href="{link}"' in page and "操作历史" in page
    assert '<td class="review-state">待审核</td>' in page
    history = client.get(link)
    assert history.status_code == 200
    text = history.get_data(as_text=True)
    assert "提交报名" in text and "填写报名信息" in text and person.id_number not in text
    with app.app_context():
        views = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "view_id_number")
        ).all()
        assert views == []
    other = app.test_client()
    other.post("/login", data={"username": ZHONGMOU, "password": DEMO_PASSWORD})
    assert other.get(link).status_code == 404


def test_unit_filter_brings_sub_units_and_offers_the_subtree(api, client, applicant_factory):
    hospital = applicant_factory(UNIT, name="医院")
    hospital.apply_and_submit()
    town = applicant_factory(TOWN, name="镇政府")
    town.apply_and_submit()

    def names(unit: str) -> set[str]:
        body = api.get(f"/api/applications?unit={unit}", as_=COUNTY).get_json()
        return {item["name"] for item in body["items"]}

    assert names(SUPERVISING) == {hospital.name}  # the supervising unit's own units
    assert names(COUNTY) == {hospital.name, town.name}
    assert names(TOWN) == {town.name}
    client.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    page = client.get("/applications?roster=final").get_data(as_text=True)
    assert 'list="scope-orgs"' in page
    assert f'<option value="{UNIT}">巩义市人民医院</option>' in page
    assert f'<option value="{SUPERVISING}">' in page
    assert "中牟县人民医院" not in page  # another county's orgs are not offered


def test_names_sort_by_pinyin(api, applicant_factory):
    for surname in ("张", "李", "王", "阿"):
        applicant_factory(UNIT, name=surname).apply_and_submit()
    ascending = api.get("/api/tasks?sort=name", as_=UNIT).get_json()["items"]
    assert [t["application"]["name"][0] for t in ascending] == ["阿", "李", "王", "张"]
    descending = api.get("/api/tasks?sort=-name", as_=UNIT).get_json()["items"]
    assert [t["application"]["name"][0] for t in descending] == ["张", "王", "李", "阿"]


ENTRY = {"id_number": "11010519491231002X", "name": "补报错名", "org_code": TOWN}
OTHER = {"id_number": "110105194912310011", "name": "多补一人", "org_code": TOWN}


def test_supplementary_entries_are_corrected_or_deleted_until_submitted(app, api):
    created = api.post("/api/supplementary", as_=COUNTY, json=ENTRY).get_json()
    extra = api.post("/api/supplementary", as_=COUNTY, json=OTHER).get_json()
    fixed = api.patch(
        f"/api/supplementary/{created['id']}",
        as_=COUNTY,
        json={"name": "补报人员", "org_code": UNIT, "phone": "13912345678"},
    )
    assert fixed.status_code == 200, fixed.get_json()
    assert fixed.get_json()["name"] == "补报人员" and fixed.get_json()["org"]["code"] == UNIT
    assert fixed.get_json()["username"] == "110*****002X"  # the ID number kept, masked
    assert api.patch(f"/api/supplementary/{created['id']}", as_=ZHONGMOU, json=ENTRY).status_code == 404
    taken = api.patch(
        f"/api/supplementary/{created['id']}", as_=COUNTY, json={**ENTRY, "id_number": OTHER["id_number"]}
    )
    assert taken.status_code == 409 and taken.get_json()["fields"] == {"id_number": "该身份证号已注册"}
    assert api.delete(f"/api/supplementary/{extra['id']}", as_=COUNTY).status_code == 204
    assert [u["name"] for u in api.get("/api/supplementary", as_=COUNTY).get_json()] == ["补报人员"]

    declared = api.post(  # submitted on the person's behalf: the entry is final now
        "/api/exceptional-declarations",
        as_=COUNTY,
        json={
            "gender": "female", "phone": "13912345678", "birth_month": "1949-12",
            "education": "大专", "work_start": "2012-07", "current_grade": 4,
            "current_trade": "护理员", "current_grade_year": 2019, "declared_trade": "护理员",
            "declared_grade": 3, "prohibited": False, "id_number": ENTRY["id_number"],
            "exceptional_reason": "抗洪一线",
        },
    )
    assert declared.status_code == 201, declared.get_json()
    assert api.patch(f"/api/supplementary/{created['id']}", as_=COUNTY, json=ENTRY).status_code == 409
    refused = api.delete(f"/api/supplementary/{created['id']}", as_=COUNTY)
    assert refused.status_code == 409
    with app.app_context():
        events = {
            e.action: e.details
            for e in db.session.scalars(select(AuditEvent).where(AuditEvent.chain == "system"))
        }
        assert events["update_supplementary"]["before"]["name"] == "补报错名"
        assert events["update_supplementary"]["after"]["org"] == "巩义市人民医院"
        assert events["delete_supplementary"]["name"] == "多补一人"
        assert db.session.scalars(select(User).filter_by(name="多补一人")).first() is None


def test_supplementary_page_has_the_operations(api, client):
    created = api.post("/api/supplementary", as_=COUNTY, json=ENTRY).get_json()
    client.post("/login", data={"username": COUNTY, "password": DEMO_PASSWORD})
    page = client.get("/review/supplementary").get_data(as_text=True)
    assert "<th>操作</th>" in page and ENTRY["id_number"] not in page
    edit = client.post(
        f"/review/supplementary/{created['id']}/edit",
        data={"name": "改后名", "org_code": TOWN, "id_number": ""},
        follow_redirects=True,
    )
    assert "已修改补报人员 改后名" in edit.get_data(as_text=True)
    deleted = client.post(f"/review/supplementary/{created['id']}/delete", follow_redirects=True)
    assert "已删除补报人员" in deleted.get_data(as_text=True)
    assert "暂无补报人员" in deleted.get_data(as_text=True)
