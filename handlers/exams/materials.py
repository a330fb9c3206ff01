"""Grade 1 (高级技师) review materials and 容缺后补, as seed 000 writes them: who may mark
materials deferred (1.1.1.2, 2.1.1.2, 3.1.1.3), who rechecks a confirmation (县区及以上), and
what a pass at 高级技师审核 needs ("审核人员需要上传工资表…按年度考核优秀申报，审核人员还需上传
报考人员优秀年度考核结果…这些材料可先容缺").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from handlers.exams.senior import Appraisal, evidence_years
from handlers.vocabulary import ORG_LEVELS

LEVELS = tuple(reversed(ORG_LEVELS))
"""Org levels from the bottom up."""
MARKING_LEVELS = ("unit", "supervising_unit", "county")
"""Levels whose 高级技师审核 may mark materials 容缺后补; the marking level supplies them."""
RECHECKING_LEVELS = ("county", "city", "province")
"""县区及以上 ("等待县区及以上管理员或者审核员复核"): who rechecks materials confirmed as
supplied, with 无异议, 后补复核意见 or 取消确认 (so that they can be supplied again)."""
SALARY_SHEET = "salary_sheet"
APPRAISAL_EVIDENCE = "appraisal_evidence"
SALARY_SHEET_LABEL = "最近工资审批表"


def may_mark_deferral(level: str | None) -> bool:
    return level in MARKING_LEVELS


def may_recheck(level: str | None) -> bool:
    return level in RECHECKING_LEVELS


def at_or_below(level: str, other: str) -> bool:
    """Whether ``level`` is ``other`` or a level under it (unit < supervising unit < county);
    False for anything that is not an org level."""
    if level not in LEVELS or other not in LEVELS:
        return False
    return LEVELS.index(level) <= LEVELS.index(other)


@dataclass(frozen=True)
class Material:
    """One item of the grade-1 checklist: an upload kind (and year, for appraisal evidence)."""

    kind: str
    year: int | None
    present: bool

    @property
    def label(self) -> str:
        if self.kind == SALARY_SHEET:
            return SALARY_SHEET_LABEL
        return f"{self.year}年度优秀材料"


def required_materials(
    uploaded: Iterable[tuple[str, int | None]],
    conditions: Iterable[str],
    appraisals: Iterable[Appraisal],
    exam_year: int,
) -> list[Material]:
    """The salary sheet always; evidence under every excellent year when the application
    declares the appraisal condition. ``uploaded`` is (kind, year) of every stored file,
    whoever uploaded it (applicant or reviewer)."""
    have = set(uploaded)
    items = [Material(SALARY_SHEET, None, any(kind == SALARY_SHEET for kind, _ in have))]
    if "appraisal" in conditions:
        items += [
            Material(APPRAISAL_EVIDENCE, year, (APPRAISAL_EVIDENCE, year) in have)
            for year in evidence_years(appraisals, exam_year)
        ]
    return items


@dataclass(frozen=True)
class MaterialsCheck:
    """The grade-1 checklist at one review level, and whether a 容缺后补 marked at that level
    or below stands in for what is missing."""

    items: list[Material]
    deferred_by: str | None
    level: str

    @property
    def missing(self) -> list[Material]:
        return [item for item in self.items if not item.present]

    @property
    def excused(self) -> bool:
        """Marked 容缺后补 at this level or below: the pass need not wait for the files."""
        return self.deferred_by is not None and at_or_below(self.deferred_by, self.level)

    def pass_problems(self) -> dict[str, str]:
        """What keeps this level from passing, keyed by upload kind (Chinese), or nothing."""
        if self.excused or not self.missing:
            return {}
        problems = {}
        if any(item.kind == SALARY_SHEET for item in self.missing):
            problems[SALARY_SHEET] = f"缺少{SALARY_SHEET_LABEL}"
        years = [str(item.year) for item in self.missing if item.kind == APPRAISAL_EVIDENCE]
        if years:
            problems[APPRAISAL_EVIDENCE] = f"缺少{'、'.join(years)}年度优秀材料"
        return problems

    def pass_message(self) -> str:
        """Why 通过 is refused, for the task page and the 422 answer."""
        missing = "、".join(item.label for item in self.missing)
        return f"一级申报通过前须上传{missing}，或先标记容缺后补"
