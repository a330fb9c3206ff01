"""SQLAlchemy models, one module per aggregate."""

from app.models.applications import Application, Upload
from app.models.audit import AuditEvent
from app.models.governance import Deployment, DiagramDraft
from app.models.orgs import Org
from app.models.qualified import QualifiedRecord
from app.models.ratelimit import RateLimitCounter
from app.models.tickets import ExamSession, Ticket, TicketCounter, TicketPrint
from app.models.users import User
from app.models.workflow import ProcessDefinition, Task, WorkflowInstance

__all__ = [
    "Application",
    "AuditEvent",
    "Deployment",
    "DiagramDraft",
    "ExamSession",
    "Org",
    "ProcessDefinition",
    "QualifiedRecord",
    "RateLimitCounter",
    "Task",
    "Ticket",
    "TicketCounter",
    "TicketPrint",
    "Upload",
    "User",
    "WorkflowInstance",
]
