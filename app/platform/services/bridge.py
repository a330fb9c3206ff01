"""The one engine step every kind of case takes: load the instance with its open task rows,
complete the task in the engine, store the state, close the task row and place the tasks now
ready. It returns an ``Outcome``; the product applies it to its subject (status, where it
waits), in the caller's transaction.

What differs between kinds is only where a ready task waits: a ``Router`` the product gives
(the exam: org-level lanes over the applicant's staffed org chain; the title platform: role
lanes at the process's ``current_org``, or the declarant). No commit here (see ``engine.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.cases import CaseInstance
from app.platform.models.tasks import ReviewTaskMixin
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, WorkflowInstance
from app.platform.services.deployments import parsed
from app.platform.services.engine import engine_errors, store, sync_task_rows
from app.platform.services.errors import WorkflowFailed
from handlers.vocabulary import TaskState
from workflows import step
from workflows.step import StepResult

R = TypeVar("R", bound=ReviewTaskMixin)
"""A task row type (the exam's ``Task`` or ``CaseTask``)."""

Instance = WorkflowInstance | CaseInstance


class Router(Generic[R]):
    """How a product places the tasks a step makes ready, and what the step must know of the
    subject beyond the decision (``facts``: e.g. the exam's staffed levels)."""

    def facts(self) -> dict[str, Any]:
        return {}

    def place(self, ready: step.ReadyTask) -> R:
        raise NotImplementedError


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What one start or step did, for the product to apply. ``status``: the ``status`` the
    process ended with (as the diagram set it: the product checks it), or the ``status``
    property of the task it now waits on (``under_review`` unless the diagram says), or None
    while it waits on no person. ``rows``: the instance's open rows by engine task id."""

    instance: Instance
    definition: ProcessDefinition
    completed: bool
    status: str | None
    data: dict[str, Any]
    ready: list[step.ReadyTask]
    rows: dict[str, R]

    @property
    def waiting(self) -> R | None:
        """The row of the task the subject now waits on (the first ready), if any."""
        return self.rows[self.ready[0].id] if self.ready else None

    def place(self, subject: Any) -> None:
        """The subject's ``status``, ``waiting_org_id`` and ``waiting_task`` as the step left
        them (the title platform's subjects: declarations, plans, expert applications)."""
        if self.status:
            subject.status = self.status
        waiting = None if self.completed else self.waiting
        subject.waiting_org_id = waiting.candidate_org_id if waiting else None
        subject.waiting_task = waiting.name if waiting else None


def load(
    session: Session, instance_model: type[Any], task_model: type[Any], instance_id: int
) -> tuple[Any, list[Any]]:
    """The instance with its definition version and its open task rows, in one statement,
    read before the step changes anything (the rows then need no autoflush of the step's
    changes, and no second statement)."""
    rows = session.execute(
        select(instance_model, task_model)
        .outerjoin(
            task_model,
            (task_model.instance_id == instance_model.id) & (task_model.state == TaskState.READY),
        )
        .where(instance_model.id == instance_id)
        .options(joinedload(instance_model.definition))
    ).all()
    return rows[0][0], [row for _, row in rows if row is not None]


def run_step(
    session: Session,
    instance: Instance,
    open_rows: list[R],
    task: R,
    actor: User,
    decision: tuple[str, str | None],
    data: dict[str, Any] | None,
    router: Router[R],
) -> Outcome[R]:
    """Complete ``task`` with ``decision`` (action, comment) and ``data`` in the engine,
    persist the new state, close the task row and place the tasks now ready (``open_rows``:
    the instance's ready rows, read with ``load`` before the step). The instance's version
    is checked at flush: a concurrent step on the same case fails there (409)."""
    action, comment = decision
    facts = {**(data or {}), **router.facts(), "action": action, "comment": comment or ""}
    with engine_errors():
        result = step.complete(
            parsed(instance.definition), instance.state, task.engine_task_id, facts
        )
    store(instance, result)
    task.close(actor, action, comment)
    return settle(session, instance, result, open_rows, router)


def settle(
    session: Session,
    instance: Instance,
    result: StepResult,
    open_rows: list[R],
    router: Router[R],
) -> Outcome[R]:
    """The task rows after ``result`` (those the engine no longer has ready cancelled, one
    placed by ``router`` per newly ready task) and what the step says of the subject."""
    still_open = [row for row in open_rows if row.state == TaskState.READY]
    rows = sync_task_rows(session, still_open, result, router.place)
    return Outcome(
        instance=instance,
        definition=instance.definition,
        completed=result.completed,
        status=_status(result),
        data=result.data,
        ready=result.ready,
        rows=rows,
    )


def final_status(outcome: Outcome[Any], labels: Mapping[str, str], noun: str) -> str:
    """The status a completed process ended with; one the product does not know is a
    diagram error (422), named with the product's ``noun`` for it."""
    status = outcome.data.get("status")
    # a diagram's data is any JSON: a list or object here must fail as well, not raise
    # TypeError (unhashable) in the lookup
    if not isinstance(status, str) or status not in labels:
        raise WorkflowFailed(f"流程结束时未给出有效的{noun}（status={status!r}），请检查流程图")
    return str(status)


def _status(result: StepResult) -> str | None:
    if result.completed:
        status = result.data.get("status")
        return status if isinstance(status, str) else None
    if not result.ready:
        return None
    return str(result.ready[0].properties.get("status", "under_review"))
