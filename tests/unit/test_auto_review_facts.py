"""Facts handed to the auto-review DMN, one fact at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from handlers.exams.auto_review import auto_review_facts
from handlers.exams.vocabulary import AUTO_CONDITIONS, CONTEXT_LABELS

BPMN = Path(__file__).resolve().parent.parent.parent / "bpmn"
EXAM_YEAR = 2025
FORM = {
    "id_number": "410181199001010012",
    "name": "张三",
    "current_trade": "护理员",
    "current_grade": 4,
    "current_grade_year": 2020,
    "declared_grade": 3,
    "by_certificate": True,
}
RECORD = {
    "id_number": "410181199001010012",
    "name": "张三",
    "trade": "护理员",
    "grade": 4,
    "cert_year": 2020,
}


def facts(form_changes=None, records=(RECORD,)):
    return auto_review_facts({**FORM, **(form_changes or {})}, records, EXAM_YEAR)


@pytest.mark.parametrize(("grade_year", "years"), [(2020, 5), (2021, 4), (2025, 0), (2010, 15)])
def test_years_since_grade(grade_year, years):
    result = facts({"current_grade_year": grade_year}, records=())
    assert result["years_since_grade"] == years


@pytest.mark.parametrize(("current", "declared", "step"), [(4, 3, 1), (4, 2, 2), (4, 4, 0)])
def test_grade_step(current, declared, step):
    result = facts({"current_grade": current, "declared_grade": declared})
    assert result["grade_step"] == step
    assert result["declared_grade"] == declared


def test_declared_grade_one_is_passed_through():
    assert facts({"current_grade": 2, "declared_grade": 1})["declared_grade"] == 1


@pytest.mark.parametrize(
    ("record_changes", "match"),
    [
        pytest.param({}, True, id="identical"),
        pytest.param({"id_number": "410181199001010020"}, False, id="other-id"),
        pytest.param({"name": "李四"}, False, id="other-name"),
        pytest.param({"trade": "保管员"}, False, id="other-trade"),
        pytest.param({"grade": 5}, False, id="other-grade"),
        pytest.param({"cert_year": 2019}, False, id="other-cert-year"),
    ],
)
def test_qualified_match(record_changes, match):
    assert facts(records=[{**RECORD, **record_changes}])["qualified_match"] is match


def test_qualified_match_needs_one_record_matching_on_all_fields():
    partial = [{**RECORD, "grade": 5}, {**RECORD, "cert_year": 2019}]
    assert facts(records=partial)["qualified_match"] is False
    assert facts(records=[*partial, RECORD])["qualified_match"] is True
    assert facts(records=[])["qualified_match"] is False


@pytest.mark.parametrize("by_certificate", [True, False])
def test_by_certificate_passthrough(by_certificate):
    assert facts({"by_certificate": by_certificate})["by_certificate"] is by_certificate


def test_facts_are_exactly_the_dmn_inputs():
    assert facts() == {
        "declared_grade": 3,
        "qualified_match": True,
        "by_certificate": True,
        "grade_step": 1,
        "years_since_grade": 5,
    }


def test_auto_conditions_are_the_dmn_outputs_and_each_has_a_label():
    outputs = {
        output.get("name")
        for path in BPMN.glob("auto_*.dmn")
        for output in etree.parse(str(path)).iter("{*}output")
    }
    assert set(AUTO_CONDITIONS) == outputs
    assert all(CONTEXT_LABELS[key] for key in AUTO_CONDITIONS)
