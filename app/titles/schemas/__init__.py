"""The title platform's request and response schemas, one module per subject."""
