"""Derived values and cross-field rules of the application form (seed 报名信息审核)."""

from __future__ import annotations

from datetime import date

from handlers.senior import QUALIFYING_CONDITIONS, appraisal_problems

GRADE_LABELS = {
    1: "一级（高级技师）",
    2: "二级（技师）",
    3: "三级（高级工）",
    4: "四级（中级工）",
    5: "五级（初级工）",
}
EDUCATION_LEVELS = ("初中", "高中", "中专", "技校", "大专", "大学本科", "研究生")


def years_worked(work_start: str, today: date) -> int:
    """Whole years since the work start month ("YYYY-MM"), as the form's 工作年限 shows it."""
    year, month = (int(part) for part in work_start.split("-"))
    years = today.year - year
    if today.month < month:
        years -= 1
    return max(years, 0)


def form_problems(form: dict, today: date, exam_year: int) -> dict[str, str]:
    """Cross-field problems of a complete form, keyed by field name (Chinese messages)."""
    problems = _date_and_grade_problems(form, today)
    if form.get("exceptional") and not (form.get("exceptional_reason") or "").strip():
        problems["exceptional_reason"] = "破格申报须填写申报理由"
    if form.get("declared_grade") == 1:
        problems |= _senior_problems(form, exam_year)
    return problems


def _senior_problems(form: dict, exam_year: int) -> dict[str, str]:
    """Grade 1 needs at least one qualifying condition; the appraisal condition needs the
    five-year table (whether it is good enough is the reviewers' rule, not a form error).
    """
    conditions = form.get("qualifying_conditions") or []
    unknown = [c for c in conditions if c not in QUALIFYING_CONDITIONS]
    if not conditions or unknown:
        return {"qualifying_conditions": "申报一级须选择至少一项有效的申报条件"}
    if "appraisal" in conditions:
        if not form.get("appraisals"):
            return {"appraisals": "按年度考核条件申报须填写近5年年度考核情况"}
        return appraisal_problems(form["appraisals"], exam_year)
    return {}


def _date_and_grade_problems(form: dict, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if form.get("work_start") and form["work_start"] > today.strftime("%Y-%m"):
        problems["work_start"] = "参加工作时间不能晚于当前月份"
    if (
        form.get("birth_month")
        and form.get("work_start")
        and (form["work_start"] <= form["birth_month"])
    ):
        problems["work_start"] = "参加工作时间应晚于出生年月"
    year = form.get("current_grade_year")
    if year is not None and year > today.year:
        problems["current_grade_year"] = "现等级取得时间不能晚于今年"
    current, declared = form.get("current_grade"), form.get("declared_grade")
    if current is not None and declared is not None and declared > current:
        problems["declared_grade"] = "申报等级不能低于现岗位等级"
    return problems
