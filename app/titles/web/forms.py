"""The declarant's pages (seed 004, 职称申报): 我的申报 — a new declaration and the full form
with one card per section, 附件 uploads, save (the version the page was read at: a stale one
is refused with 已被修改，请刷新) and submit — and the files and 评审表 any reader of a
declaration may open. Thin: the rules are in app/titles/services/declarations.py,
title_attachments.py and review_form.py; the form's layout in handlers/titles/form.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.platform.downloads import export_response, upload_response
from app.platform.services.errors import ServiceError
from app.platform.services.uploads import FileStore, IncomingFile
from app.platform.web.common import FormError, as_int, load_form, me, require_login, require_role
from app.platform.web.errors import PageError, on_error, status_of
from app.titles.models.declarations import TitleDeclaration
from app.titles.schemas.declarations import AttachmentFormIn, DeclarationIn, DeclarationUpdateIn
from app.titles.services import attachments as title_attachments
from app.titles.services import declarations, review_form
from app.titles.web.labels import TITLE_LABELS
from handlers.titles.form import BASIC_FIELDS, ROW_SECTIONS, parse_basic, parse_rows
from handlers.titles.vocabulary import TITLE_SECTION_LABELS
from handlers.vocabulary import Role

bp = Blueprint("title_forms", __name__)
bp.before_request(require_login)
HEADER_FIELDS = ("series", "specialty", "level", "current_title", "current_title_date")
HEADER_LABELS = {
    "series": "系列",
    "specialty": "专业",
    "level": "申报级别",
    "current_title": "现专业技术职务",
    "current_title_date": "任职时间",
    "version": "版本",
    "kind": "附件类别",
    "label": "附件说明",
    "file": "文件",
}


@bp.context_processor
def labels() -> dict:
    return {
        **TITLE_LABELS,
        "BASIC_FIELDS": BASIC_FIELDS,
        "ROW_SECTIONS": ROW_SECTIONS,
        "FIELD_NAMES": HEADER_LABELS,
    }


@bp.route("/title/mine/new", methods=["GET", "POST"])
@on_error(
    render=lambda error: _new_page(request.form, error.fields, status_of(error)),
    message=lambda error: _message(error),
)
def new():
    """我的申报 › 新建: what is declared; the sections are filled on the form page next."""
    require_role(Role.DECLARANT)
    if request.method == "GET":
        return _new_page({}, {}, 200)
    data = load_form(DeclarationIn(), _blank_as_none(request.form))
    declaration = declarations.create_declaration(db.session(), me(), data)
    flash("职称申报已创建（草稿），请填写各板块内容", "success")
    return redirect(url_for("title_forms.form", declaration_id=declaration.id))


@bp.get("/title/mine/<id:declaration_id>")
def form(declaration_id: int):
    """The full form: every section, 附件 and 操作历史; read-only once submitted."""
    require_role(Role.DECLARANT)
    declaration = declarations.get_declaration(db.session(), me(), declaration_id)
    return _render_form(declaration, _values_of(declaration), {}, 200)


@bp.post("/title/mine/<id:declaration_id>")
def save(declaration_id: int):
    """保存, or 保存并提交 (``action=submit``): every section at once, at the version the
    page was read at."""
    require_role(Role.DECLARANT)
    declaration = declarations.get_declaration(db.session(), me(), declaration_id)
    values, errors = _parsed(request.form)
    return _save(
        declaration=declaration, declaration_id=declaration_id, values=values, errors=errors
    )


def _save_refused(
    error: PageError, declaration: TitleDeclaration, declaration_id: int, values: dict, **_: Any
) -> tuple[str, int]:
    """The form again: as sent for a form error; for a refusal, the declaration as it is now
    (409, a stale version, keeps the page's version, so saving again is refused too until the
    declarant reloads; 422, 超计划申报, names the field)."""
    if isinstance(error, FormError):
        return _render_form(declaration, values, error.fields, 422)
    fresh = declarations.get_declaration(db.session(), me(), declaration_id)
    return _render_form(fresh, values, error.fields, error.status)


@on_error(render=_save_refused, message=lambda error: _message(error))
def _save(declaration: TitleDeclaration, declaration_id: int, values: dict, errors: dict) -> Any:
    """The posted page saved (and submitted): a declaration not found is the error page
    (``save``), a refused form the form again."""
    if errors:
        raise FormError("填写有误", errors)
    data = load_form(DeclarationUpdateIn(), values)
    saved = declarations.update_declaration(db.session(), me(), declaration_id, data)
    values["version"] = saved.version  # a refused submission shows the saved page
    if request.form.get("action") == "submit":
        declarations.submit_declaration(
            db.session(), me(), declaration_id, current_app.config["BPMN_DIR"]
        )
        flash("职称申报已提交，请在申报状态中查看审查进度", "success")
        return redirect(url_for("titles.mine"))
    flash("已保存", "success")
    return redirect(url_for("title_forms.form", declaration_id=declaration_id))


@bp.post("/title/mine/<id:declaration_id>/attachments")
@on_error(
    render=lambda error, **args: _attach_refused(error, **args),
    message=lambda e: _message(e),
)
def attach(declaration_id: int):
    """附件: one PDF, JPG or PNG (checked and rebuilt like every upload)."""
    require_role(Role.DECLARANT)
    file = request.files.get("file")
    content = file.read(current_app.config["MAX_UPLOAD_BYTES"] + 1) if file else b""
    data = load_form(AttachmentFormIn(), _blank_as_none(request.form))
    title_attachments.add_attachment(
        db.session(),
        me(),
        declaration_id,
        data["kind"],
        data.get("label"),
        IncomingFile(file.filename or "" if file else "", content),
        FileStore.from_config(current_app.config),
    )
    flash("附件已上传", "success")
    return redirect(url_for("title_forms.form", declaration_id=declaration_id) + "#attachments")


@bp.post("/title/mine/<id:declaration_id>/attachments/<id:attachment_id>/delete")
@on_error(redirect_to=lambda declaration_id, **_: _attachments_of(declaration_id))
def detach(declaration_id: int, attachment_id: int):
    require_role(Role.DECLARANT)
    title_attachments.delete_attachment(
        db.session(),
        me(),
        declaration_id,
        attachment_id,
        FileStore.from_config(current_app.config),
    )
    flash("附件已删除", "success")
    return redirect(_attachments_of(declaration_id))


def _attachments_of(declaration_id: int) -> str:
    return url_for("title_forms.form", declaration_id=declaration_id) + "#attachments"


def _attach_refused(error: PageError, declaration_id: int) -> tuple[str, int]:
    """The form page as saved, the upload's refusal flashed over it."""
    declaration = declarations.get_declaration(db.session(), me(), declaration_id)
    return _render_form(declaration, _values_of(declaration), {}, status_of(error))


def _new_page(form: Any, errors: dict[str, str], status: int) -> tuple[str, int]:
    return (
        render_template(
            "titles/declaration_new.html", form=form, errors=errors, title="新建职称申报"
        ),
        status,
    )


@bp.get("/title/declarations/<id:declaration_id>/attachments/<id:attachment_id>")
def attachment(declaration_id: int, attachment_id: int):
    """A 附件 file for its declarant or staff who may read the 附件 section."""
    require_role(Role.DECLARANT, Role.ADMIN, Role.REVIEWER)
    row = title_attachments.get_attachment(db.session(), me(), declaration_id, attachment_id)
    return upload_response(row, current_app.config["UPLOAD_DIR"])


@bp.get("/title/declarations/<id:declaration_id>/review-form")
def review_form_pdf(declaration_id: int):
    """打印评审表 (staff prints are audited as exports)."""
    require_role(Role.DECLARANT, Role.ADMIN, Role.REVIEWER)
    config = current_app.config
    body = review_form.pdf(
        db.session(), me(), declaration_id, config["PDF_FONT"], config["PDF_FONT_INDEX"]
    )
    return export_response(body, "application/pdf", f"评审表-{declaration_id}.pdf")


def _parsed(form: MultiDict) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted page as ``DeclarationUpdateIn`` input, and the section errors found."""
    values: dict[str, Any] = {
        name: (form.get(name) or "").strip() or None for name in HEADER_FIELDS
    }
    values["specialty"] = (form.get("specialty") or "").strip()
    values["series"] = values["series"] or ""
    values["level"] = values["level"] or ""
    values["version"] = as_int(form.get("version", ""))
    basic, errors = parse_basic(form)
    sections: dict[str, Any] = {"basic": basic}
    for key in ROW_SECTIONS:
        rows, row_errors = parse_rows(key, form)
        sections[key] = rows
        errors |= row_errors
    values["sections"] = sections
    return values, errors


def _values_of(declaration: TitleDeclaration) -> dict[str, Any]:
    """The stored declaration as the form shows it."""
    values: dict[str, Any] = {name: getattr(declaration, name) for name in HEADER_FIELDS}
    values["version"] = declaration.version
    values["sections"] = {key: declaration.sections.get(key) for key in ("basic", *ROW_SECTIONS)}
    return values


def _render_form(
    declaration: TitleDeclaration, values: dict[str, Any], errors: dict[str, str], status: int
):
    sections = values.get("sections") or {}
    rows = {
        key: [row for row in (sections.get(key) or []) if isinstance(row, dict)]
        for key in ROW_SECTIONS
    }
    basic = sections.get("basic") if isinstance(sections.get("basic"), dict) else {}
    return (
        render_template(
            "titles/declaration_form.html",
            declaration=declaration,
            values=values,
            basic=basic,
            rows=rows,
            errors=errors,
            editable=declaration.status in declarations.EDITABLE,
            attachments=declaration.attachments,
            events=declarations.history(db.session(), me(), declaration.id),
            max_bytes=current_app.config["MAX_UPLOAD_BYTES"],
            title="我的申报",
        ),
        status,
    )


def _blank_as_none(form: MultiDict) -> dict[str, Any]:
    return {key: (value.strip() or None) for key, value in form.items()}


def _message(error: FormError | ServiceError) -> str:
    """The message over the form: a form error names each field by the label the page gives
    it (论文第1行·论文题目：…); a service error is its own sentence."""
    if isinstance(error, FormError):
        named = [f"{_field_label(name)}：{message}" for name, message in error.fields.items()]
        return "填写有误：" + ("；".join(named) or "请检查输入")
    return error.message


def _field_label(name: str) -> str:
    if name in HEADER_LABELS:
        return HEADER_LABELS[name]
    parts = name.split("-")
    if parts[0] == "basic" and len(parts) == 2:
        return f"基本信息·{dict(BASIC_FIELDS).get(parts[1], parts[1])}"
    if parts[0] in ROW_SECTIONS and len(parts) == 3 and parts[1].isdigit():
        column = dict(ROW_SECTIONS[parts[0]]).get(parts[2], parts[2])
        return f"{TITLE_SECTION_LABELS[parts[0]]}第{int(parts[1]) + 1}行·{column}"
    return TITLE_SECTION_LABELS.get(parts[0], name)
