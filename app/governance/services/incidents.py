"""故障实例: instances stuck by an engine error, listed the moment a step fails (element,
message, how often, first and last seen), and retried by policy staff once a fix is
deployed: the instance moved onto the latest version, then the decision that failed run
again, as the reviewer who took it, in one transaction.

Policy staff see every incident (no personal data: ids, process and element); province,
city and county admins see those of their subtree. Only policy staff retry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, joinedload

from app.governance.services import migration
from app.governance.services.instances import may_audit
from app.governance.services.library import require_policy
from app.platform.models.base import utcnow
from app.platform.models.incidents import Incident
from app.platform.models.users import User
from app.platform.models.workflow import Task, WorkflowInstance
from app.platform.registry import InstanceSubjects
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound, WorkflowFailed
from app.platform.services.listing import Page, paginate
from app.platform.services.transaction import committing
from handlers.lexicon import AUDIT_LABELS
from handlers.vocabulary import TaskState

MOVED_ON = "该实例已继续流转，无需重试"


def may_view(user: User) -> bool:
    return user.is_policy or may_audit(user)


def require_viewer(user: User) -> None:
    if not may_view(user):
        raise Forbidden("仅政策管理员和省、市、县区管理员可以查看故障实例")


def listing(
    session: Session, subjects: InstanceSubjects, user: User, filters: dict[str, Any]
) -> Page:
    """Incidents in ``user``'s scope, the latest failure first; ``state`` ``open`` (the
    default: the instance still stands where it failed) or ``all``."""
    require_viewer(user)
    page = paginate(session, _query(subjects, user, filters.get("state", "open")), filters)
    latest = {
        pid: migration.latest_definition(session, pid).number
        for pid in {incident.definition.process_id for incident in page.items}
    }
    rows = [_row(incident, latest, user) for incident in page.items]
    return Page(rows, page.total, page.page, page.per_page)


def _query(subjects: InstanceSubjects, user: User, state: str) -> Select:
    in_scope = subjects.in_scope(user)
    query = (
        select(Incident)
        .join(WorkflowInstance, Incident.instance_id == WorkflowInstance.id)
        .where(Incident.application_id.in_(in_scope))
        .options(
            joinedload(Incident.instance),
            joinedload(Incident.definition),
            joinedload(Incident.task).joinedload(Task.candidate_org),
        )
        .order_by(Incident.last_seen.desc(), Incident.id.desc())
    )
    if state == "open":
        query = query.where(
            and_(
                WorkflowInstance.version == Incident.instance_version,
                WorkflowInstance.completed.is_(False),
            )
        )
    return query


def _row(incident: Incident, latest: dict[str, int | None], user: User) -> dict[str, Any]:
    definition, task = incident.definition, incident.task
    return {
        "id": incident.id,
        "application_id": incident.application_id,
        "instance_id": incident.instance_id,
        "process_id": definition.process_id,
        "process_name": definition.name,
        "number": definition.number,
        "version_label": definition.label,
        "latest_number": latest.get(definition.process_id),
        "element_id": incident.element_id,
        "element_name": incident.element_name,
        "message": incident.message,
        "count": incident.count,
        "first_seen": incident.first_seen,
        "last_seen": incident.last_seen,
        "open": incident.open,
        "task_name": task.name if task else None,
        "org_name": task.candidate_org.name if task and task.candidate_org else None,
        "action": incident.action,
        "action_label": AUDIT_LABELS.get(incident.action or "", incident.action),
        "retried_by": incident.retried_by_name,
        "retried_at": incident.retried_at,
        "can_retry": user.is_policy and incident.open and _retryable(incident),
    }


def _retryable(incident: Incident) -> bool:
    """A reviewer's decision on a task still waiting at an org can be run again; an
    applicant's resubmission is the applicant's to send again."""
    task = incident.task
    return task is not None and task.state == TaskState.READY and task.candidate_org_id is not None


def retry(
    session: Session, subjects: InstanceSubjects, user: User, incident_id: int, move: bool
) -> Incident:
    """Run the failed decision again, as the reviewer who took it, after moving the instance
    onto the latest version when ``move`` (and it is not there yet). One transaction: if it
    fails again nothing moves, and the failure counts on the incident (422)."""
    require_policy(user)
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("故障实例不存在")
    if not incident.open:
        raise Conflict(MOVED_ON)
    if not _retryable(incident) or incident.actor is None or not incident.action:
        raise Invalid("该故障不是审核决定，不能代为重试：请由报名人重新提交", {"id": "不可重试"})
    version = incident.instance_version
    with committing(session, MOVED_ON):
        try:
            _run_again(session, subjects, user, incident, move)
        except WorkflowFailed as exc:
            if exc.incident is not None:  # counted against the state it still stands in
                exc.incident = replace(exc.incident, instance_version=version)
            raise
    return incident


def _run_again(
    session: Session, subjects: InstanceSubjects, user: User, incident: Incident, move: bool
) -> None:
    instance, task = incident.instance, incident.task
    assert task is not None and incident.actor is not None and incident.action  # _retryable
    if move:
        target = migration.latest_definition(session, instance.definition.process_id)
        if target.id != instance.definition_id:
            migration.move(session, subjects, user, instance, incident.application, target)
    note = {"retry": {"incident": incident.id, "by": user.name}}
    subjects.decide(session, incident.actor, task, incident.action, incident.comment or "", note)
    incident.retried_at, incident.retried_by_name = utcnow(), user.name
