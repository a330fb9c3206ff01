"""The one commit idiom: every command runs inside ``committing`` and nowhere else commits.

A command either commits everything it did or nothing: workflow state, task rows, the
application and its audit event land together. Whatever goes wrong inside the block rolls the
whole session back, so callers (views, bulk loops) never roll back by hand, and the database
errors that mean "someone else wrote first" become a 409 instead of a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.platform.services.errors import Conflict, WorkflowFailed

STALE = "数据已被他人修改，请刷新后重试"
BUSY = "系统繁忙，请稍后重试"

# PostgreSQL SQLSTATEs of a write that lost a race: serialization failure, deadlock, lock
# not available. SQLite reports a writer that waited out busy_timeout as "database is locked".
_RACE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


@contextmanager
def committing(
    session: Session, conflict: str = STALE, fields: dict[str, str] | None = None
) -> Iterator[None]:
    """Commit what the block did, or roll all of it back and re-raise.

    Lost races are translated, whichever statement meets them (a flush inside the block or the
    commit): a version-checked row that changed under us (StaleDataError) or a unique key
    another request took first -> Conflict with ``conflict`` and ``fields`` (say what the
    loser should know: for an "only one open X" index, the message its friendly check gives);
    a lock or serialization failure -> Conflict asking to retry. A diagram element that
    failed leaves its incident to be recorded after the rollback (``WorkflowFailed.incident``).
    """
    try:
        yield
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict(conflict, fields) from exc
    except IntegrityError as exc:
        session.rollback()
        if _duplicate(exc):
            raise Conflict(conflict, fields) from exc
        raise
    except OperationalError as exc:
        session.rollback()
        if _lost_race(exc):
            raise Conflict(BUSY) from exc
        raise
    except WorkflowFailed as exc:
        session.rollback()
        if exc.incident is not None:  # the step wrote nothing: its incident goes alone
            exc.incident.record(session)
        raise
    except BaseException:
        session.rollback()
        raise


def _duplicate(exc: IntegrityError) -> bool:
    """A unique key someone else took between our check and our insert (not other integrity
    errors, which are bugs and must stay loud)."""
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def _lost_race(exc: OperationalError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    return sqlstate in _RACE_SQLSTATES or "database is locked" in str(exc.orig)
