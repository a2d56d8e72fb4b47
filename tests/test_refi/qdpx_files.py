"""Small REFI-QDA projects written by tests: one zip writer and one quiet reader (shared by several test files).

Loaded by path (``importlib``), as ``qualcoder_rules.py`` is, so that tests outside this
folder (the project store's) can use it too.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

G = "00000000-0000-4000-8000-0000000000{:02d}".format


def write_project(path: Path, body: str, texts: dict[int, str], *, codes: str, origin: str, name: str = "p",
                  encoding: str = "utf-8", members: dict[str, bytes] | None = None) -> Path:
    """A ``.qdpx``: ``codes`` (``<Code>`` elements), then ``body`` (``<Sources>`` and what follows); ``texts`` by GUID number.

    ``members``: more files of the archive by name (a recording, ``sources/x.mp3``).
    """
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="{name}" origin="{origin}">'
           f'<CodeBook><Codes>{codes}</Codes></CodeBook>{body}</Project>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        for k, text in texts.items():
            z.writestr(f"sources/{G(k)}.txt", text.encode(encoding))
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return path


def quietly(call, *args, **kwargs):
    """``call(*args, **kwargs)`` with the import warnings silenced (the tests read the report instead)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)
