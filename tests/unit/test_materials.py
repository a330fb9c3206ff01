"""Grade-1 materials and 容缺后补 by level (handlers.exams.materials), without Flask or a database."""

from __future__ import annotations

import pytest

from handlers.exams.materials import (
    Material,
    MaterialsCheck,
    may_mark_deferral,
    may_recheck,
    required_materials,
)

EXAM_YEAR = 2026
APPRAISALS = [
    {"year": 2025, "grade": "优秀", "party_excellent": False},
    {"year": 2024, "grade": "合格", "party_excellent": True},
    {"year": 2023, "grade": "合格", "party_excellent": False},
]


def test_the_salary_sheet_always_and_evidence_per_excellent_year_for_the_appraisal_condition():
    uploaded = [("salary_sheet", None), ("appraisal_evidence", 2024), ("photo", None)]
    items = required_materials(uploaded, ["appraisal", "honor"], APPRAISALS, EXAM_YEAR)
    assert [(i.label, i.present) for i in items] == [
        ("最近工资审批表", True),
        ("2025年度优秀材料", False),
        ("2024年度优秀材料", True),
    ]
    honor_only = required_materials([], ["honor"], APPRAISALS, EXAM_YEAR)
    assert [(i.kind, i.present) for i in honor_only] == [("salary_sheet", False)]


MISSING = [Material("salary_sheet", None, False), Material("appraisal_evidence", 2025, False)]


@pytest.mark.parametrize(
    ("deferred_by", "level", "excused"),
    [
        (None, "unit", False),
        ("unit", "unit", True),
        ("unit", "county", True),
        ("supervising_unit", "supervising_unit", True),
        ("supervising_unit", "unit", False),
        ("county", "supervising_unit", False),
        ("county", "county", True),
        ("unit", "", False),  # a task without a lane is no level
    ],
)
def test_a_deferral_counts_at_its_level_and_above(deferred_by, level, excused):
    check = MaterialsCheck(MISSING, deferred_by, level)
    assert check.excused is excused
    assert (check.pass_problems() == {}) is excused


def test_what_keeps_a_pass_back_is_named_by_kind():
    check = MaterialsCheck([*MISSING, Material("appraisal_evidence", 2023, False)], None, "unit")
    assert check.pass_problems() == {
        "salary_sheet": "缺少最近工资审批表",
        "appraisal_evidence": "缺少2025、2023年度优秀材料",
    }
    assert check.pass_message() == (
        "一级申报通过前须上传最近工资审批表、2025年度优秀材料、2023年度优秀材料，或先标记容缺后补"
    )
    complete = MaterialsCheck([Material("salary_sheet", None, True)], None, "county")
    assert complete.missing == [] and complete.pass_problems() == {}


def test_who_may_mark_and_who_may_cancel():
    assert [may_mark_deferral(lv) for lv in ("unit", "supervising_unit", "county", "city")] == [
        True,
        True,
        True,
        False,
    ]
    assert [may_recheck(lv) for lv in ("unit", "supervising_unit", "county")] == [
        False,
        False,
        True,
    ]
    assert may_recheck("city") and may_recheck("province")
    assert not may_mark_deferral(None) and not may_recheck(None)
