"""job result: an import job's report (created, updated, total, refused rows) as JSON

Revision ID: f1a9c3e5b7d2
Revises: 758e88541203
Create Date: 2026-11-23 18:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f1a9c3e5b7d2"
down_revision = "758e88541203"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("result")
