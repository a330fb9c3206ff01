"""Domain errors raised by services; the API and the web views map them to HTTP answers."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base class: ``code`` names the error for clients, ``status`` the HTTP status."""

    code = "error"
    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Invalid(ServiceError):
    """Input that is well-formed but not acceptable; ``fields`` says which and why."""

    code = "validation_error"
    status = 422


class NotFound(ServiceError):
    """Missing, or outside the caller's org scope: the two look the same on purpose."""

    code = "not_found"
    status = 404


class Forbidden(ServiceError):
    """The caller's role may not do this."""

    code = "forbidden"
    status = 403


class Conflict(ServiceError):
    """The thing changed under the caller (task already completed, stale version)."""

    code = "conflict"
    status = 409


class WorkflowFailed(ServiceError):
    """The review process could not take this step: a diagram element failed (a script went
    over its budget or raised, no condition held), a task lands in a lane the applicant's org
    chain lacks, or the diagram cannot be loaded. The message names the element.
    """

    code = "workflow_error"
    status = 422

    def __init__(
        self,
        message: str,
        fields: dict[str, str] | None = None,
        *,
        element_id: str = "",
        element_name: str = "",
    ) -> None:
        super().__init__(message, fields)
        self.element_id, self.element_name = element_id, element_name
        self.incident: Any = None
        """What to record once the failed command has rolled back (``committing`` calls its
        ``record(session)``): set by the engine bridge when the failure stops an instance."""


class AuthFailed(ServiceError):
    code = "unauthorized"
    status = 401


class PasswordChangeRequired(Forbidden):
    """The account must replace its initial or reset password before doing anything else."""

    code = "password_change_required"


class OrgNotApproved(Forbidden):
    """The account's org has not had its information approved by its superior yet: only
    onboarding and the password change are open (单位信息维护)."""

    code = "org_not_approved"


class LoginThrottled(ServiceError):
    """Too many failed logins for this account name or from this address; ``retry_after``
    says in how many seconds the window ends.
    """

    code = "too_many_requests"
    status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = -(-retry_after // 60)
        super().__init__(f"登录失败次数过多，请{minutes}分钟后再试")
        self.retry_after = retry_after


class Unavailable(ServiceError):
    """Something the server needs for this answer is missing (e.g. the PDF font)."""

    code = "unavailable"
    status = 503
