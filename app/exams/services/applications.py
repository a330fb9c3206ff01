"""Applicant use cases: register, fill in, upload, submit and resubmit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.schemas.applications import FORM_FIELDS, REQUIRED_FORM_FIELDS
from app.exams.schemas.labels import FIELD_LABELS
from app.exams.services import audit as exam_audit
from app.exams.services import engine
from app.exams.services.facts import review_facts
from app.exams.services.scope import get_application
from app.exams.services.trades import trade_problems
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import audit, seasons
from app.platform.services.admin import check_id_number
from app.platform.services.auth import hash_password
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.seasons import first_year
from app.platform.services.transaction import committing
from handlers.exams.applicant import form_problems, identity_problems, submission_problems
from handlers.exams.required_documents import missing_documents
from handlers.exams.vocabulary import Status
from handlers.vocabulary import Lane, Role, TaskState

ONE_PER_YEAR = "本年度已填写报名信息"
"""One application per applicant and exam year (the unique key of applications)."""


@dataclass(frozen=True)
class Settings:
    """What the applicant use cases need from configuration, passed in explicitly. ``year`` is
    the exam year a new form is checked against: the current season's (see
    ``app.platform.context.settings``), and before the first season the year it will have."""

    bpmn_dir: Path
    year: int
    today: date

    @classmethod
    def from_config(cls, config: Mapping[str, Any], today: date) -> Settings:
        """The first season's year is configured (EXAM_YEAR) or, by default, the current
        year."""
        return cls(config["BPMN_DIR"], first_year(config, today), today)


def register_applicant(session: Session, data: dict[str, Any]) -> User:
    check_id_number(data["id_number"])
    org = session.scalars(select(Org).filter_by(code=data["org_code"])).first()
    if org is None or org.level != Lane.UNIT:
        raise Invalid("所选单位不存在", {"org_code": "所选单位不存在或不是基层单位"})
    if session.scalars(select(User).filter_by(username=data["id_number"])).first():
        raise Conflict("该身份证号已注册", {"id_number": "该身份证号已注册"})
    user = User(
        username=data["id_number"],
        id_number=data["id_number"],
        name=data["name"],
        phone=data["phone"],
        role=Role.APPLICANT,
        org_id=org.id,
        password_hash=hash_password(data["password"]),
        must_change_password=False,
    )
    with committing(session, "该身份证号已注册", {"id_number": "该身份证号已注册"}):
        session.add(user)
    return user


def create_application(
    session: Session, user: User, form: dict[str, Any], settings: Settings
) -> Application:
    _require_applicant(user)
    with committing(session, ONE_PER_YEAR, {"year": ONE_PER_YEAR}):
        application = _new_application(session, user, form, settings)
        audit.record(session, application, user, "create")
    return application


def update_application(
    session: Session,
    user: User,
    application_id: int,
    changes: dict[str, Any],
    settings: Settings,
) -> Application:
    application = own_editable(session, user, application_id)
    _check_form(
        session,
        form_of(application) | changes,
        application.id_number,
        settings.today,
        application.year,
    )
    with committing(session):
        for name, value in changes.items():
            setattr(application, name, value)
        audit.record(session, application, user, "update")
    return application


def submit(session: Session, user: User, application_id: int, settings: Settings) -> Application:
    """Send the application into review. After a return inside the process this completes the
    applicant's 修改并重新提交 task; after a reopening or a re-application (the previous
    process has ended) it starts a fresh review process. Either way the diagram routes it again
    on freshly computed facts, so an edited form may take a different path.
    """
    application = own_editable(session, user, application_id)
    _check_complete(session, application, settings)
    with committing(session, "报名信息已提交，请勿重复提交"):
        _enter_review(session, application, user, settings)
    return application


def declare_exceptional_for(
    session: Session, actor: User, data: dict[str, Any], settings: Settings
) -> Application:
    """破格申报 entered by the county on an applicant's behalf: goes straight to the county's
    破格人员审核 (the diagram skips unit levels for county declarations).
    """
    if not actor.is_reviewer or actor.level != Lane.COUNTY:
        raise Forbidden("仅县区管理员或审核员可以代为破格申报")
    applicant = session.scalars(
        select(User).filter_by(username=data.pop("id_number"), role=Role.APPLICANT)
    ).first()
    if applicant is None or not actor.org.contains(applicant.org):
        raise NotFound("报考人员不存在，请先通过补报添加账号", {"id_number": "报考人员不存在"})
    form = {**data, "exceptional": True, "declared_by_county": True}
    _refuse(submission_problems(form))
    with committing(session, "该报考人员本年度已有报名信息"):
        application = _new_application(session, applicant, form, settings)
        _enter_review(session, application, actor, settings, action="declare_exceptional")
    return application


def _new_application(
    session: Session, applicant: User, form: dict[str, Any], settings: Settings
) -> Application:
    """The open season's application of ``applicant``; name, ID number and unit from the
    account, the year from the season."""
    if applicant.id_number is None:  # applicants register with theirs; staff accounts have none
        raise Forbidden("只有登记了证件号的报考人员可以报名")
    season = seasons.for_registration(session, seasons.EXAM, settings.year)
    if _in_season(session, applicant, season.id):
        raise Conflict(ONE_PER_YEAR, {"year": ONE_PER_YEAR})
    _check_form(session, form, applicant.id_number, settings.today, season.year)
    application = Application(
        applicant_id=applicant.id,
        org_id=applicant.org_id,
        season_id=season.id,
        year=season.year,
        name=applicant.name,
        id_number=applicant.id_number,
        **form,
    )
    session.add(application)
    session.flush()
    return application


def _enter_review(
    session: Session,
    application: Application,
    actor: User,
    settings: Settings,
    action: str | None = None,
) -> None:
    """Start or resume the review (inside the caller's transaction)."""
    status_from = application.status
    facts = review_facts(session, application, application.year)
    application.submitted_at = utcnow()
    revise = session.scalars(
        select(Task).filter_by(
            application_id=application.id,
            state=TaskState.READY,
            candidate_user_id=application.applicant_id,
        )
    ).first()
    if revise is not None:
        done = engine.complete(session, application, revise, actor, "resubmit", data=facts)
    else:
        done = engine.begin(session, application, engine.MAIN_PROCESS, settings.bpmn_dir, facts)
    application.return_reason = None
    action = action or ("submit" if status_from == Status.DRAFT else "resubmit")
    audit.record(
        session,
        application,
        actor,
        action,
        status_from=status_from,
        task=revise,
        definition=done.definition,
        details={"facts": facts},
    )
    exam_audit.record_skips(session, application, done)


def application_detail(session: Session, user: User, application_id: int) -> Application:
    """One application with its full ID number (lists mask it): shown to anyone but the
    applicant, that view is itself an audit event, committed before the answer is sent."""
    application = get_application(session, user, application_id)
    exam_audit.record_id_view(session, user, application)
    return application


def own_editable(session: Session, user: User, application_id: int) -> Application:
    _require_applicant(user)
    application = get_application(session, user, application_id)
    seasons.require_open(application.season)
    if not application.editable:
        raise Conflict("报名信息已提交审核，当前不能修改")
    return application


def _require_applicant(user: User) -> None:
    if not user.is_applicant:
        raise Forbidden("仅报考人员可以操作")


def form_of(application: Application) -> dict[str, Any]:
    """The application's form fields as the rules read them."""
    return {name: getattr(application, name) for name in FORM_FIELDS}


def _check_form(
    session: Session, form: dict[str, Any], id_number: str, today: date, year: int
) -> None:
    """Every rule a saved form must meet, whoever enters it (applicant or county), for the
    exam ``year``; the trades must be names of the catalogue, which auto-review matches the
    往年合格库 on."""
    problems = form_problems(form, today, year)
    _refuse(problems | identity_problems(form, id_number) | trade_problems(session, form))


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        raise Invalid(next(iter(problems.values())), problems)


def _check_complete(session: Session, application: Application, settings: Settings) -> None:
    """A submission needs every field, the materials the seed requires of its form
    (handlers/exams/required_documents.py), a form that still meets the rules (it may have been
    saved before a rule existed) and nothing that forbids applying at all."""
    missing = {
        name: "必填项" for name in REQUIRED_FORM_FIELDS if getattr(application, name) is None
    }
    documents = missing_documents(
        {**form_of(application), "declared_by_county": application.declared_by_county},
        (upload.kind for upload in application.uploads),
    )
    if missing or documents:
        named = [f"{FIELD_LABELS.get(name, name)}未填写" for name in missing]
        raise Invalid(
            "报名信息不完整：" + "；".join(named + list(documents.values())), missing | documents
        )
    _check_form(
        session, form_of(application), application.id_number, settings.today, application.year
    )
    _refuse(submission_problems(form_of(application)))


def current_for_applicant(session: Session, user: User) -> Application | None:
    """The applicant's application of the current season, if they started one."""
    season = seasons.current(session, seasons.EXAM)
    return _in_season(session, user, season.id) if season is not None else None


def _in_season(session: Session, user: User, season_id: int) -> Application | None:
    return session.scalars(
        select(Application).filter_by(applicant_id=user.id, season_id=season_id)
    ).first()
