"""Process definitions: parse and validate BPMN/DMN sources once per content version.

A definition version is identified by the SHA-256 of its source files, so a running instance can
name exactly the version it started with and the same text is never parsed twice per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.spiff.parser import VALIDATOR, SpiffBpmnParser

from workflows import expressions, usertasks
from workflows.scripting import check_source

SOURCE_SUFFIXES = (".bpmn", ".dmn")


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
    spec: Any
    subprocess_specs: dict[str, Any] = field(default_factory=dict)
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
            ids += [p.get("id") for p in _processes(root) if p.get("isExecutable") == "true"]
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


def _check_user_tasks(process_id: str, process_specs: list[Any]) -> None:
    """Refuse a user task whose lane or properties are outside the vocabulary, so a misspelt
    action never loads (``contract.check`` reports all of them before a deploy).
    """
    for process_spec in process_specs:
        for task_spec in process_spec.task_specs.values():
            if not getattr(task_spec, "manual", False):
                continue
            properties = task_spec.extensions.get("properties", {})
            for _rule, message in usertasks.problems(task_spec.lane, properties):
                name = task_spec.bpmn_name or task_spec.bpmn_id
                raise DefinitionError(
                    f"{process_id}: 用户任务“{name}”({task_spec.bpmn_id})：{message}"
                )


def _processes(root: Any) -> Iterator[Any]:
    yield from root.iterfind("{http://www.omg.org/spec/BPMN/20100524/MODEL}process")


def _check_code(process_id: str, process_specs: list[Any], sources: dict[str, str]) -> None:
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
    (transitively) and every DMN file. Versioning by this set means editing one diagram
    creates a new version of that process only.
    """
    declared = {}
    calls: dict[str, set[str]] = {}
    for name, text in sources.items():
        if not name.endswith(".bpmn"):
            continue
        root = etree.fromstring(text.encode())
        for process in _processes(root):
            declared[process.get("id")] = name
            calls[process.get("id")] = {
                node.get("calledElement")
                for node in process.iter(
                    "{http://www.omg.org/spec/BPMN/20100524/MODEL}callActivity"
                )
            }
    if process_id not in declared:
        raise DefinitionError(f"no BPMN file declares process {process_id!r}")
    needed, todo = set(), [process_id]
    while todo:
        pid = todo.pop()
        if pid in needed or pid not in declared:
            continue
        needed.add(pid)
        todo.extend(calls[pid])
    files = {declared[pid] for pid in needed}
    return {name: text for name, text in sources.items() if name in files or name.endswith(".dmn")}
