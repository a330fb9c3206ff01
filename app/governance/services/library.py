"""Reading the process library: every process with its versions (``process_versions``), every
file with its revisions (the deployments that changed it), one file's text at a deployment,
and the vocabulary the modeler's properties panel offers. Policy staff and province/city
admins read it; the library is the province's, not an org's, so only the applications a
version's page lists are scoped.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from app.governance.services import process_versions
from app.platform.models.deployments import Deployment
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition
from app.platform.registry import InstanceSubjects
from app.platform.services import deployments
from app.platform.services.errors import Forbidden, NotFound
from handlers import lexicon, vocabulary
from workflows.library import LibraryError, describe, kind_of

READER_ADMIN_LEVELS = ("province", "city")


def require_reader(user: User) -> None:
    if not may_read(user):
        raise Forbidden("仅政策管理员和省、市管理员可以查看流程库")


def require_policy(user: User) -> None:
    if not user.is_policy:
        raise Forbidden("仅政策管理员可以修改、部署或迁移流程")


def may_read(user: User) -> bool:
    """Policy staff and province/city admins read the library (pages link it for them)."""
    return user.is_policy or (user.is_admin and user.level in READER_ADMIN_LEVELS)


def overview(session: Session, user: User, bpmn_dir: Any) -> dict[str, Any]:
    """The library page: every process with its versions (the numbering people follow),
    every file with its revisions (by deployment and content hash, and the process versions
    that use each), and every deployment."""
    require_reader(user)
    deployments.ensure_initial(session, bpmn_dir)
    history = list(
        session.scalars(
            select(Deployment).options(undefer(Deployment.sources)).order_by(Deployment.number)
        )
    )
    rows = process_versions.all_rows(session)
    users = _users_of_files(rows)
    files = []
    for name, text in sorted(history[-1].sources.items()):
        revisions = [
            _revision(name, deployment, users)
            for deployment in history
            if name in deployment.changed and name in deployment.sources
        ]
        files.append({**_describe(name, text), "revisions": revisions})
    return {
        "processes": process_versions.listing(session, history, rows),
        "files": files,
        "deployments": [_deployment_view(d) for d in reversed(history)],
    }


def version_detail(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    process_id: str,
    number: int,
    bpmn_dir: Any,
) -> dict[str, Any]:
    """One process version's page (``process_versions.detail``)."""
    require_reader(user)
    deployments.ensure_initial(session, bpmn_dir)
    return process_versions.detail(session, subjects, user, process_id, number)


def _users_of_files(rows: list[ProcessDefinition]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """{(file, content hash): the process versions that use that text}."""
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        for name, text in process_versions.used_files(row).items():
            key = (name, process_versions.file_hash(text))
            found.setdefault(key, []).append(
                {"process_id": row.process_id, "number": row.number, "label": row.label}
            )
    return found


def _revision(
    name: str, deployment: Deployment, users: dict[tuple[str, str], list[dict[str, Any]]]
) -> dict[str, Any]:
    digest = process_versions.file_hash(deployment.sources[name])
    return {
        "deployment": deployment.number,
        "sha256": digest,
        "note": deployment.note,
        "deployed_by": deployment.deployed_by_name,
        "deployed_at": deployment.deployed_at,
        "used_by": users.get((name, digest), []),
    }


def file_content(
    session: Session, user: User, file_name: str, number: int | None, bpmn_dir: Any
) -> dict[str, Any]:
    require_reader(user)
    deployments.ensure_initial(session, bpmn_dir)
    deployment = deployments.get(session, number)
    if file_name not in deployment.sources:
        raise NotFound("流程文件不存在")
    return {
        "file": file_name,
        "kind": kind_of(file_name),
        "deployment": deployment.number,
        "content": deployment.sources[file_name],
    }


def vocabulary_view(user: User) -> dict[str, Any]:
    """What the properties panel offers: each list with its Chinese labels."""
    require_reader(user)

    def entries(labels: Any) -> list[dict[str, str]]:
        return [{"key": key, "label": label} for key, label in labels.items()]

    return {
        "lanes": entries(vocabulary.LANE_LABELS),
        "queues": entries(lexicon.QUEUE_LABELS),
        "statuses": entries(lexicon.STATUS_LABELS),
        "actions": entries(lexicon.TASK_ACTION_LABELS),
        "context": entries(lexicon.CONTEXT_LABELS),
        "facts": entries(lexicon.FACT_LABELS),
        "properties": list(vocabulary.TASK_PROPERTIES),
        "list_properties": sorted(vocabulary.LIST_PROPERTIES),
    }


def _deployment_view(deployment: Deployment) -> dict[str, Any]:
    return {
        "number": deployment.number,
        "note": deployment.note,
        "deployed_by": deployment.deployed_by_name,
        "deployed_at": deployment.deployed_at,
        "changed": deployment.changed,
    }


def _describe(name: str, text: str) -> dict[str, Any]:
    try:
        info = describe(name, text)
    except LibraryError:  # deployed before checks existed: still listed
        return {"file": name, "kind": kind_of(name), "title": name, "element_ids": []}
    return {"file": name, "kind": info.kind, "title": info.title, "element_ids": info.element_ids}
