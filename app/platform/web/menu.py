"""The sidebar and the product a page belongs to, from what the products registered
(``app.platform.registry``): the sections of the products the account works in, in their
order, each entry once, lit when it is the page being shown; and the name in the header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from flask import g, request, url_for
from flask_login import current_user
from jinja2 import pass_context
from jinja2.runtime import Context

from app.platform.context import registry
from app.platform.models.users import User
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


def link(endpoint: str, **values: Any) -> Callable[[MenuContext], str]:
    """An ``href`` for a plain link."""
    return lambda _ctx: url_for(endpoint, **values)


def on(*endpoints: str, **args: str) -> Callable[[MenuContext], bool]:
    """An ``active`` test: the page is one of ``endpoints`` (with these query values)."""

    def test(ctx: MenuContext) -> bool:
        return ctx.endpoint in endpoints and all(ctx.arg(k) == v for k, v in args.items())

    return test


@pass_context
def sections(context: Context) -> list[ShownSection]:
    """The sidebar of the current account on the current page."""
    user, reg = me(), registry()
    # jinja2 registers Context as a Mapping at runtime (abc.Mapping.register); its types don't
    page = cast(Mapping[str, Any], context)
    ctx = MenuContext(request.endpoint, request.args, request.view_args or {}, page)
    mine = {product.key for product in products_of_me()}

    def shown(product: str | None) -> bool:
        return product is None or product in mine

    seen: set[tuple[str, str]] = set()  # (label, href): never an entry twice
    drawn = []
    for section in sorted(reg.sections, key=lambda s: s.order):
        if shown(section.product) and section.show(user):
            entries = _entries(reg.entries, section.key, user, shown)
            rows = _rows(sorted(entries, key=lambda e: e.order), user, ctx, seen)
            if rows:
                drawn.append(ShownSection(section.title, rows))
    return drawn


def _entries(
    entries: Iterable[MenuEntry | MenuEntries],
    section: str,
    user: User,
    shown: Callable[[str | None], bool],
) -> Iterator[MenuEntry]:
    """The entries of ``section`` the account may see; those made per account are made now
    (for the products shown only)."""
    for entry in entries:
        if entry.section != section:
            continue
        if isinstance(entry, MenuEntries):
            if shown(entry.product):
                yield from (e for e in entry.make(user) if e.show(user))
        elif shown(entry.product) and entry.show(user):
            yield entry


def _rows(
    entries: list[MenuEntry], user: User, ctx: MenuContext, seen: set[tuple[str, str]]
) -> list[Shown]:
    """The entries as drawn, each sub-heading once before the first entry under it."""
    rows = []
    heading = None
    for entry in entries:
        href = entry.href(ctx)
        if (entry.label, href) in seen:
            continue
        seen.add((entry.label, href))
        count = entry.badge(user) if entry.badge is not None else None
        rows.append(
            Shown(
                entry.label,
                href,
                entry.active(ctx),
                count,
                entry.heading if entry.heading != heading else None,
            )
        )
        heading = entry.heading
    return rows


def products_of_me() -> list[Product]:
    """The products the current account works in, read once per request."""
    if "products" not in g:
        g.products = registry().products_of(me())
    products: list[Product] = g.products
    return products


def brand() -> Product:
    """The product whose name the page shows: the page's product if the account works in
    it, else the account's own (the login page: the first registered product's)."""
    reg: Registry = registry()
    page = reg.page_products.get(request.blueprint or "")
    mine = products_of_me() if current_user.is_authenticated else []
    return reg.brand(mine, page)
