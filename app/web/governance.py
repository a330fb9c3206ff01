"""流程管理 pages for policy staff (流程库, 草稿, the modeler, 实例迁移) and the read-only 流程库
for province and city admins.

The pages are shells: their scripts (app/static/governance/) call the JSON API, which decides
every permission again. The API takes bearer tokens only, so each page carries one for its
user; it ends with the session (logout bumps the account's token version).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request

from app.services import auth as auth_service
from app.services import library as library_service
from app.web.common import me, require_login

bp = Blueprint("governance", __name__, url_prefix="/governance")
READ_ONLY_PAGES = ("governance.library", "governance.view")


@bp.before_request
def guard() -> Any:
    """The API's own rules (403 pages otherwise): the library for its readers (policy staff,
    province and city admins), everything else for policy staff."""
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    if request.endpoint in READ_ONLY_PAGES:
        library_service.require_reader(me())
    else:
        library_service.require_policy(me())
    return None


def _page(template: str, **data: Any) -> str:
    user = me()
    token = auth_service.issue_token(user, current_app.config["SECRET_KEY"])
    return render_template(template, api_token=token, can_edit=user.is_policy, **data)


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


@bp.get("/drafts")
def drafts() -> str:
    return _page("governance/drafts.html", title="草稿")


@bp.get("/drafts/<id:draft_id>")
def modeler(draft_id: int) -> str:
    return _page("governance/modeler.html", title="流程建模", draft_id=draft_id)


@bp.get("/migrations")
def migrations() -> str:
    return _page("governance/migrations.html", title="实例迁移")
