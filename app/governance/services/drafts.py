"""Policy staff's drafts of library files: save, check against the diagram contract, compare
with the deployed file, and deploy (the draft is consumed).

A draft is checked as part of the WHOLE library (the latest deployment with this one file
replaced): a renamed decision or call target breaks other files, and only the library as a
whole can say so.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.governance.models.drafts import DiagramDraft
from app.governance.services.library import require_policy
from app.platform.models.deployments import Deployment
from app.platform.models.users import User
from app.platform.services import audit, deployments
from app.platform.services.errors import Conflict, Invalid, NotFound
from app.platform.services.transaction import committing
from workflows.contract import Problem
from workflows.diff import ElementChange, diff
from workflows.library import LibraryError, parse

MAX_CONTENT_CHARS = 1_000_000
STALE_DRAFT = "草稿已被他人修改，请刷新后重试"


def create_draft(
    session: Session, user: User, data: dict[str, Any], bpmn_dir: Path
) -> DiagramDraft:
    require_policy(user)
    _check_content(data["file"], data["content"])
    with committing(session):
        base = deployments.ensure_initial(session, bpmn_dir)
        draft = DiagramDraft(
            file_name=data["file"],
            base_deployment_id=base.id,
            content=data["content"],
            note=data.get("note"),
            author_id=user.id,
            author_name=user.name,
        )
        session.add(draft)
    return draft


def list_drafts(session: Session, user: User) -> list[DiagramDraft]:
    require_policy(user)
    return list(session.scalars(select(DiagramDraft).order_by(DiagramDraft.updated_at.desc())))


def get_draft(session: Session, user: User, draft_id: int) -> DiagramDraft:
    require_policy(user)
    draft = session.get(DiagramDraft, draft_id)
    if draft is None:
        raise NotFound("草稿不存在")
    return draft


def update_draft(session: Session, user: User, draft_id: int, data: dict[str, Any]) -> DiagramDraft:
    """Save new content; ``version`` is the one the editor loaded, so a save over someone
    else's newer save answers 409 instead of silently losing it."""
    draft = get_draft(session, user, draft_id)
    if data["version"] != draft.version:
        raise Conflict(STALE_DRAFT)
    _check_content(draft.file_name, data["content"])
    with committing(session, STALE_DRAFT):
        draft.content = data["content"]
        if data.get("note") is not None:
            draft.note = data["note"]
    return draft


def delete_draft(session: Session, user: User, draft_id: int) -> None:
    draft = get_draft(session, user, draft_id)
    with committing(session, STALE_DRAFT):
        session.delete(draft)


def draft_library(session: Session, draft: DiagramDraft) -> dict[str, str]:
    """The latest deployed library with the draft's file replaced."""
    return {**deployments.get(session).sources, draft.file_name: draft.content}


def draft_problems(session: Session, user: User, draft_id: int) -> list[Problem]:
    draft = get_draft(session, user, draft_id)
    return deployments.library_problems(draft_library(session, draft))


def draft_diff(session: Session, user: User, draft_id: int) -> list[ElementChange]:
    """The draft against its file as the latest deployment has it."""
    draft = get_draft(session, user, draft_id)
    deployed = deployments.get(session).sources.get(draft.file_name)
    try:
        return diff(draft.file_name, deployed, draft.content)
    except LibraryError as exc:
        raise Invalid(str(exc), {"content": str(exc)}) from exc


def deploy_draft(session: Session, user: User, draft_id: int, note: str) -> Deployment:
    """Deploy the library with this draft as the next deployment, or refuse (422 with the
    problems, each naming its element) when the library would not pass the contract."""
    draft = get_draft(session, user, draft_id)
    _refuse_if_overtaken(session, draft)
    sources = draft_library(session, draft)
    problems = deployments.library_problems(sources)
    if problems:
        raise ProblemsFound(problems)
    with committing(session, "其他人刚刚部署了新版本，请刷新后重试"):
        deployment = deployments.deploy(session, sources, note, user)
        session.delete(draft)
        audit.record_system(
            session,
            user,
            "deploy",
            subject=f"deployment:{deployment.number}",
            comment=note,
            details={"changed": deployment.changed, "processes": deployment.processes},
        )
    return deployment


class ProblemsFound(Invalid):
    """A deploy refused by the contract check; ``problems`` go out with the 422."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        where = f"“{first.element_name or first.file}”({first.element_id or first.file})"
        super().__init__(
            f"流程库有 {len(problems)} 个问题，不能部署：{where}{first.message}",
            {"content": f"共 {len(problems)} 个问题"},
        )
        self.problems = problems
        self.extra = {"problems": [asdict(problem) for problem in problems]}


def _refuse_if_overtaken(session: Session, draft: DiagramDraft) -> None:
    """A later deployment changed this file after the draft was made from it: deploying
    would undo that change unseen."""
    later = session.scalars(
        select(Deployment).where(Deployment.id > draft.base_deployment_id)
    ).all()
    if any(draft.file_name in d.changed for d in later):
        raise Conflict("该文件在草稿创建后已有新的部署版本，请基于最新版本重新编辑")


def _check_content(file_name: str, content: str) -> None:
    if len(content) > MAX_CONTENT_CHARS:
        raise Invalid("文件过大", {"content": "文件过大（上限约 1 MB）"})
    try:
        parse(file_name, content)
    except LibraryError as exc:
        raise Invalid(str(exc), {"content": str(exc)}) from exc
