"""A diagram element that fails while the engine runs it fails that step with StepFailed,
naming the element, and leaves the state the step started from untouched.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from workflows import definitions, step
from workflows.step import StepFailed

BPMN = Path(__file__).resolve().parent.parent.parent / "bpmn"
REJECT_SCRIPT = "<bpmn:script>outcome = 'rejected'</bpmn:script>"
REJECT_CONDITION = ">action == 'reject'</bpmn:conditionExpression>"


def edited_copy(tmp_path: Path, file: str, old: str, new: str) -> dict[str, str]:
    """A copy of ``bpmn/`` in ``tmp_path`` with ``old`` replaced by ``new`` in ``file``."""
    folder = tmp_path / "bpmn"
    shutil.copytree(BPMN, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return definitions.read_sources(folder)


def start_onsite(sources: dict[str, str]) -> tuple[definitions.Definition, step.StepResult]:
    definition = definitions.load(
        "onsite_review", definitions.sources_for("onsite_review", sources)
    )
    return definition, step.start(definition, {})


@pytest.mark.parametrize(
    ("script", "kind", "reason"),
    [
        ("n = sum(1 for i in range(100000) for j in range(100000))", "limit", "loop iterations"),
        ("s = 'ab'\nfor i in range(100):\n    s = s + s", "limit", "a str of more than"),
        ("x = 'a' * 3e9", "error", "TypeError: can't multiply sequence"),
        ("x = '%s' % action", "refused", "'%' formatting of text"),
        ("x = missing + 1", "error", "NameError: name 'missing' is not defined"),
    ],
)
def test_a_failing_script_fails_the_step_naming_the_element(tmp_path, script, kind, reason):
    sources = edited_copy(
        tmp_path, "onsite_review.bpmn", REJECT_SCRIPT, f"<bpmn:script>{script}</bpmn:script>"
    )
    definition, started = start_onsite(sources)
    before = json.dumps(started.state, sort_keys=True)
    began = time.monotonic()
    with pytest.raises(StepFailed) as raised:
        step.complete(definition, started.state, started.ready[0].id, {"action": "reject"})
    assert time.monotonic() - began < 5  # a hang guard
    failure = raised.value
    assert (failure.element_id, failure.element_name, failure.kind) == (
        "set_rejected",
        "审核不通过",
        kind,
    )
    assert reason in failure.reason
    assert json.dumps(started.state, sort_keys=True) == before


def test_a_failing_condition_fails_the_step_naming_its_gateway(tmp_path):
    sources = edited_copy(
        tmp_path,
        "onsite_review.bpmn",
        REJECT_CONDITION,
        ">action == 'reject' and len(list(range(10**9))) &gt; 0</bpmn:conditionExpression>",
    )
    definition, started = start_onsite(sources)
    with pytest.raises(StepFailed) as raised:
        step.complete(definition, started.state, started.ready[0].id, {"action": "reject"})
    assert (raised.value.element_id, raised.value.element_name) == ("gw_onsite", "现场审核结果")
    assert "a range of more than 100000 numbers" in raised.value.reason


def test_a_failure_while_starting_fails_the_start(tmp_path):
    sources = edited_copy(
        tmp_path,
        "registration.bpmn",
        ">exceptional</bpmn:conditionExpression>",
        ">exceptional or 10 ** 10 ** 10 &gt; 0</bpmn:conditionExpression>",
    )
    definition = definitions.load("registration", definitions.sources_for("registration", sources))
    with pytest.raises(StepFailed, match="gw_path") as raised:
        step.start(definition, {"exceptional": False, "declared_grade": 3})
    assert raised.value.kind == "limit"
