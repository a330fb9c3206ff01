"""The admission ticket's pure rules: when a ticket stops being valid, and which seats are
free once void tickets gave theirs back."""

from __future__ import annotations

import pytest

from handlers.exams.tickets import free_seats, void_reason


@pytest.mark.parametrize(
    ("status_to", "reason"),
    [
        ("rejected", "报名状态变为“审核不通过”"),
        ("returned", "报名状态变为“已退回”"),
        ("under_review", "报名状态变为“审核中”"),
    ],
)
def test_leaving_approved_voids_the_ticket_with_the_new_status(status_to, reason):
    assert void_reason("approved", status_to) == reason


@pytest.mark.parametrize(
    ("status_from", "status_to"),
    [("approved", "approved"), ("under_review", "approved"), ("returned", "rejected"), (None, "draft")],
)
def test_a_ticket_stays_valid_otherwise(status_from, status_to):
    assert void_reason(status_from, status_to) is None


def test_free_seats_fill_the_gaps_left_by_void_tickets_room_by_room():
    taken = {(1, 1), (1, 3), (2, 1)}
    assert free_seats(taken, rooms=2, seats_per_room=3, count=3) == [(1, 2), (2, 2), (2, 3)]
    assert free_seats(taken, rooms=2, seats_per_room=3, count=5) == [(1, 2), (2, 2), (2, 3)]
    assert free_seats(taken, rooms=2, seats_per_room=3, count=0) == []
