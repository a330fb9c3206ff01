"""Grade-1 review materials and the 容缺后补 that may stand in for them: each application's
deferrals (who marked them, where they stand, every step) and the checklist a 高级技师审核
level sees before it passes. Read-only: the commands live in ``review`` and ``deferral``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.services.errors import Invalid
from handlers.exams.materials import MaterialsCheck, required_materials
from handlers.vocabulary import TaskState

DEFERRAL_PROCESS = "deferred_materials"
STAGES = {"deferred": "待补充材料", "deferred_review": "待县区复核"}
CLOSED, ENDED = "已完成（无异议）", "已终止（审核不通过）"


@dataclass(frozen=True)
class Deferral:
    """One 容缺后补 of an application: its side-process instance and every task row of it,
    oldest first (cancelled rows included)."""

    instance: WorkflowInstance
    steps: list[Task]

    @property
    def marked_by(self) -> str | None:
        """The level that marked it: the diagram has that level supply the materials."""
        return self.steps[0].lane if self.steps else None

    @property
    def waiting(self) -> Task | None:
        return next((step for step in self.steps if step.state == TaskState.READY), None)

    @property
    def closed(self) -> bool:
        """Rechecked with 无异议: the materials were supplied."""
        return self.instance.completed and any(s.action == "no_objection" for s in self.steps)

    @property
    def in_force(self) -> bool:
        """Open or closed; not ended with a rejected application."""
        return not self.instance.completed or self.closed

    @property
    def stage(self) -> str:
        waiting = self.waiting
        if waiting is not None:
            return STAGES.get(waiting.queue, waiting.name)
        return CLOSED if self.closed else ENDED


def deferrals(session: Session, application_ids: Iterable[int]) -> dict[int, list[Deferral]]:
    """The deferrals of each application, oldest first: two queries for any number."""
    instances = list(
        session.scalars(
            select(WorkflowInstance)
            .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
            .where(
                ProcessDefinition.process_id == DEFERRAL_PROCESS,
                WorkflowInstance.application_id.in_(list(application_ids)),
            )
            .order_by(WorkflowInstance.id)
        )
    )
    steps: dict[int, list[Task]] = {}
    rows = select(Task).where(Task.instance_id.in_([i.id for i in instances])).order_by(Task.id)
    for row in session.scalars(rows):
        steps.setdefault(row.instance_id, []).append(row)
    found: dict[int, list[Deferral]] = {}
    for instance in instances:
        found.setdefault(instance.application_id, []).append(
            Deferral(instance, steps.get(instance.id, []))
        )
    return found


def deferral_in_force(session: Session, application: Application) -> Deferral | None:
    """The application's latest deferral that still stands, if any."""
    standing = [
        d for d in deferrals(session, [application.id]).get(application.id, []) if d.in_force
    ]
    return standing[-1] if standing else None


def check(session: Session, task: Task) -> MaterialsCheck:
    """The grade-1 checklist at ``task``'s level: salary sheet and per-year evidence, each
    present or missing, and the level that marked them 容缺后补, if any."""
    application = task.application
    deferral = deferral_in_force(session, application)
    items = required_materials(
        [(upload.kind, upload.year) for upload in application.uploads],
        application.qualifying_conditions or [],
        application.appraisals or [],
        application.year,
    )
    return MaterialsCheck(items, deferral.marked_by if deferral else None, task.lane or "")


def require_for_pass(session: Session, task: Task) -> None:
    """A pass at 高级技师审核 needs the materials, unless this level or one below marked them
    容缺后补 (422 naming what is missing; returning, rejecting or on-site stay possible)."""
    result = check(session, task)
    problems = result.pass_problems()
    if problems:
        raise Invalid(result.pass_message(), problems)
