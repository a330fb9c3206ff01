"""Per-request values the API hands to services, read from the app config here only."""

from __future__ import annotations

from datetime import date

from flask import current_app

from app.services.applications import Settings


def settings() -> Settings:
    return Settings.from_config(current_app.config, date.today())
