"""Menu badges: ready tasks per queue at the user's own org, in one grouped count."""

from app.exams.services.review import queue_counts
from app.extensions import db
from app.models import User
from tests.conftest import SUBMISSION_KINDS
from tests.integration.helpers import UNIT, act


def counts_for(username: str) -> dict[str, int]:
    user = db.session.query(User).filter_by(username=username).one()
    return queue_counts(db.session, user)


def test_counts_follow_the_tasks_waiting_at_my_org(app, api, applicant_factory):
    for _ in range(2):
        applicant_factory(UNIT).apply_and_submit()
    senior = applicant_factory(UNIT)
    senior.apply(current_grade=2, declared_grade=1, qualifying_conditions=["honor"])
    for kind in (*SUBMISSION_KINDS, "salary_sheet"):  # a grade-1 pass needs the salary sheet
        assert senior.upload(kind).status_code == 201
    assert senior.submit().status_code == 200
    with app.app_context():
        assert counts_for(UNIT) == {"manual": 2, "senior": 1}
        assert counts_for("410181") == {}
    act(api, UNIT, "pass", queue="senior")
    with app.app_context():
        assert counts_for(UNIT) == {"manual": 2}
        assert counts_for("410181001") == {"senior": 1}
