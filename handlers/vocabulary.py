"""The shared words of the contract between the diagrams and the code: those every product
uses, with the Chinese label the console shows for each.

A BPMN user task names its lane, its ``queue`` (which inbox), the ``status`` of its subject
while it waits, the ``actions`` offered (and which of them need a written reason) and the
``context`` shown beside the form; gateways and DMN tables decide on facts the service
computes. Loading a definition checks each of those against the words of every product, so a
misspelt action fails at deploy, naming the element, instead of loading silently.

Here: the lanes (the routing contract both bridges implement: org levels, the applicant, the
title platform's roles, the declarant and the org admin), the statuses and actions both
products use, the system events, what the engine itself hands a step, and the property names
of a user task. Each product's own words are in its package (``handlers.exams.vocabulary``,
``handlers.titles.vocabulary``), which starts from these; ``handlers.lexicon`` is the one
module that joins them. This module imports neither.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final, Self


class LabelledEnum(StrEnum):
    """A word of the vocabulary with the Chinese label the console shows for it. A member is
    its own value (a ``str``), so it compares, formats, serialises and binds as the plain word
    the tables, diagrams and templates hold; code names it instead of spelling it, and a typo
    fails at import instead of comparing false forever.
    """

    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        # ``label`` defaults only so that ``Enum(value)`` (the lookup) type-checks.
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return self._label


def labels(enum: type[LabelledEnum]) -> MappingProxyType[str, str]:
    """The label map of ``enum`` keyed by the plain words, in declaration order: the shape
    every importer of the ``*_LABELS`` maps (pages, schemas, the diagram contract) reads."""
    return MappingProxyType({member.value: member.label for member in enum})


class TaskState(LabelledEnum):
    """Where a user-task row (``tasks``, ``case_tasks``) stands: waiting in an inbox, done by
    someone, or cancelled with its process (withdrawn, migrated, rerouted, ended)."""

    READY = "ready", "待处理"
    COMPLETED = "completed", "已处理"
    CANCELLED = "cancelled", "已取消"


class Role(LabelledEnum):
    """An account's role (``users.role``). Admins and reviewers work their org's inbox;
    policy staff work on the diagrams only; applicants and declarants are the people the
    products serve."""

    APPLICANT = "applicant", "报考人员"
    ADMIN = "admin", "管理员"
    REVIEWER = "reviewer", "审核员"
    POLICY = "policy", "政策管理员"
    DECLARANT = "declarant", "申报人"


ROLE_LABELS: Final = labels(Role)
# The roles that work an org's inbox (and see its records): admins and reviewers.
REVIEWING_ROLES: Final = (Role.ADMIN, Role.REVIEWER)
# Roles an admin gives the accounts it creates (policy staff only at the province).
STAFF_ROLES: Final = (Role.REVIEWER, Role.POLICY)


# Org levels from the root down. A lane's ``name`` is the Chinese label of its level (what the
# canvas shows, as the seed reads) and its id is ``lane_<key>``; the engine reports the name,
# and LANE_BY_LABEL maps it back to the key task rows store. A bare key still works, so
# versions deployed before the lanes were relabelled keep running.
#
# The other lanes: 报考人员 (the applicant), 系统 (the lane of elements no person acts on:
# routing gateways, call activities, ends; never the lane of a user task), the title
# platform's roles, 申报人 (the declarant who owns the declaration) and 单位管理员.
# The title platform's lanes are roles, not levels: at every org of the review chain a
# 经办人 (handler) reviews first and a 负责人 (leader) after; the org comes from the process
# data (``current_org``), not from the lane. 单位管理员: the admin account of the org the
# process data names in ``current_org`` (org onboarding: the superior approves, the new org
# revises; personnel transfer: the old unit decides). The bridge routes it like a role lane,
# with candidate_role "admin".
class Lane(LabelledEnum):
    """A lane of the diagrams: the routing contract both bridges implement."""

    APPLICANT = "applicant", "报考人员"
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县区"
    SUPERVISING_UNIT = "supervising_unit", "主管单位"
    UNIT = "unit", "单位"
    SYSTEM = "system", "系统"
    DECLARANT = "declarant", "申报人"
    HANDLER = "handler", "经办人"
    LEADER = "leader", "负责人"
    ORG_ADMIN = "org_admin", "单位管理员"


class TitleRole(LabelledEnum):
    """The title platform's review roles (its role lanes, ``case_tasks.candidate_role`` and
    a title reviewer's role): 经办人 reviews first at each org, 负责人 after."""

    HANDLER = Lane.HANDLER.value, Lane.HANDLER.label
    LEADER = Lane.LEADER.value, Lane.LEADER.label


ORG_LEVELS: Final = (Lane.PROVINCE, Lane.CITY, Lane.COUNTY, Lane.SUPERVISING_UNIT, Lane.UNIT)
LEVEL_LABELS: Final = MappingProxyType({level.value: level.label for level in ORG_LEVELS})
APPLICANT_LANE: Final = Lane.APPLICANT
SYSTEM_LANE: Final = Lane.SYSTEM
# The org a role-lane task waits at: the process data names it (``current_org``), the lane
# does not. The diagrams' scripts move it along the chain (title review, plans, experts), or
# set it once (org onboarding, personnel transfer).
CURRENT_ORG: Final = "current_org"
TITLE_ROLE_LABELS: Final = labels(TitleRole)
DECLARANT_LANE: Final = Lane.DECLARANT
ORG_ADMIN_LANE: Final = Lane.ORG_ADMIN
TASK_LANES: Final = (
    APPLICANT_LANE,
    *ORG_LEVELS,
    DECLARANT_LANE,
    Lane.HANDLER,
    Lane.LEADER,
    ORG_ADMIN_LANE,
)
LANE_LABELS: Final = labels(Lane)
LANE_BY_LABEL: Final = MappingProxyType({label: key for key, label in LANE_LABELS.items()})


def lane_key(lane: str | None) -> str | None:
    """The routing key of a lane the engine names: its Chinese label or the key itself."""
    return LANE_BY_LABEL.get(lane, lane) if lane is not None else None


# Statuses every product's subjects pass through; a product adds its own (the exam's 现场审核中)
# and may read them with its own labels (``handlers.titles.vocabulary.TITLE_STATUS_LABELS``).
class Status(LabelledEnum):
    """A subject's status shared by every product."""

    DRAFT = "draft", "未提交"
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "审核不通过"
    APPROVED = "approved", "终审通过"


STATUS_LABELS: Final = labels(Status)


# Actions every product's user tasks offer (``actions``), each a button and an audit record.
class Action(LabelledEnum):
    """A decision every product's user tasks may offer."""

    PASS = "pass", "通过"
    REJECT = "reject", "不通过"
    RETURN = "return", "退回本人"
    RESUBMIT = "resubmit", "重新提交"


TASK_ACTION_LABELS: Final = labels(Action)

# Decisions that always need a written reason, whatever a diagram's ``comment_required``
# says: a person refused 不通过 must be told why (the clerks' rule, issue 9), and a deployed
# diagram cannot drop that by omission. A product may add its own rejections.
REASON_REQUIRED_ACTIONS: Final = frozenset({Action.REJECT.value})

# Events of the system chain that concern no product's subject: accounts, deployments,
# migrations and seasons.
EVENT_LABELS: Final = MappingProxyType(
    {
        "reset_password": "重置密码",
        "approve_user": "审批通过账号",
        "deactivate_user": "停用账号",
        "deploy": "部署流程版本",
        "migrate": "迁移流程实例",
        "open_season": "开启年度",
        "close_season": "结束年度",
        "reopen_season": "重新开启年度",
    }
)

# Data the service itself puts into every step: the decision on the completed task.
ENGINE_INPUT_LABELS: Final = MappingProxyType(
    {
        "action": "审核操作",
        "comment": "审核意见",
    }
)

# 单位信息维护 (seed 一、单位管理): where an org stands in its onboarding
# (``Org.onboarding_status``). Orgs that existed before onboarding are approved; an org created
# since for the title platform starts pending until its superior approves the information its
# admin submitted (bpmn/org_onboarding.bpmn).
ORG_ONBOARDING_LABELS: Final = MappingProxyType(
    {
        "pending": "待完善",
        "submitted": "待审核",
        "returned": "已退回",
        "approved": "已通过",
    }
)

# The spiffworkflow:property names a user task carries, and which of them are lists.
TASK_PROPERTIES: Final = ("queue", "status", "actions", "comment_required", "context")
LIST_PROPERTIES: Final = frozenset({"actions", "comment_required", "context"})
