"""Process governance's JSON API: its blueprints, in the order the document lists them."""

from app.governance.api import definitions, incidents, instances

BLUEPRINTS = (instances.blp, definitions.blp, incidents.blp)
