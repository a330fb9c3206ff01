"""Flask CLI commands: ``flask --app wsgi seed-demo``, ``sync-definitions``,
``export-definitions``, ``import-qualified``, ``audit-verify``, and the background job
worker ``jobs-worker`` (``jobs-run-once`` runs what is queued and exits)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.services import demo, deployments, engine, jobs, qualified, title_demo, trail
from app.services.applications import Settings
from app.services.errors import NotFound
from app.services.transaction import committing
from app.services.uploads import FileStore
from handlers import clock
from handlers.audit_chain import application_chain
from workflows.definitions import DefinitionError


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(sync_definitions_command)
    app.cli.add_command(export_definitions_command)
    app.cli.add_command(import_qualified_command)
    app.cli.add_command(audit_verify_command)
    app.cli.add_command(jobs_worker_command)
    app.cli.add_command(jobs_run_once_command)


@click.command("seed-demo")
@click.option(
    "--with-titles",
    is_flag=True,
    help="also the title platform's demo: handlers, leaders and a waiting declaration",
)
def seed_demo_command(with_titles: bool) -> None:
    """Create the demo org tree, admins (password Demo@2026) and sample applications."""
    config = current_app.config
    settings = Settings.from_config(config, clock.today())
    demo.seed_demo(db.session, settings, FileStore.from_config(config))
    if with_titles:
        title_demo.seed_title_demo(db.session, demo.demo_password_hash(), settings.bpmn_dir)
    click.echo("demo data ready: log in as 410181 / Demo@2026 (巩义市)")


@click.command("sync-definitions")
@click.option("--note", default=None, help="change note of the deployment this creates")
@with_appcontext
def sync_definitions_command(note: str | None) -> None:
    """Deploy bpmn/ as a new deployment when it differs from the latest one (deployment #1
    on a fresh install). All or nothing: a diagram the sandbox or the parser refuses is named
    and nothing is deployed."""
    try:
        with committing(db.session):
            rows = engine.sync_definitions(db.session, current_app.config["BPMN_DIR"], note)
            deployment = deployments.get(db.session)
    except DefinitionError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"deployment {deployment.number}: {deployment.note}")
    for row in rows:
        click.echo(f"{row.process_id} v{row.number} {row.version[:12]} {row.name}")


@click.command("export-definitions")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--deployment", "number", type=int, default=None, help="deployment number")
@with_appcontext
def export_definitions_command(directory: Path, number: int | None) -> None:
    """Write the files of the latest deployment (or ``--deployment N``) into DIRECTORY, so
    the deployed library can be kept in git."""
    try:
        deployment = deployments.get(db.session, number)
    except NotFound as exc:
        raise click.ClickException(exc.message) from exc
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(deployment.sources.items()):
        (directory / name).write_text(text, encoding="utf-8")
    click.echo(f"deployment {deployment.number}: {len(deployment.sources)} files -> {directory}")


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
    report = qualified.import_rows(db.session, rows, _progress)
    click.echo(
        f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，错误 {len(report.errors)} 条"
    )
    for row_number, message in report.errors:
        click.echo(f"第{row_number}行：{message}")
    if report.errors:
        raise click.exceptions.Exit(1)


@click.command("audit-verify")
@click.option("--application", "application_id", type=int, help="Only this application's chain.")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Verify an exported trail (JSON) instead of the database.",
)
@with_appcontext
def audit_verify_command(application_id: int | None, path: Path | None) -> None:
    """Recompute every audit chain (or one application's, or an exported file's); exit 1
    naming the first record whose hash or link does not verify."""
    if path is not None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            result = trail.verify_document(document)
        except (ValueError, KeyError, TypeError) as exc:
            raise click.ClickException(f"not an exported audit trail: {exc}") from exc
    else:
        chain = application_chain(application_id) if application_id is not None else None
        result = trail.verify(db.session, chain)
    for line in trail.describe(result):
        click.echo(line)
    if result.broken is not None:
        raise click.exceptions.Exit(1)


@click.command("jobs-worker")
@with_appcontext
def jobs_worker_command() -> None:
    """Run queued background jobs until stopped: jobs left running by a stopped worker are
    queued again, then an APScheduler interval job claims and runs the queue every
    JOB_POLL_SECONDS. Safe beside other workers on PostgreSQL (SKIP LOCKED); one on SQLite."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    config = current_app.config
    job_config = jobs.JobConfig.from_config(config)
    requeued = jobs.requeue_stale(db.session, job_config.stale_seconds)
    click.echo(f"jobs worker started ({requeued} stale job(s) queued again)")
    app = current_app._get_current_object()

    def tick() -> None:
        with app.app_context():
            try:
                jobs.run_pending(db.session, job_config)
            finally:
                db.session.remove()

    scheduler = BlockingScheduler()
    scheduler.add_job(
        tick, "interval", seconds=config["JOB_POLL_SECONDS"], max_instances=1, coalesce=True,
        next_run_time=datetime.now(UTC),
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("jobs worker stopped")


@click.command("jobs-run-once")
@with_appcontext
def jobs_run_once_command() -> None:
    """Run every queued background job now and exit (cron, tests, or a stuck queue)."""
    ran = jobs.run_pending(db.session, jobs.JobConfig.from_config(current_app.config))
    click.echo(f"{ran} job(s) run")
