"""The exam's Flask CLI command: ``flask --app wsgi import-qualified FILE`` (the 往年合格库)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.exams.services import qualified
from app.extensions import db


def _progress(done: int, total: int) -> None:
    """How far a long import has got (small files say nothing), on stderr so the report on
    stdout stays parseable."""
    if total > qualified.PROGRESS_EVERY:
        click.echo(f"已处理 {done}/{total} 行", err=True)


@click.command("import-qualified")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_qualified_command(path: Path) -> None:
    """Import the 往年合格库 from a .csv or .xlsx file; good rows are kept even when others
    are refused, and the exit code is 1 if any row was refused so scripts notice.
    """
    try:
        rows = qualified.read_rows(path)
    except qualified.QualifiedFileError as exc:
        raise click.ClickException(str(exc)) from exc
    report = qualified.import_rows(db.session(), rows, _progress)
    click.echo(
        f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，错误 {len(report.errors)} 条"
    )
    for row_number, message in report.errors:
        click.echo(f"第{row_number}行：{message}")
    if report.errors:
        raise click.exceptions.Exit(1)
