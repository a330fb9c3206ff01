"""Request and response schemas of title declarations (seed 004): declarants, reviewers'
title roles, the declaration form and its attachments, 首页待办 and the reviewers' decisions.
The other subjects of the title platform have theirs beside (plans, experts, orgs)."""

from __future__ import annotations

import json
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate

from app.platform.schemas.admin import OrgOut
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    MAX_ID,
    REQUIRED,
    IdNumberField,
    Text,
    choice,
    integer,
    phone,
    text,
)
from handlers.idcard import mask
from handlers.lexicon import STATUS_LABELS
from handlers.text import text_problem
from handlers.titles.vocabulary import (
    TITLE_ATTACHMENT_KINDS,
    TITLE_LEVEL_LABELS,
    TITLE_SECTION_LABELS,
    TITLE_SERIES_LABELS,
    TITLE_STATUS_LABELS,
)
from handlers.vocabulary import TITLE_ROLE_LABELS

MAX_SECTION_CHARS = 20_000
"""A section's content as stored JSON text; attachments are uploads, referenced by id."""
MAX_SECTION_DEPTH = 4
TITLE_ACTIONS = ("pass", "return", "reject")


class SectionContent(fields.Raw):
    """One section of a declaration: a JSON object or list (rows such as papers or annual
    appraisals) of at most MAX_SECTION_CHARS, nested at most MAX_SECTION_DEPTH deep, every
    text free of control characters."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = kwargs.setdefault("metadata", {})
        metadata["description"] = (
            f"JSON object or list, at most {MAX_SECTION_CHARS} characters as JSON and "
            f"{MAX_SECTION_DEPTH} levels deep"
        )
        metadata["oneOf"] = [{"type": "object"}, {"type": "array"}]
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, dict | list):
            raise ValidationError("应为对象或列表")
        if len(json.dumps(value, ensure_ascii=False)) > MAX_SECTION_CHARS:
            raise ValidationError(f"内容不能超过{MAX_SECTION_CHARS}字")
        _check(value, 1)
        return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_SECTION_DEPTH:
        raise ValidationError(f"嵌套不能超过{MAX_SECTION_DEPTH}层")
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)
    elif isinstance(value, str):
        _check_text(value)
    elif isinstance(value, float) and value != value:  # NaN
        raise ValidationError("不是有效的数值")


def _check_text(value: str) -> None:
    problem = text_problem(value)
    if problem:
        raise ValidationError(problem)


def _title_date(**kwargs: Any) -> fields.Date:
    """任职时间 as the form writes it (2019-07-01), refused in words people read."""
    return fields.Date(
        allow_none=True,
        error_messages={"invalid": "日期格式应为YYYY-MM-DD，如2019-07-01"},
        **kwargs,
    )


SectionsIn = Schema.from_dict(
    {key: SectionContent() for key in TITLE_SECTION_LABELS if key != "attachments"},
    name="SectionsIn",
)
"""The form's sections by key (基本信息, 学历, ...); a key sent replaces that section. 附件
is not written here: it lists the uploaded files (``/attachments``)."""


def _sections(**kwargs: Any) -> fields.Nested:
    return fields.Nested(SectionsIn, **kwargs)


class DeclarantIn(Schema):
    id_number = IdNumberField(required=True)
    name = text(64, required=True)
    phone = phone(load_default=None, allow_none=True)


class DeclarantUpdateIn(Schema):
    name = text(64, required=True)
    phone = phone(allow_none=True)


class DeclarantOut(Schema):
    id = fields.Integer()
    username = fields.Function(lambda u: mask(u.username), metadata={"type": "string"})
    name = fields.String()
    phone = fields.String(allow_none=True)
    must_change_password = fields.Boolean()
    org = fields.Nested(OrgOut)
    created_at = Timestamp()


class ReviewerPermissionsIn(Schema):
    role = choice(TITLE_ROLE_LABELS, "应为handler（经办人）或leader（负责人）", required=True)
    series = fields.List(
        choice(TITLE_SERIES_LABELS, "不是有效的系列"),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(max=len(TITLE_SERIES_LABELS)),
    )
    sections = fields.List(
        choice(TITLE_SECTION_LABELS, "不是有效的内容板块"),
        required=True,
        error_messages=REQUIRED,
        validate=validate.Length(max=len(TITLE_SECTION_LABELS)),
    )


class ReviewerPermissionsOut(Schema):
    role = fields.String()
    role_label = fields.Function(lambda r: TITLE_ROLE_LABELS[r.role])
    series = fields.List(fields.String())
    sections = fields.List(fields.String())


class TitleReviewerOut(Schema):
    """One of the org's accounts with its title role (``title`` null: not set yet)."""

    id = fields.Function(lambda row: row[0].id, metadata={"type": "integer"})
    username = fields.Function(lambda row: row[0].username, metadata={"type": "string"})
    name = fields.Function(lambda row: row[0].name, metadata={"type": "string"})
    active = fields.Function(lambda row: row[0].active, metadata={"type": "boolean"})
    title = fields.Function(
        lambda row: ReviewerPermissionsOut().dump(row[1]) if row[1] else None,
        allow_none=True,
        metadata={"type": "object"},
    )


class DeclarationIn(Schema):
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", required=True)
    specialty = text(64, required=True)
    level = choice(TITLE_LEVEL_LABELS, "不是有效的申报级别", required=True)
    current_title = text(64, load_default=None, allow_none=True)
    current_title_date = _title_date(load_default=None)
    sections = _sections(load_default=dict)


class DeclarationUpdateIn(Schema):
    """Only the fields sent change; ``sections`` replaces the sections it names."""

    series = choice(TITLE_SERIES_LABELS, "不是有效的系列")
    specialty = text(64)
    level = choice(TITLE_LEVEL_LABELS, "不是有效的申报级别")
    current_title = text(64, allow_none=True)
    current_title_date = _title_date()
    sections = _sections()
    version = integer(1, MAX_ID, strict=True)


class AttachmentFormIn(Schema):
    """附件's fields as a page posts them (the file comes separately)."""

    kind = choice(TITLE_ATTACHMENT_KINDS, "不是有效的附件类别", required=True)
    label = text(64, load_default=None, allow_none=True)


class AttachmentIn(AttachmentFormIn):
    """One 附件 through the API: kind, optional label and the file (PDF, JPG or PNG)."""

    file = Upload(required=True, error_messages=REQUIRED)


class AttachmentOut(Schema):
    id = fields.Integer()
    declaration_id = fields.Integer()
    kind = fields.String()
    kind_label = fields.Function(lambda a: TITLE_ATTACHMENT_KINDS.get(a.kind, a.kind))
    label = fields.String(allow_none=True)
    original_name = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    created_at = Timestamp()


class InterviewIn(Schema):
    notice = text(500, required=True)
    place = text(128, required=True)


class DeclarationQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)
    status = choice(TITLE_STATUS_LABELS, "不是有效的申报状态", load_default=None)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)
    level = choice(TITLE_LEVEL_LABELS, "不是有效的申报级别", load_default=None)
    q = Text(
        validate=validate.Length(1, 32, error="查询内容为{min}到{max}个字"),
        load_default=None,
        metadata={"description": "part of the declarant's name or ID number"},
    )


class InboxQuery(Schema):
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)
    series = choice(TITLE_SERIES_LABELS, "不是有效的系列", load_default=None)


class SectionsReviewedIn(Schema):
    """审查通过 of these sections (keys of TITLE_SECTION_LABELS) on a task."""

    sections = fields.List(
        choice(TITLE_SECTION_LABELS, "不是有效的内容板块"),
        required=True,
        validate=validate.Length(1, len(TITLE_SECTION_LABELS), error="请选择审查通过的板块"),
    )


class SectionReviewOut(Schema):
    """One section of a task: who has reviewed it there (permitted reviewers only); a pass
    needs every section reviewed."""

    key = fields.String()
    label = fields.String()
    reviewed_by = fields.List(fields.String())


class TitleActionIn(Schema):
    action = choice(
        TITLE_ACTIONS, "应为pass（通过）、return（退回修改）或reject（未通过）", required=True
    )
    comment = Text(validate=validate.Length(max=500, error="不能超过{max}字"), load_default="")


def _org(org: Any) -> dict[str, Any] | None:
    return OrgOut().dump(org) if org is not None else None


class DeclarationOut(Schema):
    """A declaration's header: what is declared, where it stands, who judges it, and the
    interview notice once set (申报人员状态查询)."""

    id = fields.Integer()
    declarant_id = fields.Integer()
    declarant_name = fields.Function(lambda d: d.declarant.name, metadata={"type": "string"})
    org = fields.Nested(OrgOut)
    series = fields.String()
    series_label = fields.Function(lambda d: TITLE_SERIES_LABELS.get(d.series, d.series))
    specialty = fields.String()
    level = fields.String()
    level_label = fields.Function(lambda d: TITLE_LEVEL_LABELS.get(d.level, d.level))
    current_title = fields.String(allow_none=True)
    current_title_date = fields.Date(allow_none=True)
    status = fields.String(metadata={"enum": list(STATUS_LABELS)})
    status_label = fields.Function(lambda d: TITLE_STATUS_LABELS.get(d.status, d.status))
    committee_org = fields.Function(
        lambda d: _org(d.committee_org), allow_none=True, metadata={"type": "object"}
    )
    waiting_org = fields.Function(
        lambda d: _org(d.waiting_org), allow_none=True, metadata={"type": "object"}
    )
    waiting_task = fields.String(allow_none=True)
    return_reason = fields.String(allow_none=True)
    interview_notice = fields.String(allow_none=True)
    interview_place = fields.String(allow_none=True)
    submitted_at = Timestamp(allow_none=True)
    version = fields.Integer()
    created_at = Timestamp()


class DeclarationPageOut(Schema):
    items = fields.List(fields.Nested(DeclarationOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class DeclarationDetailOut(Schema):
    """A declaration with the sections the caller may read; ``hidden_sections`` names the
    others (the declarant reads all of them)."""

    declaration = fields.Nested(DeclarationOut)
    sections = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))
    hidden_sections = fields.List(fields.String())


class SectionOut(Schema):
    key = fields.String()
    label = fields.String()
    content = fields.Raw(allow_none=True)


class TitleTaskOut(Schema):
    id = fields.Integer()
    name = fields.String()
    lane = fields.String(allow_none=True)
    queue = fields.String()
    candidate_role = fields.String(allow_none=True)
    series = fields.String(allow_none=True)
    state = fields.String()
    action = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)
    actions = fields.Function(lambda t: t.allowed_actions, metadata={"type": "array"})
    comment_required = fields.Function(
        lambda t: [a for a in t.allowed_actions if t.needs_comment(a)], metadata={"type": "array"}
    )
    declaration_id = fields.Integer(attribute="subject_id")
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)


class InboxItemOut(Schema):
    """首页待办 row: the task with whom and what it is about."""

    task = fields.Nested(TitleTaskOut)
    declaration = fields.Nested(DeclarationOut)


class InboxPageOut(Schema):
    items = fields.List(fields.Nested(InboxItemOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class TitleTaskDetailOut(Schema):
    task = fields.Nested(TitleTaskOut)
    declaration = fields.Nested(DeclarationDetailOut)
    section_reviews = fields.List(fields.Nested(SectionReviewOut))
