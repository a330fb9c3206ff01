"""Per-request values the API hands to services, read from the app config here only."""

from __future__ import annotations

from flask import current_app

from app.services.applications import Settings
from handlers import clock


def settings() -> Settings:
    return Settings.from_config(current_app.config, clock.today())
