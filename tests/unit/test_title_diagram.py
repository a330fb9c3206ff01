"""bpmn/title_review.bpmn in memory: one diagram for every depth of review chain, handler then
leader at each org, with a JSON round trip of the state around every step."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_diagrams import SOURCES, load
from workflows import contract, step

CHAIN = [11, 12, 13, 14]


class TitleRun:
    def __init__(self, chain: list[int]) -> None:
        self.definition = load("title_review")
        data = {"chain": chain, "level": 0, "current_org": chain[0]}
        self.result = step.start(self.definition, data)

    @property
    def task(self) -> step.ReadyTask:
        (task,) = self.result.ready
        return task

    def do(self, action: str, **data) -> TitleRun:
        state = json.loads(json.dumps(self.result.state))
        self.result = step.complete(
            self.definition, state, self.task.id, {"action": action, "comment": "意见", **data}
        )
        return self

    def where(self) -> tuple[str | None, object]:
        return self.task.lane, self.task.current_org


def test_the_shipped_library_with_the_title_diagram_keeps_the_contract():
    assert contract.check(SOURCES) == []


@pytest.mark.parametrize("depth", [1, 2, 4, 5])
def test_each_org_of_any_chain_reviews_handler_then_leader(depth):
    chain = CHAIN[:depth] if depth <= 4 else [*CHAIN, 15]
    run = TitleRun(chain)
    visited = []
    while run.result.ready:
        visited.append(run.where())
        run.do("pass")
    assert visited == [(role, org) for org in chain for role in ("handler", "leader")]
    assert run.result.completed and run.result.data["status"] == "approved"


def test_a_task_shows_the_diagram_properties_the_service_reads():
    task = TitleRun(CHAIN).task
    assert task.name == "经办人审查"
    assert task.properties["queue"] == "title_review"
    assert task.properties["status"] == "under_review"
    assert task.properties["actions"] == "pass,return,reject"
    assert task.properties["comment_required"] == "return,reject"


def test_a_return_goes_to_the_declarant_and_the_resubmission_starts_at_the_unit():
    run = TitleRun(CHAIN).do("pass").do("pass").do("pass").do("pass").do("pass")
    assert run.where() == ("leader", 13)
    run.do("return")
    assert run.where()[0] == "declarant"
    assert run.task.properties["status"] == "returned"
    run.do("resubmit")
    assert run.where() == ("handler", 11)


def test_a_resubmission_may_hand_in_a_new_chain():
    run = TitleRun(CHAIN).do("return").do("resubmit", chain=[11, 12, 13, 14, 15])
    for _ in range(8):
        run.do("pass")
    assert run.where() == ("handler", 15)


@pytest.mark.parametrize("passes", [0, 1, 6, 7])
def test_a_rejection_at_any_step_ends_rejected(passes):
    run = TitleRun(CHAIN)
    for _ in range(passes):
        run.do("pass")
    run.do("reject")
    assert run.result.completed and run.result.data["status"] == "rejected"
