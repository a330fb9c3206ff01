"""rate limit counters: fixed-window counts of the login throttle, shared by all workers

Revision ID: 0a74097e7740
Revises: 7c3bd0221fb0
Create Date: 2026-11-23 13:09:35.270720

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0a74097e7740'
down_revision = '7c3bd0221fb0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rate_limits',
        sa.Column('key', sa.String(length=255), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.create_index('ix_rate_limits_expires_at', 'rate_limits', ['expires_at'], unique=False)


def downgrade():
    op.drop_index('ix_rate_limits_expires_at', table_name='rate_limits')
    op.drop_table('rate_limits')
