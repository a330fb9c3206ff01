"""finished subprocesses: the serialized sub-process of a completed call activity, kept out
of workflow_instances.state so a step neither reads nor writes it again

Revision ID: b8d2f4a6c0e1
Revises: a3c9e5f7b1d2
Create Date: 2026-12-04 16:45:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b8d2f4a6c0e1"
down_revision = "a3c9e5f7b1d2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finished_subprocesses", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("workflow_instances", schema=None) as batch_op:
        batch_op.drop_column("finished_subprocesses")
