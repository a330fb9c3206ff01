"""The contract between the diagrams and the code: every word a diagram may use that the
service acts on, with the Chinese label the console shows for it.

A BPMN user task names its lane (org level), its ``queue`` (which inbox), the application
``status`` while it waits, the ``actions`` offered (and which of them need a written reason)
and the ``context`` shown beside the form; gateways and DMN tables decide on facts the service
computes. Loading a definition checks each of those against the tables here, so a misspelt
action fails at deploy, naming the element, instead of loading silently. Code that needs one of
these lists (menus, audit labels, schemas, tests, the bench) imports it from here; the title
platform's lists are in ``handlers.title_vocabulary``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers.title_vocabulary import TITLE_EVENT_LABELS

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


# What the service completes a task with when the level it waits at has lost its last
# reviewer: the diagrams take it where a pass goes, past that level, and the history shows it
# as 跳过. Not a button (not in TASK_ACTION_LABELS): no reviewer chooses it.
SKIP_ACTION: Final = "skip"

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
        # A unit or supervising unit nobody can review at, gone past by the diagram's skip
        # (or, for a task already waiting there, when its last reviewer left): 跳过.
        SKIP_ACTION: "跳过",
        "open_season": "开启年度",
        "close_season": "结束年度",
        "reopen_season": "重新开启年度",
        "update_supplementary": "修改补报人员",
        "delete_supplementary": "删除补报人员",
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
        "has_unit_reviewer": "单位有审核人员",
        "has_supervising_unit": "有主管单位（且有审核人员）",
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
