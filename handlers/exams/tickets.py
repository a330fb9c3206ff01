"""Admission ticket (准考证) rules that need no database: the ticket number and its seat.

A ticket number is 12 digits, ``YY RRRR NNNNNN`` like the seed's ``250200120001``:

- ``YY``: the exam year's last two digits;
- ``RRRR``: the applicant's county (区县) code without the province's two leading digits
  (巩义市 410181 -> ``0181``), so numbers tell the county at a glance and counties never share
  a sequence (a 市直 or 省直 unit counts under its city or the province);
- ``NNNNNN``: the sequence within that year and county, from 000001, issued by a counter.

Once issued a number never changes (moving a ticket to another session keeps it).

A ticket is valid only while its holder is approved (``void_reason``).
"""

from __future__ import annotations

from handlers.exams.vocabulary import STATUS_LABELS

SEQUENCE_DIGITS = 6
HOLDER_STATUS = "approved"
"""The one application status (终审通过) under which its admission ticket is valid."""


def ticket_prefix(year: int, region_code: str) -> str:
    """``YY`` + ``RRRR`` for an applicant whose county (区县) has the code ``region_code``: for
    a unit outside any county (市直, 省直) the org that stands in for its county
    (``handlers.routing.resolve_lane``), the city (410100 -> ``0100``) or the province
    (``0000``), whose codes no county shares."""
    return f"{year % 100:02d}{region_code[-4:]:0>4}"


def ticket_number(prefix: str, sequence: int) -> str:
    if not 1 <= sequence < 10**SEQUENCE_DIGITS:
        raise ValueError(f"sequence {sequence} out of range for prefix {prefix}")
    return f"{prefix}{sequence:0{SEQUENCE_DIGITS}d}"


def seat_of(index: int, seats_per_room: int) -> tuple[int, int]:
    """The ``index``-th seat (from 0) of a session, filled room by room: (room, seat), from 1."""
    room, seat = divmod(index, seats_per_room)
    return room + 1, seat + 1



def void_reason(status_from: str | None, status_to: str | None) -> str | None:
    """Why an application's ticket stops being valid when its status goes from
    ``status_from`` to ``status_to`` (报名状态变为“审核不通过”), or None while it stays valid:
    whatever path leaves 终审通过 (a re-review reopened by the county, a return, a migration)."""
    if status_from != HOLDER_STATUS or status_to == HOLDER_STATUS:
        return None
    return f"报名状态变为“{STATUS_LABELS.get(status_to or '', status_to)}”"


def free_seats(
    taken: set[tuple[int, int]], rooms: int, seats_per_room: int, count: int
) -> list[tuple[int, int]]:
    """The first ``count`` seats not in ``taken``, room by room: (room, seat) from 1. A void
    ticket's seat is free again, so seats are found, not counted."""
    found: list[tuple[int, int]] = []
    if count <= 0:
        return found
    for index in range(rooms * seats_per_room):
        seat = seat_of(index, seats_per_room)
        if seat not in taken:
            found.append(seat)
            if len(found) == count:
                break
    return found
