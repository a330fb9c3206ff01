"""Shape of the org tree: which level may sit under which."""

from __future__ import annotations

CHILD_LEVELS: dict[str, tuple[str, ...]] = {
    "province": ("city",),
    "city": ("county",),
    "county": ("supervising_unit", "unit"),
    "supervising_unit": ("unit",),
    "unit": (),
}


def child_level_problem(parent_level: str, child_level: str) -> str | None:
    """Why ``child_level`` cannot sit under ``parent_level`` (Chinese), or None."""
    if child_level not in CHILD_LEVELS.get(parent_level, ()):
        return "该层级不能添加在所选上级单位之下"
    return None
