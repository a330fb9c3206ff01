"""Pure business rules: functions of (data, config) -> decision.

Nothing here imports Flask, SQLAlchemy, SpiffWorkflow or anything from ``workflows`` or
``app``; see README.md in this folder.
"""
