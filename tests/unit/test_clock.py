"""Beijing time as a person reads it, from stored naive UTC (handlers/clock.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from handlers import clock

LATE_UTC = datetime(2026, 12, 7, 17, 30, 12, 345678)  # 2026-12-08 01:30 in Beijing


def test_a_stored_time_reads_as_beijing_minutes_without_microseconds():
    assert clock.format_time(LATE_UTC) == "2026-12-08 01:30"
    assert clock.format_time(LATE_UTC.replace(tzinfo=UTC)) == "2026-12-08 01:30"
    assert clock.format_time(None) == ""


def test_dates_are_beijing_dates():
    assert clock.format_date(LATE_UTC) == "2026-12-08"
    assert clock.format_date(date(2026, 1, 5)) == "2026-01-05"
    assert clock.format_date_cn(LATE_UTC) == "2026年12月8日"
    assert clock.format_date_cn(None) == ""


def test_today_is_the_beijing_date_between_midnight_and_eight(monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: LATE_UTC)
    assert clock.today() == date(2026, 12, 8)
    assert clock.beijing_now().hour == 1


def test_an_entered_time_without_offset_is_beijing_time():
    assert clock.as_stored(datetime(2026, 12, 8, 1, 30)) == datetime(2026, 12, 7, 17, 30)
    tokyo = timezone(timedelta(hours=9))
    assert clock.as_stored(datetime(2026, 12, 8, 2, 30, tzinfo=tokyo)) == datetime(2026, 12, 7, 17, 30)
