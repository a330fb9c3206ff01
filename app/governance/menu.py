"""Process governance's menu (流程审计 for auditors, 流程管理 for policy staff and the library's
readers), registered with the platform's sidebar (``app.platform.registry``)."""

from __future__ import annotations

from app.governance.services.incidents import may_view
from app.governance.services.instances import may_audit
from app.governance.services.library import may_read
from app.platform.models.users import User
from app.platform.registry import MenuEntry, MenuSection
from app.platform.web.menu import link, on

GOVERNANCE = "governance"
AUDIT, PROCESSES = "governance.audit", "governance.processes"


def works_in_governance(user: User) -> bool:
    """Policy staff; the admins who audit their subtree or read the library."""
    return user.is_policy or may_audit(user) or may_read(user)


def _policy(user: User) -> bool:
    return user.is_policy


SECTIONS = (
    MenuSection(AUDIT, 50, "流程审计", GOVERNANCE, may_audit),
    MenuSection(PROCESSES, 70, "流程管理", GOVERNANCE, may_read),
)
ENTRIES = (
    MenuEntry(
        AUDIT,
        10,
        "实例查询",
        link("audit.search"),
        on("audit.search", "audit.instance_view"),
        GOVERNANCE,
    ),
    MenuEntry(AUDIT, 20, "滞留任务", link("audit.stuck"), on("audit.stuck"), GOVERNANCE),
    MenuEntry(
        AUDIT,
        30,
        "故障实例",
        link("governance.incidents"),
        on("governance.incidents"),
        GOVERNANCE,
        show=may_view,
    ),
    MenuEntry(
        PROCESSES,
        10,
        "流程库",
        link("governance.library"),
        on("governance.library", "governance.view", "governance.process_version"),
        GOVERNANCE,
    ),
    MenuEntry(
        PROCESSES,
        20,
        "草稿",
        link("governance.drafts"),
        on("governance.drafts", "governance.modeler"),
        GOVERNANCE,
        show=_policy,
    ),
    MenuEntry(
        PROCESSES,
        30,
        "实例迁移",
        link("governance.migrations"),
        on("governance.migrations"),
        GOVERNANCE,
        show=_policy,
    ),
    MenuEntry(
        PROCESSES,
        40,
        "故障实例",
        link("governance.incidents"),
        on("governance.incidents"),
        GOVERNANCE,
        show=_policy,
    ),
)
