"""audit_chain_head(): an audit chain's append lock and its head in one statement (PostgreSQL)

Every audit event took the chain's advisory lock and then read the chain's head: two round
trips per review step. One SELECT cannot do both (it would read the head as of before it
waited for the lock), so a VOLATILE plpgsql function takes the lock and then reads the head
with a fresh snapshot. SQLite has a single writer and keeps its plain head read.

Revision ID: a3c9e5f7b1d2
Revises: e7b2d4a9c1f3
Create Date: 2026-12-04 16:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3c9e5f7b1d2'
down_revision = 'e7b2d4a9c1f3'
branch_labels = None
depends_on = None


CHAIN_HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_head(p_chain text, OUT head_seq integer, OUT head_hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(p_chain));
    SELECT seq, hash INTO head_seq, head_hash
    FROM audit_events WHERE chain = p_chain ORDER BY seq DESC LIMIT 1;
END
$$
"""


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgresql():
        op.execute(CHAIN_HEAD_FUNCTION)


def downgrade():
    if _postgresql():
        op.execute("DROP FUNCTION IF EXISTS audit_chain_head(text)")
