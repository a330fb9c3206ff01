"""autovacuum tasks and applications after every 1,000 changed rows (PostgreSQL)

The inbox and application-query counts are index-only scans, and an index-only scan visits
the heap for every row on a page changed since the table was last vacuumed. At 300k
applications, ~2,000 review steps left the largest county's inbox count reading 5,953 heap
rows (10 ms instead of 1.9 ms vacuumed), and at the default 20% autovacuum would have waited
for ~100k changes to the 530k task rows. A fixed threshold keeps the visibility map fresh
whatever the tables' size (app/models/base.py, VACUUM_OFTEN, for create_all).

Revision ID: c7e1f3a5b9d4
Revises: b8d2f4a6c0e1
Create Date: 2026-12-04 18:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c7e1f3a5b9d4'
down_revision = 'b8d2f4a6c0e1'
branch_labels = None
depends_on = None

TABLES = ("tasks", "applications")
SETTINGS = (
    "autovacuum_vacuum_scale_factor",
    "autovacuum_vacuum_threshold",
    "autovacuum_vacuum_insert_scale_factor",
    "autovacuum_vacuum_insert_threshold",
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgresql():
        return
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0, "
            "autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0, "
            "autovacuum_vacuum_insert_threshold = 1000)"
        )


def downgrade():
    if not _postgresql():
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} RESET ({', '.join(SETTINGS)})")
