"""流程管理 pages for policy staff (流程库, 草稿, the modeler, 实例迁移, 故障实例), the read-only
流程库 and version pages for province and city admins, and 故障实例 for auditors.

The pages are shells: their scripts (app/static/governance/) call the JSON API, which decides
every permission again. The API takes bearer tokens only, so each page carries one for its
user; it ends with the session (logout bumps the account's token version).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for

from app.governance.services import incidents as incidents_service
from app.governance.services import library as library_service
from app.governance.services.instances import may_audit
from app.platform.services import auth as auth_service
from app.platform.web.common import me, require_login

bp = Blueprint("governance", __name__, url_prefix="/governance")
READ_ONLY_PAGES = ("governance.library", "governance.view", "governance.process_version")


@bp.before_request
def guard() -> Any:
    """The API's own rules (403 pages otherwise): the library for its readers (policy staff,
    province and city admins), everything else for policy staff."""
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    if request.endpoint in READ_ONLY_PAGES:
        library_service.require_reader(me())
    elif request.endpoint == "governance.incidents":
        incidents_service.require_viewer(me())
    else:
        library_service.require_policy(me())
    return None


def _page(template: str, **data: Any) -> str:
    user = me()
    token = auth_service.issue_token(user, current_app.config["SECRET_KEY"])
    return render_template(
        template,
        api_token=token,
        can_edit=user.is_policy,
        version_base=url_for("governance.library").removesuffix("library") + "processes/",
        **data,
    )


@bp.get("/library")
def library() -> str:
    return _page("governance/library.html", title="流程库", deployed=request.args.get("deployed"))


@bp.get("/view")
def view() -> str:
    return _page(
        "governance/view.html",
        title="查看流程",
        file=request.args.get("file", ""),
        deployment=request.args.get("deployment", ""),
    )


@bp.get("/processes/<process_id:process_id>/<id:number>")
def process_version(process_id: str, number: int) -> str:
    """One process version (vN): the page a decision's 流程版本 links to."""
    return _page(
        "governance/process_version.html",
        title=f"流程版本 {process_id} v{number}",
        process_id=process_id,
        number=number,
        audit_base=_audit_base() if may_audit(me()) else None,
    )


def _audit_base() -> str:
    """The instance view's URL without its application id (the page appends each id)."""
    return url_for("audit.instance_view", application_id=1).removesuffix("1")


@bp.get("/drafts")
def drafts() -> str:
    return _page("governance/drafts.html", title="草稿")


@bp.get("/drafts/<id:draft_id>")
def modeler(draft_id: int) -> str:
    return _page("governance/modeler.html", title="流程建模", draft_id=draft_id)


@bp.get("/migrations")
def migrations() -> str:
    return _page("governance/migrations.html", title="实例迁移")


@bp.get("/incidents")
def incidents() -> str:
    """故障实例: policy staff retry; county admins and above read their subtree's."""
    return _page(
        "governance/incidents.html",
        title="故障实例",
        audit_base=_audit_base() if may_audit(me()) else None,
    )
