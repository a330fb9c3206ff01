"""trigram indexes for the application search, a pattern index for org subtrees (PostgreSQL)

报名信息查询's q= matches a substring of the name or the ID number (LIKE '%term%'): at 300k
applications PostgreSQL read every row of a county's subtree (56 ms at 中原区) or of the
table; pg_trgm GIN indexes read the matching rows (1 ms). The subtree filter
(orgs.path LIKE '/410000/410100/%') could not use ix_orgs_path under the database's non-C
collation and scanned orgs; text_pattern_ops can. The planner estimated 2 orgs under any
prefix (135 under 中原区) and so looped the trigram search once per org (14 ms); a histogram of
every path (statistics target 10000, ~20k orgs) makes the estimate exact. SQLite has none of
this and keeps its plans.

Revision ID: e7b2d4a9c1f3
Revises: c4e8a1f60d27
Create Date: 2026-12-04 16:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e7b2d4a9c1f3'
down_revision = 'c4e8a1f60d27'
branch_labels = None
depends_on = None


PATH_STATISTICS = "ALTER TABLE orgs ALTER COLUMN path SET STATISTICS {target}"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("name", "id_number"):
        op.create_index(
            f"ix_applications_{column}_trgm",
            "applications",
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )
    op.create_index(
        "ix_orgs_path_pattern", "orgs", ["path"], postgresql_ops={"path": "text_pattern_ops"}
    )
    op.execute(PATH_STATISTICS.format(target=10000))
    op.execute("ANALYZE orgs")


def downgrade():
    if not _postgresql():
        return
    op.execute(PATH_STATISTICS.format(target=-1))
    op.drop_index("ix_orgs_path_pattern", table_name="orgs")
    op.drop_index("ix_applications_id_number_trgm", table_name="applications")
    op.drop_index("ix_applications_name_trgm", table_name="applications")
