"""SQLAlchemy models, one module per aggregate."""

from app.models.applications import Application, Upload
from app.models.audit import AuditEvent
from app.models.cases import CaseInstance, CaseTask
from app.models.experts import ExpertDraw, ExpertDrawMember, TitleExpert
from app.models.governance import Deployment, DiagramDraft
from app.models.history import HistoryRegistration
from app.models.incidents import Incident
from app.models.jobs import Job
from app.models.orgs import Org
from app.models.qualified import QualifiedRecord
from app.models.ratelimit import RateLimitCounter
from app.models.roster import StaffRosterEntry
from app.models.seasons import Season
from app.models.tickets import ExamSession, Ticket, TicketCounter, TicketPrint
from app.models.title_plans import TitlePlan
from app.models.titles import (
    TitleAttachment,
    TitleDeclaration,
    TitleReviewer,
    TitleSectionReview,
)
from app.models.trades import Trade
from app.models.transfers import TitleTransfer
from app.models.users import User
from app.models.workflow import ProcessDefinition, Task, WorkflowInstance

__all__ = [
    "Application",
    "AuditEvent",
    "CaseInstance",
    "CaseTask",
    "Deployment",
    "DiagramDraft",
    "ExamSession",
    "ExpertDraw",
    "ExpertDrawMember",
    "HistoryRegistration",
    "Incident",
    "Job",
    "Org",
    "ProcessDefinition",
    "QualifiedRecord",
    "RateLimitCounter",
    "Season",
    "StaffRosterEntry",
    "Task",
    "Ticket",
    "TicketCounter",
    "TicketPrint",
    "TitleAttachment",
    "TitleDeclaration",
    "TitleExpert",
    "TitlePlan",
    "TitleReviewer",
    "TitleSectionReview",
    "TitleTransfer",
    "Trade",
    "Upload",
    "User",
    "WorkflowInstance",
]
