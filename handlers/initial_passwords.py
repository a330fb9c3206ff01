"""The initial password of every kind of account made for someone else: one rule per kind,
which the service sets and every page and message states (seed 000: "账号在首次登录后需及时
修改密码"; seed 004: a new org's admin and 初始化密码 "初始密码为 6 个 0", a declarant
"初始密码为证件号后 6 位，末尾带 X 要大写").

| kind | accounts | initial password (config) |
|---|---|---|
| ``org_admin`` | an org's admin (login = org code): 添加单位, 初始化密码, 重置密码 | ``000000`` (ORG_INITIAL_PASSWORD) |
| ``staff`` | reviewers and policy staff (用户管理), and their 重置密码 | ``Henan@123`` (DEFAULT_PASSWORD) |
| ``supplementary`` | a county's 补报 applicant (login = ID number) | as ``staff`` (SUPPLEMENTARY_INITIAL_PASSWORD) |
| ``declarant`` | a title declarant (单位人员管理, login = ID number) | last six of the ID number, X upper-case (DECLARANT_INITIAL_PASSWORD) |

Self-registered applicants choose their own password. Every initial password logs in once
and must then be changed (``must_change_password``); it is never held to the password
policy, which applies to the new password its holder chooses (handlers/passwords.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ORG_ADMIN, STAFF, SUPPLEMENTARY, DECLARANT = "org_admin", "staff", "supplementary", "declarant"
KINDS = (ORG_ADMIN, STAFF, SUPPLEMENTARY, DECLARANT)
LAST_SIX = "证件号后6位（末尾X大写）"
SPOKEN = {"000000": "六个0"}
"""How the seed says a password aloud, added to what the pages show."""


def last_six(id_number: str) -> str:
    """The seed-004 rule: the ID number's last six characters, a final X upper-case."""
    return id_number[-6:].upper()


def kind_of(role: str, supplementary: bool = False) -> str:
    """The kind of an existing account, for a reset: its role (and 补报 for applicants)."""
    if role == "admin":
        return ORG_ADMIN
    if role == "declarant":
        return DECLARANT
    if role == "applicant":
        if not supplementary:
            raise ValueError("a self-registered applicant chose their own password")
        return SUPPLEMENTARY
    return STAFF


@dataclass(frozen=True)
class InitialPasswords:
    """The configured rule: a fixed password per kind, or for ``declarant`` None (the last
    six of the ID number)."""

    org_admin: str = "000000"
    staff: str = "Henan@123"
    supplementary: str = "Henan@123"
    declarant: str | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> InitialPasswords:
        staff = config["DEFAULT_PASSWORD"]
        return cls(
            org_admin=config["ORG_INITIAL_PASSWORD"],
            staff=staff,
            supplementary=config.get("SUPPLEMENTARY_INITIAL_PASSWORD") or staff,
            declarant=config.get("DECLARANT_INITIAL_PASSWORD") or None,
        )

    def password(self, kind: str, id_number: str | None = None) -> str:
        """The initial password of an account of ``kind`` (its ID number for a declarant)."""
        fixed = self._fixed(kind)
        if fixed is not None:
            return fixed
        if not id_number:
            raise ValueError(f"the initial password of a {kind} comes from its ID number")
        return last_six(id_number)

    def told(self, kind: str) -> str:
        """What the pages and messages say it is: "000000（六个0）", "证件号后6位（末尾X大写）"."""
        fixed = self._fixed(kind)
        if fixed is None:
            return LAST_SIX
        spoken = SPOKEN.get(fixed)
        return f"{fixed}（{spoken}）" if spoken else fixed

    def _fixed(self, kind: str) -> str | None:
        by_kind = {
            ORG_ADMIN: self.org_admin,
            STAFF: self.staff,
            SUPPLEMENTARY: self.supplementary,
            DECLARANT: self.declarant,
        }
        if kind not in by_kind:
            raise ValueError(f"unknown account kind {kind!r}")
        return by_kind[kind]
