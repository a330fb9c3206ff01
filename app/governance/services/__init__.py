"""Process governance's use cases: plain functions taking the session, what they need of the
exam's applications (``InstanceSubjects``) and the acting user explicitly."""
