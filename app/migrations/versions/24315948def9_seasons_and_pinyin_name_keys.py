"""seasons (年度/批次): every application belongs to one, lists are per season; pinyin sort
keys beside the names people are listed by

Existing applications get one exam season per year they carry (名称 "2026年度"); the latest
year's season is the open (current) one, earlier ones are closed, so their applications show
in 历史报名数据查询 at once. One application per applicant and season replaces one per
applicant and year. The subtree indexes take the season after the org. ``name_sort`` is the
name's pinyin key (handlers/names.py), computed here for the rows already stored.

Revision ID: 24315948def9
Revises: a3c5e7f9b1d2
Create Date: 2026-12-07 19:00:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from handlers.names import sort_key

# revision identifiers, used by Alembic.
revision = '24315948def9'
down_revision = "a3c5e7f9b1d2"
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'open'")
# SQLite reflects the old unnamed unique key without a name: give it one to drop it
NAMING = {"uq": "uq_%(table_name)s_%(column_0_N_name)s"}
BATCH = 2000


def upgrade():
    op.create_table(
        'seasons',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product', sa.String(length=8), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('product', 'name'),
    )
    op.create_index(
        'uq_seasons_open_product', 'seasons', ['product'], unique=True,
        postgresql_where=OPEN, sqlite_where=OPEN,
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('season_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('name_sort', sa.String(length=255), server_default='', nullable=False)
        )
    with op.batch_alter_table('history_registrations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('name_sort', sa.String(length=255), server_default='', nullable=False)
        )
    _seasons_from_years()
    _name_keys('applications')
    _name_keys('history_registrations')
    with op.batch_alter_table('applications', schema=None, naming_convention=NAMING) as batch_op:
        batch_op.alter_column('season_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            'fk_applications_season_id_seasons', 'seasons', ['season_id'], ['id']
        )
        batch_op.drop_constraint(_old_unique_key(), type_='unique')
        batch_op.create_unique_constraint(
            'uq_applications_applicant_id_season_id', ['applicant_id', 'season_id']
        )
        batch_op.drop_index('ix_applications_org_status')
        batch_op.drop_index('ix_applications_org_id')
        batch_op.create_index(
            'ix_applications_org_season_status', ['org_id', 'season_id', 'status'], unique=False
        )
        batch_op.create_index(
            'ix_applications_org_season_id', ['org_id', 'season_id', 'id'], unique=False
        )
        batch_op.create_index('ix_applications_name_sort', ['name_sort'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_name_sort')
        batch_op.drop_index('ix_applications_org_season_id')
        batch_op.drop_index('ix_applications_org_season_status')
        batch_op.create_index('ix_applications_org_id', ['org_id', 'id'], unique=False)
        batch_op.create_index('ix_applications_org_status', ['org_id', 'status'], unique=False)
        batch_op.drop_constraint('uq_applications_applicant_id_season_id', type_='unique')
        batch_op.create_unique_constraint(_old_unique_key(), ['applicant_id', 'year'])
        batch_op.drop_constraint('fk_applications_season_id_seasons', type_='foreignkey')
        batch_op.drop_column('name_sort')
        batch_op.drop_column('season_id')
    with op.batch_alter_table('history_registrations', schema=None) as batch_op:
        batch_op.drop_column('name_sort')
    op.drop_index('uq_seasons_open_product', table_name='seasons')
    op.drop_table('seasons')


def _old_unique_key() -> str:
    """The (applicant_id, year) key: PostgreSQL named it itself, SQLite through NAMING."""
    if op.get_bind().dialect.name == 'postgresql':
        return 'applications_applicant_id_year_key'
    return 'uq_applications_applicant_id_year'


def _seasons_from_years() -> None:
    """One exam season per year the applications carry; the latest is open."""
    conn = op.get_bind()
    years = [row[0] for row in conn.execute(sa.text('SELECT DISTINCT year FROM applications'))]
    now = datetime.now(UTC).replace(tzinfo=None)
    for year in sorted(years):
        latest = year == max(years)
        conn.execute(
            sa.text(
                'INSERT INTO seasons (product, year, name, status, created_at, closed_at) '
                'VALUES (:product, :year, :name, :status, :now, :closed_at)'
            ),
            {
                'product': 'exam',
                'year': year,
                'name': f'{year}年度',
                'status': 'open' if latest else 'closed',
                'now': now,
                'closed_at': None if latest else now,
            },
        )
    conn.execute(
        sa.text(
            'UPDATE applications SET season_id = (SELECT seasons.id FROM seasons '
            "WHERE seasons.product = 'exam' AND seasons.year = applications.year)"
        )
    )


def _name_keys(table: str) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(f'SELECT id, name FROM {table}')).all()
    update = sa.text(f'UPDATE {table} SET name_sort = :key WHERE id = :id')
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        conn.execute(update, [{'id': row_id, 'key': sort_key(name)} for row_id, name in chunk])
