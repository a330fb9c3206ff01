"""Process versions, the one numbering people follow: "v3" is always the third version of
one process (``ProcessDefinition.number``), in the library, an application's history, the
instance view and migration alike. A deployment is 发布批次 #N, and a file's revisions are
named by the deployment that brought them and their content hash, never by a number of
their own.

A version lists the files it consists of (each with its SHA-256, the hash auto-review
decisions record) and the applications decided or running on it; a decision's 流程版本 links
to that version's page, whose applications link back to their instance view.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, undefer

from app.platform.models.audit import AuditEvent
from app.platform.models.cases import CaseInstance
from app.platform.models.deployments import Deployment
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, WorkflowInstance
from app.platform.registry import InstanceSubjects
from app.platform.services.errors import NotFound
from handlers.lexicon import STATUS_LABELS
from workflows import definitions
from workflows.inspect import process_files
from workflows.library import LibraryError, kind_of

MAX_APPLICATIONS = 200
"""Applications listed on a version's page (the most recent first); the totals count all."""


def file_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def used_files(row: ProcessDefinition) -> dict[str, str]:
    """The files of ``row`` its process uses: rows stored while every process counted every
    DMN table as its own hold more. A version never changes (its key is the hash of its
    files), so the answer is kept per version: the library page asks for every row's."""
    key = (row.process_id, row.version)
    found = _USED.get(key)
    if found is None:
        try:
            found = definitions.sources_for(row.process_id, row.sources)
        except (definitions.DefinitionError, ValueError):  # unreadable XML: all it holds
            found = dict(row.sources)
        if len(_USED) >= MAX_CACHED:
            _USED.pop(next(iter(_USED)))
        _USED[key] = found
    return found


MAX_CACHED = 512
_USED: dict[tuple[str, str], dict[str, str]] = {}


def all_rows(session: Session) -> list[ProcessDefinition]:
    """Every process version with its files and first deployment, by process and number."""
    return list(
        session.scalars(
            select(ProcessDefinition)
            .options(undefer(ProcessDefinition.sources), selectinload(ProcessDefinition.deployment))
            .order_by(ProcessDefinition.process_id, ProcessDefinition.number)
        )
    )


def first_deployments(history: list[Deployment]) -> dict[tuple[str, str], int]:
    """{(file, content hash): the deployment that first held that text}."""
    found: dict[tuple[str, str], int] = {}
    for deployment in history:
        for name, text in deployment.sources.items():
            found.setdefault((name, file_hash(text)), deployment.number)
    return found


def listing(
    session: Session, history: list[Deployment], rows: list[ProcessDefinition]
) -> list[dict[str, Any]]:
    """Every process with its versions, the current one (the latest deployment's) marked."""
    counts = _instance_counts(session)
    first = first_deployments(history)
    latest = history[-1].processes if history else {}
    processes: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = processes.setdefault(
            row.process_id,
            {"process_id": row.process_id, "name": row.name, "current": None, "versions": []},
        )
        if latest.get(row.process_id) == row.version:
            entry["current"], entry["name"] = row.number, row.name
        entry["versions"].append(_version(row, history, first, counts.get(row.id, (0, 0))))
    return [p for p in processes.values() if p["current"] is not None] + [
        p
        for p in processes.values()
        if p["current"] is None  # no longer deployed
    ]


def _version(
    row: ProcessDefinition,
    history: list[Deployment],
    first: dict[tuple[str, str], int],
    counts: tuple[int, int],
) -> dict[str, Any]:
    deployment = row.deployment
    return {
        "number": row.number,
        "label": row.label,
        "version": row.version,
        "deployment": deployment.number if deployment else None,
        "note": deployment.note if deployment else "",
        "deployed_by": deployment.deployed_by_name if deployment else "",
        "deployed_at": deployment.deployed_at if deployment else row.created_at,
        "deployments": [
            d.number for d in history if d.processes.get(row.process_id) == row.version
        ],
        "files": [
            {"file": name, "sha256": digest, "deployment": first.get((name, digest))}
            for name, digest in ((n, file_hash(t)) for n, t in sorted(used_files(row).items()))
        ],
        "running": counts[0],
        "finished": counts[1],
    }


def _instance_counts(session: Session) -> dict[int, tuple[int, int]]:
    """{definition id: (running, finished)} over exam instances and other subjects' cases."""
    totals: dict[int, list[int]] = {}
    for model in (WorkflowInstance, CaseInstance):
        grouped = session.execute(
            select(model.definition_id, model.completed, func.count()).group_by(
                model.definition_id, model.completed
            )
        )
        for definition_id, completed, count in grouped:
            totals.setdefault(definition_id, [0, 0])[1 if completed else 0] += count
    return {k: (v[0], v[1]) for k, v in totals.items()}


def detail(
    session: Session, subjects: InstanceSubjects, user: User, process_id: str, number: int
) -> dict[str, Any]:
    """One process version: its files (text and hash), the deployments it was current in,
    and the applications (in ``user``'s scope) decided or running on it."""
    row = session.scalars(
        select(ProcessDefinition)
        .options(undefer(ProcessDefinition.sources), selectinload(ProcessDefinition.deployment))
        .filter_by(process_id=process_id, number=number)
    ).first()
    if row is None:
        raise NotFound(f"流程 {process_id} 没有版本 v{number}")
    history = list(
        session.scalars(
            select(Deployment).options(undefer(Deployment.sources)).order_by(Deployment.number)
        )
    )
    version = _version(
        row, history, first_deployments(history), _instance_counts(session).get(row.id, (0, 0))
    )
    used, own = used_files(row), process_files(row.sources).get(row.process_id)
    files = sorted(  # the process's own diagram first, then what it calls and reads
        (
            {**entry, "kind": kind_of(entry["file"]), "content": used[entry["file"]]}
            for entry in version["files"]
            if _is_diagram(entry["file"])
        ),
        key=lambda entry: entry["file"] != own,
    )
    applications, total = _applications(session, subjects, user, row)
    return {
        "process_id": row.process_id,
        "name": row.name,
        **version,
        "files": files,
        "applications": applications,
        "applications_total": total,
    }


def _is_diagram(name: str) -> bool:
    try:
        kind_of(name)
    except LibraryError:
        return False
    return True


def _applications(
    session: Session, subjects: InstanceSubjects, user: User, row: ProcessDefinition
) -> tuple[list[dict[str, Any]], int]:
    """The applications in ``user``'s scope with an event recorded on ``row`` (a submission,
    a decision on a task, a migration) or an instance running on it, most recent first: ids,
    statuses and how many task decisions were taken on it, no personal data."""
    in_scope = subjects.in_scope(user)
    # Both columns are nullable (events and instances outside any application); ``in_``
    # never matches NULL, so the ``is not None`` filters drop nothing: they type the ids.
    decided = {
        application_id: count
        for application_id, count in session.execute(
            select(AuditEvent.application_id, func.count(AuditEvent.task_id))
            .where(AuditEvent.definition_id == row.id, AuditEvent.application_id.in_(in_scope))
            .group_by(AuditEvent.application_id)
        )
        if application_id is not None
    }
    running = {
        application_id
        for application_id in session.scalars(
            select(WorkflowInstance.application_id).where(
                WorkflowInstance.definition_id == row.id,
                WorkflowInstance.completed.is_(False),
                WorkflowInstance.application_id.in_(in_scope),
            )
        )
        if application_id is not None
    }
    ids = sorted(set(decided) | running, reverse=True)
    statuses = {i: a.status for i, a in subjects.by_id(session, ids[:MAX_APPLICATIONS]).items()}
    return [
        {
            "application_id": application_id,
            "status": statuses.get(application_id, ""),
            "status_label": STATUS_LABELS.get(statuses.get(application_id, ""), ""),
            "decisions": decided.get(application_id, 0),
            "running": application_id in running,
        }
        for application_id in ids[:MAX_APPLICATIONS]
    ], len(ids)
