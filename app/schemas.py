"""Input and output schemas (marshmallow), shared by the JSON API and the web forms.

Messages are Chinese because the web UI shows them as they are; the API names the field.
"""

from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from handlers.applicant import EDUCATION_LEVELS
from handlers.idcard import id_number_problem, normalize
from handlers.passwords import password_problem

REQUIRED = {"required": "必填项", "null": "必填项"}
MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
PHONE = re.compile(r"^1\d{10}$")
ORG_CODE = re.compile(r"^\d{6,15}$")


def _str(max_len: int, **kw) -> fields.String:
    return fields.String(
        validate=validate.Length(1, max_len, error="长度应为1到{max}个字符"),
        error_messages=REQUIRED,
        **kw,
    )


def _month(**kw) -> fields.String:
    return fields.String(
        validate=validate.Regexp(MONTH, error="格式应为YYYY-MM"), error_messages=REQUIRED, **kw
    )


def _grade(**kw) -> fields.Integer:
    return fields.Integer(
        validate=validate.Range(1, 5, error="等级应为1到5"),
        error_messages={**REQUIRED, "invalid": "应为整数"},
        strict=True,
        **kw,
    )


class IdNumberField(fields.String):
    """An ID number checked against GB 11643, normalised to upper-case X."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = normalize(super()._deserialize(value, attr, data, **kwargs))
        problem = id_number_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


class PhoneField(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        if not PHONE.match(value):
            raise ValidationError("手机号应为11位数字")
        return value


class LoginSchema(Schema):
    username = _str(64, required=True)
    password = _str(128, required=True)


class PasswordChangeSchema(Schema):
    old_password = _str(128, required=True)
    new_password = _str(128, required=True)


class NewPasswordMixin:
    """The password policy on ``password``, knowing the ID number it may not contain."""

    @validates_schema(skip_on_field_errors=False)
    def _password_policy(self, data: dict, **_kw) -> None:
        if "password" not in data:  # missing or malformed: the field's own error says so
            return
        problem = password_problem(data["password"], [data.get("id_number")])
        if problem:
            raise ValidationError(problem, "password")


class RegistrationSchema(NewPasswordMixin, Schema):
    id_number = IdNumberField(required=True, error_messages=REQUIRED)
    name = _str(64, required=True)
    phone = PhoneField(required=True, error_messages=REQUIRED)
    password = _str(128, required=True)
    org_code = _str(32, required=True)


class AppraisalSchema(Schema):
    """One year of the grade-1 five-year appraisal table."""

    year = fields.Integer(required=True, strict=True, error_messages=REQUIRED)
    grade = fields.String(required=True, error_messages=REQUIRED)
    party_excellent = fields.Boolean(load_default=False)


class ApplicationFormSchema(Schema):
    """Every field of the seed's 报名信息审核 form that the applicant fills in."""

    gender = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.OneOf(("male", "female"), error="应为male或female"),
    )
    phone = PhoneField(required=True, error_messages=REQUIRED)
    birth_month = _month(required=True)
    education = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.OneOf(EDUCATION_LEVELS, error="不是有效的文化程度"),
    )
    work_start = _month(required=True)
    current_grade = _grade(required=True)
    current_trade = _str(64, required=True)
    current_grade_year = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(1950, 2100, error="年份无效"),
        error_messages={**REQUIRED, "invalid": "应为四位年份"},
    )
    declared_trade = _str(64, required=True)
    declared_grade = _grade(required=True)
    prohibited = fields.Boolean(required=True, error_messages={**REQUIRED, "invalid": "应为是或否"})
    by_certificate = fields.Boolean(load_default=True)
    qualifying_conditions = fields.List(
        fields.String(validate=validate.Length(1, 32)), load_default=None, allow_none=True
    )
    appraisals = fields.List(fields.Nested(AppraisalSchema), load_default=None, allow_none=True)
    exceptional = fields.Boolean(load_default=False)
    exceptional_reason = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=1000, error="不能超过1000字"),
    )


class ApplicationPatchSchema(ApplicationFormSchema):
    """The same fields, loaded with partial=True: a PATCH changes only what it names."""


FORM_FIELDS = tuple(ApplicationFormSchema().fields)
REQUIRED_FORM_FIELDS = tuple(n for n, f in ApplicationFormSchema().fields.items() if f.required)


class TaskActionSchema(Schema):
    """Which actions a task offers, and which need a reason, is the diagram's business: the
    service checks both against the task."""

    action = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Regexp(r"^[a-z_]{2,32}$", error="不是有效的审核操作"),
    )
    comment = fields.String(
        load_default="", validate=validate.Length(max=500, error="不能超过500字")
    )


class BulkActionSchema(TaskActionSchema):
    task_ids = fields.List(
        fields.Integer(strict=True),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 200, error="一次可处理1到200条"),
    )


class CommentSchema(Schema):
    comment = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 500, error="长度应为1到500个字符"),
    )


class ListQuerySchema(Schema):
    """Filters shared by the inbox, the review records and the application query."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    declared_trade = fields.String(load_default=None)
    declared_grade = fields.Integer(load_default=None, validate=validate.Range(1, 5))
    unit = fields.String(load_default=None)
    q = fields.String(load_default=None)
    status = fields.String(load_default=None)
    roster = fields.String(
        load_default=None,
        validate=validate.OneOf(
            ("final", "onsite", "exceptional"), error="应为final、onsite或exceptional"
        ),
    )


class InboxQuerySchema(ListQuerySchema):
    queue = fields.String(load_default=None)


class RecordsQuerySchema(ListQuerySchema):
    action = fields.String(
        load_default="pass", validate=validate.OneOf(("pass", "reject", "return", "onsite"))
    )


class OrgSchema(Schema):
    code = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Regexp(ORG_CODE, error="单位编码应为6到15位数字"),
    )
    name = _str(128, required=True)
    level = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.OneOf(
            ("city", "county", "supervising_unit", "unit"), error="不是有效的单位层级"
        ),
    )
    parent_code = _str(32, required=True)
    admin_phone = PhoneField(load_default=None)


class OrgUpdateSchema(Schema):
    name = _str(128, required=True)
    admin_phone = PhoneField(load_default=None, allow_none=True)


class UserSchema(Schema):
    username = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_\u4e00-\u9fa5]{2,32}$", error="账号为2到32位字母、数字、下划线或汉字"
        ),
    )
    name = _str(64, required=True)
    phone = PhoneField(load_default=None)
    org_code = _str(32, required=True)


class UserUpdateSchema(Schema):
    name = _str(64, required=True)
    phone = PhoneField(load_default=None, allow_none=True)
    active = fields.Boolean(load_default=True)


class UploadFormSchema(Schema):
    kind = fields.String(required=True, error_messages=REQUIRED)
    year = fields.Integer(load_default=None, allow_none=True)


class RemarkSchema(Schema):
    remark = fields.String(
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(1, 500, error="长度应为1到500个字符"),
    )


class RecheckStartSchema(Schema):
    application_ids = fields.List(fields.Integer(strict=True), load_default=None)
    sample_percent = fields.Integer(
        load_default=None, validate=validate.Range(1, 100, error="抽查比例应为1到100")
    )


class RecheckQuerySchema(Schema):
    by = fields.String(load_default="city", validate=validate.OneOf(("city", "province")))


class SupplementarySchema(Schema):
    id_number = IdNumberField(required=True, error_messages=REQUIRED)
    name = _str(64, required=True)
    org_code = _str(32, required=True)
    phone = PhoneField(load_default=None)


class ExceptionalDeclarationSchema(ApplicationFormSchema):
    """破格申报 entered by the county: the applicant's ID number plus the whole form."""

    id_number = IdNumberField(required=True, error_messages=REQUIRED)
    exceptional_reason = fields.String(
        required=True, error_messages=REQUIRED, validate=validate.Length(1, 1000)
    )
