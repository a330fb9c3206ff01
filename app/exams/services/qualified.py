"""Import and look-up of the 往年合格库 (qualified database).

The files come from the province's result sheets and from our own history export, so both
the Chinese column names of those sheets and our English field names are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.exams.models.qualified import QualifiedRecord
from app.exams.models.trades import Trade
from app.exams.services.scope import get_application
from app.platform.models.base import max_length, utcnow
from app.platform.models.users import User
from app.platform.services.errors import Forbidden
from app.platform.services.spreadsheets import SpreadsheetError, read_table
from app.platform.services.transaction import committing
from handlers import clock
from handlers.exams.applicant import GRADE_LABELS
from handlers.exams.auto_review import MATCHED_FIELDS, differences
from handlers.exams.vocabulary import AUTO_CONDITIONS_FROM_RECORD
from handlers.idcard import id_number_problem, normalize
from handlers.vocabulary import Lane

HEADER_KEYS = {
    "身份证号": "id_number",
    "姓名": "name",
    "工种": "trade",
    "报考工种": "trade",
    "等级": "grade",
    "报考等级": "grade",
    "取证年份": "cert_year",
    "获得证书时间": "cert_year",
    "证书编号": "cert_no",
    "报考年度": "exam_year",
    "单位": "unit_name",
}
FIELDS = ("id_number", "name", "trade", "grade", "cert_year", "cert_no", "exam_year", "unit_name")
REQUIRED = {
    "id_number": "身份证号",
    "name": "姓名",
    "trade": "工种",
    "grade": "等级",
    "cert_year": "取证年份",
}
GRADE_NAMES = {
    **{label: grade for grade, label in GRADE_LABELS.items()},
    **{name: grade for grade, name in enumerate(("一级", "二级", "三级", "四级", "五级"), 1)},
    **{
        name: grade
        for grade, name in enumerate(("高级技师", "技师", "高级工", "中级工", "初级工"), 1)
    },
    **{str(grade): grade for grade in range(1, 6)},
}
TEXT_LABELS = {"name": "姓名", "trade": "工种", "cert_no": "证书编号", "unit_name": "单位"}
FIRST_YEAR = 1950
PROGRESS_EVERY = 5000
KEY_FIELDS = ("id_number", "trade", "grade", "cert_year")
_TABLE = QualifiedRecord.__table__
_COLUMNS = (*FIELDS, "imported_at")
_CHANGED = tuple(name for name in _COLUMNS if name not in KEY_FIELDS)
_LIMITS = {key: max_length(_TABLE, key) for key in TEXT_LABELS}
_YEAR = re.compile(r"^(\d{4})(?:\D|$)")


class QualifiedFileError(SpreadsheetError):
    """The file as a whole cannot be read: wrong type or a required column is missing."""


@dataclass
class ImportReport:
    """Counts of an import and the rows refused, as (spreadsheet row number, reason)."""

    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0  # data rows read (blank ones included), what progress counts against


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a .csv or .xlsx file as strings keyed by field name, one dict per row below
    the header, blank rows kept so list index + 2 is the spreadsheet row number.
    """
    with path.open("rb") as handle:
        return rows_of(handle, path.name)


def rows_of(stream: IO[bytes], filename: str) -> list[dict[str, str]]:
    """The rows of an uploaded file, as ``read_rows`` reads a file on disk."""
    try:
        table = read_table(stream, filename)
    except SpreadsheetError as exc:
        raise QualifiedFileError(str(exc)) from exc
    return rows_of_table(table)


def rows_of_table(table: list[list[str]]) -> list[dict[str, str]]:
    """Rows keyed by field name from a text table whose first row is the header."""
    columns = _columns(table[0])
    return [
        {key: row[index] if index < len(row) else "" for key, index in columns.items()}
        for row in table[1:]
    ]


def require_importer(user: User) -> None:
    """The 往年合格库 is the province's result sheets: province and city admins load it.
    Checked before an upload is read."""
    if not user.is_admin or user.level not in (Lane.PROVINCE, Lane.CITY):
        raise Forbidden("仅省、市管理员可以导入往年合格库")


def import_upload(
    session: Session,
    user: User,
    rows: list[dict[str, str]],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """An admin's import from the console (the CLI calls ``import_rows`` directly)."""
    require_importer(user)
    return import_rows(session, rows, progress)


def import_rows(
    session: Session,
    rows: Iterable[dict[str, str]],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate and upsert every row on (身份证号, 工种, 等级, 取证年份); refused rows are
    reported, the good ones are all committed together at the end. ``progress(done, total)``
    is called every PROGRESS_EVERY rows and at the end, so a long import can say how far it
    has got.
    """
    rows = list(rows)
    report = ImportReport(total=len(rows))
    # auto-review matches a record on the applicant's catalogue trade: a name outside the
    # catalogue could never match, so it is refused here rather than silently kept
    catalogue = set(session.scalars(select(Trade.name)))
    with committing(session, "往年合格库正在被他人导入，请稍后重试"):
        for start in range(0, len(rows), PROGRESS_EVERY):
            if progress is not None:
                progress(start, len(rows))
            chunk = enumerate(rows[start : start + PROGRESS_EVERY], start=start + 2)
            valid: list[dict[str, object]] = []
            for row_number, row in chunk:
                if not any(value.strip() for value in row.values()):
                    continue
                values, problems = _parse(row)
                if values["trade"] and values["trade"] not in catalogue:
                    problems.append(f"工种“{values['trade']}”不在工种目录中")
                if problems:
                    report.errors.append((row_number, "；".join(problems)))
                else:
                    valid.append(values)
            created = _upsert_all(session, valid)
            report.created += created
            report.updated += len(valid) - created
    if progress is not None:
        progress(len(rows), len(rows))
    return report


def records_for(session: Session, id_number: str) -> list[QualifiedRecord]:
    """One person's earlier qualifications, newest certificate first."""
    query = (
        select(QualifiedRecord)
        .filter_by(id_number=normalize(id_number))
        .order_by(QualifiedRecord.cert_year.desc(), QualifiedRecord.grade)
    )
    return list(session.scalars(query))


def _columns(header: list[str]) -> dict[str, int]:
    """Field name -> column index; the first of two columns meaning the same field wins."""
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = HEADER_KEYS.get(title.strip(), title.strip().lower())
        if key in FIELDS and key not in columns:
            columns[key] = index
    missing = [label for key, label in REQUIRED.items() if key not in columns]
    if missing:
        raise QualifiedFileError(f"缺少必需的列：{'、'.join(missing)}")
    return columns


def _parse(row: dict[str, str]) -> tuple[dict[str, object], list[str]]:
    """Typed values of one row and, in Chinese, everything wrong with it."""
    text = {key: row.get(key, "").strip() for key in FIELDS}
    values: dict[str, object] = {
        **{key: text[key] or None for key in TEXT_LABELS},
        "id_number": normalize(text["id_number"]),
        "grade": GRADE_NAMES.get(text["grade"]),
        "cert_year": _year(text["cert_year"]),
        "exam_year": _year(text["exam_year"]) if text["exam_year"] else None,
    }
    problems = [p for p in (id_number_problem(text["id_number"]),) if p]
    problems += _text_problems(text)
    if values["grade"] is None:
        problems.append(f"等级“{text['grade']}”无效，应为一级至五级")
    if values["cert_year"] is None:
        problems.append(f"取证年份“{text['cert_year']}”无效")
    if text["exam_year"] and values["exam_year"] is None:
        problems.append(f"报考年度“{text['exam_year']}”无效")
    return values, problems


@dataclass(frozen=True)
class RecordCheck:
    """One earlier record and the fields where it disagrees with the application (labels)."""

    record: QualifiedRecord
    differs: list[str]

    @property
    def backs(self) -> bool:
        return not self.differs


@dataclass(frozen=True)
class Evidence:
    """An applicant's 往年合格库 records as the review screen shows them: each checked against
    the form, and which record (if any) each auto-review condition rests on."""

    checks: list[RecordCheck]
    backing: RecordCheck | None
    conditions: dict[str, RecordCheck | None]


def as_fact(record: QualifiedRecord) -> dict[str, object]:
    """A record as the auto-review rules read it."""
    return {key: getattr(record, key) for key in MATCHED_FIELDS}


def evidence(session: Session, user: User, application_id: int) -> Evidence:
    """The earlier qualified records of an application's applicant (reviewers in scope only:
    the application is looked up in the caller's org subtree)."""
    if user.is_person:
        raise Forbidden("仅审核人员可以查看往年合格库")
    application = get_application(session, user, application_id)
    form = {
        "id_number": application.id_number,
        "name": application.name,
        "current_trade": application.current_trade,
        "current_grade": application.current_grade,
        "current_grade_year": application.current_grade_year,
    }
    checks = [
        RecordCheck(r, [REQUIRED[key] for key in differences(form, as_fact(r))])
        for r in records_for(session, application.id_number)
    ]
    backing = next((check for check in checks if check.backs), None)
    return Evidence(
        checks=checks,
        backing=backing,
        conditions={key: backing for key in AUTO_CONDITIONS_FROM_RECORD},
    )


def _text_problems(text: dict[str, str]) -> list[str]:
    problems = [f"{TEXT_LABELS[key]}为必填项" for key in ("name", "trade") if not text[key]]
    for key, label in TEXT_LABELS.items():
        limit = _LIMITS[key]
        if len(text[key]) > limit:
            problems.append(f"{label}不能超过{limit}个字符")
    return problems


def _year(value: str) -> int | None:
    """The year of "2023", "2023-09-30" or "2023年9月", if it is a plausible one."""
    match = _YEAR.match(value)
    if match is None:
        return None
    year = int(match.group(1))
    return year if FIRST_YEAR <= year <= clock.today().year else None


def _upsert_all(session: Session, rows: list[dict[str, object]]) -> int:
    """Store valid rows; returns how many are new. A key twice in ``rows`` ends as its last
    occurrence says (the later dict replaces the earlier before anything is written).

    Core statements, no ORM objects: loading and dirtying ORM records grew the session with
    every chunk of a 100k-row import and wrote each change as its own UPDATE, so imports
    slowed down as they went. Here the stored keys are counted and everything is written by
    ``INSERT ... ON CONFLICT DO UPDATE``."""
    latest = {_key(values): values for values in rows}
    now = utcnow()
    payload = [(*(values[name] for name in FIELDS), now) for values in latest.values()]
    if not payload:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        return len(payload) - _copy_upsert(session, payload)
    return len(payload) - _sqlite_upsert(session, latest.keys(), payload)


def _key(values: dict[str, object]) -> tuple[object, ...]:
    return tuple(values[name] for name in KEY_FIELDS)


def _sqlite_upsert(
    session: Session, keys: Iterable[tuple[object, ...]], payload: list[tuple[object, ...]]
) -> int:
    """SQLite: the stored keys among ``keys`` (one SELECT of tuples), then the upsert as an
    executemany (sqlite3 runs it in C); how many were stored already."""
    keys = set(keys)
    stored = session.execute(
        select(*(_TABLE.c[name] for name in KEY_FIELDS)).where(
            _TABLE.c.id_number.in_({key[0] for key in keys})
        )
    )
    existing = sum(1 for row in stored if tuple(row) in keys)
    statement = sqlite_insert(_TABLE)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(KEY_FIELDS),
            set_={name: statement.excluded[name] for name in _CHANGED},
        ),
        [dict(zip(_COLUMNS, values, strict=True)) for values in payload],
    )
    return existing


def _copy_upsert(session: Session, payload: list[tuple[object, ...]]) -> int:
    """PostgreSQL: COPY the rows into a temporary table of this transaction, count those
    already stored, then one INSERT ... SELECT ... ON CONFLICT DO UPDATE; how many were
    stored already. psycopg sends an executemany as one statement per row, and a multi-row
    VALUES of thousands of parameters costs more to build and parse than the rows to write."""
    columns = ", ".join(_COLUMNS)
    session.execute(
        text(
            "CREATE TEMPORARY TABLE IF NOT EXISTS qualified_import ON COMMIT DROP AS "
            f"SELECT {columns} FROM qualified_records WITH NO DATA"
        )
    )
    # psycopg's own connection, for COPY; None only once the pool has detached it, never
    # inside this session's open transaction
    driver = session.connection().connection.driver_connection
    if driver is None:
        raise RuntimeError("the session's connection has no DBAPI connection")
    cursor = driver.cursor()
    with cursor, cursor.copy(f"COPY qualified_import ({columns}) FROM STDIN") as copy:
        for values in payload:
            copy.write_row(values)
    keys = ", ".join(KEY_FIELDS)
    existing = session.execute(
        text(f"SELECT count(*) FROM qualified_import JOIN qualified_records USING ({keys})")
    ).scalar_one()
    changed = ", ".join(f"{name} = EXCLUDED.{name}" for name in _CHANGED)
    session.execute(
        text(
            f"INSERT INTO qualified_records ({columns}) SELECT {columns} FROM qualified_import "
            f"ON CONFLICT ({keys}) DO UPDATE SET {changed}"
        )
    )
    session.execute(text("TRUNCATE qualified_import"))
    return existing
