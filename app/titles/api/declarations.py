"""The title platform's API (seed 004): a unit's declarants and reviewers' title roles
(admins), declarations (declarants; staff read them within their permissions) and the
审查推荐 inbox and decisions (handlers and leaders)."""

from __future__ import annotations

from flask import Response, current_app

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.context import initial_passwords
from app.platform.downloads import export_response, upload_response
from app.platform.schemas.audit import HistoryOut
from app.platform.services.uploads import FileStore, IncomingFile
from app.titles.schemas.declarations import (
    AttachmentIn,
    AttachmentOut,
    DeclarantIn,
    DeclarantOut,
    DeclarantUpdateIn,
    DeclarationDetailOut,
    DeclarationIn,
    DeclarationOut,
    DeclarationPageOut,
    DeclarationQuery,
    DeclarationUpdateIn,
    InboxPageOut,
    InboxQuery,
    InterviewIn,
    ReviewerPermissionsIn,
    ReviewerPermissionsOut,
    SectionOut,
    SectionReviewOut,
    SectionsReviewedIn,
    TitleActionIn,
    TitleReviewerOut,
    TitleTaskDetailOut,
    TitleTaskOut,
)
from app.titles.services import (
    attachments,
    declarations,
    review,
    review_form,
    section_reviews,
    staff,
)

blp = Blueprint("api_titles", __name__, description="职称申报与审查推荐")


@blp.get("/title/declarants")
@blp.response(200, DeclarantOut(many=True))
def list_declarants():
    """单位人员管理: my org's declarants (admins)."""
    return staff.list_declarants(db.session(), current_api_user())


@blp.post("/title/declarants")
@blp.arguments(DeclarantIn)
@blp.response(201, DeclarantOut)
def create_declarant(data: dict):
    """Add a declarant to my org: login = ID number, initial password = its last six
    characters (X upper-case), to be changed at the first login."""
    return staff.create_declarant(db.session(), current_api_user(), data, initial_passwords())


@blp.patch("/title/declarants/<id:declarant_id>")
@blp.arguments(DeclarantUpdateIn)
@blp.response(200, DeclarantOut)
def update_declarant(data: dict, declarant_id: int):
    return staff.update_declarant(db.session(), current_api_user(), declarant_id, data)


@blp.delete("/title/declarants/<id:declarant_id>")
@blp.response(204)
def delete_declarant(declarant_id: int):
    """Only a declarant who never declared (409 otherwise)."""
    staff.delete_declarant(db.session(), current_api_user(), declarant_id)


@blp.get("/title/reviewers")
@blp.response(200, TitleReviewerOut(many=True))
def list_reviewers():
    """审查人员角色分配: my org's reviewer accounts with their title role and permissions."""
    return staff.list_reviewers(db.session(), current_api_user())


@blp.put("/title/reviewers/<id:user_id>")
@blp.arguments(ReviewerPermissionsIn)
@blp.response(200, ReviewerPermissionsOut)
def set_reviewer(data: dict, user_id: int):
    """设置角色 / 设置角色审查权限: handler or leader, and the series and sections it reviews."""
    return staff.set_reviewer(db.session(), current_api_user(), user_id, data)


@blp.post("/title/declarations")
@blp.arguments(DeclarationIn)
@blp.response(201, DeclarationOut)
def create_declaration(data: dict):
    """A declarant's new draft (one open declaration at a time)."""
    return declarations.create_declaration(db.session(), current_api_user(), data)


@blp.get("/title/declarations")
@blp.arguments(DeclarationQuery, location="query")
@blp.response(200, DeclarationPageOut)
def list_declarations(filters: dict):
    """申报人员状态查询: my own (declarants) or my subtree's (staff), with status, committee
    and interview."""
    return declarations.list_declarations(db.session(), current_api_user(), filters)


@blp.get("/title/declarations/<id:declaration_id>")
@blp.response(200, DeclarationDetailOut)
def get_declaration(declaration_id: int):
    """A declaration with the sections the caller may read."""
    return declarations.declaration_view(db.session(), current_api_user(), declaration_id)


@blp.patch("/title/declarations/<id:declaration_id>")
@blp.arguments(DeclarationUpdateIn)
@blp.response(200, DeclarationOut)
def update_declaration(data: dict, declaration_id: int):
    """Edit my draft or returned declaration (``version``: 409 if it changed meanwhile)."""
    return declarations.update_declaration(db.session(), current_api_user(), declaration_id, data)


@blp.post("/title/declarations/<id:declaration_id>/submit")
@blp.response(200, DeclarationOut)
def submit_declaration(declaration_id: int):
    """Submit (starts 审查推荐 at my unit) or resubmit after a return (starts again there)."""
    return declarations.submit_declaration(
        db.session(), current_api_user(), declaration_id, current_app.config["BPMN_DIR"]
    )


@blp.get("/title/declarations/<id:declaration_id>/history")
@blp.response(200, HistoryOut(many=True))
def declaration_history(declaration_id: int):
    """操作历史: every event of the declaration (its own audit chain), oldest first."""
    return declarations.history(db.session(), current_api_user(), declaration_id)


@blp.put("/title/declarations/<id:declaration_id>/interview")
@blp.arguments(InterviewIn)
@blp.response(200, DeclarationOut)
def set_interview(data: dict, declaration_id: int):
    """面试通知: the committee's org sets the interview notice and place."""
    return declarations.set_interview(db.session(), current_api_user(), declaration_id, data)


@blp.get("/title/declarations/<id:declaration_id>/sections/<section_key>")
@blp.response(200, SectionOut)
def get_section(declaration_id: int, section_key: str):
    """One section: 403 when the caller's permissions do not grant it."""
    return declarations.section(db.session(), current_api_user(), declaration_id, section_key)


@blp.post("/title/declarations/<id:declaration_id>/attachments")
@blp.arguments(AttachmentIn, location="multipart")
@blp.response(201, AttachmentOut)
def add_attachment(form: dict, declaration_id: int):
    """附件: one PDF, JPG or PNG on my draft or returned declaration (checked by content,
    rebuilt, size-limited like every upload)."""
    file = form["file"]
    content = file.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    return attachments.add_attachment(
        db.session(),
        current_api_user(),
        declaration_id,
        form["kind"],
        form.get("label"),
        IncomingFile(file.filename or "", content),
        FileStore.from_config(current_app.config),
    )


FILE_RESPONSE = {
    "200": {
        "description": "The file",
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in ("application/pdf", "image/jpeg", "image/png")
        },
    }
}


@blp.get("/title/declarations/<id:declaration_id>/attachments/<id:attachment_id>")
@blp.doc(responses=FILE_RESPONSE)
def attachment(declaration_id: int, attachment_id: int) -> Response:
    """One 附件 file, for whoever may read the 附件 section (403 without it)."""
    row = attachments.get_attachment(
        db.session(), current_api_user(), declaration_id, attachment_id
    )
    return upload_response(row, current_app.config["UPLOAD_DIR"])


@blp.delete("/title/declarations/<id:declaration_id>/attachments/<id:attachment_id>")
@blp.response(204)
def delete_attachment(declaration_id: int, attachment_id: int):
    """Remove one 附件 while the declaration is draft or returned."""
    attachments.delete_attachment(
        db.session(),
        current_api_user(),
        declaration_id,
        attachment_id,
        FileStore.from_config(current_app.config),
    )


@blp.get("/title/declarations/<id:declaration_id>/review-form")
@blp.doc(responses={"200": {"description": "评审表", "content": {"application/pdf": {}}}})
def review_form_pdf(declaration_id: int) -> Response:
    """评审表 (PDF): the declarant's own; staff in scope, without the sections they may not
    read (audited as an export)."""
    config = current_app.config
    body = review_form.pdf(
        db.session(),
        current_api_user(),
        declaration_id,
        config["PDF_FONT"],
        config["PDF_FONT_INDEX"],
    )
    return export_response(body, "application/pdf", f"评审表-{declaration_id}.pdf")


@blp.get("/title/tasks")
@blp.arguments(InboxQuery, location="query")
@blp.response(200, InboxPageOut)
def inbox(filters: dict):
    """首页待办: tasks at my org for my title role, in my series, oldest first."""
    return review.inbox(db.session(), current_api_user(), filters)


@blp.get("/title/tasks/<id:title_task_id>")
@blp.response(200, TitleTaskDetailOut)
def task_detail(title_task_id: int):
    """A task with its declaration's permitted sections, and who has reviewed each section
    on the task (a pass needs all of them)."""
    task, view = review.task_view(db.session(), current_api_user(), title_task_id)
    reviews = section_reviews.overview(db.session(), task)
    return {"task": task, "declaration": view, "section_reviews": reviews}


@blp.post("/title/tasks/<id:title_task_id>/sections")
@blp.arguments(SectionsReviewedIn)
@blp.response(200, SectionReviewOut(many=True))
def review_sections(data: dict, title_task_id: int):
    """审查通过 of some sections on a task at my org for my role (403 for a section I may
    not see, 409 once decided): another reviewer of my org permitted the others can then
    pass it."""
    return review.mark_sections(db.session(), current_api_user(), title_task_id, data["sections"])


@blp.post("/title/tasks/<id:title_task_id>/complete")
@blp.arguments(TitleActionIn)
@blp.response(200, TitleTaskOut)
def complete_task(data: dict, title_task_id: int):
    """通过 / 退回修改 / 未通过 (return and reject need a reason). 409 if already done."""
    return review.complete_task(
        db.session(), current_api_user(), title_task_id, data["action"], data["comment"]
    )
