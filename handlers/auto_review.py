"""Facts the auto-review decision table (seed 自动审核) decides on.

Only the facts are computed here; the thresholds (grade 1 excluded, exactly one level up, at
least five years at the current grade) live in the DMN table, where they can change without a
code release.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def auto_review_facts(
    form: Mapping, qualified: Iterable[Mapping], exam_year: int
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


def _matches(form: Mapping, record: Mapping) -> bool:
    """The applicant's stated current grade is backed by this earlier qualification."""
    return (
        record["id_number"] == form["id_number"]
        and record["name"] == form["name"]
        and record["trade"] == form["current_trade"]
        and record["grade"] == form["current_grade"]
        and record["cert_year"] == form["current_grade_year"]
    )
