"""Pages of a list: the total and one page of rows of any query, in two statements (the
exam's filtered lists over applications are ``app.exams.services.listing``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(session: Session, query: Select[*tuple[Any, ...]], filters: dict[str, Any]) -> Page:
    count, rows = page_statements(query, filters)
    total = session.scalar(count)
    items = list(session.scalars(rows).unique())
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    return Page(items, total or 0, page, per_page)


def page_statements(
    query: Select[*tuple[Any, ...]], filters: dict[str, Any]
) -> tuple[Select[int], Select[*tuple[Any, ...]]]:
    """The two statements a page of ``query`` runs: its total and its rows (the query plan
    test explains exactly these)."""
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    count = select(func.count()).select_from(query.order_by(None).options().subquery())
    return count, query.limit(per_page).offset((page - 1) * per_page)
