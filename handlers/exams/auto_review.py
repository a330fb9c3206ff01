"""Facts the auto-review decision table (seed 自动审核) decides on.

Only the facts are computed here; the thresholds (grade 1 excluded, exactly one level up, at
least five years at the current grade) live in the DMN table, where they can change without a
code release.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def auto_review_facts(
    form: Mapping[str, Any], qualified: Iterable[Mapping[str, Any]], exam_year: int
) -> dict[str, int | bool]:
    """JSON-able facts for the DMN. Grades run 1 (highest) to 5 (lowest), so ``grade_step``
    is 1 when the declared grade is exactly one level above the current one.
    """
    return {
        "declared_grade": form["declared_grade"],
        "qualified_match": any(_matches(form, record) for record in qualified),
        "by_certificate": bool(form["by_certificate"]),
        "grade_step": form["current_grade"] - form["declared_grade"],
        "years_since_grade": exam_year - form["current_grade_year"],
    }


# record field -> the form field it must equal for the record to back the stated grade
MATCHED_FIELDS = {
    "id_number": "id_number",
    "name": "name",
    "trade": "current_trade",
    "grade": "current_grade",
    "cert_year": "current_grade_year",
}


def differences(form: Mapping[str, Any], record: Mapping[str, Any]) -> list[str]:
    """The record fields that disagree with the form: none means the record backs the
    applicant's stated current grade (what 往年合格库 shows beside each record)."""
    return [key for key, form_key in MATCHED_FIELDS.items() if record[key] != form[form_key]]


def _matches(form: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """The applicant's stated current grade is backed by this earlier qualification."""
    return not differences(form, record)
