"""indexes for the inbox's default order and a subtree's applications newest first

The inbox without a queue filter lists one org's ready tasks by arrival (created_at, id):
ix_tasks_inbox has queue between state and created_at, so that order needed a sort of all the
org's ready tasks and the total read the table. The application query (报名信息查询) collects a
subtree's applications per org in id order. Both proven by tests/integration/test_query_plans.py.

Revision ID: c4e8a1f60d27
Revises: 582349091f7b
Create Date: 2026-12-04 15:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e8a1f60d27'
down_revision = '582349091f7b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_tasks_inbox_order', 'tasks', ['candidate_org_id', 'state', 'created_at', 'id']
    )
    op.create_index('ix_applications_org_id', 'applications', ['org_id', 'id'])


def downgrade():
    op.drop_index('ix_applications_org_id', table_name='applications')
    op.drop_index('ix_tasks_inbox_order', table_name='tasks')
