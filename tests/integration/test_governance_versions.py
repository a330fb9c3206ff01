"""Process versions through the API: a deployment versions only the processes whose files
changed, and one numbering (the process version, vN) leads from a decision in an
application's history to the exact diagram in the library, and back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ProcessDefinition
from app.services import deployments
from workflows import definitions
from tests.integration.test_governance import POLICY, draft, four_years, library_file
from tests.integration.test_governance import make_policy_user


@pytest.fixture()
def policy(app, api) -> str:
    return make_policy_user(app, api)


def current_numbers(app) -> dict[str, int]:
    """{process id: its version number in the latest deployment}."""
    with app.app_context():
        deployment = deployments.ensure_initial(db.session, app.config["BPMN_DIR"])
        db.session.commit()
        rows = db.session.scalars(select(ProcessDefinition)).all()
        by_hash = {(row.process_id, row.version): row.number for row in rows}
        return {pid: by_hash[(pid, version)] for pid, version in deployment.processes.items()}


def deploy(api, file: str, content: str, note: str) -> dict:
    created = draft(api, file, content)
    deployed = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": note})
    assert deployed.status_code == 201, deployed.get_json()
    return deployed.get_json()["deployment"]


def test_a_dmn_change_versions_only_the_processes_that_use_the_table(app, api, policy):
    """auto_years.dmn is read by 二至五级审核 (manual_review), which registration calls:
    those two get a new number; recheck, deferred_materials and the title processes keep
    theirs. A BPMN change versions its own process (and the processes calling it) as before."""
    first = current_numbers(app)
    assert set(first) >= {"registration", "manual_review", "recheck", "title_review"}
    assert set(first.values()) == {1}

    deploy(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")), "年限改为4年")
    second = current_numbers(app)
    changed = {pid for pid in second if second[pid] != first[pid]}
    assert changed == {"registration", "manual_review"}
    assert second["registration"] == second["manual_review"] == 2

    onsite = library_file(api, "onsite_review.bpmn")
    assert 'name="现场审核"' in onsite
    deploy(api, "onsite_review.bpmn", onsite.replace('name="现场审核"', 'name="现场核查"', 1), "改名")
    third = current_numbers(app)
    changed = {pid for pid in third if third[pid] != second[pid]}
    assert changed == {"onsite_review", "manual_review", "senior_review", "registration"}


def test_versions_stored_with_every_dmn_table_stay_current_until_their_own_files_change(
    app, api, policy
):
    """Rows from before (each process counting every DMN table as its own, hashed over all
    of them) keep their number when a deployment changes none of the files they use."""
    first = current_numbers(app)
    with app.app_context():
        deployment = deployments.get(db.session)
        tables = {n: t for n, t in deployment.sources.items() if n.endswith(".dmn")}
        processes = dict(deployment.processes)
        for row in db.session.scalars(select(ProcessDefinition)):
            row.sources = {**row.sources, **tables}
            row.version = processes[row.process_id] = definitions.content_hash(row.sources)
        deployment.processes = processes
        db.session.commit()

    recheck = library_file(api, "recheck.bpmn")
    assert 'name="市级复核"' in recheck
    deploy(api, "recheck.bpmn", recheck.replace('name="市级复核"', 'name="市级再审"', 1), "改名")
    second = current_numbers(app)
    assert {pid for pid in second if second[pid] != first[pid]} == {"recheck"}
    deploy(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")), "年限改为4年")
    third = current_numbers(app)
    assert {pid for pid in third if third[pid] != second[pid]} == {"registration", "manual_review"}
