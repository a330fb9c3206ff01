"""ticket revisions: an exam session counts the changes of what its tickets print, and each
print records the revision it showed (是否升级打印)

Revision ID: a7d41c2e9b05
Revises: f1a9c3e5b7d2
Create Date: 2026-11-23 18:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d41c2e9b05'
down_revision = 'f1a9c3e5b7d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exam_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('revised_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('ticket_prints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('ticket_prints', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('exam_sessions', schema=None) as batch_op:
        batch_op.drop_column('revised_at')
        batch_op.drop_column('revision')
