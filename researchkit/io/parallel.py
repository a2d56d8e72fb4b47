"""Reading many transcript files in worker processes (``read_corpus(..., n_process=2)``).

The files are split into contiguous chunks, one ordered result per file comes back, and
:func:`researchkit.io.read_corpus` then does its usual checks (duplicate ids, problems,
notes) on them in file order, so the corpus is identical to a one-process read. A file that
fails in a worker is read again in the calling process to raise its error there (errors
carry paths and hints and are rare; re-reading keeps them exactly as a one-process read
makes them). Each file is read once: a table of several conversations comes back split into
its documents (:func:`researchkit.io.corpustables.read_documents`), not refused (RK146) to be
read again.

Workers are forked where the platform allows it (Linux: the parent's imports are shared, so
a worker starts in milliseconds) and spawned elsewhere.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> for name in ("R01", "R02", "R03"):
...     _ = open(os.path.join(d, name + ".txt"), "w").write("I: Vraag?\\nR: Antwoord.\\n")
>>> from pathlib import Path
>>> [t.doc_id for t in read_parallel(sorted(Path(d).iterdir()), n_process=2, labels=None, max_bytes=10**6, columns=None)]
['R01', 'R02', 'R03']
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from researchkit.errors import ConfigurationError, ResearchkitError

__all__ = ["read_parallel", "check_n_process"]

#: Below this many files a pool costs more than it saves.
MIN_FILES = 4


def check_n_process(n_process: Any) -> int:
    """Validate ``n_process`` (a whole number >= 1).

    Examples
    --------
    >>> check_n_process(2)
    2
    >>> check_n_process(0)
    Traceback (most recent call last):
    ...
    researchkit.errors.ConfigurationError: [RK140] n_process=0 must be a whole number >= 1. What to do: use n_process=1, or up to the number of CPU cores.
    """
    if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
        raise ConfigurationError("RK140", f"n_process={n_process!r} must be a whole number >= 1",
                                 hint="use n_process=1, or up to the number of CPU cores")
    return n_process


def _read_chunk(args: tuple[list[str], Mapping[str, str] | None, int, Mapping[str, str] | None, bool]) -> list[Any]:
    """Read a chunk of files: a Transcript per file, the :class:`~researchkit.io.corpustables.FileDocuments` of a table
    of several conversations, ``None`` where it failed (or, in a worker, where a conversation made a problem: errors do
    not cross processes)."""
    from researchkit.io.corpustables import read_documents

    paths, labels, max_bytes, columns, in_worker = args
    out: list[Any] = []
    for path in paths:
        try:
            found = read_documents(Path(path), labels=labels, max_bytes=max_bytes, columns=columns)
        except ResearchkitError:
            out.append(None)  # re-read in the parent, which raises the error itself
            continue
        if found.note is None:  # one transcript, as read_transcript reads it
            out.append(found.transcripts[0])
        else:
            out.append(None if in_worker and found.problems else found)
    return out


def read_parallel(
    paths: Sequence[Path], *, n_process: int, labels: Mapping[str, str] | None, max_bytes: int,
    columns: Mapping[str, str] | None,
) -> list[Any]:
    """One result per path, in order: the :class:`Transcript`, the
    :class:`~researchkit.io.corpustables.FileDocuments` of a table of several conversations (read once, as
    :func:`researchkit.io.corpustables.read_documents` splits it), or ``None`` when reading failed.

    Parameters
    ----------
    paths
        The transcript files.
    n_process
        Worker processes (1 reads in this process).
    labels, max_bytes, columns
        As for :func:`researchkit.io.read_transcript`.

    Returns
    -------
    list
        ``Transcript``, ``FileDocuments`` or ``None`` per path (``None``: read the file again with
        :func:`~researchkit.io.corpustables.read_documents` to get its errors).
    """
    check_n_process(n_process)
    labels = dict(labels) if labels else None
    columns = dict(columns) if columns else None
    n_process = min(n_process, len(paths))
    if n_process <= 1 or len(paths) < MIN_FILES:
        return _read_chunk(([str(p) for p in paths], labels, max_bytes, columns, False))
    # contiguous chunks, several per worker, so a slow file does not leave a core idle for long
    n_chunks = min(len(paths), n_process * 8)
    bounds = [round(i * len(paths) / n_chunks) for i in range(n_chunks + 1)]
    jobs = [([str(p) for p in paths[a:b]], labels, max_bytes, columns, True) for a, b in zip(bounds, bounds[1:]) if b > a]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    with multiprocessing.get_context(method).Pool(n_process) as pool:
        chunks = pool.map(_read_chunk, jobs, chunksize=1)
    return [t for chunk in chunks for t in chunk]
