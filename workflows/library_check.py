"""Stand-in for the diagram contract check until ``workflows.contract`` lands: every
executable process of a library must load (parse, sandbox check of its code), and each
failure becomes one Problem naming the process. ``check`` has the contract's signature, so
switching is one import in ``app.services.deployments.library_problems``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workflows import definitions
from workflows.library import LibraryError, describe


@dataclass(frozen=True)
class Problem:
    file: str
    element_id: str
    element_name: str
    rule: str
    message: str


def check(sources: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    declared: dict[str, str] = {}
    for name, text in sorted(sources.items()):
        try:
            info = describe(name, text)
        except LibraryError as exc:
            problems.append(Problem(name, "", "", "xml", str(exc)))
            continue
        declared.update(dict.fromkeys(info.element_ids, name) if info.kind == "bpmn" else {})
    if problems:
        return problems
    for process_id, name in sorted(declared.items()):
        try:
            definitions.load(process_id, definitions.sources_for(process_id, sources))
        except definitions.DefinitionError as exc:
            problems.append(Problem(name, process_id, process_id, "loads", str(exc)))
    return problems
