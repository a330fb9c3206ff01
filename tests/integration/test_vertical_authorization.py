"""Who may act is decided per action and level, not only by scope (issue 7, item 7)."""

import pytest

from handlers.idcard import mask
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, application

CITY = "410100"


def _rejected_at_county(api, applicant_factory) -> int:
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    act(api, UNIT, "pass")
    act(api, SUPERVISING, "pass")
    assert act(api, COUNTY, "reject", "不符合报考条件").status_code == 200
    return applicant.application_id


@pytest.mark.parametrize("lower", [UNIT, SUPERVISING])
def test_only_the_rejecting_level_or_above_may_send_back_for_reapplication(
    api, applicant_factory, lower
):
    app_id = _rejected_at_county(api, applicant_factory)
    refused = api.post(f"/api/applications/{app_id}/reapply", as_=lower, json={"comment": "x"})
    assert refused.status_code == 403
    assert application(api, app_id)["status"] == "rejected"
    history = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()
    assert history[-1]["action"] == "reject"


@pytest.mark.parametrize("level", [COUNTY, CITY])
def test_the_rejecting_county_and_its_city_may_send_back(api, applicant_factory, level):
    app_id = _rejected_at_county(api, applicant_factory)
    done = api.post(f"/api/applications/{app_id}/reapply", as_=level, json={"comment": "可重报"})
    assert done.status_code == 200 and done.get_json()["status"] == "returned"


def test_supplementary_list_masks_id_numbers(api):
    id_number = "11010519491231002X"
    created = api.post(
        "/api/supplementary",
        as_=COUNTY,
        json={"id_number": id_number, "name": "补报人员", "org_code": "410181002"},
    )
    assert created.status_code == 201
    for org in (COUNTY, CITY):
        listed = api.get("/api/supplementary", as_=org).get_json()
        assert [u["username"] for u in listed] == [mask(id_number)]
        assert id_number not in str(listed)


def test_applicants_cannot_write_reviewer_notes_or_read_reviewer_lists(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    me = applicant.id_number
    note = api.post(
        f"/api/applications/{applicant.application_id}/comments", as_=me, json={"comment": "hi"}
    )
    assert note.status_code == 403
    for path in ("/api/deferred", "/api/rechecks", "/api/rechecks/candidates", "/api/tasks"):
        assert api.get(path, as_=me).status_code == 403, path
