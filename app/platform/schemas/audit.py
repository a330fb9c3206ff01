"""Response schemas of the audit trail: an event as a history shows it, and as an exported
trail holds it (every hashed field)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from app.platform.schemas.common import Timestamp


def _definition(event: Any) -> dict[str, Any] | None:
    definition = event.definition
    if definition is None:
        return None
    return {
        "id": definition.id,
        "process_id": definition.process_id,
        "version": definition.version,
        "label": event.definition_label,
    }


class HistoryOut(Schema):
    at = Timestamp()
    actor = fields.String(attribute="actor_name")
    org = fields.String(attribute="org_name", allow_none=True)
    action = fields.String()
    comment = fields.String(allow_none=True)
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)
    task = fields.Function(
        lambda e: {"name": e.task_name, "bpmn_id": e.task_spec_id} if e.task_name else None
    )
    definition = fields.Function(
        _definition,
        metadata={"description": "流程版本 that took the decision (null for other events)"},
    )
    details = fields.Dict(
        allow_none=True,
        metadata={
            "description": "submissions: the facts sent to the process; auto-review "
            "decisions: DMN file hashes (dmn), their results and the facts they saw"
        },
    )


class TrailEventOut(Schema):
    """One chained event with every hashed field as hashed (handlers/audit_chain.py)."""

    id = fields.Integer()
    chain = fields.String()
    seq = fields.Integer()
    prev_hash = fields.String()
    hash = fields.String()
    at = fields.String(metadata={"description": "ISO 8601, microseconds, UTC, as hashed"})
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    org_id = fields.Integer(allow_none=True)
    org_name = fields.String(allow_none=True)
    action = fields.String()
    action_label = fields.String()
    comment = fields.String(allow_none=True)
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)
    task_id = fields.Integer(allow_none=True)
    task_name = fields.String(allow_none=True)
    task_spec_id = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    details = fields.Dict(allow_none=True)
    definition_id = fields.Integer(allow_none=True)
    definition_label = fields.String(allow_none=True)
    application_id = fields.Integer(allow_none=True)
