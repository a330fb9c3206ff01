"""One application's audit chain exported (JSON, or the printable PDF of ``trail_pdf``), so it
verifies elsewhere with the platform's ``app.platform.services.trail``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services.scope import get_application
from app.platform.models.audit import AuditEvent
from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.services.errors import Forbidden
from app.platform.services.trail import HOW_TO_VERIFY, event_document
from handlers.audit_chain import (
    HASHED_FIELDS,
    application_chain,
    at_text,
)
from handlers.idcard import mask


def export(session: Session, user: User, application_id: int) -> dict[str, Any]:
    """One application's whole chain with every hashed field, for admins and reviewers of
    its subtree (applicants read their history, not the trail)."""
    if not user.is_reviewer:
        raise Forbidden("仅管理员或审核人员可以导出审计记录")
    application = get_application(session, user, application_id)
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.chain == application_chain(application.id))
            .order_by(AuditEvent.seq)
        )
    )
    return {
        "application": _summary(application),
        "chain": application_chain(application.id),
        "exported_at": at_text(utcnow()),
        "exported_by": user.name,
        "hashed_fields": list(HASHED_FIELDS),
        "how_to_verify": HOW_TO_VERIFY,
        "events": [event_document(e) for e in events],
    }


def _summary(application: Application) -> dict[str, Any]:
    return {
        "id": application.id,
        "year": application.year,
        "name": application.name,
        "id_number": mask(application.id_number),
        "org": application.org.name,
        "status": application.status,
    }
