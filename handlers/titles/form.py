"""The title declaration form's layout (seed 004, 职称申报): the fields of 基本信息 and the
columns of each repeating-row section, shared by the declarant's form page and the printed
评审表 so both read the same labels. Pure: no Flask, no database.

A section's content is stored as the API takes it (``SectionContent``): 基本信息 an object,
the others a list of row objects keyed by these column keys. Rows written through the API
with other keys are shown and printed under those keys; saving the page writes the form's
columns only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

Columns = tuple[tuple[str, str], ...]

BASIC_FIELDS: Final[Columns] = (
    ("name", "姓名"),
    ("gender", "性别"),
    ("birth_date", "出生年月"),
    ("political", "政治面貌"),
    ("phone", "联系电话"),
    ("position", "现任职务"),
    ("work_start", "参加工作时间"),
)

ROW_SECTIONS: Final[Mapping[str, Columns]] = MappingProxyType(
    {
        "education": (
            ("school", "毕业院校"),
            ("major", "所学专业"),
            ("degree", "学历学位"),
            ("year", "毕业年份"),
        ),
        "experience": (
            ("start", "起始年月"),
            ("end", "终止年月"),
            ("unit", "工作单位"),
            ("post", "职务/岗位"),
        ),
        "achievements": (
            ("name", "成果名称"),
            ("kind", "类别"),
            ("year", "年度"),
            ("role", "本人作用"),
        ),
        "papers": (
            ("title", "论文题目"),
            ("journal", "刊物名称"),
            ("year", "发表年份"),
            ("rank", "作者排序"),
        ),
        "training": (
            ("year", "年度"),
            ("content", "学习内容"),
            ("hours", "学时"),
        ),
        "appraisals": (
            ("year", "年度"),
            ("result", "考核结果"),
        ),
    }
)
"""Repeating-row sections; the first column of each is required in every row kept."""

MAX_ROWS: Final = 30
TEXT_MAX: Final = 200
YEAR_COLUMNS: Final = frozenset({"year"})


def cell_text(value: Any) -> str:
    """A stored value as one printable cell (numbers from the API, text from the form)."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return "；".join(
            cell_text(v) for v in (value.values() if isinstance(value, dict) else value)
        )
    return str(value)


def row_columns(section: str, rows: Sequence[Mapping[str, Any]]) -> Columns:
    """The columns to show for ``rows``: the form's, then any other keys rows carry."""
    known = ROW_SECTIONS.get(section, ())
    names = {key for key, _ in known}
    extra = []
    for row in rows:
        for key in row:
            if key not in names and key not in extra:
                extra.append(key)
    return known + tuple((key, key) for key in extra)


def parse_rows(
    section: str, values: Mapping[str, str]
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The rows of ``section`` posted as ``<section>-<n>-<column>`` fields, in index order:
    blank rows dropped, texts trimmed. Returns the rows and field errors keyed by
    ``<section>-<row>-<column>`` of the kept rows (Chinese, for the form): a kept row needs its first column, a year is four digits,
    texts are at most TEXT_MAX characters, at most MAX_ROWS rows."""
    columns = ROW_SECTIONS[section]
    indexes = sorted(
        {
            int(index)
            for name in values
            if name.startswith(f"{section}-")
            and (index := name.split("-")[1]).isdigit()
            and len(index) < 4
        }
    )
    rows: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    for number in indexes:
        row = {key: values.get(f"{section}-{number}-{key}", "").strip() for key, _ in columns}
        if not any(row.values()):
            continue
        position = len(rows)  # errors name the row as it is shown again: blank rows dropped
        first, first_label = columns[0]
        if not row[first]:
            errors[f"{section}-{position}-{first}"] = f"请填写{first_label}"
        for key, label in columns:
            name = f"{section}-{position}-{key}"
            if len(row[key]) > TEXT_MAX:
                errors[name] = f"{label}不能超过{TEXT_MAX}字"
            elif key in YEAR_COLUMNS and row[key] and not _is_year(row[key]):
                errors[name] = f"{label}应为四位年份，如2020"
        rows.append(row)
    if len(rows) > MAX_ROWS:
        errors[f"{section}-rows"] = f"最多填写{MAX_ROWS}行"
    return rows, errors


def parse_basic(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """基本信息 posted as ``basic-<field>``; texts trimmed, at most TEXT_MAX characters."""
    basic = {key: values.get(f"basic-{key}", "").strip() for key, _ in BASIC_FIELDS}
    errors = {
        f"basic-{key}": f"{label}不能超过{TEXT_MAX}字"
        for key, label in BASIC_FIELDS
        if len(basic[key]) > TEXT_MAX
    }
    return {key: value for key, value in basic.items() if value}, errors


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100
