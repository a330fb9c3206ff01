"""The title platform's JSON API: its blueprints, in the order the document lists them."""

from app.titles.api import declarations, experts, onboarding, plans, transfers

BLUEPRINTS = (declarations.blp, plans.blp, onboarding.blp, transfers.blp, experts.blp)
