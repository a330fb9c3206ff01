"""The reviewer menu of the seed (1.1, 2.1, 3.1): which queues, rosters and pages each org
level has. Queues follow the diagrams' ``queue`` property of each user task.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extensions import db
from app.models import Org, TitleReviewer
from app.services import declarations, plan_review, review, title_review
from app.services.listing import ROSTER_TITLES
from app.services.scope import orgs_in_scope
from app.web.common import me
from handlers.vocabulary import QUEUE_LABELS as Q

UNIT_LEVELS = frozenset({"unit", "supervising_unit"})
REVIEW_LEVELS = UNIT_LEVELS | {"county"}
# queue, label, levels that have it: the vocabulary's label, unless the queue reads
# differently at a level
REVIEW_QUEUES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("manual", Q["manual"], REVIEW_LEVELS),
    ("auto", Q["auto"], frozenset({"county"})),
    ("senior", Q["senior"], REVIEW_LEVELS),
    ("onsite", Q["onsite"], frozenset({"county"})),
    ("exceptional", Q["exceptional"], frozenset({"county"})),
    ("exceptional", "市级破格审批", frozenset({"city"})),
    ("deferred", Q["deferred"], UNIT_LEVELS),
    ("deferred", "补充容缺材料", frozenset({"county"})),  # what the county marked itself
    ("deferred_review", "容缺后补", frozenset({"county"})),  # the county's one 容缺后补 entry
    ("recheck_response", Q["recheck_response"], frozenset({"county"})),
    ("city_recheck", Q["city_recheck"], frozenset({"city"})),
    ("province_mark", Q["province_mark"], frozenset({"province"})),
)
ROSTERS = ROSTER_TITLES
RECHECK_TITLES = {"city": "市级复核记录", "province": "省级标记记录"}


@dataclass(frozen=True)
class MenuQueue:
    queue: str
    label: str
    count: int


def queue_title(queue: str | None, level: str) -> str:
    """The page title of an inbox queue at this level (all queues: 本级审核中)."""
    return next(
        (label for q, label, levels in REVIEW_QUEUES if q == queue and level in levels),
        next((label for q, label, _ in REVIEW_QUEUES if q == queue), "本级审核中"),
    )


def review_menu() -> list[MenuQueue]:
    """The 本级审核中 entries for the current user's level, with ready-task counts; plus any
    queue where tasks wait at this org although its level does not have that queue: an org
    standing in for a level its tree lacks (a city reviewing its 市直 units' county steps,
    the province those of a 省直 department's units; ``handlers.routing``)."""
    level = me().level
    counts = review.queue_counts(db.session, me())
    own = {queue for queue, _, levels in REVIEW_QUEUES if level in levels}
    shown: list[MenuQueue] = []
    borrowed: set[str] = set()
    for queue, label, levels in REVIEW_QUEUES:
        if level in levels:
            shown.append(MenuQueue(queue, label, counts.get(queue, 0)))
        elif queue not in own and queue not in borrowed and counts.get(queue):
            borrowed.add(queue)
            shown.append(MenuQueue(queue, label, counts[queue]))
    return shown


def scope_orgs() -> list[Org]:
    """The orgs of the user's subtree in tree order: the choices of a list's 单位 filter."""
    return orgs_in_scope(db.session, me())


def title_inbox_count() -> int | None:
    """The 首页待办 badge of the title platform; None hides the entry (no title role)."""
    return title_review.pending_count(db.session, me())


def plan_inbox_count() -> int | None:
    """The 申报计划审查 badge: plans waiting for my title role at my org."""
    return plan_review.pending_count(db.session, me())


def title_reviewer_role() -> str | None:
    """The user's title role (handler / leader): which of 经办人审查 / 负责人审查 it sees."""
    if me().role not in ("admin", "reviewer"):
        return None
    reviewer = db.session.get(TitleReviewer, me().id)
    return reviewer.role if reviewer is not None else None


def title_open_declaration() -> int | None:
    """The declarant's open (draft, returned or under review) declaration: 我的申报 opens
    it; with none, 我的申报 starts a new one."""
    return declarations.open_declaration_id(db.session, me())
