"""Which names diagram code may read, and which names a piece of code reads.

A condition, script or DMN input reads task data by name. The service provides the facts it
computes, the inputs it hands in (the reviewer's action, what starts a side process) and reads
back process outputs; a process tree (a process and those it calls or is called by: called
processes see their caller's data and hand theirs back) adds what its scripts assign, what its
business rule tasks' DMN tables return and its multi-instance items. A name outside all of
that is a typo or a fact the service never computes, found before deploy rather than as a
NameError in some reviewer's step.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec

from handlers import lexicon
from workflows.expressions import Site
from workflows.sandbox.guards import BUILTINS

PROVIDED = frozenset(
    {
        *lexicon.FACT_LABELS,
        *lexicon.INPUT_LABELS,
        *lexicon.PROCESS_OUTPUT_LABELS,
        *BUILTINS,
    }
)

SITE_KINDS = {
    "script": "脚本",
    "pre-script": "前置脚本",
    "post-script": "后置脚本",
    "condition": "连线条件",
    "loop cardinality": "循环次数表达式",
    "loop or completion condition": "循环条件",
    "completion condition": "完成条件",
    "DMN input expression": "决策表输入表达式",
    "DMN output entry": "决策表输出条目",
}
"""Chinese names of the kinds of code sites; also the kinds whose reads are checked (a DMN
input entry is checked through its input expression, which the engine puts in front of it)."""


def process_trees(specs: Mapping[str, BpmnProcessSpec]) -> list[frozenset[str]]:
    """The process ids of ``specs`` grouped by call activities (connected either way)."""
    links: dict[str, set[str]] = {pid: set() for pid in specs}
    for pid, spec in specs.items():
        for task_spec in spec.task_specs.values():
            called = getattr(task_spec, "spec", None)
            if isinstance(called, str) and called in links:
                links[pid].add(called)
                links[called].add(pid)
    trees: list[frozenset[str]] = []
    seen: set[str] = set()
    for pid in sorted(links):
        if pid in seen:
            continue
        tree, todo = set(), [pid]
        while todo:
            current = todo.pop()
            if current not in tree:
                tree.add(current)
                todo.extend(links[current])
        seen |= tree
        trees.append(frozenset(tree))
    return trees


def known_names(specs: Iterable[BpmnProcessSpec]) -> frozenset[str]:
    """Names code in this process tree may read."""
    known = set(PROVIDED)
    for spec in specs:
        for task_spec in spec.task_specs.values():
            known |= set(_provided_by(task_spec))
    return frozenset(known)


def _provided_by(task_spec: BpmnTaskSpec) -> Iterator[str]:
    for attr in ("script", "prescript", "postscript"):
        source = getattr(task_spec, attr, None)
        if isinstance(source, str) and source:
            yield from _stored(source)
    dmn_engine = getattr(task_spec, "dmnEngine", None)
    if dmn_engine is not None:
        yield from (output.name for output in dmn_engine.decision_table.outputs if output.name)
    for attr in ("data_input", "data_output", "input_item", "output_item"):
        item = getattr(task_spec, attr, None)
        if item is not None and getattr(item, "bpmn_id", None):
            yield item.bpmn_id


def unknown(site: Site, known: frozenset[str]) -> list[str]:
    """Names ``site`` reads that are neither ``known`` nor bound by the code itself."""
    if site.kind.split(" of ")[0] not in SITE_KINDS:
        return []
    try:
        tree = ast.parse(site.source, mode=site.mode)
    except SyntaxError:
        return []  # the code rule reports it
    loaded = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    return sorted(loaded - known - set(_stored_in(tree)))


def _stored(source: str) -> Iterator[str]:
    try:
        yield from _stored_in(ast.parse(source))
    except SyntaxError:
        return


def _stored_in(tree: ast.AST) -> Iterator[str]:
    """Names the code assigns (comprehension and loop variables too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            yield node.id
