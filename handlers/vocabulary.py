"""The contract between the diagrams and the code: every word a diagram may use that the
service acts on, with the Chinese label the console shows for it.

A BPMN user task names its lane (org level), its ``queue`` (which inbox), the application
``status`` while it waits, the ``actions`` offered (and which of them need a written reason)
and the ``context`` shown beside the form; gateways and DMN tables decide on facts the service
computes. Loading a definition checks each of those against the tables here, so a misspelt
action fails at deploy, naming the element, instead of loading silently. Code that needs one of
these lists (menus, audit labels, schemas, tests, the bench) imports it from here.
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


STATUS_LABELS: Final = MappingProxyType(
    {
        "draft": "未提交",
        "under_review": "审核中",
        "returned": "已退回",
        "rejected": "审核不通过",
        "onsite": "现场审核中",
        "approved": "终审通过",
    }
)

QUEUE_LABELS: Final = MappingProxyType(
    {
        "manual": "人工审核",
        "auto": "自动审核",
        "senior": "高级技师审核",
        "onsite": "现场审核",
        "exceptional": "破格人员审核",
        "deferred": "容缺后补",
        "deferred_review": "容缺后补审核",
        "recheck_response": "复核意见处理",
        "city_recheck": "市级复核",
        "province_mark": "省级标记",
        "applicant": "报考人员修改",
        "title_review": "职称审查推荐",
        "title_resubmit": "申报人修改",
        "title_plan_review": "申报计划审批",
        "org_onboarding": "下级单位审核",
        "org_resubmit": "单位信息修改",
        "title_transfer": "单位变动人员审核",
        "expert_review": "专家审查",
        "expert_resubmit": "专家申报修改",
    }
)

# Who starts a re-review (the recheck process's ``by``) -> the queue its task waits in.
RECHECK_QUEUES: Final = MappingProxyType({"city": "city_recheck", "province": "province_mark"})

# Actions a user task may offer (``actions``), each a button and an audit record.
TASK_ACTION_LABELS: Final = MappingProxyType(
    {
        "pass": "通过",
        "reject": "不通过",
        "return": "退回本人",
        "onsite": "转现场审核",
        "resubmit": "重新提交",
        "confirm": "确认",
        "no_objection": "无异议",
        "opinion": "提出意见",
        "no_opinion": "无意见",
        "cancel_confirm": "取消补传确认",
        "reopen_return": "退回本人",
        "reopen_reject": "审核不通过",
        "withdraw": "撤回",
    }
)

# Decisions that always need a written reason, whatever a diagram's ``comment_required``
# says: an applicant refused 不通过 must be told why (the clerks' rule, issue 9), and a
# deployed diagram cannot drop that by omission.
REASON_REQUIRED_ACTIONS: Final = frozenset({"reject", "reopen_reject"})

# ---------------------------------------------------------------------------------------------
# The professional-title platform (职称管理服务平台, seed 004). Declarations travel one diagram
# (bpmn/title_review.bpmn) through the chain of orgs from the declarant's unit up to the
# committee's org, handler then leader at each; they reuse the statuses above where the word
# means the same and show them with the title office's own labels.
# ---------------------------------------------------------------------------------------------

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
# others by the committee of the city above the unit (handlers/titles.py).
TITLE_LEVEL_LABELS: Final = MappingProxyType(
    {
        "junior": "初级",
        "intermediate": "中级",
        "deputy_senior": "副高级",
        "senior": "正高级",
    }
)

# How a declaration's status (keys of STATUS_LABELS) reads on the title platform.
TITLE_STATUS_LABELS: Final = MappingProxyType(
    {
        "draft": "未提交",
        "under_review": "审查中",
        "returned": "已退回",
        "rejected": "未通过",
        "approved": "已通过",
    }
)

# Data the services hand into the title diagrams: the review chain (org ids from the unit up
# to the deciding org: a declaration's committee, the province for plans and experts), the
# position in it and the org reviewing now. The diagram's
# scripts move ``level`` and ``current_org``; a task in a role lane waits at ``current_org``.
CURRENT_ORG: Final = "current_org"
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

# 单位信息维护 (seed 一、单位管理): where an org stands in its onboarding. Orgs that existed
# before onboarding are approved; an org created since starts pending until its superior
# approves the information its admin submitted (bpmn/org_onboarding.bpmn).
ORG_ONBOARDING_LABELS: Final = MappingProxyType(
    {
        "pending": "待完善",
        "submitted": "待审核",
        "returned": "已退回",
        "approved": "已通过",
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

# Everything else the audit trail records, beside the task actions.
EVENT_LABELS: Final = MappingProxyType(
    {
        "create": "填写报名信息",
        "update": "修改报名信息",
        "upload": "上传材料",
        "submit": "提交报名",
        "comment": "一般备注",
        "defer": "标记容缺后补",
        "process_ended": "流程终止",
        "recheck": "发起复核",
        "reapply": "退回重新申报",
        "declare_exceptional": "代为破格申报",
        "view_id_number": "查看完整身份证号",
        "export_roster": "导出名册（含完整身份证号）",
        "export_tickets": "导出准考证名单（含完整身份证号）",
        "export_history": "导出历史报名数据（含完整身份证号）",
        "reset_password": "重置密码",
        "approve_user": "审批通过账号",
        "deactivate_user": "停用账号",
        "deploy": "部署流程版本",
        "migrate": "迁移流程实例",
        **TITLE_EVENT_LABELS,
    }
)
AUDIT_LABELS: Final = MappingProxyType({**TASK_ACTION_LABELS, **EVENT_LABELS})

# Facts the service computes at each submission (app/services/facts.py) and passes into the
# registration process; gateways and DMN tables may decide on these.
FACT_LABELS: Final = MappingProxyType(
    {
        "declared_grade": "申报等级（1 为一级）",
        "qualified_match": "与往年合格库一致",
        "by_certificate": "按岗位等级证书申报",
        "grade_step": "申报等级比现等级高几级",
        "years_since_grade": "现等级取得年限",
        "has_supervising_unit": "有主管单位",
        "exceptional": "破格申报",
        "declared_by_county": "县区代为申报",
        "senior_rule_ok": "高级技师考核条件符合",
        "senior_failed_years": "考核不符合的年度",
        "senior_problems": "考核材料问题",
    }
)

# Data the service itself puts into a process: the reviewer's decision on every completed task,
# and what starts a side process.
ENGINE_INPUT_LABELS: Final = MappingProxyType(
    {
        "action": "审核操作",
        "comment": "审核意见",
        "by": "发起复核的层级",
        "marked_by": "标记容缺的层级",
        "deferred_remark": "容缺说明",
    }
)

# Values a process sets for the service to read when it ends or waits (``status`` is checked
# against STATUS_LABELS when it arrives).
PROCESS_OUTPUT_LABELS: Final = MappingProxyType(
    {
        "status": "审核状态",
        "onsite": "经现场审核通过",
        "exceptional_approved": "破格通过",
    }
)

# Task data a user task may show beside its form (``context``).
CONTEXT_LABELS: Final = MappingProxyType(
    {
        "auto_not_grade1": "非一级工",
        "auto_qualified_match": "现岗位等级及基本信息与往年合格库一致",
        "auto_by_certificate": "按岗位等级证书申报",
        "auto_one_level_up": "申报等级比现岗位等级高一级",
        "auto_years": "现等级取得年限符合要求",
        "senior_rule_ok": "高级技师考核条件",
        "senior_failed_years": "考核不符合的年度",
        "senior_problems": "考核材料问题",
        "deferred_remark": "容缺说明",
        "deferred_opinion": "容缺审核意见",
        "by": "发起复核的层级",
        "recheck_opinion": "复核意见",
    }
)

# The context keys the five auto-review DMN tables return (shown as a ✓/✗ checklist).
AUTO_CONDITIONS: Final = (
    "auto_not_grade1",
    "auto_qualified_match",
    "auto_by_certificate",
    "auto_one_level_up",
    "auto_years",
)
# Those whose ✓/✗ rests on a 往年合格库 record (the match itself, and the grade and year it
# certifies); the others read only the form.
AUTO_CONDITIONS_FROM_RECORD: Final = ("auto_qualified_match", "auto_one_level_up", "auto_years")

# The spiffworkflow:property names a user task carries, and which of them are lists.
TASK_PROPERTIES: Final = ("queue", "status", "actions", "comment_required", "context")
LIST_PROPERTIES: Final = frozenset({"actions", "comment_required", "context"})
