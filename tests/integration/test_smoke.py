def test_full_pass_chain(api, applicant_factory):
    applicant = applicant_factory("410181001001")
    app = applicant.apply_and_submit()
    assert app["status"] == "under_review"
    assert app["waiting_at"]["org_code"] == "410181001001"
    for org in ("410181001001", "410181001", "410181"):
        inbox = api.get("/api/tasks", as_=org).get_json()
        assert inbox["total"] == 1, inbox
        task_id = inbox["items"][0]["id"]
        r = api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=org)
        assert r.status_code == 200, r.get_json()
    detail = api.get(f"/api/applications/{applicant.application_id}", as_="410181").get_json()
    assert detail["status"] == "approved"
