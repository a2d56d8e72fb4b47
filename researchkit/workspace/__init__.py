"""The coding workspace in the notebook: code, review and browse, straight into the project.

* :class:`CodingView` — the transcript turn by turn with coding stripes and a code tree;
  select text, pick a code, it is stored (``Project.code``, with its audit entry).
* :class:`ReviewQueue` — rule and model suggestions one at a time (``Project.review``).
* :class:`SegmentBrowser` — every segment of a code with context; a click opens it.

The :class:`~researchkit.project.Project` is the truth: the widgets hold nothing a kernel
restart would lose. Browser offsets (UTF-16 over the rendered text) are converted in
:mod:`researchkit.workspace.offsets` only. See ``docs/workspace.md``.
"""

from __future__ import annotations

from researchkit.workspace.offsets import Rendered, cp_to_utf16, snap, utf16_to_cp
from researchkit.workspace.review import ORDERINGS, ReviewSession, register_ordering
from researchkit.workspace.segments import filter_segments, segments_table
from researchkit.workspace.session import CodingSession
from researchkit.workspace.widgets import CodingView, ReviewQueue, SegmentBrowser

__all__ = [
    "CodingView", "ReviewQueue", "SegmentBrowser", "CodingSession", "ReviewSession", "ORDERINGS", "register_ordering",
    "segments_table", "filter_segments", "Rendered", "utf16_to_cp", "cp_to_utf16", "snap",
]
