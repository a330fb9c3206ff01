"""Deployments: the diagram library as the database holds it.

Each deployment is a full snapshot of every BPMN and DMN file. New instances start on the
latest deployment's version of their process; running ones keep the ProcessDefinition row
they started with. ``bpmn/`` only seeds a fresh install (deployment #1) and, for developers,
``sync-definitions`` deploys it again when it differs.

No commit here: callers own the transaction (``committing``), so a deployment, its
definition rows and its audit record land together, and two concurrent deploys cannot both
take the next number (unique key -> 409).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from app.platform.models.deployments import Deployment
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition
from app.platform.services.errors import Invalid, NotFound
from workflows import contract, definitions, library

INITIAL_NOTE = "初始版本（bpmn/ 目录）"
SYNC_NOTE = "从 bpmn/ 目录同步"
SYSTEM_NAME = "系统"


def latest(session: Session) -> Deployment | None:
    return session.scalars(select(Deployment).order_by(Deployment.number.desc()).limit(1)).first()


def get(session: Session, number: int | None = None) -> Deployment:
    """Deployment ``number`` (the latest when None), sources loaded."""
    query = select(Deployment).options(undefer(Deployment.sources))
    if number is None:
        query = query.order_by(Deployment.number.desc()).limit(1)
    else:
        query = query.where(Deployment.number == number)
    found = session.scalars(query).first()
    if found is None:
        raise NotFound("流程部署版本不存在", {"deployment": "流程部署版本不存在"})
    return found


def ensure_initial(session: Session, bpmn_dir: Path) -> Deployment:
    """The latest deployment, creating #1 from ``bpmn_dir`` on a fresh install. Two first
    starts at once: the loser's insert of number 1 hits the unique key, which its
    ``committing`` answers with 409 (retry: #1 exists by then). No savepoint: SQLite's
    driver would commit a savepoint opened outside a transaction."""
    found = latest(session)
    if found is not None:
        return found
    return _record(session, definitions.read_sources(bpmn_dir), INITIAL_NOTE, None, None)


def deploy(
    session: Session, sources: Mapping[str, str], note: str, actor: User | None
) -> Deployment:
    """Record ``sources`` as the next deployment. The caller has checked the library
    (``library_problems``); every new process version is still parsed before it is stored,
    so nothing unloadable is ever deployed."""
    previous = latest(session)
    if previous is None:
        return _record(session, sources, note, actor, previous=None)
    if dict(sources) == get(session, previous.number).sources:
        raise Invalid("流程库与当前部署版本相同，无需部署", {"note": "没有任何变更"})
    return _record(session, sources, note, actor, previous)


def sync(session: Session, bpmn_dir: Path, note: str | None = None) -> Deployment | None:
    """Deploy ``bpmn_dir`` (developer path): #1 on a fresh install, a new deployment when
    the folder differs from the latest, None when it is the same."""
    sources = definitions.read_sources(bpmn_dir)
    previous = latest(session)
    if previous is None:
        return _record(session, sources, note or INITIAL_NOTE, None, previous=None)
    if sources == get(session, previous.number).sources:
        return None
    return _record(session, sources, note or SYNC_NOTE, None, previous)


def library_problems(sources: Mapping[str, str]) -> list[contract.Problem]:
    """THE place a library is checked before deploy: the diagram/code contract, every
    problem naming its element."""
    return contract.check(sources)


def current_definition(session: Session, process_id: str, bpmn_dir: Path) -> ProcessDefinition:
    """The latest deployment's version of ``process_id`` (deployment #1 made from
    ``bpmn_dir`` first on a fresh install)."""
    deployment = ensure_initial(session, bpmn_dir)
    version = deployment.processes.get(process_id)
    if version is None:
        raise definitions.DefinitionError(f"当前部署版本中没有流程 {process_id!r}")
    return session.scalars(
        select(ProcessDefinition).filter_by(process_id=process_id, version=version)
    ).one()


def definition_in(session: Session, deployment: Deployment, process_id: str) -> ProcessDefinition:
    version = deployment.processes.get(process_id)
    row = session.scalars(
        select(ProcessDefinition).filter_by(process_id=process_id, version=version)
    ).first()
    if version is None or row is None:
        raise NotFound(
            f"部署版本 {deployment.number} 中没有流程 {process_id}", {"process_id": "流程不存在"}
        )
    return row


def _record(
    session: Session,
    sources: Mapping[str, str],
    note: str,
    actor: User | None,
    previous: Deployment | None,
) -> Deployment:
    before = get(session, previous.number).sources if previous else {}
    changed = library.changed_files(before, sources)
    deployment = Deployment(
        number=(previous.number if previous else 0) + 1,
        note=note,
        sources=dict(sources),
        changed=changed,
        processes={},
        deployed_by_id=actor.id if actor else None,
        deployed_by_name=actor.name if actor else SYSTEM_NAME,
    )
    session.add(deployment)
    session.flush()
    processes = {}
    for process_id in definitions.executable_process_ids(sources):
        row = _definition_row(session, process_id, sources, deployment, previous)
        processes[process_id] = row.version
    deployment.processes = processes
    session.flush()
    return deployment


def _definition_row(
    session: Session,
    process_id: str,
    sources: Mapping[str, str],
    deployment: Deployment,
    previous: Deployment | None,
) -> ProcessDefinition:
    """The row of this process version: an existing one when its files are unchanged (or an
    earlier state came back), a new numbered one otherwise."""
    own = definitions.sources_for(process_id, sources)
    version = definitions.content_hash(own)
    row = session.scalars(
        select(ProcessDefinition).filter_by(process_id=process_id, version=version)
    ).first() or _same_as_before(session, process_id, own, previous)
    if row is not None:
        if row.deployment_id is None:  # a version from before deployments existed
            row.deployment_id = deployment.id
        return row
    parsed = definitions.load(process_id, own)  # refuses what the engine could not run
    highest = session.scalar(
        select(func.max(ProcessDefinition.number)).where(ProcessDefinition.process_id == process_id)
    )
    row = ProcessDefinition(
        process_id=process_id,
        version=version,
        name=parsed.name,
        sources=own,
        number=(highest or 0) + 1,
        deployment_id=deployment.id,
    )
    session.add(row)
    session.flush()
    return row


def _same_as_before(
    session: Session, process_id: str, own: Mapping[str, str], previous: Deployment | None
) -> ProcessDefinition | None:
    """The previous deployment's row of ``process_id`` when the files it uses are ``own``,
    though the row holds more: rows stored while every process counted every DMN table as
    its own carry all of them (and a hash over all of them), and stay the version they are
    until a file the process really uses changes."""
    version = previous.processes.get(process_id) if previous is not None else None
    if version is None:
        return None
    row = session.scalars(
        select(ProcessDefinition)
        .options(undefer(ProcessDefinition.sources))
        .filter_by(process_id=process_id, version=version)
    ).first()
    if row is None or definitions.sources_for(process_id, row.sources) != dict(own):
        return None
    return row


def parsed(row: ProcessDefinition) -> definitions.Definition:
    """The parsed version of ``row``, keyed by its stored content hash: its (deferred)
    ``sources`` column is read only the first time this process sees that version."""
    return definitions.load_version(row.process_id, row.version, lambda: row.sources)
