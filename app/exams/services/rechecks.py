"""市级复核 and 省级标记: after final approval the city or province re-reviews approved
applications (chosen or randomly sampled); an opinion goes to the county to resolve.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services import engine
from app.exams.services.listing import apply_filters
from app.exams.services.review import require_reviewer
from app.exams.services.scope import applications_query
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.services import audit
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.locks import lock_rows
from app.platform.services.seasons import with_season
from app.platform.services.transaction import committing
from handlers.exams.vocabulary import RECHECK_QUEUES, Queue, Status

PROCESS_ID = "recheck"
UNDER_RECHECK = "所选报名已在复核中，请刷新后重试"


def start_rechecks(
    session: Session,
    user: User,
    bpmn_dir: Path,
    *,
    application_ids: list[int] | None = None,
    sample_percent: int | None = None,
    rng: random.Random | None = None,
) -> list[int]:
    """Start a re-review of the chosen approved applications, or of a random sample of
    ``sample_percent`` % of the current season's that are not under re-review already.
    Returns the ids started.
    """
    if not user.is_reviewer or user.level not in RECHECK_QUEUES:
        raise Forbidden("仅地市或省级管理员可以发起复核")
    if application_ids is not None:
        _check_chosen(session, user, set(application_ids), set(_eligible_ids(session, user)))
        chosen = sorted(set(application_ids))
    elif sample_percent is not None:
        eligible = _eligible_ids(session, user, with_season(session, {})["season"])
        count = math.ceil(len(eligible) * sample_percent / 100)
        chosen = sorted((rng or random.SystemRandom()).sample(eligible, count))
    else:
        raise Invalid("请选择报名或抽查比例", {"application_ids": "请选择报名或抽查比例"})
    with committing(session, UNDER_RECHECK):
        # One running re-review per application, a rule of the side process no index can
        # state: lock the applications, then see again which are still free.
        lock_rows(session, Application, chosen)
        _refuse_running(session, chosen)
        for application in session.scalars(select(Application).where(Application.id.in_(chosen))):
            instance = engine.start_instance(
                session, application, PROCESS_ID, bpmn_dir, {"by": user.level}
            )
            audit.record(session, application, user, "recheck", definition=instance.definition)
    return chosen


def _check_chosen(session: Session, user: User, chosen: set[int], eligible: set[int]) -> None:
    """Ids outside the user's scope do not exist for them (404, as everywhere); ids in scope
    that are not approved, or already under re-review, cannot be re-reviewed (409)."""
    visible = set(
        session.scalars(
            applications_query(user)
            .with_only_columns(Application.id)
            .where(Application.id.in_(chosen))
        )
    )
    if chosen - visible:
        missing = "、".join(map(str, sorted(chosen - visible)))
        raise NotFound("报名信息不存在", {"application_ids": f"不存在：{missing}"})
    if chosen - eligible:
        refused = "、".join(map(str, sorted(chosen - eligible)))
        raise Conflict(
            "所选报名不可复核（未终审通过或正在复核中）",
            {"application_ids": f"不可复核：{refused}"},
        )


def _refuse_running(session: Session, chosen: list[int]) -> None:
    """409 naming the chosen applications a re-review started on since they were picked."""
    running = _running().where(WorkflowInstance.application_id.in_(chosen))
    taken = sorted(set(session.scalars(running)))
    if taken:
        refused = "、".join(map(str, taken))
        raise Conflict(UNDER_RECHECK, {"application_ids": f"正在复核中：{refused}"})


def candidates(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """Approved applications in scope that are not under re-review: what may be picked, of
    the season (the current one unless ``season`` names another)."""
    require_reviewer(user)
    filters = with_season(session, filters)
    query = apply_filters(_eligible(user), filters).order_by(Application.id.desc())
    return paginate(session, query, filters)


def _eligible_ids(session: Session, user: User, season_id: int | None = None) -> list[int]:
    query = _eligible(user).with_only_columns(Application.id).order_by(Application.id)
    if season_id is not None:
        query = query.where(Application.season_id == season_id)
    return list(session.scalars(query))


def _running() -> Select:
    """The ids of applications with a re-review in progress."""
    return (
        select(WorkflowInstance.application_id)
        .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.process_id == PROCESS_ID, WorkflowInstance.completed.is_(False))
    )


def _eligible(user: User) -> Select:
    return applications_query(user).where(
        Application.status == Status.APPROVED, Application.id.not_in(_running())
    )


@dataclass(frozen=True)
class RecheckRecord:
    """An opinion of the city (or province) and how the county resolved it, if it has."""

    application: Application
    opinion: Task
    response: Task | None


def recheck_records(session: Session, user: User, by: str) -> list[RecheckRecord]:
    """市级复核记录 / 省级标记记录: opinions about applications in the user's subtree."""
    require_reviewer(user)
    scoped = applications_query(user).with_only_columns(Application.id)
    opinions = list(
        session.scalars(
            select(Task)
            .where(
                Task.queue == RECHECK_QUEUES[by],
                Task.action == "opinion",
                Task.application_id.in_(scoped),
            )
            .order_by(Task.completed_at.desc())
        )
    )
    responses = {
        t.instance_id: t
        for t in session.scalars(
            select(Task).where(
                Task.queue == Queue.RECHECK_RESPONSE,
                Task.instance_id.in_([o.instance_id for o in opinions]),
            )
        )
    }
    return [RecheckRecord(o.application, o, responses.get(o.instance_id)) for o in opinions]
