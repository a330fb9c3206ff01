"""Process governance for policy staff: the library, drafts (check, compare, deploy),
what-if simulation and migration of running instances. Province and city admins may read
the library; only policy accounts change anything."""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from marshmallow import Schema, fields, validate

from app.extensions import db
from app.governance.context import subjects
from app.governance.schemas.library import (
    DeploymentOut,
    FileOut,
    FileQuery,
    LibraryOut,
    ProcessVersionDetailOut,
    VocabularyOut,
)
from app.governance.services import drafts, library, migration, simulation
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import FILE_NAME, flag, integer, matching, record_id, text, year
from handlers import clock

blp = Blueprint(
    "api_definitions", __name__, description="流程库、草稿、部署与迁移", personal_data=False
)


# ------------------------------------------------------------------ schemas


class DraftCreateSchema(Schema):
    file = matching(
        FILE_NAME, "文件名应为字母、数字、下划线或连字符，以 .bpmn 或 .dmn 结尾", required=True
    )
    content = text(drafts.MAX_CONTENT_CHARS, required=True)
    note = text(500, load_default=None)


class DraftUpdateSchema(Schema):
    content = text(drafts.MAX_CONTENT_CHARS, required=True)
    version = integer(1, 2**31 - 1, strict=True, required=True)
    note = text(500, load_default=None)


class DraftOut(Schema):
    id = fields.Integer()
    file = fields.String(attribute="file_name")
    base_deployment = fields.Integer(attribute="base.number")
    note = fields.String(allow_none=True)
    author_name = fields.String()
    created_at = Timestamp()
    updated_at = Timestamp()
    version = fields.Integer()


class DraftDetailOut(DraftOut):
    content = fields.String()


class ProblemOut(Schema):
    file = fields.String()
    element_id = fields.String()
    element_name = fields.String()
    rule = fields.String()
    message = fields.String()


class ProblemsOut(Schema):
    problems = fields.List(fields.Nested(ProblemOut))


class PropertyChangeOut(Schema):
    name = fields.String()
    before = fields.String(allow_none=True)
    after = fields.String(allow_none=True)


class ElementChangeOut(Schema):
    element_id = fields.String()
    element_name = fields.String()
    element_type = fields.String()
    change = fields.String(metadata={"enum": ["added", "removed", "changed"]})
    properties = fields.List(fields.Nested(PropertyChangeOut))


class DiffOut(Schema):
    changes = fields.List(fields.Nested(ElementChangeOut))


class DeploySchema(Schema):
    note = text(1000, required=True)


class DeployedOut(Schema):
    deployment = fields.Nested(DeploymentOut)


ELEMENT_ID = r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$"
ELEMENT_ID_ERROR = "环节编号应以字母或下划线开头，由字母、数字、下划线、点或连字符组成"


class MigrationSchema(Schema):
    process_id = matching(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$", "流程编号格式不正确", required=True)
    from_number = integer(1, 1_000_000, strict=True, load_default=None)
    to_number = integer(1, 1_000_000, strict=True, load_default=None)
    instance_ids = fields.List(record_id(), validate=validate.Length(max=1000), load_default=None)
    mappings = fields.Dict(
        keys=matching(ELEMENT_ID, ELEMENT_ID_ERROR),
        values=matching(ELEMENT_ID, ELEMENT_ID_ERROR),
        validate=validate.Length(max=50, error="最多 50 条映射"),
        load_default=None,
        metadata={
            "description": "the migration plan's explicit mappings: a waiting task of the old"
            " element id moves to the target's element of the new id (a renamed user task;"
            " same process, kind and lane)",
            "example": {"review_supervising": "review_sup2"},
        },
    )
    dry_run = flag(required=True)


class WaitingOut(Schema):
    spec_id = fields.String()
    name = fields.String()
    target_id = fields.String(metadata={"description": "its element id in the target"})


class MigrationOut(Schema):
    instance_id = fields.Integer()
    application_id = fields.Integer()
    application_name = fields.String()
    from_ = fields.Integer(data_key="from", attribute="from", allow_none=True)
    to = fields.Integer(allow_none=True)
    outcome = fields.String(metadata={"enum": ["move", "refuse"]})
    reason = fields.String()
    waiting = fields.List(fields.Nested(WaitingOut))


class SimulateSchema(Schema):
    years = fields.List(year(), validate=validate.Length(min=1, max=5), load_default=None)


class LevelChangeOut(Schema):
    lane = fields.String()
    label = fields.String()
    before = fields.Integer()
    after = fields.Integer()
    gained = fields.Integer()
    lost = fields.Integer()


class AffectedOut(Schema):
    """An application whose path changes: no name or ID number (policy staff see no person)."""

    application_id = fields.Integer()
    unit = fields.String()
    declared_trade = fields.String()
    declared_grade = fields.Integer()
    before = fields.String()
    after = fields.String()


class SimulationOut(Schema):
    years = fields.List(fields.Integer())
    total = fields.Integer()
    changed = fields.Integer()
    auto_instead_of_manual = fields.Integer()
    manual_instead_of_auto = fields.Integer()
    levels = fields.List(fields.Nested(LevelChangeOut))
    affected = fields.List(fields.Nested(AffectedOut))


# ------------------------------------------------------------------ library


def _bpmn_dir():
    return current_app.config["BPMN_DIR"]


@blp.get("/definitions")
@blp.response(200, LibraryOut)
def library_overview():
    """The process library: every process with its versions (v1, v2 ...: the files each
    consists of, who deployed it, when, the note, instances running / finished on it), every
    BPMN file and DMN table with its revisions (by deployment and content hash, with the
    process versions using each) and every deployment."""
    return library.overview(db.session(), current_api_user(), _bpmn_dir())


@blp.get("/definitions/processes/<process_id:process_id>/versions/<id:number>")
@blp.response(200, ProcessVersionDetailOut)
def process_version(process_id: str, number: int):
    """One process version (the vN every page shows): the files it consists of with their
    text and SHA-256, the deployments it was current in, and the applications in the
    reader's scope decided or running on it."""
    return library.version_detail(
        db.session(), subjects(), current_api_user(), process_id, number, _bpmn_dir()
    )


@blp.get("/definitions/files/<file_name:file>")
@blp.arguments(FileQuery, location="query")
@blp.response(200, FileOut)
def library_file(query: dict, file: str):
    """One file's text at a deployment (the latest when ``deployment`` is not given)."""
    return library.file_content(
        db.session(), current_api_user(), file, query["deployment"], _bpmn_dir()
    )


@blp.get("/definitions/vocabulary")
@blp.response(200, VocabularyOut)
def vocabulary():
    """The words a diagram may use (lanes, queues, statuses, actions, context keys, facts)
    with their Chinese labels: the modeler's properties panel offers these as choices."""
    return library.vocabulary_view(current_api_user())


# ------------------------------------------------------------------ drafts


@blp.post("/drafts")
@blp.arguments(DraftCreateSchema)
@blp.response(201, DraftDetailOut)
def create_draft(data: dict):
    """Save an edited library file as a draft, based on the latest deployment."""
    return drafts.create_draft(db.session(), current_api_user(), data, _bpmn_dir())


@blp.get("/drafts")
@blp.response(200, DraftOut(many=True))
def list_drafts():
    return drafts.list_drafts(db.session(), current_api_user())


@blp.get("/drafts/<id:draft_id>")
@blp.response(200, DraftDetailOut)
def get_draft(draft_id: int):
    return drafts.get_draft(db.session(), current_api_user(), draft_id)


@blp.put("/drafts/<id:draft_id>")
@blp.arguments(DraftUpdateSchema)
@blp.response(200, DraftDetailOut)
def update_draft(data: dict, draft_id: int):
    """Save new content; ``version`` is the draft's version as loaded (409 if it moved on)."""
    return drafts.update_draft(db.session(), current_api_user(), draft_id, data)


@blp.delete("/drafts/<id:draft_id>")
@blp.response(204)
def delete_draft(draft_id: int):
    drafts.delete_draft(db.session(), current_api_user(), draft_id)


@blp.get("/drafts/<id:draft_id>/problems")
@blp.response(200, ProblemsOut)
def draft_problems(draft_id: int):
    """The whole library with this draft's file replaced, checked against the contract
    between diagrams and code; each problem names its element."""
    found = drafts.draft_problems(db.session(), current_api_user(), draft_id)
    return {"problems": [asdict(problem) for problem in found]}


@blp.get("/drafts/<id:draft_id>/diff")
@blp.response(200, DiffOut)
def draft_diff(draft_id: int):
    """What the draft changes against the deployed file, element by element, in words."""
    return {"changes": drafts.draft_diff(db.session(), current_api_user(), draft_id)}


@blp.post("/drafts/<id:draft_id>/deploy")
@blp.arguments(DeploySchema)
@blp.response(201, DeployedOut)
def deploy_draft(data: dict, draft_id: int):
    """Deploy the library with this draft as a new version (the draft is consumed). New
    applications start on it; running ones stay on theirs. Refused (422, with ``problems``)
    when the library would not pass the contract check."""
    deployment = drafts.deploy_draft(db.session(), current_api_user(), draft_id, data["note"])
    return {"deployment": deployment}


@blp.post("/drafts/<id:draft_id>/simulate")
@blp.arguments(SimulateSchema)
@blp.response(200, SimulationOut)
def simulate_draft(data: dict, draft_id: int):
    """What-if: every submitted application of ``years`` (default: this exam year and the
    one before) runs in memory through the deployed registration process and the draft's,
    every task passed; the report counts what changes (auto instead of manual review, tasks
    gained or lost per level) and lists the affected applications. Writes nothing."""
    config = current_app.config
    exam_year = config["EXAM_YEAR"] or clock.today().year
    return simulation.simulate_draft(
        db.session(), subjects(), current_api_user(), draft_id, data["years"], exam_year
    )


# ------------------------------------------------------------------ migration


@blp.post("/migrations")
@blp.arguments(MigrationSchema)
@blp.response(200, MigrationOut(many=True))
def migrate(data: dict):
    """Move running instances of a process onto another version (the latest by default):
    the instances named, or all running on ``from_number``. Each moves when every task it
    waits on exists with the same id in the target, or ``mappings`` maps its element to one
    (422 naming ``mappings.<old id>`` when the old id is no user task of the source or the
    new one no user task of the same process, kind and lane in the target), and is refused
    with the reason otherwise. ``dry_run`` shows what would happen and writes nothing."""
    return migration.migrate_instances(db.session(), subjects(), current_api_user(), data)
