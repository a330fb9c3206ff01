"""流程审计: instances on their diagrams, instance search and stuck tasks (county admins and
above, in their subtree)."""

from __future__ import annotations

from app.extensions import db
from app.governance.context import subjects
from app.governance.schemas.instances import (
    InstancePageOut,
    InstanceQuerySchema,
    InstanceViewOut,
    StuckOut,
    StuckQuerySchema,
)
from app.governance.services import instances
from app.platform.api.blueprint import Blueprint, current_api_user

blp = Blueprint("api_instances", __name__, description="流程审计")


@blp.get("/applications/<id:application_id>/instances")
@blp.response(200, InstanceViewOut)
def instance_view(application_id: int):
    """Every process instance of the application (main first, side processes after): the
    diagrams it ran with the elements passed and flows taken, its tasks with who / when / how
    long, the workflow data after each step, and the audit timeline."""
    return instances.instance_view(db.session(), subjects(), current_api_user(), application_id)


@blp.get("/instances")
@blp.arguments(InstanceQuerySchema, location="query")
@blp.response(200, InstancePageOut)
def search(filters: dict):
    """实例查询: by application status, process, version, open/finished, the open task's
    level and org, and age."""
    return instances.search_instances(db.session(), subjects(), current_api_user(), filters)


@blp.get("/instances/stuck")
@blp.arguments(StuckQuerySchema, location="query")
@blp.response(200, StuckOut)
def stuck(filters: dict):
    """滞留任务: open tasks waiting at an org longer than ``days`` days, counted per org."""
    return instances.stuck_tasks(db.session(), subjects(), current_api_user(), filters)
