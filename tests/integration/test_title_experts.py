"""专家审查 and the expert pool through the HTTP API on both databases: an expert application
climbs 经办人 then 负责人 at every org from the applicant's unit to the province; a 退回修改
sends it back and the resubmission climbs again from the unit; the province leader's 通过
puts the expert into the pool, which committees search and draw from (recusing the
declarant's unit)."""

from __future__ import annotations

from tests.integration.expert_helpers import (
    apply,
    complete,
    decide_expert,
    expert,
    expert_tasks,
    pool_expert,
    submit_expert,
)
from tests.integration.title_helpers import (
    CHAIN_TO_CITY,
    CITY,
    COUNTY,
    PROVINCE,
    SUPERVISING,
    UNIT,
    add_declarant,
    add_reviewer,
    declare,
    review_staff,
    submit,
)

EXPERT_CHAIN = (*CHAIN_TO_CITY, PROVINCE)
OTHER_COUNTY, OTHER_UNIT, TOWN = "410122", "410122001", "410181002"


def _climb(api, staff, orgs):
    for org in orgs:
        for role in ("handler", "leader"):
            answer = decide_expert(api, staff[org][role], "pass")
            assert answer.status_code == 200, (org, role, answer.get_json())


def test_an_expert_climbs_to_the_province_and_enters_the_pool(api):
    staff = review_staff(api, EXPERT_CHAIN)
    declarant = add_declarant(api, name="王专家")
    created = apply(api, declarant)
    assert (created["status"], created["status_label"], created["name"]) == (
        "draft",
        "未提交",
        "王专家",
    )
    assert "*" in created["id_number"] and created["id_number"] != declarant

    submitted = submit_expert(api, declarant, created["id"]).get_json()
    assert submitted["status"] == "under_review"
    assert (submitted["waiting_org"]["code"], submitted["waiting_task"]) == (UNIT, "经办人审查")

    # 主管单位 returns it: a reason is required, and the applicant edits and resubmits.
    _climb(api, staff, (UNIT,))
    refused = decide_expert(api, staff[SUPERVISING]["handler"], "return")
    assert refused.status_code == 422 and "comment" in refused.get_json()["fields"]
    returned = decide_expert(api, staff[SUPERVISING]["handler"], "return", "补充评审经历")
    assert returned.status_code == 200, returned.get_json()
    back = expert(api, declarant, created["id"])
    assert (back["status"], back["return_reason"]) == ("returned", "补充评审经历")
    stale = api.patch(
        f"/api/title/experts/{created['id']}",
        json={"summary": "新的", "version": back["version"] - 1},
        as_=declarant,
    )
    assert stale.status_code == 409
    edited = api.patch(
        f"/api/title/experts/{created['id']}",
        json={"summary": "补充：担任市级评委三次", "version": back["version"]},
        as_=declarant,
    )
    assert edited.status_code == 200, edited.get_json()
    again = submit_expert(api, declarant, created["id"]).get_json()
    assert (again["status"], again["waiting_org"]["code"]) == ("under_review", UNIT)

    _climb(api, staff, EXPERT_CHAIN)
    approved = expert(api, PROVINCE, created["id"])
    assert (approved["status"], approved["status_label"], approved["active"]) == (
        "approved",
        "已入库",
        True,
    )
    assert approved["waiting_org"] is None and approved["approved_at"]

    records = api.get(f"/api/title/experts/{created['id']}/records", as_=PROVINCE).get_json()
    actions = [r["action"] for r in records]
    assert actions[:2] == ["expert_create", "expert_submit"]
    assert actions.count("return") == 1 and actions.count("resubmit") == 1
    assert actions.count("pass") == 2 + 10 and records[-1]["org"] == "河南省"

    leader = staff[PROVINCE]["leader"]
    found = api.get("/api/title/expert-pool?series=health&specialty=血管", as_=leader).get_json()
    assert [e["id"] for e in found["items"]] == [created["id"]]
    assert "*" in found["items"][0]["id_number"]
    other = api.get("/api/title/expert-pool?series=engineering", as_=leader).get_json()
    assert other["total"] == 0
    # The pool a city sees is its subtree; the other county's staff see none of this unit.
    assert api.get("/api/title/expert-pool", as_=staff[CITY]["handler"]).get_json()["total"] == 1
    outsider = add_reviewer(api, OTHER_COUNTY, "handler")
    assert api.get("/api/title/expert-pool", as_=outsider).get_json()["total"] == 0
    # Once in the pool, a second application is refused and this one can no longer change.
    assert (
        api.post(
            "/api/title/experts",
            as_=declarant,
            json={
                "series": "health",
                "specialty": "内科",
                "title": "主任医师",
                "title_level": "senior",
                "phone": "13912345678",
            },
        ).status_code
        == 409
    )
    frozen = api.patch(
        f"/api/title/experts/{created['id']}", json={"phone": "13800000000"}, as_=declarant
    )
    assert frozen.status_code == 409


def test_rejection_ends_the_application_and_below_deputy_senior_is_refused(api):
    staff = review_staff(api, (UNIT,))
    declarant = add_declarant(api)
    refused = api.post(
        "/api/title/experts",
        as_=declarant,
        json={
            "series": "health",
            "specialty": "内科",
            "title": "主治医师",
            "title_level": "intermediate",
            "phone": "13912345678",
        },
    )
    assert refused.status_code == 422
    assert "副高级" in refused.get_json()["fields"]["title_level"]
    created = apply(api, declarant, title_level="deputy_senior", title="副主任医师")
    lowered = api.patch(
        f"/api/title/experts/{created['id']}", json={"title_level": "junior"}, as_=declarant
    )
    assert lowered.status_code == 422
    assert submit_expert(api, declarant, created["id"]).status_code == 200
    assert decide_expert(api, staff[UNIT]["handler"], "reject").status_code == 422
    assert decide_expert(api, staff[UNIT]["handler"], "reject", "不符合条件").status_code == 200
    rejected = expert(api, declarant, created["id"])
    assert (rejected["status"], rejected["status_label"], rejected["active"]) == (
        "rejected",
        "未通过",
        False,
    )
    assert expert_tasks(api, staff[UNIT]["leader"]) == []
    assert api.get("/api/title/expert-pool", as_=staff[UNIT]["leader"]).get_json()["total"] == 0
    # A rejected applicant may apply again; staff are not applicants.
    assert (
        api.post(
            "/api/title/experts",
            as_=declarant,
            json={
                "series": "health",
                "specialty": "内科",
                "title": "主任医师",
                "title_level": "senior",
                "phone": "13912345678",
            },
        ).status_code
        == 201
    )
    assert (
        api.post(
            "/api/title/experts",
            as_=UNIT,
            json={
                "series": "health",
                "specialty": "内科",
                "title": "主任医师",
                "title_level": "senior",
                "phone": "13912345678",
            },
        ).status_code
        == 403
    )


def test_who_may_decide_an_expert_task(api):
    staff = review_staff(api, (UNIT,))
    declarant = add_declarant(api)
    created = apply(api, declarant)
    submit_expert(api, declarant, created["id"])
    task_id = expert_tasks(api, staff[UNIT]["handler"])[0]["task"]["id"]
    engineer = add_reviewer(api, UNIT, "handler", ("engineering",), username="engineer")
    assert expert_tasks(api, engineer) == []
    assert complete(api, engineer, task_id, "pass").status_code == 403
    assert complete(api, staff[UNIT]["leader"], task_id, "pass").status_code == 403
    outsider = add_reviewer(api, OTHER_COUNTY, "handler")
    assert complete(api, outsider, task_id, "pass").status_code == 404
    assert api.get(f"/api/title/experts/{created['id']}", as_=outsider).status_code == 404
    assert api.get(f"/api/title/experts/{created['id']}", as_=OTHER_COUNTY).status_code == 404
    listed = api.get("/api/title/experts?status=under_review", as_=OTHER_COUNTY).get_json()
    assert listed["total"] == 0
    assert api.get("/api/title/experts?status=under_review", as_=COUNTY).get_json()["total"] == 1
    assert complete(api, declarant, task_id, "pass").status_code == 403
    assert complete(api, staff[UNIT]["handler"], task_id, "pass").status_code == 200
    second = complete(api, staff[UNIT]["handler"], task_id, "pass")
    assert second.status_code == 409, second.get_json()
    other = add_declarant(api, name="他人")
    assert api.get(f"/api/title/experts/{created['id']}", as_=other).status_code == 404
    assert submit_expert(api, other, created["id"]).status_code == 404


def test_a_draw_recuses_the_declarants_unit_and_is_recorded(api):
    own = [pool_expert(api, UNIT) for _ in range(3)]
    others = [pool_expert(api, unit) for unit in (TOWN, OTHER_UNIT, TOWN, OTHER_UNIT)]
    pool_expert(api, OTHER_UNIT, specialty="骨科")
    pool_expert(api, OTHER_UNIT, series="engineering")
    city = add_reviewer(api, CITY, "leader")
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)

    body = {"series": "health", "specialty": "心血管", "count": 3, "declaration_id": declaration_id}
    for _ in range(6):
        drawn = api.post("/api/title/expert-draws", json=body, as_=city)
        assert drawn.status_code == 201, drawn.get_json()
        result = drawn.get_json()
        ids = [e["id"] for e in result["experts"]]
        assert len(ids) == len(set(ids)) == 3 and set(ids) <= set(others)
        assert not set(ids) & set(own)
        assert all(e["org"]["code"] != UNIT for e in result["experts"])
        assert result["pool_size"] == 4 and result["excluded_org"]["code"] == UNIT

    too_many = api.post("/api/title/expert-draws", json={**body, "count": 5}, as_=city)
    assert too_many.status_code == 422 and "count" in too_many.get_json()["fields"]
    # Without a declaration, the whole pool of the series is eligible.
    everyone = api.post("/api/title/expert-draws", json={"series": "health", "count": 8}, as_=city)
    assert everyone.status_code == 201 and everyone.get_json()["pool_size"] == 8
    recused = api.post(
        "/api/title/expert-draws",
        json={"series": "health", "count": 5, "exclude_org_code": OTHER_UNIT},
        as_=city,
    )
    assert recused.status_code == 201
    assert all(e["org"]["code"] != OTHER_UNIT for e in recused.get_json()["experts"])

    draws = api.get("/api/title/expert-draws", as_=city).get_json()
    assert draws["total"] == 8
    first = draws["items"][-1]
    assert api.get(f"/api/title/expert-draws/{first['id']}", as_=city).get_json() == first
    trail = api.get(f"/api/title/declarations/{declaration_id}/history", as_=declarant)
    assert trail.status_code == 200, trail.get_json()
    assert [e["action"] for e in trail.get_json()].count("expert_draw") == 6

    # Only a committee org (city, province) draws, and only in a series it holds.
    county = add_reviewer(api, COUNTY, "leader")
    refused = api.post("/api/title/expert-draws", json=body, as_=county)
    assert refused.status_code == 403
    engineer = add_reviewer(api, CITY, "handler", ("engineering",), username="cityeng")
    assert api.post("/api/title/expert-draws", json=body, as_=engineer).status_code == 403
    assert api.post("/api/title/expert-draws", json=body, as_=CITY).status_code == 403
    assert api.get(f"/api/title/expert-draws/{first['id']}", as_=county).status_code == 404
    assert api.get("/api/title/expert-pool", as_=declarant).status_code == 403
