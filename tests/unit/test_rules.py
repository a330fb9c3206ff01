from datetime import date

import pytest

from handlers.exams.applicant import (
    form_problems,
    identity_problems,
    stated_by_id_number,
    submission_problems,
    years_worked,
)
from handlers.orgtree import child_level_problem, kind_label
from handlers.passwords import password_problem
from handlers.routing import (
    UnroutableLane,
    resolve_lane,
    review_levels,
    skip_note,
    skipped_levels,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("start", "years"), [("2013-02", 13), ("2013-12", 12), ("2026-11", 0)])
def test_years_worked_counts_whole_years(start, years):
    assert years_worked(start, TODAY) == years


def test_form_cross_field_rules():
    ok = {
        "birth_month": "1990-01",
        "work_start": "2010-01",
        "current_grade": 4,
        "declared_grade": 3,
        "current_grade_year": 2019,
    }
    assert form_problems(ok, TODAY, 2026) == {}
    assert "work_start" in form_problems({**ok, "work_start": "2027-01"}, TODAY, 2026)
    assert "work_start" in form_problems({**ok, "work_start": "1989-01"}, TODAY, 2026)
    assert "current_grade_year" in form_problems({**ok, "current_grade_year": 2027}, TODAY, 2026)
    assert "declared_grade" in form_problems({**ok, "declared_grade": 5}, TODAY, 2026)


def test_exceptional_and_grade_one_form_rules():
    ok = {"current_grade": 2, "declared_grade": 1, "qualifying_conditions": ["honor"]}
    assert form_problems(ok, TODAY, 2026) == {}
    assert "qualifying_conditions" in form_problems(
        {**ok, "qualifying_conditions": []}, TODAY, 2026
    )
    assert "qualifying_conditions" in form_problems(
        {**ok, "qualifying_conditions": ["x"]}, TODAY, 2026
    )
    assert "appraisals" in form_problems(
        {**ok, "qualifying_conditions": ["appraisal"]}, TODAY, 2026
    )
    bad_year = [{"year": 2019, "grade": "优秀", "party_excellent": False}]
    assert "appraisals" in form_problems(
        {**ok, "qualifying_conditions": ["appraisal"], "appraisals": bad_year}, TODAY, 2026
    )
    assert "exceptional_reason" in form_problems({"exceptional": True}, TODAY, 2026)
    assert form_problems({"exceptional": True, "exceptional_reason": "一线"}, TODAY, 2026) == {}


def test_gender_and_birth_month_come_from_the_id_number():
    assert stated_by_id_number("11010519491231002X") == {
        "gender": "female",
        "birth_month": "1949-12",
    }
    assert stated_by_id_number("410181199003150014") == {
        "gender": "male",
        "birth_month": "1990-03",
    }
    assert stated_by_id_number("410181199002300012") == {}  # no such date: nothing to say


def test_the_form_must_agree_with_the_id_number():
    man_1990_03 = "410181199003150014"
    assert identity_problems({"gender": "male", "birth_month": "1990-03"}, man_1990_03) == {}
    assert identity_problems({}, man_1990_03) == {}  # missing fields are 必填项 elsewhere
    problems = identity_problems({"gender": "female", "birth_month": "1990-04"}, man_1990_03)
    assert problems == {
        "gender": "性别与身份证号不符：身份证号登记为男",
        "birth_month": "出生年月与身份证号不符：应为1990-03",
    }


def test_a_prohibited_case_cannot_be_submitted():
    assert submission_problems({"prohibited": False}) == {}
    assert "禁止申报" in submission_problems({"prohibited": True})["prohibited"]


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Demo@2026", True),
        ("Secret123", True),
        ("abc12345", False),  # two classes only: see tests/unit/test_passwords.py
        ("short1", False),
        ("onlyletters", False),
        ("12345678", False),
    ],
)
def test_password_policy(password, ok):
    assert (password_problem(password) is None) is ok


def test_lane_resolution():
    chain = {"unit": 5, "county": 3, "city": 2, "province": 1}
    assert resolve_lane("unit", chain) == 5
    assert resolve_lane("applicant", chain) is None
    with pytest.raises(UnroutableLane):
        resolve_lane("supervising_unit", chain)
    with pytest.raises(UnroutableLane):
        resolve_lane("nowhere", chain)


@pytest.mark.parametrize(
    ("chain", "lane", "org"),
    [
        ({"unit": 5, "city": 2, "province": 1}, "county", 2),  # 市直单位: the city
        ({"unit": 5, "supervising_unit": 4, "province": 1}, "county", 1),  # 省直: province
        ({"unit": 5, "supervising_unit": 4, "province": 1}, "city", 1),
        ({"unit": 5, "county": 3, "province": 1}, "city", 1),  # 直管县: the province
        ({"unit": 5, "county": 3, "province": 1}, "county", 3),
    ],
)
def test_a_county_or_city_the_chain_lacks_is_taken_by_the_org_above(chain, lane, org):
    assert resolve_lane(lane, chain) == org


def test_a_unit_level_nobody_can_review_at_is_absent_and_reported_when_passed():
    chain = {"unit": 5, "supervising_unit": 4, "county": 3, "city": 2, "province": 1}
    reviewing = review_levels(chain, staffed={3, 2, 1})
    assert reviewing == {"county": 3, "city": 2, "province": 1}  # counties never drop out
    assert skipped_levels(chain, reviewing, "applicant", "county") == [
        "unit",
        "supervising_unit",
    ]
    assert skipped_levels(chain, reviewing, "unit", "county") == ["supervising_unit"]
    assert skipped_levels(chain, reviewing, "county", "applicant") == []  # a return
    assert skipped_levels(chain, review_levels(chain, {5, 4, 3}), "unit", "county") == []
    assert skip_note("supervising_unit") == "跳过：主管单位无审核人员"


def test_org_tree_shape():
    assert child_level_problem("county", "unit") is None
    assert child_level_problem("county", "supervising_unit") is None
    assert child_level_problem("unit", "unit") is not None
    assert child_level_problem("province", "unit") is not None
    assert child_level_problem("county", "city") is not None


@pytest.mark.parametrize(
    ("level", "parent", "label"),
    [
        ("county", "province", "直管县"),
        ("supervising_unit", "province", "省直主管部门"),
        ("supervising_unit", "city", "市直主管部门"),
        ("unit", "city", "市直单位"),
        ("county", "city", "县区"),
        ("unit", "supervising_unit", "单位"),
    ],
)
def test_the_seed_004_org_kinds_can_be_placed_and_are_named(level, parent, label):
    assert child_level_problem(parent, level) is None
    assert kind_label(level, parent) == label
