"""The platform's Flask CLI commands: ``flask --app wsgi seed-demo`` (each product's demo
data, as registered), ``sync-definitions``, ``export-definitions``, ``audit-verify``, and the
background job worker ``jobs-worker`` (``jobs-run-once`` runs what is queued and exits); the
products' own commands come from the registry (the exam's ``import-qualified``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from werkzeug.local import LocalProxy

from app.extensions import db
from app.platform.registry import DemoSeed, Registry
from app.platform.services import deployments, engine, jobs, trail
from app.platform.services.demo import demo_password_hash
from app.platform.services.errors import NotFound
from app.platform.services.transaction import committing
from handlers.audit_chain import application_chain
from workflows.definitions import DefinitionError


def init_app(app: Flask, registry: Registry) -> None:
    app.cli.add_command(seed_demo_command(registry.demo_seeds))
    app.cli.add_command(sync_definitions_command)
    app.cli.add_command(export_definitions_command)
    for command in registry.commands:
        app.cli.add_command(command)
    app.cli.add_command(audit_verify_command)
    app.cli.add_command(jobs_worker_command)
    app.cli.add_command(jobs_run_once_command)


def seed_demo_command(seeds: list[DemoSeed]) -> click.Command:
    """``seed-demo``: every product's demo data that is always seeded, and with
    ``--with-<name>`` each optional one (``--with-titles``: the title platform's)."""

    def seed_demo(**chosen: bool) -> None:
        """Create the demo org tree, admins (password Demo@2026) and sample applications."""
        for seed in seeds:
            if not seed.optional or chosen[f"with_{seed.name}"]:
                seed.run(db.session(), current_app.config, demo_password_hash())
        click.echo("demo data ready: log in as 410181 / Demo@2026 (巩义市)")

    command = click.command("seed-demo")(seed_demo)
    for seed in seeds:
        if seed.optional:
            command = click.option(f"--with-{seed.name}", is_flag=True, help=seed.help)(command)
    return command


@click.command("sync-definitions")
@click.option("--note", default=None, help="change note of the deployment this creates")
@with_appcontext
def sync_definitions_command(note: str | None) -> None:
    """Deploy bpmn/ as a new deployment when it differs from the latest one (deployment #1
    on a fresh install). All or nothing: a diagram the sandbox or the parser refuses is named
    and nothing is deployed."""
    try:
        with committing(db.session()):
            rows = engine.sync_definitions(db.session(), current_app.config["BPMN_DIR"], note)
            deployment = deployments.get(db.session())
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
        deployment = deployments.get(db.session(), number)
    except NotFound as exc:
        raise click.ClickException(exc.message) from exc
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(deployment.sources.items()):
        (directory / name).write_text(text, encoding="utf-8")
    click.echo(f"deployment {deployment.number}: {len(deployment.sources)} files -> {directory}")


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
        result = trail.verify(db.session(), chain)
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
    requeued = jobs.requeue_stale(db.session(), job_config.stale_seconds)
    click.echo(f"jobs worker started ({requeued} stale job(s) queued again)")
    # the app itself, not the context-bound proxy: tick() runs in the scheduler's thread
    app = cast("LocalProxy[Flask]", current_app)._get_current_object()

    def tick() -> None:
        with app.app_context():
            try:
                jobs.run_pending(db.session(), job_config)
            finally:
                db.session.remove()

    scheduler = BlockingScheduler()
    scheduler.add_job(
        tick,
        "interval",
        seconds=config["JOB_POLL_SECONDS"],
        max_instances=1,
        coalesce=True,
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
    ran = jobs.run_pending(db.session(), jobs.JobConfig.from_config(current_app.config))
    click.echo(f"{ran} job(s) run")
