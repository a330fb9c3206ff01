"""Deployments of the whole diagram library: what starts every product's processes (policy
staff's drafts of it are governance's, ``app.governance.models.drafts``).

The library lives in the database once deployed: each deployment is a full snapshot of every
BPMN and DMN file, so any earlier state can be read, exported or compared without the
``bpmn/`` folder, which only seeds a fresh install (deployment #1).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow


class Deployment(Model):
    """One deployed state of the library. ``number`` is unique, so two concurrent deploys
    cannot both become "the next one": the loser's insert fails and answers 409.
    ``processes`` maps each executable process to the content hash of the files it needs
    (its ``ProcessDefinition.version``), so starting one needs no parsing."""

    __tablename__ = "deployments"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    note: Mapped[str] = mapped_column(Text)
    sources: Mapped[dict[str, str]] = deferred(mapped_column(JSONType, nullable=False))
    changed: Mapped[list[str]] = mapped_column(JSONType)
    processes: Mapped[dict[str, str]] = mapped_column(JSONType)
    deployed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deployed_by_name: Mapped[str] = mapped_column(String(64))
    deployed_at: Mapped[datetime] = mapped_column(default=utcnow)
