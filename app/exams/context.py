"""Per-request values the exam's views hand to its services, read from the app config here
only."""

from __future__ import annotations

from flask import current_app

from app.exams.services.applications import Settings
from app.extensions import db
from app.platform.services import seasons
from handlers import clock


def settings() -> Settings:
    """The applicant use cases' settings, with the current exam season's year."""
    config, today = current_app.config, clock.today()
    year = seasons.current_year(db.session(), seasons.EXAM, seasons.first_year(config, today))
    return Settings(config["BPMN_DIR"], year, today)
