"""title_section_reviews: 审查通过 per section of a declaration on a task

With reviewers' permissions split by section, a title review level passes a declaration only
when every section has been reviewed there by someone permitted to see it. A new table: no
existing row needs a value (a task waiting today is passed, as before, by a reviewer who may
see every section; one with fewer sections now needs the others reviewed first).

Revision ID: a3c5e7f9b1d2
Revises: 9d41f6b2c8e7
Create Date: 2026-12-10 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c5e7f9b1d2'
down_revision = "9d41f6b2c8e7"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'title_section_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_task_id', sa.Integer(), nullable=False),
        sa.Column('declaration_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=20), nullable=False),
        sa.Column('reviewer_id', sa.Integer(), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_task_id'], ['case_tasks.id']),
        sa.ForeignKeyConstraint(['declaration_id'], ['title_declarations.id']),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'case_task_id', 'section', 'reviewer_id', name='uq_title_section_review'
        ),
    )
    op.create_index(
        op.f('ix_title_section_reviews_declaration_id'),
        'title_section_reviews',
        ['declaration_id'],
        unique=False,
    )
    op.create_index(
        op.f('ix_title_section_reviews_reviewer_id'),
        'title_section_reviews',
        ['reviewer_id'],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f('ix_title_section_reviews_reviewer_id'), table_name='title_section_reviews')
    op.drop_index(
        op.f('ix_title_section_reviews_declaration_id'), table_name='title_section_reviews'
    )
    op.drop_table('title_section_reviews')
