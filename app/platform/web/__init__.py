"""Server-rendered pages (zh-CN): one blueprint per area, session login via Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from app.api.context import initial_passwords
from app.extensions import db, login_manager
from app.models import User
from app.models.applications import UPLOAD_KINDS
from app.services import auth as auth_service
from app.services import library, trades
from app.services.instances import may_audit
from app.services.scope import place_name
from app.services.seasons import EXAM, seasons_of
from app.web.common import login_redirect
from handlers.applicant import EDUCATION_LEVELS, GRADE_LABELS
from handlers.clock import format_date, format_date_cn, format_time
from handlers.idcard import mask
from handlers.phones import mask_phone
from handlers.senior import APPRAISAL_GRADES, QUALIFYING_CONDITIONS, appraisal_years
from handlers.title_form import BASIC_FIELDS, cell_text, row_columns
from handlers.vocabulary import (
    AUDIT_LABELS,
    AUTO_CONDITIONS,
    CONTEXT_LABELS,
    FACT_LABELS,
    STATUS_LABELS,
)

GENDER_LABELS = {"male": "男", "female": "女"}


def init_app(app: Flask) -> None:
    from app.web import (
        admin,
        applicant,
        audit,
        auth,
        casework,
        county,
        experts,
        files,
        governance,
        history,
        org_pages,
        profile,
        review,
        seasons,
        statistics,
        tasks,
        tickets,
        title_forms,
        title_people,
        title_plans,
        titles,
    )
    from app.web.menu import (
        ROSTERS,
        plan_inbox_count,
        review_menu,
        scope_orgs,
        title_inbox_count,
        title_open_declaration,
        title_reviewer_role,
    )

    login_manager.login_view = "auth.login"
    login_manager.unauthorized_handler(login_redirect)

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        return auth_service.user_for_session(db.session, session_id)

    for module in (
        auth,
        applicant,
        review,
        tasks,
        casework,
        county,
        statistics,
        admin,
        seasons,
        audit,
        files,
        governance,
        history,
        tickets,
        titles,
        title_forms,
        title_people,
        title_plans,
        org_pages,
        experts,
        profile,
    ):
        app.register_blueprint(module.bp)
    app.add_template_filter(format_time, "dt")  # every time a person reads: Beijing time
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_date_cn, "date_cn")
    app.add_template_filter(mask, "mask")
    app.add_template_filter(mask_phone, "mask_phone")
    app.add_template_filter(grade_label, "grade")
    app.add_template_filter(gender_label, "gender")
    app.add_template_filter(format_duration, "duration")
    app.jinja_env.globals.update(  # globals, so imported macros see them too
        GRADE_LABELS=GRADE_LABELS,
        EDUCATION_LEVELS=EDUCATION_LEVELS,
        STATUS_LABELS=STATUS_LABELS,
        UPLOAD_KINDS=UPLOAD_KINDS,
        TITLE_BASIC_FIELDS=BASIC_FIELDS,
        title_row_columns=row_columns,
        title_cell=cell_text,
        ACTION_LABELS=AUDIT_LABELS,
        AUTO_CONDITIONS=AUTO_CONDITIONS,
        CONTEXT_LABELS=CONTEXT_LABELS,
        FACT_LABELS=FACT_LABELS,
        QUALIFYING_CONDITIONS=QUALIFYING_CONDITIONS,
        APPRAISAL_GRADES=APPRAISAL_GRADES,
        ROSTERS=ROSTERS,
        appraisal_years=appraisal_years,
        review_menu=review_menu,
        title_inbox_count=title_inbox_count,
        title_reviewer_role=title_reviewer_role,
        title_open_declaration=title_open_declaration,
        plan_inbox_count=plan_inbox_count,
        may_audit=may_audit,
        place_name=lambda org: place_name(db.session, org),
        may_read_library=_may_read_library,
        trade_names=lambda: trades.active_names(db.session),
        initial_password=lambda kind: initial_passwords().told(kind),
        exam_seasons=lambda: seasons_of(db.session, EXAM),
        scope_orgs=scope_orgs,
    )


def _may_read_library() -> bool:
    """Whether pages may link the process library for the viewer (a decision's 流程版本)."""
    return current_user.is_authenticated and library.may_read(current_user)


def format_duration(seconds: int | None) -> str:
    """How long a task took (or has waited), as a reviewer says it: 2天3小时, 5小时12分."""
    if seconds is None:
        return ""
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days}天{hours}小时"
    if hours:
        return f"{hours}小时{minutes}分"
    return f"{minutes}分" if minutes else "不足1分钟"


def grade_label(value: int | None) -> str:
    return GRADE_LABELS.get(value, "") if value is not None else ""


def gender_label(value: str | None) -> str:
    return GENDER_LABELS.get(value or "", "")
