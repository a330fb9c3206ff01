"""Grade 1 (高级技师) five-year appraisal rule, edge by edge."""

from __future__ import annotations

import pytest

from handlers.exams.senior import (
    APPRAISAL_GRADES,
    QUALIFYING_CONDITIONS,
    appraisal_problems,
    appraisal_rule,
    appraisal_years,
    evidence_year_problem,
    evidence_years,
)

EXAM_YEAR = 2025


def table(grades: dict[int, str], party: tuple[int, ...] = ()) -> list[dict]:
    return [
        {"year": year, "grade": grade, "party_excellent": year in party}
        for year, grade in grades.items()
    ]


ALL_PASS = dict.fromkeys(range(2020, 2025), "合格")


@pytest.mark.parametrize(
    ("appraisals", "ok", "failed", "excellent", "problems"),
    [
        pytest.param(
            table({**ALL_PASS, 2024: "优秀", 2022: "优秀"}),
            True, [], [2024, 2022], [],
            id="two-excellent",
        ),
        pytest.param(
            table({**ALL_PASS, 2023: "优秀"}),
            False, [], [2023], ["优秀或优秀共产党员年度仅1年，需至少2年"],
            id="one-excellent",
        ),
        pytest.param(
            table({**ALL_PASS, 2023: "优秀"}, party=(2020,)),
            True, [], [2023, 2020], [],
            id="excellent-plus-party-other-year",
        ),
        pytest.param(
            table({**ALL_PASS, 2023: "优秀"}, party=(2023,)),
            False, [], [2023], ["优秀或优秀共产党员年度仅1年，需至少2年"],
            id="excellent-and-party-same-year-counts-once",
        ),
        pytest.param(
            table({**ALL_PASS, 2024: "优秀", 2023: "优秀", 2022: "基本合格"}),
            False, [2022], [2024, 2023], ["2022年度考核为基本合格，低于合格"],
            id="basic-pass-year",
        ),
        pytest.param(
            table({**ALL_PASS, 2024: "优秀", 2023: "优秀", 2020: "不合格"}),
            False, [2020], [2024, 2023], ["2020年度考核为不合格，低于合格"],
            id="failed-year",
        ),
        pytest.param(
            table({2024: "优秀", 2023: "优秀", 2022: "合格", 2020: "合格"}),
            False, [2021], [2024, 2023], ["2021年度缺少考核结果"],
            id="missing-year",
        ),
        pytest.param(
            table({**ALL_PASS, 2024: "优秀", 2023: "优秀", 2021: ""}),
            False, [2021], [2024, 2023], ["2021年度缺少考核结果"],
            id="blank-grade",
        ),
        pytest.param(
            table({2025: "优秀", 2019: "优秀", 2018: "不合格", **ALL_PASS, 2024: "优秀"}),
            False, [], [2024], ["优秀或优秀共产党员年度仅1年，需至少2年"],
            id="years-outside-window-ignored",
        ),
        pytest.param(
            [],
            False,
            [2024, 2023, 2022, 2021, 2020],
            [],
            [f"{year}年度缺少考核结果" for year in range(2024, 2019, -1)]
            + ["优秀或优秀共产党员年度仅0年，需至少2年"],
            id="nothing-entered",
        ),
    ],
)  # fmt: skip
def test_appraisal_rule(appraisals, ok, failed, excellent, problems):
    result = appraisal_rule(appraisals, EXAM_YEAR)
    assert (result.ok, result.failed_years, result.excellent_years, result.problems) == (
        ok,
        failed,
        excellent,
        problems,
    )


def test_appraisal_years_are_the_five_before_the_exam_newest_first():
    assert appraisal_years(2025) == [2024, 2023, 2022, 2021, 2020]


@pytest.mark.parametrize(
    ("appraisals", "expected"),
    [
        pytest.param(table({**ALL_PASS, 2024: "优秀"}), None, id="valid"),
        pytest.param(
            table({**ALL_PASS, 2024: "良好"}), "2024年度考核等次“良好”无效", id="unknown-grade"
        ),
        pytest.param(table({2019: "合格"}), "2019年不在考核年度范围（2020–2024年）内", id="old"),
        pytest.param(table({2025: "合格"}), "2025年不在考核年度范围", id="exam-year-itself"),
        pytest.param(
            table({2024: "合格"}) + table({2024: "优秀"}), "2024年度考核结果重复", id="duplicate"
        ),
    ],
)
def test_appraisal_input_problems(appraisals, expected):
    problems = appraisal_problems(appraisals, EXAM_YEAR)
    if expected is None:
        assert problems == {}
    else:
        assert list(problems) == ["appraisals"]
        assert expected in problems["appraisals"]


def test_evidence_goes_under_excellent_years_only():
    appraisals = table(
        {**ALL_PASS, 2024: "优秀", 2021: "基本合格", 2019: "优秀"}, party=(2022, 2021)
    )
    assert evidence_years(appraisals, EXAM_YEAR) == [2024, 2022, 2021]
    assert evidence_year_problem(2022, appraisals, EXAM_YEAR) is None
    assert evidence_year_problem(2023, appraisals, EXAM_YEAR) == (
        "2023年不是近5年中考核为优秀或优秀共产党员的年度，优秀材料只能上传至2024、2022、2021年度"
    )
    assert "2024、2022、2021" in evidence_year_problem(2019, appraisals, EXAM_YEAR)  # outside
    assert evidence_year_problem(2024, table(ALL_PASS), EXAM_YEAR) == (
        "近5年年度考核中没有优秀或优秀共产党员年度，无需上传优秀材料"
    )
    assert evidence_years([], EXAM_YEAR) == []


def test_grade_and_condition_vocabulary():
    assert APPRAISAL_GRADES == ("优秀", "合格", "基本合格", "不合格")
    assert QUALIFYING_CONDITIONS["appraisal"] == (
        "近5年年度考核均为合格以上，且有2年以上年度考核结果为优秀等次或被评为年度优秀共产党员"
    )
    assert len(QUALIFYING_CONDITIONS) >= 3
