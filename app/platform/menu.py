"""The platform's own part of the sidebar: 系统管理 (orgs, accounts and seasons, for admins),
into which products add their own system pages (the exam's 工种目录 and 往年合格库导入)."""

from __future__ import annotations

from app.platform.models.users import User
from app.platform.registry import MenuEntry, MenuSection
from app.platform.web.menu import link, on
from handlers.vocabulary import Lane

SYSTEM = "system"


def _admin(user: User) -> bool:
    return user.is_admin


SECTIONS = (MenuSection(SYSTEM, 60, "系统管理", None, _admin),)
ENTRIES = (
    MenuEntry(SYSTEM, 10, "单位管理", link("admin.orgs"), on("admin.orgs")),
    MenuEntry(SYSTEM, 50, "用户管理", link("admin.users"), on("admin.users")),
    MenuEntry(
        SYSTEM,
        70,
        "年度管理",
        link("seasons.index"),
        lambda ctx: bool(ctx.endpoint and ctx.endpoint.startswith("seasons.")),
        show=lambda user: user.level == Lane.PROVINCE,
    ),
)
