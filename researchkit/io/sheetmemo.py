"""A table parsed to sort a folder's files, kept for the read that follows, so that it is parsed once.

:func:`researchkit.io.skip_reason` parses every ``.csv``/``.tsv``/``.xlsx`` file of a folder to tell
a transcript table from an attributes sheet; :func:`researchkit.io.read_corpus` then reads the
transcript tables (:func:`researchkit.io.corpustables.read_documents`), which parsed each one a
second time (a 5,000-row ``.xlsx`` takes seconds). Inside :func:`collecting` (which ``read_corpus``
opens), the sorting keeps the parsed table with the SHA-256 of the bytes it was parsed from
(:func:`remember`), and the read takes it back (:func:`take`) only when the bytes it read have the
same digest: what is read is what a second parse of those bytes would give (the same
:func:`researchkit.io.sheets.read_sheet` on the same bytes; nothing changes the frame in between).
Outside :func:`collecting` nothing is kept. A table is taken at most once, and tables are kept only
up to :data:`MAX_BYTES` of their files in all (beyond, a table is parsed again, as before).

Workers of ``read_corpus(..., n_process=2)`` are forked after the sorting: they inherit the kept
tables; spawned ones (not on Linux) parse again.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"speaker": ["A"], "text": ["Hi."]})
>>> with collecting():
...     remember("t.csv", b"speaker,text\\nA,Hi.\\n", frame)
...     take("t.csv", b"speaker,text\\nA,Hi.\\n") is frame, take("t.csv", b"speaker,text\\nA,Hi.\\n")
(True, None)
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["collecting", "remember", "take", "active", "MAX_BYTES"]

#: File bytes of the tables kept at once, at most (a parsed frame of text cells takes several times its file's size).
MAX_BYTES = 64 * 2**20

_memo: dict[str, tuple[str, int, pd.DataFrame]] | None = None


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


@contextmanager
def collecting() -> Iterator[None]:
    """Keep the tables :func:`remember` is given until the block ends (nested blocks share the outer one's).

    Examples
    --------
    >>> with collecting():
    ...     active()
    True
    >>> active()
    False
    """
    global _memo
    if _memo is not None:
        yield
        return
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def active() -> bool:
    """Whether tables are being kept (inside :func:`collecting`)."""
    return _memo is not None


def remember(path: str | Path, data: bytes, frame: pd.DataFrame) -> None:
    """Keep ``frame``, parsed from ``data`` (the bytes of ``path``), for :func:`take`; nothing outside :func:`collecting`
    or beyond :data:`MAX_BYTES`."""
    if _memo is None:
        return
    if sum(size for _, size, _ in _memo.values()) + len(data) > MAX_BYTES:
        return
    _memo[_key(path)] = (hashlib.sha256(data).hexdigest(), len(data), frame)


def take(path: str | Path, data: bytes, digest: str | None = None) -> pd.DataFrame | None:
    """The frame kept for ``path`` if it was parsed from these very bytes (``digest``: their SHA-256 hex digest when the
    caller has it), else ``None``; the frame is handed out once."""
    if not _memo:
        return None
    entry = _memo.pop(_key(path), None)
    if entry is None or entry[1] != len(data):
        return None
    return entry[2] if entry[0] == (digest or hashlib.sha256(data).hexdigest()) else None
