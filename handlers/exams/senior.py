"""Grade 1 (高级技师) qualification: the five-year annual appraisal condition (seed 高级技师审核).

The seed shows the appraisal as a table of the five years before the exam year, newest first,
each with a grade (考核等次) and whether the person was that year's 优秀共产党员.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

APPRAISAL_GRADES = ("优秀", "合格", "基本合格", "不合格")
PASSING_GRADES = ("优秀", "合格")
WINDOW_YEARS = 5
MIN_EXCELLENT_YEARS = 2

Appraisal = Mapping[str, Any]
"""One row of the appraisal table: ``year``, ``grade`` and ``party_excellent``."""

QUALIFYING_CONDITIONS: dict[str, str] = {
    "appraisal": "近5年年度考核均为合格以上，且有2年以上年度考核结果为优秀等次或被评为年度优秀共产党员",
    "honor": "获得市级以上劳动模范、先进工作者或技术能手等荣誉称号",
    "contest": "在市级以上职业技能竞赛中获得前三名",
}


@dataclass(frozen=True)
class SeniorRuleResult:
    """The appraisal decision plus what a reviewer needs to see to explain it."""

    ok: bool
    failed_years: list[int]
    excellent_years: list[int]
    problems: list[str]


def appraisal_years(exam_year: int) -> list[int]:
    """The five years before the exam year, newest first, in the order the seed table shows."""
    return [exam_year - offset for offset in range(1, WINDOW_YEARS + 1)]


def appraisal_rule(appraisals: Iterable[Appraisal], exam_year: int) -> SeniorRuleResult:
    """Every year of the window graded 合格 or better, and at least two of them 优秀 or
    优秀共产党员 (one year counts once even when it is both). Years outside the window are
    ignored: only the last five years matter for this exam year.
    """
    by_year = _in_window(appraisals, exam_year)
    problems: list[str] = []
    failed: list[int] = []
    excellent: list[int] = []
    for year in appraisal_years(exam_year):
        problem = _year_problem(year, by_year.get(year))
        if problem:
            failed.append(year)
            problems.append(problem)
        elif _is_excellent(by_year[year]):
            excellent.append(year)
    if len(excellent) < MIN_EXCELLENT_YEARS:
        problems.append(
            f"优秀或优秀共产党员年度仅{len(excellent)}年，需至少{MIN_EXCELLENT_YEARS}年"
        )
    return SeniorRuleResult(not problems, failed, excellent, problems)


def appraisal_problems(appraisals: Iterable[Appraisal], exam_year: int) -> dict[str, str]:
    """Input problems of the appraisal table, keyed by form field, so the form can refuse
    entries the rule would otherwise silently ignore or misread.
    """
    window = appraisal_years(exam_year)
    problems: list[str] = []
    seen: set[int | None] = set()
    for entry in appraisals:
        year, grade = entry.get("year"), entry.get("grade")
        if year not in window:
            problems.append(f"{year}年不在考核年度范围（{window[-1]}–{window[0]}年）内")
        elif year in seen:
            problems.append(f"{year}年度考核结果重复")
        seen.add(year)
        if grade not in APPRAISAL_GRADES:
            problems.append(f"{year}年度考核等次“{grade}”无效，应为{'、'.join(APPRAISAL_GRADES)}")
    return {"appraisals": "；".join(problems)} if problems else {}


def evidence_years(appraisals: Iterable[Appraisal], exam_year: int) -> list[int]:
    """The years whose 优秀材料 the seed asks for ("优秀材料必须上传至对应的优秀年度下方"): window
    years the table marks 优秀 or 优秀共产党员, newest first."""
    by_year = _in_window(appraisals, exam_year)
    return [
        year
        for year in appraisal_years(exam_year)
        if year in by_year and _is_excellent(by_year[year])
    ]


def evidence_year_problem(year: int, appraisals: Iterable[Appraisal], exam_year: int) -> str | None:
    """Why appraisal evidence cannot go under ``year`` (Chinese, names the years that accept
    it), or None: only an excellent year of the five-year table takes evidence."""
    accepted = evidence_years(appraisals, exam_year)
    if year in accepted:
        return None
    if not accepted:
        return "近5年年度考核中没有优秀或优秀共产党员年度，无需上传优秀材料"
    years = "、".join(str(y) for y in accepted)
    return f"{year}年不是近5年中考核为优秀或优秀共产党员的年度，优秀材料只能上传至{years}年度"


def _in_window(appraisals: Iterable[Appraisal], exam_year: int) -> dict[int, Appraisal]:
    window = set(appraisal_years(exam_year))
    return {entry["year"]: entry for entry in appraisals if entry.get("year") in window}


def _year_problem(year: int, entry: Appraisal | None) -> str | None:
    """Why one window year fails the 合格以上 part, or None."""
    if entry is None or not entry.get("grade"):
        return f"{year}年度缺少考核结果"
    if entry["grade"] not in PASSING_GRADES:
        return f"{year}年度考核为{entry['grade']}，低于合格"
    return None


def _is_excellent(entry: Appraisal) -> bool:
    return entry.get("grade") == "优秀" or bool(entry.get("party_excellent"))
