"""bpmn/expert_review.bpmn in memory: the applicant's unit up to the province, handler then
leader at each; 退回修改 back to the applicant and again from the unit; 未通过 ends it."""

from __future__ import annotations

import json

from tests.unit.test_diagrams import load
from workflows import step

CHAIN = [21, 22, 23, 24, 25]  # unit, supervising unit, county, city, province


def _run(chain: list[int]) -> tuple[object, step.StepResult]:
    definition = load("expert_review")
    return definition, step.start(definition, {"chain": chain, "level": 0, "current_org": chain[0]})


def _do(definition, result: step.StepResult, action: str) -> step.StepResult:
    (task,) = result.ready
    state = json.loads(json.dumps(result.state))
    return step.complete(definition, state, task.id, {"action": action, "comment": "意见"})


def test_every_org_up_to_the_province_reviews_and_the_last_pass_approves():
    definition, result = _run(CHAIN)
    (task,) = result.ready
    assert (task.name, task.properties["queue"]) == ("经办人审查", "expert_review")
    visited = []
    while result.ready:
        visited.append((result.ready[0].lane, result.ready[0].current_org))
        result = _do(definition, result, "pass")
    assert visited == [(role, org) for org in CHAIN for role in ("handler", "leader")]
    assert result.completed and result.data["status"] == "approved"


def test_return_goes_to_the_applicant_and_reject_ends_it():
    definition, result = _run(CHAIN)
    for _ in range(3):
        result = _do(definition, result, "pass")
    result = _do(definition, result, "return")
    (task,) = result.ready
    assert (task.lane, task.properties["queue"]) == ("declarant", "expert_resubmit")
    result = _do(definition, result, "resubmit")
    assert (result.ready[0].lane, result.ready[0].current_org) == ("handler", 21)
    result = _do(definition, _do(definition, result, "pass"), "reject")
    assert result.completed and result.data["status"] == "rejected"
