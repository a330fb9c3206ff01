"""How each input field is called on the pages: every message a person reads names a field
by its label (身份证照片, 申报工种), never by the key programs send (id_photo, declared_trade).

The API keeps the keys in ``fields`` (for programs); its ``message`` and every page's banner
use these labels. Here: the platform's fields (accounts, orgs, lists), and how a dotted path
is named; each product registers the labels of its own fields (``<product>/schemas/labels.py``)
and the registry holds them all, one label per key. Every input field of every schema has one
(a test sweeps them).
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
}


def field_label(path: str, labels: Mapping[str, str]) -> str:
    """The label of a field, or of a nested one by its dotted path (appraisals.1.grade:
    近5年年度考核第2项·等级); "" for a key without a label, never the key itself."""
    named: list[str] = []
    for part in path.split("."):
        if part.isdigit() and named:
            named[-1] += f"第{int(part) + 1}项"
        elif part in labels:
            named.append(labels[part])
    return "·".join(named)


def named(path: str, message: str, labels: Mapping[str, str]) -> str:
    """One field's message as a sentence naming it: 申报等级：等级应为1到5."""
    label = field_label(path, labels)
    return f"{label}：{message}" if label else message


def named_all(fields: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """Every field in error, each by its label, as one line."""
    return "；".join(named(path, message, labels) for path, message in fields.items())
