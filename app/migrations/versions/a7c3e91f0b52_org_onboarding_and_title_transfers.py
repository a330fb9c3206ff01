"""org onboarding (单位信息维护) columns on orgs; title_transfers (单位变动人员管理)

Every org that exists when this runs is approved: onboarding applies to orgs created from now on.

Revision ID: a7c3e91f0b52
Revises: 71813a22ab0a
Create Date: 2026-11-23 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91f0b52'
down_revision = '71813a22ab0a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orgs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cert_print_name', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=256), nullable=True))
        batch_op.add_column(sa.Column('series', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('onboarding_status', sa.String(length=16), nullable=False, server_default='approved'))
        batch_op.add_column(sa.Column('return_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))

    op.create_table('title_transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('from_org_id', sa.Integer(), nullable=False),
    sa.Column('to_org_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('moved_declarations', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['from_org_id'], ['orgs.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['to_org_id'], ['orgs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('title_transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_title_transfers_from_org_id'), ['from_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_title_transfers_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_title_transfers_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_title_transfers_to_org_id'), ['to_org_id'], unique=False)


def downgrade():
    with op.batch_alter_table('title_transfers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_title_transfers_to_org_id'))
        batch_op.drop_index(batch_op.f('ix_title_transfers_status'))
        batch_op.drop_index(batch_op.f('ix_title_transfers_person_id'))
        batch_op.drop_index(batch_op.f('ix_title_transfers_from_org_id'))
    op.drop_table('title_transfers')

    with op.batch_alter_table('orgs', schema=None) as batch_op:
        for column in ('version', 'return_reason', 'onboarding_status', 'series', 'address',
                       'contact_email', 'contact_phone', 'contact_name', 'cert_print_name'):
            batch_op.drop_column(column)
