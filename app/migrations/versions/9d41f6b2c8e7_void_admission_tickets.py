"""void admission tickets: a ticket is valid only while its holder is approved. Tickets get
``voided_at`` and ``void_reason``; "one ticket per application" and "one holder per seat"
become partial unique indexes over the valid tickets, so a void ticket stays as history while
its seat and its application may be given a new one. Existing tickets stay valid, except
those whose application is no longer approved: they are voided now, with the reason.

Revision ID: 9d41f6b2c8e7
Revises: e51f0f722361
Create Date: 2026-12-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d41f6b2c8e7'
down_revision = "e51f0f722361"
branch_labels = None
depends_on = None

VALID = sa.text("voided_at IS NULL")
# SQLite's unique constraints of 0f2c204c0544 have no name: batch mode names them by this.
NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
STATUS_LABELS = {
    "draft": "未提交",
    "under_review": "审核中",
    "returned": "已退回",
    "rejected": "审核不通过",
    "onsite": "现场审核中",
}


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.drop_constraint("tickets_application_id_key", "tickets", type_="unique")
        op.drop_constraint("tickets_session_id_room_seat_key", "tickets", type_="unique")
    with op.batch_alter_table("tickets", naming_convention=NAMES) as batch_op:
        if not postgresql:
            batch_op.drop_constraint("uq_tickets_application_id", type_="unique")
            batch_op.drop_constraint("uq_tickets_session_id", type_="unique")
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.String(length=200), nullable=True))
    _void_tickets_of_unapproved()
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.create_index("ix_tickets_application_id", ["application_id"], unique=False)
        batch_op.create_index(
            "uq_tickets_valid_application", ["application_id"], unique=True,
            postgresql_where=VALID, sqlite_where=VALID,
        )
        batch_op.create_index(
            "uq_tickets_valid_seat", ["session_id", "room", "seat"], unique=True,
            postgresql_where=VALID, sqlite_where=VALID,
        )


def _void_tickets_of_unapproved():
    """Tickets whose holder already left 终审通过 before this revision: void from now."""
    for status, label in STATUS_LABELS.items():
        op.execute(
            sa.text(
                "UPDATE tickets SET voided_at = CURRENT_TIMESTAMP, void_reason = :reason "
                "WHERE application_id IN (SELECT id FROM applications WHERE status = :status)"
            ).bindparams(reason=f"报名状态变为“{label}”", status=status)
        )


def downgrade():
    """Back to one ticket per application: the void tickets and their prints go."""
    if op.get_bind().dialect.name == "postgresql":
        names = ("tickets_application_id_key", "tickets_session_id_room_seat_key")
    else:
        names = ("uq_tickets_application_id", "uq_tickets_session_id")
    op.execute(sa.text("DELETE FROM ticket_prints WHERE ticket_id IN "
                       "(SELECT id FROM tickets WHERE voided_at IS NOT NULL)"))
    op.execute(sa.text("DELETE FROM tickets WHERE voided_at IS NOT NULL"))
    with op.batch_alter_table("tickets") as batch_op:
        batch_op.drop_index("uq_tickets_valid_seat")
        batch_op.drop_index("uq_tickets_valid_application")
        batch_op.drop_index("ix_tickets_application_id")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_at")
        batch_op.create_unique_constraint(names[0], ["application_id"])
        batch_op.create_unique_constraint(names[1], ["session_id", "room", "seat"])
