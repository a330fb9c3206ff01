"""The exam's request and response schemas, one module per subject (marshmallow; the API and
the pages load the same ones)."""
