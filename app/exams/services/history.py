"""历史报名数据 imported from the old system's sheets (seed 3.1.10), for counties and above.

The rows keep the seed's columns; 历史报名数据查询 lists them together with this system's own
finished seasons (app/exams/services/history_query.py). Imports are limited to the caller's subtree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.history import HistoryRegistration
from app.exams.services.qualified import ImportReport
from app.platform.models.base import max_length, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, Invalid
from app.platform.services.transaction import committing
from handlers import clock
from handlers.idcard import id_number_problem, normalize

LEVELS = ("county", "city", "province")
# field, the seed's column title: the order of the page, the export and the import template
COLUMNS = (
    ("exam_year", "报考年度"),
    ("name", "姓名"),
    ("id_number", "身份证号"),
    ("gender", "性别"),
    ("birth_month", "出生年月"),
    ("work_start", "参加工作时间"),
    ("unit_name", "单位"),
    ("education", "文化程度"),
    ("exam_category", "报考类别"),
    ("trade", "报考工种"),
    ("station_code", "制证站码"),
    ("cert_no", "证书编号"),
    ("cert_date", "获得证书时间"),
)
ORG_CODE_TITLE = "单位编码"  # optional: files the row under that org of the importer's subtree
REQUIRED = ("exam_year", "name", "id_number", "trade")
TEXT_FIELDS = (
    "name",
    "unit_name",
    "education",
    "exam_category",
    "trade",
    "station_code",
    "cert_no",
)
GENDERS = ("男", "女")
PROGRESS_EVERY = 500
FIRST_YEAR = 1950
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})")
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def require_reader(user: User) -> None:
    if not user.is_reviewer or user.level not in LEVELS:
        raise Forbidden("仅县区及以上审核人员可以查询历史报名数据")


def require_importer(user: User) -> None:
    """Checked before an upload is read."""
    if not user.is_admin or user.level not in LEVELS:
        raise Forbidden("仅县区及以上管理员可以导入历史报名数据")


def check_header(table: list[list[str]]) -> None:
    """A file without the required columns is refused before anything else (422 on file)."""
    _columns(table[0])


def import_table(
    session: Session,
    user: User,
    table: list[list[str]],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Upsert rows on (身份证号, 报考年度, 报考工种); refused rows are reported by spreadsheet
    row number, the good ones are committed together. ``progress(done, total)`` is called
    every PROGRESS_EVERY rows (a background import's progress bar)."""
    require_importer(user)
    columns = _columns(table[0])
    orgs = {
        org.code: org
        for org in session.scalars(
            select(Org).where(Org.path.startswith(user.org.path, autoescape=True))
        )
    }
    in_scope = {org.id for org in orgs.values()}
    report = ImportReport(total=len(table) - 1)
    seen: set[tuple[Any, ...]] = set()
    with committing(session, "历史报名数据正在被他人导入，请稍后重试"):
        for row_number, cells in enumerate(table[1:], start=2):
            if progress is not None and (row_number - 2) % PROGRESS_EVERY == 0:
                progress(row_number - 2, report.total)
            row = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}
            if not any(row.values()):
                continue
            values, problems = _parse(row)
            org = orgs.get(row.get("org_code") or user.org.code)
            if org is None:
                problems.append(f"单位编码“{row['org_code']}”不是本单位或所属单位")
            key = (values["id_number"], values["exam_year"], values["trade"])
            if not problems and key in seen:
                problems.append("同一人同一年度同一工种在文件中重复")
            if problems or org is None:  # an unknown org is one of the problems
                report.errors.append((row_number, "；".join(problems)))
                continue
            existing = session.scalars(
                select(HistoryRegistration).filter_by(
                    id_number=key[0], exam_year=key[1], trade=key[2]
                )
            ).first()
            if existing is not None and existing.org_id not in in_scope:
                # the same registration filed by another county: never overwritten from here
                report.errors.append((row_number, "该记录已由其他单位导入"))
                continue
            seen.add(key)
            report.created += existing is None
            report.updated += existing is not None
            _store(session, existing, {**values, "org_id": org.id})
    return report


def _columns(header: list[str]) -> dict[str, int]:
    titles = {title: key for key, title in COLUMNS} | {ORG_CODE_TITLE: "org_code"}
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = titles.get(title.strip(), title.strip().lower())
        if key in (*titles.values(),) and key not in columns:
            columns[key] = index
    labels = dict(COLUMNS)
    missing = [labels[key] for key in REQUIRED if key not in columns]
    if missing:
        raise Invalid(f"缺少必需的列：{'、'.join(missing)}", {"file": "缺少必需的列"})
    return columns


def _parse(row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Typed values of one row and, in Chinese, everything wrong with it."""
    labels = dict(COLUMNS)
    text = {key: row.get(key, "") for key, _ in COLUMNS}
    problems = [f"{labels[key]}为必填项" for key in REQUIRED if not text[key]]
    values: dict[str, Any] = {key: text[key] or None for key in TEXT_FIELDS}
    for key in TEXT_FIELDS:
        limit = max_length(HistoryRegistration.__table__, key)
        if len(text[key]) > limit:
            problems.append(f"{labels[key]}不能超过{limit}个字符")
    values["id_number"] = normalize(text["id_number"])
    if text["id_number"] and (problem := id_number_problem(text["id_number"])):
        problems.append(problem)
    values["exam_year"] = _year(text["exam_year"])
    if text["exam_year"] and values["exam_year"] is None:
        problems.append(f"报考年度“{text['exam_year']}”无效")
    values["gender"] = text["gender"] or None
    if text["gender"] and text["gender"] not in GENDERS:
        problems.append(f"性别“{text['gender']}”无效，应为男或女")
    for key in ("birth_month", "work_start"):
        values[key] = _month(text[key])
        if text[key] and values[key] is None:
            problems.append(f"{labels[key]}“{text[key]}”无效，应为如 1990-12")
    values["cert_date"] = _day(text["cert_date"])
    if text["cert_date"] and values["cert_date"] is None:
        problems.append(f"获得证书时间“{text['cert_date']}”无效，应为如 2023-09-30")
    return values, problems


def _year(value: str) -> int | None:
    if not re.fullmatch(r"\d{4}", value):
        return None
    year = int(value)
    return year if FIRST_YEAR <= year <= clock.today().year else None


def _month(value: str) -> str | None:
    match = _MONTH.match(value)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return None
    if _year(match.group(1)) is None:
        return None
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def _day(value: str) -> date | None:
    match = _DAY.match(value)
    if match is None:
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return day if _year(match.group(1)) is not None else None


def _store(session: Session, record: HistoryRegistration | None, values: dict[str, Any]) -> None:
    if record is None:
        record = HistoryRegistration()
        session.add(record)
    for key, value in values.items():
        setattr(record, key, value)
    record.imported_at = utcnow()
