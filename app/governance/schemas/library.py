"""Response schemas of the process library API: processes with their versions (the one
numbering, vN), files with their revisions (by deployment and content hash), deployments,
one file's text, one version's page, and the vocabulary."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import integer


class ProcessVersionRefOut(Schema):
    process_id = fields.String()
    number = fields.Integer(allow_none=True)
    label = fields.String(metadata={"description": "v3: the process version, the one vN"})


class FileRevisionOut(Schema):
    """A file's text as one deployment brought it: named by that deployment (发布批次 #N) and
    its content hash, never numbered itself."""

    deployment = fields.Integer()
    sha256 = fields.String()
    note = fields.String()
    deployed_by = fields.String()
    deployed_at = Timestamp()
    used_by = fields.List(fields.Nested(ProcessVersionRefOut))


class LibraryFileOut(Schema):
    file = fields.String()
    kind = fields.String(metadata={"enum": ["bpmn", "dmn"]})
    title = fields.String()
    element_ids = fields.List(fields.String())
    revisions = fields.List(fields.Nested(FileRevisionOut))


class VersionFileOut(Schema):
    file = fields.String()
    sha256 = fields.String(metadata={"description": "SHA-256 of the file's text"})
    deployment = fields.Integer(
        allow_none=True, metadata={"description": "the deployment that first held this text"}
    )


class ProcessVersionOut(Schema):
    number = fields.Integer(allow_none=True)
    label = fields.String()
    version = fields.String(metadata={"description": "content hash of the version's files"})
    deployment = fields.Integer(allow_none=True, metadata={"description": "first deployed in"})
    note = fields.String()
    deployed_by = fields.String()
    deployed_at = Timestamp()
    deployments = fields.List(fields.Integer(), metadata={"description": "current in these"})
    files = fields.List(fields.Nested(VersionFileOut))
    running = fields.Integer()
    finished = fields.Integer()


class LibraryProcessOut(Schema):
    process_id = fields.String()
    name = fields.String()
    current = fields.Integer(
        allow_none=True, metadata={"description": "the latest deployment's version number"}
    )
    versions = fields.List(fields.Nested(ProcessVersionOut))


class VersionFileDetailOut(VersionFileOut):
    kind = fields.String(metadata={"enum": ["bpmn", "dmn"]})
    content = fields.String()


class VersionApplicationOut(Schema):
    application_id = fields.Integer()
    status = fields.String()
    status_label = fields.String()
    decisions = fields.Integer(metadata={"description": "decisions taken on this version"})
    running = fields.Boolean(metadata={"description": "an instance runs on this version"})


class ProcessVersionDetailOut(ProcessVersionOut):
    process_id = fields.String()
    name = fields.String()
    files = fields.List(fields.Nested(VersionFileDetailOut))
    applications = fields.List(fields.Nested(VersionApplicationOut))
    applications_total = fields.Integer()


class DeploymentOut(Schema):
    number = fields.Integer()
    note = fields.String()
    deployed_by = fields.String(attribute="deployed_by_name")
    deployed_at = Timestamp()
    changed = fields.List(fields.String())


class DeploymentViewOut(DeploymentOut):
    deployed_by = fields.String()


class LibraryOut(Schema):
    processes = fields.List(fields.Nested(LibraryProcessOut))
    files = fields.List(fields.Nested(LibraryFileOut))
    deployments = fields.List(fields.Nested(DeploymentViewOut))


class FileQuery(Schema):
    deployment = integer(1, 1_000_000, load_default=None)


class FileOut(Schema):
    file = fields.String()
    kind = fields.String()
    deployment = fields.Integer()
    content = fields.String()


class WordOut(Schema):
    key = fields.String()
    label = fields.String()


class VocabularyOut(Schema):
    lanes = fields.List(fields.Nested(WordOut))
    queues = fields.List(fields.Nested(WordOut))
    statuses = fields.List(fields.Nested(WordOut))
    actions = fields.List(fields.Nested(WordOut))
    context = fields.List(fields.Nested(WordOut))
    facts = fields.List(fields.Nested(WordOut))
    properties = fields.List(fields.String())
    list_properties = fields.List(fields.String())
