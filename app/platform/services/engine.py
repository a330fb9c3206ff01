"""What both bridges between the database and ``workflows`` share (the exam's,
``app.exams.services.engine``, and the case bridge, ``cases.py``): deploying ``bpmn/``, the
engine's failures as service errors, a step's state stored, and the task rows synced with
the engine's ready tasks.

No commit here: callers own the transaction so state, task rows and audit land together.
The engine's failures become service errors, raised before the caller commits, so a failed
step writes nothing: a task someone else completed first -> Conflict (409); a failing
element, an unroutable lane or an unusable diagram -> WorkflowFailed (422)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, bindparam, cast, func, literal
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session, object_session
from sqlalchemy.sql.functions import Function

from app.platform.models.base import utcnow
from app.platform.models.cases import CaseInstance
from app.platform.models.orgs import Org
from app.platform.models.tasks import ReviewTaskMixin
from app.platform.models.workflow import ProcessDefinition, WorkflowInstance
from app.platform.services import deployments
from app.platform.services.errors import Conflict, WorkflowFailed
from handlers.vocabulary import TaskState
from workflows import definitions, serializer, step
from workflows.step import StepResult

R = TypeVar("R", bound=ReviewTaskMixin)
"""A task row type (exam ``Task`` or ``CaseTask``)."""


def sync_definitions(
    session: Session, bpmn_dir: Path, note: str | None = None
) -> list[ProcessDefinition]:
    """Deploy ``bpmn_dir`` when it differs from the latest deployment (deployment #1 on a
    fresh install) and return the latest deployment's process versions."""
    deployments.sync(session, bpmn_dir, note)
    deployment = deployments.get(session)
    return [deployments.definition_in(session, deployment, pid) for pid in deployment.processes]


@dataclass(frozen=True)
class Step:
    """What a start or a step did: the instance (with the definition version that took the
    step, for the decision's audit record) and the orgs the review went past because nobody
    could review there (``handlers.routing.skipped_levels``), lowest first, for the history."""

    instance: WorkflowInstance
    skipped: list[Org] = field(default_factory=list)

    @property
    def definition(self) -> ProcessDefinition:
        return self.instance.definition


def store(instance: WorkflowInstance | CaseInstance, result: StepResult) -> None:
    """Persist a step's state: the live part replaces ``state``; a call activity's
    sub-process that finished in this step is appended to ``finished_subprocesses`` in the
    UPDATE itself, so the (deferred) column is never read by a step. A case keeps its whole
    state in one column (its processes call no sub-process today)."""
    if isinstance(instance, CaseInstance):
        instance.state = serializer.merge(result.state, result.finished)
        instance.completed = result.completed
        return
    instance.state, instance.completed = result.state, result.completed
    if result.finished:
        session = object_session(instance)
        dialect = session.get_bind().dialect.name if session is not None else ""
        instance.finished_subprocesses = _appended(dialect, result.finished)


def _appended(dialect: str, finished: dict[str, Any]) -> Any:
    """SQL for ``finished_subprocesses`` with ``finished``'s entries added. A NULL or JSON
    ``null`` column (rows from before the split, or no sub-process finished yet) starts empty.
    """
    column = WorkflowInstance.finished_subprocesses
    if dialect == "postgresql":
        current = func.coalesce(
            func.nullif(cast(column, JSONB), cast(literal("null"), JSONB)),
            func.jsonb_build_object(),
        )
        return cast(current.op("||")(bindparam(None, finished, type_=JSONB)), JSON)
    merged: Function[Any] = func.coalesce(func.nullif(column, "null"), func.json_object())
    for key, value in finished.items():  # json_set keeps nulls inside ``value`` as they are
        merged = func.json_set(merged, f'$."{key}"', func.json(json.dumps(value)))
    return merged


def whole_state(instance: WorkflowInstance) -> dict[str, Any]:
    """The instance's state with its finished sub-processes merged back, for the views of
    its whole history (instance view, migration); rows older than the split have them all
    in ``state`` and an empty ``finished_subprocesses``."""
    return serializer.merge(instance.state, instance.finished_subprocesses)


STEP_FAILURES = {
    "limit": "脚本超出运行限制",
    "refused": "脚本包含不允许的操作",
    "error": "脚本或条件执行出错",
}


@contextmanager
def engine_errors() -> Iterator[None]:
    """The engine's failures as service errors (see the module docstring)."""
    try:
        yield
    except step.TaskNotReady as exc:
        raise Conflict("该任务已被其他审核人员处理，请刷新后重试") from exc
    except step.StepFailed as exc:
        raise WorkflowFailed(
            _step_failed_message(exc), element_id=exc.element_id, element_name=exc.element_name
        ) from exc
    except definitions.DefinitionError as exc:
        raise WorkflowFailed(f"流程定义无法使用：{exc}") from exc


def _step_failed_message(failure: step.StepFailed) -> str:
    what = STEP_FAILURES.get(failure.kind, STEP_FAILURES["error"])
    if not failure.element_id:
        return f"流程执行失败：{what}（{failure.reason}）"
    element = f"流程环节“{failure.element_name}”({failure.element_id})"
    return f"{element}执行失败：{what}（{failure.reason}）"


def sync_task_rows(
    session: Session,
    open_rows: Iterable[R],
    result: StepResult,
    make_row: Callable[[step.ReadyTask], R],
) -> dict[str, R]:
    """The task rows of an instance after a step, by engine task id: open rows the engine no
    longer has ready are cancelled, a row is made (``make_row``) and added for each newly
    ready task. Shared by the exam bridge and the case bridge (``cases.py``), whose rows
    differ only in how a task is routed."""
    rows = {row.engine_task_id: row for row in open_rows}
    ready_ids = {ready.id for ready in result.ready}
    for engine_id, row in rows.items():
        if engine_id not in ready_ids:
            row.state, row.completed_at = TaskState.CANCELLED, utcnow()
    for ready in result.ready:
        if ready.id not in rows:
            rows[ready.id] = make_row(ready)
            session.add(rows[ready.id])
    return rows


def task_columns(ready: step.ReadyTask, default_queue: str) -> dict[str, Any]:
    """What every task row copies from the diagram's ready task."""
    return {
        "engine_task_id": ready.id,
        "spec_id": ready.spec_id,
        "name": ready.name,
        "lane": ready.lane,
        "queue": ready.properties.get("queue", default_queue),
        "actions": ready.properties.get("actions", ""),
        "comment_required": ready.properties.get("comment_required", ""),
    }
