"""OpenAPI, migrations, definition versions and the demo seed."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import ProcessDefinition, WorkflowInstance
from tests.conftest import empty_database
from tests.integration.helpers import UNIT, VACUUM_OFTEN, act, deploy_edited, vacuum_settings

ROOT = Path(__file__).resolve().parent.parent.parent


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").get_json()
    for path in (
        "/api/auth/login",
        "/api/applicants/register",
        "/api/applications",
        "/api/applications/{application_id}/submit",
        "/api/tasks",
        "/api/tasks/{task_id}/complete",
        "/api/applications/{application_id}/history",
    ):
        assert path in spec["paths"], path


def test_running_instance_keeps_its_definition_version(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    deploy_edited(app, ("manual_review.bpmn", "县区人工审核", "县级人工审核"))
    with app.app_context():
        versions = db.session.scalar(
            select(func.count(ProcessDefinition.id)).where(
                ProcessDefinition.process_id == "registration"
            )
        )
        assert versions == 2  # the edit to a called diagram versions its caller too
    act(api, UNIT, "pass")
    act(api, "410181001", "pass")
    task = api.get("/api/tasks", as_="410181").get_json()["items"][0]
    assert task["name"] == "县区人工审核"  # the version the instance started with
    with app.app_context():
        instance = db.session.scalars(select(WorkflowInstance)).one()
        assert "spec" not in instance.state


def test_migrations_build_the_schema(database_url, tmp_path):
    """`flask db upgrade` on an empty database, then the demo seed twice (idempotent)."""
    with empty_database(database_url, tmp_path, "migrate") as url:
        _upgrade_seed_and_check(url, tmp_path)


def _upgrade_seed_and_check(url: str, tmp_path) -> None:
    env = {"DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "up"), "PATH": "/usr/bin:/bin"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"], ["seed-demo", "--with-titles"]):
        done = subprocess.run(
            [*flask, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    check = subprocess.run(
        [*flask, "db", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr
    if url.startswith("postgresql"):  # migration c7e1f3a5b9d4: the counts stay index-only
        settings = vacuum_settings(url)
        assert settings == {"tasks": VACUUM_OFTEN, "applications": VACUUM_OFTEN}
    _title_demo_works(url, tmp_path)


def _title_demo_works(url: str, tmp_path) -> None:
    """The demo's title handler logs in and finds the demo declaration in 首页待办."""
    from app import create_app

    demo = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": tmp_path / "up"})
    client = demo.test_client()
    login = client.post(
        "/api/auth/login", json={"username": "410181001001-jb", "password": "Demo@2026"}
    )
    assert login.status_code == 200, login.get_json()
    headers = {"Authorization": f"Bearer {login.get_json()['token']}"}
    inbox = client.get("/api/title/tasks", headers=headers).get_json()
    assert [item["declaration"]["declarant_name"] for item in inbox["items"]] == ["陈刚"]
    experts = client.get("/api/title/expert-tasks", headers=headers).get_json()
    assert [item["expert"]["name"] for item in experts["items"]] == ["赵敏"]
    pool = client.get("/api/title/expert-pool?series=health", headers=headers).get_json()
    assert pool["total"] == 2  # the hospital's own two; the city sees all five
    with demo.app_context():
        db.session.remove()
        db.engine.dispose()
