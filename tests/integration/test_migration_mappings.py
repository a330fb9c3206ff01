"""实例迁移 with an explicit migration plan: a user task renamed in the new version
(review_supervising -> review_sup2) is mapped old id -> new id, checked against both
versions (422 naming the mapping), applied through SpiffWorkflow's migration, the open task
row following it, and recorded on the application's trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Task
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task
from tests.integration.test_governance import (
    POLICY,
    _rename_task,
    draft,
    library_file,
    make_policy_user,
)


@pytest.fixture()
def policy(app, api) -> str:
    return make_policy_user(app, api)


RENAMED = {"review_supervising": "review_sup2"}


@pytest.fixture()
def at_supervising(api, policy, applicant_factory) -> int:
    """An application waiting at 主管单位审核 on v1, and v2 deployed with that task renamed."""
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "pass", queue="manual").status_code == 200
    text = library_file(api, "manual_review.bpmn")
    created = draft(api, "manual_review.bpmn", _rename_task(text, *next(iter(RENAMED.items()))))
    deployed = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "改名"})
    assert deployed.status_code == 201, deployed.get_json()
    return applicant.application_id


def migrate(api, **plan):
    return api.post("/api/migrations", as_=POLICY, json={"process_id": "registration", **plan})


def test_a_renamed_task_moves_with_a_mapping_and_the_reviewer_completes_it(
    app, api, at_supervising
):
    (refused,) = migrate(api, dry_run=True).get_json()
    assert refused["outcome"] == "refuse"
    assert "映射 review_supervising → review_sup2" in refused["reason"]

    (planned,) = migrate(api, dry_run=True, mappings=RENAMED).get_json()
    assert planned["outcome"] == "move", planned
    assert planned["waiting"] == [
        {"spec_id": "review_supervising", "name": "主管单位审核", "target_id": "review_sup2"}
    ]
    waiting = only_task(api, SUPERVISING)
    (moved,) = migrate(api, dry_run=False, mappings=RENAMED).get_json()
    assert (moved["outcome"], moved["from"], moved["to"]) == ("move", 1, 2)

    task = only_task(api, SUPERVISING)
    assert task["id"] == waiting["id"]  # the same open row, now the target's element
    with app.app_context():
        assert db.session.get(Task, task["id"]).spec_id == "review_sup2"
    history = api.get(f"/api/applications/{at_supervising}/history", as_=COUNTY).get_json()
    (event,) = [e for e in history if e["action"] == "migrate"]
    assert "review_supervising 映射为 review_sup2" in event["comment"]
    assert event["details"]["mappings"] == RENAMED

    done = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=SUPERVISING)
    assert done.status_code == 200, done.get_json()
    assert act(api, COUNTY, "pass", queue="manual").status_code == 200
    detail = api.get(f"/api/applications/{at_supervising}", as_=COUNTY).get_json()
    assert detail["status"] == "approved"
    with app.app_context():
        spec_ids = db.session.scalars(
            select(Task.spec_id).where(Task.application_id == at_supervising)
        ).all()
    assert "review_sup2" in spec_ids and "review_supervising" not in spec_ids


@pytest.mark.parametrize(
    ("mappings", "field", "says"),
    [
        ({"no_such_task": "review_sup2"}, "mappings.no_such_task", "源版本中没有用户任务"),
        ({"review_supervising": "no_such_task"}, "mappings.review_supervising", "没有用户任务"),
        ({"review_supervising": "review_county"}, "mappings.review_supervising", "同一泳道"),
        ({"review_supervising": "rule_years"}, "mappings.review_supervising", "没有用户任务"),
        ({"review_supervising": "1 bad"}, "mappings", "环节编号"),
    ],
)
def test_bad_mappings_are_refused_naming_the_mapping(api, at_supervising, mappings, field, says):
    for dry_run in (True, False):
        response = migrate(api, dry_run=dry_run, mappings=mappings)
        assert response.status_code == 422, response.get_json()
        fields = response.get_json()["fields"]
        named = [name for name in fields if name.startswith(field)]
        assert named and says in str(fields[named[0]]), fields
    assert only_task(api, SUPERVISING)["name"] == "主管单位审核"  # nothing moved
