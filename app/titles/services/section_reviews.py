"""审查通过 per section of a title declaration (seed 004: "领导审查根据设置的权限显示申报人的对应
信息，全部信息审查成功后，资料将会到达上一级").

A reviewer's title permissions may cover only some sections (审查权限 by 内容). At each org and
step (经办人审查, 负责人审查) a declaration may pass only when every section has been reviewed
on that task by someone permitted to see it: each reviewer of the org and role marks the
sections it reviewed (``mark``); the reviewer who passes reviews its own sections by passing.
A mark counts while its reviewer is still active and still permitted (role, series, section)
at the task's org, so withdrawing a permission withdraws the reviews it made possible. The
commands (marking, passing) are in ``title_review``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.cases import CaseTask
from app.platform.models.users import User
from app.platform.services.errors import Invalid
from app.titles.models.declarations import TitleReviewer, TitleSectionReview
from app.titles.services import tasks
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TITLE_SECTION_LABELS

MARK_ACTION = "title_section_review"


@dataclass(frozen=True)
class SectionReview:
    """One section of a task: who has reviewed it there (names, permitted reviewers only)."""

    key: str
    label: str
    reviewed_by: list[str]


def overview(session: Session, task: CaseTask) -> list[SectionReview]:
    """Every section of the task's declaration with its permitted reviews on the task."""
    by_section = _counted(session, task)
    return [
        SectionReview(key, label, by_section.get(key, []))
        for key, label in TITLE_SECTION_LABELS.items()
    ]


def require_all_reviewed(session: Session, task: CaseTask, user: User) -> list[str]:
    """Before ``user`` passes ``task``: every section reviewed by a permitted reviewer, the
    passer's own permitted sections counting as reviewed by the pass (422 naming the others
    by label). Returns the passer's sections, to ``record`` with the pass."""
    own = [key for key in tasks.reviewer_of(session, user).sections if key in TITLE_SECTION_LABELS]
    reviewed = set(_counted(session, task)) | set(own)
    missing = [label for key, label in TITLE_SECTION_LABELS.items() if key not in reviewed]
    if missing:
        message = f"以下板块尚未经有权限的审查人员审查通过：{'、'.join(missing)}"
        raise Invalid(message, {"sections": message})
    return own


def record(session: Session, task: CaseTask, user: User, sections: list[str]) -> list[str]:
    """Add the caller's reviews of ``sections`` on ``task`` it has not made yet (in the
    caller's transaction); returns the sections added, in form order."""
    made = set(
        session.scalars(
            select(TitleSectionReview.section).where(
                TitleSectionReview.case_task_id == task.id,
                TitleSectionReview.reviewer_id == user.id,
            )
        )
    )
    added = [key for key in TITLE_SECTION_LABELS if key in sections and key not in made]
    for key in added:
        session.add(
            TitleSectionReview(
                case_task_id=task.id,
                declaration_id=task.subject_id,
                section=key,
                reviewer_id=user.id,
            )
        )
    return added


def _counted(session: Session, task: CaseTask) -> dict[str, list[str]]:
    """{section: reviewer names} of the reviews on ``task`` whose reviewer is active, at the
    task's org, in its role and still permitted the task's series and that section."""
    rows = session.execute(
        select(TitleSectionReview, TitleReviewer)
        .join(User, TitleSectionReview.reviewer_id == User.id)
        .join(TitleReviewer, TitleReviewer.user_id == User.id)
        .where(
            TitleSectionReview.case_task_id == task.id,
            User.active.is_(True),
            User.org_id == task.candidate_org_id,
            TitleReviewer.role == task.candidate_role,
        )
        .order_by(TitleSectionReview.id)
        .options(joinedload(TitleSectionReview.reviewer))
    ).all()
    counted: dict[str, list[str]] = {}
    for review, reviewer in rows:
        if permitted(reviewer.series, task.series or "") and permitted(
            reviewer.sections, review.section
        ):
            counted.setdefault(review.section, []).append(review.reviewer.name)
    return counted
