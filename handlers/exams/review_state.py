"""当前状态 of an application as one reviewing level sees it (报名信息查询's column).

已审核: the viewer's org has already acted on it (a review task of its org completed), unless it
is waiting there again (a resubmission); 待审核: it waits at the viewer's org, or its review
is still under way and may yet come there (levels up to the county review every application;
cities and provinces only what reaches them); nothing once the review has ended without
passing the viewer, or before submission.
"""

from __future__ import annotations

REVIEWED, PENDING = "已审核", "待审核"
IN_REVIEW = frozenset({"under_review", "onsite", "returned"})
REVIEWING_LEVELS = frozenset({"unit", "supervising_unit", "county"})


def review_state(status: str, level: str, *, waiting_here: bool, acted_here: bool) -> str:
    """已审核 / 待审核 / "" for an application of ``status`` seen from an org of ``level``."""
    if waiting_here:
        return PENDING
    if acted_here:
        return REVIEWED
    if status in IN_REVIEW and level in REVIEWING_LEVELS:
        return PENDING
    return ""
