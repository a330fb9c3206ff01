"""Per-request values the API hands to services, read from the app config here only."""

from __future__ import annotations

from flask import current_app

from app.services.applications import Settings
from handlers import clock
from handlers.initial_passwords import InitialPasswords


def settings() -> Settings:
    return Settings.from_config(current_app.config, clock.today())


def initial_passwords() -> InitialPasswords:
    """The configured initial password of each kind of account (handlers/initial_passwords.py)."""
    return InitialPasswords.from_config(current_app.config)
