"""Org isolation: out-of-subtree applications and tasks do not exist for the caller."""

from tests.integration.helpers import COUNTY, UNIT

OTHER_COUNTY = "410122"


def test_foreign_county_gets_404_on_task_and_application(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    task_id = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]["id"]
    app_id = applicant.application_id
    for path in (
        f"/api/tasks/{task_id}",
        f"/api/applications/{app_id}",
        f"/api/applications/{app_id}/history",
    ):
        response = api.get(path, as_=OTHER_COUNTY)
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found"
    complete = api.post(
        f"/api/tasks/{task_id}/complete", json={"action": "reject"}, as_=OTHER_COUNTY
    )
    assert complete.status_code == 404
    comment = api.post(
        f"/api/applications/{app_id}/comments", json={"comment": "x"}, as_=OTHER_COUNTY
    )
    assert comment.status_code == 404
    assert api.get("/api/applications", as_=OTHER_COUNTY).get_json()["total"] == 0
    assert api.get(f"/api/applications/{app_id}", as_="410100").status_code == 200  # city


def test_sibling_unit_cannot_see_and_applicants_see_only_their_own(api, applicant_factory):
    mine, other = applicant_factory(UNIT), applicant_factory("410181002")
    mine.apply_and_submit()
    other.apply()
    assert api.get(f"/api/applications/{mine.application_id}", as_="410181002").status_code == 404
    assert (
        api.get(f"/api/applications/{mine.application_id}", as_=other.id_number).status_code == 404
    )
    own = api.get("/api/applications", as_=other.id_number).get_json()
    assert [a["id"] for a in own["items"]] == [other.application_id]


def test_lists_mask_id_numbers_and_detail_shows_them(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    listed = api.get("/api/applications", as_=COUNTY).get_json()["items"][0]
    inbox = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]
    masked = applicant.id_number[:3] + "*****" + applicant.id_number[-4:]
    assert listed["id_number"] == masked
    assert inbox["application"]["id_number"] == masked
    detail = api.get(f"/api/tasks/{inbox['id']}", as_=UNIT).get_json()
    assert detail["application"]["id_number"] == applicant.id_number


def test_applicants_cannot_use_the_reviewer_inbox(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    assert api.get("/api/tasks", as_=applicant.id_number).status_code == 403


def test_search_filters(api, applicant_factory):
    nurse = applicant_factory(UNIT, name="护理")
    nurse.apply_and_submit()
    welder = applicant_factory("410181002", name="焊工")
    welder.apply_and_submit(
        current_trade="焊工", declared_trade="焊工", current_grade=3, declared_grade=2
    )

    def ids(query):
        body = api.get(f"/api/applications?{query}", as_=COUNTY).get_json()
        return sorted(item["id"] for item in body["items"])

    assert ids("declared_trade=焊工") == [welder.application_id]
    assert ids("declared_grade=3") == [nurse.application_id]
    assert ids("unit=410181002") == [welder.application_id]
    assert ids("q=护理") == [nurse.application_id]
    assert ids(f"q={welder.id_number}") == [welder.application_id]
    assert ids("per_page=1&page=2") in ([nurse.application_id], [welder.application_id])
