"""Two reviewers completing the same task at the same moment: exactly one wins."""

import threading

from app.exams.services import engine
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


def test_racing_reviewers_get_only_200_or_409(app, api, applicant_factory):
    """Many reviewers of one org pressing 通过 on the same tasks at once (issue 7: some of
    these used to answer 500): every answer is 200 or 409, each task has exactly one winner and
    exactly one audit event."""
    applicants = [applicant_factory(UNIT) for _ in range(6)]
    for applicant in applicants:
        applicant.apply_and_submit()
    task_ids = [t["id"] for t in api.get("/api/tasks?per_page=50", as_=UNIT).get_json()["items"]]
    token = api.tokens[UNIT]
    contenders = 3
    barrier = threading.Barrier(len(task_ids) * contenders, timeout=30)
    statuses: dict[int, list[int]] = {task_id: [] for task_id in task_ids}

    def press_pass(task_id: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post(
            f"/api/tasks/{task_id}/complete",
            json={"action": "pass"},
            headers={"Authorization": f"Bearer {token}"},
        )
        statuses[task_id].append(response.status_code)

    threads = [
        threading.Thread(target=press_pass, args=(task_id,))
        for task_id in task_ids
        for _ in range(contenders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    for task_id, codes in statuses.items():
        assert sorted(codes) == [200] + [409] * (contenders - 1), (task_id, codes)
    for applicant in applicants:
        history = api.get(
            f"/api/applications/{applicant.application_id}/history", as_=UNIT
        ).get_json()
        assert [e["action"] for e in history].count("pass") == 1
        assert application(api, applicant.application_id)["waiting_at"]["org_code"] == "410181001"
