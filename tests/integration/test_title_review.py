"""审查推荐 through HTTP on both databases: a declaration climbs from the declarant's unit to
the committee's org, handler then leader at every org, on one diagram whatever the depth."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditEvent, Org
from tests.integration.title_helpers import (
    CHAIN_TO_CITY,
    CITY,
    COUNTY,
    PROVINCE,
    SUPERVISING,
    UNIT,
    act,
    add_declarant,
    declaration,
    declare,
    inbox,
    only_task,
    put,
    review_staff,
    submit,
)


def _org_id(app, code: str) -> int:
    with app.app_context():
        return db.session.query(Org.id).filter_by(code=code).scalar()


def test_intermediate_declaration_climbs_four_levels_with_a_return_at_the_county(app, api):
    staff = review_staff(api, CHAIN_TO_CITY)
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submitted = submit(api, declarant, declaration_id)
    assert submitted["status"] == "under_review"
    assert submitted["committee_org"]["code"] == CITY  # 中级: the city's committee
    assert submitted["waiting_org"]["code"] == UNIT

    for org in (UNIT, SUPERVISING):
        assert inbox(api, staff[org]["leader"]) == []  # the handler reviews first
        assert act(api, staff[org]["handler"], "pass").status_code == 200
        assert inbox(api, staff[org]["handler"]) == []
        assert act(api, staff[org]["leader"], "pass").status_code == 200
    assert act(api, staff[COUNTY]["handler"], "pass").status_code == 200
    no_reason = act(api, staff[COUNTY]["leader"], "return")
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]
    returned = act(api, staff[COUNTY]["leader"], "return", "论文须附检索证明")
    assert returned.status_code == 200, returned.get_json()

    mine = declaration(api, declarant, declaration_id)["declaration"]
    assert mine["status"] == "returned" and mine["status_label"] == "已退回"
    assert mine["return_reason"] == "论文须附检索证明"
    assert mine["waiting_task"] == "修改后重新提交"
    edited = api.patch(
        f"/api/title/declarations/{declaration_id}",
        as_=declarant,
        json={"sections": {"papers": [{"title": "论文一", "proof": "检索证明"}]}},
    )
    assert edited.status_code == 200, edited.get_json()
    resubmitted = submit(api, declarant, declaration_id)
    assert resubmitted["status"] == "under_review"
    assert resubmitted["waiting_org"]["code"] == UNIT  # starts again at the unit

    for org in CHAIN_TO_CITY:
        for role in ("handler", "leader"):
            assert act(api, staff[org][role], "pass").status_code == 200
    done = declaration(api, declarant, declaration_id)["declaration"]
    assert done["status"] == "approved" and done["status_label"] == "已通过"
    assert done["waiting_org"] is None

    with app.app_context():
        trail = (
            db.session.query(AuditEvent.action, AuditEvent.org_name)
            .filter_by(chain=f"title:{declaration_id}")
            .order_by(AuditEvent.seq)
            .all()
        )
    actions = [action for action, _ in trail]
    assert actions[:2] == ["title_create", "title_submit"]
    assert actions.count("pass") == 5 + 8 and actions.count("return") == 1
    assert "resubmit" in actions and "title_update" in actions
    assert trail[actions.index("return")][1] == "巩义市"
    history = api.get(f"/api/title/declarations/{declaration_id}/history", as_=declarant)
    assert [e["action"] for e in history.get_json()] == actions
    returned_event = next(e for e in history.get_json() if e["action"] == "return")
    assert returned_event["comment"] == "论文须附检索证明"
    assert returned_event["task"]["name"] == "负责人审查"
    assert returned_event["definition"]["process_id"] == "title_review"


def test_deputy_senior_declaration_goes_up_to_the_province(app, api):
    staff = review_staff(api)
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant, level="deputy_senior")
    assert submit(api, declarant, declaration_id)["committee_org"]["code"] == PROVINCE
    for org in CHAIN_TO_CITY:
        for role in ("handler", "leader"):
            assert act(api, staff[org][role], "pass").status_code == 200
    at_province = declaration(api, declarant, declaration_id)["declaration"]
    assert at_province["status"] == "under_review"
    assert at_province["waiting_org"]["code"] == PROVINCE
    interview = {"notice": "请于6月20日上午9时参加面试答辩", "place": "河南省人才交流中心"}
    path = f"/api/title/declarations/{declaration_id}/interview"
    assert put(api, path, interview, as_=CITY).status_code == 403  # not the committee
    assert put(api, path, interview, as_=PROVINCE).status_code == 200
    assert act(api, staff[PROVINCE]["handler"], "pass").status_code == 200
    assert act(api, staff[PROVINCE]["leader"], "pass").status_code == 200
    mine = declaration(api, declarant, declaration_id)["declaration"]
    assert mine["status"] == "approved" and mine["committee_org"]["name"] == "河南省"
    assert mine["interview_notice"] == interview["notice"]
    assert mine["interview_place"] == interview["place"]


def test_a_rejection_ends_the_declaration_and_needs_a_reason(app, api):
    staff = review_staff(api, (UNIT,))
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    assert act(api, staff[UNIT]["handler"], "reject").status_code == 422
    assert act(api, staff[UNIT]["handler"], "reject", "不符合申报条件").status_code == 200
    ended = declaration(api, declarant, declaration_id)["declaration"]
    assert ended["status"] == "rejected" and ended["status_label"] == "未通过"
    assert inbox(api, staff[UNIT]["leader"]) == []
    again = api.post(f"/api/title/declarations/{declaration_id}/submit", as_=declarant)
    assert again.status_code == 409
    library = api.get("/api/definitions", as_=PROVINCE).get_json()
    (title_file,) = [f for f in library["files"] if f["file"] == "title_review.bpmn"]
    assert title_file["title"] == "职称审查推荐"
    (process,) = [p for p in library["processes"] if p["process_id"] == "title_review"]
    assert (process["versions"][0]["running"], process["versions"][0]["finished"]) == (0, 1)


def test_only_the_tasks_org_may_act_and_a_submitted_declaration_is_frozen(app, api):
    staff = review_staff(api, (UNIT, SUPERVISING))
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    task = only_task(api, staff[UNIT]["handler"])
    above = api.post(
        f"/api/title/tasks/{task['id']}/complete",
        json={"action": "pass"},
        as_=staff[SUPERVISING]["handler"],
    )
    assert above.status_code == 403
    frozen = api.patch(
        f"/api/title/declarations/{declaration_id}", as_=declarant, json={"specialty": "外科"}
    )
    assert frozen.status_code == 409
