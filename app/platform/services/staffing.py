"""Who can review at an org now, and the applicant's org chain as a review passes through it.

Seed 000 skips a level that has no administrator ("若无主管单位管理员，则直接进入县区管理员审核
列表"; the supervising unit reviews "无单位管理员且已提交的报考人员"), so a unit or supervising unit
that exists but where nobody can log in and review is absent for the review
(``handlers.routing.review_levels``). What "can review" means is stated once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import Session

from app.platform.models.orgs import Org
from app.platform.models.users import User
from handlers.routing import review_levels, skipped_levels
from handlers.vocabulary import REVIEWING_ROLES, Lane


def can_review() -> ColumnElement[bool]:
    """An account that could open its org's inbox now: an admin or reviewer, active,
    approved (a county reviewer waits for the city), whose password hash is usable (a
    werkzeug hash reads ``method$salt$hash``; a placeholder such as "!" locks the account)."""
    return and_(
        User.role.in_(REVIEWING_ROLES),
        User.active.is_(True),
        User.approved.is_(True),
        User.password_hash.contains("$"),
    )


def staffed(org_id: Any) -> ColumnElement[bool]:
    """Whether the org ``org_id`` (an id or a column) has an account that can review."""
    return exists().where(User.org_id == org_id, can_review())


@dataclass(frozen=True)
class StaffedChain:
    """The org rows from an org up to the province, by level, and which of them have
    someone who can review."""

    orgs: dict[str, Org]
    staffed: frozenset[int]

    @property
    def ids(self) -> dict[str, int]:
        """{level: org id}: what lanes resolve against."""
        return {level: org.id for level, org in self.orgs.items()}

    @property
    def reviewing(self) -> dict[str, int]:
        """``ids`` without the unit or supervising unit nobody can review at."""
        return review_levels(self.ids, self.staffed)

    def skipped(self, from_lane: str | None, to_lane: str | None) -> list[Org]:
        """The orgs a step from ``from_lane`` to ``to_lane`` went past because nobody could
        review there (the diagram's own skip took it past them), lowest first."""
        levels = skipped_levels(self.ids, self.reviewing, from_lane, to_lane)
        return [self.orgs[level] for level in levels]

    def facts(self) -> dict[str, bool]:
        """The facts the review diagrams' gateways skip a level on."""
        reviewing = self.reviewing
        return {
            "has_unit_reviewer": Lane.UNIT in reviewing,
            "has_supervising_unit": Lane.SUPERVISING_UNIT in reviewing,
        }


def staffed_chain(session: Session, org: Org) -> StaffedChain:
    """``org``'s chain with who can review at each, in one statement (the materialised path
    names every ancestor). An org still in onboarding has nobody yet: its accounts may do
    nothing else until its superior approves it.

    Read without first flushing the caller's pending changes (a review step's): a step
    changes no org or account, and that autoflush was a flush per step more than the commit
    needs. Only an org or account added in this transaction and not yet flushed would be
    missed, so then it flushes."""
    codes = [code for code in org.path.split("/") if code]
    has_staff = staffed(Org.id) & (Org.onboarding_status == "approved")
    query = select(Org, has_staff).where(Org.code.in_(codes))
    if any(isinstance(pending, Org | User) for pending in session.new):
        rows = session.execute(query).all()
    else:
        with session.no_autoflush:
            rows = session.execute(query).all()
    return StaffedChain(
        orgs={row.level: row for row, _ in rows},
        staffed=frozenset(row.id for row, present in rows if present),
    )
