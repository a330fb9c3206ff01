"""Request and response schemas of applications: self-registration, the application form,
the lists over applications and their export, an application as the API shows it.

Messages are Chinese because the web UI shows them as they are; the API names the field. Every
field states its limits (length, pattern, range, choices) through the platform's field types
(``app.platform.schemas.fields``), so the OpenAPI document describes exactly what is accepted.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.exams.schemas.uploads import UploadOut
from app.platform.schemas.accounts import NewPasswordMixin
from app.platform.schemas.admin import OrgOut
from app.platform.schemas.common import MAX_PAGE, PageOut, Timestamp
from app.platform.schemas.fields import (
    MAX_ID,
    IdNumberField,
    Text,
    choice,
    flag,
    grade,
    integer,
    month,
    org_code,
    phone,
    season_filter,
    text,
    year,
)
from handlers.exams.applicant import EDUCATION_LEVELS
from handlers.exams.senior import APPRAISAL_GRADES, QUALIFYING_CONDITIONS
from handlers.exams.vocabulary import STATUS_LABELS
from handlers.idcard import mask
from handlers.passwords import MAX_LENGTH as NEW_PASSWORD_MAX
from handlers.passwords import MIN_LENGTH as NEW_PASSWORD_MIN


class RegistrationSchema(NewPasswordMixin, Schema):
    id_number = IdNumberField(required=True)
    name = text(64, required=True)
    phone = phone(required=True)
    password = text(NEW_PASSWORD_MAX, min_len=NEW_PASSWORD_MIN, required=True)
    org_code = org_code(required=True)


class AppraisalSchema(Schema):
    """One year of the grade-1 five-year appraisal table."""

    year = year(required=True)
    grade = choice(APPRAISAL_GRADES, "不是有效的考核等次", required=True)
    party_excellent = flag(load_default=False)


class ApplicationFormSchema(Schema):
    """Every field of the seed's 报名信息审核 form that the applicant fills in."""

    gender = choice(("male", "female"), "性别应为男或女", required=True)
    phone = phone(required=True)
    birth_month = month(required=True)
    education = choice(EDUCATION_LEVELS, "不是有效的文化程度", required=True)
    work_start = month(required=True)
    current_grade = grade(required=True)
    current_trade = text(64, required=True)
    current_grade_year = year(required=True)
    declared_trade = text(64, required=True)
    declared_grade = grade(required=True)
    prohibited = flag(required=True)
    by_certificate = flag(load_default=True)
    qualifying_conditions = fields.List(
        choice(QUALIFYING_CONDITIONS, "不是有效的申报条件"),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=len(QUALIFYING_CONDITIONS)),
    )
    appraisals = fields.List(
        fields.Nested(AppraisalSchema),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=5, error="最多填写5个年度"),
    )
    exceptional = flag(load_default=False)
    exceptional_reason = Text(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=1000, error="不能超过1000字"),
    )


class ApplicationPatchSchema(ApplicationFormSchema):
    """The same fields, loaded with partial=True: a PATCH changes only what it names."""


FORM_FIELDS = tuple(ApplicationFormSchema().fields)
REQUIRED_FORM_FIELDS = tuple(n for n, f in ApplicationFormSchema().fields.items() if f.required)


class ListQuerySchema(Schema):
    """Filters shared by the inbox, the review records and the application query."""

    page = integer(1, MAX_PAGE, load_default=1)
    per_page = integer(1, 100, load_default=20)
    season = season_filter()
    declared_trade = text(64, load_default=None)
    declared_grade = integer(1, 5, load_default=None)
    unit = org_code(load_default=None, metadata={"description": "单位编码，含其下级单位"})
    q = text(64, load_default=None)
    status = choice(STATUS_LABELS, "不是有效的审核状态", load_default=None)
    roster = choice(
        ("final", "onsite", "exceptional"), "应为final、onsite或exceptional", load_default=None
    )


EXPORT_IDS_MAX = 5000


class ApplicationExportSchema(ListQuerySchema):
    """The application query's or a roster's filters (no paging: the export holds every row),
    the file type, and optionally the ticked rows (``ids``, repeated)."""

    class Meta:
        exclude = ("page", "per_page")

    format = choice(("pdf", "xlsx"), "应为pdf或xlsx", load_default="xlsx")
    ids = fields.List(
        integer(1, MAX_ID, error="编号无效"),  # query strings: digits, not JSON numbers
        load_default=None,
        validate=validate.Length(max=EXPORT_IDS_MAX, error="一次最多选择{max}条"),
    )


class ExceptionalDeclarationSchema(ApplicationFormSchema):
    """破格申报 entered by the county: the applicant's ID number plus the whole form."""

    id_number = IdNumberField(required=True)
    exceptional_reason = text(1000, required=True)


def _waiting(application) -> dict | None:
    """{org_code, org_name, task} of where the application waits, or None. A plain dict: a
    schema instantiated per row cost ~2 ms on a 100-row inbox page."""
    org, task = application.waiting_org, application.waiting_task
    if org is None and not task:
        return None
    return {
        "org_code": org.code if org else None,
        "org_name": org.name if org else None,
        "task": task,
    }


class ApplicationSummaryOut(Schema):
    """List row: the ID number is masked."""

    id = fields.Integer()
    season_id = fields.Integer()
    year = fields.Integer()
    status = fields.String()
    name = fields.String()
    # any field: the detail (ApplicationOut) shows it in full
    id_number: fields.Field = fields.Function(lambda a: mask(a.id_number))
    gender = fields.String(allow_none=True)
    unit = fields.Nested(OrgOut, attribute="org")
    declared_trade = fields.String(allow_none=True)
    declared_grade = fields.Integer(allow_none=True)
    waiting_at = fields.Function(_waiting)
    submitted_at = Timestamp(allow_none=True)


class ApplicationOut(ApplicationSummaryOut):
    """Detail: the whole form, full ID number, uploads and the last return reason."""

    id_number = fields.String()
    phone = fields.String(allow_none=True)
    birth_month = fields.String(allow_none=True)
    education = fields.String(allow_none=True)
    work_start = fields.String(allow_none=True)
    years_worked = fields.Integer(allow_none=True)
    current_grade = fields.Integer(allow_none=True)
    current_trade = fields.String(allow_none=True)
    current_grade_year = fields.Integer(allow_none=True)
    prohibited = fields.Boolean(allow_none=True)
    by_certificate = fields.Boolean()
    qualifying_conditions = fields.List(fields.String(), allow_none=True)
    appraisals = fields.List(fields.Dict(), allow_none=True)
    exceptional = fields.Boolean()
    exceptional_reason = fields.String(allow_none=True)
    declared_by_county = fields.Boolean()
    onsite_approved = fields.Boolean()
    exceptional_approved = fields.Boolean()
    deferred = fields.Boolean()
    deferred_remark = fields.String(allow_none=True)
    return_reason = fields.String(allow_none=True)
    uploads = fields.List(fields.Nested(UploadOut))


class ApplicationPageOut(PageOut):
    items = fields.List(fields.Nested(ApplicationSummaryOut))


class ApplicationSearchOut(ApplicationPageOut):
    """报名信息查询's page: the rows and, per row, 当前状态 for the caller's org."""

    review_states = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={
            "description": "application id -> 已审核 (my org has acted on it) | 待审核 (waiting "
            "at my org, or still to come) | empty"
        },
    )
