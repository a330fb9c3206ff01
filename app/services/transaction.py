"""One transaction per command, with lost updates turned into 409s."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.services.errors import Conflict


@contextmanager
def committing(
    session: Session, conflict: str = "数据已被他人修改，请刷新后重试"
) -> Iterator[None]:
    """Commit what the block did, or roll all of it back. A version-checked row that changed
    under us (StaleDataError, raised by whichever flush meets it) becomes Conflict.
    """
    try:
        yield
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise Conflict(conflict) from exc
    except BaseException:
        session.rollback()
        raise
