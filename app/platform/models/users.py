"""Accounts: applicants, org admins and org reviewers."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org

ROLE_LABELS = {
    "applicant": "报考人员",
    "admin": "管理员",
    "reviewer": "审核员",
    "policy": "政策管理员",
    "declarant": "申报人",
}
STAFF_ROLES = ("reviewer", "policy")
"""Roles an admin gives the accounts it creates (policy staff only at the province)."""
PROCESS_ONLY_ROLES = frozenset({"policy"})
"""Roles that work on the process definitions (流程管理) and never on people: they read no
applicant's, declarant's or expert's records
(``app.platform.services.scope.require_personal_data``)."""


class User(UserMixin, Model):
    """One login. Admins log in with their org code (or phone), reviewers with the name their
    admin gave, applicants with their ID number. ``token_version`` bumps on logout, password
    change, reset and deactivation, and invalidates every API token and web session issued before.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    token_version: Mapped[int] = mapped_column(default=0)
    approved: Mapped[bool] = mapped_column(default=True)
    supplementary: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    org: Mapped[Org] = relationship(lazy="joined")

    @property
    def level(self) -> str:
        """The org level this account works at (unit ... province)."""
        return self.org.level

    def get_id(self) -> str:
        """Flask-Login's session id: with the token version, so that bumping it (logout,
        password change, reset, deactivation) also ends every web session.
        """
        return f"{self.id}:{self.token_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active and self.approved

    @property
    def is_reviewer(self) -> bool:
        """Admins and reviewers both work their org's inbox."""
        return self.role in ("admin", "reviewer")

    @property
    def is_policy(self) -> bool:
        """Policy staff edit, check, simulate, deploy and migrate the diagrams; they review
        nothing (``is_reviewer`` is False for them)."""
        return self.role == "policy"

    @property
    def reads_personal_data(self) -> bool:
        """Whether the account may open anything about a person (applications, materials,
        tickets, rosters, declarations, experts, audit trails): every role but policy staff,
        who need the process, not the people in it."""
        return self.role not in PROCESS_ONLY_ROLES

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]
