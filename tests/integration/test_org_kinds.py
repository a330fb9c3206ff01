"""Seed 004's orgs that skip a level (省、市、县区（直管县）和省直主管部门): a county directly under
the province (直管县), a supervising department directly under the province (省直主管部门) or a
city (市直主管部门), and a unit directly under a city (市直单位). Each can be created through the
API, a unit created under it, and both products route its people's cases: the exam's county
steps go to the org standing in for the missing county, title declarations to the committee
the tree reaches."""

from __future__ import annotations

import pytest

from tests.integration import title_helpers as titles
from tests.integration.test_tickets import SESSION, new_session

PROVINCE, CITY = "410000", "410100"


def create_org(api, as_: str, code: str, level: str, parent: str, name: str) -> dict:
    created = api.post(
        "/api/orgs",
        json={"code": code, "name": name, "level": level, "parent_code": parent},
        as_=as_,
    )
    assert created.status_code == 201, created.get_json()
    titles.first_login(api, code, api.client.application.config["ORG_INITIAL_PASSWORD"])
    return created.get_json()


def pass_at(api, org: str, application_id: int) -> dict:
    """The application's ready task is at ``org``, which passes it; the application after."""
    tasks = api.get("/api/tasks?per_page=100", as_=org).get_json()["items"]
    (task,) = [t for t in tasks if t["application_id"] == application_id]
    done = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=org)
    assert done.status_code == 200, done.get_json()
    return done.get_json()["application"]


# kind label, (code, level, parent, created by) of the org and of a unit under it, and the
# orgs an exam application of that unit passes, in order, to final approval
KINDS = {
    "直管县": (
        ("419001", "county", PROVINCE, PROVINCE, "济源示范区"),
        "419001001",
        ("419001001", "419001"),
    ),
    "省直主管部门": (
        ("410000901", "supervising_unit", PROVINCE, PROVINCE, "河南省卫生健康委员会"),
        "410000901001",
        ("410000901001", "410000901", PROVINCE),
    ),
    "市直主管部门": (
        ("410100901", "supervising_unit", CITY, CITY, "郑州市卫生健康委员会"),
        "410100901001",
        ("410100901001", "410100901", CITY),
    ),
    "市直单位": (("410100902", "unit", CITY, CITY, "郑州市第一人民医院"), None, ("410100902", CITY)),
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_created_and_its_exam_applicants_reach_final_approval(
    api, applicant_factory, kind
):
    (code, level, parent, creator, name), unit, path = KINDS[kind]
    assert create_org(api, creator, code, level, parent, name)["kind_label"] == kind
    if unit is not None:
        made = create_org(api, code, unit, "unit", code, f"{name}下属单位")
        assert made["kind_label"] == "单位"
    listed = {o["code"]: o["kind_label"] for o in api.get("/api/orgs", as_=creator).get_json()}
    assert listed[code] == kind

    applicant = applicant_factory(path[0])
    applicant.apply_and_submit()
    for org in path:
        after = pass_at(api, org, applicant.application_id)
    assert after["status"] == "approved"


def test_the_city_reviews_the_county_steps_of_its_direct_units_and_numbers_their_tickets(
    api, applicant_factory, client
):
    create_org(api, CITY, "410100902", "unit", CITY, "郑州市第一人民医院")
    applicant = applicant_factory("410100902")
    applicant.apply_and_submit()
    pass_at(api, "410100902", applicant.application_id)
    tasks = api.get("/api/tasks", as_=CITY).get_json()["items"]
    assert [t["queue"] for t in tasks] == ["manual"]  # the county's 县区人工审核, at the city

    client.post("/login", data={"username": CITY, "password": "Demo@2026"})
    page = client.get("/review/inbox?queue=manual")
    assert page.status_code == 200
    # the city's menu offers the queue it stands in for, with its count
    assert 'href="/review/inbox?queue=manual" class="menu-item' in page.get_data(as_text=True)

    pass_at(api, CITY, applicant.application_id)
    session = new_session(api, **SESSION)
    assigned = api.post("/api/tickets/assign", json={"session_id": session["id"]}, as_=CITY)
    assert assigned.status_code == 201, assigned.get_json()
    (ticket,) = assigned.get_json()
    assert ticket["number"] == f"{session['year'] % 100:02d}0100000001"  # the city's region


def test_an_exceptional_case_of_a_direct_county_is_approved_by_the_province(
    api, applicant_factory
):
    """破格: the county's 破格人员审核, then the city's 市级破格审批, which for a 直管县 is the
    province's; its reviewers are approved by the province too."""
    create_org(api, PROVINCE, "419001", "county", PROVINCE, "济源示范区")
    create_org(api, "419001", "419001001", "unit", "419001", "济源市人民医院")
    applicant = applicant_factory("419001001")
    applicant.apply_and_submit(exceptional=True, exceptional_reason="一线岗位连续工作20年")
    pass_at(api, "419001001", applicant.application_id)
    pass_at(api, "419001", applicant.application_id)
    tasks = api.get("/api/tasks", as_=PROVINCE).get_json()["items"]
    assert [(t["queue"], t["name"]) for t in tasks] == [("exceptional", "市级破格审批")]

    reviewer = api.post(
        "/api/users",
        json={"username": "jiyuan_reviewer", "name": "审核员", "org_code": "419001"},
        as_="419001",
    ).get_json()
    assert reviewer["approved"] is False
    assert api.post(f"/api/users/{reviewer['id']}/approve", as_=CITY).status_code == 404
    approved = api.post(f"/api/users/{reviewer['id']}/approve", as_=PROVINCE)
    assert approved.status_code == 200 and approved.get_json()["approved"] is True


@pytest.mark.parametrize(
    ("kind", "level", "committee"),
    [
        ("直管县", "intermediate", PROVINCE),  # no city above: the province judges
        ("省直主管部门", "intermediate", PROVINCE),
        ("市直单位", "intermediate", CITY),
        ("市直单位", "senior", PROVINCE),
    ],
)
def test_title_declarations_of_each_kind_go_to_the_committee_the_tree_reaches(
    api, kind, level, committee
):
    (code, org_level, parent, creator, name), unit, path = KINDS[kind]
    create_org(api, creator, code, org_level, parent, name)
    if unit is not None:
        create_org(api, code, unit, "unit", code, f"{name}下属单位")
    declarant = titles.add_declarant(api, unit=path[0])
    declaration_id = titles.declare(api, declarant, level=level)
    submitted = titles.submit(api, declarant, declaration_id)

    assert submitted["committee_org"]["code"] == committee
    assert submitted["waiting_org"]["code"] == path[0]
