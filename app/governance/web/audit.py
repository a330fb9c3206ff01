"""流程审计 pages (county admins and above): an application's instances on their diagrams,
实例查询 and 滞留任务. The services check who may audit; the instance view's data is the
API's own document, handed to the page's script in a JSON data block (CSP: no inline code).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from app.extensions import db
from app.governance.context import subjects
from app.governance.schemas.instances import InstanceQuerySchema, InstanceViewOut, StuckQuerySchema
from app.governance.services import instances
from app.platform.web.common import load_query, me, reviewers_only
from handlers.vocabulary import LANE_LABELS, LEVEL_LABELS

bp = Blueprint("audit", __name__, url_prefix="/audit")
bp.before_request(reviewers_only)


@bp.get("/applications/<id:application_id>")
def instance_view(application_id: int):
    view = instances.instance_view(db.session(), subjects(), me(), application_id)
    return render_template(
        "audit/instance.html", view=view, payload=InstanceViewOut().dump(view), title="流程图"
    )


@bp.get("/instances")
def search():
    filters = load_query(InstanceQuerySchema())
    page = instances.search_instances(db.session(), subjects(), me(), filters)
    return render_template(
        "audit/instances.html",
        page=page,
        filters=filters,
        processes=instances.process_choices(db.session()),
        lanes=LANE_LABELS,
        title="实例查询",
    )


@bp.get("/stuck")
def stuck():
    filters = load_query(StuckQuerySchema())
    report = instances.stuck_tasks(db.session(), subjects(), me(), filters)
    return render_template(
        "audit/stuck.html", report=report, filters=filters, levels=LEVEL_LABELS, title="滞留任务"
    )
