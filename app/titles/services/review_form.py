"""评审表 (seed 004): the printable 专业技术职务任职资格评审表 of one declaration, for its
declarant and for staff whose subtree holds it.

What it shows follows the reader's permissions, as the declaration page does: a staff
member's copy leaves out the sections its title permissions do not grant, and the full ID
number appears only to the declarant and to staff who may read 基本信息 (masked otherwise).
A staff member's print is an export of personal data and is audited as one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.services import audit
from app.titles.models.declarations import TitleDeclaration
from app.titles.services import declarations, review_form_pdf
from handlers.clock import format_date, format_time
from handlers.idcard import mask
from handlers.titles.form import BASIC_FIELDS, cell_text, row_columns
from handlers.titles.vocabulary import (
    AUDIT_LABELS,
    TITLE_LEVEL_LABELS,
    TITLE_SECTION_LABELS,
    TITLE_SERIES_LABELS,
    TITLE_STATUS_LABELS,
)

EXPORT_ACTION = "review_form_export"
RECORD_ACTIONS = ("title_submit", "resubmit", "pass", "return", "reject")
"""Events of the declaration's chain that make its review record (提交 and each decision)."""


def pdf(session: Session, user: User, declaration_id: int, font: Path, font_index: int) -> bytes:
    """The 评审表 as PDF (404 outside scope); staff prints are audited after rendering, so a
    missing font (503) records nothing."""
    declaration = declarations.get_declaration(session, user, declaration_id)
    document = build(session, user, declaration)
    body = review_form_pdf.render(document, font, font_index)
    if user.role != declarations.DECLARANT:
        audit.record_export(
            session,
            user,
            EXPORT_ACTION,
            {"declaration_id": declaration.id},
            rows=1,
            extra={"sections": document["shown"]},
        )
    return body


def build(session: Session, user: User, declaration: TitleDeclaration) -> dict[str, Any]:
    """The form's content as plain data (what ``review_form_pdf.render`` draws)."""
    view = declarations.view_of(session, user, declaration)
    person = declaration.declarant
    full_id = user.role == declarations.DECLARANT or "basic" in view.sections
    header = [
        ("姓名", person.name),
        ("证件号码", person.username if full_id else mask(person.username)),
        ("工作单位", declaration.org.name),
        ("系列", TITLE_SERIES_LABELS.get(declaration.series, declaration.series)),
        ("专业", declaration.specialty),
        ("申报级别", TITLE_LEVEL_LABELS.get(declaration.level, declaration.level)),
        ("现专业技术职务", declaration.current_title or ""),
        ("任职时间", str(declaration.current_title_date or "")),
        ("申报状态", TITLE_STATUS_LABELS.get(declaration.status, declaration.status)),
    ]
    events = declarations.history(session, user, declaration.id)
    record = [
        [
            event.org_name or "",
            event.task_name or "提交申报",
            AUDIT_LABELS.get(event.action, event.action),
            event.comment or "",
            format_date(event.at),
        ]
        for event in events
        if event.action in RECORD_ACTIONS
    ]
    committee = [
        ("评委会", declaration.committee_org.name if declaration.committee_org else "未确定"),
        ("面试通知", declaration.interview_notice or "暂无"),
        ("面试地点", declaration.interview_place or "暂无"),
    ]
    return {
        "name": person.name,
        "header": header,
        "sections": [_section(key, view.sections[key]) for key in view.sections],
        "shown": list(view.sections),
        "hidden": [TITLE_SECTION_LABELS[key] for key in view.hidden_sections],
        "record": record,
        "committee": committee,
        "printed_at": format_time(utcnow()),
        "printed_by": user.name,
    }


def _section(key: str, content: Any) -> dict[str, Any]:
    """One section as a table: 基本信息 as label / value rows, 附件 as its file list, the
    others as their rows under the form's column labels."""
    label = TITLE_SECTION_LABELS[key]
    if key == "basic":
        content = content if isinstance(content, dict) else {}
        labels = dict(BASIC_FIELDS)
        rows = [[labels.get(k, k), cell_text(v)] for k, v in content.items()]
        return {"label": label, "columns": ("项目", "内容"), "rows": rows}
    if key == declarations.ATTACHMENTS:
        rows = [[a["kind_label"], a["label"] or "", a["original_name"]] for a in content or []]
        return {"label": label, "columns": ("类别", "说明", "文件名"), "rows": rows}
    items = content if isinstance(content, list) else [content] if content else []
    items = [item if isinstance(item, dict) else {"内容": item} for item in items]
    columns = row_columns(key, items)
    rows = [[cell_text(item.get(k)) for k, _ in columns] for item in items]
    return {"label": label, "columns": tuple(lbl for _, lbl in columns), "rows": rows}
