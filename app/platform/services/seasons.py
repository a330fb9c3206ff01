"""年度/批次: which season is current, choosing one for a list, and the province admin
opening and closing them.

A product's current season is its open one or, between two seasons, the latest closed one:
lists default to it. New applications join the open season only; before any season exists the
first one is created with the configured first year (``EXAM_YEAR``, else the current year) when
the first application is written, in that application's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import ScalarSelect, Select, case, select
from sqlalchemy.orm import Session

from app.platform.models.base import utcnow
from app.platform.models.seasons import Season
from app.platform.models.users import User
from app.platform.services import audit
from app.platform.services.errors import Conflict, Forbidden, NotFound
from app.platform.services.transaction import committing
from handlers.vocabulary import Lane

EXAM, TITLE = "exam", "title"
ALREADY_OPEN = "已有进行中的年度，请先结束它"


_Row = TypeVarTuple("_Row")


def season_name(year: int) -> str:
    return f"{year}年度"


def current(session: Session, product: str) -> Season | None:
    """The open season, else the latest one; None before the first season."""
    return session.scalars(_current(select(Season), product)).first()


def current_id(product: str) -> ScalarSelect[int]:
    """``current``'s id as a subquery: a list defaulting to the current season filters on it
    in its own statement instead of looking the season up first."""
    return _current(select(Season.id), product).scalar_subquery()


def _current(query: Select[*_Row], product: str) -> Select[*_Row]:
    return (
        query.where(Season.product == product)
        .order_by(case((Season.status == "open", 0), else_=1), Season.year.desc(), Season.id.desc())
        .limit(1)
    )


def current_year(session: Session, product: str, first_year: int) -> int:
    """The current season's year, or ``first_year`` before there is one."""
    season = current(session, product)
    return season.year if season is not None else first_year


def ensure(session: Session, product: str, first_year: int) -> Season:
    """The current season, the first one created (and committed at once) if there is none:
    for pages that show a season before any application exists (statistics, 年度管理). Call
    it before the request writes anything else. Two first requests at once: one creates it,
    the other reads it."""
    season = current(session, product)
    if season is not None:
        return season
    try:
        with committing(session):
            season = _first(session, product, first_year)
    except Conflict:
        season = current(session, product)
        if season is None:
            raise
    return season


def for_registration(session: Session, product: str, first_year: int) -> Season:
    """The open season a new application joins (inside the caller's transaction): the first
    season is created here on first use; once seasons exist, one must be open."""
    season = current(session, product)
    if season is None:
        return _first(session, product, first_year)
    if not season.is_open:
        raise Conflict(f"{season.name}已结束，当前没有进行中的报名年度")
    return season


def _first(session: Session, product: str, year: int) -> Season:
    season = Season(product=product, year=year, name=season_name(year))
    session.add(season)
    session.flush()
    return season


def require_open(season: Season) -> None:
    """An applicant's form of a finished season is archived: no edit, upload or submission."""
    if not season.is_open:
        raise Conflict(f"{season.name}已结束，报名信息不能再修改或提交")


def seasons_of(session: Session, product: str) -> list[Season]:
    """Every season of the product, newest first: the choices of a season selector."""
    return list(
        session.scalars(
            select(Season)
            .where(Season.product == product)
            .order_by(Season.year.desc(), Season.id.desc())
        )
    )


def get(session: Session, season_id: int, product: str) -> Season:
    """A season chosen by id for a list of ``product``: 404 naming ``season`` otherwise."""
    season = session.get(Season, season_id)
    if season is None or season.product != product:
        raise NotFound("所选年度不存在", {"season": "所选年度不存在"})
    return season


def of_year(session: Session, product: str, year: int) -> Season:
    """The latest season of ``year`` (a list asked for by year): 404 naming ``year`` if the
    product has none."""
    season = session.scalars(
        select(Season).filter_by(product=product, year=year).order_by(Season.id.desc()).limit(1)
    ).first()
    if season is None:
        message = f"没有{year}年的报名年度"
        raise NotFound(message, {"year": message})
    return season


def chosen(session: Session, filters: dict[str, Any], product: str = EXAM) -> Season | None:
    """The season a list shows: the one its filters name (checked), else the current one."""
    if filters.get("season"):
        return get(session, filters["season"], product)
    return current(session, product)


def for_statistics(session: Session, query: dict[str, Any], first_year: int) -> Season:
    """The season a statistics table counts: ``season``, else the latest season of ``year``,
    else the current one (the first created if there is none yet: a roster may be imported
    before anyone registers)."""
    if query.get("season"):
        return get(session, query["season"], EXAM)
    if query.get("year"):
        return of_year(session, EXAM, query["year"])
    return ensure(session, EXAM, first_year)


def with_season(session: Session, filters: dict[str, Any], product: str = EXAM) -> dict[str, Any]:
    """``filters`` with ``season`` always set to the season the list shows (None only before
    the first season, when there is nothing to list)."""
    season = chosen(session, filters, product)
    return {**filters, "season": season.id if season is not None else None}


def titled(session: Session, title: str, filters: dict[str, Any]) -> str:
    """``title`` with the season the filters select (the current one by default), as every
    per-season export names itself: 审核通过（2026年度）."""
    season = chosen(session, filters)
    return f"{title}（{season.name}）" if season is not None else title


# --- 年度管理 (province admins) ---------------------------------------------------------


def require_manager(user: User) -> None:
    if not user.is_admin or user.level != Lane.PROVINCE:
        raise Forbidden("仅省级管理员可以管理报名年度")


def open_season(session: Session, user: User, data: dict[str, Any]) -> Season:
    """Start a new season of a product: it becomes the current one. One season is open at a
    time (the database's partial unique index decides between two admins at once)."""
    require_manager(user)
    product, year = data["product"], data["year"]
    name = data.get("name") or season_name(year)
    if current_open(session, product) is not None:
        raise Conflict(ALREADY_OPEN, {"product": ALREADY_OPEN})
    if session.scalars(select(Season).filter_by(product=product, name=name)).first():
        raise Conflict("该年度名称已存在", {"name": "该年度名称已存在"})
    with committing(session, ALREADY_OPEN):
        season = Season(product=product, year=year, name=name)
        session.add(season)
        session.flush()
        _record(session, user, "open_season", season)
    return season


def close_season(session: Session, user: User, season_id: int) -> Season:
    """Finish the season: it stays the current one for lists until the next opens, and its
    applications appear in 历史报名数据查询; reviews under way may still be completed."""
    season = _managed(session, user, season_id)
    if not season.is_open:
        raise Conflict("该年度已结束")
    with committing(session):
        season.status, season.closed_at = "closed", utcnow()
        _record(session, user, "close_season", season)
    return season


def reopen_season(session: Session, user: User, season_id: int) -> Season:
    """Open a finished season again (closed by mistake), while no other season is open."""
    season = _managed(session, user, season_id)
    if season.is_open:
        raise Conflict("该年度正在进行中")
    if current_open(session, season.product) is not None:
        raise Conflict(ALREADY_OPEN)
    with committing(session, ALREADY_OPEN):
        season.status, season.closed_at = "open", None
        _record(session, user, "reopen_season", season)
    return season


def current_open(session: Session, product: str) -> Season | None:
    return session.scalars(select(Season).filter_by(product=product, status="open")).first()


def _managed(session: Session, user: User, season_id: int) -> Season:
    require_manager(user)
    season = session.get(Season, season_id)
    if season is None:
        raise NotFound("年度不存在")
    return season


def _record(session: Session, user: User, action: str, season: Season) -> None:
    details = {"product": season.product, "year": season.year, "name": season.name}
    audit.record_system(session, user, action, subject=f"season:{season.id}", details=details)


def first_year(config: Mapping[str, Any], today: date) -> int:
    """The year of the first exam season, created with the first application."""
    return config["EXAM_YEAR"] or today.year
