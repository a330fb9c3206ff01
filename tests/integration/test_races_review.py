""""Only one X" in the exam registration and its accounts, under identical requests sent at
the same moment: exactly one succeeds, every other answers 409 with the reason, and the
database holds one, on SQLite and PostgreSQL. The requests meet inside the check-then-write window on purpose
(``tests/integration/racing.py``), so the outcome does not depend on luck.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.exams.services import applications, deferral, rechecks, uploads
from app.extensions import db
from app.models import Application, User
from app.platform.services import admin
from tests.conftest import VALID_FORM, png_bytes
from tests.integration.helpers import COUNTY, UNIT, act, application
from tests.integration.racing import Call, assert_one_wins, at_once, same
from tests.integration.test_deferral_levels import mark, senior_application, total
from tests.integration.test_paths import approved_application

CITY = "410100"


def test_four_applications_at_once_make_one_for_the_year(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    token = api.tokens[applicant.id_number]
    call = Call("POST", "/api/applications", token, json=VALID_FORM)

    responses = at_once(app, same(call), meet_in=applications)

    assert_one_wins(responses)
    for response in responses:
        if response.status_code == 409:
            assert response.get_json()["fields"] == {"year": "本年度已填写报名信息"}
    with app.app_context():
        count = select(func.count()).where(Application.id_number == applicant.id_number)
        assert db.session.scalar(count) == 1


def test_four_uploads_of_the_id_photo_at_once_keep_one(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    app_id = applicant.apply()["id"]
    token = api.tokens[applicant.id_number]
    path = f"/api/applications/{app_id}/files"
    call = Call("POST", path, token, data={"kind": "id_photo"}, files={"file": png_bytes()})

    responses = at_once(app, same(call), meet_in=uploads)

    assert_one_wins(responses)
    kinds = [u["kind"] for u in application(api, app_id, as_=UNIT)["uploads"]]
    assert kinds == ["id_photo"]


def test_four_markings_of_deferred_materials_at_once_make_one(app, api, applicant_factory):
    """The hard case: the application was marked once before (a rejection ended that
    deferral), so a new marking with the same remark changes nothing on its row, and only
    the lock on it stops the second marking."""
    app_id = senior_application(applicant_factory, materials=False)
    assert mark(api, UNIT, app_id, "工资表原件后补").status_code == 200
    assert act(api, UNIT, "reject", "不符合报考条件", queue="senior").status_code == 200
    back = api.post(f"/api/applications/{app_id}/reapply", as_=COUNTY, json={"comment": "可重报"})
    assert back.status_code == 200, back.get_json()
    applicant = application(api, app_id)["id_number"]
    api.login(applicant, "Secret123")
    assert api.post(f"/api/applications/{app_id}/submit", as_=applicant).status_code == 200
    path = f"/api/applications/{app_id}/deferral"
    call = Call("POST", path, api.tokens[UNIT], json={"remark": "工资表原件后补"})

    responses = at_once(app, same(call), meet_in=deferral)

    assert_one_wins(responses, success=200)
    assert total(api, UNIT, "deferred") == 1


def test_four_rechecks_of_one_application_at_once_start_one(app, api, applicant_factory):
    app_id = approved_application(api, applicant_factory).application_id
    api.login(CITY)
    body = {"application_ids": [app_id]}
    call = Call("POST", "/api/rechecks", api.tokens[CITY], json=body)

    responses = at_once(app, same(call), meet_in=rechecks)

    assert_one_wins(responses)
    assert total(api, CITY, "city_recheck") == 1


def test_four_identical_reviewer_accounts_at_once_make_one(app, api):
    """Already a unique key (usernames): the race answers 409 naming the field, never 500."""
    api.login(COUNTY)
    body = {"org_code": COUNTY, "username": "county_clerk", "name": "县区审核员"}
    call = Call("POST", "/api/users", api.tokens[COUNTY], json=body)

    responses = at_once(app, same(call), meet_in=admin)

    assert_one_wins(responses)
    for response in responses:
        if response.status_code == 409:
            assert response.get_json()["fields"] == {"username": "账号已存在"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.username == "county_clerk")) == 1
