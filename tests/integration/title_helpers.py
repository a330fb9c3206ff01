"""Helpers for driving the title platform through the HTTP API: declarants, reviewers with a
title role, and declarations."""

from __future__ import annotations

from handlers.idcard import check_digit
from handlers.titles.vocabulary import TITLE_SECTION_LABELS

PROVINCE, CITY, COUNTY = "410000", "410100", "410181"
SUPERVISING, UNIT = "410181001", "410181001001"
CHAIN_TO_CITY = (UNIT, SUPERVISING, COUNTY, CITY)
NEW_PASSWORD = "Title@2026x"
ALL_SECTIONS = list(TITLE_SECTION_LABELS)
FORM = {
    "series": "health",
    "specialty": "内科",
    "level": "intermediate",
    "current_title": "医师",
    "current_title_date": "2019-07-01",
    "sections": {
        "basic": {"name": "申报人", "phone": "13912345678"},
        "education": [{"school": "郑州大学", "degree": "本科", "year": 2012}],
        "papers": [{"title": "论文一", "journal": "中华内科杂志", "year": 2022}],
        "appraisals": [{"year": 2023, "result": "优秀"}],
    },
}

_serial = iter(range(100, 999))


def id_number(check: str | None = None) -> str:
    """A valid ID number (born 1988-05-01); ``check="X"`` for one ending in X."""
    while True:
        first17 = f"41018119880501{next(_serial):03d}"
        digit = check_digit(first17)
        if check is None or digit == check:
            return first17 + digit


def first_login(api, username: str, initial: str) -> None:
    api.login(username, initial)
    changed = api.post(
        "/api/auth/password",
        as_=username,
        json={"old_password": initial, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204, changed.get_json()
    api.login(username, NEW_PASSWORD)


def add_declarant(api, unit: str = UNIT, name: str = "申报人", check: str | None = None) -> str:
    """A declarant of ``unit`` who has replaced the initial password; returns the login."""
    number = id_number(check)
    created = api.post("/api/title/declarants", as_=unit, json={"id_number": number, "name": name})
    assert created.status_code == 201, created.get_json()
    first_login(api, number, number[-6:].upper())
    return number


def add_reviewer(
    api,
    org: str,
    role: str,
    series: tuple[str, ...] = ("health",),
    sections: list[str] | None = None,
    username: str | None = None,
) -> str:
    """A reviewer account of ``org`` with a title role; returns its login (``username``: a
    second account of the same org and role)."""
    username = username or f"t{role[0]}{org}"
    created = api.post(
        "/api/users", as_=org, json={"org_code": org, "username": username, "name": f"{role}{org}"}
    )
    assert created.status_code == 201, created.get_json()
    user_id = created.get_json()["id"]
    if not created.get_json()["approved"]:  # county reviewers: the city admin approves
        approved = api.post(f"/api/users/{user_id}/approve", as_=CITY)
        assert approved.status_code == 200, approved.get_json()
    first_login(api, username, api.client.application.config["DEFAULT_PASSWORD"])
    body = {"role": role, "series": list(series), "sections": sections or ALL_SECTIONS}
    granted = put(api, f"/api/title/reviewers/{user_id}", body, as_=org)
    assert granted.status_code == 200, granted.get_json()
    return username


def put(api, path: str, body: dict, as_: str):
    return api.client.put(path, json=body, headers=api._headers(as_))


def review_staff(api, orgs=(*CHAIN_TO_CITY, PROVINCE)) -> dict[str, dict[str, str]]:
    """A handler and a leader at each org: {org: {"handler": login, "leader": login}}."""
    return {
        org: {role: add_reviewer(api, org, role) for role in ("handler", "leader")} for org in orgs
    }


def approved_plan(api, unit: str, series: str = "health", places: int = 1000, **counts) -> int:
    """An approved 申报计划 of ``unit`` for this year, written straight to the database: the
    quota a declaration's submission is checked against (its approval path is driven through
    HTTP in test_title_plans.py). Every level gets ``places`` unless ``counts`` name it."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Org, TitlePlan, User
    from app.platform.models.base import utcnow

    with api.client.application.app_context():
        org = db.session.scalars(select(Org).where(Org.code == unit)).one()
        admin = db.session.scalars(select(User).where(User.username == unit)).one()
        levels = ("junior", "intermediate", "deputy_senior", "senior")
        plan = TitlePlan(
            org_id=org.id,
            year=utcnow().year,
            series=series,
            status="approved",
            created_by_id=admin.id,
            approved_at=utcnow(),
            **{level: counts.get(level, places) for level in levels},
        )
        db.session.add(plan)
        db.session.commit()
        return plan.id


def _declarant_unit(api, declarant: str) -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models import User

    with api.client.application.app_context():
        return db.session.scalars(select(User).where(User.username == declarant)).one().org.code


def declare(api, declarant: str, *, with_plan: bool = True, **overrides) -> int:
    """A draft declaration; ``with_plan`` first gives its unit an approved plan with room for
    it (submissions are refused without one, see plan_quota)."""
    if with_plan:
        series = overrides.get("series", FORM["series"])
        approved_plan(api, _declarant_unit(api, declarant), series)
    created = api.post("/api/title/declarations", as_=declarant, json={**FORM, **overrides})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def submit(api, declarant: str, declaration_id: int) -> dict:
    response = api.post(f"/api/title/declarations/{declaration_id}/submit", as_=declarant)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def inbox(api, reviewer: str) -> list[dict]:
    response = api.get("/api/title/tasks", as_=reviewer)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def only_task(api, reviewer: str) -> dict:
    items = inbox(api, reviewer)
    assert len(items) == 1, items
    return items[0]["task"]


def act(api, reviewer: str, action: str, comment: str = ""):
    task = only_task(api, reviewer)
    return api.post(
        f"/api/title/tasks/{task['id']}/complete",
        json={"action": action, "comment": comment},
        as_=reviewer,
    )


def declaration(api, who: str, declaration_id: int) -> dict:
    response = api.get(f"/api/title/declarations/{declaration_id}", as_=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()
