"""Pure rules of 申报计划 (seed 004, 三、申报计划): which orgs approve a plan and whether a
declaration still fits in the approved plans of its unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def approval_chain(ancestors: Sequence[int]) -> list[int]:
    """Org ids that approve a plan, from its unit up to the root (the province) inclusive.
    Every level above the unit approves, whatever the series: the seed has the plan climb
    经办人 then 负责人 at each superior org "逐级上报" to the top, and no org below the
    province may close a plan the provincial statistics count."""
    if not ancestors:
        raise ValueError("an approval chain needs the plan's org")
    return list(ancestors)


def quota_problem(planned: int | None, used: int, level_label: str) -> str | None:
    """Why one more declaration of a level does not fit (Chinese), or None when it does.
    ``planned`` is the sum of the approved plans' count for the level, None when the unit has
    no approved plan at all for the year and series."""
    if planned is None:
        return "超计划申报：本单位本年度该系列无已通过的申报计划"
    if used >= planned:
        return (
            f"超计划申报：本单位本年度该系列{level_label}申报计划{planned}人，"
            f"已提交{used}人，名额已满"
        )
    return None


def subtree_sums(own: Mapping[str, Mapping[str, int]], node_path: str) -> dict[str, dict[str, int]]:
    """Each org's plans summed with those of every org below it, for the orgs from the node
    (``node_path``) down that have a plan at or below them. ``own`` maps an org's path
    ("/410000/410100/") to its own counts per level; the answer is keyed by path too."""
    sums: dict[str, dict[str, int]] = {}
    for path, counts in own.items():
        codes = [code for code in path.split("/") if code]
        for depth in range(1, len(codes) + 1):
            ancestor = "/" + "/".join(codes[:depth]) + "/"
            if not ancestor.startswith(node_path):
                continue
            into = sums.setdefault(ancestor, {})
            for level, count in counts.items():
                into[level] = into.get(level, 0) + count
    return sums
