"""What-if simulation of a draft (policy staff): every submitted application of the chosen
exam years runs, in memory, through the deployed registration process and through the one
the draft library would have, on facts recomputed now; the report says what changes.

Read-only by construction: applications and qualified records are read, facts computed,
and the engine runs on workflows that are never serialized or stored. Runs are memoized by
their facts (the same facts take the same path), which makes thousands of applications cheap.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, User
from app.services import deployments, drafts
from app.services.engine import MAIN_PROCESS
from app.services.errors import Invalid
from app.services.facts import review_facts
from handlers.vocabulary import LANE_LABELS, ORG_LEVELS, STATUS_LABELS
from workflows import definitions, simulate

AUTO, MANUAL = "auto", "manual"


def simulate_draft(
    session: Session, user: User, draft_id: int, years: list[int] | None, exam_year: int
) -> dict[str, Any]:
    draft = drafts.get_draft(session, user, draft_id)
    return _compare(session, drafts.draft_library(session, draft), years or [exam_year, exam_year - 1])


def _compare(session: Session, sources: Mapping[str, str], years: list[int]) -> dict[str, Any]:
    current = _registration(deployments.get(session).sources)
    proposed = _registration(sources)
    before, after = _memo(current), _memo(proposed)
    applications = list(
        session.scalars(
            select(Application)
            .where(Application.year.in_(years), Application.status != "draft")
            .order_by(Application.id)
        )
    )
    lanes_before: Counter[str] = Counter()
    lanes_after: Counter[str] = Counter()
    to_auto = to_manual = 0
    affected = []
    for application in applications:
        facts = review_facts(session, application, application.year)
        was, now = before(facts), after(facts)
        lanes_before.update(v.lane or "" for v in was.visits)
        lanes_after.update(v.lane or "" for v in now.visits)
        to_auto += _county_queue(was) == MANUAL and _county_queue(now) == AUTO
        to_manual += _county_queue(was) == AUTO and _county_queue(now) == MANUAL
        if (was.visits, was.outcome) != (now.visits, now.outcome):
            affected.append(_affected(application, was, now))
    return {
        "years": years,
        "total": len(applications),
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
            for lane in ("applicant", *reversed(ORG_LEVELS))
        ],
        "affected": affected,
    }


def _registration(sources: Mapping[str, str]) -> definitions.Definition:
    try:
        return definitions.load(MAIN_PROCESS, definitions.sources_for(MAIN_PROCESS, sources))
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
    return next((v.queue for v in run.visits if v.lane == "county"), None)


def _path(run: simulate.Run) -> str:
    steps = [f"{LANE_LABELS.get(v.lane or '', v.lane or '')}：{v.name}" for v in run.visits]
    end = STATUS_LABELS.get(run.outcome, "超出步数" if run.outcome == "limit" else "执行出错")
    return " → ".join([*steps, end])


def _affected(application: Application, was: simulate.Run, now: simulate.Run) -> dict[str, Any]:
    """An application whose path changes, told by what shapes a path (unit, trade, grade),
    never by who applied: policy staff read process data, not people
    (``User.reads_personal_data``)."""
    return {
        "application_id": application.id,
        "unit": application.org.name,
        "declared_trade": application.declared_trade,
        "declared_grade": application.declared_grade,
        "before": _path(was),
        "after": _path(now),
    }
