"""Append-only history of everything that happened to an application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow

ACTION_LABELS = {
    "create": "填写报名信息",
    "update": "修改报名信息",
    "upload": "上传材料",
    "submit": "提交报名",
    "resubmit": "重新提交",
    "pass": "通过",
    "reject": "不通过",
    "return": "退回本人",
    "onsite": "转现场审核",
    "comment": "一般备注",
    "defer": "标记容缺后补",
    "confirm": "确认",
    "no_objection": "无异议",
    "opinion": "提出意见",
    "cancel_confirm": "取消补传确认",
    "process_ended": "流程终止",
    "no_opinion": "无意见",
    "reopen_return": "退回本人",
    "reopen_reject": "审核不通过",
    "recheck": "发起复核",
    "reapply": "退回重新申报",
    "declare_exceptional": "代为破格申报",
    "migrate": "迁移流程版本",
}


class AuditEvent(db.Model):
    """One event. Names are copied (actor, org, task) so history reads the same after renames."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    org_name: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str | None] = mapped_column(String(20))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    task_name: Mapped[str | None] = mapped_column(String(64))
    task_spec_id: Mapped[str | None] = mapped_column(String(64))

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)
