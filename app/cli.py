"""Flask CLI commands: ``flask --app wsgi seed-demo`` and ``sync-definitions``."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask, current_app

from app.extensions import db
from app.services import demo, engine
from app.services.applications import Settings


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(sync_definitions_command)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo org tree, admins (password Demo@2026) and sample applications."""
    config = current_app.config
    settings = Settings.from_config(config, date.today())
    demo.seed_demo(db.session, settings, config["UPLOAD_DIR"], config["MAX_UPLOAD_BYTES"])
    click.echo("demo data ready: log in as 410181 / Demo@2026 (巩义市)")


@click.command("sync-definitions")
def sync_definitions_command() -> None:
    """Register the current version of every diagram in bpmn/."""
    rows = engine.sync_definitions(db.session, current_app.config["BPMN_DIR"])
    db.session.commit()
    for row in rows:
        click.echo(f"{row.process_id} {row.version[:12]} {row.name}")
