"""Opening an RQDA project (``Name.rqda``, one SQLite database) read-only, and reading its rows as RQDA means them.

RQDA (the R package by HUANG Ronggui) creates its tables in ``new_proj`` and upgrades older
ones in ``UpgradeTables`` (``project.databaseversion`` 0.1.5 to 0.2.2; documented in its
``man/RQDATables.rd``). The file is opened as a QualCoder database is
(:mod:`researchkit.refi.sqlite_ro`: ``mode=ro``, ``query_only``, ``trusted_schema`` off, one
read transaction, real tables only), so it is never changed. RQDA marks a row it deleted
with ``status = 0`` and keeps it (:func:`live`); it stores positions as ``real``
(:func:`position`) and dates as R's ``date()`` (:func:`iso_date`).

Examples
--------
>>> is_rqda_project("study.rqda"), live({"status": 0}), position(12.0), iso_date("Mon Mar 10 12:00:00 2014")
(True, False, 12, '2014-03-10T12:00:00')
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from researchkit.errors import ExchangeError
from researchkit.refi.sqlite_ro import Dialect, ReadOnlyDatabase, open_readonly

__all__ = ["RQDA", "REQUIRED_TABLES", "KNOWN_TABLES", "is_rqda_project", "open_rqda", "live", "position", "iso_date"]

#: What errors about an RQDA database say.
RQDA = Dialect("RQDA", "RK616", "RK617", "give an RQDA project file (Name.rqda)",
               "close the project in RQDA (closeProject()) and try again",
               "open the project in RQDA once, or use one of its backups (Name.HHMMSSddmmYYYY.rqda beside it)")
#: Tables without which a database is not an RQDA project.
REQUIRED_TABLES = ("source", "freecode", "coding")
#: Every table RQDA creates: what researchkit reads, and what it knows it need not.
KNOWN_TABLES = frozenset(REQUIRED_TABLES + (
    "project", "codecat", "treecode", "filecat", "treefile", "cases", "caselinkage", "attributes", "caseattr",
    "fileattr", "journal", "annotation", "image", "imagecoding", "fcat", "ccat", "coding2"))
#: Seconds to wait for another program's write lock before giving up (RK617).
LOCK_TIMEOUT = 2.0
_R_DATE = "%a %b %d %H:%M:%S %Y"


def is_rqda_project(path: str | Path) -> bool:
    """Whether ``path`` names an RQDA project (a ``.rqda`` file).

    Examples
    --------
    >>> is_rqda_project("study.rqda"), is_rqda_project("Study.RQDA"), is_rqda_project("study.qdpx")
    (True, True, False)
    """
    return Path(path).suffix.lower() == ".rqda"


def iso_date(value: Any) -> str | None:
    """R's ``date()`` (``Mon Mar 10 12:00:00 2014``) as ISO 8601; other text as it is.

    Examples
    --------
    >>> iso_date("Mon Mar 10 12:00:00 2014"), iso_date("2014-03-10 12:00:00"), iso_date("")
    ('2014-03-10T12:00:00', '2014-03-10T12:00:00', None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    value = " ".join(value.split())
    try:
        return datetime.strptime(value, _R_DATE).isoformat()
    except ValueError:
        pass
    if len(value) >= 19 and value[4] == "-" and value[10] == " ":
        return value[:10] + "T" + value[11:]
    return value


def position(value: Any) -> int | None:
    """A stored position (RQDA writes them as ``real``) as an int; ``None`` when not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def live(row: dict) -> bool:
    """Not deleted in RQDA (``status`` 0); rows of versions without a status are live."""
    return row.get("status") != 0


def open_rqda(path: str | Path) -> ReadOnlyDatabase:
    """The ``.rqda`` file at ``path`` opened read-only, checked to hold RQDA's tables.

    Raises
    ------
    ExchangeError
        ``RK616`` no such file, not an SQLite database or RQDA's tables missing (named);
        ``RK617`` locked, damaged or unreadable.

    Examples
    --------
    >>> open_rqda("/nowhere/study.rqda")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK616] /nowhere/study.rqda: no such file. What to do: give an RQDA project file (Name.rqda).
    """
    file = Path(path)
    if not file.is_file():
        raise ExchangeError("RK616", file, "a folder, not an RQDA project file" if file.is_dir() else "no such file", hint=RQDA.give)
    db = ReadOnlyDatabase(file, open_readonly(file, RQDA, LOCK_TIMEOUT), RQDA)
    missing = db.missing(REQUIRED_TABLES)
    if missing:
        have = ", ".join(sorted(db.tables)[:12]) or "none"
        db.close()
        raise ExchangeError("RK616", file, f"not an RQDA project database: table(s) {', '.join(missing)} missing (tables present: {have})",
                            hint="give the .rqda file RQDA saved; for a QualCoder project give its .qda folder")
    return db
