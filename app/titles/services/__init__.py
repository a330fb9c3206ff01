"""The title platform's use cases: plain functions taking the session (and the acting user)
explicitly."""
