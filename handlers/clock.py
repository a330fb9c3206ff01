"""The service's one clock, and how a person reads a time: Beijing time.

Timestamps are stored as naive UTC (the same on SQLite and PostgreSQL); everything a person
reads -- pages, PDFs, Excel cells, file names, messages -- is Beijing time (``Asia/Shanghai``,
no daylight saving), to the minute, the way Chinese forms write it. A date a person reads
(a roster's 制表日期, an export's file name, "this year") is the Beijing calendar date, which
differs from the UTC date every day from 00:00 to 08:00 Beijing time.

``utc_now`` is the only place that reads the system clock, so a test can freeze the whole
service at one moment by replacing it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
MINUTE_FORMAT = "%Y-%m-%d %H:%M"
DATE_FORMAT = "%Y-%m-%d"


def utc_now() -> datetime:
    """Now, as stored: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def in_beijing(value: datetime) -> datetime:
    """A stored time (naive means UTC) or any aware time, as an aware Beijing time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BEIJING)


def beijing_now() -> datetime:
    return in_beijing(utc_now())


def today() -> date:
    """Today's date in Beijing: the date on every document and file name."""
    return beijing_now().date()


def as_stored(value: datetime) -> datetime:
    """A time a person entered, as stored (naive UTC); without an offset it is Beijing time
    (what a page's datetime-local input sends)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BEIJING)
    return value.astimezone(UTC).replace(tzinfo=None)


def format_time(value: datetime | None) -> str:
    """A stored time for a person: Beijing time to the minute (2026-12-08 01:30)."""
    return in_beijing(value).strftime(MINUTE_FORMAT) if value is not None else ""


def format_date(value: date | datetime | None) -> str:
    """A date for a person (2026-12-08); a stored time gives its Beijing date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_beijing(value).date()
    return value.strftime(DATE_FORMAT)


def format_date_cn(value: date | datetime | None) -> str:
    """A date as a document writes it (2026年12月8日)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_beijing(value).date()
    return f"{value.year}年{value.month}月{value.day}日"
