"""Phone numbers as lists show them: a drawn expert's or an applicant's mobile is personal
data, shown in full only where its reader needs to call (and that view is audited)."""

from __future__ import annotations

VISIBLE_HEAD, VISIBLE_TAIL = 3, 4


def mask_phone(phone: str | None) -> str:
    """List display form: first three and last four digits, the middle starred
    (13812341234 -> 138****1234); a number too short to keep both ends is starred whole."""
    if not phone:
        return ""
    hidden = len(phone) - VISIBLE_HEAD - VISIBLE_TAIL
    if hidden <= 0:
        return "*" * len(phone)
    return f"{phone[:VISIBLE_HEAD]}{'*' * hidden}{phone[-VISIBLE_TAIL:]}"
