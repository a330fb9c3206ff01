"""Helpers for driving 申报计划 through the HTTP API: plans, their approval steps, records."""

from __future__ import annotations

from tests.integration.title_helpers import PROVINCE, put

PLAN = {"year": None, "series": "health", "junior": 2, "intermediate": 1, "deputy_senior": 0}


def new_plan(api, who: str, year: int, **overrides) -> dict:
    created = api.post("/api/title/plans", as_=who, json={**PLAN, "year": year, **overrides})
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def submit_plan(api, who: str, plan_id: int):
    return api.post(f"/api/title/plans/{plan_id}/submit", as_=who)


def plan_tasks(api, who: str) -> list[dict]:
    response = api.get("/api/title/plan-tasks", as_=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def decide(api, who: str, action: str, comment: str = ""):
    """Complete the one plan task waiting for ``who``."""
    items = plan_tasks(api, who)
    assert len(items) == 1, (who, items)
    task_id = items[0]["task"]["id"]
    return api.post(
        f"/api/title/plan-tasks/{task_id}/complete",
        json={"action": action, "comment": comment},
        as_=who,
    )


def plan(api, who: str, plan_id: int) -> dict:
    response = api.get(f"/api/title/plans/{plan_id}", as_=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def patch_plan(api, who: str, plan_id: int, body: dict):
    return api.patch(f"/api/title/plans/{plan_id}", json=body, as_=who)


__all__ = ["PROVINCE", "put"]
