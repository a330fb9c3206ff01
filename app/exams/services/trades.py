"""工种目录: the catalogue of trades the application form, the list filters and the 往年合格库
match share. Auto-review compares an applicant's 现岗位工种 with the trade of their earlier
certificates by name, so free text ("电工" vs "维修电工 ") would silently miss; every trade an
applicant enters must therefore be a catalogue name.

The catalogue ships as ``app/data/trades.csv`` (seeded on a fresh database) and the province
admin keeps it current by importing a spreadsheet.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.exams.models.trades import Trade
from app.platform.models.base import max_length, utcnow
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, Invalid
from app.platform.services.transaction import committing
from handlers.vocabulary import Lane

CATALOGUE_CSV = Path(__file__).resolve().parents[2] / "data" / "trades.csv"
HEADER_KEYS = {
    "代码": "code",
    "工种代码": "code",
    "编码": "code",
    "名称": "name",
    "工种": "name",
    "工种名称": "name",
    "类别": "category",
    "分类": "category",
    "状态": "active",
    "启用": "active",
}
REQUIRED = {"code": "代码", "name": "名称", "category": "类别"}
ACTIVE_WORDS = {
    "启用": True,
    "是": True,
    "1": True,
    "true": True,
    "停用": False,
    "否": False,
    "0": False,
    "false": False,
}
# The form fields that name a trade: the current one may be a retired trade (a certificate
# earned years ago), the declared one must still be offered.
TRADE_FIELDS = {"current_trade": False, "declared_trade": True}
PROGRESS_EVERY = 500


@dataclass
class TradeImportReport:
    """Counts of an import and the rows refused, as (spreadsheet row number, reason)."""

    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0  # data rows read (blank ones included)


def catalogue_rows() -> list[dict[str, str]]:
    """The shipped catalogue (code, name, category), as the migration and the seed load it."""
    with CATALOGUE_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_catalogue(session: Session) -> None:
    """Load the shipped catalogue into an empty table; a kept catalogue is never touched."""
    if session.scalars(select(Trade.id).limit(1)).first() is not None:
        return
    with committing(session):
        session.add_all(Trade(**row) for row in catalogue_rows())


def list_trades(
    session: Session, q: str | None = None, include_inactive: bool = False
) -> list[Trade]:
    """The catalogue by code; ``q`` matches code, name or category."""
    query = select(Trade).order_by(Trade.code)
    if not include_inactive:
        query = query.where(Trade.active.is_(True))
    if q:
        pattern = f"%{q}%"
        query = query.where(
            or_(Trade.code.like(pattern), Trade.name.like(pattern), Trade.category.like(pattern))
        )
    return list(session.scalars(query))


def active_names(session: Session) -> list[str]:
    """The names the form offers, in catalogue order."""
    return [t.name for t in list_trades(session)]


def trade_problems(session: Session, form: dict[str, Any]) -> dict[str, str]:
    """Field -> reason for every trade field of ``form`` that is not a catalogue name."""
    named = {form.get(name) for name in TRADE_FIELDS if form.get(name)}
    if not named:
        return {}
    known = {t.name: t.active for t in session.scalars(select(Trade).where(Trade.name.in_(named)))}
    problems = {}
    for name, must_be_active in TRADE_FIELDS.items():
        value = form.get(name)
        if not value:
            continue
        if value not in known:
            problems[name] = f"“{value}”不在工种目录中，请从目录中选择"
        elif must_be_active and not known[value]:
            problems[name] = f"工种“{value}”已停用，不能申报"
    return problems


def check_header(table: list[list[str]]) -> None:
    """A file without the required columns is refused before anything else (422 on file)."""
    _columns(table[0])


def import_trades(
    session: Session,
    user: User,
    table: list[list[str]],
    progress: Callable[[int, int], None] | None = None,
) -> TradeImportReport:
    """Upsert the catalogue from a spreadsheet (header row first) on the trade code. Refused
    rows are reported by spreadsheet row number; the good ones are committed together.
    Only the province admin keeps the catalogue: it is one list for the whole province.
    ``progress(done, total)`` is called every PROGRESS_EVERY rows.
    """
    require_keeper(user)
    columns = _columns(table[0])
    report = TradeImportReport(total=len(table) - 1)
    existing = {t.code: t for t in session.scalars(select(Trade))}
    names = {t.name: t.code for t in existing.values()}
    seen: set[str] = set()
    with committing(session, "工种目录正在被他人导入，请稍后重试"):
        for row_number, cells in enumerate(table[1:], start=2):
            if progress is not None and (row_number - 2) % PROGRESS_EVERY == 0:
                progress(row_number - 2, report.total)
            row = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}
            if not any(row.values()):
                continue
            values, problems = _parse(row)
            if not problems and values["code"] in seen:
                problems.append(f"代码“{values['code']}”在文件中重复")
            if not problems and names.get(values["name"], values["code"]) != values["code"]:
                problems.append(f"名称“{values['name']}”已被代码{names[values['name']]}使用")
            if problems:
                report.errors.append((row_number, "；".join(problems)))
                continue
            seen.add(values["code"])
            trade = existing.get(values["code"])
            if trade is None:
                trade = existing[values["code"]] = Trade(code=values["code"])
                session.add(trade)
                report.created += 1
            else:
                names.pop(trade.name, None)
                report.updated += 1
            for key, value in values.items():
                setattr(trade, key, value)
            trade.updated_at = utcnow()
            names[trade.name] = trade.code
            session.flush()  # a renamed trade frees its old name before another row takes it
    return report


def require_keeper(user: User) -> None:
    """Checked before an upload is even read, so nobody else learns anything from it."""
    if not user.is_admin or user.level != Lane.PROVINCE:
        raise Forbidden("仅省级管理员可以导入工种目录")


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = HEADER_KEYS.get(title.strip(), title.strip().lower())
        if key in (*REQUIRED, "active") and key not in columns:
            columns[key] = index
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        raise Invalid(f"缺少必需的列：{'、'.join(missing)}", {"file": "缺少必需的列"})
    return columns


def _parse(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {key: row[key] for key in REQUIRED}
    problems = [f"{label}为必填项" for key, label in REQUIRED.items() if not row[key]]
    for key, label in REQUIRED.items():
        limit = max_length(Trade.__table__, key)
        if len(row[key]) > limit:
            problems.append(f"{label}不能超过{limit}个字符")
    active = row.get("active", "")
    values["active"] = ACTIVE_WORDS.get(active.lower()) if active else True
    if values["active"] is None:
        problems.append(f"状态“{active}”无效，应为启用或停用")
    return values, problems
