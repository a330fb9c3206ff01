"""Small helpers for driving reviews through the HTTP API."""

from __future__ import annotations

UNIT, SUPERVISING, COUNTY = "410181001001", "410181001", "410181"
LEVEL_ORGS = (UNIT, SUPERVISING, COUNTY)


def only_task(api, org: str, queue: str | None = None) -> dict:
    path = "/api/tasks" + (f"?queue={queue}" if queue else "")
    body = api.get(path, as_=org).get_json()
    assert body["total"] == 1, body
    return body["items"][0]


def act(api, org: str, action: str, comment: str = "", queue: str | None = None):
    task = only_task(api, org, queue)
    return api.post(
        f"/api/tasks/{task['id']}/complete", json={"action": action, "comment": comment}, as_=org
    )


def application(api, application_id: int, as_: str = COUNTY) -> dict:
    response = api.get(f"/api/applications/{application_id}", as_=as_)
    assert response.status_code == 200, response.get_json()
    return response.get_json()
