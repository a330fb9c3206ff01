"""历史报名数据查询 (seed 3.1.10): earlier seasons' registrations, for counties and above.

Two sources read as one list: this system's own applications of finished (closed) seasons
(来源 本系统; submitted ones, with their 审核状态) and the rows imported from the old system's
sheets (来源 导入, app/exams/services/history.py). A UNION ALL of the two with the seed's columns,
filtered, paged and exported the same way; every read is limited to the caller's org subtree.
A season appears here as soon as the province admin closes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import (
    Date,
    Select,
    String,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.models.history import HistoryRegistration
from app.exams.services import audit as exam_audit
from app.exams.services.history import COLUMNS, require_reader
from app.platform.models.orgs import Org
from app.platform.models.seasons import Season
from app.platform.models.users import User
from app.platform.services import audit, spreadsheets
from app.platform.services.listing import Page
from handlers.exams.applicant import GENDER_LABELS, GRADE_SHORT_LABELS
from handlers.exams.vocabulary import STATUS_LABELS, Status
from handlers.idcard import normalize

SOURCE_LABELS = {"system": "本系统", "imported": "导入"}
EXTRA_COLUMNS = (("source_label", "来源"), ("status_label", "审核状态"))
"""What the list and its export show beside the seed's columns."""


def search(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """One page of both sources in the caller's subtree, newest year first, then by name
    (pinyin)."""
    require_reader(user)
    query = _query(user, filters)
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(rows), total or 0, page, per_page)


def export_xlsx(session: Session, user: User, filters: dict[str, Any]) -> bytes:
    """Every filtered row of both sources as an .xlsx with the seed's columns plus 来源 and
    审核状态, streamed row by row. The file carries full ID numbers, so it is recorded on the
    audit trail once written."""
    require_reader(user)
    records = session.execute(_query(user, filters).execution_options(yield_per=500))
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for record in records:
            count += 1
            yield [getattr(record, key) for key, _ in (*COLUMNS, *EXTRA_COLUMNS)]

    headers = [title for _, title in (*COLUMNS, *EXTRA_COLUMNS)]
    body = spreadsheets.xlsx_bytes("历史报名数据", headers, rows())
    kept = {k: v for k, v in filters.items() if k not in ("page", "per_page")}
    audit.record_export(session, user, exam_audit.EXPORT_HISTORY, kept, count)
    return body


def _query(user: User, filters: dict[str, Any]) -> Select:
    parts = []
    if filters.get("source") in (None, "imported"):
        parts.append(_imported(user, filters))
    if filters.get("source") in (None, "system"):
        parts.append(_own(user, filters))
    both = union_all(*parts).subquery()
    return select(both).order_by(
        both.c.exam_year.desc(), both.c.name_sort, both.c.source, both.c.row_id
    )


def _in_scope(user: User) -> Any:
    return Org.path.startswith(user.org.path, autoescape=True)


def _imported(user: User, filters: dict[str, Any]) -> Select:
    h = HistoryRegistration
    query = (
        select(
            literal("imported").label("source"),
            literal(SOURCE_LABELS["imported"]).label("source_label"),
            cast(null(), String).label("status_label"),
            h.id.label("row_id"),
            h.exam_year,
            h.name,
            h.name_sort,
            h.id_number,
            h.gender,
            h.birth_month,
            h.work_start,
            h.unit_name,
            h.education,
            h.exam_category,
            h.trade,
            h.station_code,
            h.cert_no,
            h.cert_date,
        )
        .join(Org, h.org_id == Org.id)
        .where(_in_scope(user))
    )
    query = _filtered(query, filters, h.exam_year, h.name, h.id_number, h.trade, h.unit_name)
    return query.where(h.cert_no == filters["cert_no"]) if filters.get("cert_no") else query


def _own(user: User, filters: dict[str, Any]) -> Select:
    """Submitted applications of closed seasons, in the seed's columns: 报考类别 is the
    declared grade; the certificate columns are the old system's and stay empty."""
    a = Application
    query = (
        select(
            literal("system").label("source"),
            literal(SOURCE_LABELS["system"]).label("source_label"),
            _labelled(a.status, STATUS_LABELS).label("status_label"),
            a.id.label("row_id"),
            a.year.label("exam_year"),
            a.name,
            a.name_sort,
            a.id_number,
            _labelled(a.gender, GENDER_LABELS).label("gender"),
            a.birth_month,
            a.work_start,
            Org.name.label("unit_name"),
            a.education,
            _labelled(a.declared_grade, GRADE_SHORT_LABELS).label("exam_category"),
            a.declared_trade.label("trade"),
            cast(null(), String).label("station_code"),
            cast(null(), String).label("cert_no"),
            cast(null(), Date).label("cert_date"),
        )
        .join(Org, a.org_id == Org.id)
        .join(Season, a.season_id == Season.id)
        .where(_in_scope(user), Season.status == "closed", a.status != Status.DRAFT)
    )
    query = _filtered(query, filters, a.year, a.name, a.id_number, a.declared_trade, Org.name)
    return query.where(false()) if filters.get("cert_no") else query


def _labelled(column: Any, labels: Mapping[Any, str]) -> Any:
    return case(dict(labels), value=column, else_=None)


def _filtered(
    query: Select,
    filters: dict[str, Any],
    year: Any,
    name: Any,
    id_number: Any,
    trade: Any,
    unit: Any,
) -> Select:
    """The filters both sources share, on the given columns of one of them."""
    if filters.get("exam_year"):
        query = query.where(year == filters["exam_year"])
    if filters.get("q"):
        q = filters["q"]
        query = query.where(or_(name == q, id_number == normalize(q)))
    if filters.get("trade"):
        query = query.where(trade.contains(filters["trade"], autoescape=True))
    if filters.get("unit_name"):
        query = query.where(unit.contains(filters["unit_name"], autoescape=True))
    return query
