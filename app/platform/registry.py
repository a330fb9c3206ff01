"""What a product registers with the platform, and the registry that holds it.

``create_app`` makes one ``Registry``, hands it to the ``register`` function of each product
it lists (``app/__init__.py``: no discovery), and then builds the app from it: the pages and
API blueprints, the CLI commands, the menu, the template globals, the job kinds and the field
labels. Where the platform must call product behaviour (an account left its org, an org's
accounts may not work yet, what process governance needs of the subjects its instances run
for), it calls what a product registered here; it never imports a product.

Plain data and callables: a product's ``register`` reads as the list of what it adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from flask.typing import ResponseReturnValue
    from sqlalchemy import Select
    from sqlalchemy.orm import InstrumentedAttribute, Session

    from app.platform.models.orgs import Org
    from app.platform.models.users import User
    from app.platform.models.workflow import Task, WorkflowInstance
    from app.platform.services.jobs import Runner
    from workflows.step import StepResult

UserTest = Callable[["User"], bool]


def everyone(_user: User) -> bool:
    return True


@dataclass(frozen=True)
class Product:
    """A product as people meet it: who works in it, its name in the header and the page
    title (``None``: it has none of its own and shows under the account's other product, or
    the first registered one), and where its people land after login (``home``).

    ``works_in`` claims an account; ``takes_unclaimed`` takes the accounts it accepts that no
    product with a name claimed (the exam takes the staff the title platform does not)."""

    key: str
    works_in: UserTest
    name: str | None = None
    short_name: str | None = None
    home: Callable[[User], ResponseReturnValue] | None = None
    takes_unclaimed: UserTest | None = None


@dataclass(frozen=True)
class MenuContext:
    """The page the sidebar is drawn on: its endpoint, query string, path values and the
    template's variables (a task page's task)."""

    endpoint: str | None
    args: Mapping[str, str]
    view_args: Mapping[str, Any]
    page: Mapping[str, Any]

    def arg(self, name: str, default: str | None = None) -> str | None:
        return self.args.get(name, default)


@dataclass(frozen=True)
class MenuSection:
    """A group of the sidebar (``title`` is its heading, none for the 首页 line), placed by
    ``order`` among every product's sections; shown when the account works in ``product``
    (``None``: the platform's, shown to all), ``show`` allows it and an entry of it is
    shown."""

    key: str
    order: int
    title: str | None = None
    product: str | None = None
    show: UserTest = everyone


@dataclass(frozen=True)
class MenuEntry:
    """One link of a section, placed by ``order`` within it under the sub-heading
    ``heading``. ``href`` and ``active`` read the page being shown (``MenuContext``);
    ``badge`` is the count beside it (``None`` or 0: none)."""

    section: str
    order: int
    label: str
    href: Callable[[MenuContext], str]
    active: Callable[[MenuContext], bool]
    product: str | None = None
    heading: str | None = None
    show: UserTest = everyone
    badge: Callable[[User], int | None] | None = None


@dataclass(frozen=True)
class MenuEntries:
    """Entries of ``section`` that depend on the account (the review queues of its level),
    made per request when the section is shown."""

    section: str
    product: str | None
    make: Callable[[User], Iterable[MenuEntry]]


@dataclass(frozen=True)
class DemoSeed:
    """A product's demo data for ``flask seed-demo``: always, or with ``--with-<name>``
    (described by ``help``) when ``optional``. ``run`` takes the session, the app config
    and the demo password's hash (one slow hash for every demo account)."""

    name: str
    run: Callable[[Session, Mapping[str, Any], str], None]
    optional: bool = False
    help: str = ""


@dataclass(frozen=True)
class InstanceSubjects:
    """What process governance needs of the subjects the engine's instance tables
    (``workflow_instances``, ``tasks``, ``incidents``) run for, from the product that owns
    them (the exam: its applications): the main process, which subjects an account may
    see, one subject in scope, re-syncing a subject after its instance moved to another
    version, running a decision again (an incident's retry), and the cases a what-if
    simulation replays."""

    main_process: str
    in_scope: Callable[[User], Select[*tuple[Any, ...]]]
    matching: Callable[[User, Mapping[str, Any]], Select[*tuple[Any, ...]]]
    get: Callable[[Session, User, int], Any]
    by_id: Callable[[Session, Iterable[int]], dict[int, Any]]
    resync: Callable[[Session, Any, WorkflowInstance, StepResult], None]
    decide: Callable[[Session, User, Task, str, str, dict[str, Any]], None]
    simulation_cases: Callable[[Session, list[int]], list[tuple[dict[str, Any], dict[str, Any]]]]


@dataclass(frozen=True)
class AccountHooks:
    """What the platform's account and org management asks the products: what a new org
    starts as (before it is saved), whether an account's org lets it work yet (a message if
    not), why an org cannot be deleted, which columns keep what an account did (it can then
    only be deactivated), and what follows an account leaving its org's work (deactivated or
    deleted)."""

    org_created: tuple[Callable[[Org], None], ...] = ()
    gates: tuple[Callable[[User], str | None], ...] = ()
    org_in_use: tuple[Callable[[Session, Org], str | None], ...] = ()
    history: tuple[InstrumentedAttribute[Any], ...] = ()
    left: tuple[Callable[[Session, User, Org], object], ...] = ()


@dataclass
class Registry:
    """Everything the products registered, in registration order."""

    products: list[Product] = field(default_factory=list)
    pages: list[Blueprint] = field(default_factory=list)
    page_products: dict[str, str] = field(default_factory=dict)
    pages_without_personal_data: set[str] = field(default_factory=set)
    apis: list[Any] = field(default_factory=list)
    commands: list[click.Command] = field(default_factory=list)
    sections: list[MenuSection] = field(default_factory=list)
    entries: list[MenuEntry | MenuEntries] = field(default_factory=list)
    template_globals: dict[str, Any] = field(default_factory=dict)
    template_filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    job_runners: dict[str, Runner] = field(default_factory=dict)
    field_labels: dict[str, str] = field(default_factory=dict)
    demo_seeds: list[DemoSeed] = field(default_factory=list)
    accounts: AccountHooks = field(default_factory=AccountHooks)
    subjects: InstanceSubjects | None = None

    def add_pages(
        self, *blueprints: Blueprint, product: str | None = None, personal_data: bool = True
    ) -> None:
        """Page blueprints (and template-only ones) of ``product`` (``None``: the
        platform's); ``personal_data=False`` declares that none of their views shows a
        person's data (the only pages policy staff may open)."""
        self.pages += blueprints
        if product is not None:
            self.page_products |= {bp.name: product for bp in blueprints}
        if not personal_data:
            self.pages_without_personal_data |= {bp.name for bp in blueprints}

    def add_labels(self, labels: Mapping[str, str]) -> None:
        """Field labels for the messages people read; one key, one label across products."""
        clash = {k for k, v in labels.items() if self.field_labels.get(k, v) != v}
        if clash:
            raise ValueError(f"field labels registered twice with different words: {clash}")
        self.field_labels.update(labels)

    def add_account_hooks(self, hooks: AccountHooks) -> None:
        self.accounts = AccountHooks(
            self.accounts.org_created + hooks.org_created,
            self.accounts.gates + hooks.gates,
            self.accounts.org_in_use + hooks.org_in_use,
            self.accounts.history + hooks.history,
            self.accounts.left + hooks.left,
        )

    def products_of(self, user: User) -> list[Product]:
        """The products ``user`` works in, in registration order."""
        mine = [product for product in self.products if product.works_in(user)]
        if not any(product.name for product in mine):
            mine += [
                product
                for product in self.products
                if product.takes_unclaimed is not None and product.takes_unclaimed(user)
            ]
        return [product for product in self.products if product in mine]

    def landing(self, user: User) -> ResponseReturnValue:
        """Where ``user`` lands after login: the home of its first product with a name (of
        its first product, for an account only in products without one)."""
        mine = [p for p in self.products_of(user) if p.home is not None]
        home = next((p.home for p in mine if p.name), None) or mine[0].home
        assert home is not None
        return home(user)

    def product(self, key: str) -> Product:
        return next(product for product in self.products if product.key == key)

    def brand(self, mine: list[Product], page_product: str | None = None) -> Product:
        """The product whose name a page shows, of the products an account works in
        (``mine``): the page's own if it is one of them, else the first of them with a
        name, else the first registered product with one."""
        named = [p for p in mine if p.name]
        for product in named:
            if product.key == page_product:
                return product
        return (named or [p for p in self.products if p.name])[0]


def assemble(products: Iterable[Callable[[Registry], None]]) -> Registry:
    """A registry holding what each product's ``register`` adds, in the order given."""
    registry = Registry()
    for register in products:
        register(registry)
    return registry
