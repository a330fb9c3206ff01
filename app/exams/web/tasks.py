"""One review task: the page with its checklist, the decision, batch passing of 自动审核, and
the 容缺后补 steps a unit takes from a task (commitment letter, marking, deferred materials).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from app.exams.models.applications import UPLOAD_KINDS
from app.exams.schemas.casework import RemarkSchema
from app.exams.schemas.review import BulkActionSchema, TaskActionSchema
from app.exams.schemas.uploads import ReviewUploadFormSchema
from app.exams.services import deferral, materials, qualified, review, uploads
from app.extensions import db
from app.platform.models.workflow import Task
from app.platform.services.errors import Conflict
from app.platform.services.uploads import FileStore, IncomingFile
from app.platform.web.common import FormError, form_ids, load_form, me, reviewers_only, safe_next
from app.platform.web.errors import first_field, on_error
from handlers.exams.materials import may_mark_deferral
from handlers.exams.senior import evidence_years
from handlers.exams.vocabulary import REASON_REQUIRED_ACTIONS, TASK_ACTION_LABELS, Queue
from handlers.vocabulary import TaskState

bp = Blueprint("tasks", __name__)
bp.before_request(reviewers_only)
DANGER_ACTIONS = frozenset({"reject", "reopen_reject", "return", "reopen_return"})
# Asked once more before they are sent: the final refusals, and sending the application
# back to the applicant (退回本人), which ends this round of review.
CONFIRM_ACTIONS = REASON_REQUIRED_ACTIONS | {"return", "reopen_return"}
PRIMARY_ACTIONS = frozenset({"pass", "confirm", "no_objection", "no_opinion"})
QUEUE_ACTION_LABELS = {("deferred", "confirm"): "确认材料已补"}


@bp.get("/review/tasks/<id:task_id>")
def show(task_id: int):
    return _render_task(task_id, errors={}, status=200)


@bp.post("/review/tasks/<id:task_id>")
@on_error(render=lambda error, task_id: _render_task(task_id, errors=error.fields, status=422))
@on_error(redirect_to=lambda task_id: url_for("review.inbox"), catch=(Conflict,))
def complete(task_id: int):
    """One review decision. Form and rule errors (a reason the diagram requires) re-show the
    page; a task someone else already handled (409) goes back to the inbox with the reason.
    With ``then=next`` (通过并下一条) the oldest task still waiting in the same queue opens
    next, and the inbox once the queue is empty.
    """
    data = load_form(TaskActionSchema(), request.form)
    done = review.complete_task(db.session(), me(), task_id, data["action"], data["comment"])
    flash(f"已{_action_label(done, data['action'])} {done.application.name}", "success")
    if request.args.get("then") == "next":
        following = review.next_task(db.session(), me(), done)
        if following is not None:
            return redirect(url_for("tasks.show", task_id=following.id))
        flash("本队列已全部审核完毕", "info")
    return redirect(url_for("review.inbox", queue=done.queue))


@bp.post("/review/tasks/bulk")
@on_error(redirect_to=lambda: url_for("review.inbox", queue=Queue.AUTO), catch=(FormError,))
def bulk():
    """批量通过 the ticked 自动审核 tasks; every item succeeds or fails on its own."""
    ids = form_ids("task_ids")
    if not ids:
        flash("请勾选要批量通过的数据", "error")
        return redirect(url_for("review.inbox", queue=Queue.AUTO))
    data = load_form(BulkActionSchema(), {"task_ids": ids, "action": "pass"})
    results = review.bulk_complete(db.session(), me(), data["task_ids"], "pass", "")
    return render_template("review/bulk.html", results=results, title="批量通过结果")


@bp.post("/review/applications/<id:application_id>/deferral")
@on_error(redirect_to=lambda **_: _back(url_for("review.inbox", queue=Queue.SENIOR)))
def defer(application_id: int):
    """标记容缺后补 at unit, supervising-unit or county 高级技师审核 (commitment letter first)."""
    data = load_form(RemarkSchema(), request.form)
    deferral.mark_deferred(
        db.session(), me(), application_id, data["remark"], current_app.config["BPMN_DIR"]
    )
    flash("已标记容缺后补，材料补齐后请在容缺后补中确认", "success")
    return redirect(_back(url_for("review.inbox", queue=Queue.SENIOR)))


@bp.post("/review/applications/<id:application_id>/stamp-id-photo")
@on_error(redirect_to=lambda **_: _back(url_for("review.inbox")))
def stamp_id_photo(application_id: int):
    """添加身份证号 from the task page: one click, back to the page showing the stamped copy."""
    uploads.stamp_id_photo(
        db.session(), me(), application_id, FileStore.from_config(current_app.config)
    )
    flash("已在身份证照片上添加身份证号（原照片保留）", "success")
    return redirect(_back(url_for("review.inbox")))


@bp.post("/review/applications/<id:application_id>/review-files")
@on_error(
    redirect_to=lambda **_: _back(url_for("review.inbox")),
    message=lambda error: "上传失败：" + first_field(error),
)
def review_upload(application_id: int):
    """Reviewer files from the task page: the salary sheet and per-year evidence at 高级技师审核,
    the 单位盖章承诺书, and 容缺后补材料 at the level that supplies them."""
    file = request.files.get("file")
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    data = load_form(ReviewUploadFormSchema(), {k: v for k, v in request.form.items() if v})
    if not file:
        raise FormError("请选择文件", {"file": "请选择要上传的文件"})
    incoming = IncomingFile(file.filename or "", file.read(max_bytes + 1), data["year"])
    uploads.add_review_upload(
        db.session(),
        me(),
        application_id,
        data["kind"],
        incoming,
        FileStore.from_config(current_app.config),
    )
    flash(f"{UPLOAD_KINDS[data['kind']]}已上传", "success")
    return redirect(_back(url_for("review.inbox")))


def _back(default: str) -> str:
    """The task page the form was sent from (its ``next`` field), else ``default``."""
    return safe_next(request.form.get("next"), default)


def _render_task(task_id: int, errors: dict[str, str], status: int) -> tuple[str, int]:
    task = review.task_detail(db.session(), me(), task_id)
    application = task.application
    actionable = task.state == TaskState.READY and task.candidate_org_id == me().org_id
    actions = task.allowed_actions if actionable else []
    checklist = materials.check(db.session(), task) if task.queue == Queue.SENIOR else None
    return render_template(
        "review/task.html",
        task=task,
        application=application,
        actions=sorted(actions, key=lambda a: (a not in DANGER_ACTIONS) + (a in PRIMARY_ACTIONS)),
        labels={a: _action_label(task, a) for a in actions},
        danger=DANGER_ACTIONS,
        confirm_actions=CONFIRM_ACTIONS,
        primary=PRIMARY_ACTIONS,
        comment_for=[_action_label(task, a) for a in actions if task.needs_comment(a)],
        checklist=checklist,
        qualified=qualified.evidence(db.session(), me(), application.id),
        pass_refusal=checklist.pass_message() if checklist and checklist.pass_problems() else "",
        evidence_years=evidence_years(application.appraisals or [], application.year),
        can_defer=actionable and task.queue == Queue.SENIOR and may_mark_deferral(task.lane),
        can_supply=actionable and task.queue == Queue.DEFERRED,
        errors=errors,
        form=request.form,
    ), status


def _action_label(task: Task, action: str) -> str:
    return QUEUE_ACTION_LABELS.get((task.queue, action)) or TASK_ACTION_LABELS.get(action, action)
