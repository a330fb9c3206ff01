"""Applicant use cases: register, fill in, upload, submit and resubmit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, Org, Task, User
from app.models.applications import REQUIRED_UPLOADS, UPLOAD_KINDS
from app.models.base import utcnow
from app.schemas import FORM_FIELDS
from app.services import audit, engine
from app.services.auth import hash_password
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.scope import get_application, org_chain
from app.services.transaction import committing
from handlers.applicant import form_problems

PROCESS_ID = "manual_review"


@dataclass(frozen=True)
class Settings:
    """What the applicant use cases need from configuration, passed in explicitly."""

    bpmn_dir: Path
    year: int
    today: date

    @classmethod
    def from_config(cls, config: Mapping[str, Any], today: date) -> Settings:
        """The exam year is configured (EXAM_YEAR) or, by default, the current year."""
        return cls(config["BPMN_DIR"], config["EXAM_YEAR"] or today.year, today)


def register_applicant(session: Session, data: dict[str, Any]) -> User:
    org = session.scalars(select(Org).filter_by(code=data["org_code"])).first()
    if org is None or org.level != "unit":
        raise Invalid("所选单位不存在", {"org_code": "所选单位不存在或不是基层单位"})
    if session.scalars(select(User).filter_by(username=data["id_number"])).first():
        raise Conflict("该身份证号已注册", {"id_number": "该身份证号已注册"})
    user = User(
        username=data["id_number"],
        id_number=data["id_number"],
        name=data["name"],
        phone=data["phone"],
        role="applicant",
        org_id=org.id,
        password_hash=hash_password(data["password"]),
        must_change_password=False,
    )
    session.add(user)
    session.commit()
    return user


def create_application(
    session: Session, user: User, form: dict[str, Any], settings: Settings
) -> Application:
    _require_applicant(user)
    if session.scalars(
        select(Application).filter_by(applicant_id=user.id, year=settings.year)
    ).first():
        raise Conflict("本年度已填写报名信息", {"year": "本年度已填写报名信息"})
    _check_form(form, settings.today)
    application = Application(
        applicant_id=user.id,
        org_id=user.org_id,
        year=settings.year,
        name=user.name,
        id_number=user.id_number,
        **form,
    )
    session.add(application)
    session.flush()
    audit.record(session, application, user, "create")
    session.commit()
    return application


def update_application(
    session: Session, user: User, application_id: int, changes: dict[str, Any], today: date
) -> Application:
    application = own_editable(session, user, application_id)
    merged = {name: getattr(application, name) for name in FORM_FIELDS} | changes
    _check_form(merged, today)
    for name, value in changes.items():
        setattr(application, name, value)
    audit.record(session, application, user, "update")
    session.commit()
    return application


def submit(session: Session, user: User, application_id: int, settings: Settings) -> Application:
    """First submission starts the review process; after a return it completes the
    applicant's 修改并重新提交 task, so review re-enters at the unit level.
    """
    application = own_editable(session, user, application_id)
    _check_complete(application, settings.today)
    status_from = application.status
    with committing(session, "报名信息已提交，请勿重复提交"):
        application.submitted_at = utcnow()
        if status_from == "draft":
            chain = org_chain(application.org)
            engine.start_instance(
                session,
                application,
                PROCESS_ID,
                settings.bpmn_dir,
                {"has_supervising_unit": "supervising_unit" in chain},
            )
            audit.record(session, application, user, "submit", status_from=status_from)
        else:
            task = session.scalars(
                select(Task).filter_by(
                    application_id=application.id, candidate_user_id=user.id, state="ready"
                )
            ).first()
            if task is None:
                raise Conflict("当前没有待重新提交的报名")
            engine.complete(session, application, task, user, "resubmit")
            application.return_reason = None
            audit.record(session, application, user, "resubmit", status_from=status_from, task=task)
    return application


def own_editable(session: Session, user: User, application_id: int) -> Application:
    _require_applicant(user)
    application = get_application(session, user, application_id)
    if not application.editable:
        raise Conflict("报名信息已提交审核，当前不能修改")
    return application


def _require_applicant(user: User) -> None:
    if user.role != "applicant":
        raise Forbidden("仅报考人员可以操作")


def _check_form(form: dict[str, Any], today: date) -> None:
    problems = form_problems(form, today)
    if problems:
        raise Invalid(next(iter(problems.values())), problems)


def _check_complete(application: Application, today: date) -> None:
    missing = {name: "必填项" for name in FORM_FIELDS if getattr(application, name) is None}
    kinds = {u.kind for u in application.uploads}
    missing |= {
        kind: f"请上传{UPLOAD_KINDS[kind]}" for kind in REQUIRED_UPLOADS if kind not in kinds
    }
    if missing:
        raise Invalid("报名信息不完整：" + "、".join(missing), missing)
    _check_form({name: getattr(application, name) for name in FORM_FIELDS}, today)


def current_for_applicant(session: Session, user: User, year: int) -> Application | None:
    """The applicant's application for ``year``, if they started one."""
    return session.scalars(select(Application).filter_by(applicant_id=user.id, year=year)).first()
