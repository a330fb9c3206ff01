"""The auditors' tools: one application's instances on their diagrams, instance search and the
list of tasks stuck at a level. Read-only; province, city and county admins, in their subtree.

Reading the engine state is ``workflows.inspect``'s job; this module adds what only the
database knows (who acted, at which org, when) and the scope every query goes through. The
applications themselves are the exam's: what is read of them (which are in scope, which
match the search) comes through the ``InstanceSubjects`` it registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload, undefer

from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.registry import InstanceSubjects
from app.platform.services.deployments import parsed
from app.platform.services.engine import whole_state
from app.platform.services.errors import Forbidden, WorkflowFailed
from app.platform.services.listing import Page, paginate
from handlers.lexicon import AUDIT_LABELS, QUEUE_LABELS
from handlers.vocabulary import LANE_LABELS, LEVEL_LABELS, TaskState
from workflows import inspect
from workflows.definitions import DefinitionError

AUDIT_LEVELS = frozenset({"province", "city", "county"})
DAY_SECONDS = 86_400


def may_audit(user: User) -> bool:
    """Admins of a county or above audit their subtree; reviewers and lower levels do not."""
    return user.is_admin and user.level in AUDIT_LEVELS


def require_auditor(user: User) -> None:
    if not may_audit(user):
        raise Forbidden("仅省、市、县区管理员可以使用流程审计")


# ---------------------------------------------------------------------------------------------
# Instance view


def instance_view(
    session: Session, subjects: InstanceSubjects, user: User, application_id: int
) -> dict[str, Any]:
    """Every instance of the application (main process first, side processes after, each in
    start order) with its diagrams, the elements and flows it passed, its task rows and the
    data after each step; and the application's audit timeline."""
    require_auditor(user)
    application = subjects.get(session, user, application_id)
    instances = session.scalars(
        select(WorkflowInstance)
        .where(WorkflowInstance.application_id == application.id)
        .options(
            selectinload(WorkflowInstance.definition),
            undefer(WorkflowInstance.finished_subprocesses),
        )
        .order_by(WorkflowInstance.created_at, WorkflowInstance.id)
    ).all()
    tasks = session.scalars(
        select(Task)
        .where(Task.application_id == application.id)
        .options(selectinload(Task.candidate_org), selectinload(Task.completed_by))
        .order_by(Task.created_at, Task.id)
    ).all()
    main = subjects.main_process
    ordered = sorted(instances, key=lambda i: i.definition.process_id != main)
    now = utcnow()
    return {
        "application": application,
        "instances": [
            _instance(i, [t for t in tasks if t.instance_id == i.id], now, main) for i in ordered
        ],
        "events": application.events,
    }


def _instance(
    instance: WorkflowInstance, tasks: list[Task], now: datetime, main_process: str
) -> dict[str, Any]:
    definition = instance.definition
    try:
        trace = inspect.trace(parsed(definition), whole_state(instance), definition.sources)
    except DefinitionError as exc:
        raise WorkflowFailed(f"流程定义无法使用：{exc}") from exc
    files = inspect.process_files(definition.sources)
    return {
        **_identity(instance),
        "definition": definition,
        "main": definition.process_id == main_process,
        "updated_at": instance.updated_at,
        "diagrams": [_diagram(p, files, definition.sources) for p in trace.processes],
        "tasks": [_task(t, trace.task_process, now) for t in tasks],
        "data_steps": trace.steps,
    }


def _diagram(
    process: inspect.ProcessTrace, files: dict[str, str], sources: dict[str, str]
) -> dict[str, Any]:
    file = files.get(process.process_id)
    return {
        "process_id": process.process_id,
        "file": file,
        "xml": sources.get(file or "", ""),
        "elements": {
            element_id: {
                **vars(element),
                "lane_label": LANE_LABELS.get(element.lane or "", element.lane),
            }
            for element_id, element in process.elements.items()
        },
        "flows": sorted(process.flows),
    }


def _task(task: Task, task_process: dict[str, str], now: datetime) -> dict[str, Any]:
    """A task row as the view shows it; an open task's duration runs until now."""
    end = task.completed_at or now
    return {
        "task_id": task.id,
        "spec_id": task.spec_id,
        "process_id": task_process.get(task.engine_task_id),
        "name": task.name,
        "state": task.state,
        "lane": task.lane,
        "lane_label": LANE_LABELS.get(task.lane or "", task.lane),
        "queue_label": QUEUE_LABELS.get(task.queue, task.queue),
        "org_name": task.candidate_org.name if task.candidate_org else None,
        "who": task.completed_by.name if task.completed_by else None,
        "created_at": task.created_at,
        "completed_at": task.completed_at,
        "duration_seconds": max(0, int((end - task.created_at).total_seconds())),
        "action": task.action,
        "action_label": AUDIT_LABELS.get(task.action or "", task.action),
        "comment": task.comment,
    }


# ---------------------------------------------------------------------------------------------
# Instance search


def process_choices(session: Session) -> list[tuple[str, str]]:
    """(process id, name) of every process with a stored version, for the search form."""
    rows = session.execute(
        select(ProcessDefinition.process_id, func.max(ProcessDefinition.name))
        .group_by(ProcessDefinition.process_id)
        .order_by(ProcessDefinition.process_id)
    )
    return [(pid, name) for pid, name in rows]


def search_instances(
    session: Session, subjects: InstanceSubjects, user: User, filters: dict[str, Any]
) -> Page:
    """实例查询: instances in the user's subtree by application status, process, version,
    open or finished, waiting level and org, age; newest first. Rows carry the open task."""
    require_auditor(user)
    query = _instance_filters(session, subjects, user, filters)
    page = paginate(
        session,
        query.order_by(WorkflowInstance.created_at.desc(), WorkflowInstance.id.desc()),
        filters,
    )
    waiting = _open_tasks(session, [i.id for i in page.items])
    applications = subjects.by_id(session, {i.application_id for i in page.items})
    now = utcnow()
    rows = [
        _instance_row(i, applications[i.application_id], waiting.get(i.id), now) for i in page.items
    ]
    return Page(rows, page.total, page.page, page.per_page)


def _instance_filters(
    session: Session, subjects: InstanceSubjects, user: User, filters: dict[str, Any]
) -> Select:
    """Instances of the applications in scope that match the application filters (status,
    name or ID number, org: the exam's ``matching``), by process, version, state, age and
    the open task."""
    now = utcnow()
    query = (
        select(WorkflowInstance)
        .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
        .where(WorkflowInstance.application_id.in_(subjects.matching(user, filters)))
        .options(selectinload(WorkflowInstance.definition))
    )
    simple = {
        "process_id": ProcessDefinition.process_id,
        "definition_id": ProcessDefinition.id,
        "number": ProcessDefinition.number,
    }
    for name, column in simple.items():
        if filters.get(name) is not None:
            query = query.where(column == filters[name])
    if filters.get("version"):
        query = query.where(ProcessDefinition.version.startswith(filters["version"]))
    if filters.get("state"):
        query = query.where(WorkflowInstance.completed.is_(filters["state"] == "completed"))
    if filters.get("started_days") is not None:
        cutoff = now - timedelta(days=filters["started_days"])
        query = query.where(WorkflowInstance.created_at <= cutoff)
    return query.where(*_waiting_conditions(session, filters, now))


def _waiting_conditions(session: Session, filters: dict[str, Any], now: datetime) -> list[Any]:
    """Conditions on the instance's open task: its level, its org, how long it has waited."""
    conditions = []
    if filters.get("level"):
        conditions.append(Task.lane == filters["level"])
    if filters.get("waiting_org"):
        org_id = session.scalar(select(Org.id).where(Org.code == filters["waiting_org"]))
        conditions.append(Task.candidate_org_id == org_id)
    if filters.get("waiting_days") is not None:
        conditions.append(Task.created_at <= now - timedelta(days=filters["waiting_days"]))
    if not conditions:
        return []
    return [
        exists().where(
            Task.instance_id == WorkflowInstance.id, Task.state == TaskState.READY, *conditions
        )
    ]


def _open_tasks(session: Session, instance_ids: list[int]) -> dict[int, Task]:
    """The oldest open task of each instance."""
    found: dict[int, Task] = {}
    rows = session.scalars(
        select(Task)
        .where(Task.instance_id.in_(instance_ids), Task.state == TaskState.READY)
        .options(selectinload(Task.candidate_org))
        .order_by(Task.created_at, Task.id)
    )
    for task in rows:
        found.setdefault(task.instance_id, task)
    return found


def _instance_row(
    instance: WorkflowInstance, application: Any, task: Task | None, now: datetime
) -> dict[str, Any]:
    return {
        **_identity(instance),
        "application": application,
        "age_days": _days(now - instance.created_at),
        "waiting": _waiting(task, now) if task else None,
    }


def _waiting(task: Task, now: datetime) -> dict[str, Any]:
    org = task.candidate_org
    return {
        "task_id": task.id,
        "task": task.name,
        "spec_id": task.spec_id,
        "lane": task.lane,
        "level_label": LANE_LABELS.get(task.lane or "", task.lane),
        "org_code": org.code if org else None,
        "org_name": org.name if org else None,
        "since": task.created_at,
        "days": _days(now - task.created_at),
    }


def _days(delta: timedelta) -> int:
    return max(0, int(delta.total_seconds() // DAY_SECONDS))


# ---------------------------------------------------------------------------------------------
# Stuck tasks


@dataclass(frozen=True)
class OrgCount:
    org_code: str
    org_name: str
    level: str
    level_label: str
    count: int
    oldest: datetime


@dataclass(frozen=True)
class StuckReport:
    """Open tasks at an org that have waited more than ``days``: counts per org, and a page of
    the tasks themselves, oldest first."""

    days: int
    orgs: list[OrgCount]
    page: Page


def stuck_tasks(
    session: Session, subjects: InstanceSubjects, user: User, filters: dict[str, Any]
) -> StuckReport:
    """滞留任务: tasks waiting at an org (not at the applicant) longer than ``days`` days,
    for applications in the user's subtree; ``level`` narrows to one org level."""
    require_auditor(user)
    now = utcnow()
    conditions = [
        Task.state == TaskState.READY,
        Task.candidate_org_id.is_not(None),
        Task.created_at <= now - timedelta(days=filters["days"]),
        Task.application_id.in_(subjects.in_scope(user)),
    ]
    if filters.get("level"):
        conditions.append(Org.level == filters["level"])
    counts = session.execute(
        select(Org.code, Org.name, Org.level, func.count(Task.id), func.min(Task.created_at))
        .join(Org, Task.candidate_org_id == Org.id)
        .where(*conditions)
        .group_by(Org.id, Org.code, Org.name, Org.level)
        .order_by(func.count(Task.id).desc(), Org.code)
    ).all()
    tasks = (
        select(Task)
        .join(Org, Task.candidate_org_id == Org.id)
        .where(*conditions)
        .options(
            selectinload(Task.candidate_org),
            selectinload(Task.application),  # with its org (joined)
        )
        .order_by(Task.created_at, Task.id)
    )
    page = paginate(session, tasks, filters)
    items = [_stuck_row(task, now) for task in page.items]
    return StuckReport(
        filters["days"],
        [
            OrgCount(code, name, lvl, LEVEL_LABELS[lvl], n, oldest)
            for code, name, lvl, n, oldest in counts
        ],
        Page(items, page.total, page.page, page.per_page),
    )


def _stuck_row(task: Task, now: datetime) -> dict[str, Any]:
    return {
        "application": task.application,
        "instance_id": task.instance_id,
        **_waiting(task, now),
    }


def _identity(instance: WorkflowInstance) -> dict[str, Any]:
    """What names an instance and its version, in the view and in the search alike."""
    definition = instance.definition
    return {
        "instance_id": instance.id,
        "process_id": definition.process_id,
        "process_name": definition.name,
        "definition_id": definition.id,
        "version": definition.version,
        "number": definition.number,
        "version_label": definition.label,
        "completed": instance.completed,
        "started_at": instance.created_at,
    }
