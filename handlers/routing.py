"""Where a BPMN lane lands: lanes are named for org levels and resolve against the
applicant's org chain, read (with who can review at each org) when a task is routed.

Two kinds of level can be missing from a chain, and they are treated differently:

- A **unit** or **supervising unit** that does not exist, or where nobody can review
  (``review_levels``), is absent: the diagrams skip it themselves through the facts their
  gateways read (``has_unit_reviewer``, ``has_supervising_unit``; seed 000: "若无主管单位管理员，
  则直接进入县区管理员审核列表"). Such a level is never a stand-in for anything.
- A **county** or **city** the tree lacks (a 市直 unit has no county, a 直管县 or a 省直 department
  has no city) is taken by the nearest org above it: the county lane of a 市直 unit resolves to
  its city, the city lane of a 直管县 to the province. The county's decisions cannot be
  skipped (it is the level that approves), so someone above must make them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final, TypeVar

from handlers.vocabulary import APPLICANT_LANE, LEVEL_LABELS, ORG_LEVELS

T = TypeVar("T")
"""What a chain maps levels to: org ids, or codes."""

SKIPPABLE_LEVELS: Final = ("unit", "supervising_unit")
"""Levels a review passes through only when someone there can review."""


class UnroutableLane(ValueError):
    """A lane names a level the applicant's org chain does not have."""


def review_levels(chain: Mapping[str, int], staffed: Collection[int]) -> dict[str, int]:
    """``chain`` ({level: org id}) as a review passes through it: a unit or supervising unit
    none of whose accounts can review (not in ``staffed``) counts as absent. The one rule
    both the facts the diagrams' gateways read and the skips the history shows come from."""
    return {
        level: org_id
        for level, org_id in chain.items()
        if level not in SKIPPABLE_LEVELS or org_id in staffed
    }


def skipped_levels(
    chain: Mapping[str, int],
    reviewing: Mapping[str, int],
    from_lane: str | None,
    to_lane: str | None,
) -> list[str]:
    """Levels a step went past because nobody could review there: in the org ``chain`` but
    not in ``reviewing`` (``review_levels``), above where the application was (``from_lane``;
    the applicant's lane at a submission) and below where it now waits (``to_lane``).
    Nothing when it moved down or sideways (a return, a rejection, an end)."""
    below = _rank(from_lane)
    above = _rank(to_lane)
    if below is None or above is None or above <= below:
        return []
    return [
        level
        for level in SKIPPABLE_LEVELS
        if level in chain and level not in reviewing and below < _level_rank(level) < above
    ]


def _rank(lane: str | None) -> int | None:
    """Height of a lane: the applicant 0, the unit 1 ... the province 5; None otherwise."""
    if lane == APPLICANT_LANE:
        return 0
    if lane in ORG_LEVELS:
        return _level_rank(lane)
    return None


def _level_rank(level: str) -> int:
    """Height of an org level: the unit 1 ... the province 5."""
    return len(ORG_LEVELS) - ORG_LEVELS.index(level)


def resolve_lane(lane: str | None, org_chain: Mapping[str, T | None]) -> T | None:
    """The org (id, or whatever ``org_chain`` maps levels to) whose reviewers own a task in ``lane`` (a routing key, see
    ``vocabulary.lane_key``); None for the applicant's own lane. A county or city the chain
    lacks is taken by the nearest org above it (see the module docstring).

    Raises UnroutableLane when the diagram routes a task to a unit or supervising unit the
    chain lacks: the diagram must skip such levels itself, never strand a task.
    """
    if lane == APPLICANT_LANE:
        return None
    if lane not in ORG_LEVELS:
        raise UnroutableLane(f"lane {lane!r} is not an org level {ORG_LEVELS}")
    org_id = org_chain.get(lane)
    if org_id is None and lane not in SKIPPABLE_LEVELS:
        org_id = _stand_in(lane, org_chain)
    if org_id is None:
        raise UnroutableLane(f"the applicant's org chain has no {lane}")
    return org_id


def _stand_in(lane: str, org_chain: Mapping[str, T | None]) -> T | None:
    """The nearest org above ``lane``'s level in the chain."""
    above = reversed(ORG_LEVELS[: ORG_LEVELS.index(lane)])
    return next((org_chain[up] for up in above if org_chain.get(up) is not None), None)


def skip_note(level: str) -> str:
    """What the history says about a level the review went past: 跳过：主管单位无审核人员."""
    return f"跳过：{LEVEL_LABELS[level]}无审核人员"
