"""The platform's request and response schemas, field types and field labels."""
