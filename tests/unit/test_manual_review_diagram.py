"""bpmn/manual_review.bpmn run in memory, with a save/restore round trip around every step."""

import json
from pathlib import Path

import pytest

from workflows import definitions, step
from workflows.step import TaskNotReady

SOURCES = definitions.read_sources(Path(__file__).parent.parent.parent / "bpmn")
DEFINITION = definitions.load("manual_review", definitions.sources_for("manual_review", SOURCES))


def run(actions, has_supervising_unit=True):
    """Apply actions to whatever single task is ready; return (lanes seen, last result)."""
    result = step.start(DEFINITION, {"has_supervising_unit": has_supervising_unit})
    seen = []
    for action in actions:
        (task,) = result.ready
        seen.append(task.spec_id)
        state = json.loads(json.dumps(result.state))  # what the database gives back
        result = step.complete(DEFINITION, state, task.id, {"action": action})
    return seen, result


def test_three_passes_approve():
    seen, result = run(["pass", "pass", "pass"])
    assert seen == ["review_unit", "review_supervising", "review_county"]
    assert result.completed and result.data["status"] == "approved"
    assert result.data["onsite"] is False


def test_supervising_level_is_skipped_when_absent():
    seen, result = run(["pass", "pass"], has_supervising_unit=False)
    assert seen == ["review_unit", "review_county"]
    assert result.data["status"] == "approved"


@pytest.mark.parametrize("level", range(3))
def test_reject_at_any_level_ends(level):
    _, result = run(["pass"] * level + ["reject"])
    assert result.completed and result.data["status"] == "rejected"


@pytest.mark.parametrize("level", range(3))
def test_return_goes_to_applicant_and_resubmit_restarts_at_unit(level):
    _, result = run(["pass"] * level + ["return"])
    (task,) = result.ready
    assert (task.spec_id, task.lane, task.properties["status"]) == (
        "revise",
        "applicant",
        "returned",
    )
    result = step.complete(DEFINITION, result.state, task.id, {"action": "resubmit"})
    assert [t.spec_id for t in result.ready] == ["review_unit"]


@pytest.mark.parametrize(
    ("level", "outcome", "status"),
    [(0, "pass", "approved"), (1, "reject", "rejected"), (2, "pass", "approved")],
)
def test_onsite_from_any_level(level, outcome, status):
    _, result = run(["pass"] * level + ["onsite"])
    (task,) = result.ready
    assert (task.spec_id, task.lane, task.properties["queue"]) == (
        "onsite_review",
        "county",
        "onsite",
    )
    result = step.complete(DEFINITION, result.state, task.id, {"action": outcome})
    assert result.data["status"] == status
    assert result.data.get("onsite", False) is (outcome == "pass")


def test_state_is_lean_and_spec_free():
    result = step.start(DEFINITION, {"has_supervising_unit": True})
    assert "spec" not in result.state and "subprocess_specs" not in result.state
    assert len(json.dumps(result.state)) < 6000


def test_completing_a_task_twice_is_refused():
    result = step.start(DEFINITION, {"has_supervising_unit": True})
    task_id = result.ready[0].id
    after = step.complete(DEFINITION, result.state, task_id, {"action": "pass"})
    with pytest.raises(TaskNotReady):
        step.complete(DEFINITION, after.state, task_id, {"action": "pass"})


def test_version_is_a_content_hash():
    edited = {"manual_review.bpmn": SOURCES["manual_review.bpmn"].replace("单位审核", "单位初审")}
    assert definitions.content_hash(edited) != DEFINITION.version
    assert definitions.load("manual_review", edited).version == definitions.content_hash(edited)
