"""Engine failures through the HTTP API answer 4xx and write nothing: a diagram element that
would run forever -> 422 naming it, a lane the applicant's org chain lacks -> 422, a diagram
the sandbox refuses -> 422 naming the element, a task another reviewer completed -> 409.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from app.exams.services import engine
from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Deployment,
    ProcessDefinition,
    Task,
    WorkflowInstance,
)
from tests.integration.helpers import SUPERVISING, UNIT, deploy_edited, only_task
from workflows.definitions import DefinitionError

# 10**10 iterations: without the sandbox's budget this runs for hours
RUNS_FOREVER = "sum(1 for i in range(100000) for j in range(100000)) &gt; 0"
WITHOUT_SUPERVISING_UNIT = "410181002"  # 巩义市北山口镇政府: unit -> county

Edit = Callable[[str, str, str], None]


@pytest.fixture()
def edit_bpmn(app) -> Edit:
    """``edit(file, old, new)`` deploys the latest library with that one change."""

    def edit(file: str, old: str, new: str) -> None:
        deploy_edited(app, (file, old, new))

    return edit


def snapshot(app) -> dict[str, list]:
    """Every row of the tables a review step writes."""
    with app.app_context():
        return {
            model.__name__: [
                tuple(getattr(row, column.key) for column in model.__table__.columns)
                for row in db.session.scalars(select(model).order_by(model.id))
            ]
            for model in (Application, Task, WorkflowInstance, AuditEvent, ProcessDefinition)
        }


def test_a_condition_that_would_run_forever_fails_the_submission_with_422(
    app, api, applicant_factory, edit_bpmn
):
    edit_bpmn(
        "registration.bpmn",
        ">not exceptional and declared_grade != 1</bpmn:conditionExpression>",
        f">not exceptional and declared_grade != 1 and {RUNS_FOREVER}</bpmn:conditionExpression>",
    )
    applicant = applicant_factory(UNIT)
    applicant.apply_with_photos()
    before = snapshot(app)

    response = applicant.submit()

    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert body["error"] == "workflow_error"
    assert "流程环节“报考路径”(gw_path)执行失败：脚本超出运行限制" in body["message"]
    assert "loop iterations" in body["message"]
    assert snapshot(app) == before


def test_a_script_that_would_run_forever_fails_the_completion_with_422(
    app, api, applicant_factory, edit_bpmn
):
    edit_bpmn(
        "manual_review.bpmn",
        ">has_supervising_unit</bpmn:conditionExpression>",
        f">has_supervising_unit and {RUNS_FOREVER}</bpmn:conditionExpression>",
    )
    applicant_factory(UNIT).apply_and_submit()
    task = only_task(api, UNIT)
    before = snapshot(app)

    response = api.post(
        f"/api/tasks/{task['id']}/complete", json={"action": "pass", "comment": ""}, as_=UNIT
    )

    assert response.status_code == 422, response.get_json()
    assert "(gw_has_supervising)执行失败：脚本超出运行限制" in response.get_json()["message"]
    assert snapshot(app) == before
    assert only_task(api, UNIT)["id"] == task["id"]  # still waiting, and can still be acted on


def test_a_lane_the_org_chain_lacks_fails_the_completion_with_422(
    app, api, applicant_factory, edit_bpmn
):
    edit_bpmn(
        "manual_review.bpmn",
        ">not has_supervising_unit</bpmn:conditionExpression>",
        ">False</bpmn:conditionExpression>",
    )
    edit_bpmn(
        "manual_review.bpmn",
        ">has_supervising_unit</bpmn:conditionExpression>",
        ">True</bpmn:conditionExpression>",
    )
    applicant_factory(WITHOUT_SUPERVISING_UNIT).apply_and_submit()
    task = only_task(api, WITHOUT_SUPERVISING_UNIT)
    before = snapshot(app)

    response = api.post(
        f"/api/tasks/{task['id']}/complete",
        json={"action": "pass", "comment": ""},
        as_=WITHOUT_SUPERVISING_UNIT,
    )

    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert body["error"] == "workflow_error"
    assert "(review_supervising)无法分派：报考人员所在单位没有“主管单位”一级" in body["message"]
    assert snapshot(app) == before


def test_a_diagram_the_sandbox_refuses_cannot_be_deployed_and_submissions_go_on(
    app, api, applicant_factory
):
    with pytest.raises(DefinitionError, match=r"set_approved \(script\)"):
        deploy_edited(
            app,
            (
                "registration.bpmn",
                "<bpmn:script>status = 'approved'</bpmn:script>",
                "<bpmn:script>while True: pass</bpmn:script>",
            ),
        )
    with app.app_context():
        assert db.session.scalar(select(func.count(Deployment.id))) == 0  # all or nothing
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert only_task(api, UNIT)["application_id"] == applicant.application_id


def test_completing_a_task_another_reviewer_completed_meanwhile_is_409_not_500(
    app, api, applicant_factory, monkeypatch
):
    """Reviewer B passes the task checks while it is still ready; reviewer A completes it
    and commits before B loads the instance, so B's engine step finds it no longer ready.
    """
    applicant_factory(UNIT).apply_and_submit()
    task = only_task(api, UNIT)
    token = api.tokens[UNIT]
    real_complete = engine.complete
    first_answers: list = []
    calls: list[str] = []

    def other_reviewer_completes_first(*args, **kwargs):
        calls.append("engine step")
        if len(calls) == 1:  # B, the late one: let A complete and commit first
            thread = threading.Thread(target=lambda: first_answers.append(complete("pass")))
            thread.start()
            thread.join(timeout=60)
        return real_complete(*args, **kwargs)

    def complete(action: str):
        return app.test_client().post(
            f"/api/tasks/{task['id']}/complete",
            json={"action": action, "comment": action},
            headers={"Authorization": f"Bearer {token}"},
        )

    monkeypatch.setattr(engine, "complete", other_reviewer_completes_first)
    late = complete("reject")
    monkeypatch.undo()

    assert [r.status_code for r in first_answers] == [200]
    assert late.status_code == 409, late.get_json()
    assert late.get_json()["message"] == "该任务已被其他审核人员处理，请刷新后重试"
    assert only_task(api, SUPERVISING)["application_id"] == task["application_id"]
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.in_(("pass", "reject")))
        ).all()
    assert actions == ["pass"]


def test_a_process_that_ends_without_a_status_is_422(app, api, applicant_factory, edit_bpmn):
    """A diagram that finishes without naming a known status is a diagram fault, answered
    as one (it used to be a 500)."""
    edit_bpmn("registration.bpmn", "status = 'approved'", "status = 'finished'")
    applicant = applicant_factory(WITHOUT_SUPERVISING_UNIT)
    applicant.apply_and_submit()
    assert only_task_pass(api, WITHOUT_SUPERVISING_UNIT).status_code == 200
    before = snapshot(app)
    response = only_task_pass(api, "410181")
    assert response.status_code == 422 and response.get_json()["error"] == "workflow_error"
    assert "有效的审核状态" in response.get_json()["message"]
    assert snapshot(app) == before


def only_task_pass(api, org: str):
    task = only_task(api, org)
    return api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=org)
