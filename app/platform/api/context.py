"""Per-request values the API hands to services, read from the app config here only."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.services import seasons
from app.services.applications import Settings, first_year
from handlers import clock
from handlers.initial_passwords import InitialPasswords


def settings() -> Settings:
    """The applicant use cases' settings, with the current exam season's year."""
    config, today = current_app.config, clock.today()
    year = seasons.current_year(db.session, seasons.EXAM, first_year(config, today))
    return Settings(config["BPMN_DIR"], year, today)


def exam_first_year() -> int:
    """The year the first exam season gets (EXAM_YEAR, else this year)."""
    return first_year(current_app.config, clock.today())


def initial_passwords() -> InitialPasswords:
    """The configured initial password of each kind of account (handlers/initial_passwords.py)."""
    return InitialPasswords.from_config(current_app.config)
