"""Process governance's pages: the library, drafts, migration and incidents (``library``, no
person's data: the pages policy staff may open) and the auditors' instance views (``audit``);
what their templates and the other products' pages use (may the viewer audit, or read the
library a decision's 流程版本 links to; how long a task took)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.governance.services import library as library_service
from app.governance.services.instances import may_audit
from app.governance.web import audit, library

PAGES_WITHOUT_PERSONAL_DATA = (library.bp,)
PAGES = (audit.bp,)


def may_read_library() -> bool:
    """Whether pages may link the process library for the viewer (a decision's 流程版本)."""
    return current_user.is_authenticated and library_service.may_read(current_user)


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


TEMPLATE_FILTERS = {"duration": format_duration}
TEMPLATE_GLOBALS: dict[str, Any] = {"may_audit": may_audit, "may_read_library": may_read_library}
