"""Derived values and cross-field rules of the application form (seed 报名信息审核)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from handlers.exams.senior import QUALIFYING_CONDITIONS, appraisal_problems
from handlers.idcard import birth_date, gender

GRADE_LABELS = {
    1: "一级（高级技师）",
    2: "二级（技师）",
    3: "三级（高级工）",
    4: "四级（中级工）",
    5: "五级（初级工）",
}
GRADE_SHORT_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}
"""Column titles of per-grade counts (statistics tables and their Excel files)."""
EDUCATION_LEVELS = ("初中", "高中", "中专", "技校", "大专", "大学本科", "研究生")
GENDER_LABELS = {"male": "男", "female": "女"}
PROHIBITED_MESSAGE = "存在禁止申报的情形（如目前在处分期内、被立案尚未结案等），不能提交报名；如填写有误，请修改后再提交"


def years_worked(work_start: str, today: date) -> int:
    """Whole years since the work start month ("YYYY-MM"), as the form's 工作年限 shows it."""
    year, month = (int(part) for part in work_start.split("-"))
    years = today.year - year
    if today.month < month:
        years -= 1
    return max(years, 0)


def form_problems(form: Mapping[str, Any], today: date, exam_year: int) -> dict[str, str]:
    """Cross-field problems of a complete form, keyed by field name (Chinese messages)."""
    problems = _date_and_grade_problems(form, today)
    if form.get("exceptional") and not (form.get("exceptional_reason") or "").strip():
        problems["exceptional_reason"] = "破格申报须填写申报理由"
    if form.get("declared_grade") == 1:
        problems |= _senior_problems(form, exam_year)
    return problems


def stated_by_id_number(id_number: str) -> dict[str, str]:
    """性别 and 出生年月 as the ID number states them (GB 11643: birth date in positions 7-14,
    sex from the 17th digit): what the form must say, and what the pages fill in for people.
    Empty for a number without a real birth date (accounts are checked when they are made).
    """
    born = birth_date(id_number)
    if born is None:
        return {}
    return {"gender": gender(id_number), "birth_month": f"{born:%Y-%m}"}


def identity_problems(form: Mapping[str, Any], id_number: str) -> dict[str, str]:
    """The form's 性别 and 出生年月 must agree with the applicant's ID number, so the rosters
    and admission tickets print what the ID card says."""
    stated = stated_by_id_number(id_number)
    problems: dict[str, str] = {}
    if form.get("gender") and stated and form["gender"] != stated["gender"]:
        label = GENDER_LABELS[stated["gender"]]
        problems["gender"] = f"性别与身份证号不符：身份证号登记为{label}"
    if form.get("birth_month") and stated and form["birth_month"] != stated["birth_month"]:
        problems["birth_month"] = f"出生年月与身份证号不符：应为{stated['birth_month']}"
    return problems


def submission_problems(form: Mapping[str, Any]) -> dict[str, str]:
    """What keeps a complete, valid form from entering review: 是否存在禁止申报的情形 = 是.
    Saving that answer stays possible (it is the truthful one); submitting it is not."""
    return {"prohibited": PROHIBITED_MESSAGE} if form.get("prohibited") else {}


def _senior_problems(form: Mapping[str, Any], exam_year: int) -> dict[str, str]:
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


def _date_and_grade_problems(form: Mapping[str, Any], today: date) -> dict[str, str]:
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
