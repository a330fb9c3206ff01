"""Every model of every package in one place, for the tests, the migrations' environment and
the bench. The platform and the products import their models from where they live; nothing of
theirs imports this module (``tests/unit/test_layering.py``)."""

from app.exams.models.applications import Application, Upload
from app.exams.models.history import HistoryRegistration
from app.exams.models.qualified import QualifiedRecord
from app.exams.models.roster import StaffRosterEntry
from app.exams.models.tickets import ExamSession, Ticket, TicketCounter, TicketPrint
from app.exams.models.trades import Trade
from app.governance.models.drafts import DiagramDraft
from app.platform.models.audit import AuditEvent
from app.platform.models.cases import CaseInstance, CaseTask
from app.platform.models.deployments import Deployment
from app.platform.models.incidents import Incident
from app.platform.models.jobs import Job
from app.platform.models.orgs import Org
from app.platform.models.ratelimit import RateLimitCounter
from app.platform.models.seasons import Season
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.titles.models.declarations import (
    TitleAttachment,
    TitleDeclaration,
    TitleReviewer,
    TitleSectionReview,
)
from app.titles.models.experts import ExpertDraw, ExpertDrawMember, TitleExpert
from app.titles.models.plans import TitlePlan
from app.titles.models.transfers import TitleTransfer

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
