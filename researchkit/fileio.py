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
import tempfile
from pathlib import Path
from typing import Iterator

import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private (0600); give it normal permissions
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


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends, no index, atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = write_csv(pd.DataFrame({"a": [1]}), pathlib.Path(tempfile.mkdtemp()) / "x.csv")
    >>> p.read_text()
    'a\\n1\\n'
    """
    return atomic_write(path, frame.to_csv(index=False, lineterminator="\n"))
