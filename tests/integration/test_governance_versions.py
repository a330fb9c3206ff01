"""Process versions through the API: a deployment versions only the processes whose files
changed, and one numbering (the process version, vN) leads from a decision in an
application's history to the exact diagram in the library, and back."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ProcessDefinition
from app.platform.services import deployments
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act
from tests.integration.test_governance import (
    POLICY,
    PROVINCE,
    draft,
    four_years,
    library_file,
    make_policy_user,
)
from tests.integration.test_governance_pages import web_login
from tests.integration.test_paths import qualify
from workflows import definitions


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
    deploy(
        api, "onsite_review.bpmn", onsite.replace('name="现场审核"', 'name="现场核查"', 1), "改名"
    )
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


def _link_to_version(page: str) -> tuple[str, str]:
    """The href and text of the one 流程版本 link on ``page``."""
    found = re.findall(r'<a class="process-version"[^>]*href="([^"]+)">([^<]+)</a>', page)
    assert found, page
    assert len(set(found)) == 1, found
    return found[0]


def test_a_decisions_version_links_to_the_exact_diagram_in_the_library_and_back(
    app, api, policy, applicant_factory
):
    """The county's 自动审核 decision shows 流程版本 工考报名审核 v2; its link opens that version,
    whose content hash is the one the decision ran on and whose DMN files are the ones the
    auto-review recorded; the version lists the application, linked to its instance view.
    No file revision carries a "vN" of its own."""
    deploy(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")), "年限改为4年")
    applicant = applicant_factory(UNIT)
    qualify(app, applicant)
    applicant.apply_and_submit()
    for org in (UNIT, SUPERVISING):
        assert act(api, org, "pass").status_code == 200
    assert act(api, COUNTY, "pass", queue="auto").status_code == 200
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=COUNTY)
    decision = history.get_json()[-1]  # the county's, on the auto-review tables' results
    assert (decision["definition"]["process_id"], decision["definition"]["label"]) == (
        "registration",
        "v2",
    )

    province = web_login(app, PROVINCE)
    page = province.get(f"/audit/applications/{applicant.application_id}").get_data(as_text=True)
    href, text = _link_to_version(page)
    assert text == "工考报名审核 v2"
    version_page = province.get(href)
    assert version_page.status_code == 200
    shell = version_page.get_data(as_text=True)
    token = re.search(r'data-api-token="([^"]+)"', shell).group(1)
    version_api = re.search(r'data-version-api="([^"]+)"', shell).group(1)
    audit_base = re.search(r'data-audit-base="([^"]+)"', shell).group(1)
    shown = province.get(version_api, headers={"Authorization": f"Bearer {token}"}).get_json()

    assert (shown["process_id"], shown["label"]) == ("registration", "v2")
    assert shown["version"] == decision["definition"]["version"]  # the same diagram
    hashes = {f["file"]: f["sha256"] for f in shown["files"]}
    recorded = decision["details"]["dmn"]  # the auto-review tables the decision saw
    assert recorded and {name: hashes[name] for name in recorded} == recorded
    assert shown["files"][0]["file"] == "registration.bpmn"
    assert "recheck.bpmn" not in hashes
    (listed,) = [
        a for a in shown["applications"] if a["application_id"] == applicant.application_id
    ]
    assert listed["decisions"] == 3 and not listed["running"]  # approved: finished
    back = province.get(f"{audit_base}{applicant.application_id}")
    assert back.status_code == 200

    library = api.get("/api/definitions", as_=POLICY).get_json()
    assert all("number" not in r for f in library["files"] for r in f["revisions"])
    years = next(f for f in library["files"] if f["file"] == "auto_years.dmn")
    assert [r["deployment"] for r in years["revisions"]] == [1, 2]


def test_pages_link_a_version_only_for_readers_of_the_library(app, api, applicant_factory):
    """A county admin sees 流程版本 as text: the library is not theirs to read."""
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "pass").status_code == 200
    county = web_login(app, COUNTY)
    page = county.get(f"/audit/applications/{applicant.application_id}").get_data(as_text=True)
    assert '<span class="process-version" title="registration">工考报名审核 v1</span>' in page
    assert 'class="process-version" title="registration" href' not in page
    assert county.get("/governance/processes/registration/1").status_code == 403
    assert web_login(app, PROVINCE).get("/governance/processes/registration/9").status_code == 200
    missing = api.get("/api/definitions/processes/registration/versions/9", as_=PROVINCE)
    assert missing.status_code == 404
