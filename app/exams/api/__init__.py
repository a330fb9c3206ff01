"""The exam's JSON API: its blueprints, in the order the document lists them (its operations
on the platform's ``api_auth`` and ``api_admin`` come with those)."""

from app.exams.api import (
    applications,
    casework,
    history,
    qualified,
    registration,  # noqa: F401  (POST /api/applicants/register, on the platform's api_auth)
    statistics,
    supplementary,  # noqa: F401  (补报, on the platform's api_admin)
    tasks,
    tickets,
    trades,
)

BLUEPRINTS = (
    applications.blp,
    tasks.blp,
    casework.blp,
    trades.blp,
    qualified.blp,
    history.blp,
    tickets.blp,
    statistics.blp,
)
