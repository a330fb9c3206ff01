"""Recording an incident: what failed where, written after the failed step rolled back.

Kept apart from the incident use cases (``app.governance.services.incidents``) so the engine
bridge can describe a failure without importing what retries one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.platform.models.base import utcnow
from app.platform.models.incidents import Incident
from app.platform.models.users import User
from app.platform.models.workflow import Task, WorkflowInstance
from app.platform.services.errors import WorkflowFailed
from app.platform.services.transaction import committing

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class Failure:
    """A step that failed on an instance, as plain values: the session that held the rows
    is rolled back before this is recorded."""

    instance_id: int
    instance_version: int
    application_id: int
    definition_id: int
    element_id: str
    element_name: str
    message: str
    task_id: int | None
    actor_id: int | None
    action: str | None
    comment: str | None

    def record(self, session: Session) -> None:
        """Count this failure on its incident, in a transaction of its own. Never raises: a
        failure to record must not hide the failure itself."""
        try:
            with committing(session):
                session.execute(_upsert(session, self))
        except Exception:
            log.exception("could not record the incident of instance %s", self.instance_id)


def failure(
    error: WorkflowFailed,
    instance: WorkflowInstance,
    version: int,
    task: Task,
    actor: User,
    decision: tuple[str, str | None],
) -> Failure:
    """The failure of completing ``task`` with ``decision`` (action, comment) on
    ``instance``, read at ``version``."""
    return Failure(
        instance_id=instance.id,
        instance_version=version,
        application_id=instance.application_id,
        definition_id=instance.definition_id,
        element_id=error.element_id,
        element_name=error.element_name or error.element_id,
        message=error.message[:MAX_MESSAGE_CHARS],
        task_id=task.id,
        actor_id=actor.id,
        action=decision[0],
        comment=decision[1],
    )


def _upsert(session: Session, failure: Failure) -> Any:
    """INSERT the incident, or count one more on it: one statement, so concurrent failures
    of the same step add up instead of colliding."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    now = utcnow()
    values = {**vars(failure), "count": 1, "first_seen": now, "last_seen": now}
    latest = {key: values[key] for key in ("message", "task_id", "actor_id", "action", "comment")}
    table = Incident.__table__
    return (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_update(
            index_elements=["instance_id", "instance_version", "element_id"],
            set_={**latest, "count": table.c.count + 1, "last_seen": now},
        )
    )
