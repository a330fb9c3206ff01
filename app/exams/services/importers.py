"""The exam's four spreadsheet imports (往年合格库, 历史报名数据, 工种目录, 应考人员名单), each an
``Importer`` of the platform's one import path (``app.platform.services.imports``): who may run
it, how its file is read and checked, and the import itself. ``RUNNERS`` is what the exam
registers with the job queue for them."""

from __future__ import annotations

from app.exams.services import history, qualified, staff_roster, trades
from app.platform.services.errors import Invalid
from app.platform.services.imports import Importer, Table, runner, spreadsheet_reader
from app.platform.services.jobs import Runner


def _qualified_header(table: Table) -> None:
    try:
        qualified.rows_of_table(table[:1])
    except qualified.QualifiedFileError as exc:
        raise Invalid(str(exc), {"file": str(exc)}) from exc


QUALIFIED = Importer(
    "import_qualified",
    qualified.require_importer,
    spreadsheet_reader(_qualified_header),
    lambda session, user, table, params, progress: qualified.import_upload(
        session, user, qualified.rows_of_table(table), progress
    ),
)


HISTORY = Importer(
    "import_history",
    history.require_importer,
    spreadsheet_reader(history.check_header),
    lambda session, user, table, params, progress: history.import_table(
        session, user, table, progress
    ),
)


TRADES = Importer(
    "import_trades",
    trades.require_keeper,
    spreadsheet_reader(trades.check_header),
    lambda session, user, table, params, progress: trades.import_trades(
        session, user, table, progress
    ),
)


STAFF_ROSTER = Importer(
    "import_staff_roster",
    staff_roster.require_roster_importer,
    lambda data, filename: staff_roster.roster_table(data, filename),
    lambda session, user, table, params, progress: staff_roster.import_roster_table(
        session, user, params["year"], table, progress
    ),
)


IMPORTERS = {importer.kind: importer for importer in (QUALIFIED, HISTORY, TRADES, STAFF_ROSTER)}


RUNNERS: dict[str, Runner] = {kind: runner(importer) for kind, importer in IMPORTERS.items()}
