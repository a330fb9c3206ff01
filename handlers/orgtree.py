"""Shape of the org tree: which level may sit under which, and what a placement makes of an
org (seed 004's 省、市、县区（直管县）和省直主管部门).

Besides the plain chain province > city > county > supervising unit > unit, the seed's tree
has orgs that skip a level: a county directly under the province (直管县, e.g. 巩义市), a
supervising department directly under the province (省直主管部门) or a city (市直主管部门),
and units directly under a city (市直单位). Their level stays what they are (a 直管县 is a
county); what they skip is taken by the org above (``handlers.routing``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers.vocabulary import LEVEL_LABELS

CHILD_LEVELS: Final = MappingProxyType(
    {
        "province": ("city", "county", "supervising_unit"),
        "city": ("county", "supervising_unit", "unit"),
        "county": ("supervising_unit", "unit"),
        "supervising_unit": ("unit",),
        "unit": (),
    }
)

# (level, parent's level) -> what the seed calls such an org; any other placement reads as
# its level's label.
KIND_LABELS: Final = MappingProxyType(
    {
        ("county", "province"): "直管县",
        ("supervising_unit", "province"): "省直主管部门",
        ("supervising_unit", "city"): "市直主管部门",
        ("unit", "city"): "市直单位",
    }
)


def child_level_problem(parent_level: str, child_level: str) -> str | None:
    """Why ``child_level`` cannot sit under ``parent_level`` (Chinese), or None."""
    if child_level not in CHILD_LEVELS.get(parent_level, ()):
        return "该层级不能添加在所选上级单位之下"
    return None


def kind_label(level: str, parent_level: str | None) -> str:
    """What an org of ``level`` under an org of ``parent_level`` is called: 直管县, 省直主管部门,
    市直主管部门, 市直单位, or its level's label."""
    return KIND_LABELS.get((level, parent_level or ""), LEVEL_LABELS.get(level, level))
