"""The exam's pages: its blueprints, and what their templates use beside the platform's (the
form's choices and labels, the review menu's queues, the trade catalogue, the seasons)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.exams.menu import ROSTERS, review_menu
from app.exams.models.applications import UPLOAD_KINDS
from app.exams.services import trades
from app.exams.web import (
    applicant,
    casework,
    catalogues,  # noqa: F401  (the 工种目录 and 往年合格库 pages, on the platform's ``admin``)
    county,
    files,
    history,
    registration,  # noqa: F401  (self-registration, on the platform's ``auth``)
    review,
    statistics,
    tasks,
    tickets,
)
from app.extensions import db
from app.platform.services.seasons import EXAM, seasons_of
from handlers.exams.applicant import EDUCATION_LEVELS, GRADE_LABELS
from handlers.exams.senior import APPRAISAL_GRADES, QUALIFYING_CONDITIONS, appraisal_years
from handlers.exams.vocabulary import AUTO_CONDITIONS, CONTEXT_LABELS, FACT_LABELS

GENDER_LABELS = {"male": "男", "female": "女"}
BLUEPRINTS = (
    applicant.bp,
    review.bp,
    tasks.bp,
    casework.bp,
    county.bp,
    statistics.bp,
    files.bp,
    history.bp,
    tickets.bp,
)


def grade_label(value: int | None) -> str:
    return GRADE_LABELS.get(value, "") if value is not None else ""


def gender_label(value: str | None) -> str:
    return GENDER_LABELS.get(value or "", "")


TEMPLATE_FILTERS: dict[str, Callable[..., Any]] = {"grade": grade_label, "gender": gender_label}
TEMPLATE_GLOBALS: dict[str, Any] = {
    "GRADE_LABELS": GRADE_LABELS,
    "EDUCATION_LEVELS": EDUCATION_LEVELS,
    "UPLOAD_KINDS": UPLOAD_KINDS,
    "AUTO_CONDITIONS": AUTO_CONDITIONS,
    "CONTEXT_LABELS": CONTEXT_LABELS,
    "FACT_LABELS": FACT_LABELS,
    "QUALIFYING_CONDITIONS": QUALIFYING_CONDITIONS,
    "APPRAISAL_GRADES": APPRAISAL_GRADES,
    "ROSTERS": ROSTERS,
    "appraisal_years": appraisal_years,
    "review_menu": review_menu,
    "trade_names": lambda: trades.active_names(db.session()),
    "exam_seasons": lambda: seasons_of(db.session(), EXAM),
}
