"""The one decide path: a reviewer's decision on a task, whichever kind of case it is
(exam application, title declaration, plan, expert application, transfer, org onboarding).

``decide`` loads the task (``kind.load``: what the caller may see, 404 otherwise), asks the
product whether the caller may decide it (``kind.authorize``: 403), makes the checks every
kind shares (still ready, else 409; an action the diagram offers here, else 422 naming
``action``; the reason the diagram wants, else 422 naming ``comment``) and the product's own
(``kind.check``: e.g. grade-1 materials before 高级技师审核 passes), then in ONE transaction
takes the engine step (``kind.step``: ``bridge.run_step`` with the product's routing), lets
the product apply the outcome to its subject (``kind.apply``), writes the audit record
(``kind.record``) and what follows the decision (``kind.finish``).

A product passes a ``CaseKind`` of its own: the platform imports no product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from app.platform.models.tasks import ReviewTaskMixin
from app.platform.models.users import User
from app.platform.services.errors import Conflict, Invalid
from app.platform.services.transaction import committing
from handlers.vocabulary import TaskState

T = TypeVar("T", bound=ReviewTaskMixin)
O = TypeVar("O")  # noqa: E741 - what a kind's step returns (``bridge.Outcome`` or the exam's ``Step``)

UNSUPPORTED = "当前环节不支持该操作"


@dataclass
class Decision(Generic[T]):
    """One decision as it goes through the path: who, on which task, with which action and
    reason; ``note`` (added to the audit details, e.g. an incident's retry); what the kind
    read on the way (``subject``, its ``status_from``, ``extra``: e.g. the passer's own
    sections)."""

    user: User
    task: T
    action: str
    comment: str
    note: dict[str, Any] | None = None
    subject: Any = None
    status_from: str | None = None
    extra: Any = None


class CaseKind(Generic[T, O]):
    """What a product says of one kind of case on the decide path. ``stale``: the message of
    the loser of a race (the transaction's 409); ``not_ready``: of a task already decided;
    ``unsupported``: the ``action`` field's message for an action the task does not offer."""

    stale: str
    not_ready: str
    unsupported: str = UNSUPPORTED

    def load(self, session: Session, user: User, task_id: int) -> T:
        raise NotImplementedError

    def authorize(self, session: Session, decision: Decision[T]) -> None:
        raise NotImplementedError

    def comment_missing(self, action: str) -> str:
        raise NotImplementedError

    def check(self, session: Session, decision: Decision[T]) -> None:
        """The product's rules beyond the shared ones (none by default)."""

    def step(self, session: Session, decision: Decision[T]) -> O:
        raise NotImplementedError

    def apply(self, session: Session, decision: Decision[T], outcome: O) -> None:
        """What the decision changes on the subject beyond what the step applied."""

    def record(self, session: Session, decision: Decision[T], outcome: O) -> None:
        raise NotImplementedError

    def finish(self, session: Session, decision: Decision[T], outcome: O) -> None:
        """What follows the decision and its record (none by default)."""


def decide(
    session: Session, user: User, task_id: int, action: str, comment: str, kind: CaseKind[T, O]
) -> T:
    """Decide task ``task_id`` with ``action`` and ``comment``: engine step, task rows, the
    subject and its audit record in one transaction (see the module docstring)."""
    decision = Decision(user, kind.load(session, user, task_id), action, comment)
    kind.authorize(session, decision)
    check(session, decision, kind)
    with committing(session, kind.stale):
        take(session, decision, kind)
    return decision.task


def check(session: Session, decision: Decision[T], kind: CaseKind[T, O]) -> None:
    """The checks every kind shares, then the kind's own."""
    task, action = decision.task, decision.action
    if task.state != TaskState.READY:
        raise Conflict(kind.not_ready)
    if action not in task.allowed_actions:
        raise Invalid(UNSUPPORTED, {"action": kind.unsupported})
    if task.needs_comment(action) and not decision.comment.strip():
        message = kind.comment_missing(action)
        raise Invalid(message, {"comment": message})
    kind.check(session, decision)


def take(session: Session, decision: Decision[T], kind: CaseKind[T, O]) -> O:
    """The decision inside the caller's transaction (``decide``'s, or an incident retry's):
    the step, the subject, the record and what follows."""
    outcome = kind.step(session, decision)
    kind.apply(session, decision, outcome)
    kind.record(session, decision, outcome)
    kind.finish(session, decision, outcome)
    return outcome
