"""The exam's bridge between the database and ``workflows``: starting and advancing an
application's instances, routing ready user tasks to the org their lane resolves to, and the
application's status after each step (a status leaving 终审通过 voids its ticket).

No commit here: callers own the transaction so state, task rows and audit land together.
What both bridges share (the engine's failures as service errors, a step's state stored, the
task rows synced) is the platform's ``app.platform.services.engine``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services import tickets
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.services import bridge, deployments, incident_log
from app.platform.services.deployments import parsed
from app.platform.services.engine import Step, engine_errors, store, task_columns
from app.platform.services.errors import WorkflowFailed
from app.platform.services.staffing import StaffedChain, staffed_chain
from handlers.exams.tickets import void_reason
from handlers.exams.vocabulary import STATUS_LABELS
from handlers.routing import UnroutableLane, resolve_lane
from handlers.vocabulary import APPLICANT_LANE, LEVEL_LABELS, TaskState
from workflows import step
from workflows.step import StepResult

Outcome = bridge.Outcome[Task]

MAIN_PROCESS = "registration"
"""The process that carries an application through review. Side processes (deferred
materials, city re-review) run beside it and change the application's status only when they
end with an explicit ``status`` (e.g. a county reopening an approved application).
"""


def start_instance(
    session: Session,
    application: Application,
    process_id: str,
    bpmn_dir: Path,
    data: dict[str, Any],
) -> WorkflowInstance:
    """Start ``process_id`` (its version in the latest deployment) for ``application`` and
    materialise its tasks. ``bpmn_dir`` is read only on a fresh install, to make deployment
    #1. An application has one main instance at a time and any number of side instances.
    """
    return begin(session, application, process_id, bpmn_dir, data).instance


def begin(
    session: Session,
    application: Application,
    process_id: str,
    bpmn_dir: Path,
    data: dict[str, Any],
) -> Step:
    """``start_instance``, also telling which levels the first routing went past."""
    with engine_errors():
        row = deployments.current_definition(session, process_id, bpmn_dir)
        result = step.start(parsed(row), data)
    instance = WorkflowInstance(
        application_id=application.id,
        definition=row,
        state=result.state,
        completed=result.completed,
    )
    if result.finished:  # a call activity that ran to its end before the first wait
        instance.finished_subprocesses = result.finished
    session.add(instance)
    session.flush()
    routing = Routing(APPLICANT_LANE)
    apply_result(session, application, instance, result, routing=routing)
    return Step(instance, routing.skipped)


def complete(
    session: Session,
    application: Application,
    task: Task,
    actor: User,
    action: str,
    comment: str | None = None,
    data: dict[str, Any] | None = None,
) -> Step:
    """Complete ``task`` with ``action`` (plus ``data``, e.g. refreshed facts): the
    platform's ``bridge.run_step`` routed over the application's org chain, then the
    application's status from the outcome. The optimistic version check happens at flush: a
    concurrent step on the same instance makes the flush raise StaleDataError. A failing step
    carries its incident, which the caller's ``committing`` records after the rollback.

    The org chain is read before the step, with who can review at each org, and the facts
    the diagrams skip a level on go into the step: whether a level is there is judged when
    the review reaches it, not only at the submission (a supervising unit whose last
    reviewer left since is skipped). The same rows then route the next task.
    """
    instance, open_rows = bridge.load(session, WorkflowInstance, Task, task.instance_id)
    version = instance.version
    routing = Routing(task.lane, staffed_chain(session, application.org))
    router = _Router(session, application, instance, routing)
    try:
        outcome = bridge.run_step(
            session, instance, open_rows, task, actor, (action, comment), data, router
        )
        apply_outcome(session, application, outcome, routing)
    except WorkflowFailed as exc:  # the instance is stuck here: an incident to record
        exc.incident = incident_log.failure(exc, instance, version, task, actor, (action, comment))
        raise
    return Step(instance, routing.skipped)


def end_side_instances(session: Session, application: Application) -> list[WorkflowInstance]:
    """End every open side instance of ``application`` where it stands (engine state
    cancelled, its open task rows cancelled), e.g. when the application is rejected and
    nothing is left to supply or recheck. The caller records why, in its transaction."""
    side = list(
        session.scalars(
            select(WorkflowInstance)
            .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
            .where(
                WorkflowInstance.application_id == application.id,
                WorkflowInstance.completed.is_(False),
                ProcessDefinition.process_id != MAIN_PROCESS,
            )
            .order_by(WorkflowInstance.id)
        )
    )
    for instance in side:
        with engine_errors():
            result = step.cancel(parsed(instance.definition), instance.state)
        store(instance, result)
        instance.completed = True
        apply_result(session, application, instance, result)
    return side


@dataclass
class Routing:
    """Where a step starts from (the lane of the task it completes; the applicant's at a
    submission), the application's org chain once read, and the levels the step went past."""

    from_lane: str | None
    chain: StaffedChain | None = None
    skipped: list[Org] = field(default_factory=list)


class _Router(bridge.Router[Task]):
    """The exam's routing: a level lane resolves to that level's org in the application's
    chain (read once, when a task is first to be placed: not on a final step); the
    applicant's lane to the applicant. ``facts``: the chain's staffed levels."""

    def __init__(
        self,
        session: Session,
        application: Application,
        instance: WorkflowInstance,
        routing: Routing,
    ) -> None:
        self.session, self.application, self.instance = session, application, instance
        self.routing = routing

    def facts(self) -> dict[str, Any]:
        return self.routing.chain.facts() if self.routing.chain is not None else {}

    def place(self, ready: step.ReadyTask) -> Task:
        if self.routing.chain is None:
            self.routing.chain = staffed_chain(self.session, self.application.org)
        return _task_row(self.application, self.instance, ready, self.routing.chain.ids)


def apply_result(
    session: Session,
    application: Application,
    instance: WorkflowInstance,
    result: StepResult,
    routing: Routing | None = None,
) -> None:
    """Sync task rows with a step's ready tasks (a start, a cancel, a migration) and the
    application's status with both (``apply_outcome``)."""
    open_rows = list(
        session.scalars(select(Task).filter_by(instance_id=instance.id, state=TaskState.READY))
    )
    routing = routing or Routing(None)
    router = _Router(session, application, instance, routing)
    outcome = bridge.settle(session, instance, result, open_rows, router)
    apply_outcome(session, application, outcome, routing)


def apply_outcome(
    session: Session, application: Application, outcome: Outcome, routing: Routing
) -> None:
    """The application after a step of one of its processes: its status and where it waits
    (``routing`` gets the levels a step of the main process went past, see ``Step``); a
    status leaving 终审通过 voids the application's admission ticket in the same
    transaction."""
    status_from = application.status
    _update_application(application, outcome, routing)
    reason = void_reason(status_from, application.status)
    if reason:  # every status change passes here: no path keeps a ticket it no longer holds
        tickets.void_tickets(session, application.id, reason)


def _update_application(application: Application, outcome: Outcome, routing: Routing) -> None:
    """The application's status (and where it waits) after a step of one of its processes;
    for the main process, also the levels the step went past (``routing.skipped``)."""
    if outcome.definition.process_id != MAIN_PROCESS:
        if outcome.completed and outcome.data.get("status") in STATUS_LABELS:
            _reopen(application, outcome.data["status"])
        return
    orgs = routing.chain.orgs if routing.chain is not None else {}
    _update_status(application, outcome, {org.id: org for org in orgs.values()})
    waiting = outcome.waiting
    if routing.chain is not None and waiting is not None:
        routing.skipped = routing.chain.skipped(routing.from_lane, waiting.lane)


def _reopen(application: Application, status: str) -> None:
    """A side process ending with a status reopens an approved application (the county after
    a re-review): the approval, and the on-site or 破格 roster it earned, no longer hold."""
    application.status = status
    application.onsite_approved = application.exceptional_approved = False


def _task_row(
    application: Application,
    instance: WorkflowInstance,
    ready: step.ReadyTask,
    chain: dict[str, int],
) -> Task:
    try:
        org_id = resolve_lane(ready.lane, chain)
    except UnroutableLane as exc:
        if ready.lane is not None and ready.lane in LEVEL_LABELS:
            reason = f"报考人员所在单位没有“{LEVEL_LABELS[ready.lane]}”一级"
        else:
            reason = f"泳道“{ready.lane}”不是单位层级"
        raise WorkflowFailed(
            f"流程环节“{ready.name}”({ready.spec_id})无法分派：{reason}",
            element_id=ready.spec_id,
            element_name=ready.name,
        ) from exc
    return Task(
        instance_id=instance.id,
        application_id=application.id,
        **task_columns(ready, default_queue="manual"),
        context=dict(ready.context) or None,
        candidate_org_id=org_id,
        candidate_user_id=application.applicant_id if org_id is None else None,
    )


def _update_status(application: Application, outcome: Outcome, orgs: dict[int, Org]) -> None:
    """Status comes from the diagram: the ``status`` the process set before ending, or the
    ``status`` property of the user task it now waits on. ``orgs`` are the org rows this
    step already read (by id): the waiting org is set as an object when it is one of them,
    so the response shows it without selecting it again.
    """
    if outcome.completed:
        application.status = bridge.final_status(outcome, STATUS_LABELS, "审核状态")
        application.waiting_org_id = application.waiting_task = None
        application.onsite_approved = bool(outcome.data.get("onsite"))
        application.exceptional_approved = bool(outcome.data.get("exceptional_approved"))
        return
    waiting = outcome.waiting
    if waiting is None or outcome.status is None:
        return  # waiting on an event (timer, message): nothing for a person yet
    application.status = outcome.status
    if waiting.candidate_org_id in orgs:
        application.waiting_org = orgs[waiting.candidate_org_id]
    else:
        application.waiting_org_id = waiting.candidate_org_id
    application.waiting_task = waiting.name
