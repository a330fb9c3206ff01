"""SpiffWorkflow integration: definitions, serializer, restricted scripting and the step.

No Flask and no database session below this package; see README.md.
"""
