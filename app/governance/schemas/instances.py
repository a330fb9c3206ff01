"""Response schemas of the auditors' tools (app/services/instances.py): the instance view on
its diagrams, the instance search and the stuck tasks."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.api.schemas import ApplicationSummaryOut, HistoryOut, PageOut, Timestamp


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
    application = fields.Nested(ApplicationSummaryOut)
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
    application = fields.Nested(ApplicationSummaryOut)
    age_days = fields.Integer()
    waiting = fields.Nested(WaitingTaskOut, allow_none=True)


class InstancePageOut(PageOut):
    items = fields.List(fields.Nested(InstanceRowOut))


class StuckTaskOut(WaitingTaskOut):
    application = fields.Nested(ApplicationSummaryOut)
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
