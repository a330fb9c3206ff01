"""Where a BPMN lane lands: lanes are named for org levels and resolve against the org chain
captured when the application entered review.
"""

from __future__ import annotations

from collections.abc import Mapping

from handlers.vocabulary import APPLICANT_LANE, ORG_LEVELS


class UnroutableLane(ValueError):
    """A lane names a level the applicant's org chain does not have."""


def resolve_lane(lane: str | None, org_chain: Mapping[str, int | None]) -> int | None:
    """The org id whose reviewers own a task in ``lane`` (a routing key, see
    ``vocabulary.lane_key``); None for the applicant's own lane.

    Raises UnroutableLane when the diagram routes a task to a level the chain lacks: the
    diagram must skip such levels itself (e.g. the supervising unit), never strand a task.
    """
    if lane == APPLICANT_LANE:
        return None
    if lane not in ORG_LEVELS:
        raise UnroutableLane(f"lane {lane!r} is not an org level {ORG_LEVELS}")
    org_id = org_chain.get(lane)
    if org_id is None:
        raise UnroutableLane(f"the applicant's org chain has no {lane}")
    return org_id
