"""Small helpers for driving reviews through the HTTP API."""

from __future__ import annotations

import io

from tests.conftest import png_bytes

UNIT, SUPERVISING, COUNTY = "410181001001", "410181001", "410181"
LEVEL_ORGS = (UNIT, SUPERVISING, COUNTY)


def only_task(api, org: str, queue: str | None = None) -> dict:
    path = "/api/tasks" + (f"?queue={queue}" if queue else "")
    body = api.get(path, as_=org).get_json()
    assert body["total"] == 1, body
    return body["items"][0]


def act(api, org: str, action: str, comment: str = "", queue: str | None = None):
    task = only_task(api, org, queue)
    return api.post(
        f"/api/tasks/{task['id']}/complete", json={"action": action, "comment": comment}, as_=org
    )


def application(api, application_id: int, as_: str = COUNTY) -> dict:
    response = api.get(f"/api/applications/{application_id}", as_=as_)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def upload(
    api,
    who: str,
    application_id: int,
    kind: str,
    year: int | None = None,
    path: str = "files",
    content: bytes | None = None,
):
    """One file through the API: the applicant's ``files`` or a reviewer's ``review-files``;
    ``year`` for appraisal evidence."""
    data = {"kind": kind, "file": (io.BytesIO(content or png_bytes()), f"{kind}.png")}
    if year is not None:
        data["year"] = str(year)
    return api.post(
        f"/api/applications/{application_id}/{path}",
        as_=who,
        data=data,
        content_type="multipart/form-data",
    )


def deploy_edited(app, *edits: tuple[str, str, str], note: str = "测试修改") -> int:
    """Deploy the latest library with ``(file, old, new)`` text replacements through the
    deployment service, as policy staff's deploy does (deployment #1 from bpmn/ first on a
    fresh database); returns the new deployment's number."""
    from app.extensions import db
    from app.platform.services import deployments
    from app.platform.services.transaction import committing

    with app.app_context(), committing(db.session):
        deployments.ensure_initial(db.session, app.config["BPMN_DIR"])
        sources = dict(deployments.get(db.session).sources)
        for file, old, new in edits:
            assert old in sources[file], (file, old)
            sources[file] = sources[file].replace(old, new)
        return deployments.deploy(db.session, sources, note, None).number


def vacuum_settings(url: str) -> dict[str, dict[str, str]]:
    """The autovacuum storage parameters of the inbox tables of the PostgreSQL database at
    ``url``, by table (``pg_class.reloptions``)."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        rows = conn.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname IN ('tasks', 'applications')"
        ).fetchall()
    return {name: dict(o.split("=", 1) for o in options or []) for name, options in rows}


VACUUM_OFTEN = {
    "autovacuum_vacuum_scale_factor": "0",
    "autovacuum_vacuum_threshold": "1000",
    "autovacuum_vacuum_insert_scale_factor": "0",
    "autovacuum_vacuum_insert_threshold": "1000",
}
