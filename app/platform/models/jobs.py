"""Background jobs (large exports now; ticket batches and imports later). The queue is this
table, so any number of web workers may enqueue and a separate worker process
(``flask jobs-worker``) runs them; nothing runs in a thread of a request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow

JOB_STATES = {"queued": "排队中", "running": "进行中", "done": "已完成", "failed": "失败"}


class Job(Model):
    """One unit of background work. ``heartbeat_at`` is touched while it runs: a ``running``
    job whose heartbeat is stale lost its worker (a restart) and is queued again."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSONType)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    result_path: Mapped[str | None] = mapped_column(String(255))
    result_name: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)
    # what an import job reports: created, updated, total and errors as [row, reason] pairs
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]

    @property
    def state_label(self) -> str:
        return JOB_STATES[self.state]
