"""The HTML form's flat inputs become the schema's shapes, whatever the page's JS showed."""

from werkzeug.datastructures import MultiDict

from app.exams.web.forms import typed_form

BASE = [("declared_grade", "1"), ("current_grade", "2"), ("prohibited", "no")]


def test_grade1_inputs_become_lists_and_appraisal_rows():
    form = MultiDict(
        [
            *BASE,
            ("qualifying_conditions", "appraisal"),
            ("qualifying_conditions", "honor"),
            ("appraisal_grade_2025", "优秀"),
            ("appraisal_party_2023", "on"),
            ("appraisal_grade_2019", "优秀"),  # outside the window: ignored
            ("by_certificate", "on"),
        ]
    )
    data = typed_form(form, 2026)
    assert data["declared_grade"] == 1 and data["prohibited"] is False
    assert data["by_certificate"] is True and data["exceptional"] is False
    assert data["qualifying_conditions"] == ["appraisal", "honor"]
    assert data["appraisals"] == [
        {"year": 2025, "grade": "优秀", "party_excellent": False},
        {"year": 2023, "grade": "", "party_excellent": True},
    ]


def test_hidden_inputs_do_not_count_when_they_do_not_apply():
    form = MultiDict(
        [
            ("declared_grade", "3"),
            ("qualifying_conditions", "appraisal"),
            ("appraisal_grade_2025", "优秀"),
            ("exceptional_reason", "未勾选破格"),
        ]
    )
    data = typed_form(form, 2026)
    assert data["qualifying_conditions"] is None and data["appraisals"] is None
    assert data["by_certificate"] is False
    assert data["exceptional"] is False and data["exceptional_reason"] is None
