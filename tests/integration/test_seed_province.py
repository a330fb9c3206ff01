"""bench/seed_province.py leaves the database as the API would: a tiny province seeded through
the script's function, then a seeded county reviewer works a seeded task over HTTP (the
engine steps the cloned state) and every cloned audit chain verifies."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.exams.services import applications, review
from app.exams.services.applications import Settings
from app.extensions import db
from app.models import Application, QualifiedRecord, Task, User, WorkflowInstance
from app.platform.services import trail
from bench.seed_province import seed_province
from handlers.idcard import id_number_problem


def seed_tiny(app, tmp_path) -> dict:
    with app.app_context():
        return seed_province(
            db.session,
            app.config["BPMN_DIR"],
            300,
            1000,
            tmp_path,
            log=lambda _: None,
            upload_dir=app.config["UPLOAD_DIR"],
        )


def test_seeded_province_is_valid_and_a_reviewer_completes_a_seeded_task(app, api, tmp_path):
    manifest = seed_tiny(app, tmp_path)

    counts = manifest["counts"]
    assert counts["applications"] == 300
    assert counts["qualified_records"] == 1000
    assert counts["units"] > 20_000
    assert {"draft", "under_review", "approved", "rejected", "returned"} <= set(
        manifest["statuses"]
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(QualifiedRecord.id))) == 1000
        numbers = db.session.scalars(select(Application.id_number)).all()
        assert len(set(numbers)) == 300
        assert not [n for n in numbers if id_number_problem(n)]
        # every cloned chain (and the rest) verifies with the pure checker
        verification = trail.verify(db.session)
        assert verification.broken is None
        assert verification.records == counts["audit_events"]

    county = manifest["largest_queue"]["code"]
    inbox = api.get("/api/tasks?per_page=20", as_=county)
    assert inbox.status_code == 200
    body = inbox.get_json()
    assert body["total"] == manifest["largest_queue"]["ready_tasks"] > 0
    task_id = body["items"][0]["id"]

    detail = api.get(f"/api/tasks/{task_id}", as_=county)
    assert detail.status_code == 200, detail.get_json()
    with app.app_context():
        task = db.session.get(Task, task_id)
        application_id = task.application_id
        version = db.session.get(WorkflowInstance, task.instance_id).version

    done = api.post(
        f"/api/tasks/{task_id}/complete", {"action": "pass", "comment": "同意"}, as_=county
    )
    assert done.status_code == 200, done.get_json()
    with app.app_context():
        task = db.session.get(Task, task_id)
        assert task.state == "completed" and task.action == "pass"
        assert db.session.get(WorkflowInstance, task.instance_id).version == version + 1

    exported = api.get(f"/api/applications/{application_id}/audit-trail?format=json", as_=county)
    assert exported.status_code == 200
    document = exported.get_json()
    assert document["events"][-1]["action"] == "pass"
    assert trail.verify_document(document).broken is None

    upload = detail.get_json()["application"]["uploads"][0]
    assert api.get(f"/api/uploads/{upload['id']}", as_=county).status_code == 200


def test_the_engine_steps_a_clone_of_every_template(app, tmp_path):
    """The first len(templates) applications are one clone of each template: every one
    still waiting moves on through the services (a reviewer passes, or the applicant
    resubmits a returned one), and its chain still verifies."""
    manifest = seed_tiny(app, tmp_path)
    settings = Settings.from_config(app.config, date.today())

    with app.app_context():
        first = db.session.scalars(
            select(Application.id).order_by(Application.id).limit(len(manifest["templates"]))
        ).all()
        stepped = set()
        for application_id in first:
            task = db.session.scalars(
                select(Task).filter_by(application_id=application_id, state="ready")
            ).first()
            if task is None:
                continue
            if task.candidate_org_id is None:
                applicant = db.session.get(User, task.candidate_user_id)
                applications.submit(db.session, applicant, application_id, settings)
            else:
                reviewer = db.session.scalars(
                    select(User).filter_by(org_id=task.candidate_org_id).order_by(User.id)
                ).first()
                review.complete_task(db.session, reviewer, task.id, "pass", "同意")
            assert db.session.get(Task, task.id).state == "completed"
            stepped.add(db.session.get(Application, application_id).status)
            db.session.expunge_all()
        assert {"under_review", "approved"} <= stepped
        assert trail.verify(db.session).broken is None


def test_every_seeded_reviewer_level_sees_its_queue(app, api, tmp_path):
    manifest = seed_tiny(app, tmp_path)

    for level in ("unit", "supervising_unit", "county"):
        reviewer = manifest["reviewers"][level][0]
        inbox = api.get("/api/tasks?per_page=100", as_=reviewer["username"])
        assert inbox.status_code == 200
        assert inbox.get_json()["total"] == reviewer["ready_tasks"]
