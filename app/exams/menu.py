"""The exam's menu, as the seed lays it out (1.1, 2.1, 3.1): which queues, rosters and pages
each org level has, registered with the platform's sidebar (``app.platform.registry``).
Queues follow the diagrams' ``queue`` property of each user task.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.exams.services import review
from app.exams.services.listing import ROSTER_TITLES
from app.extensions import db
from app.platform.models.users import User
from app.platform.registry import MenuContext, MenuEntries, MenuEntry, MenuSection, UserTest
from app.platform.web.common import me
from app.platform.web.menu import link, on
from handlers.exams.vocabulary import QUEUE_LABELS as Q
from handlers.vocabulary import REVIEWING_ROLES, Lane, Role

UNIT_LEVELS = frozenset({"unit", "supervising_unit"})
REVIEW_LEVELS = UNIT_LEVELS | {"county"}
# queue, label, levels that have it: the vocabulary's label, unless the queue reads
# differently at a level
REVIEW_QUEUES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("manual", Q["manual"], REVIEW_LEVELS),
    ("auto", Q["auto"], frozenset({"county"})),
    ("senior", Q["senior"], REVIEW_LEVELS),
    ("onsite", Q["onsite"], frozenset({"county"})),
    ("exceptional", Q["exceptional"], frozenset({"county"})),
    ("exceptional", "市级破格审批", frozenset({"city"})),
    ("deferred", Q["deferred"], UNIT_LEVELS),
    ("deferred", "补充容缺材料", frozenset({"county"})),  # what the county marked itself
    ("deferred_review", "容缺后补", frozenset({"county"})),  # the county's one 容缺后补 entry
    ("recheck_response", Q["recheck_response"], frozenset({"county"})),
    ("city_recheck", Q["city_recheck"], frozenset({"city"})),
    ("province_mark", Q["province_mark"], frozenset({"province"})),
)
ROSTERS = ROSTER_TITLES
RECHECK_TITLES = {"city": "市级复核记录", "province": "省级标记记录"}


@dataclass(frozen=True)
class MenuQueue:
    queue: str
    label: str
    count: int


def queue_title(queue: str | None, level: str) -> str:
    """The page title of an inbox queue at this level (all queues: 本级审核中)."""
    return next(
        (label for q, label, levels in REVIEW_QUEUES if q == queue and level in levels),
        next((label for q, label, _ in REVIEW_QUEUES if q == queue), "本级审核中"),
    )


def review_menu() -> list[MenuQueue]:
    """The 本级审核中 entries for the current user's level, with ready-task counts; plus any
    queue where tasks wait at this org although its level does not have that queue: an org
    standing in for a level its tree lacks (a city reviewing its 市直 units' county steps,
    the province those of a 省直 department's units; ``handlers.routing``)."""
    return queues_of(me())


def queues_of(user: User) -> list[MenuQueue]:
    """``review_menu`` of ``user``."""
    level = user.level
    counts = review.queue_counts(db.session(), user)
    own = {queue for queue, _, levels in REVIEW_QUEUES if level in levels}
    shown: list[MenuQueue] = []
    borrowed: set[str] = set()
    for queue, label, levels in REVIEW_QUEUES:
        if level in levels:
            shown.append(MenuQueue(queue, label, counts.get(queue, 0)))
        elif queue not in own and queue not in borrowed and counts.get(queue):
            borrowed.add(queue)
            shown.append(MenuQueue(queue, label, counts[queue]))
    return shown


STAFF = REVIEWING_ROLES
HOME, APPLICANT = "exams.home", "exams.applicant"
REGISTRATION, TICKETS = "exams.registration", "exams.tickets"
SYSTEM = "system"  # the platform's 系统管理, to which the exam adds two pages
EXAMS = "exams"


def staff(user: User) -> bool:
    return user.role in STAFF


def admin(user: User) -> bool:
    return user.is_admin


def at(*levels: str, role: str | None = None) -> UserTest:
    """Whether the account works at one of ``levels`` (and has ``role``)."""
    return lambda user: user.level in levels and (role is None or user.role == role)


def _queue_shown(ctx: MenuContext) -> str | None:
    """The queue the page shows: a task page's task's, else the list's ``queue``."""
    task = ctx.page.get("task")
    if ctx.endpoint == "tasks.show" and task is not None:
        return task.queue
    return ctx.arg("queue")


def queue_entries(user: User) -> Iterator[MenuEntry]:
    """本级审核中: one entry per queue of the account's level, with its count."""
    if not staff(user):
        return
    for number, entry in enumerate(queues_of(user)):
        yield MenuEntry(
            REGISTRATION,
            100 + number,
            entry.label,
            link("review.inbox", queue=entry.queue),
            _on_queue(entry.queue),
            product=EXAMS,
            heading="本级审核中",
            badge=_count(entry.count),
        )


def _on_queue(queue: str) -> Callable[[MenuContext], bool]:
    """An ``active`` test: the inbox of ``queue``, or a task page of a task in it."""

    def test(ctx: MenuContext) -> bool:
        return ctx.endpoint in ("review.inbox", "tasks.show") and _queue_shown(ctx) == queue

    return test


def _count(count: int) -> Callable[[User], int | None]:
    """A ``badge``: the count read when the entries were made (this request's)."""
    return lambda _user: count


def _roster_entries(user: User) -> Iterator[MenuEntry]:
    if not staff(user):
        return
    county_up = user.level in (Lane.COUNTY, Lane.CITY, Lane.PROVINCE)
    for number, (key, label) in enumerate(ROSTERS.items()):
        if key == "exceptional" and not county_up:
            continue
        yield MenuEntry(
            REGISTRATION,
            400 + number,
            label,
            link("review.applications", roster=key),
            on("review.applications", roster=key),
            product=EXAMS,
            heading="名册",
        )


def _records(order: int, label: str, action: str) -> MenuEntry:
    return MenuEntry(
        REGISTRATION,
        order,
        label,
        link("review.records", action=action),
        lambda ctx: ctx.endpoint == "review.records" and ctx.arg("action", "pass") == action,
        product=EXAMS,
        heading="本级审核记录",
    )


def _rechecks(order: int, label: str, by: str) -> MenuEntry:
    return MenuEntry(
        REGISTRATION,
        order,
        label,
        link("casework.recheck_records", by=by),
        lambda ctx: ctx.endpoint == "casework.recheck_records" and ctx.arg("by", "city") == by,
        product=EXAMS,
        heading="复核",
    )


def _statistics_kind(ctx: MenuContext) -> str | None:
    return ctx.view_args.get("kind")


SECTIONS = (
    MenuSection(APPLICANT, 1, "我的报名", EXAMS, lambda user: user.is_applicant),
    MenuSection(HOME, 10, None, EXAMS, staff),
    MenuSection(REGISTRATION, 30, "报名管理", EXAMS, staff),
    MenuSection(TICKETS, 40, "准考证管理", EXAMS, admin),
)
ENTRIES = (
    MenuEntry(APPLICANT, 10, "报名信息", link("applicant.me_page"), on("applicant.me_page"), EXAMS),
    MenuEntry(APPLICANT, 20, "个人信息", link("profile.show"), on("profile.show"), EXAMS),
    MenuEntry(APPLICANT, 30, "修改密码", link("auth.password"), on("auth.password"), EXAMS),
    MenuEntry(HOME, 10, "首页", link("auth.home"), on("auth.home"), EXAMS),
    MenuEntries(REGISTRATION, EXAMS, queue_entries),
    _records(200, "审核通过", "pass"),
    _records(210, "审核不通过", "reject"),
    _records(220, "审核退回", "return"),
    MenuEntry(
        REGISTRATION,
        300,
        "容缺后补查询",
        link("casework.deferred"),
        on("casework.deferred"),
        EXAMS,
        "查询",
    ),
    MenuEntry(
        REGISTRATION,
        310,
        "报名信息查询",
        link("review.applications"),
        lambda ctx: (
            ctx.endpoint in ("review.applications", "review.application") and not ctx.arg("roster")
        ),
        EXAMS,
        "查询",
    ),
    MenuEntry(
        REGISTRATION,
        320,
        "历史报名数据查询",
        link("history.index"),
        on("history.index", "history.import_file"),
        EXAMS,
        "查询",
        at("county", "city", "province"),
    ),
    MenuEntries(REGISTRATION, EXAMS, _roster_entries),
    MenuEntry(
        REGISTRATION,
        500,
        "按工种统计",
        link("statistics.show", kind="trades"),
        lambda ctx: ctx.endpoint == "statistics.show" and _statistics_kind(ctx) == "trades",
        EXAMS,
        "信息统计",
        admin,
    ),
    MenuEntry(
        REGISTRATION,
        510,
        "按单位统计",
        link("statistics.show", kind="units"),
        lambda ctx: (
            ctx.endpoint in ("statistics.show", "statistics.import_roster")
            and _statistics_kind(ctx) != "trades"
        ),
        EXAMS,
        "信息统计",
        admin,
    ),
    MenuEntry(
        REGISTRATION,
        600,
        "发起市级复核",
        link("casework.new_recheck"),
        on("casework.new_recheck"),
        EXAMS,
        "复核",
        at("city"),
    ),
    MenuEntry(
        REGISTRATION,
        601,
        "发起省级标记",
        link("casework.new_recheck"),
        on("casework.new_recheck"),
        EXAMS,
        "复核",
        at("province"),
    ),
    _rechecks(610, "市级复核记录", "city"),
    _rechecks(620, "省级标记记录", "province"),
    MenuEntry(
        REGISTRATION,
        700,
        "补报",
        link("county.supplementary"),
        on("county.supplementary"),
        EXAMS,
        "县区申报",
        at("county", role=Role.ADMIN),
    ),
    MenuEntry(
        REGISTRATION,
        710,
        "破格申报",
        link("county.exceptional"),
        on("county.exceptional"),
        EXAMS,
        "县区申报",
        at("county"),
    ),
    MenuEntry(
        TICKETS,
        10,
        "准考证管理",
        link("tickets.index"),
        on("tickets.index", "tickets.prints"),
        EXAMS,
    ),
    MenuEntry(
        TICKETS,
        20,
        "考场设置",
        link("tickets.sessions"),
        on("tickets.sessions", "tickets.session_page"),
        EXAMS,
        None,
        at("province", "city"),
    ),
    MenuEntry(
        SYSTEM,
        60,
        "工种目录",
        link("admin.trades_page"),
        on("admin.trades_page", "admin.import_trades"),
        EXAMS,
        None,
        at("province"),
    ),
    MenuEntry(
        SYSTEM,
        80,
        "往年合格库导入",
        link("admin.qualified_page"),
        on("admin.qualified_page", "admin.import_qualified"),
        EXAMS,
        None,
        at("province", "city"),
    ),
)
