"""Opening a QualCoder project's SQLite database read-only, and reading its tables as they are in any version.

A QualCoder project is a folder ``Name.qda`` holding ``data.qda`` (an SQLite database) and
the folders ``documents``, ``images``, ``audio`` and ``video``. The schema (read in
QualCoder's source, ``src/qualcoder/__main__.py``: the project creation and the upgrades run
when a project is opened) grew by versions, recorded in ``project.databaseversion``:

==== =====================================================================================
v1   ``project``, ``source``, ``code_cat``, ``code_name``, ``code_text``, ``code_image``,
     ``code_av``, ``cases``, ``case_text``, ``attribute_type``, ``attribute``, ``journal``,
     ``annotation``
v2   ``code_text.avid`` (a text coding tied to an A/V coding), ``project.bookmarkfile/pos``
v3   ``important`` on ``code_text``, ``code_image``, ``code_av``
v4   ``code_text.ctid`` (the table rebuilt with a primary key)
v5   ``project.codername``, ``source.av_text_id`` (a recording's transcript), ``stored_sql``
v6   graph tables; ``attribute`` and ``journal`` names unique
v7   graph memo links; v8 ``ris`` and ``source.risid`` (references); v9
     ``project.recently_used_codes``; v10 ``code_image.pdf_page``; v11 ``gr_pix_item.pdf_page``;
     v12 ``manage_files_display``; v13 ``files_filter``; v14 ``coder_names`` (QualCoder 3.9)
v15  ``project.avbookmarkfile/msec/textpos`` (QualCoder's main branch, 2026; nothing researchkit reads)
v16  ``code_name.supercid``: a code under another code (read as its child)
v17  graph line labels and arrows, ``gr_memo_item`` (memos shown in a graph; graphs are listed, not read)
==== =====================================================================================

Columns a version lacks are read as missing (``None``), so every version reads through
the same code. The database is opened (:mod:`researchkit.refi.sqlite_ro`, shared with RQDA) with an SQLite ``file:...?mode=ro`` URI and
``PRAGMA query_only``: nothing is ever written, the file's bytes and time stamp stay as they
were. ``trusted_schema`` is switched off and only real tables (not views) are read, so a
crafted file cannot run functions through views or triggers.

Examples
--------
>>> import sqlite3, tempfile, os
>>> folder = os.path.join(tempfile.mkdtemp(), "Havens.qda")
>>> os.mkdir(folder)
>>> con = sqlite3.connect(os.path.join(folder, "data.qda"))
>>> for table in REQUIRED_TABLES:
...     con.execute(f"create table {table} (name text)")  # doctest: +ELLIPSIS
<sqlite3.Cursor ...>
>>> con.commit(); con.close()
>>> db = QualCoderDatabase.open(folder)
>>> db.file.name, db.version
('data.qda', None)
>>> db.close()
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from researchkit.errors import ExchangeError
from researchkit.refi.sqlite_ro import Dialect, ReadOnlyDatabase, open_readonly

__all__ = ["REQUIRED_TABLES", "KNOWN_TABLES", "SETTINGS_TABLES", "NEWEST_KNOWN_VERSION", "NEWEST_KNOWN_RELEASE", "QualCoderDatabase", "database_file", "parse_version", "QUALCODER"]

#: Tables without which a database is not a QualCoder project.
REQUIRED_TABLES = ("project", "source", "code_cat", "code_name", "code_text")
#: Every table of a v17 database (QualCoder's main branch, 2026): what researchkit reads, and what it knows it need not.
KNOWN_TABLES = frozenset(REQUIRED_TABLES + (
    "code_image", "code_av", "cases", "case_text", "attribute_type", "attribute", "journal", "annotation",
    "stored_sql", "graph", "gr_cdct_text_item", "gr_case_text_item", "gr_file_text_item", "gr_free_text_item",
    "gr_cdct_line_item", "gr_free_line_item", "gr_pix_item", "gr_av_item", "ris", "manage_files_display",
    "files_filter", "coder_names", "gr_memo_item"))
#: Tables of settings and saved views, not of research content: left unread without a note.
SETTINGS_TABLES = frozenset(("stored_sql", "manage_files_display", "files_filter", "coder_names"))
#: The newest ``databaseversion`` whose schema researchkit knows (QualCoder 3.9 creates v14; its main branch of 2026 v17).
NEWEST_KNOWN_VERSION = 17
#: The QualCoder that writes it, for messages.
NEWEST_KNOWN_RELEASE = "QualCoder's main branch of 2026"
#: Seconds to wait for another program's write lock before giving up (RK614).
LOCK_TIMEOUT = 2.0


def database_file(path: str | Path) -> Path:
    """The ``data.qda`` file of a QualCoder project given as its folder or as the file itself.

    Raises
    ------
    ExchangeError
        ``RK612`` when there is no such file.

    Examples
    --------
    >>> database_file("/nowhere/Study.qda")
    Traceback (most recent call last):
    ...
    researchkit.errors.ExchangeError: [RK612] /nowhere/Study.qda: no QualCoder project here (no such folder or file). What to do: give the project's .qda folder or the data.qda file inside it.
    """
    p = Path(path)
    hint = "give the project's .qda folder or the data.qda file inside it"
    if p.is_dir():
        f = p / "data.qda"
        if not f.is_file():
            raise ExchangeError("RK612", p, "the folder holds no data.qda (QualCoder keeps its project database there)", hint=hint)
        return f
    if p.is_file():
        return p
    raise ExchangeError("RK612", p, "no QualCoder project here (no such folder or file)", hint=hint)


def parse_version(value: Any) -> int | None:
    """The number of a ``databaseversion`` (``'v14'`` -> 14), ``None`` when it is not of that form.

    Examples
    --------
    >>> parse_version("v14"), parse_version("V2"), parse_version("2.8"), parse_version(None)
    (14, 2, None, None)
    """
    m = re.fullmatch(r"\s*[vV](\d{1,4})\s*", value) if isinstance(value, str) else None
    return int(m.group(1)) if m else None


#: What errors about a QualCoder database say.
QUALCODER = Dialect("QualCoder", "RK612", "RK614", "give a QualCoder project folder (Name.qda) or its data.qda file",
                    "close the project in QualCoder (or wait until it has saved) and try again",
                    "open the project in QualCoder once (it may repair it), or use one of QualCoder's backups "
                    "(folders named ..._BKUP_yyyymmdd_hh beside the project)")


class QualCoderDatabase(ReadOnlyDatabase):
    """A QualCoder ``data.qda`` opened read-only (see module docstring and :mod:`researchkit.refi.sqlite_ro`).

    Attributes
    ----------
    file
        The database file.
    tables
        ``table -> column names`` of every real table.
    version
        The number of ``project.databaseversion`` (``None`` when absent or not ``vN``).
    project
        The ``project`` row as a dict (empty when the table has no row).
    """

    def __init__(self, file: Path, conn: sqlite3.Connection) -> None:
        super().__init__(file, conn, QUALCODER)
        self.project: dict[str, Any] = {}
        self.version: int | None = None

    @classmethod
    def open(cls, path: str | Path) -> "QualCoderDatabase":
        """Open the project at ``path`` (folder or ``data.qda``) read-only and check it is QualCoder's.

        Raises
        ------
        ExchangeError
            ``RK612`` not a QualCoder database (what is missing named), ``RK614`` locked,
            damaged or unreadable.
        """
        file = database_file(path)
        db = cls(file, open_readonly(file, QUALCODER, LOCK_TIMEOUT))
        try:
            db._check()
        except ExchangeError:
            db.close()
            raise
        return db

    def _check(self) -> None:
        missing = self.missing(REQUIRED_TABLES)
        if missing:
            have = ", ".join(sorted(self.tables)[:12]) or "none"
            raise ExchangeError("RK612", self.file, f"not a QualCoder project database: table(s) {', '.join(missing)} missing "
                                f"(tables present: {have})",
                                hint="give the data.qda of a QualCoder project; for a REFI-QDA export use the .qdpx file")
        rows = self.rows("project", ("databaseversion", "date", "memo", "about", "codername"), order="")
        self.project = rows[0] if rows else {}
        self.version = parse_version(self.project.get("databaseversion"))

    def __enter__(self) -> "QualCoderDatabase":
        return self
