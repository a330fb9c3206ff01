"""Input schemas (marshmallow), shared by the JSON API and the web forms.

Messages are Chinese because the web UI shows them as they are; the API names the field. Every
field states its limits (length, pattern, range, choices) through the types in ``app.fields``,
so the OpenAPI document describes exactly what is accepted.
"""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.fields import (
    ACTION,
    MAX_ID,
    REQUIRED,
    IdNumberField,
    Text,
    choice,
    flag,
    grade,
    integer,
    matching,
    month,
    org_code,
    phone,
    record_id,
    season_filter,
    text,
    year,
)
from app.models.applications import APPLICANT_UPLOAD_KINDS, REVIEWER_UPLOAD_KINDS
from app.models.users import STAFF_ROLES
from app.services.listing import DEFAULT_INBOX_SORT, INBOX_SORTS
from handlers.applicant import EDUCATION_LEVELS
from handlers.passwords import MAX_LENGTH as NEW_PASSWORD_MAX
from handlers.passwords import MIN_LENGTH as NEW_PASSWORD_MIN
from handlers.passwords import password_problem
from handlers.senior import APPRAISAL_GRADES, QUALIFYING_CONDITIONS
from handlers.vocabulary import LANE_LABELS, ORG_LEVELS, STATUS_LABELS, TASK_ACTION_LABELS

MAX_PAGE = 100_000
PASSWORD_MAX = 128
"""What a login or an old password may be: passwords chosen before the policy stay usable."""


class LoginSchema(Schema):
    username = text(64, required=True)
    password = text(PASSWORD_MAX, required=True)


class NewPasswordMixin:
    """The password policy on ``password``, knowing the ID number it may not contain."""

    @validates_schema(skip_on_field_errors=False)
    def _password_policy(self, data: dict, **_kw) -> None:
        if "password" not in data:  # missing or malformed: the field's own error says so
            return
        problem = password_problem(data["password"], [data.get("id_number")])
        if problem:
            raise ValidationError(problem, "password")


class PasswordChangeSchema(Schema):
    old_password = text(PASSWORD_MAX, required=True)
    new_password = text(NEW_PASSWORD_MAX, min_len=NEW_PASSWORD_MIN, required=True)


class ProfileSchema(Schema):
    """个人信息: the contact data a user keeps up to date themselves."""

    phone = phone(load_default=None, allow_none=True)


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


def _comment(max_len: int = 500, **kwargs) -> Text:
    return Text(validate=validate.Length(max=max_len, error="不能超过{max}字"), **kwargs)


class TaskActionSchema(Schema):
    """Which actions a task offers, and which need a reason, is the diagram's business: the
    service checks both against the task."""

    action = choice(TASK_ACTION_LABELS, "不是有效的审核操作", required=True)
    comment = _comment(load_default="")


class BulkActionSchema(TaskActionSchema):
    task_ids = fields.List(
        record_id(),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 200, error="一次可处理1到200条"),
    )


class CommentSchema(Schema):
    comment = text(500, required=True)


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


class InboxQuerySchema(ListQuerySchema):
    season = season_filter("年度编号（/api/seasons）；不填为全部年度的待办")  # open work
    queue = matching(ACTION, "不是有效的审核队列", load_default=None)
    sort = choice(
        INBOX_SORTS,
        "排序应为 " + "、".join(INBOX_SORTS),
        load_default=DEFAULT_INBOX_SORT,
        metadata={"description": "排序列，前加“-”为倒序；默认 created_at（到达时间，最早的在前）"},
    )


class RecordsQuerySchema(ListQuerySchema):
    action = choice(
        ("pass", "reject", "return", "onsite"), "不是有效的审核操作", load_default="pass"
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


class InboxExportSchema(InboxQuerySchema):
    class Meta:
        exclude = ("page", "per_page")


class RecordsExportSchema(RecordsQuerySchema):
    class Meta:
        exclude = ("page", "per_page")


class OrgSchema(Schema):
    code = org_code(required=True)
    name = text(128, required=True)
    level = choice(
        ("city", "county", "supervising_unit", "unit"), "不是有效的单位层级", required=True
    )
    parent_code = org_code(required=True)
    admin_phone = phone(load_default=None)
    cert_print_name = text(128, load_default=None)


class OrgUpdateSchema(Schema):
    name = text(128, required=True)
    admin_phone = phone(load_default=None, allow_none=True)
    cert_print_name = text(128)


class UserSchema(Schema):
    username = matching(
        r"^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$",
        "账号为2到32位字母、数字、下划线或汉字",
        required=True,
    )
    name = text(64, required=True)
    phone = phone(load_default=None)
    org_code = org_code(required=True)
    role = choice(STAFF_ROLES, "角色应为审核员或政策管理员", load_default="reviewer")


class UserUpdateSchema(Schema):
    name = text(64, required=True)
    phone = phone(load_default=None, allow_none=True)
    active = flag(load_default=True)


class UploadFormSchema(Schema):
    """The fields of a file upload besides the file itself (multipart: strings)."""

    kind = choice(APPLICANT_UPLOAD_KINDS, "不支持的材料类型", required=True)
    year = year(strict=False, load_default=None)


class ReviewUploadFormSchema(UploadFormSchema):
    kind = choice(REVIEWER_UPLOAD_KINDS, "不支持的材料类型", required=True)


class UploadSchema(UploadFormSchema):
    """An applicant's upload through the API: the fields and the file, one multipart body."""

    file = Upload(required=True, error_messages=REQUIRED)


class ReviewUploadSchema(ReviewUploadFormSchema):
    file = Upload(required=True, error_messages=REQUIRED)


class RemarkSchema(Schema):
    remark = text(500, required=True)


class RecheckStartSchema(Schema):
    application_ids = fields.List(
        record_id(), load_default=None, validate=validate.Length(1, 1000, error="一次可选1到1000条")
    )
    sample_percent = integer(1, 100, error="抽查比例应为1到100", strict=True, load_default=None)


class RecheckQuerySchema(Schema):
    by = choice(("city", "province"), "应为city或province", load_default="city")


class SupplementarySchema(Schema):
    id_number = IdNumberField(required=True)
    name = text(64, required=True)
    org_code = org_code(required=True)
    phone = phone(load_default=None)


class SupplementaryUpdateSchema(SupplementarySchema):
    """修改补报: an ID number left out keeps the current one (lists show it masked)."""

    id_number = IdNumberField(load_default=None)


class ExceptionalDeclarationSchema(ApplicationFormSchema):
    """破格申报 entered by the county: the applicant's ID number plus the whole form."""

    id_number = IdNumberField(required=True)
    exceptional_reason = text(1000, required=True)


class TrailQuerySchema(Schema):
    """Which form of an application's audit trail: JSON (verifiable) or the printable PDF."""

    format = choice(("json", "pdf"), "应为json或pdf", load_default="json")


PROCESS_ID = r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$"


class InstanceQuerySchema(Schema):
    """实例查询: filters on the application, the process and version, and the open task."""

    page = integer(1, MAX_PAGE, load_default=1)
    per_page = integer(1, 100, load_default=20)
    q = text(64, load_default=None)
    status = choice(STATUS_LABELS, "不是有效的审核状态", load_default=None)
    process_id = matching(PROCESS_ID, "不是有效的流程编号", load_default=None)
    definition_id = integer(1, MAX_ID, error="编号无效", load_default=None)
    number = integer(
        1,
        MAX_ID,
        error="版本号无效",
        load_default=None,
        metadata={"description": "流程版本号（v3 即 3）"},
    )
    version = matching(r"^[0-9a-f]{4,64}$", "版本应为4到64位十六进制字符", load_default=None)
    state = choice(("open", "completed"), "应为open或completed", load_default=None)
    level = choice(LANE_LABELS, "不是有效的层级", load_default=None)
    org = org_code(load_default=None, metadata={"description": "报名单位在该单位及其下级"})
    waiting_org = org_code(load_default=None, metadata={"description": "当前任务所在单位"})
    started_days = integer(0, 3650, load_default=None, metadata={"description": "开始超过N天"})
    waiting_days = integer(
        0, 3650, load_default=None, metadata={"description": "当前任务等待超过N天"}
    )


class StuckQuerySchema(Schema):
    """滞留任务: open tasks at an org waiting more than ``days`` days (default 7)."""

    page = integer(1, MAX_PAGE, load_default=1)
    per_page = integer(1, 100, load_default=20)
    days = integer(0, 3650, load_default=7)
    level = choice(ORG_LEVELS, "不是有效的单位层级", load_default=None)
