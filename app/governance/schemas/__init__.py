"""Process governance's request and response schemas, one module per subject."""
