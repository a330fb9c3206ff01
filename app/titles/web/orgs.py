"""Pages of 单位信息维护 (the new org's admin), 下级单位审核 (superiors) and 单位变动人员管理
(seed 004 一、单位管理 and 二、人员管理), and the one page gate: an account of an org not yet
approved is sent to 单位信息维护, whatever page it asks for."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.platform.web.common import load_form, me, require_login, require_role
from app.platform.web.errors import on_error
from app.titles.schemas.orgs import DecisionIn, OrgInfoIn, SubmitIn, TransferDecisionIn, TransferIn
from app.titles.services import onboarding, transfers
from handlers.titles.vocabulary import (
    TITLE_SERIES_LABELS,
    TRANSFER_STATUS_LABELS,
)
from handlers.vocabulary import ORG_ONBOARDING_LABELS, Role

bp = Blueprint("orgs", __name__)
bp.before_request(require_login)

# Reachable by an account of an org not yet approved: this page, leaving, the password, assets.
OPEN_WHILE_NOT_APPROVED = {
    "orgs.info",
    "orgs.save_info",
    "orgs.submit_info",
    "auth.password",
    "auth.logout",
    "auth.favicon",
    "static",
}


@bp.before_app_request
def onboarding_gate() -> Any:
    """Pages of an org not yet approved redirect to 单位信息维护 with the reason (the API's
    twin is ``app.platform.api.blueprint.authenticate``); a pending password change comes first."""
    if (
        current_user.is_authenticated
        and not current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_NOT_APPROVED
        and not request.path.startswith("/api/")
    ):
        message = onboarding.gate_message(current_user)
        if message:
            flash(message, "error")
            return redirect(url_for("orgs.info"))
    return None


@bp.context_processor
def labels() -> dict:
    return {
        "ONBOARDING": ORG_ONBOARDING_LABELS,
        "SERIES": TITLE_SERIES_LABELS,
        "TRANSFER_STATUSES": TRANSFER_STATUS_LABELS,
    }


def _form(schema_fields: tuple[str, ...]) -> dict[str, Any]:
    """The posted fields (blank ones left out: "not given"), with ``series`` as a list."""
    data: dict[str, Any] = {
        key: request.form[key].strip()
        for key in schema_fields
        if key != "series" and request.form.get(key, "").strip()
    }
    if "series" in schema_fields:
        data["series"] = request.form.getlist("series")
    return data


INFO_FORM = (
    "cert_print_name",
    "contact_name",
    "contact_phone",
    "contact_email",
    "address",
    "series",
)


@bp.get("/org/info")
def info():
    """单位信息维护: the org's information, its status and (returned) the reason."""
    require_role(Role.ADMIN)
    return _render_info(errors={}, status=200)


@bp.post("/org/info")
@on_error(render=lambda error: _render_info(errors=error.fields, status=422))
def save_info():
    require_role(Role.ADMIN)
    data = load_form(OrgInfoIn(), {**_form(INFO_FORM), "version": request.form["version"]})
    onboarding.update_info(db.session(), me(), data)
    flash("单位信息已保存", "success")
    return redirect(url_for("orgs.info"))


@bp.post("/org/info/submit")
@on_error(render=lambda error: _render_info(errors=error.fields, status=422))
def submit_info():
    require_role(Role.ADMIN)
    data = load_form(SubmitIn(), {"version": request.form.get("version", "")})
    onboarding.submit(db.session(), me(), data.get("version"), current_app.config["BPMN_DIR"])
    flash("单位信息已提交，等待上级审核", "success")
    return redirect(url_for("orgs.info"))


def _render_info(errors: dict, status: int):
    org = onboarding.own_org(me())
    form = request.form if request.method == "POST" else None
    return (
        render_template("orgs/info.html", org=org, errors=errors, form=form, title="单位信息维护"),
        status,
    )


@bp.get("/org/reviews")
def reviews():
    """下级单位审核: subordinate orgs waiting for this org's decision."""
    require_role(Role.ADMIN)
    items = onboarding.reviews(db.session(), me())
    return render_template("orgs/reviews.html", items=items, title="下级单位审核")


@bp.post("/org/reviews/<org_code:code>")
@on_error(redirect_to="orgs.reviews")
def decide(code: str):
    require_role(Role.ADMIN)
    data = load_form(DecisionIn(), request.form)
    org = onboarding.decide(db.session(), me(), code, data["action"], data["comment"])
    flash(f"{org.name}：{ORG_ONBOARDING_LABELS[org.onboarding_status]}", "success")
    return redirect(url_for("orgs.reviews"))


@bp.get("/title/transfers")
def transfer_list():
    """单位变动人员管理: requests into and out of this org's subtree."""
    require_role(Role.ADMIN)
    rows = transfers.listing(db.session(), me(), None)
    return render_template("orgs/transfers.html", rows=rows, title="单位变动人员管理")


@bp.post("/title/transfers")
@on_error(redirect_to="orgs.transfer_list")
def request_transfer():
    require_role(Role.ADMIN)
    data = load_form(TransferIn(), request.form)
    bpmn_dir = current_app.config["BPMN_DIR"]
    transfers.request(db.session(), me(), data["id_number"], data["note"], bpmn_dir)
    flash("移交申请已提交，等待人员原单位审核", "success")
    return redirect(url_for("orgs.transfer_list"))


@bp.post("/title/transfers/<id:transfer_id>")
@on_error(redirect_to="orgs.transfer_list")
def decide_transfer(transfer_id: int):
    require_role(Role.ADMIN)
    data = load_form(TransferDecisionIn(), request.form)
    done = transfers.decide(db.session(), me(), transfer_id, data["action"], data["comment"])
    flash(f"{done.person.name}：{TRANSFER_STATUS_LABELS[done.status]}", "success")
    return redirect(url_for("orgs.transfer_list"))
