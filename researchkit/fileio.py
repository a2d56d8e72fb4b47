"""Atomic file writes: the one place where researchkit writes a file.

Every output is written to a temporary file in the target folder and moved over the
target with :func:`os.replace`, so a reader never sees half a file and a crash leaves
the old file intact.

Examples
--------
>>> import tempfile, os
>>> p = atomic_write(os.path.join(tempfile.mkdtemp(), "sub", "x.txt"), "ok")
>>> p.read_text()
'ok'
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pandas is imported where a table is written: importing fileio stays light
    import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def default_file_mode() -> int:
    """The permissions a new file gets from ``open()`` under the current umask (``mkstemp`` makes 0600).

    Examples
    --------
    >>> default_file_mode() & 0o600
    384
    """
    return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, suffix: str = ".tmp", make_parents: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    For writers that need a file name (matplotlib, SQLite's backup API). On any
    error the temporary file is removed and ``path`` is left as it was.

    Examples
    --------
    >>> import tempfile, os
    >>> target = os.path.join(tempfile.mkdtemp(), "x.txt")
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> open(target).read()
    'done'
    """
    target = Path(path)
    if make_parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, default_file_mode())  # mkstemp makes the file private (0600); give it normal permissions
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write(path: str | os.PathLike, data: bytes | str, *, make_parents: bool = True) -> Path:
    """Write ``data`` (bytes, or text as UTF-8 with the line ends given) to ``path`` atomically.

    Examples
    --------
    >>> import tempfile, os
    >>> atomic_write(os.path.join(tempfile.mkdtemp(), "x.bin"), b"ok").read_bytes()
    b'ok'
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    with atomic_path(target, make_parents=make_parents) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    return target


#: First characters that make a spreadsheet program read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?$")
_FORMULA_SIGNS = re.compile(r"[()!|=+\-@*/^&;:\"]")


def neutralise_formula(value: object) -> object:
    """Make a text cell safe to open in a spreadsheet program (CSV injection).

    A text cell that a spreadsheet program would run as a formula gets a leading
    apostrophe (``'=HYPERLINK(...)``), which Excel and LibreOffice show as text:

    - cells starting with ``=``, ``@``, a tab or a carriage return, always;
    - cells starting with ``+`` or ``-`` when more formula signs follow
      (``-2+3+cmd|' /C calc'!A0``), but not numbers (``-3``, ``+31``, ``-2.5e3``) and
      not a dialogue dash before plain words (``- Ja zeker``).

    Values that are not strings are left alone. :func:`restore_formula` undoes it.

    Examples
    --------
    >>> [neutralise_formula(v) for v in ("=1+1", "-3", "@SUM(A1)", "- Ja zeker", "-2+3+cmd|'/C calc'!A0", -3)]
    ["'=1+1", '-3', "'@SUM(A1)", '- Ja zeker', "'-2+3+cmd|'/C calc'!A0", -3]
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if value[0] in "+-" and (_NUMBER.match(value) or not _FORMULA_SIGNS.search(value[1:])):
        return value
    return "'" + value


def restore_formula(value: object) -> object:
    """Undo :func:`neutralise_formula` when reading back a CSV researchkit wrote.

    Examples
    --------
    >>> restore_formula("'=1+1"), restore_formula("'t is zo")
    ('=1+1', "'t is zo")
    """
    if isinstance(value, str) and value.startswith("'") and neutralise_formula(value[1:]) == value:
        return value[1:]
    return value


def write_csv(frame: pd.DataFrame, path: str | os.PathLike, *, neutralise_formulas: bool = True) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends, no index, atomically.

    Line ends inside text cells are written as ``\\n`` (a bare carriage return would
    split the row). Text cells that a spreadsheet program would run as a formula are
    written with a leading apostrophe (see :func:`neutralise_formula`); pass
    ``neutralise_formulas=False`` for a file meant for programs only.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> p = write_csv(pd.DataFrame({"a": [1], "b": ["=2+3"]}), pathlib.Path(tempfile.mkdtemp()) / "x.csv")
    >>> p.read_text()
    "a,b\\n1,'=2+3\\n"
    """
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column]):
            # A bare CR is not quoted by the csv module and would split the row: line ends become \n.
            frame[column] = frame[column].map(lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v)
            if neutralise_formulas:
                frame[column] = frame[column].map(neutralise_formula)
    if neutralise_formulas:
        frame.columns = [neutralise_formula(c) for c in frame.columns]
    return atomic_write(path, frame.to_csv(index=False, lineterminator="\n"))
