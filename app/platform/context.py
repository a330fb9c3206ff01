"""Per-request values the views hand to services, read from the app here only: the registry
of what the products added, the initial passwords and the first season's year."""

from __future__ import annotations

from flask import current_app

from app.platform.registry import Registry
from app.platform.services import seasons
from handlers import clock
from handlers.initial_passwords import InitialPasswords


def registry() -> Registry:
    """What the products registered with this app (``app.platform.registry``)."""
    registered: Registry = current_app.extensions["registry"]
    return registered


def exam_first_year() -> int:
    """The year the first season gets (EXAM_YEAR, else this year)."""
    return seasons.first_year(current_app.config, clock.today())


def initial_passwords() -> InitialPasswords:
    """The configured initial password of each kind of account (handlers/initial_passwords.py)."""
    return InitialPasswords.from_config(current_app.config)
