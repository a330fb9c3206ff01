"""Tasks left waiting at a level whose last reviewer has gone.

The diagrams skip a unit or supervising unit nobody can review at when the review reaches it
(``staffing``); a task already waiting there when its org loses its last reviewer (the admin
deactivated or deleted) would wait forever. Such tasks of the main review are completed with
``SKIP_ACTION`` at once, which the diagrams take where a pass goes: on to the next level that
can review, each move recorded as 跳过 in the application's history. Each task is its own
transaction, like a bulk decision; one that cannot move (a version deployed before the
diagrams knew ``skip``, a race) stays where it is, logged, and shows in 滞留任务 in time.
Tasks of side processes (容缺后补 supplies) wait for the level itself and are not moved.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.exams.services import audit as exam_audit
from app.exams.services import engine
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.services import audit
from app.platform.services.errors import ServiceError
from app.platform.services.staffing import staffed
from app.platform.services.transaction import committing
from handlers.exams.vocabulary import SKIP_ACTION
from handlers.routing import SKIPPABLE_LEVELS, skip_note
from handlers.vocabulary import TaskState

log = logging.getLogger(__name__)
STALE = "该任务已被其他审核人员处理"


def skip_if_unstaffed(session: Session, actor: User, org: Org) -> list[Task]:
    """Move on the main review's tasks waiting at ``org`` if nobody there can review any
    more (``actor``: the admin whose change left it so). Returns the tasks moved."""
    if org.level not in SKIPPABLE_LEVELS or session.scalar(select(staffed(org.id))):
        return []
    moved = []
    for task in _waiting_reviews(session, org):
        try:
            _skip(session, actor, task, org)
        except ServiceError as error:
            log.warning("task %s at %s not skipped: %s", task.id, org.code, error.message)
        else:
            moved.append(task)
    return moved


def _waiting_reviews(session: Session, org: Org) -> list[Task]:
    return list(
        session.scalars(
            select(Task)
            .join(WorkflowInstance, Task.instance_id == WorkflowInstance.id)
            .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
            .where(
                Task.candidate_org_id == org.id,
                Task.state == TaskState.READY,
                Task.lane == org.level,
                ProcessDefinition.process_id == engine.MAIN_PROCESS,
            )
            .order_by(Task.id)
            .options(joinedload(Task.application))
        )
    )


def _skip(session: Session, actor: User, task: Task, org: Org) -> None:
    application = task.application
    status_from = application.status
    note = f"{skip_note(org.level)}（{org.name}）"
    with committing(session, STALE):
        done = engine.complete(session, application, task, actor, SKIP_ACTION, note)
        audit.record(
            session,
            application,
            actor,
            SKIP_ACTION,
            comment=note,
            status_from=status_from,
            task=task,
            definition=done.definition,
            details={"skipped_org": org.code, "level": org.level},
        )
        exam_audit.record_skips(session, application, done)
