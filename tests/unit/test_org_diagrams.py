"""bpmn/org_onboarding.bpmn and bpmn/title_transfer.bpmn in memory: who each task waits at
(``current_org``, 单位管理员 lane) and how each ends."""

from __future__ import annotations

import json

from tests.unit.test_diagrams import load
from workflows import step
from workflows.step import StepResult

ORG, SUPERIOR = 7, 3


class Case:
    def __init__(self, process_id: str, data: dict) -> None:
        self.definition = load(process_id)
        self.result: StepResult = step.start(self.definition, data)

    @property
    def task(self) -> step.ReadyTask:
        (task,) = self.result.ready
        return task

    def do(self, action: str) -> Case:
        state = json.loads(json.dumps(self.result.state))
        data = {"action": action, "comment": "意见"}
        self.result = step.complete(self.definition, state, self.task.id, data)
        return self


def test_onboarding_waits_at_the_superior_goes_back_to_the_org_on_return_then_approves():
    case = Case("org_onboarding", {"org": ORG, "superior": SUPERIOR, "current_org": SUPERIOR})
    task = case.task
    assert (task.spec_id, task.lane, task.current_org) == ("review", "org_admin", SUPERIOR)
    assert task.properties["queue"] == "org_onboarding"
    case.do("return")
    task = case.task
    assert (task.spec_id, task.current_org, task.properties["status"]) == (
        "revise",
        ORG,
        "returned",
    )
    case.do("resubmit")
    assert (case.task.spec_id, case.task.current_org) == ("review", SUPERIOR)
    case.do("pass")
    assert case.result.completed and case.result.data["status"] == "approved"


def test_transfer_waits_at_the_old_unit_and_ends_approved_or_rejected():
    for action, status in (("pass", "approved"), ("reject", "rejected")):
        case = Case("title_transfer", {"current_org": ORG})
        assert (case.task.spec_id, case.task.lane, case.task.current_org) == (
            "decide",
            "org_admin",
            ORG,
        )
        case.do(action)
        assert case.result.completed and case.result.data["status"] == status
