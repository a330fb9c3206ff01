"""Helpers for driving 专家审查 and the expert pool through the HTTP API."""

from __future__ import annotations

EXPERT = {
    "series": "health",
    "specialty": "心血管内科",
    "title": "主任医师",
    "title_level": "senior",
    "phone": "13912345678",
    "summary": "从事心血管内科临床工作二十年，多次参加市级职称评审。",
}


def apply(api, declarant: str, **overrides) -> dict:
    created = api.post("/api/title/experts", as_=declarant, json={**EXPERT, **overrides})
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def submit_expert(api, declarant: str, expert_id: int):
    return api.post(f"/api/title/experts/{expert_id}/submit", as_=declarant)


def expert_tasks(api, who: str) -> list[dict]:
    response = api.get("/api/title/expert-tasks", as_=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def decide_expert(api, who: str, action: str, comment: str = ""):
    """Complete the one expert task waiting for ``who``."""
    items = expert_tasks(api, who)
    assert len(items) == 1, (who, items)
    return complete(api, who, items[0]["task"]["id"], action, comment)


def complete(api, who: str, task_id: int, action: str, comment: str = ""):
    return api.post(
        f"/api/title/expert-tasks/{task_id}/complete",
        json={"action": action, "comment": comment},
        as_=who,
    )


def expert(api, who: str, expert_id: int) -> dict:
    response = api.get(f"/api/title/experts/{expert_id}", as_=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


_serial = iter(range(100, 999))


def pool_expert(api, unit: str, specialty: str = "心血管内科", series: str = "health") -> int:
    """An approved, active pool expert of ``unit`` written straight to the database (the
    approval path itself is driven through HTTP in test_title_experts.py); returns its id."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Org, TitleExpert, User
    from app.platform.models.base import utcnow

    with api.client.application.app_context():
        org = db.session.scalars(select(Org).where(Org.code == unit)).one()
        number = f"pool{unit}{next(_serial)}"
        person = User(
            username=number,
            name=f"专家{number[-3:]}",
            role="declarant",
            org_id=org.id,
            password_hash="!",
            must_change_password=False,
        )
        db.session.add(person)
        db.session.flush()
        entry = TitleExpert(
            user_id=person.id,
            org_id=org.id,
            name=person.name,
            series=series,
            specialty=specialty,
            title="主任医师",
            title_level="senior",
            phone="13900000000",
            status="approved",
            active=True,
            approved_at=utcnow(),
        )
        db.session.add(entry)
        db.session.commit()
        return entry.id
