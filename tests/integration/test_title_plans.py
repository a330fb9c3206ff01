"""申报计划 through the HTTP API on both databases: a plan climbs 经办人 then 负责人 at every
org from its unit to the province; a 撤回 sends it back to the unit, whose resubmission climbs
again from the bottom; approved plans are the quota declarations are counted against."""

from __future__ import annotations

import io
import threading

from openpyxl import load_workbook

from app.platform.models.base import utcnow
from app.titles.services import plan_quota
from tests.files import blank_pdf, png
from tests.integration.plan_helpers import (
    decide,
    new_plan,
    patch_plan,
    plan,
    plan_tasks,
    submit_plan,
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
    approved_plan,
    declare,
    review_staff,
    submit,
)

YEAR = utcnow().year
PLAN_CHAIN = (*CHAIN_TO_CITY, PROVINCE)
OTHER_UNIT = "410122001"


def _climb(api, staff, orgs, plan_id):
    """Handler then leader pass at each of ``orgs``; the plan waits at the next one."""
    for org in orgs:
        for role in ("handler", "leader"):
            if org == UNIT and role == "handler":
                continue  # the unit's handler submitted it
            answer = decide(api, staff[org][role], "pass")
            assert answer.status_code == 200, answer.get_json()


def test_a_plan_climbs_to_the_province_and_its_places_are_the_quota(api):
    staff = review_staff(api, PLAN_CHAIN)
    created = new_plan(api, staff[UNIT]["handler"], YEAR)
    assert created["status"] == "draft" and created["status_label"] == "未提交"
    submitted = submit_plan(api, staff[UNIT]["handler"], created["id"]).get_json()
    assert submitted["status_label"] == "已提交"
    assert (submitted["waiting_org"]["code"], submitted["waiting_task"]) == (UNIT, "负责人审批")
    assert plan_tasks(api, staff[UNIT]["handler"]) == []

    _climb(api, staff, (UNIT, SUPERVISING, COUNTY, CITY), created["id"])
    waiting = plan(api, UNIT, created["id"])
    assert (waiting["status"], waiting["waiting_org"]["code"]) == ("under_review", PROVINCE)
    assert decide(api, staff[PROVINCE]["handler"], "pass").status_code == 200
    assert decide(api, staff[PROVINCE]["leader"], "pass").status_code == 200
    approved = plan(api, UNIT, created["id"])
    assert (approved["status"], approved["status_label"]) == ("approved", "已通过")
    assert approved["waiting_org"] is None and approved["approved_at"]

    records = api.get(f"/api/title/plans/{created['id']}/records", as_=PROVINCE).get_json()
    steps = [(r["org"], r["role"], r["action"]) for r in records]
    assert steps[0][1:] == ("handler", "plan_submit")
    assert len(steps) == 1 + 9 and all(action == "pass" for _, _, action in steps[1:])
    assert [r["role_label"] for r in records[1:3]] == ["负责人", "经办人"]
    assert records[-1]["org"] == "河南省" and records[-1]["action_label"] == "通过"

    # The plan gives one 中级 place: the first declaration takes it, the second is refused.
    first, second = add_declarant(api, name="甲"), add_declarant(api, name="乙")
    submit(api, first, declare(api, first, with_plan=False))
    refused = api.post(
        f"/api/title/declarations/{declare(api, second, with_plan=False)}/submit", as_=second
    )
    assert refused.status_code == 422
    assert refused.get_json()["message"].startswith("超计划申报：")
    assert "中级申报计划1人" in refused.get_json()["message"]


def test_a_withdrawal_at_the_county_sends_it_back_and_it_climbs_again(api):
    staff = review_staff(api, PLAN_CHAIN)
    plan_id = new_plan(api, staff[UNIT]["handler"], YEAR)["id"]
    assert submit_plan(api, staff[UNIT]["handler"], plan_id).status_code == 200
    _climb(api, staff, (UNIT, SUPERVISING), plan_id)
    county = staff[COUNTY]["handler"]
    no_reason = decide(api, county, "withdraw")
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]
    assert decide(api, county, "withdraw", "初级人数超过岗位数").status_code == 200

    back = plan(api, UNIT, plan_id)
    assert (back["status"], back["status_label"]) == ("draft", "未提交")
    assert back["withdraw_reason"] == "初级人数超过岗位数" and back["waiting_org"] is None
    assert plan_tasks(api, county) == []
    fixed = patch_plan(api, staff[UNIT]["handler"], plan_id, {"junior": 1})
    assert fixed.status_code == 200 and fixed.get_json()["junior"] == 1

    # Resubmitted by the unit's leader: its own review is the leader's, so it starts at the
    # supervising unit's handler and climbs level by level again.
    again = submit_plan(api, staff[UNIT]["leader"], plan_id).get_json()
    assert again["waiting_org"]["code"] == SUPERVISING and again["withdraw_reason"] is None
    assert plan_tasks(api, county) == []
    _climb(api, staff, (SUPERVISING,), plan_id)
    assert len(plan_tasks(api, county)) == 1
    records = api.get(f"/api/title/plans/{plan_id}/records", as_=UNIT).get_json()
    withdrawn = [r for r in records if r["action"] == "withdraw"]
    assert [(r["org"], r["role"], r["reason"]) for r in withdrawn] == [
        ("巩义市", "handler", "初级人数超过岗位数")
    ]
    assert [r["action"] for r in records].count("plan_submit") == 2


def test_a_submitted_plan_cannot_be_edited_or_deleted(api):
    handler = add_reviewer(api, UNIT, "handler")
    draft = new_plan(api, handler, YEAR)
    assert api.delete(f"/api/title/plans/{draft['id']}", as_=handler).status_code == 204
    plan_id = new_plan(api, handler, YEAR)["id"]
    stale = patch_plan(api, handler, plan_id, {"junior": 3, "version": 99})
    assert stale.status_code == 409
    assert submit_plan(api, handler, plan_id).status_code == 200
    edited = patch_plan(api, handler, plan_id, {"junior": 9})
    assert edited.status_code == 409 and "已上报" in edited.get_json()["message"]
    assert api.delete(f"/api/title/plans/{plan_id}", as_=handler).status_code == 409
    assert submit_plan(api, handler, plan_id).status_code == 409
    bad = api.post("/api/title/plans", as_=handler, json={"year": YEAR, "series": "nope"})
    assert bad.status_code == 422 and "series" in bad.get_json()["fields"]


def test_another_units_plan_does_not_exist_for_it(api):
    mine = add_reviewer(api, UNIT, "handler")
    theirs = add_reviewer(api, OTHER_UNIT, "handler")
    plan_id = new_plan(api, theirs, YEAR)["id"]
    assert api.get(f"/api/title/plans/{plan_id}", as_=mine).status_code == 404
    assert patch_plan(api, mine, plan_id, {"junior": 1}).status_code == 404
    assert api.get(f"/api/title/plans/{plan_id}/records", as_=mine).status_code == 404
    assert submit_plan(api, mine, plan_id).status_code == 404
    listed = api.get("/api/title/plans", as_=mine).get_json()
    assert listed["total"] == 0
    assert api.get(f"/api/title/plans/{plan_id}", as_=CITY).status_code == 200  # above it


def test_no_approved_plan_refuses_the_submission(api):
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant, with_plan=False)
    refused = api.post(f"/api/title/declarations/{declaration_id}/submit", as_=declarant)
    assert refused.status_code == 422
    assert refused.get_json()["message"] == "超计划申报：本单位本年度该系列无已通过的申报计划"
    approved_plan(api, UNIT, "education")  # another series' plan does not count
    again = api.post(f"/api/title/declarations/{declaration_id}/submit", as_=declarant)
    assert again.status_code == 422


def test_two_submissions_for_the_last_place_exactly_one_succeeds(app, api, monkeypatch):
    # Another unit's submission first: the process definition row it creates is then there,
    # so only the quota can stand between the two racers.
    elsewhere = add_declarant(api, unit=OTHER_UNIT, name="丙")
    submit(api, elsewhere, declare(api, elsewhere))
    approved_plan(api, UNIT, places=0, intermediate=1)
    declarants = [add_declarant(api, name=name) for name in ("甲", "乙")]
    ids = [declare(api, d, with_plan=False) for d in declarants]
    tokens = [api.tokens[d] for d in declarants]

    barrier = threading.Barrier(2, timeout=20)
    real_check = plan_quota.check_quota

    def wait_then_check(*args, **kwargs):
        barrier.wait()  # both have loaded their declaration before either counts
        return real_check(*args, **kwargs)

    monkeypatch.setattr(plan_quota, "check_quota", wait_then_check)
    responses = []

    def submit_one(declaration_id: int, token: str) -> None:
        client = app.test_client()
        responses.append(
            client.post(
                f"/api/title/declarations/{declaration_id}/submit",
                headers={"Authorization": f"Bearer {token}"},
            )
        )

    threads = [
        threading.Thread(target=submit_one, args=args) for args in zip(ids, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.undo()

    codes = sorted(r.status_code for r in responses)
    assert codes[0] == 200 and codes[1] in (409, 422), [r.get_json() for r in responses]
    loser = max(responses, key=lambda r: r.status_code).get_json()["message"]
    assert loser.startswith("超计划申报") or loser == "系统繁忙，请稍后重试", loser
    listed = api.get("/api/title/declarations?status=under_review", as_=UNIT).get_json()
    assert listed["total"] == 1


def test_statistics_sum_approved_plans_per_org_and_export_the_node(api):
    seeded = {
        UNIT: [dict(junior=3, intermediate=2, deputy_senior=1, senior=0)] * 2,
        SUPERVISING: [dict(junior=1, intermediate=1, deputy_senior=0, senior=1)],
        OTHER_UNIT: [dict(junior=5, intermediate=0, deputy_senior=0, senior=2)],
    }
    for org, plans in seeded.items():
        for counts in plans:
            approved_plan(api, org, places=0, **counts)
    handler = add_reviewer(api, UNIT, "handler")
    new_plan(api, handler, YEAR, junior=50)  # a draft counts nowhere

    rows = api.get(f"/api/title/plan-statistics?year={YEAR}", as_=CITY).get_json()
    by_org = {row["org"]["code"] if row["org"] else "total": row for row in rows}
    assert list(by_org) == [CITY, "410122", OTHER_UNIT, COUNTY, SUPERVISING, UNIT, "total"]
    own = {org: {k: sum(p[k] for p in plans) for k in plans[0]} for org, plans in seeded.items()}
    for org, expected in own.items():
        assert by_org[org]["counts"] == expected
        assert by_org[org]["total"] == sum(expected.values())
    assert by_org[COUNTY]["total"] == 0 and by_org[UNIT]["subtree"] == own[UNIT]

    within = {  # the seeded orgs at or below each node
        CITY: (UNIT, SUPERVISING, OTHER_UNIT),
        COUNTY: (UNIT, SUPERVISING),
        SUPERVISING: (UNIT, SUPERVISING),
        UNIT: (UNIT,),
        OTHER_UNIT: (OTHER_UNIT,),
    }

    def below(code: str) -> int:  # the direct sum of every seeded plan at or below ``code``
        return sum(sum(own[org].values()) for org in within[code])

    for code in (CITY, COUNTY, SUPERVISING, UNIT, OTHER_UNIT):
        assert by_org[code]["subtree_total"] == below(code), code
    assert by_org[COUNTY]["subtree"]["junior"] == 3 + 3 + 1
    assert by_org["total"]["subtree_total"] == by_org[CITY]["subtree_total"] == below(CITY)

    export = api.get(f"/api/title/plan-statistics?org_code={COUNTY}&format=xlsx", as_=CITY)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert table[0][:3] == ["单位编码", "单位名称", "初级（含下级）"]
    assert [row[0] for row in table[1:-1]] == [COUNTY, SUPERVISING, UNIT]
    assert [row[-2] for row in table[1:]] == [15, 15, 12, 15]
    assert table[-1][1] == "合计" and OTHER_UNIT not in {row[0] for row in table}
    assert api.get(f"/api/title/plan-statistics?org_code={CITY}", as_=COUNTY).status_code == 404


def test_the_plan_pdf_is_checked_kept_and_served_to_those_above(api):
    handler = add_reviewer(api, UNIT, "handler")
    plan_id = new_plan(api, handler, YEAR)["id"]
    path = f"/api/title/plans/{plan_id}/attachment"
    assert api.get(path, as_=handler).status_code == 404
    not_pdf = api.client.put(
        path, data={"file": (io.BytesIO(png()), "plan.pdf")}, headers=api._headers(handler)
    )
    assert not_pdf.status_code == 422 and "file" in not_pdf.get_json()["fields"]
    stored = api.client.put(
        path, data={"file": (io.BytesIO(blank_pdf()), "计划.pdf")}, headers=api._headers(handler)
    )
    assert stored.status_code == 200, stored.get_json()
    assert stored.get_json()["attachment_name"] == "计划.pdf"
    served = api.get(path, as_=COUNTY)
    assert served.status_code == 200 and served.mimetype == "application/pdf"
    assert served.data.startswith(b"%PDF")
    assert api.get(path, as_=OTHER_UNIT).status_code == 404


def test_the_provinces_own_plan_ends_with_its_leader(api):
    handler = add_reviewer(api, PROVINCE, "handler")
    leader = add_reviewer(api, PROVINCE, "leader")
    by_handler = new_plan(api, handler, YEAR)["id"]
    assert submit_plan(api, handler, by_handler).get_json()["waiting_org"]["code"] == PROVINCE
    assert decide(api, leader, "pass").status_code == 200
    assert plan(api, PROVINCE, by_handler)["status"] == "approved"
    by_leader = new_plan(api, leader, YEAR)["id"]  # the leader's 上报 is its own approval
    assert submit_plan(api, leader, by_leader).get_json()["status"] == "approved"
    records = api.get(f"/api/title/plans/{by_leader}/records", as_=PROVINCE).get_json()
    assert [(r["role"], r["action"]) for r in records] == [("leader", "plan_submit")]
