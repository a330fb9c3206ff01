"""The platform's tables: orgs and accounts, the audit chain, the engine's definitions,
instances and task rows (of both bridges), deployments, incidents, seasons, jobs and the rate
limit counters. Importing the package maps them all.
"""

from app.platform.models import (  # noqa: F401
    audit,
    base,
    cases,
    deployments,
    incidents,
    jobs,
    orgs,
    ratelimit,
    seasons,
    users,
    workflow,
)
