"""Request and response schemas of the auditors' tools (``services/instances.py``): the
instance view on its diagrams, the instance search and the stuck tasks."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.audit import HistoryOut
from app.platform.schemas.common import MAX_PAGE, PageOut, Timestamp
from app.platform.schemas.fields import MAX_ID, choice, integer, matching, org_code, text
from handlers.lexicon import STATUS_LABELS
from handlers.vocabulary import LANE_LABELS, ORG_LEVELS

SUBJECT_SUMMARY = "ApplicationSummaryOut"
"""How the product that owns the instances' subjects shows one (the exam's application
summary), named, not imported: governance imports no product; marshmallow and the OpenAPI
document resolve the name among the schemas the products registered."""


class ElementOut(Schema):
    state = fields.String(metadata={"enum": ["completed", "waiting", "cancelled"]})
    type = fields.String(metadata={"description": "BPMN element type, e.g. UserTask"})
    name = fields.String()
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    count = fields.Integer(metadata={"description": "how many times the instance reached it"})
    last_at = Timestamp(allow_none=True)


class DiagramOut(Schema):
    process_id = fields.String()
    file = fields.String(allow_none=True)
    xml = fields.String()
    elements = fields.Dict(keys=fields.String(), values=fields.Nested(ElementOut))
    flows = fields.List(fields.String(), metadata={"description": "sequence flows taken"})


class InstanceTaskOut(Schema):
    task_id = fields.Integer()
    spec_id = fields.String()
    process_id = fields.String(allow_none=True)
    name = fields.String()
    state = fields.String()
    lane = fields.String(allow_none=True)
    lane_label = fields.String(allow_none=True)
    queue_label = fields.String()
    org_name = fields.String(allow_none=True)
    who = fields.String(allow_none=True)
    created_at = Timestamp()
    completed_at = Timestamp(allow_none=True)
    duration_seconds = fields.Integer(metadata={"description": "open tasks: until now"})
    action = fields.String(allow_none=True)
    action_label = fields.String(allow_none=True)
    comment = fields.String(allow_none=True)


class DataStepOut(Schema):
    process_id = fields.String()
    element_id = fields.String()
    name = fields.String()
    type = fields.String()
    at = Timestamp()
    data = fields.Dict(metadata={"description": "workflow data after the step; long values cut"})
    changed = fields.List(fields.String())


class VersionedOut(Schema):
    """Which process and which definition version an instance runs."""

    instance_id = fields.Integer()
    process_id = fields.String()
    process_name = fields.String()
    definition_id = fields.Integer()
    version = fields.String()
    number = fields.Integer(allow_none=True)
    version_label = fields.String()
    completed = fields.Boolean()
    started_at = Timestamp()


class InstanceOut(VersionedOut):
    main = fields.Boolean(metadata={"description": "the review process, not a side process"})
    updated_at = Timestamp()
    diagrams = fields.List(fields.Nested(DiagramOut))
    tasks = fields.List(fields.Nested(InstanceTaskOut))
    data_steps = fields.List(fields.Nested(DataStepOut))


class InstanceViewOut(Schema):
    application = fields.Nested(SUBJECT_SUMMARY)
    instances = fields.List(fields.Nested(InstanceOut))
    events = fields.List(fields.Nested(HistoryOut))


class WaitingTaskOut(Schema):
    task_id = fields.Integer()
    task = fields.String()
    spec_id = fields.String()
    lane = fields.String(allow_none=True)
    level_label = fields.String(allow_none=True)
    org_code = fields.String(allow_none=True)
    org_name = fields.String(allow_none=True)
    since = Timestamp()
    days = fields.Integer()


class InstanceRowOut(VersionedOut):
    application = fields.Nested(SUBJECT_SUMMARY)
    age_days = fields.Integer()
    waiting = fields.Nested(WaitingTaskOut, allow_none=True)


class InstancePageOut(PageOut):
    items = fields.List(fields.Nested(InstanceRowOut))


class StuckTaskOut(WaitingTaskOut):
    application = fields.Nested(SUBJECT_SUMMARY)
    instance_id = fields.Integer()


class OrgCountOut(Schema):
    org_code = fields.String()
    org_name = fields.String()
    level = fields.String()
    level_label = fields.String()
    count = fields.Integer()
    oldest = Timestamp()


class StuckOut(Schema):
    days = fields.Integer()
    orgs = fields.List(fields.Nested(OrgCountOut))
    total = fields.Integer(attribute="page.total")
    page = fields.Integer(attribute="page.page")
    per_page = fields.Integer(attribute="page.per_page")
    items = fields.List(fields.Nested(StuckTaskOut), attribute="page.items")


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
