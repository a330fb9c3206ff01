"""The sidebar and the product a page belongs to, from what the products registered
(``app.platform.registry``): the sections of the products the account works in, in their
order, each entry once, lit when it is the page being shown; and the name in the header.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import g, request, url_for
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from app.platform.api.context import registry
from app.platform.registry import MenuContext, MenuEntries, MenuEntry, Product, Registry
from app.platform.web.common import me


@dataclass(frozen=True)
class Shown:
    """An entry as the sidebar draws it, with the sub-heading to draw before it (if any)."""

    label: str
    href: str
    active: bool
    count: int | None
    heading: str | None


@dataclass(frozen=True)
class ShownSection:
    title: str | None
    entries: list[Shown]


def link(endpoint: str, **values: Any) -> Any:
    """An ``href`` for a plain link."""
    return lambda _ctx: url_for(endpoint, **values)


def on(*endpoints: str, **args: str) -> Any:
    """An ``active`` test: the page is one of ``endpoints`` (with these query values)."""

    def test(ctx: MenuContext) -> bool:
        return ctx.endpoint in endpoints and all(ctx.arg(k) == v for k, v in args.items())

    return test


@pass_context
def sections(context: Context) -> list[ShownSection]:
    """The sidebar of the current account on the current page."""
    user, reg = me(), registry()
    ctx = MenuContext(request.endpoint, request.args, request.view_args or {}, context)
    mine = {product.key for product in products_of_me()}

    def shown(product: str | None) -> bool:
        return product is None or product in mine

    seen: set[tuple[str, str]] = set()
    drawn = []
    for section in sorted(reg.sections, key=lambda s: s.order):
        if not shown(section.product) or not section.show(user):
            continue
        rows = []
        heading = None
        own = _entries(reg.entries, section.key, user, shown)
        for entry in sorted(own, key=lambda e: e.order):
            if not shown(entry.product) or not entry.show(user):
                continue
            href = entry.href(ctx)
            if (entry.label, href) in seen:  # never an entry twice
                continue
            seen.add((entry.label, href))
            count = entry.badge(user) if entry.badge is not None else None
            new_heading = entry.heading if entry.heading != heading else None
            heading = entry.heading
            rows.append(Shown(entry.label, href, entry.active(ctx), count, new_heading))
        if rows:
            drawn.append(ShownSection(section.title, rows))
    return drawn


def _entries(
    entries: Iterable[MenuEntry | MenuEntries], section: str, user: Any, shown: Any
) -> Iterable[MenuEntry]:
    """The entries of ``section``, those made per account made now (for products shown)."""
    for entry in entries:
        if entry.section != section:
            continue
        if isinstance(entry, MenuEntry):
            yield entry
        elif shown(entry.product):
            yield from entry.make(user)


def products_of_me() -> list[Product]:
    """The products the current account works in, read once per request."""
    if "products" not in g:
        g.products = registry().products_of(me())
    return g.products


def brand() -> Product:
    """The product whose name the page shows: the page's product if the account works in
    it, else the account's own (the login page: the first registered product's)."""
    reg: Registry = registry()
    page = reg.page_products.get(request.blueprint or "")
    mine = products_of_me() if current_user.is_authenticated else []
    return reg.brand(mine, page)
