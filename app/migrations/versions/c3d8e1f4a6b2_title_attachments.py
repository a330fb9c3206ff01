"""title platform: declaration attachments (title_attachments)

Revision ID: c3d8e1f4a6b2
Revises: a7c3e91f0b52
Create Date: 2026-12-04 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d8e1f4a6b2'
down_revision = 'a7c3e91f0b52'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('title_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=True),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=120), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['title_declarations.id'], ),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_name')
    )
    with op.batch_alter_table('title_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_title_attachments_declaration_id', ['declaration_id'], unique=False)


def downgrade():
    with op.batch_alter_table('title_attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_title_attachments_declaration_id')
    op.drop_table('title_attachments')
