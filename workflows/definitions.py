"""Process definitions: parse and validate BPMN/DMN sources once per content version.

A definition version is identified by the SHA-256 of its source files, so a running instance can
name exactly the version it started with and the same text is never parsed twice per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from workflows import expressions, usertasks
from workflows.library import attribute
from workflows.scripting import check_source

SOURCE_SUFFIXES = (".bpmn", ".dmn")
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"


class DefinitionError(ValueError):
    """A diagram cannot be used: invalid XML/BPMN, unknown process, a user task outside the
    vocabulary (lane, queue, status, actions, ...), or code (script, condition, DMN entry, ...)
    the sandbox refuses; the message names the element.
    """


@dataclass(frozen=True)
class Definition:
    """One parsed version of one executable process."""

    process_id: str
    version: str
    name: str
    spec: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec] = field(default_factory=dict)
    file_hashes: Mapping[str, str] = field(default_factory=dict)
    """SHA-256 of each source file by name, computed once per version (the audit record of an
    auto-review decision names the DMN files it ran by these)."""


def content_hash(sources: Mapping[str, str]) -> str:
    """Version key of a set of source files: order-independent hash of names and texts."""
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].encode() + b"\0")
    return digest.hexdigest()


def read_sources(directory: Path) -> dict[str, str]:
    """All diagram files of a folder, by file name."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(directory.iterdir())
        if path.suffix in SOURCE_SUFFIXES
    }


def executable_process_ids(sources: Mapping[str, str]) -> list[str]:
    """Ids of the executable processes declared in the BPMN sources."""
    ids = []
    for name, text in sources.items():
        if name.endswith(".bpmn"):
            root = etree.fromstring(text.encode())
            ids += [attribute(p, "id") for p in _processes(root) if p.get("isExecutable") == "true"]
    return ids


def load(process_id: str, sources: Mapping[str, str]) -> Definition:
    """Parse ``process_id`` out of ``sources``; cached by (process, content hash)."""
    return load_version(process_id, content_hash(sources), lambda: sources)


def load_version(
    process_id: str, version: str, sources: Callable[[], Mapping[str, str]]
) -> Definition:
    """The parsed ``process_id`` whose files hash to ``version`` (``content_hash``), calling
    ``sources`` for the files only when this version is not parsed yet. A stored definition
    row already names its hash, so a step neither reads its ~114 KB of sources nor hashes
    them again: the caller passes a loader of the row's files."""
    key = (process_id, version)
    cached = _PARSED.get(key)
    if cached is None:
        cached = _parse(process_id, version, sources())
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = cached
    return cached


MAX_PARSED = 256
"""Parsed versions kept per process (oldest dropped first); a deployment rarely has more
than a handful of live versions."""
_PARSED: dict[tuple[str, str], Definition] = {}


def _parse(process_id: str, version: str, sources: Mapping[str, str]) -> Definition:
    items = dict(sources)
    try:
        parser = parser_for(items)
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
    except Exception as exc:  # the parser raises several unrelated types
        raise DefinitionError(f"{process_id}: {exc}") from exc
    process_specs = [spec, *subprocess_specs.values()]
    _check_user_tasks(process_id, process_specs)
    _check_code(process_id, process_specs, items)
    hashes = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in items.items()}
    return Definition(
        process_id, version, spec.description or process_id, spec, subprocess_specs, hashes
    )


def parser_for(sources: Mapping[str, str]) -> SpiffBpmnParser:
    """A parser holding every file of ``sources``, each validated against the XSD. Raises
    whatever SpiffWorkflow raises for a file it refuses.
    """
    parser = SpiffBpmnParser(validator=VALIDATOR)
    for name, text in sources.items():
        if name.endswith(".dmn"):
            parser.add_dmn_str(text.encode(), filename=name)
        else:
            parser.add_bpmn_str(text.encode(), filename=name)
    return parser


def _check_user_tasks(process_id: str, process_specs: list[BpmnProcessSpec]) -> None:
    """Refuse a user task whose lane or properties are outside the vocabulary, so a misspelt
    action never loads (``contract.check`` reports all of them before a deploy).
    """
    for process_spec in process_specs:
        for task_spec in process_spec.task_specs.values():
            if not task_spec.manual:
                continue
            properties = usertasks.properties(task_spec)
            for _rule, message in usertasks.problems(task_spec.lane, properties):
                name = task_spec.bpmn_name or task_spec.bpmn_id
                raise DefinitionError(
                    f"{process_id}: 用户任务“{name}”({task_spec.bpmn_id})：{message}"
                )


def _processes(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iterfind(f"{BPMN}process")


def _check_code(
    process_id: str, process_specs: list[BpmnProcessSpec], sources: dict[str, str]
) -> None:
    """Refuse the whole definition if any of its code would be refused when it runs."""
    try:
        for site in expressions.sites(process_specs, sources):
            try:
                check_source(site.source, site.mode)
            except (ValueError, SyntaxError) as exc:  # UnsafeScript is a ValueError
                raise DefinitionError(
                    f"{process_id}: {site.element_id} ({site.kind}): {exc}"
                ) from exc
    except expressions.IncompleteDecision as exc:
        raise DefinitionError(f"{process_id}: {exc}") from exc


def sources_for(process_id: str, sources: Mapping[str, str]) -> dict[str, str]:
    """The files one process needs: its own BPMN file, the files of the processes it calls
    (transitively) and the DMN files declaring the decisions any of those reference (with
    the decisions those require). Versioning by this set means a change to one file
    creates a new version of only the processes that use it.
    """
    processes = _bpmn_processes(sources)
    if process_id not in processes:
        raise DefinitionError(f"no BPMN file declares process {process_id!r}")
    needed = _closure({process_id}, {pid: p.calls for pid, p in processes.items()})
    decisions = _dmn_decisions(sources)
    referenced = set().union(*(processes[pid].decisions for pid in needed))
    required = _closure(referenced, {did: d.calls for did, d in decisions.items()})
    files = {processes[pid].file for pid in needed} | {
        decisions[did].file for did in required if did in decisions
    }
    return {name: text for name, text in sources.items() if name in files}


@dataclass(frozen=True)
class _Declared:
    """Where a process or decision is declared and what it uses: the processes a process
    calls, the decisions it references; the decisions a decision requires."""

    file: str
    calls: frozenset[str]
    decisions: frozenset[str] = frozenset()


def _bpmn_processes(sources: Mapping[str, str]) -> dict[str, _Declared]:
    found = {}
    for name, text in sources.items():
        if not name.endswith(".bpmn"):
            continue
        for process in _processes(etree.fromstring(text.encode())):
            calls = {
                attribute(node, "calledElement") for node in process.iter(f"{BPMN}callActivity")
            }
            decisions = {
                (node.text or "").strip() for node in process.iter(f"{SPIFF}calledDecisionId")
            }
            found[attribute(process, "id")] = _Declared(
                name, frozenset(calls), frozenset(decisions)
            )
    return found


def _dmn_decisions(sources: Mapping[str, str]) -> dict[str, _Declared]:
    found = {}
    for name, text in sources.items():
        if not name.endswith(".dmn"):
            continue
        for node in etree.fromstring(text.encode()).iter():
            if isinstance(node.tag, str) and etree.QName(node).localname == "decision":
                required = {
                    (ref.get("href") or "").lstrip("#")
                    for ref in node.iter()
                    if isinstance(ref.tag, str) and etree.QName(ref).localname == "requiredDecision"
                }
                found[attribute(node, "id")] = _Declared(name, frozenset(required))
    return found


def _closure(start: set[str], uses: Mapping[str, frozenset[str]]) -> set[str]:
    """``start`` and everything it uses, transitively, among the ids ``uses`` knows."""
    found: set[str] = set()
    todo = list(start)
    while todo:
        item = todo.pop()
        if item in found or item not in uses:
            continue
        found.add(item)
        todo.extend(uses[item])
    return found
