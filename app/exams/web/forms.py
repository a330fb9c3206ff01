"""The application form in HTML and back: flat inputs (one per appraisal year, checkboxes)
to the shapes ApplicationFormSchema expects, and a saved application to input values.
Shared by the applicant's own form and the county's 破格申报 on an applicant's behalf.
"""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import FileStorage, MultiDict

from app.exams.models.applications import APPLICANT_UPLOAD_KINDS, Application
from app.exams.schemas.applications import FORM_FIELDS
from app.platform.models.users import User
from app.platform.web.common import as_int
from handlers.exams.applicant import stated_by_id_number
from handlers.exams.senior import appraisal_years

INT_FIELDS = ("current_grade", "declared_grade", "current_grade_year")
BOOL_VALUES = {"yes": True, "no": False}
CHECKBOXES = ("by_certificate", "exceptional")
LIST_FIELDS = ("qualifying_conditions", "appraisals")
SINGLE_KINDS = tuple(kind for kind in APPLICANT_UPLOAD_KINDS if kind != "appraisal_evidence")


def typed_form(form: MultiDict, exam_year: int) -> dict[str, Any]:
    """HTML sends strings: numbers and 是/否 become the types the schema expects (strict),
    blanks are dropped so the schema reports 必填项. Grade-1 inputs count only when grade 1
    is declared, and the reason only when 破格申报 is ticked, whatever the page showed.
    """
    data: dict[str, Any] = {k: v.strip() for k, v in form.items() if v.strip()}
    for name in INT_FIELDS:
        if name in data:
            data[name] = as_int(data[name])
    if "prohibited" in data:
        data["prohibited"] = BOOL_VALUES.get(data["prohibited"], data["prohibited"])
    for name in CHECKBOXES:
        data[name] = name in form
    if not data["exceptional"]:
        data["exceptional_reason"] = None
    senior = data.get("declared_grade") == 1
    data["qualifying_conditions"] = form.getlist("qualifying_conditions") if senior else None
    data["appraisals"] = appraisal_rows(form, exam_year) if senior else None
    return data


def appraisal_rows(form: MultiDict, exam_year: int) -> list[dict[str, Any]] | None:
    """One entry per year with a grade chosen or 优秀共产党员 ticked, newest year first."""
    rows = []
    for year in appraisal_years(exam_year):
        grade = form.get(f"appraisal_grade_{year}", "").strip()
        party = f"appraisal_party_{year}" in form
        if grade or party:
            rows.append({"year": year, "grade": grade, "party_excellent": party})
    return rows or None


def form_values(application: Application | None, applicant: User) -> MultiDict:
    """What the inputs show: the saved application as the strings the form would post, or
    for a new one what the account already says (phone, and gender and birth month as the ID
    number states them, so nobody types them wrong)."""
    if application is None:
        stated = stated_by_id_number(applicant.id_number or "")
        return MultiDict({"phone": applicant.phone or "", "by_certificate": "on", **stated})
    skipped = (*CHECKBOXES, *LIST_FIELDS, "prohibited")
    values = MultiDict(
        {
            name: "" if getattr(application, name) is None else str(getattr(application, name))
            for name in FORM_FIELDS
            if name not in skipped
        }
    )
    if application.prohibited is not None:
        values["prohibited"] = "yes" if application.prohibited else "no"
    for name in CHECKBOXES:
        if getattr(application, name):
            values[name] = "on"
    for code in application.qualifying_conditions or []:
        values.add("qualifying_conditions", code)
    for row in application.appraisals or []:
        values[f"appraisal_grade_{row['year']}"] = row.get("grade") or ""
        if row.get("party_excellent"):
            values[f"appraisal_party_{row['year']}"] = "on"
    return values


def chosen_files(files: MultiDict, exam_year: int) -> list[tuple[str, int | None, FileStorage]]:
    """(kind, year, file) for every file input filled in: one per kind, and one per appraisal
    year for the 优秀年度考核材料 (``appraisal_evidence_<year>``).
    """
    chosen: list[tuple[str, int | None, FileStorage]] = [
        (kind, None, files[kind]) for kind in SINGLE_KINDS if files.get(kind)
    ]
    for year in appraisal_years(exam_year):
        file = files.get(f"appraisal_evidence_{year}")
        if file:
            chosen.append(("appraisal_evidence", year, file))
    return chosen
