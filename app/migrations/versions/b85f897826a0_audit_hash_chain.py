"""audit hash chain: chain, seq, prev_hash and hash on every audit event (backfilled), system
events without an application (subject, details), the definition that decided, and triggers
that make audit_events append-only

Existing rows become the chain ``app:<application_id>``, numbered by id, hashed exactly as
handlers/audit_chain.py hashes new ones (their new fields are null), so ``flask audit-verify``
passes right after the upgrade.

Append-only in the database too: PostgreSQL gets a trigger function refusing UPDATE, DELETE and
TRUNCATE on audit_events; SQLite two triggers refusing UPDATE and DELETE. A later migration
that rebuilds audit_events on SQLite (batch mode copies the table) drops those triggers with
the old table and must create them again (``create_triggers``).

Revision ID: b85f897826a0
Revises: 0a74097e7740
Create Date: 2026-11-23 15:27:39.962138

"""
from alembic import op
import sqlalchemy as sa

from handlers.audit_chain import GENESIS, application_chain, event_hash


# revision identifiers, used by Alembic.
revision = 'b85f897826a0'
down_revision = '0a74097e7740'
branch_labels = None
depends_on = None

REFUSAL = "audit_events is append-only"
CHAIN_FIELDS = ("chain", "seq", "prev_hash", "hash")

events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("application_id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("org_id", sa.Integer),
    sa.column("org_name", sa.String),
    sa.column("action", sa.String),
    sa.column("comment", sa.Text),
    sa.column("status_from", sa.String),
    sa.column("status_to", sa.String),
    sa.column("task_id", sa.Integer),
    sa.column("task_name", sa.String),
    sa.column("task_spec_id", sa.String),
    sa.column("chain", sa.String),
    sa.column("seq", sa.Integer),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('subject', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('definition_id', sa.Integer(), nullable=True))
        batch_op.alter_column('application_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_foreign_key(
            'fk_audit_events_definition_id', 'process_definitions', ['definition_id'], ['id']
        )

    backfill(op.get_bind())

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for name in ('chain', 'seq', 'prev_hash', 'hash'):
            column_type = sa.Integer() if name == 'seq' else sa.String(length=40 if name == 'chain' else 64)
            batch_op.alter_column(name, existing_type=column_type, nullable=False)
        batch_op.create_unique_constraint('uq_audit_events_chain_seq', ['chain', 'seq'])

    create_triggers()


def backfill(connection) -> None:
    """Chain every existing event: by application, in id order."""
    heads: dict[int, tuple[int, str]] = {}
    rows = connection.execute(
        sa.select(events).order_by(events.c.application_id, events.c.id)
    ).mappings().all()
    for row in rows:
        seq, prev_hash = heads.get(row["application_id"], (0, GENESIS))
        fields = {**row, "chain": application_chain(row["application_id"]), "seq": seq + 1,
                  "prev_hash": prev_hash}
        fields["hash"] = event_hash(fields)
        connection.execute(
            events.update().where(events.c.id == row["id"]).values(
                {name: fields[name] for name in CHAIN_FIELDS}
            )
        )
        heads[row["application_id"]] = (fields["seq"], fields["hash"])


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{REFUSAL}: % refused', TG_OP;
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )
        return
    for operation in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{operation.lower()} BEFORE {operation} "
            f"ON audit_events BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
        op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def downgrade():
    drop_triggers()
    # Events about no application cannot live in the old table.
    op.execute("DELETE FROM audit_events WHERE application_id IS NULL")
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_events_definition_id', type_='foreignkey')
        batch_op.drop_constraint('uq_audit_events_chain_seq', type_='unique')
        batch_op.alter_column('application_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('definition_id')
        batch_op.drop_column('details')
        batch_op.drop_column('subject')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
        batch_op.drop_column('seq')
        batch_op.drop_column('chain')
