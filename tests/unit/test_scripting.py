"""The restricted environment: what diagram authors may and may not run."""

from pathlib import Path

import pytest

from workflows import definitions, step
from workflows.definitions import DefinitionError
from workflows.scripting import RestrictedEnvironment, UnsafeScript, check_source

ENV = RestrictedEnvironment()


@pytest.mark.parametrize(
    "source",
    [
        "import os",
        "from os import path",
        "__import__('os')",
        "().__class__.__bases__[0].__subclasses__()",
        "x._secret",
        "global x",
    ],
)
def test_forbidden_constructs_are_rejected(source):
    with pytest.raises(UnsafeScript):
        check_source(source)


@pytest.mark.parametrize(
    "source",
    [
        "open('/etc/passwd')",
        "eval('1')",
        "exec('x=1')",
        "compile('1','f','eval')",
        "getattr(1, 'real')",
        "globals()",
        "breakpoint()",
    ],
)
def test_dangerous_builtins_are_not_there(source):
    with pytest.raises(NameError):
        ENV.evaluate(source, {})


def test_plain_rules_still_work():
    assert ENV.evaluate("action == 'pass' and len(years) >= 2", {"action": "pass", "years": [1, 2]})
    context = {"grade": 3}
    ENV.execute("status = 'approved' if grade > 1 else 'manual'\nn = max(1, grade)", context)
    assert context["status"] == "approved" and context["n"] == 3
    assert "__builtins__" not in context


ONSITE = (Path(__file__).parent.parent.parent / "bpmn" / "onsite_review.bpmn").read_text(
    encoding="utf-8"
)
REJECT = "outcome = 'rejected'"
assert REJECT in ONSITE


def test_a_diagram_with_an_unsafe_script_is_refused_at_load():
    bad = ONSITE.replace(REJECT, "import os\n" + REJECT)
    with pytest.raises(DefinitionError, match="Import"):
        definitions.load("onsite_review", {"onsite_review.bpmn": bad})


def test_scripts_in_a_running_workflow_cannot_reach_files():
    sneaky = ONSITE.replace(REJECT, "outcome = open('/etc/passwd').read()")
    definition = definitions.load("onsite_review", {"onsite_review.bpmn": sneaky})
    result = step.start(definition, {})
    with pytest.raises(Exception, match="open"):
        step.complete(definition, result.state, result.ready[0].id, {"action": "reject"})
