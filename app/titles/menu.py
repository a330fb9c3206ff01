"""The title platform's menu, as the seed 004 manual lays it out (一、单位管理 二、人员管理
三、申报计划 四、审查推荐, and the declarant's 职称申报), registered with the platform's
sidebar (``app.platform.registry``); and who works on the title platform."""

from __future__ import annotations

from flask import url_for

from app.extensions import db
from app.platform.models.users import User
from app.platform.registry import MenuContext, MenuEntry, MenuSection
from app.platform.web.common import me
from app.platform.web.menu import link, on
from app.titles.models.declarations import TitleReviewer
from app.titles.services import declarations, expert_pool, experts, plan_review, review
from handlers.vocabulary import REVIEWING_ROLES, TitleRole

TITLES = "titles"
REVIEW, DECLARANT = "titles.review", "titles.declarant"
STAFF = REVIEWING_ROLES


def title_role(user: User) -> str | None:
    """The account's title role (handler / leader): which of 经办人审查 / 负责人审查 it sees."""
    if user.role not in STAFF:
        return None
    reviewer = db.session.get(TitleReviewer, user.id)
    return reviewer.role if reviewer is not None else None


def works_in_titles(user: User) -> bool:
    """Declarants; staff with a title role (经办人 / 负责人); the admin of an org created for
    the title platform (given its 证书打印单位名称)."""
    if user.is_declarant:
        return True
    if user.is_admin and user.org.cert_print_name:
        return True
    return title_role(user) is not None


def _reviews(user: User) -> bool:
    return title_role(user) is not None


def _admin(user: User) -> bool:
    return user.is_admin


def _my_declaration(_ctx: MenuContext) -> str:
    """我的申报: the declarant's open declaration, or a new one."""
    open_id = declarations.open_declaration_id(db.session(), me())
    if open_id is None:
        return url_for("title_forms.new")
    return url_for("title_forms.form", declaration_id=open_id)


SECTIONS = (
    MenuSection(DECLARANT, 2, "职称申报", TITLES, lambda user: user.is_declarant),
    MenuSection(REVIEW, 20, "职称审查推荐", TITLES, lambda user: user.role in STAFF),
)
ENTRIES = (
    MenuEntry(
        DECLARANT,
        10,
        "我的申报",
        _my_declaration,
        on("title_forms.new", "title_forms.form", "title_forms.save"),
        TITLES,
    ),
    MenuEntry(DECLARANT, 20, "申报状态", link("titles.mine"), on("titles.mine"), TITLES),
    MenuEntry(
        DECLARANT,
        30,
        "打印评审表",
        link("titles.mine", _anchor="print"),
        lambda _ctx: False,
        TITLES,
    ),
    MenuEntry(DECLARANT, 40, "专家申报", link("experts.mine"), on("experts.mine"), TITLES),
    MenuEntry(DECLARANT, 50, "个人信息", link("profile.show"), on("profile.show"), TITLES),
    MenuEntry(DECLARANT, 60, "修改密码", link("auth.password"), on("auth.password"), TITLES),
    MenuEntry(
        REVIEW,
        10,
        "首页待办",
        link("titles.inbox"),
        on("titles.inbox", "titles.show"),
        TITLES,
        show=_reviews,
        badge=lambda user: review.pending_count(db.session(), user),
    ),
    MenuEntry(
        REVIEW,
        20,
        "单位信息维护",
        link("orgs.info"),
        on("orgs.info"),
        TITLES,
        "单位管理",
        _admin,
    ),
    MenuEntry(
        REVIEW,
        30,
        "下级单位审核",
        link("orgs.reviews"),
        on("orgs.reviews"),
        TITLES,
        "单位管理",
        _admin,
    ),
    MenuEntry(
        REVIEW,
        40,
        "审查人员角色分配",
        link("title_people.reviewers"),
        on("title_people.reviewers"),
        TITLES,
        "人员管理",
        _admin,
    ),
    MenuEntry(
        REVIEW,
        50,
        "单位人员管理",
        link("title_people.declarants"),
        on("title_people.declarants"),
        TITLES,
        "人员管理",
        _admin,
    ),
    MenuEntry(
        REVIEW,
        60,
        "申报人员状态查询",
        link("title_people.declarations_page"),
        on("title_people.declarations_page", "title_people.declaration"),
        TITLES,
        "人员管理",
    ),
    MenuEntry(
        REVIEW,
        70,
        "单位变动人员管理",
        link("orgs.transfer_list"),
        on("orgs.transfer_list"),
        TITLES,
        "人员管理",
        _admin,
    ),
    MenuEntry(
        REVIEW,
        80,
        "申报计划",
        link("title_plans.index"),
        on("title_plans.index", "title_plans.show", "title_plans.new", "title_plans.edit"),
        TITLES,
        "申报计划",
        _reviews,
    ),
    MenuEntry(
        REVIEW,
        90,
        "申报计划审查",
        link("title_plans.inbox"),
        on("title_plans.inbox"),
        TITLES,
        "申报计划",
        _reviews,
        lambda user: plan_review.pending_count(db.session(), user),
    ),
    MenuEntry(
        REVIEW,
        100,
        "申报计划统计",
        link("title_plans.statistics"),
        on("title_plans.statistics"),
        TITLES,
        "申报计划",
        _reviews,
    ),
    MenuEntry(
        REVIEW,
        110,
        "经办人审查",
        link("titles.inbox"),
        lambda _ctx: False,
        TITLES,
        "审查推荐",
        lambda user: title_role(user) == TitleRole.HANDLER,
    ),
    MenuEntry(
        REVIEW,
        111,
        "负责人审查",
        link("titles.inbox"),
        lambda _ctx: False,
        TITLES,
        "审查推荐",
        lambda user: title_role(user) == TitleRole.LEADER,
    ),
    MenuEntry(
        REVIEW,
        120,
        "专家审查",
        link("experts.inbox"),
        on("experts.inbox"),
        TITLES,
        "审查推荐",
        _reviews,
        lambda user: experts.pending_count(db.session(), user),
    ),
    MenuEntry(
        REVIEW,
        130,
        "专家库",
        link("experts.pool"),
        on("experts.pool"),
        TITLES,
        "审查推荐",
        _reviews,
    ),
    MenuEntry(
        REVIEW,
        140,
        "抽取专家",
        link("experts.draws"),
        on("experts.draws"),
        TITLES,
        "审查推荐",
        lambda user: _reviews(user) and expert_pool.may_draw(db.session(), user),
    ),
)
