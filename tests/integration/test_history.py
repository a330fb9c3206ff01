"""操作历史: every event with time, actor, org, action, comment, status change and task."""

from tests.conftest import SUBMISSION_KINDS
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act


def test_history_tells_the_whole_story(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    app_id = applicant.application_id
    note = api.post(
        f"/api/applications/{app_id}/comments", json={"comment": "已电话核实"}, as_=UNIT
    )
    assert note.status_code == 201
    act(api, UNIT, "pass", "同意")
    act(api, SUPERVISING, "return", "缺少学历证明")
    applicant.submit()
    for org in (UNIT, SUPERVISING, COUNTY):
        act(api, org, "pass")
    history = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()
    actions = [e["action"] for e in history]
    assert actions == [
        "create",
        *["upload"] * len(SUBMISSION_KINDS),
        "submit",
        "comment",
        "pass",
        "return",
        "resubmit",
        "pass",
        "pass",
        "pass",
    ]
    history = [history[0], *history[1 + len(SUBMISSION_KINDS) :]]  # one event per decision
    comment = history[2]
    assert comment["org"] == "巩义市人民医院" and comment["task"]["bpmn_id"] == "review_unit"
    returned = history[4]
    assert returned == {
        **returned,
        "actor": "巩义市卫生健康委员会管理员",
        "org": "巩义市卫生健康委员会",
        "comment": "缺少学历证明",
        "status_from": "under_review",
        "status_to": "returned",
        "task": {"name": "主管单位审核", "bpmn_id": "review_supervising"},
    }
    final = history[-1]
    assert (final["status_from"], final["status_to"]) == ("under_review", "approved")
    assert final["task"]["name"] == "县区人工审核" and final["at"]
    assert history[5]["task"]["bpmn_id"] == "revise"
    empty_comment = api.post(f"/api/applications/{app_id}/comments", json={"comment": ""}, as_=UNIT)
    assert empty_comment.status_code == 422


def test_records_list_what_my_org_did(api, applicant_factory):
    first, second = applicant_factory(UNIT), applicant_factory(UNIT)
    first.apply_and_submit()
    second.apply_and_submit()
    tasks = api.get("/api/tasks", as_=UNIT).get_json()["items"]
    assert [t["application_id"] for t in tasks] == [
        first.application_id,
        second.application_id,
    ]  # oldest first
    api.post(f"/api/tasks/{tasks[1]['id']}/complete", json={"action": "pass"}, as_=UNIT)
    reject = {"action": "reject", "comment": "不符合报考条件"}
    api.post(f"/api/tasks/{tasks[0]['id']}/complete", json=reject, as_=UNIT)
    passed = api.get("/api/tasks/records?action=pass", as_=UNIT).get_json()
    rejected = api.get("/api/tasks/records?action=reject", as_=UNIT).get_json()
    assert [t["application_id"] for t in passed["items"]] == [second.application_id]
    assert [t["application_id"] for t in rejected["items"]] == [first.application_id]
    assert api.get("/api/tasks/records?action=pass", as_=COUNTY).get_json()["total"] == 0
