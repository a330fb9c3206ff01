"""Response schemas of the 往年合格库: a record, and the evidence a review shows beside an
application."""

from __future__ import annotations

from marshmallow import Schema, fields


class QualifiedRecordOut(Schema):
    id = fields.Function(lambda c: c.record.id)
    name = fields.Function(lambda c: c.record.name)
    trade = fields.Function(lambda c: c.record.trade)
    grade = fields.Function(lambda c: c.record.grade)
    cert_year = fields.Function(lambda c: c.record.cert_year)
    cert_no = fields.Function(lambda c: c.record.cert_no)
    exam_year = fields.Function(lambda c: c.record.exam_year)
    unit_name = fields.Function(lambda c: c.record.unit_name)
    backs = fields.Boolean(
        metadata={"description": "the record backs the applicant's stated current grade"}
    )
    differs = fields.List(fields.String(), metadata={"description": "fields that disagree"})


class QualifiedEvidenceOut(Schema):
    records = fields.List(fields.Nested(QualifiedRecordOut), attribute="checks")
    backing_record_id = fields.Function(lambda e: e.backing.record.id if e.backing else None)
    conditions = fields.Function(
        lambda e: {key: c.record.id if c else None for key, c in e.conditions.items()},
        metadata={
            "type": "object",
            "description": "auto-review condition -> id of the record it rests on (or null)",
        },
    )
