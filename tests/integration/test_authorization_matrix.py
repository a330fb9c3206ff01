"""Every operation in the OpenAPI document, called by every kind of account on an object that
belongs to another org (or, for an applicant, to another applicant): denied, and nothing about
that object changes or leaks (issue 7).

The operations come from /api/openapi.json, so a new endpoint is covered as soon as it is
documented: its path parameters and body fields are filled in by name from the objects below.
An authenticated operation that names no object at all must be listed in ``OWN_ONLY`` (it acts
on the caller's own account); a list must never show the other org's objects.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from openpyxl import load_workbook

from app.exams.services import export_jobs
from tests.conftest import VALID_FORM, png_bytes
from tests.integration.helpers import UNIT
from tests.integration.title_helpers import add_declarant, declare
from tests.integration.title_helpers import submit as submit_title

PROVINCE = "410000"
DENIED = (401, 403, 404)
# Operations on the caller's own account or creating the caller's own record: no other org's
# object can be named in them, so there is nothing to deny.
OWN_ONLY = {
    ("POST", "/api/auth/password"),
    ("POST", "/api/auth/logout"),
    ("POST", "/api/applications"),
    ("POST", "/api/title/declarations"),  # the declarant's own declaration
    ("POST", "/api/title/plans"),  # a plan of the caller's own unit
    ("POST", "/api/title/experts"),  # the declarant's own expert application
    ("POST", "/api/drafts"),  # creates the caller's own draft (policy staff only)
    ("POST", "/api/migrations"),  # names a process (province-wide): refused to every caller
    ("POST", "/api/trades/import"),  # the province's one catalogue: refused below the province
    ("POST", "/api/qualified/import"),  # the province's result sheets: province and city admins
    ("POST", "/api/history/import"),  # files rows under the caller's own org subtree only
    ("POST", "/api/exam-sessions"),  # a session of the caller's own org (province/city admins)
    # names units only inside the uploaded sheet: each row outside the caller's subtree is
    # refused (tests/integration/test_statistics.py)
    ("POST", "/api/staff-roster"),
    # the province's calendar of seasons, not an org's: refused below the province
    ("POST", "/api/seasons"),
    # 单位信息维护: the caller's own org's information and its submission
    ("PATCH", "/api/onboarding"),
    ("POST", "/api/onboarding/submit"),
}
# The process library is the province's, not an org's: province and city admins read it by
# design (GET), so a city admin reading a library file is not a leak. No application data is
# in it, which the secrets check below still verifies.
SHARED_READS = {
    ("GET", "/api/definitions/files/{file}"),
    # a process version: its files, and only the applications in the reader's subtree
    ("GET", "/api/definitions/processes/{process_id}/versions/{number}"),
}
# Creating an account in the caller's own org under an ID number another org's person holds:
# refused as taken (409), as self-registration already answers anyone, with nothing else said.
TAKEN_IDS = {("POST", "/api/title/declarants")}
APPLICANT = "applicant"
DECLARANT = "declarant"
CALLERS = {
    APPLICANT: None,  # registered by the ``world`` fixture in 巩义市人民医院
    DECLARANT: None,  # a title declarant of the same unit, also from ``world``
    "unit admin": UNIT,
    "supervising unit admin": "410181001",
    "county admin": "410181",
    "city admin": "410100",
}
FOREIGN_ORGS = (  # a second city, outside every caller's subtree
    {"code": "410300", "name": "洛阳市", "level": "city", "parent_code": PROVINCE},
    {"code": "410322", "name": "孟津县", "level": "county", "parent_code": "410300"},
    {"code": "410322001", "name": "孟津县人民医院", "level": "unit", "parent_code": "410322"},
)


@dataclass(frozen=True)
class Foreign:
    """Objects the callers must not reach, and the strings that must never appear in what
    they can read."""

    application_id: int
    task_id: int | None
    upload_id: int
    user_id: int
    draft_id: int
    job_id: int
    session_id: int
    org_code: str
    parent_code: str
    id_number: str
    secrets: tuple[str, ...]
    declarant_id: int
    declaration_id: int
    attachment_id: int
    title_task_id: int
    plan_id: int
    plan_task_id: int
    transfer_id: int
    expert_id: int
    expert_task_id: int
    draw_id: int
    incident_id: int
    season_id: int

    def path_value(self, name: str) -> Any:
        values = {
            "application_id": self.application_id,
            "task_id": self.task_id,
            "upload_id": self.upload_id,
            "user_id": self.user_id,
            "draft_id": self.draft_id,
            "job_id": self.job_id,
            "session_id": self.session_id,
            "file": "registration.bpmn",
            "code": self.org_code,
            "declarant_id": self.declarant_id,
            "declaration_id": self.declaration_id,
            "attachment_id": self.attachment_id,
            "title_task_id": self.title_task_id,
            "transfer_id": self.transfer_id,
            "section_key": "basic",
            "plan_id": self.plan_id,
            "plan_task_id": self.plan_task_id,
            "expert_id": self.expert_id,
            "expert_task_id": self.expert_task_id,
            "draw_id": self.draw_id,
            "process_id": "registration",
            "number": 1,
            "incident_id": self.incident_id,
            "season_id": self.season_id,
        }
        if name not in values:
            pytest.fail(f"no foreign object for path parameter {name!r}: add it to Foreign")
        return values[name]

    def body_references(self) -> dict[str, Any]:
        return {
            "org_code": self.org_code,
            "parent_code": self.parent_code,
            "application_ids": [self.application_id],
            "task_ids": [self.task_id],
            "id_number": self.id_number,
            "declaration_id": self.declaration_id,
        }


@pytest.fixture()
def world(app, api, applicant_factory):
    """A second city with its own submitted application, and a second applicant in the
    callers' own unit."""
    for org in FOREIGN_ORGS:
        created = api.post("/api/orgs", as_=PROVINCE, json=org)
        assert created.status_code == 201, created.get_json()
    stranger = applicant_factory("410322001", name="外市")
    stranger.apply_and_submit()
    neighbour = applicant_factory(UNIT, name="同单位")
    neighbour.apply_and_submit()
    me = applicant_factory(UNIT, name="本人")
    me.apply()
    for code in ("410322", "410322001"):  # the foreign county asks a transfer (_transfer)
        _first_login(api, code, app.config["ORG_INITIAL_PASSWORD"])
    draft_id = _policy_draft(app, api)
    session_id = _province_session(api)
    far = _foreign(api, stranger, "410322001", "410322", draft_id, session_id)
    near = _foreign(api, neighbour, UNIT, "410181001", draft_id, session_id)
    declarant = add_declarant(api, name="本单位申报人")
    return me.id_number, declarant, far, near


def _policy_draft(app, api) -> int:
    """A policy user's draft: what no admin or applicant may read, change or deploy."""
    from tests.integration.test_governance import POLICY, make_policy_user

    make_policy_user(app, api)
    content = api.get("/api/definitions/files/auto_years.dmn", as_=POLICY).get_json()["content"]
    created = api.post("/api/drafts", as_=POLICY, json={"file": "auto_years.dmn", "content": content})
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def _finished_job(api, org_code: str) -> int:
    """A background export the org's admin started, run to done: its file is theirs only."""
    from app.extensions import db
    from app.models import User
    from app.platform.services import jobs

    app = api.client.application
    with app.app_context():
        admin = db.session.query(User).filter_by(username=org_code).one()
        job = jobs.enqueue(
            db.session,
            admin,
            export_jobs.ROSTER_EXPORT,
            {"filters": {}, "ids": None, "format": "xlsx"},
        )
        jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config))
        job_id = job.id
        db.session.remove()
    return job_id
def _province_session(api) -> int:
    """An exam session the province defined: no caller below it may change it."""
    created = api.post(
        "/api/exam-sessions",
        as_=PROVINCE,
        json={"trade": "护理员", "grade": 3, "exam_date": "2026-06-20", "site": "省考场",
              "rooms": 1, "seats_per_room": 30},
    )
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def _first_login(api, username: str, initial_password: str) -> None:
    """A new org's admin replaces the initial password, as the console makes them."""
    api.login(username, initial_password)
    changed = api.post(
        "/api/auth/password",
        as_=username,
        json={"old_password": initial_password, "new_password": "Lyang@2026x"},
    )
    assert changed.status_code == 204, changed.get_json()
    api.login(username, "Lyang@2026x")


def _foreign(
    api, applicant, org_code: str, parent_code: str, draft_id: int, session_id: int
) -> Foreign:
    detail = api.get(f"/api/applications/{applicant.application_id}", as_=PROVINCE).get_json()
    tasks = api.get("/api/tasks", as_=org_code).get_json()["items"]
    users = api.get("/api/users", as_=PROVINCE).get_json()
    admin = next(u for u in users if u["username"] == org_code)
    declarant_id, declaration_id, attachment_id, title_task_id, title_secrets = _title_case(
        api, org_code
    )
    transfer_id = _transfer(api, title_secrets[0], parent_code)
    return Foreign(
        application_id=applicant.application_id,
        task_id=next(t["id"] for t in tasks if t["application_id"] == applicant.application_id),
        upload_id=detail["uploads"][0]["id"],
        user_id=admin["id"],
        draft_id=draft_id,
        job_id=_finished_job(api, org_code),
        session_id=session_id,
        org_code=org_code,
        parent_code=parent_code,
        id_number=applicant.id_number,
        secrets=(applicant.id_number, applicant.name, *title_secrets),
        declarant_id=declarant_id,
        declaration_id=declaration_id,
        attachment_id=attachment_id,
        title_task_id=title_task_id,
        **_plan_case(api, org_code),
        transfer_id=transfer_id,
        **_expert_case(api, org_code, title_secrets[0]),
        incident_id=_incident(api, applicant.application_id),
        season_id=detail["season_id"],  # province-wide: managed by province admins only
    )


def _incident(api, application_id: int) -> int:
    """An engine error recorded on the application's instance (故障实例)."""
    from app.extensions import db
    from app.models import Incident, WorkflowInstance

    with api.client.application.app_context():
        instance = db.session.query(WorkflowInstance).filter_by(application_id=application_id).one()
        incident = Incident(
            instance_id=instance.id,
            instance_version=instance.version,
            application_id=application_id,
            definition_id=instance.definition_id,
            element_id="gw_has_supervising",
            element_name="是否有主管单位",
            message="流程环节执行失败",
        )
        db.session.add(incident)
        db.session.commit()
        incident_id = incident.id
        db.session.remove()
    return incident_id


def _plan_case(api, org_code: str) -> dict[str, int]:
    """A 申报计划 of the org, submitted by its handler: waiting for the org's leader."""
    from tests.integration.plan_helpers import new_plan, submit_plan
    from tests.integration.title_helpers import add_reviewer

    handler = add_reviewer(api, org_code, "handler")
    plan_id = new_plan(api, handler, 2026)["id"]
    submitted = submit_plan(api, handler, plan_id)
    assert submitted.status_code == 200, submitted.get_json()
    from app.extensions import db
    from app.models import CaseTask

    with api.client.application.app_context():
        task_id = (
            db.session.query(CaseTask.id)
            .filter_by(subject_type="title_plan", subject_id=plan_id)
            .scalar()
        )
        db.session.remove()
    return {"plan_id": plan_id, "plan_task_id": task_id}


def _expert_case(api, org_code: str, declarant: str) -> dict[str, int]:
    """The declarant's expert application, submitted (waiting at the org's handler), and a
    draw recorded by the committee of the org's city that drew it."""
    from app.extensions import db
    from app.models import CaseTask, ExpertDraw, ExpertDrawMember, Org, User
    from tests.integration.expert_helpers import apply, submit_expert

    expert_id = apply(api, declarant)["id"]
    assert submit_expert(api, declarant, expert_id).status_code == 200
    with api.client.application.app_context():
        task_id = (
            db.session.query(CaseTask.id)
            .filter_by(subject_type="expert", subject_id=expert_id, state="ready")
            .scalar()
        )
        org = db.session.query(Org).filter_by(code=org_code).one()
        city = db.session.query(Org).filter_by(code=org.path.strip("/").split("/")[1]).one()
        admin = db.session.query(User).filter_by(username=org_code).one()
        draw = ExpertDraw(
            drawn_by_id=admin.id, committee_org_id=city.id, series="health", count=1,
            pool_size=1, members=[ExpertDrawMember(expert_id=expert_id, position=1)],
        )
        db.session.add(draw)
        db.session.commit()
        draw_id = draw.id
        db.session.remove()
    return {"expert_id": expert_id, "expert_task_id": task_id, "draw_id": draw_id}


def _title_case(api, org_code: str) -> tuple[int, int, int, int, tuple[str, ...]]:
    """A declarant of the org with a submitted title declaration (with one 附件) waiting at
    the org."""
    from app.extensions import db
    from app.models import CaseTask
    from tests.files import blank_pdf

    name = f"职称{org_code}"
    number = add_declarant(api, unit=org_code, name=name)
    draft_id = declare(api, number)
    attached = api.client.post(
        f"/api/title/declarations/{draft_id}/attachments",
        data={"kind": "diploma", "file": (io.BytesIO(blank_pdf()), "diploma.pdf")},
        headers=api._headers(number),
    )
    assert attached.status_code == 201, attached.get_json()
    declaration_id = submit_title(api, number, draft_id)["id"]
    declarants = api.get("/api/title/declarants", as_=org_code).get_json()
    declarant_id = next(d["id"] for d in declarants if d["name"] == name)
    with api.client.application.app_context():
        task_id = (
            db.session.query(CaseTask.id)
            .filter_by(subject_type="title", subject_id=declaration_id)
            .scalar()
        )
        db.session.remove()
    return declarant_id, declaration_id, attached.get_json()["id"], task_id, (number, name)


def _transfer(api, id_number: str, to_org: str) -> int:
    """A pending request by ``to_org`` for the declarant ``id_number`` (单位变动人员管理)."""
    asked = api.post("/api/title/transfers", as_=to_org, json={"id_number": id_number})
    assert asked.status_code == 201, asked.get_json()
    return asked.get_json()["id"]


def _operations(client) -> list[tuple[str, str, dict, dict]]:
    document = client.get("/api/openapi.json").get_json()
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters" or operation.get("security") == []:
                continue
            parameters = item.get("parameters", []) + operation.get("parameters", [])
            found.append((method.upper(), path, operation, {"parameters": parameters}))
    return [(m, p, op, _body_schema(document, op) | extra) for m, p, op, extra in found]


def _body_schema(document: dict, operation: dict) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    if not content:
        return {}
    media, body = next(iter(content.items()))
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    return {"media": media, "schema": document["components"]["schemas"][name]}


def _body(spec: dict, foreign: Foreign) -> dict[str, Any]:
    """A body that passes schema validation, naming the foreign object wherever a field
    refers to one, so that only authorization can refuse it."""
    schema = spec.get("schema")
    if not schema:
        return {}
    references = foreign.body_references()
    body = {}
    for name, prop in schema["properties"].items():
        if name in references:
            body[name] = references[name]
        elif name in schema.get("required", []):
            body[name] = _valid_value(name, prop)
    return body


def _valid_value(name: str, prop: dict) -> Any:
    known = {
        **VALID_FORM,
        "comment": "测试",
        "remark": "测试",
        "action": "pass",
        "name": "测试",
        "username": "tester01",
        "code": "410322009",
        "file": (io.BytesIO(png_bytes()), "a.png"),
    }
    if "enum" in prop:
        return prop["enum"][0]
    formats = {"date": "2026-06-20", "date-time": "2026-06-01T09:00:00+08:00"}
    if prop.get("format") in formats:
        return formats[prop["format"]]
    if name in known:
        return known[name]
    if prop.get("type") == "array" and prop.get("minItems"):  # e.g. sections: one valid item
        return [_valid_value(name, prop["items"])] * prop["minItems"]
    return {"integer": 1, "boolean": False, "array": [], "string": "测试"}[prop["type"]]


def _call(client, token: str, method: str, path: str, spec: dict, foreign: Foreign):
    url = path
    for parameter in spec["parameters"]:
        if parameter["in"] == "path":
            url = url.replace(f"{{{parameter['name']}}}", str(foreign.path_value(parameter["name"])))
    body = _body(spec, foreign)
    headers = {"Authorization": f"Bearer {token}"}
    if spec.get("media") == "multipart/form-data":
        return client.open(url, method=method, headers=headers, data=body)
    if body:
        return client.open(url, method=method, headers=headers, json=body)
    return client.open(url, method=method, headers=headers)


def _names_an_object(spec: dict, foreign: Foreign) -> bool:
    in_path = any(p["in"] == "path" for p in spec["parameters"])
    properties = (spec.get("schema") or {}).get("properties", {})
    return in_path or bool(set(properties) & set(foreign.body_references()))


def _denied(response) -> bool:
    if response.status_code in DENIED:
        return True
    body = response.get_json(silent=True)
    # Bulk operations answer 200 with a result per item: every item must be refused.
    return (
        response.status_code == 200
        and isinstance(body, list)
        and bool(body)
        and all(isinstance(r, dict) and r.get("status") in DENIED for r in body)
    )


def _snapshot(api, foreign: Foreign) -> str:
    detail = api.get(f"/api/applications/{foreign.application_id}", as_=PROVINCE).get_json()
    history = api.get(f"/api/applications/{foreign.application_id}/history", as_=PROVINCE)
    orgs = api.get("/api/orgs", as_=PROVINCE).get_json()
    users = api.get("/api/users", as_=PROVINCE).get_json()
    title = api.get(f"/api/title/declarations/{foreign.declaration_id}", as_=PROVINCE).get_json()
    declarants = api.get("/api/title/declarants", as_=foreign.org_code).get_json()
    plan = api.get(f"/api/title/plans/{foreign.plan_id}", as_=PROVINCE).get_json()
    expert = api.get(f"/api/title/experts/{foreign.expert_id}", as_=PROVINCE).get_json()
    return json.dumps(
        [detail, history.get_json(), orgs, users, title, declarants, plan, expert],
        sort_keys=True,
    )


@pytest.mark.parametrize("caller", list(CALLERS))
def test_no_caller_reaches_another_orgs_objects(api, world, caller):
    applicant, declarant, far, near = world
    if caller == APPLICANT:
        token, targets = api.tokens[applicant], (far, near)
    elif caller == DECLARANT:
        token, targets = api.tokens[declarant], (far, near)
    else:
        token, targets = api.login(CALLERS[caller]), (far,)
    before = [_snapshot(api, foreign) for foreign in targets]
    for method, path, operation, spec in _operations(api.client):
        for foreign in targets:
            if not _names_an_object(spec, foreign):
                if method == "GET":
                    _assert_list_does_not_leak(api.client, token, path, operation, foreign)
                else:
                    assert (method, path) in OWN_ONLY, f"{method} {path} names no object"
                continue
            response = _call(api.client, token, method, path, spec, foreign)
            taken = (method, path) in TAKEN_IDS and response.status_code == 409
            assert (method, path) in SHARED_READS or taken or _denied(response), (caller, method, path, response.status_code,
                                       response.get_data(as_text=True)[:300])
            assert not any(s in response.get_data(as_text=True) for s in foreign.secrets)
    assert [_snapshot(api, foreign) for foreign in targets] == before


# Process governance (流程管理): the library, drafts, simulation, migration and incidents.
# Policy staff work here (and on their own account, /api/auth/); every other operation is
# about people.
GOVERNANCE_PATHS = ("/api/definitions", "/api/drafts", "/api/migrations", "/api/incidents")


def test_policy_staff_reach_no_personal_data(api, world):
    """Policy staff sit at the province, so every object is in their subtree: the role itself
    must refuse every applicant, ticket, roster, statistic, audit, declaration and expert
    operation, and governance must show none of those people."""
    from tests.integration.test_governance import POLICY

    _applicant, _declarant, far, near = world
    token = api.tokens[POLICY]
    before = [_snapshot(api, foreign) for foreign in (far, near)]
    for method, path, _operation, spec in _operations(api.client):
        governance = path.startswith(GOVERNANCE_PATHS)
        if path.startswith("/api/auth/") or (governance and (method, path) in OWN_ONLY):
            continue  # the caller's own account or draft: no person in it
        for foreign in (far, near):
            response = _call(api.client, token, method, path, spec, foreign)
            text = _text_of(response)
            assert not any(secret in text for secret in foreign.secrets), (method, path)
            if not governance:
                assert response.status_code == 403, (method, path, response.status_code)
                assert response.get_json()["error"] == "forbidden", (method, path)
    assert [_snapshot(api, foreign) for foreign in (far, near)] == before


def _assert_list_does_not_leak(client, token, path, operation, foreign: Foreign) -> None:
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    queries = [{}]
    if "unit" in names:
        queries.append({"unit": foreign.org_code})
    if "q" in names:
        queries.append({"q": foreign.secrets[1]})
    for query in queries:
        response = client.get(
            path, query_string=query, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code in (200, 403), (path, query, response.status_code)
        text = _text_of(response)
        assert not any(secret in text for secret in foreign.secrets), (path, query)


def _text_of(response) -> str:
    """What a reader sees in a response: the cells of a spreadsheet export, else the body."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        workbook = load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    # other exports (PDF) are binary: read what text they hold, never fail to decode
    return response.get_data().decode("utf-8", "replace")
