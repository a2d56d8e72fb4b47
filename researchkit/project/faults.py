"""Database and file-system faults turned into clear researchkit errors (no raw tracebacks).

:func:`as_project_error` maps what SQLAlchemy, the drivers (sqlite3, psycopg — also
errors raised by a raw ``COPY`` cursor, which SQLAlchemy does not wrap) and the
operating system raise into a :class:`~researchkit.errors.ProjectError`; the caller
raises it after the transaction was rolled back, so nothing is half-written.
:func:`refuse_nul` refuses NUL characters up front, the same way on every backend
(PostgreSQL cannot store them in text; SQLite would, and other tools would cut the
text there).

Examples
--------
>>> import errno
>>> print(as_project_error(OSError(errno.ENOSPC, "No space left on device"), "study.rkp"))
[RK330] study.rkp: the disk is full (No space left on device); nothing was written. What to do: free disk space (or ask for a larger quota) and try again.
"""

from __future__ import annotations

import errno
from typing import Iterable

from researchkit.errors import ProjectError
from researchkit.project.connect import BUSY_TIMEOUT_S

#: errno values that mean "no room to write"
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
#: PostgreSQL SQLSTATE classes: disk full / out of memory / too many connections ...
_PG_FULL = {"53100", "53200"}
_PG_NUL = {"22021", "22P05"}


def _driver_error(err: BaseException) -> BaseException:
    """The driver's own exception behind a SQLAlchemy error (or ``err`` itself)."""
    return getattr(err, "orig", None) or err


def as_project_error(err: BaseException, location: str) -> ProjectError | None:
    """A :class:`ProjectError` for a known database or disk fault, else ``None`` (re-raise as is).

    RK320 unique key (a coding stored twice), RK330 disk or database full, RK331 a NUL
    character, RK332 another value the database refused, RK312 read-only, RK325 busy.

    Examples
    --------
    >>> import sqlite3
    >>> as_project_error(sqlite3.OperationalError("database or disk is full"), "p.rkp").code
    'RK330'
    >>> as_project_error(KeyError("x"), "p.rkp") is None
    True
    """
    orig = _driver_error(err)
    if isinstance(orig, OSError) and not _is_dbapi(orig):
        if orig.errno in _FULL_ERRNOS:
            return _full(location, orig.strerror or str(orig))
        return None
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    kind = type(orig).__name__
    if state in _PG_FULL or "disk is full" in message or "disk I/O error" in message or "No space left" in message:
        return _full(location, message)
    if state in _PG_NUL or "0x00" in message:
        return ProjectError("RK331", f"{location}: the database refused a NUL character ({message})",
                            hint="remove NUL characters (\\x00) from the text; nothing was written")
    if kind in ("IntegrityError", "UniqueViolation", "ForeignKeyViolation") or (state or "").startswith("23"):
        return ProjectError("RK320", f"{location}: the change conflicts with what is stored ({message})",
                            hint="nothing was written; look for duplicate codings")
    if kind == "DataError" or (state or "").startswith("22"):
        return ProjectError("RK332", f"{location}: the database refused a value ({message})",
                            hint="nothing was written; check the values named in the message (length, type)")
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return ProjectError("RK312", f"{location}: the database is read-only ({message})", hint="check the file and folder permissions")
    if "locked" in message or "busy" in message:
        return ProjectError("RK325", f"{location}: the database stayed busy for {BUSY_TIMEOUT_S:.0f} s ({message})", hint="another process holds a long write; try again")
    return None


def _is_dbapi(err: BaseException) -> bool:
    return type(err).__module__.split(".")[0] in ("sqlite3", "psycopg", "psycopg2")


def _full(location: str, message: str) -> ProjectError:
    return ProjectError("RK330", f"{location}: the disk is full ({message}); nothing was written",
                        hint="free disk space (or ask for a larger quota) and try again")


def nul_error(value: str, *, field: str, row: int | None = None, where: str = "") -> ProjectError:
    """The RK331 error for a NUL character in ``value`` (``field`` of ``row`` in ``where``).

    Examples
    --------
    >>> nul_error("n\\x00ee", field="memo", where="codings", row=4).code
    'RK331'
    """
    at = value.index("\x00")
    place = f"{where}: " if where else ""
    of_row = f" of row {row}" if row is not None else ""
    return ProjectError(
        "RK331", f"{place}{field}{of_row} holds a NUL character (\\x00) at position {at}: {value[max(0, at - 20):at + 20]!r}",
        hint="remove the NUL character; nothing was written",
    )


def refuse_nul(values: Iterable[object], *, field: str, where: str = "") -> None:
    """Raise RK331 naming ``field`` (and the row, when there are several values) when a string holds a NUL character.

    Examples
    --------
    >>> refuse_nul(["ja", "n\\x00ee"], field="speaker", where="document 'R01'")
    Traceback (most recent call last):
    ...
    researchkit.errors.ProjectError: [RK331] document 'R01': speaker of row 1 holds a NUL character (\\x00) at position 1: 'n\\x00ee'. What to do: remove the NUL character; nothing was written.
    """
    values = list(values)
    for row, value in enumerate(values):
        if isinstance(value, str) and "\x00" in value:
            raise nul_error(value, field=field, row=row if len(values) > 1 else None, where=where)
