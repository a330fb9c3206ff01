"""Accounts: applicants, org admins and org reviewers."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import Model
from app.platform.models.base import StrEnumType, utcnow
from app.platform.models.orgs import Org
from handlers.vocabulary import REVIEWING_ROLES, ROLE_LABELS, STAFF_ROLES, Role

__all__ = ["PROCESS_ONLY_ROLES", "ROLE_LABELS", "STAFF_ROLES", "User"]

PROCESS_ONLY_ROLES = frozenset({Role.POLICY})
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
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 16))
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

    @validates("role")
    def _as_role(self, _key: str, value: str) -> Role:
        """A role given as its plain word (a form, the API) is held as the member, as a loaded
        row's is; a word that is no role fails here, not at the flush."""
        return Role(value)

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
        return self.role in REVIEWING_ROLES

    @property
    def is_admin(self) -> bool:
        """The org's admin account: manages its staff, seasons and the org's own settings."""
        return self.role == Role.ADMIN

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_declarant(self) -> bool:
        return self.role == Role.DECLARANT

    @property
    def is_person(self) -> bool:
        """An applicant or a declarant: one of the people the products serve, not staff."""
        return self.role in (Role.APPLICANT, Role.DECLARANT)

    @property
    def is_policy(self) -> bool:
        """Policy staff edit, check, simulate, deploy and migrate the diagrams; they review
        nothing (``is_reviewer`` is False for them)."""
        return self.role == Role.POLICY

    @property
    def reads_personal_data(self) -> bool:
        """Whether the account may open anything about a person (applications, materials,
        tickets, rosters, declarations, experts, audit trails): every role but policy staff,
        who need the process, not the people in it."""
        return self.role not in PROCESS_ONLY_ROLES

    @property
    def role_label(self) -> str:
        return self.role.label
