"""Policy staff (政策管理员, 流程管理 only) work on the process and never see the people in it:
every applicant-data endpoint and page answers 403, while governance keeps working and shows
no ID number (the whole operation matrix is walked in test_authorization_matrix.py)."""

from __future__ import annotations

from tests.integration.test_governance import POLICY, make_policy_user


def test_policy_staff_get_403_on_an_application_and_its_materials(app, api, client, applicant_factory):
    applicant = applicant_factory()
    applicant.apply_and_submit()
    detail = api.get(f"/api/applications/{applicant.application_id}", as_="410000").get_json()
    upload_id = detail["uploads"][0]["id"]
    make_policy_user(app, api)

    for path in (
        f"/api/applications/{applicant.application_id}",
        f"/api/uploads/{upload_id}",
        f"/api/applications/{applicant.application_id}/history",
        f"/api/applications/{applicant.application_id}/qualified-records",
        "/api/applications",
    ):
        response = api.get(path, as_=POLICY)
        assert response.status_code == 403, (path, response.status_code)
        assert response.get_json()["error"] == "forbidden"
        assert applicant.id_number not in response.get_data(as_text=True)

    from tests.integration.test_governance import POLICY_PASSWORD

    client.post("/login", data={"username": POLICY, "password": POLICY_PASSWORD})
    for page in (f"/applications/{applicant.application_id}", f"/files/{upload_id}"):
        response = client.get(page)
        assert response.status_code == 403, page
        assert "没有权限" in response.get_data(as_text=True)
    assert client.get("/governance/library").status_code == 200
    assert api.get("/api/definitions", as_=POLICY).status_code == 200
