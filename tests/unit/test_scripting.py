"""The sandbox diagram code runs in: what diagram authors may and may not run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from workflows import definitions
from workflows.definitions import DefinitionError
from workflows.scripting import (
    Limits,
    RestrictedEnvironment,
    ScriptLimitExceeded,
    UnsafeScript,
    check_source,
    compiled,
    step_budget,
)

ENV = RestrictedEnvironment()
BPMN = Path(__file__).resolve().parent.parent.parent / "bpmn"
HANG_GUARD_SECONDS = 5  # a hang guard, not a performance test

FRAME_ESCAPE = (
    "g = (g.gi_frame.f_back.f_back.f_builtins for x in [1]); b = list(g)[0]\n"
    "out = b['__import__']('os').popen('id').read()"
)
WALRUS_ESCAPE = (
    "(g := (g.gi_frame.f_back.f_back.f_builtins for x in [1]))"
    " and list(g)[0]['__import__']('os').popen('id').read()"
)
FORMAT_ESCAPE = "'{0.__class__.__mro__}'.format(())"


@pytest.mark.parametrize(
    ("source", "mode", "reason"),
    [
        (FRAME_ESCAPE, "exec", "attribute access '.f_builtins'"),
        (WALRUS_ESCAPE, "eval", "':='"),
        (FORMAT_ESCAPE, "eval", "attribute access '.format'"),
        ("'{x}'.format_map({})", "eval", "attribute access '.format_map'"),
        ("str.format('{0.__class__}', 1)", "eval", "attribute access '.format'"),
        ("[].__class__", "eval", "attribute access '.__class__'"),
        ("f'{x:{y}}'", "eval", "format specs"),
        ("import os", "exec", "import"),
        ("from os import path", "exec", "import"),
        ("__import__('os')", "eval", "calling '__import__'"),
        ("().__class__.__bases__[0].__subclasses__()", "eval", "attribute access"),
        ("x._secret", "eval", "attribute access '._secret'"),
        ("global x", "exec", "global"),
        ("while True: pass", "exec", "'while' loops"),
        ("def f(): pass", "exec", "function definitions"),
        ("f = lambda: 1", "exec", "lambda"),
        ("class A: pass", "exec", "class definitions"),
        ("try:\n    x = 1\nexcept Exception:\n    pass", "exec", "try/except"),
        ("raise ValueError()", "exec", "raise"),
        ("with x: pass", "exec", "with"),
        ("del x", "exec", "del"),
        ("x = [*y]", "exec", "'*' unpacking"),
        ("x = dict(**y)", "exec", "'**' unpacking"),
        ("l[0:0] = l", "exec", "slice assignment"),
        ("x.get('a')['b'] = 1", "exec", "only a name or its items"),
        ("open('/etc/passwd')", "eval", "calling 'open'"),
        ("getattr(1, 'real')", "eval", "calling 'getattr'"),
        ("eval('1')", "eval", "calling 'eval'"),
        ("x = b'bytes'", "exec", "bytes literals"),
        ("x = " + "9" * 400, "exec", "integer literal"),
    ],
)
def test_forbidden_constructs_are_refused_when_checked(source, mode, reason):
    with pytest.raises(UnsafeScript, match=reason.replace("(", r"\(").replace("*", r"\*")):
        check_source(source, mode)


@pytest.mark.parametrize("name", ["open", "eval", "exec", "getattr", "globals", "type"])
def test_dangerous_builtins_are_refused_when_called_and_not_there_by_reference(name):
    with pytest.raises(UnsafeScript, match=f"calling '{name}' is not allowed"):
        check_source(f"{name}('x')", "eval")
    with pytest.raises(NameError):
        ENV.execute(f"f = {name}", {})


@pytest.mark.parametrize(
    ("source", "limit"),
    [
        ("x = sum(range(10**11))", "size"),
        ("x = 'a' * 3000000000", "size"),
        ("x = 'a' * int(3e9)", "size"),
        ("x = [x for x in range(10**5) for y in range(10**5)]", "iterations"),
        ("s = 'ab'\nfor i in range(100):\n    s = s + s", "size"),
        ("s = 'ab'\nfor i in range(100):\n    s += s", "size"),
        ("x = 10 ** 10 ** 10", "size"),
        ("x = 1 << 10**9", "size"),
        ("x = round(5, -10**8)", "size"),
        # shared structure: 60 doublings hold 120 references and unfold to 2**60 items
        ("a = [1]\nfor i in range(60):\n    a = [a, a]\nb = str(a)", "size"),
        ("a = [1]\nfor i in range(60):\n    a = [a, a]\nb = a == [a, a]", "size"),
        ("a = (1,)\nfor i in range(60):\n    a = (a, a)\nb = len({a: 1})", "size"),
        ("a = [1]\nfor i in range(60):\n    a = [a, a]", "size"),  # kept in task data
        ("a = [1]\nfor i in range(60):\n    a = [a, a]\nb = len({}.keys() & [a])", "size"),
        # C hashes nested tuples recursively without a guard: a million levels crash CPython
        ("t = (1,)\nfor i in range(1000):\n    t = (t,)\nb = len({t: 1})", "size"),
        ("d = {}\nd['self'] = d", "size"),  # a cycle never ends
        # many values each within the size limit: the step's allocation runs out
        ("x = [list(range(50000)) for i in range(1000)]", "memory"),
        ("l = list(range(100000))\nm = [l[:] for i in range(1000)]", "memory"),
    ],
)
def test_runaway_work_fails_fast_with_our_error(source, limit):
    started = time.monotonic()
    with pytest.raises(ScriptLimitExceeded) as raised:
        ENV.execute(source, {})
    assert raised.value.limit == limit
    assert time.monotonic() - started < HANG_GUARD_SECONDS


@pytest.mark.parametrize(
    "source",
    ["x = '%s' % y", "x = sum([[1], [2]], [])"],
)
def test_operations_only_the_values_reveal_are_refused_when_they_run(source):
    with pytest.raises(UnsafeScript):
        ENV.execute(source, {"y": "text"})


def test_the_step_deadline_stops_slow_bounded_work():
    """Each comparison of two 50,000-item lists is allowed; doing it 100,000 times is not."""
    context = {"a": list(range(50_000)), "b": list(range(50_000))}
    started = time.monotonic()
    with step_budget(Limits(seconds=0.2)), pytest.raises(ScriptLimitExceeded) as raised:
        ENV.execute("same = [a == b for i in range(100000)]", context)
    assert raised.value.limit == "time"
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_one_budget_covers_every_script_of_a_step_and_the_next_step_starts_afresh():
    loop = "for i in range(6):\n    n = i"
    with step_budget(Limits(iterations=10)):
        ENV.execute(loop, {})
        with pytest.raises(ScriptLimitExceeded, match="more than 10 loop iterations"):
            ENV.execute(loop, {})
    with step_budget(Limits(iterations=10)):
        ENV.execute(loop, {})


@pytest.mark.parametrize(
    ("source", "held"),
    [
        ("x = {1, 2}", "a set"),
        ("x = (i for i in y)", "a generator"),
        ("x = float('inf')", "inf"),
        ("x = {(1, 2): 'pair'}", "a tuple as a dict key"),
    ],
)
def test_only_json_data_can_be_left_in_task_data(source, held):
    with pytest.raises(UnsafeScript, match=f"variable 'x' holds {held}"):
        ENV.execute(source, {"y": [1]})


def test_plain_rules_still_work():
    assert ENV.evaluate("action == 'pass' and len(years) >= 2", {"action": "pass", "years": [1, 2]})
    context = {"grade": 3}
    ENV.execute("status = 'approved' if grade > 1 else 'manual'\nn = max(1, grade)", context)
    assert context["status"] == "approved" and context["n"] == 3
    assert "__builtins__" not in context
    assert not [key for key in context if key.startswith("_sb_")]
    context = {
        "years": [2019, 2020, 2021],
        "form": {"name": "张三", "trade": "护理员"},
        "comment": " OK ",
        "records": [{"grade": 3}, {"grade": 4}],
    }
    ENV.execute(
        "recent = sum(y for y in years if y >= 2020)\n"
        "fields = sorted([f'{k}={v!r}' for k, v in form.items()])\n"
        "nursing = form.get('trade', '').startswith('护')\n"
        "said = comment.strip().lower()\n"
        "even = 0\n"
        "for y in years:\n"
        "    if y % 2 == 0:\n"
        "        even += 1\n"
        "grades = {r['grade'] for r in records}\n"
        "best = max(grades) if len(grades) == 2 else None\n"
        "pairs = dict(zip(['a', 'b'], [1, 2]))\n"
        "pairs['a'] += 10\n"
        "last, rest = years[-1], years[1:]\n"
        "parts = '1,2'.split(',')\n"
        "grades = None",
        context,
    )
    assert context["recent"] == 4041
    assert context["fields"] == ["name='张三'", "trade='护理员'"]
    assert (context["nursing"], context["said"], context["even"]) == (True, "ok", 1)
    assert (context["best"], context["pairs"], context["parts"]) == (
        4,
        {"a": 11, "b": 2},
        ["1", "2"],
    )
    assert (context["last"], context["rest"]) == (2021, [2020, 2021])


def test_task_data_cannot_shadow_the_guards():
    context = {"_sb_iter": [], "_sb_binary": "not a guard"}
    with step_budget(Limits(iterations=10)), pytest.raises(ScriptLimitExceeded):
        ENV.execute("n = 0\nfor i in range(100):\n    n = n + i", context)


def test_each_source_text_is_compiled_once():
    assert compiled("action == 'pass'", "eval") is compiled("action == 'pass'", "eval")


def _sources_with(replacements: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The real diagrams with ``old`` replaced by ``new`` in the named files."""
    sources = definitions.read_sources(BPMN)
    for name, (old, new) in replacements.items():
        assert old in sources[name], (name, old)
        sources[name] = sources[name].replace(old, new)
    return sources


def _load(process_id: str, sources: dict[str, str]) -> definitions.Definition:
    return definitions.load(process_id, definitions.sources_for(process_id, sources))


REJECT = "<bpmn:script>outcome = 'rejected'</bpmn:script>"
REJECT_CONDITION = ">action == 'reject'</bpmn:conditionExpression>"


@pytest.mark.parametrize(
    ("process_id", "file", "old", "new", "named"),
    [
        (
            "onsite_review",
            "onsite_review.bpmn",
            REJECT,
            f"<bpmn:script>{FRAME_ESCAPE}</bpmn:script>",
            r"set_rejected \(script\): line 1: attribute access '\.f_builtins'",
        ),
        (
            "onsite_review",
            "onsite_review.bpmn",
            REJECT,
            "<bpmn:script>while True: pass</bpmn:script>",
            r"set_rejected \(script\): line 1: not allowed in diagram code: 'while'",
        ),
        (
            "onsite_review",
            "onsite_review.bpmn",
            REJECT_CONDITION,
            f">{WALRUS_ESCAPE}</bpmn:conditionExpression>",
            r"f_gw_onsite_reject \(condition of the sequence flow from gw_onsite\)",
        ),
        (
            "onsite_review",
            "onsite_review.bpmn",
            REJECT_CONDITION,
            f">{FORMAT_ESCAPE}</bpmn:conditionExpression>",
            r"f_gw_onsite_reject .*attribute access '\.format'",
        ),
        (
            "manual_review",
            "auto_years.dmn",
            "<text>years_since_grade</text>",
            "<text>().__class__</text>",
            r"in_auto_years \(DMN input expression\)",
        ),
        (
            # fine on its own as text; refused as what the DMN engine makes of it:
            # `years_since_grade.__class__`
            "manual_review",
            "auto_years.dmn",
            "<text>&gt;= 5</text>",
            "<text>.__class__</text>",
            r"rule_auto_years_1_in \(DMN input entry\).*'\.__class__'",
        ),
        (
            "manual_review",
            "auto_years.dmn",
            '<outputEntry id="rule_auto_years_2_out"><text>False</text>',
            '<outputEntry id="rule_auto_years_2_out"><text>[x for x in range(3)]'
            " == __import__('os')</text>",
            r"rule_auto_years_2_out \(DMN output entry\).*'__import__'",
        ),
        (
            # what the registration process calls is checked with it
            "registration",
            "onsite_review.bpmn",
            REJECT,
            "<bpmn:script>import os</bpmn:script>",
            r"registration: set_rejected \(script\).*import",
        ),
    ],
)
def test_a_diagram_with_forbidden_code_is_refused_at_load_naming_the_element(
    process_id, file, old, new, named
):
    sources = _sources_with({file: (old, new)})
    with pytest.raises(DefinitionError, match=named):
        _load(process_id, sources)


def test_a_dmn_input_without_an_expression_is_refused_at_load():
    old = '<inputExpression id="expr_auto_years" typeRef="integer"><text>years_since_grade</text></inputExpression>'
    sources = _sources_with(
        {"auto_years.dmn": (old, old.replace("<text>years_since_grade</text>", ""))}
    )
    with pytest.raises(
        DefinitionError, match="in_auto_years: a DMN input needs an input expression"
    ):
        _load("manual_review", sources)


TIMER_AND_LOOP = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs_mini"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="mini" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="wait" name="等待">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition id="timer">
        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">"PT1H"</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="each" name="逐项">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:multiInstanceLoopCharacteristics isSequential="true">
        <bpmn:loopCardinality>3</bpmn:loopCardinality>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:script>x = 1</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="each" />
    <bpmn:sequenceFlow id="f3" sourceRef="each" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>"""


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('>"PT1H"<', ">().__class__<", r"wait \(timer expression\)"),
        (
            "<bpmn:loopCardinality>3<",
            "<bpmn:loopCardinality>__import__('os')<",
            r"each \(loop cardinality\)",
        ),
    ],
)
def test_timer_and_multi_instance_expressions_are_checked_at_load(old, new, named):
    assert definitions.load("mini", {"mini.bpmn": TIMER_AND_LOOP}).process_id == "mini"
    with pytest.raises(DefinitionError, match=named):
        definitions.load("mini", {"mini.bpmn": TIMER_AND_LOOP.replace(old, new)})
