"""The exam's applications as process governance reaches them: the subjects of the engine's
instance tables (``workflow_instances``, ``tasks``, ``incidents``), registered with the
platform as ``InstanceSubjects`` (``app.platform.registry``). Governance sees instances and
tasks; which applications an account may see, how they are searched, what a migrated
instance changes on its application, how a failed decision runs again and what a what-if
run replays are the exam's, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from app.exams.models.applications import Application
from app.exams.services import engine, review
from app.exams.services.facts import review_facts
from app.exams.services.scope import applications_query, get_application
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import Task, WorkflowInstance
from app.platform.registry import InstanceSubjects
from handlers.exams.vocabulary import Status
from workflows.step import StepResult


def in_scope(user: User) -> Select:
    """Ids of the applications ``user`` may see."""
    return applications_query(user).with_only_columns(Application.id)


def matching(user: User, filters: Mapping[str, Any]) -> Select:
    """Ids of the applications in scope that match the instance search's application
    filters: status, name or exact ID number (``q``), org and below (``org``)."""
    query = applications_query(user)
    if filters.get("status") is not None:
        query = query.where(Application.status == filters["status"])
    if filters.get("q"):
        term = filters["q"].strip()
        query = query.where(
            Application.name.contains(term, autoescape=True)
            | (Application.id_number == term.upper())
        )
    if filters.get("org"):
        chosen = aliased(Org)
        below = select(Org.id).join(chosen, Org.path.startswith(chosen.path))
        query = query.where(Application.org_id.in_(below.where(chosen.code == filters["org"])))
    return query.with_only_columns(Application.id)


def by_id(session: Session, ids: Iterable[int]) -> dict[int, Application]:
    return {
        application.id: application
        for application in session.scalars(select(Application).where(Application.id.in_(ids)))
    }


def resync(
    session: Session, application: Application, instance: WorkflowInstance, result: StepResult
) -> None:
    """After a migration moved ``instance``: its task rows and the application's status."""
    engine.apply_result(session, application, instance, result)


def decide_again(
    session: Session, actor: User, task: Task, action: str, comment: str, note: dict[str, Any]
) -> None:
    """A failed decision run again (an incident's retry), checked as the reviewer's was."""
    review.decide_again(session, actor, task, action, comment, note)


def simulation_cases(
    session: Session, years: list[int]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every submitted application of ``years`` with the facts it would be routed on now.
    An application is told by what shapes a path (unit, trade, grade), never by who applied:
    policy staff read process data, not people (``User.reads_personal_data``)."""
    applications = session.scalars(
        select(Application)
        .where(Application.year.in_(years), Application.status != Status.DRAFT)
        .order_by(Application.id)
    )
    return [
        (
            {
                "application_id": application.id,
                "unit": application.org.name,
                "declared_trade": application.declared_trade,
                "declared_grade": application.declared_grade,
            },
            review_facts(session, application, application.year),
        )
        for application in applications
    ]


SUBJECTS = InstanceSubjects(
    main_process=engine.MAIN_PROCESS,
    in_scope=in_scope,
    matching=matching,
    get=get_application,
    by_id=by_id,
    resync=resync,
    decide=decide_again,
    simulation_cases=simulation_cases,
)
