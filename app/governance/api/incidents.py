"""故障实例: instances stuck by an engine error, and their retry after a redeploy."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.extensions import db
from app.governance.context import subjects
from app.governance.services import incidents
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.schemas.common import PageOut, Timestamp
from app.platform.schemas.fields import choice, flag, integer

blp = Blueprint("api_incidents", __name__, description="故障实例", personal_data=False)


class IncidentQuery(Schema):
    state = choice(("open", "all"), "应为 open 或 all", load_default="open")
    page = integer(1, 100_000, load_default=1)
    per_page = integer(1, 100, load_default=20)


class IncidentOut(Schema):
    id = fields.Integer()
    application_id = fields.Integer()
    instance_id = fields.Integer()
    process_id = fields.String()
    process_name = fields.String()
    number = fields.Integer(allow_none=True, metadata={"description": "the version it failed on"})
    version_label = fields.String()
    latest_number = fields.Integer(allow_none=True, metadata={"description": "latest deployed"})
    element_id = fields.String()
    element_name = fields.String()
    message = fields.String()
    count = fields.Integer(metadata={"description": "how often the step failed"})
    first_seen = Timestamp()
    last_seen = Timestamp()
    open = fields.Boolean(metadata={"description": "the instance still stands where it failed"})
    task_name = fields.String(allow_none=True)
    org_name = fields.String(allow_none=True)
    action = fields.String(allow_none=True)
    action_label = fields.String(allow_none=True)
    retried_by = fields.String(allow_none=True)
    retried_at = Timestamp(allow_none=True)
    can_retry = fields.Boolean()


class IncidentPageOut(PageOut):
    items = fields.List(fields.Nested(IncidentOut))


class RetrySchema(Schema):
    migrate = flag(
        load_default=True,
        metadata={"description": "move the instance onto the latest version first"},
    )


class RetriedOut(Schema):
    id = fields.Integer()
    retried_by = fields.String(attribute="retried_by_name")
    retried_at = Timestamp()


@blp.get("/incidents")
@blp.arguments(IncidentQuery, location="query")
@blp.response(200, IncidentPageOut)
def listing(filters: dict):
    """Instances stuck by an engine error (a script, a condition, a lane that cannot be
    routed): the element, the message, how often and when it failed, the decision that
    failed. Policy staff see all, county admins and above their subtree."""
    return incidents.listing(db.session(), subjects(), current_api_user(), filters)


@blp.post("/incidents/<id:incident_id>/retry")
@blp.arguments(RetrySchema)
@blp.response(200, RetriedOut)
def retry(data: dict, incident_id: int):
    """Run the failed decision again as the reviewer who took it, after moving the instance
    onto the latest version (``migrate``, the default). Policy staff only; 409 when the
    instance has moved on, 422 when it fails again (counted on the incident)."""
    return incidents.retry(
        db.session(), subjects(), current_api_user(), incident_id, data["migrate"]
    )
