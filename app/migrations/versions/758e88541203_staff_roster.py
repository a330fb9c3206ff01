"""staff roster: 应考人员名单, the staff a unit expects to register per exam year, which the
按单位统计 compares with the applications

Revision ID: 758e88541203
Revises: d5e220b35fc8
Create Date: 2026-11-23 16:15:06.103595

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '758e88541203'
down_revision = "0f2c204c0544"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_roster_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('trade', sa.String(length=64), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['org_id'], ['orgs.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'year', 'id_number')
    )
    with op.batch_alter_table('staff_roster_entries', schema=None) as batch_op:
        batch_op.create_index('ix_staff_roster_entries_year_id_number', ['year', 'id_number'], unique=False)



def downgrade():
    with op.batch_alter_table('staff_roster_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_roster_entries_year_id_number')

    op.drop_table('staff_roster_entries')
