"""An applicant's registration for one exam season, and its uploaded files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import Model
from app.platform.models.audit import AuditEvent
from app.platform.models.base import JSONType, one_per_owner, utcnow, vacuum_often
from app.platform.models.orgs import Org
from app.platform.models.seasons import Season
from app.platform.models.users import User
from handlers import clock
from handlers.exams.applicant import years_worked
from handlers.exams.vocabulary import STATUS_LABELS, Status
from handlers.names import sort_key

UPLOAD_KINDS = {
    "id_photo": "身份证照片",
    "id_photo_stamped": "身份证照片（已添加身份证号）",  # made by reviewers, never uploaded
    "photo": "个人照片",
    "education_cert": "学历证书",
    "grade_cert": "岗位等级证书",
    "salary_sheet": "最近工资审批表",
    "appraisal_evidence": "优秀年度考核材料",
    "exceptional_evidence": "破格申报证明材料",
    "commitment_letter": "单位盖章承诺书",
    "deferred_material": "容缺后补材料",
    "other": "其他材料",
}
APPLICANT_UPLOAD_KINDS = (
    "id_photo",
    "photo",
    "education_cert",
    "grade_cert",
    "salary_sheet",
    "appraisal_evidence",
    "exceptional_evidence",
    "other",
)
REVIEWER_UPLOAD_KINDS = (
    "commitment_letter",
    "deferred_material",
    "salary_sheet",
    "appraisal_evidence",
    "exceptional_evidence",
)
VIEW_ID_NUMBER = "view_id_number"
"""An event the trail keeps and the history hides: someone was shown the full ID number."""
SINGLE_FILE_KINDS = ("id_photo", "photo", "id_photo_stamped")
"""Kinds an application holds one file of: a new one replaces the previous (enforced by an
index); the other kinds accumulate."""


def name_sort_default(context: DefaultExecutionContext) -> str:
    """``name_sort`` of a row inserted without the ORM (bulk loads): from its ``name``."""
    return sort_key(context.get_current_parameters().get("name") or "")


class Application(Model):
    """The form of the seed's 报名信息审核 screen plus where the review stands.

    ``status``, ``waiting_org_id`` and ``waiting_task`` are denormalised from the workflow in
    the same transaction as each step, so lists never deserialize workflows. ``year`` is the
    season's year, copied when the application is created (the appraisal table and ticket
    numbers read it); ``name_sort`` is the name's pinyin key, set with the name.
    """

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("applicant_id", "season_id"),
        # Every list is one season's: the season follows the org in the subtree indexes.
        Index("ix_applications_org_season_status", "org_id", "season_id", "status"),
        # A subtree's applications of a season newest first (报名信息查询): per org and
        # season, already in id order.
        Index("ix_applications_org_season_id", "org_id", "season_id", "id"),
        # 报名信息查询's q= (a substring of the name or ID number) on PostgreSQL: trigram
        # GIN indexes, so a search reads the matching rows, not the subtree's (pg_trgm is
        # created before the table, see below; SQLite keeps its scan).
        *(
            Index(
                f"ix_applications_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            ).ddl_if(dialect="postgresql")
            for column in ("name", "id_number")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    season_id: Mapped[int] = mapped_column(ForeignKey("seasons.id"))
    year: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="draft")
    name: Mapped[str] = mapped_column(String(64), index=True)
    name_sort: Mapped[str] = mapped_column(
        String(255), default=name_sort_default, server_default="", index=True
    )
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    gender: Mapped[str | None] = mapped_column(String(8))
    phone: Mapped[str | None] = mapped_column(String(20))
    birth_month: Mapped[str | None] = mapped_column(String(7))
    education: Mapped[str | None] = mapped_column(String(16))
    work_start: Mapped[str | None] = mapped_column(String(7))
    current_grade: Mapped[int | None]
    current_trade: Mapped[str | None] = mapped_column(String(64))
    current_grade_year: Mapped[int | None]
    declared_trade: Mapped[str | None] = mapped_column(String(64), index=True)
    declared_grade: Mapped[int | None] = mapped_column(index=True)
    prohibited: Mapped[bool | None]
    by_certificate: Mapped[bool] = mapped_column(default=True)
    qualifying_conditions: Mapped[list[str] | None] = mapped_column(JSONType)
    appraisals: Mapped[list[dict] | None] = mapped_column(JSONType)
    exceptional: Mapped[bool] = mapped_column(default=False)
    exceptional_reason: Mapped[str | None] = mapped_column(Text)
    declared_by_county: Mapped[bool] = mapped_column(default=False)
    onsite_approved: Mapped[bool] = mapped_column(default=False)
    exceptional_approved: Mapped[bool] = mapped_column(default=False)
    deferred: Mapped[bool] = mapped_column(default=False)
    deferred_remark: Mapped[str | None] = mapped_column(Text)
    return_reason: Mapped[str | None] = mapped_column(Text)
    waiting_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    waiting_task: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    applicant: Mapped[User] = relationship()
    season: Mapped[Season] = relationship()
    org: Mapped[Org] = relationship(foreign_keys=[org_id], lazy="joined")
    waiting_org: Mapped[Org | None] = relationship(foreign_keys=[waiting_org_id])
    # 操作历史: what was done to the application. Views of its full ID number stay on its
    # audit chain (and in the exported trail) without crowding the reviewers' history.
    events: Mapped[list[AuditEvent]] = relationship(
        primaryjoin=f"and_(Application.id == AuditEvent.application_id, "
        f"AuditEvent.action != '{VIEW_ID_NUMBER}')",
        order_by="AuditEvent.seq",
        viewonly=True,
    )
    uploads: Mapped[list[Upload]] = relationship(
        back_populates="application", order_by="Upload.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("name")
    def _keep_name_sort(self, _key: str, name: str) -> str:
        self.name_sort = sort_key(name)
        return name

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def years_worked(self) -> int | None:
        """工作年限, derived from the work start month, never entered."""
        return years_worked(self.work_start, clock.today()) if self.work_start else None

    @property
    def editable(self) -> bool:
        """The applicant may change the form only before submission or after a return."""
        return self.status in (Status.DRAFT, Status.RETURNED)


# The trigram indexes need pg_trgm: create_all (tests, the bench seeds) creates it first, as
# migration e7b2d4a9c1f3 does.
event.listen(
    Application.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
vacuum_often(Application.__table__)  # every step updates its application


class Upload(Model):
    """A stored file. ``stored_name`` is ours (random); the client's name is display only."""

    __tablename__ = "uploads"
    __table_args__ = (
        one_per_owner(
            "uq_uploads_single_kind", ["application_id", "kind"], "kind", SINGLE_FILE_KINDS
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    year: Mapped[int | None]
    original_name: Mapped[str] = mapped_column(String(120))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="uploads")

    @property
    def kind_label(self) -> str:
        return UPLOAD_KINDS[self.kind]
