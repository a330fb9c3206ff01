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

from types import MappingProxyType
from typing import Final

# Org levels from the root down. A lane's ``name`` is the Chinese label of its level (what the
# canvas shows, as the seed reads) and its id is ``lane_<key>``; the engine reports the name,
# and LANE_BY_LABEL maps it back to the key task rows store. A bare key still works, so
# versions deployed before the lanes were relabelled keep running.
ORG_LEVELS: Final = ("province", "city", "county", "supervising_unit", "unit")
LEVEL_LABELS: Final = MappingProxyType(
    {
        "province": "省",
        "city": "市",
        "county": "县区",
        "supervising_unit": "主管单位",
        "unit": "单位",
    }
)
APPLICANT_LANE: Final = "applicant"
# The lane of elements no person acts on (routing gateways, call activities, ends): never
# the lane of a user task.
SYSTEM_LANE: Final = "system"
# The org a role-lane task waits at: the process data names it (``current_org``), the lane
# does not. The diagrams' scripts move it along the chain (title review, plans, experts), or
# set it once (org onboarding, personnel transfer).
CURRENT_ORG: Final = "current_org"
# The title platform's lanes are roles, not levels: at every org of the review chain a
# 经办人 (handler) reviews first and a 负责人 (leader) after; the org comes from the process
# data (``current_org``), not from the lane. 申报人 is the declarant who owns the declaration.
TITLE_ROLE_LABELS: Final = MappingProxyType({"handler": "经办人", "leader": "负责人"})
DECLARANT_LANE: Final = "declarant"
# 单位管理员: the admin account of the org the process data names in ``current_org`` (org
# onboarding: the superior approves, the new org revises; personnel transfer: the old unit
# decides). The bridge routes it like a role lane, with candidate_role "admin".
ORG_ADMIN_LANE: Final = "org_admin"
TASK_LANES: Final = (
    APPLICANT_LANE,
    *ORG_LEVELS,
    DECLARANT_LANE,
    *TITLE_ROLE_LABELS,
    ORG_ADMIN_LANE,
)
LANE_LABELS: Final = MappingProxyType(
    {
        APPLICANT_LANE: "报考人员",
        **LEVEL_LABELS,
        SYSTEM_LANE: "系统",
        DECLARANT_LANE: "申报人",
        **TITLE_ROLE_LABELS,
        ORG_ADMIN_LANE: "单位管理员",
    }
)
LANE_BY_LABEL: Final = MappingProxyType({label: key for key, label in LANE_LABELS.items()})


def lane_key(lane: str | None) -> str | None:
    """The routing key of a lane the engine names: its Chinese label or the key itself."""
    return LANE_BY_LABEL.get(lane, lane) if lane is not None else None


# Statuses every product's subjects pass through; a product adds its own (the exam's 现场审核中)
# and may read them with its own labels (``handlers.titles.vocabulary.TITLE_STATUS_LABELS``).
STATUS_LABELS: Final = MappingProxyType(
    {
        "draft": "未提交",
        "under_review": "审核中",
        "returned": "已退回",
        "rejected": "审核不通过",
        "approved": "终审通过",
    }
)

# Actions every product's user tasks offer (``actions``), each a button and an audit record.
TASK_ACTION_LABELS: Final = MappingProxyType(
    {
        "pass": "通过",
        "reject": "不通过",
        "return": "退回本人",
        "resubmit": "重新提交",
    }
)

# Decisions that always need a written reason, whatever a diagram's ``comment_required``
# says: a person refused 不通过 must be told why (the clerks' rule, issue 9), and a deployed
# diagram cannot drop that by omission. A product may add its own rejections.
REASON_REQUIRED_ACTIONS: Final = frozenset({"reject"})

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
