"""Policy staff's drafts of library files (the library itself, deployed, is the platform's:
``app.platform.models.deployments``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.deployments import Deployment


class DiagramDraft(Model):
    """A policy user's edited copy of one library file, based on a deployment. ``version``
    is the optimistic lock: two saves from the same base answer 409 to the second."""

    __tablename__ = "diagram_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(128))
    base_deployment_id: Mapped[int] = mapped_column(ForeignKey("deployments.id"))
    content: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    base: Mapped[Deployment] = relationship()

    __mapper_args__ = {"version_id_col": version}
