"""deployments and diagram drafts: the library as deployed snapshots, per-process version
numbers (backfilled in creation order for existing rows), policy staff's drafts

Revision ID: d5e220b35fc8
Revises: 0a74097e7740
Create Date: 2026-11-23 15:27:01.825356

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5e220b35fc8'
down_revision = '0a74097e7740'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deployments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('changed', sa.JSON(), nullable=False),
    sa.Column('processes', sa.JSON(), nullable=False),
    sa.Column('deployed_by_id', sa.Integer(), nullable=True),
    sa.Column('deployed_by_name', sa.String(length=64), nullable=False),
    sa.Column('deployed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['deployed_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number')
    )
    op.create_table('diagram_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=128), nullable=False),
    sa.Column('base_deployment_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['base_deployment_id'], ['deployments.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('process_definitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deployment_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            'uq_process_definitions_process_id_number', ['process_id', 'number']
        )
        batch_op.create_foreign_key(
            'fk_process_definitions_deployment_id', 'deployments', ['deployment_id'], ['id']
        )
    _number_existing_versions()


def _number_existing_versions():
    """Rows from before deployments become v1, v2, ... of their process in creation order."""
    table = sa.table(
        'process_definitions',
        sa.column('id', sa.Integer),
        sa.column('process_id', sa.String),
        sa.column('number', sa.Integer),
    )
    bind = op.get_bind()
    counts = {}
    for row_id, process_id in bind.execute(
        sa.select(table.c.id, table.c.process_id).order_by(table.c.id)
    ):
        counts[process_id] = counts.get(process_id, 0) + 1
        bind.execute(
            table.update().where(table.c.id == row_id).values(number=counts[process_id])
        )


def downgrade():
    with op.batch_alter_table('process_definitions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_process_definitions_deployment_id', type_='foreignkey')
        batch_op.drop_constraint('uq_process_definitions_process_id_number', type_='unique')
        batch_op.drop_column('deployment_id')
        batch_op.drop_column('number')

    op.drop_table('diagram_drafts')
    op.drop_table('deployments')
