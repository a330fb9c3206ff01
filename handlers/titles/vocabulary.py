"""The professional-title platform's words (职称管理服务平台, seed 004), beside the shared ones
in ``handlers.vocabulary``: declarations travel one diagram (bpmn/title_review.bpmn) through
the chain of orgs from the declarant's unit up to the committee's org, handler then leader at
each; they use the shared statuses (``vocabulary.STATUS_LABELS``) and show them with the title
office's own labels. The title lanes (roles) are with the other lanes in ``vocabulary``, so a
title diagram's user tasks are checked at load like any other; ``handlers.lexicon`` joins the
queues, actions, events and process inputs here with the exam's for the deploy contract.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers import vocabulary as shared
from handlers.vocabulary import CURRENT_ORG, LabelledEnum, labels

# 系列: the series a declaration is filed under and a reviewer may be permitted to review.
TITLE_SERIES_LABELS: Final = MappingProxyType(
    {
        "health": "卫生",
        "engineering": "工程",
        "education": "教育",
        "agriculture": "农业",
        "economics": "经济",
        "accounting": "会计",
        "statistics": "统计",
        "journalism": "新闻",
        "publishing": "出版",
        "art": "艺术",
        "translation": "翻译",
        "archives": "档案",
        "library": "图书资料",
        "cultural_relics": "文物博物",
        "mass_culture": "群众文化",
        "arts_crafts": "工艺美术",
        "sports": "体育",
        "lawyer": "律师",
        "notary": "公证",
        "audit": "审计",
    }
)

# 内容板块: the sections of a declaration form; a reviewer sees only the sections permitted.
TITLE_SECTION_LABELS: Final = MappingProxyType(
    {
        "basic": "基本信息",
        "education": "学历",
        "experience": "资历",
        "achievements": "业绩成果",
        "papers": "论文",
        "training": "继续教育",
        "appraisals": "考核",
        "attachments": "附件",
    }
)

# 申报级别, lowest first; the two senior levels are judged by the province's committee, the
# others by the committee of the city above the unit (handlers/titles/review.py).
TITLE_LEVEL_LABELS: Final = MappingProxyType(
    {
        "junior": "初级",
        "intermediate": "中级",
        "deputy_senior": "副高级",
        "senior": "正高级",
    }
)


# How a declaration's status (keys of STATUS_LABELS) reads on the title platform.
class Status(LabelledEnum):
    """A declaration's status (the shared statuses' keys) as the title platform reads it."""

    DRAFT = "draft", "未提交"
    UNDER_REVIEW = "under_review", "审查中"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "未通过"
    APPROVED = "approved", "已通过"


TITLE_STATUS_LABELS: Final = labels(Status)

# Data the services hand into the title diagrams: the review chain (org ids from the unit up
# to the deciding org: a declaration's committee, the province for plans and experts), the
# position in it and the org reviewing now. The diagram's
# scripts move ``level`` and ``current_org``; a task in a role lane waits at ``current_org``.
TITLE_INPUT_LABELS: Final = MappingProxyType(
    {
        "chain": "审查机构链（申报单位至终审单位：评委会所在单位，或省级）",
        "level": "当前审查级次（0 为申报单位）",
        CURRENT_ORG: "当前审查单位",
        "submitted_by": "申报计划上报人的审查角色（handler 经办人 / leader 负责人）",
        "org": "提交信息的单位（单位信息审核）",
        "superior": "审核的上级单位（单位信息审核）",
    }
)

# 申报计划 (seed 004, 三、申报计划): a unit's yearly plan of declarations per level climbs
# bpmn/title_plan.bpmn from the unit to the province; its status keys are those of
# STATUS_LABELS, read as the title office reads a plan. A withdrawal (撤回) at any level
# sends the plan back to the unit as 未提交.
TITLE_PLAN_STATUS_LABELS: Final = MappingProxyType(
    {
        "draft": "未提交",
        "under_review": "已提交",
        "approved": "已通过",
    }
)

# 专家审查 (seed 004): an expert application climbs bpmn/expert_review.bpmn from the
# applicant's unit to the province; approved, it is an entry of the expert pool (专家库).
# The status keys are those of STATUS_LABELS, read as the title office reads an application.
EXPERT_STATUS_LABELS: Final = MappingProxyType(
    {
        "draft": "未提交",
        "under_review": "审查中",
        "returned": "已退回",
        "rejected": "未通过",
        "approved": "已入库",
    }
)

# 单位变动人员管理: a transfer request's status (bpmn/title_transfer.bpmn).
TRANSFER_STATUS_LABELS: Final = MappingProxyType(
    {
        "under_review": "待原单位审核",
        "approved": "已同意",
        "rejected": "已拒绝",
    }
)

# What the title platform's audit trail records beside the task actions.
TITLE_EVENT_LABELS: Final = MappingProxyType(
    {
        "title_create": "填写职称申报",
        "title_update": "修改职称申报",
        "title_submit": "提交职称申报",
        "title_interview": "发布面试通知",
        "declarant_create": "添加申报人",
        "declarant_update": "修改申报人",
        "declarant_delete": "删除申报人",
        "title_permissions": "设置审查角色与权限",
        "plan_create": "新增申报计划",
        "plan_update": "修改申报计划",
        "plan_delete": "删除申报计划",
        "plan_submit": "上报申报计划",
        "org_info_update": "修改单位信息",
        "org_info_submit": "提交单位信息",
        "org_admin_update": "修改下级单位管理员信息",
        "org_password_init": "初始化下级单位密码",
        "transfer_request": "申请人员移交",
        "transfer_in": "人员调入",
        "title_attach": "上传申报附件",
        "title_detach": "删除申报附件",
        "review_form_export": "打印评审表",
        "expert_create": "填写专家申报",
        "expert_update": "修改专家申报",
        "expert_submit": "提交专家申报",
        "expert_draw": "抽取专家",
        "expert_contacts_view": "查看抽取专家联系方式",
        "title_section_review": "板块审查通过",
    }
)

# 附件 of a title declaration (the attachments section): what each uploaded file proves.
TITLE_ATTACHMENT_KINDS: Final = MappingProxyType(
    {
        "id_card": "身份证",
        "diploma": "学历学位证书",
        "title_cert": "现专业技术职务证书",
        "achievement": "业绩成果证明",
        "paper": "论文",
        "appraisal": "年度考核证明",
        "other": "其他材料",
    }
)


# The inboxes of the title platform's user tasks (``queue``).
class Queue(LabelledEnum):
    """The inboxes of the title platform's user tasks (``queue``)."""

    TITLE_REVIEW = "title_review", "职称审查推荐"
    TITLE_RESUBMIT = "title_resubmit", "申报人修改"
    TITLE_PLAN_REVIEW = "title_plan_review", "申报计划审批"
    ORG_ONBOARDING = "org_onboarding", "下级单位审核"
    ORG_RESUBMIT = "org_resubmit", "单位信息修改"
    TITLE_TRANSFER = "title_transfer", "单位变动人员审核"
    EXPERT_REVIEW = "expert_review", "专家审查"
    EXPERT_RESUBMIT = "expert_resubmit", "专家申报修改"


QUEUE_LABELS: Final = labels(Queue)


# The shared actions plus 撤回 (a plan withdrawn at any level goes back to the unit).
class Action(LabelledEnum):
    """The decisions the title platform's user tasks offer: the shared ones and 撤回."""

    PASS = shared.Action.PASS.value, shared.Action.PASS.label
    REJECT = shared.Action.REJECT.value, shared.Action.REJECT.label
    RETURN = shared.Action.RETURN.value, shared.Action.RETURN.label
    RESUBMIT = shared.Action.RESUBMIT.value, shared.Action.RESUBMIT.label
    WITHDRAW = "withdraw", "撤回"


TASK_ACTION_LABELS: Final = labels(Action)
AUDIT_LABELS: Final = MappingProxyType(
    {**TASK_ACTION_LABELS, **shared.EVENT_LABELS, **TITLE_EVENT_LABELS}
)
