"""The vocabulary rules of one user task: its lane and its ``spiffworkflow:property`` values.

Shared by ``definitions.load`` (which refuses a definition on the first broken rule, from the
parsed spec, at every load) and ``contract.check`` (which reports every broken rule, from the
XML, before a deploy). Both hand in what they read; the rules only judge words against the
shared lanes and property names (``handlers.vocabulary``) and every product's queues,
statuses, actions and context (``handlers.lexicon``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec

from handlers import lexicon
from handlers import vocabulary as v

REQUIRED_PROPERTIES = ("queue", "actions")


def lane_of(task_spec: BpmnTaskSpec) -> str | None:
    """The routing key of a task spec's lane: SpiffWorkflow gives the lane's name, which the
    diagrams write as the level's Chinese label (县区), and task rows, routing, simulation and
    the instance view all speak the key (county)."""
    return v.lane_key(task_spec.lane)


def properties(task_spec: BpmnTaskSpec) -> dict[str, str]:
    """The ``spiffworkflow:property`` values of a diagram element, by name. The parser keeps
    them in ``extensions``, which it sets on diagram elements only (not on the engine's own
    start and join tasks: those have none)."""
    extensions: dict[str, object] = getattr(task_spec, "extensions", {})
    found = extensions.get("properties") or {}
    return dict(found) if isinstance(found, dict) else {}


def values(raw: str | None) -> list[str]:
    """The items of a list property (``pass,reject`` -> ``["pass", "reject"]``)."""
    return [item.strip() for item in (raw or "").split(",") if item.strip()]


def problems(lane: str | None, properties: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """``(rule, message)`` for each rule the task breaks; the message (Chinese) says what is
    wrong, the caller prefixes the element.
    """
    yield from _lane_problems(lane)
    for name in properties:
        if name not in v.TASK_PROPERTIES:
            known = ", ".join(v.TASK_PROPERTIES)
            yield "property", f"属性“{name}”不是约定的任务属性（可用：{known}）"
    for name in REQUIRED_PROPERTIES:
        if not (properties.get(name) or "").strip():
            yield name, f"缺少必填属性“{name}”"
    yield from _single("queue", properties.get("queue"), lexicon.QUEUE_LABELS, "队列")
    yield from _single("status", properties.get("status"), lexicon.STATUS_LABELS, "审核状态")
    actions = values(properties.get("actions"))
    yield from _each("actions", actions, lexicon.TASK_ACTION_LABELS, "操作")
    required = values(properties.get("comment_required"))
    yield from _each("comment_required", required, lexicon.TASK_ACTION_LABELS, "操作")
    for action in required if actions else ():  # no actions: reported once, above
        if action in lexicon.TASK_ACTION_LABELS and action not in actions:
            yield "comment_required", f"须填意见的操作“{action}”不在本任务的操作（actions）中"
    yield from _each("context", values(properties.get("context")), lexicon.CONTEXT_LABELS, "展示数据")


def _lane_problems(lane: str | None) -> Iterator[tuple[str, str]]:
    if lane is None:
        yield (
            "lane",
            "不在任何泳道中（用户任务须放在审核层级、审查角色、单位管理员、报考人员或申报人的泳道里）",
        )
        return
    key = v.lane_key(lane)
    if key not in v.TASK_LANES:
        known = "、".join(v.LANE_LABELS[k] for k in v.TASK_LANES)
        yield "lane", f"泳道“{lane}”不是可分派任务的泳道（可用：{known}）"


def _single(
    rule: str, value: str | None, known: Mapping[str, str], what: str
) -> Iterator[tuple[str, str]]:
    if value and value.strip() and value.strip() not in known:
        yield rule, f"{what}“{value}”不在约定的{what}中（可用：{', '.join(known)}）"


def _each(
    rule: str, items: list[str], known: Mapping[str, str], what: str
) -> Iterator[tuple[str, str]]:
    for item in items:
        if item not in known:
            yield rule, f"{what}“{item}”不在约定的{what}中（可用：{', '.join(known)}）"
