"""What-if simulation of a draft (policy staff): every submitted application of the chosen
exam years runs, in memory, through the deployed registration process and through the one
the draft library would have, on facts recomputed now; the report says what changes.

Read-only by construction: the exam gives its applications' facts, recomputed now
(``InstanceSubjects.simulation_cases``), and the engine runs on workflows that are never
serialized or stored. Runs are memoized by
their facts (the same facts take the same path), which makes thousands of applications cheap.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from app.governance.services import drafts
from app.platform.models.users import User
from app.platform.registry import InstanceSubjects
from app.platform.services import deployments
from app.platform.services.errors import Invalid
from handlers.lexicon import STATUS_LABELS
from handlers.vocabulary import LANE_LABELS, ORG_LEVELS, Lane
from workflows import definitions, simulate

AUTO, MANUAL = "auto", "manual"


def simulate_draft(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    draft_id: int,
    years: list[int] | None,
    exam_year: int,
) -> dict[str, Any]:
    draft = drafts.get_draft(session, user, draft_id)
    sources = drafts.draft_library(session, draft)
    return _compare(session, subjects, sources, years or [exam_year, exam_year - 1])


def _compare(
    session: Session, subjects: InstanceSubjects, sources: Mapping[str, str], years: list[int]
) -> dict[str, Any]:
    main = subjects.main_process
    current = _main_process(main, deployments.get(session).sources)
    proposed = _main_process(main, sources)
    before, after = _memo(current), _memo(proposed)
    cases = subjects.simulation_cases(session, years)
    lanes_before: Counter[str] = Counter()
    lanes_after: Counter[str] = Counter()
    to_auto = to_manual = 0
    affected = []
    for summary, facts in cases:
        was, now = before(facts), after(facts)
        lanes_before.update(v.lane or "" for v in was.visits)
        lanes_after.update(v.lane or "" for v in now.visits)
        to_auto += _county_queue(was) == MANUAL and _county_queue(now) == AUTO
        to_manual += _county_queue(was) == AUTO and _county_queue(now) == MANUAL
        if (was.visits, was.outcome) != (now.visits, now.outcome):
            affected.append({**summary, "before": _path(was), "after": _path(now)})
    return {
        "years": years,
        "total": len(cases),
        "changed": len(affected),
        "auto_instead_of_manual": to_auto,
        "manual_instead_of_auto": to_manual,
        "levels": [
            {
                "lane": lane,
                "label": LANE_LABELS[lane],
                "before": lanes_before[lane],
                "after": lanes_after[lane],
                "gained": max(lanes_after[lane] - lanes_before[lane], 0),
                "lost": max(lanes_before[lane] - lanes_after[lane], 0),
            }
            for lane in (Lane.APPLICANT, *reversed(ORG_LEVELS))
        ],
        "affected": affected,
    }


def _main_process(process_id: str, sources: Mapping[str, str]) -> definitions.Definition:
    try:
        return definitions.load(process_id, definitions.sources_for(process_id, sources))
    except definitions.DefinitionError as exc:
        raise Invalid(f"流程库无法加载，不能模拟：{exc}", {"content": str(exc)}) from exc


def _memo(definition: definitions.Definition) -> Callable[[dict[str, Any]], simulate.Run]:
    runs: dict[str, simulate.Run] = {}

    def run(facts: dict[str, Any]) -> simulate.Run:
        key = json.dumps(facts, sort_keys=True, default=str)
        if key not in runs:
            runs[key] = simulate.run(definition, facts)
        return runs[key]

    return run


def _county_queue(run: simulate.Run) -> str | None:
    return next((v.queue for v in run.visits if v.lane == Lane.COUNTY), None)


def _path(run: simulate.Run) -> str:
    steps = [f"{LANE_LABELS.get(v.lane or '', v.lane or '')}：{v.name}" for v in run.visits]
    end = STATUS_LABELS.get(run.outcome, "超出步数" if run.outcome == "limit" else "执行出错")
    return " → ".join([*steps, end])
