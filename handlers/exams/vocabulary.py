"""The exam registration's words (工考报名, seed 000), beside the shared ones in
``handlers.vocabulary``: the inbox queues, the exam's own statuses, actions and audit events,
the facts the registration process routes on, what a process hands back, and the context a
task shows beside its form. Each table here is complete for the exam, in the order pages and
the API list it: the shared words (same keys, same labels: a unit test holds them equal) and
the exam's own.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers import vocabulary as shared
from handlers.vocabulary import LabelledEnum, labels


class Status(LabelledEnum):
    """An application's status: the shared ones and the exam's 现场审核中."""

    DRAFT = "draft", "未提交"
    UNDER_REVIEW = "under_review", "审核中"
    RETURNED = "returned", "已退回"
    REJECTED = "rejected", "审核不通过"
    ONSITE = "onsite", "现场审核中"
    APPROVED = "approved", "终审通过"


STATUS_LABELS: Final = labels(Status)


class Queue(LabelledEnum):
    """The exam's inboxes: a user task's ``queue``."""

    MANUAL = "manual", "人工审核"
    AUTO = "auto", "自动审核"
    SENIOR = "senior", "高级技师审核"
    ONSITE = "onsite", "现场审核"
    EXCEPTIONAL = "exceptional", "破格人员审核"
    DEFERRED = "deferred", "容缺后补"
    DEFERRED_REVIEW = "deferred_review", "容缺后补审核"
    RECHECK_RESPONSE = "recheck_response", "复核意见处理"
    CITY_RECHECK = "city_recheck", "市级复核"
    PROVINCE_MARK = "province_mark", "省级标记"
    APPLICANT = "applicant", "报考人员修改"


QUEUE_LABELS: Final = labels(Queue)

# Who starts a re-review (the recheck process's ``by``) -> the queue its task waits in.
RECHECK_QUEUES: Final = MappingProxyType(
    {shared.Lane.CITY.value: Queue.CITY_RECHECK, shared.Lane.PROVINCE.value: Queue.PROVINCE_MARK}
)


class Action(LabelledEnum):
    """The decisions the exam's user tasks offer (``actions``), each a button."""

    PASS = "pass", "通过"
    REJECT = "reject", "不通过"
    RETURN = "return", "退回本人"
    ONSITE = "onsite", "转现场审核"
    RESUBMIT = "resubmit", "重新提交"
    CONFIRM = "confirm", "确认"
    NO_OBJECTION = "no_objection", "无异议"
    OPINION = "opinion", "提出意见"
    NO_OPINION = "no_opinion", "无意见"
    CANCEL_CONFIRM = "cancel_confirm", "取消补传确认"
    REOPEN_RETURN = "reopen_return", "退回本人"
    REOPEN_REJECT = "reopen_reject", "审核不通过"


TASK_ACTION_LABELS: Final = labels(Action)

# A county reopening an approved application to reject it must say why, as any rejection.
REASON_REQUIRED_ACTIONS: Final = shared.REASON_REQUIRED_ACTIONS | {Action.REOPEN_REJECT.value}

# What the service completes a task with when the level it waits at has lost its last
# reviewer: the diagrams take it where a pass goes, past that level, and the history shows it
# as 跳过. Not a button (not in TASK_ACTION_LABELS): no reviewer chooses it.
SKIP_ACTION: Final = "skip"

# Everything else the exam's audit trails record beside the task actions (with the system
# chain's shared events, in the order the trail lists them).
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
    }
)
AUDIT_LABELS: Final = MappingProxyType({**TASK_ACTION_LABELS, **EVENT_LABELS})

# Facts the service computes at each submission (app/exams/services/facts.py) and passes into
# the registration process; gateways and DMN tables may decide on these.
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

# Data the service puts into an exam process: the decision on every completed task, and what
# starts a side process.
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
