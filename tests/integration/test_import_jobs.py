"""Imports on the job runner (issue 9: background work with progress): a file above
IMPORT_INLINE_ROWS data rows is checked in the request and queued; the worker imports it as the
uploader, keeps the report in the job and deletes the upload. A bad file is refused at once,
rights are checked again when the job runs. On both databases.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import HistoryRegistration, Job, QualifiedRecord, StaffRosterEntry, Trade, User
from app.platform.services import jobs
from handlers.idcard import check_digit
from tests.integration.helpers import COUNTY, UNIT

PROVINCE, CITY = "410000", "410100"
pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture()
def inline_5(app, monkeypatch, tmp_path):
    """Files of more than 5 data rows become jobs, their uploads kept in a JOB_DIR of this
    test's own (other tests leave their export files in the shared one)."""
    monkeypatch.setitem(app.config, "IMPORT_INLINE_ROWS", 5)
    monkeypatch.setitem(app.config, "JOB_DIR", tmp_path / "jobs")


def id_number(i: int) -> str:
    first17 = f"41018119{80 + i % 20:02d}0101{i:03d}"
    return first17 + check_digit(first17)


def qualified_csv(rows: int, header: str = "身份证号,姓名,工种,等级,取证年份") -> bytes:
    lines = [header] + [f"{id_number(i)},合格{i},护理员,四级,2019" for i in range(rows)]
    return "\n".join(lines).encode()


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post(api, path: str, content: bytes, name: str, as_: str, **form):
    return api.post(
        path,
        as_=as_,
        data={"file": (io.BytesIO(content), name), **form},
        content_type="multipart/form-data",
    )


def run_jobs(app) -> int:
    return jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config))


def uploads(app) -> list[str]:
    folder = app.config["JOB_DIR"]
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_large_import_is_a_job_whose_report_the_api_shows(app, api, inline_5):
    wrong = "0" if check_digit("41018119800101999") != "0" else "1"
    content = qualified_csv(8) + f"\n41018119800101999{wrong},坏,护理员,四级,2019".encode()
    content += f"\n{id_number(0)},改名,护理员,四级,2019".encode()  # the key again: last wins
    response = post(api, "/api/qualified/import", content, "q.csv", PROVINCE)
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert response.headers["Location"] == f"/api/jobs/{job['id']}"
    assert (job["kind"], job["state"], job["done"], job["total"]) == (
        "import_qualified",
        "queued",
        0,
        10,
    )
    assert job["result"] is None and len(uploads(app)) == 1
    assert db.session.scalar(select(func.count(QualifiedRecord.id))) == 0

    assert run_jobs(app) == 1
    done = api.get(f"/api/jobs/{job['id']}", as_=PROVINCE).get_json()
    assert (done["state"], done["done"], done["total"]) == ("done", 10, 10)
    assert done["download_url"] is None
    result = done["result"]
    assert (result["created"], result["updated"], result["total"]) == (8, 1, 10)
    assert [row for row, _ in result["errors"]] == [10] and "校验位" in result["errors"][0][1]
    assert uploads(app) == []  # the upload (ID numbers) is gone
    names = db.session.scalars(select(QualifiedRecord.name).order_by(QualifiedRecord.name))
    assert "改名" in list(names) and db.session.scalar(select(func.count(QualifiedRecord.id))) == 8
    assert api.get(f"/api/jobs/{job['id']}", as_=CITY).status_code == 404  # the owner's only


def test_a_small_import_stays_in_the_request(api, inline_5):
    response = post(api, "/api/qualified/import", qualified_csv(5), "q.csv", PROVINCE)
    assert response.status_code == 200
    assert response.get_json() == {"created": 5, "updated": 0, "errors": []}
    assert db.session.scalar(select(Job.id)) is None


def test_a_bad_file_is_refused_up_front_and_no_job_is_made(app, api, inline_5):
    for content, name in (
        (qualified_csv(20, header="身份证号,姓名,工种,等级"), "q.csv"),  # no 取证年份
        (b"not a workbook", "q.xlsx"),
        (b"\x89PNG", "q.png"),
    ):
        response = post(api, "/api/qualified/import", content, name, PROVINCE)
        assert response.status_code == 422, (name, response.get_json())
        assert "file" in response.get_json()["fields"]
    assert (
        "取证年份"
        in post(
            api,
            "/api/qualified/import",
            qualified_csv(20, "身份证号,姓名,工种,等级"),
            "q.csv",
            CITY,
        ).get_json()["message"]
    )
    assert db.session.scalar(select(Job.id)) is None and uploads(app) == []


def test_a_county_admin_cannot_import_the_qualified_database_not_even_by_a_crafted_job(
    app, api, inline_5
):
    response = post(api, "/api/qualified/import", qualified_csv(20), "q.csv", COUNTY)
    assert response.status_code == 403
    assert db.session.scalar(select(Job.id)) is None
    county = db.session.scalars(select(User).filter_by(username=COUNTY)).one()
    app.config["JOB_DIR"].mkdir(parents=True, exist_ok=True)
    (app.config["JOB_DIR"] / "crafted.csv").write_bytes(qualified_csv(20))
    crafted = jobs.enqueue(
        db.session, county, "import_qualified", {"file": "crafted.csv", "filename": "q.csv"}
    )
    assert run_jobs(app) == 1
    failed = api.get(f"/api/jobs/{crafted.id}", as_=COUNTY).get_json()
    assert failed["state"] == "failed" and "仅省、市管理员" in failed["error"]
    assert failed["result"] is None and uploads(app) == []
    assert db.session.scalar(select(func.count(QualifiedRecord.id))) == 0


@pytest.mark.parametrize("change", ["role", "inactive"])
def test_a_job_of_a_user_whose_rights_changed_fails_cleanly(app, api, inline_5, change):
    queued = post(api, "/api/qualified/import", qualified_csv(20), "q.csv", CITY).get_json()
    city = db.session.scalars(select(User).filter_by(username=CITY)).one()
    if change == "role":
        city.role = "reviewer"
    else:
        city.active = False
    db.session.commit()
    assert run_jobs(app) == 1
    job = db.session.get(Job, queued["id"])
    db.session.refresh(job)
    assert job.state == "failed" and job.finished_at is not None
    assert ("停用" if change == "inactive" else "仅省、市管理员") in job.error
    assert uploads(app) == [] and db.session.scalar(select(func.count(QualifiedRecord.id))) == 0


def test_the_console_shows_the_progress_page_then_the_report(app, client, inline_5):
    client.post("/login", data={"username": PROVINCE, "password": "Demo@2026"})
    assert "不超过 5 行的文件当即导入" in client.get("/admin/qualified").get_data(as_text=True)
    content = qualified_csv(7) + "\n410181,x,护理员,四级,2019".encode()
    response = client.post(
        "/admin/qualified/import",
        data={"file": (io.BytesIO(content), "q.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "导入进度" in page and "后台任务导入" in page and "data-job-status" in page
    assert "下载文件" not in page
    run_jobs(app)
    status = client.get(f"/jobs/{job_id}/status").get_json()
    assert status["state"] == "done" and status["download_url"] is None
    assert status["result"]["created"] == 7
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "导入完成：新增 7 条，更新 0 条，错误 1 条" in page and "第9行" in page


def test_a_bad_file_on_the_console_is_flashed_at_once(client, inline_5):
    client.post("/login", data={"username": PROVINCE, "password": "Demo@2026"})
    response = client.post(
        "/admin/qualified/import",
        data={"file": (io.BytesIO(qualified_csv(20, "身份证号,姓名")), "q.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "缺少必需的列" in response.get_data(as_text=True)
    assert db.session.scalar(select(Job.id)) is None


HISTORY_HEADER = ["报考年度", "姓名", "身份证号", "报考工种"]


@pytest.mark.parametrize(
    ("path", "caller", "content", "form", "model"),
    [
        (
            "/api/history/import",
            COUNTY,
            xlsx([HISTORY_HEADER] + [[2023, f"历史{i}", id_number(i), "电工"] for i in range(7)]),
            {},
            HistoryRegistration,
        ),
        (
            "/api/trades/import",
            PROVINCE,
            xlsx(
                [["代码", "名称", "类别"]]
                + [[f"9-{i:03d}", f"新工种{i}", "新职业"] for i in range(7)]
            ),
            {},
            Trade,
        ),
        (
            "/api/staff-roster",
            COUNTY,
            xlsx(
                [["单位编码", "姓名", "身份证号", "工种", "等级"]]
                + [[UNIT, f"职工{i}", id_number(i), "护理员", "三级"] for i in range(7)]
            ),
            {"year": "2026"},
            StaffRosterEntry,
        ),
    ],
    ids=["history", "trades", "staff_roster"],
)
def test_every_import_runs_as_a_job_above_the_limit(
    app, api, inline_5, path, caller, content, form, model
):
    before = db.session.scalar(select(func.count()).select_from(model))
    response = post(api, path, content, "file.xlsx", caller, **form)
    assert response.status_code == 202, response.get_json()
    assert run_jobs(app) == 1
    job = api.get(response.headers["Location"], as_=caller).get_json()
    assert job["state"] == "done", job["error"]
    assert (job["result"]["created"], job["result"]["updated"], job["result"]["errors"]) == (
        7,
        0,
        [],
    )
    assert db.session.scalar(select(func.count()).select_from(model)) == before + 7
    assert uploads(app) == []


def test_progress_is_visible_while_the_import_runs(app, api, inline_5, monkeypatch):
    """PostgreSQL: done/heartbeat are committed beside the import's open transaction, so a
    poller sees them move (SQLite has one writer: the job shows its total at the end)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("progress during the run needs a second writer (PostgreSQL)")
    from app.exams.services import qualified

    monkeypatch.setattr(qualified, "PROGRESS_EVERY", 4)
    seen: list[int] = []
    upsert = qualified._upsert_all

    def observed(session, rows):
        with db.engine.connect() as other:  # what the progress page's request would read
            seen.append(other.scalar(select(Job.done).where(Job.kind == "import_qualified")))
        return upsert(session, rows)

    monkeypatch.setattr(qualified, "_upsert_all", observed)
    post(api, "/api/qualified/import", qualified_csv(12), "q.csv", PROVINCE)
    assert run_jobs(app) == 1
    assert seen == [0, 4, 8]
    assert db.session.scalar(select(Job.heartbeat_at)) is not None


def test_an_import_may_be_larger_than_a_photo_but_not_than_its_own_limit(
    app, api, inline_5, monkeypatch
):
    """A province's result sheet is far larger than any material upload: the import endpoints
    take up to MAX_IMPORT_BYTES, every other request stays under MAX_CONTENT_LENGTH."""
    content = qualified_csv(200)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 1024)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    monkeypatch.setitem(app.config, "MAX_IMPORT_BYTES", len(content) + 4096)
    assert len(content) > 2048
    response = post(api, "/api/qualified/import", content, "q.csv", PROVINCE)
    assert response.status_code == 202, response.get_json()
    assert run_jobs(app) == 1
    assert db.session.scalar(select(func.count()).select_from(QualifiedRecord)) == 200

    monkeypatch.setitem(app.config, "MAX_IMPORT_BYTES", 4096)
    response = post(api, "/api/qualified/import", content, "q.csv", PROVINCE)
    assert response.status_code == 413
    body = response.get_json()
    assert body["error"] == "file_too_large" and "文件过大" in body["fields"]["file"]
    assert db.session.scalar(select(func.count()).select_from(Job)) == 1
