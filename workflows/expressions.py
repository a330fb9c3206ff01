"""Every piece of diagram code a parsed definition can run, with the element it belongs to.

Read from the parsed specs, i.e. from what SpiffWorkflow will actually evaluate, rather than
from the XML: script tasks and pre/post scripts, gateway conditions (named by their sequence
flow), timer, conditional and message expressions, multi-instance and loop expressions,
service-task parameters, and DMN tables. For DMN the texts are produced by SpiffWorkflow's own
``DMNEngine`` run against a recorder, because the engine rewrites entries before evaluating
them (``>= 5`` becomes ``years>= 5``, ``1`` becomes ``(years) == (1)``, ``?`` is replaced).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from workflows.library import attribute

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


class IncompleteDecision(ValueError):
    """A DMN table that cannot be checked, e.g. an input without an input expression (the
    engine would then evaluate the repr of whatever task data carries the input's label).
    """

    def __init__(self, element_id: str, message: str) -> None:
        super().__init__(f"{element_id}: {message}")
        self.element_id = element_id


@dataclass(frozen=True)
class Site:
    """One piece of code: the element that holds it, what it is, its text and how it runs."""

    element_id: str
    kind: str
    source: str
    mode: str  # "exec" for scripts, "eval" for expressions


def sites(process_specs: list[BpmnProcessSpec], bpmn_sources: Mapping[str, str]) -> Iterator[Site]:
    """All code of ``process_specs`` (a process and the sub-processes it calls)."""
    flows = _flow_ids(bpmn_sources)
    for process_spec in process_specs:
        completion = getattr(process_spec, "completion_condition", None)
        if completion:
            yield Site(process_spec.name, "completion condition", completion, "eval")
        for task_spec in process_spec.task_specs.values():
            yield from _task_sites(task_spec, process_spec, flows)


def _task_sites(
    task_spec: BpmnTaskSpec, process_spec: BpmnProcessSpec, flows: dict[tuple[str, str, str], str]
) -> Iterator[Site]:
    element = task_spec.bpmn_id or task_spec.name
    for attr, kind, mode in _TASK_CODE:
        source = getattr(task_spec, attr, None)
        if isinstance(source, str) and source:
            yield Site(element, kind, source, mode)
    for condition, target in getattr(task_spec, "cond_task_specs", []):
        if condition is not None and condition.args:
            target_id = getattr(process_spec.task_specs[target], "bpmn_id", target)
            flow = flows.get((process_spec.name, element, target_id), element)
            kind = f"condition of the sequence flow from {element}"
            yield Site(flow, kind, condition.args[0], "eval")
    for name, param in (getattr(task_spec, "operation_params", None) or {}).items():
        yield Site(element, f"service parameter {name!r}", param.get("value") or "", "eval")
    event = getattr(task_spec, "event_definition", None)
    if event is not None:
        yield from _event_sites(element, event)
    dmn_engine = getattr(task_spec, "dmnEngine", None)
    if dmn_engine is not None:
        yield from _decision_sites(dmn_engine)


_TASK_CODE = (
    ("script", "script", "exec"),
    ("prescript", "pre-script", "exec"),
    ("postscript", "post-script", "exec"),
    ("cardinality", "loop cardinality", "eval"),
    ("condition", "loop or completion condition", "eval"),
)


def _event_sites(element: str, event: Any) -> Iterator[Site]:
    expression = getattr(event, "expression", None)
    if isinstance(expression, str) and expression:
        timer = isinstance(event, TimerEventDefinition)
        kind = "timer expression" if timer else f"{type(event).__name__} expression"
        yield Site(element, kind, expression, "eval")
    for prop in getattr(event, "correlation_properties", None) or []:
        yield Site(element, "correlation retrieval expression", prop.retrieval_expression, "eval")
    for inner in getattr(event, "event_definitions", None) or []:
        yield from _event_sites(element, inner)


def _decision_sites(dmn_engine: Any) -> Iterator[Site]:
    table = dmn_engine.decision_table
    for table_input in table.inputs:
        if not table_input.expression:
            raise IncompleteDecision(table_input.id, "a DMN input needs an input expression")
        yield Site(table_input.id, "DMN input expression", table_input.expression, "eval")
    for rule in table.rules:
        for entry in rule.inputEntries:
            for lhs in entry.lhs:
                for source in _evaluated_for_entry(dmn_engine, entry.input.expression, lhs):
                    yield Site(entry.id, "DMN input entry", source, "eval")
        for entry in rule.outputEntries:
            if entry.text:
                yield Site(entry.id, "DMN output entry", entry.text, "eval")


class _Recorder:
    """Stands in for the script engine while SpiffWorkflow's DMN engine prepares an entry:
    keeps every text it would evaluate.
    """

    def __init__(self) -> None:
        self.sources: list[str] = []

    def validate(self, text: str) -> None:
        ast.parse(text, mode="eval")  # how the engine tells `5` from `>= 5`

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> bool:
        self.sources.append(expression)
        return True


def _evaluated_for_entry(dmn_engine: Any, input_expression: str, lhs: str | None) -> list[str]:
    """What the engine evaluates for one input entry; the entry itself when the engine
    cannot make an expression of it (checking it then reports its syntax error).
    """
    recorder = _Recorder()
    task = SimpleNamespace(workflow=SimpleNamespace(script_engine=recorder), data={})
    try:
        dmn_engine.evaluate(input_expression, lhs, task)
    except SyntaxError:
        return [lhs or ""]
    return recorder.sources


def _flow_ids(bpmn_sources: Mapping[str, str]) -> dict[tuple[str, str, str], str]:
    """Sequence flow ids by (process, source element, target element): conditions are
    written on flows, so that is the id an author looks for.
    """
    flows: dict[tuple[str, str, str], str] = {}
    for name, text in bpmn_sources.items():
        if not name.endswith(".bpmn"):
            continue
        for process in etree.fromstring(text.encode()).iter(f"{BPMN}process"):
            process_id = attribute(process, "id")
            for flow in process.iter(f"{BPMN}sequenceFlow"):
                key = (process_id, attribute(flow, "sourceRef"), attribute(flow, "targetRef"))
                flows.setdefault(key, attribute(flow, "id"))
    return flows
