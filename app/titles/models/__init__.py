"""The title platform's tables: declarations with their reviewers' roles, attachments and
section reviews, plans, experts and their draws, transfers. Importing the package maps them all.
"""

from app.titles.models import declarations, experts, plans, transfers  # noqa: F401
