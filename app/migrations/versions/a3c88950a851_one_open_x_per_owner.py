"""one open X per owner: partial unique indexes for the "only one at a time" rules

Identical requests sent at the same moment all passed the service's check-then-insert. These
indexes (app.models.base.one_per_owner) let only one of them commit:

- uq_title_declarations_open: one declaration per declarant in draft / under_review / returned
- uq_title_experts_open: one expert application per declarant in draft / under_review /
  returned / approved (the pool entry)
- uq_title_transfers_open: one transfer request per person under_review
- uq_uploads_single_kind: one id_photo, photo and id_photo_stamped per application

Rows the race already left behind are resolved before the indexes are built:

- declarations, expert applications, transfer requests: per owner the row kept is the one
  furthest along (approved, then under review, then returned, then draft), the oldest of
  equals; each other one is closed as ``rejected`` with the reason 重复提交，系统已关闭（保留
  编号 N）, its waiting task rows cancelled and its case instance marked completed, its
  ``version`` bumped (an open form of it answers 409). A closed expert entry leaves the pool.
- uploads: per application and single-file kind the newest row is kept (the one the pages
  showed); older ones become kind ``other`` (其他材料), so no file is lost.

A migration has no actor, so these closings are not on the audit chains; the reason says
what happened. Downgrade drops the indexes only.

Revision ID: a3c88950a851
Revises: c7e1f3a5b9d4
Create Date: 2026-12-07 19:00:00.000000

"""
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c88950a851'
down_revision = 'c7e1f3a5b9d4'
branch_labels = None
depends_on = None

REASON = "重复提交，系统已关闭（保留编号 {keeper}）"
SINGLE_FILE_KINDS = ("id_photo", "photo", "id_photo_stamped")


@dataclass(frozen=True)
class Rule:
    """One "one open X per owner" rule: its index, table, owner column and open statuses (as
    the model lists them), which open row to keep (``keep_order``: the first status is the
    furthest along), the case subject type, and what a closing writes beside the status."""

    index: str
    table: str
    owner: str
    statuses: tuple[str, ...]
    keep_order: tuple[str, ...]
    subject_type: str
    reason_column: str
    closed: dict


RULES = (
    Rule(
        "uq_title_declarations_open",
        "title_declarations",
        "declarant_id",
        ("draft", "under_review", "returned"),
        ("under_review", "returned", "draft"),
        "title",
        "return_reason",
        {"waiting_org_id": None, "waiting_task": None},
    ),
    Rule(
        "uq_title_experts_open",
        "title_experts",
        "user_id",
        ("draft", "under_review", "returned", "approved"),
        ("approved", "under_review", "returned", "draft"),
        "expert",
        "return_reason",
        {"waiting_org_id": None, "waiting_task": None, "active": False},
    ),
    Rule(
        "uq_title_transfers_open",
        "title_transfers",
        "person_id",
        ("under_review",),
        ("under_review",),
        "transfer",
        "reason",
        {},
    ),
)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _duplicated_owners(conn, table, owner: str, statuses) -> list:
    query = (
        sa.select(table.c[owner])
        .where(table.c.status.in_(statuses))
        .group_by(table.c[owner])
        .having(sa.func.count() > 1)
    )
    return list(conn.execute(query).scalars())


def _close_duplicates(conn, rule: Rule) -> None:
    columns = ("id", rule.owner, "status", "version", rule.reason_column, *rule.closed)
    table = sa.table(rule.table, *(sa.column(name) for name in columns))
    for owner in _duplicated_owners(conn, table, rule.owner, list(rule.statuses)):
        rows = conn.execute(
            sa.select(table.c.id, table.c.status).where(
                table.c[rule.owner] == owner, table.c.status.in_(list(rule.statuses))
            )
        ).all()
        rows.sort(key=lambda row: (rule.keep_order.index(row.status), row.id))
        keeper, extra = rows[0].id, [row.id for row in rows[1:]]
        values = {"status": "rejected", rule.reason_column: REASON.format(keeper=keeper)}
        values |= rule.closed | {"version": table.c.version + 1}
        conn.execute(sa.update(table).where(table.c.id.in_(extra)).values(values))
        _end_cases(conn, rule.subject_type, extra)


def _end_cases(conn, subject_type: str, subject_ids: list[int]) -> None:
    """The closed subjects' waiting task rows cancelled, their instances completed."""
    tasks = sa.table(
        "case_tasks",
        sa.column("subject_type"),
        sa.column("subject_id"),
        sa.column("state"),
        sa.column("completed_at"),
    )
    conn.execute(
        sa.update(tasks)
        .where(
            tasks.c.subject_type == subject_type,
            tasks.c.subject_id.in_(subject_ids),
            tasks.c.state == "ready",
        )
        .values(state="cancelled", completed_at=_now())
    )
    instances = sa.table(
        "case_instances", sa.column("subject_type"), sa.column("subject_id"), sa.column("completed")
    )
    conn.execute(
        sa.update(instances)
        .where(instances.c.subject_type == subject_type, instances.c.subject_id.in_(subject_ids))
        .values(completed=sa.true())
    )


def _reclassify_duplicate_uploads(conn) -> None:
    """Older files of a single-file kind become 其他材料; the newest keeps the kind."""
    uploads = sa.table("uploads", sa.column("id"), sa.column("application_id"), sa.column("kind"))
    groups = conn.execute(
        sa.select(uploads.c.application_id, uploads.c.kind, sa.func.max(uploads.c.id))
        .where(uploads.c.kind.in_(SINGLE_FILE_KINDS))
        .group_by(uploads.c.application_id, uploads.c.kind)
        .having(sa.func.count() > 1)
    ).all()
    for application_id, kind, newest in groups:
        conn.execute(
            sa.update(uploads)
            .where(
                uploads.c.application_id == application_id,
                uploads.c.kind == kind,
                uploads.c.id != newest,
            )
            .values(kind="other")
        )


def _partial_unique(name: str, table: str, columns: list[str], state: str, values) -> None:
    where = sa.column(state).in_(list(values))
    op.create_index(
        name, table, columns, unique=True, postgresql_where=where, sqlite_where=where
    )


def upgrade():
    conn = op.get_bind()
    for rule in RULES:
        _close_duplicates(conn, rule)
        _partial_unique(rule.index, rule.table, [rule.owner], "status", rule.statuses)
    _reclassify_duplicate_uploads(conn)
    _partial_unique(
        "uq_uploads_single_kind", "uploads", ["application_id", "kind"], "kind", SINGLE_FILE_KINDS
    )


def downgrade():
    op.drop_index("uq_uploads_single_kind", table_name="uploads")
    for rule in reversed(RULES):
        op.drop_index(rule.index, table_name=rule.table)
