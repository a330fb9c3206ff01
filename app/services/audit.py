"""Writing and reading the audit trail. Recording never commits: the event joins the
transaction of the change it describes.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Application, AuditEvent, Task, User


def record(
    session: Session,
    application: Application,
    actor: User,
    action: str,
    *,
    comment: str | None = None,
    status_from: str | None = None,
    task: Task | None = None,
) -> AuditEvent:
    """Add one event; ``status_to`` is the application's status now."""
    event = AuditEvent(
        application_id=application.id,
        actor_id=actor.id,
        actor_name=actor.name,
        org_id=actor.org_id,
        org_name=actor.org.name,
        action=action,
        comment=comment or None,
        status_from=status_from or application.status,
        status_to=application.status,
        task_id=task.id if task else None,
        task_name=task.name if task else None,
        task_spec_id=task.spec_id if task else None,
    )
    session.add(event)
    return event
