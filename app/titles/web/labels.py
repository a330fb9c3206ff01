"""The labels every title-platform page shows (系列, 级别, 内容板块, 状态, 审查角色, 附件类别),
given to each title blueprint's templates in one piece; a blueprint adds only its own."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers.titles.vocabulary import (
    TITLE_ATTACHMENT_KINDS,
    TITLE_LEVEL_LABELS,
    TITLE_SECTION_LABELS,
    TITLE_SERIES_LABELS,
    TITLE_STATUS_LABELS,
)
from handlers.vocabulary import TITLE_ROLE_LABELS

TITLE_LABELS: Final = MappingProxyType(
    {
        "SERIES": TITLE_SERIES_LABELS,
        "LEVELS": TITLE_LEVEL_LABELS,
        "SECTIONS": TITLE_SECTION_LABELS,
        "TITLE_STATUSES": TITLE_STATUS_LABELS,
        "ROLES": TITLE_ROLE_LABELS,
        "ATTACHMENT_KINDS": TITLE_ATTACHMENT_KINDS,
    }
)
