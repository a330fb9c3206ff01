"""Reading the process library: every file with its versions (the deployments that changed
it) and how many instances run or finished on each, one file's text at a deployment, and the
vocabulary the modeler's properties panel offers. Policy staff and province/city admins read
it; the library is the province's, not an org's, so there is nothing to scope.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from app.models import CaseInstance, Deployment, ProcessDefinition, User, WorkflowInstance
from app.services import deployments
from app.services.errors import Forbidden, NotFound
from handlers import vocabulary
from workflows.library import LibraryError, describe, kind_of

READER_ADMIN_LEVELS = ("province", "city")


def require_reader(user: User) -> None:
    if not (user.is_policy or (user.role == "admin" and user.level in READER_ADMIN_LEVELS)):
        raise Forbidden("仅政策管理员和省、市管理员可以查看流程库")


def require_policy(user: User) -> None:
    if not user.is_policy:
        raise Forbidden("仅政策管理员可以修改、部署或迁移流程")


def overview(session: Session, user: User, bpmn_dir: Any) -> dict[str, Any]:
    """The library page: files with their versions, and every deployment."""
    require_reader(user)
    deployments.ensure_initial(session, bpmn_dir)
    history = list(
        session.scalars(
            select(Deployment).options(undefer(Deployment.sources)).order_by(Deployment.number)
        )
    )
    counts = _instance_counts(session, history)
    files = []
    for name, text in sorted(history[-1].sources.items()):
        info = _describe(name, text)
        versions = []
        for deployment in (d for d in history if name in d.changed and name in d.sources):
            running, finished = counts.get((name, deployment.number), (0, 0))
            versions.append(
                {
                    "number": len(versions) + 1,
                    "deployment": deployment.number,
                    "note": deployment.note,
                    "deployed_by": deployment.deployed_by_name,
                    "deployed_at": deployment.deployed_at,
                    "running": running,
                    "finished": finished,
                }
            )
        files.append({**info, "versions": versions})
    return {"files": files, "deployments": [_deployment_view(d) for d in reversed(history)]}


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
        "queues": entries(vocabulary.QUEUE_LABELS),
        "statuses": entries(vocabulary.STATUS_LABELS),
        "actions": entries(vocabulary.TASK_ACTION_LABELS),
        "context": entries(vocabulary.CONTEXT_LABELS),
        "facts": entries(vocabulary.FACT_LABELS),
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


def _instance_counts(
    session: Session, history: list[Deployment]
) -> dict[tuple[str, int], tuple[int, int]]:
    """{(file, deployment that made this file version): (running, finished)}: an instance
    runs on every file its process version needs, at the text that version holds."""
    version_of: dict[tuple[str, str], int] = {}
    for deployment in history:
        for name in deployment.changed:
            if name in deployment.sources:
                version_of.setdefault((name, deployment.sources[name]), deployment.number)
    per_definition = [  # exam applications' instances, and other subjects' (title cases)
        row
        for model in (WorkflowInstance, CaseInstance)
        for row in session.execute(
            select(model.definition_id, model.completed, func.count()).group_by(
                model.definition_id, model.completed
            )
        ).all()
    ]
    totals: Counter[tuple[str, int, bool]] = Counter()
    rows = {
        row.id: row
        for row in session.scalars(
            select(ProcessDefinition)
            .options(undefer(ProcessDefinition.sources))
            .where(ProcessDefinition.id.in_({d for d, _, _ in per_definition}))
        )
    }
    for definition_id, completed, count in per_definition:
        for name, text in rows[definition_id].sources.items():
            number = version_of.get((name, text))
            if number is not None:
                totals[(name, number, completed)] += count
    keys = {(name, number) for name, number, _ in totals}
    return {k: (totals[(*k, False)], totals[(*k, True)]) for k in keys}
