"""Pure rules of the professional-title platform: who judges a declaration, the orgs that
review it on the way, and what a reviewer may see (the declarant's initial password is in
handlers/initial_passwords.py with every other account's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SENIOR_LEVELS = frozenset({"deputy_senior", "senior"})
"""副高级 and 正高级 are judged by the province's committee; 中级 and 初级 by the city's."""


def committee_level(title_level: str) -> str:
    """The org level whose committee (评委会) judges a declaration of ``title_level``."""
    return "province" if title_level in SENIOR_LEVELS else "city"


def review_chain(ancestors: Sequence[tuple[int, str]], title_level: str) -> list[int]:
    """Org ids that review a declaration, from the declarant's unit up to the committee's org
    inclusive. ``ancestors`` are ``(org id, org level)`` from the unit up to the root. A unit
    with no org of the committee's level above it (a 省直 unit under the province) goes up
    to the root: the province's committee judges what no city can.
    """
    if not ancestors:
        raise ValueError("a review chain needs the declarant's org")
    wanted = committee_level(title_level)
    chain = []
    for org_id, level in ancestors:
        chain.append(org_id)
        if level == wanted:
            break
    return chain


def permitted(granted: Iterable[str], wanted: str) -> bool:
    """Whether a permission list (series or sections) grants ``wanted``; nothing is implied."""
    return wanted in set(granted)
