"""How each input field is called on the pages: every message a person reads names a field
by its label (身份证照片, 申报工种), never by the key programs send (id_photo, declared_trade).

The API keeps the keys in ``fields`` (for programs); its ``message`` and every page's banner
use these labels. Every input field of every schema has one (a test sweeps them).
"""

from __future__ import annotations

from collections.abc import Mapping

FIELD_LABELS = {
    # accounts and orgs
    "username": "账号",
    "password": "密码",
    "old_password": "原密码",
    "new_password": "新密码",
    "id_number": "身份证号",
    "name": "姓名",
    "phone": "手机号",
    "email": "邮箱",
    "org_code": "单位",
    "code": "单位编码",
    "level": "级别",
    "parent_code": "上级单位",
    "admin_phone": "管理员手机号",
    "active": "启用状态",
    "role": "角色",
    "cert_print_name": "证书打印名称",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "contact_email": "联系邮箱",
    # the application form
    "gender": "性别",
    "birth_month": "出生年月",
    "education": "文化程度",
    "work_start": "参加工作时间",
    "current_grade": "现岗位等级",
    "current_trade": "现工种",
    "current_grade_year": "现等级取得时间",
    "declared_trade": "申报工种",
    "declared_grade": "申报等级",
    "prohibited": "是否存在禁止申报的情形",
    "by_certificate": "按岗位等级证书申报",
    "qualifying_conditions": "申报条件",
    "appraisals": "近5年年度考核",
    "party_excellent": "优秀共产党员",
    "exceptional": "破格申报",
    "exceptional_reason": "破格申报理由",
    "kind": "材料类型",
    "file": "文件",
    # review
    "action": "审核操作",
    "comment": "意见",
    "remark": "备注",
    "note": "说明",
    "task_ids": "所选任务",
    "application_ids": "所选报名",
    "ids": "所选记录",
    "sample_percent": "抽查比例",
    "by": "复核层级",
    # lists and exports
    "q": "姓名或身份证号",
    "page": "页码",
    "per_page": "每页条数",
    "sort": "排序",
    "queue": "审核队列",
    "roster": "名册",
    "status": "审核状态",
    "state": "状态",
    "unit": "单位",
    "unit_name": "单位名称",
    "format": "文件格式",
    "year": "年度",
    "season": "年度",
    "product": "业务",
    "source": "来源",
    "exam_year": "考试年度",
    "cert_no": "证书编号",
    "include_inactive": "包含已停用",
    "mine": "仅本单位",
    "direction": "调动方向",
    # exam sessions and tickets
    "trade": "工种",
    "grade": "等级",
    "exam_date": "考试日期",
    "exam_time": "考试时间",
    "site": "考场",
    "address": "考场地址",
    "rooms": "考场数",
    "seats_per_room": "每考场座位数",
    "notes": "注意事项",
    "opens_at": "开放打印开始时间",
    "closes_at": "开放打印结束时间",
    "session_id": "考试场次",
    "printed": "打印状态",
    # process governance
    "process_id": "流程",
    "definition_id": "流程版本",
    "deployment": "部署",
    "content": "文件内容",
    "version": "版本",
    "number": "版本号",
    "from_number": "原版本",
    "to_number": "目标版本",
    "instance_ids": "所选流程实例",
    "dry_run": "仅预览",
    "mappings": "环节映射",
    "migrate": "先迁移到最新版本",
    "years": "年限",
    "org": "单位",
    "days": "天数",
    "started_days": "已启动天数",
    "waiting_days": "已等待天数",
    "waiting_org": "等待单位",
    # the title platform
    "series": "系列",
    "specialty": "专业",
    "current_title": "现专业技术职务",
    "current_title_date": "任职时间",
    "sections": "内容板块",
    "label": "附件说明",
    "title": "职称",
    "title_level": "职称级别",
    "summary": "个人简介",
    "junior": "初级",
    "intermediate": "中级",
    "deputy_senior": "副高级",
    "senior": "正高级",
    "notice": "面试通知",
    "place": "面试地点",
    "count": "抽取人数",
    "declaration_id": "申报",
    "exclude_org_code": "回避单位",
}


def field_label(path: str) -> str:
    """The label of a field, or of a nested one by its dotted path (appraisals.1.grade:
    近5年年度考核第2项·等级); "" for a key without a label, never the key itself."""
    labels: list[str] = []
    for part in path.split("."):
        if part.isdigit() and labels:
            labels[-1] += f"第{int(part) + 1}项"
        elif part in FIELD_LABELS:
            labels.append(FIELD_LABELS[part])
    return "·".join(labels)


def named(path: str, message: str) -> str:
    """One field's message as a sentence naming it: 申报等级：等级应为1到5."""
    label = field_label(path)
    return f"{label}：{message}" if label else message


def named_all(fields: Mapping[str, str]) -> str:
    """Every field in error, each by its label, as one line."""
    return "；".join(named(path, message) for path, message in fields.items())
