"""Two reviewers completing the same task at the same moment: exactly one wins."""

import threading

from app.services import engine
from tests.integration.helpers import UNIT, application


def test_simultaneous_completions_one_wins_the_other_gets_409(
    app, api, applicant_factory, monkeypatch
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    task_id = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]["id"]
    reviewer_token = api.tokens[UNIT]

    # Both requests must have loaded the same instance version before either commits:
    # hold each one right after its engine step until the other has reached the same point.
    barrier = threading.Barrier(2, timeout=20)
    real_step = engine.step.complete

    def step_then_wait(*args, **kwargs):
        result = real_step(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(engine.step, "complete", step_then_wait)
    responses = []

    def complete(action: str) -> None:
        client = app.test_client()
        responses.append(
            client.post(
                f"/api/tasks/{task_id}/complete",
                json={"action": action, "comment": action},
                headers={"Authorization": f"Bearer {reviewer_token}"},
            )
        )

    threads = [threading.Thread(target=complete, args=(a,)) for a in ("pass", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).get_json()["action"]
    monkeypatch.undo()
    expected = {"pass": "under_review", "reject": "rejected"}[winner]
    assert application(api, applicant.application_id)["status"] == expected
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=UNIT).get_json()
    review_events = [e for e in history if e["action"] in ("pass", "reject")]
    assert [e["action"] for e in review_events] == [winner]
    open_tasks = api.get("/api/tasks", as_="410181001").get_json()["total"]
    assert open_tasks == (1 if winner == "pass" else 0)
