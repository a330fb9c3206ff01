"""The facts a review process routes on, gathered from the application and the databases.

Diagrams decide (gateways, DMN tables); this module only states facts, recomputed at every
submission so a resubmitted form is judged on what it now says.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services.qualified import as_fact, records_for
from app.platform.services.staffing import staffed_chain
from handlers.exams.auto_review import auto_review_facts
from handlers.exams.senior import appraisal_rule


def review_facts(session: Session, application: Application, exam_year: int) -> dict[str, Any]:
    qualified = [as_fact(r) for r in records_for(session, application.id_number)]
    form = {
        "id_number": application.id_number,
        "name": application.name,
        "current_trade": application.current_trade,
        "current_grade": application.current_grade,
        "current_grade_year": application.current_grade_year,
        "declared_grade": application.declared_grade,
        "by_certificate": application.by_certificate,
    }
    senior = appraisal_rule(application.appraisals or [], exam_year)
    return {
        **auto_review_facts(form, qualified, exam_year),
        **staffed_chain(session, application.org).facts(),
        "exceptional": application.exceptional,
        "declared_by_county": application.declared_by_county,
        "senior_rule_ok": senior.ok,
        "senior_failed_years": senior.failed_years,
        "senior_problems": senior.problems,
    }
