"""The one task interface: what every user-task row has, whichever kind of case it serves.

Exam applications keep their rows in ``tasks`` (``workflow.Task``, with the application's
foreign key every exam query relies on), the other subjects in ``case_tasks``
(``cases.CaseTask``, a subject named by type and id). Both tables take their shared columns,
and the reading of the diagram's ``actions`` / ``comment_required``, from here, so the inboxes,
the pages and the one decide path (``app.platform.services.decide``) read either the same way.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.platform.models.base import StrEnumType, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from handlers.lexicon import REASON_REQUIRED_ACTIONS
from handlers.vocabulary import TaskState


class ReviewTaskMixin:
    """A user task as an inbox sees it: the diagram's task it stands for (``engine_task_id``,
    ``spec_id``, ``name``, ``lane``, ``queue``), what may be done there, who may do it (an org,
    or one person), and what was done. Written only together with the step that produced it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    engine_task_id: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    lane: Mapped[str | None] = mapped_column(String(32))
    queue: Mapped[str] = mapped_column(String(32))
    actions: Mapped[str] = mapped_column(String(128))
    comment_required: Mapped[str] = mapped_column(String(128), default="")
    candidate_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    candidate_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[TaskState] = mapped_column(StrEnumType(TaskState, 12), default=TaskState.READY)
    action: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    @declared_attr
    def candidate_org(cls: type[ReviewTaskMixin]) -> Mapped[Org | None]:
        return relationship(Org, foreign_keys=f"{cls.__name__}.candidate_org_id")

    @declared_attr
    def completed_by(cls: type[ReviewTaskMixin]) -> Mapped[User | None]:
        return relationship(User, foreign_keys=f"{cls.__name__}.completed_by_id")

    @property
    def allowed_actions(self) -> list[str]:
        """The actions the diagram offers at this task (its ``actions`` property)."""
        return self.actions.split(",") if self.actions else []

    @property
    def actions_needing_comment(self) -> list[str]:
        """The diagram says which actions need a written reason (e.g. return, opinion); the
        rejections offered here always do (``REASON_REQUIRED_ACTIONS``)."""
        declared = [a for a in self.comment_required.split(",") if a]
        always = [a for a in self.allowed_actions if a in REASON_REQUIRED_ACTIONS]
        return declared + [a for a in always if a not in declared]

    def needs_comment(self, action: str) -> bool:
        return action in self.actions_needing_comment

    def close(self, actor: User, action: str, comment: str | None) -> None:
        """The task done by ``actor`` with ``action``: part of the step that did it."""
        self.state, self.action, self.comment = TaskState.COMPLETED, action, comment or None
        self.completed_by_id, self.completed_at = actor.id, utcnow()
