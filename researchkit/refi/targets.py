"""Export targets: the offset convention and text layout each QDA program reads.

REFI-QDA says selection offsets count code points in the source file. Not every program
reads them that way, so ``write_qdpx(..., target=...)`` (``researchkit export --qdpx FILE
--for PROGRAM``) writes what the program expects:

========== ============================================ ===========================================
target     source files                                 offsets
========== ============================================ ===========================================
standard   UTF-8, ``\\n``                                code points (the standard; researchkit's own)
nvivo      UTF-8 with BOM, CRLF (as NVivo for Windows)  UTF-16 code units, CRLF counted as 2
atlasti    UTF-8, ``\\n``                                code points (ATLAS.ti counts CRLF as 1;
                                                        there is none)
maxqda     UTF-8, ``\\n``                                code points (as ATLAS.ti)
qualcoder  UTF-8, ``\\n``                                code points (QualCoder reads a CRLF file
                                                        with CRLF as 2; there is none); a
                                                        code name used twice gets its id
                                                        added (QualCoder and qc keep one
                                                        code per name)
qc         UTF-8, ``\\n``                                code points; selections named ``line:N``
                                                        and one per line, as qc codes lines;
                                                        sources named ``<id>.txt``; no
                                                        recordings (qc stops on a source
                                                        without ``plainTextPath``)
========== ============================================ ===========================================

Taguette imports no ``.qdpx`` projects (it writes ``.qdc`` codebooks and reads codebooks as
CSV, ``taguette/import_codebook.py``): asking for a Taguette ``.qdpx`` is refused with ``RK606``.

Examples
--------
>>> t = get_target("nvivo")
>>> t.source_bytes("Hé 😀\\nja")
b'\\xef\\xbb\\xbfH\\xc3\\xa9 \\xf0\\x9f\\x98\\x80\\r\\nja'
>>> t.positions("Hé 😀\\nja", [5], [7])          # "ja": the emoji counts 2, the line end 2
([7], [9])
>>> qc_lines("a\\nbc\\nd", 0, 4)
[(0, 2, 0), (2, 4, 1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from researchkit.errors import ExchangeError
from researchkit.refi.offsets import Convention

__all__ = ["Target", "TARGETS", "get_target", "qc_lines"]


@dataclass(frozen=True)
class Target:
    """How one program wants a ``.qdpx`` (see module docstring)."""

    name: str
    program: str
    convention: Convention = Convention("codepoint", 2)
    newline: str = "\n"
    bom: bool = False
    qc_lines: bool = False
    reads_qdpx: bool = True
    reads_media: bool = True
    unique_code_names: bool = False

    @property
    def standard(self) -> bool:
        """Whether the files are exactly what the standard (and researchkit) writes."""
        return self.name == "standard"

    def source_text(self, text: str) -> str:
        """The canonical text laid out as the program stores it."""
        body = text.replace("\n", self.newline) if self.newline != "\n" else text
        return ("\ufeff" + body) if self.bom else body

    def source_name(self, doc_id: str) -> str:
        """The ``name`` of a document's ``TextSource``: its id, for qc a file name that survives qc's import.

        qc copies each source to ``import/<name>`` with its suffix replaced by ``.txt``
        (``Path(name).with_suffix``), so ``int.01`` and ``int.02`` would both become
        ``int.txt`` and a ``/`` would name a folder: for qc the name is the id with ``/`` and
        ``\\`` as ``_`` and ``.txt`` added.

        Examples
        --------
        >>> get_target("qc").source_name("int.01"), get_target("standard").source_name("int.01")
        ('int.01.txt', 'int.01')
        """
        if not self.qc_lines:
            return doc_id
        name = doc_id.replace("/", "_").replace("\\", "_")
        return name if name.lower().endswith(".txt") else f"{name}.txt"

    def source_bytes(self, text: str) -> bytes:
        """The source file written for the program (UTF-8)."""
        return self.source_text(text).encode("utf-8")

    def positions(self, text: str, starts: Sequence[int], ends: Sequence[int]) -> tuple[list[int], list[int]]:
        """Canonical offsets into ``text`` as the program counts them in its source file."""
        conv = self.convention
        crlf_extra = self.newline == "\r\n" and conv.crlf == 2
        if conv.unit == "codepoint" and not crlf_extra:
            return [int(s) for s in starts], [int(e) for e in ends]
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        widths = np.ones(len(codes), dtype=np.int64)
        if conv.unit == "utf16":
            widths[codes > 0xFFFF] = 2
        if crlf_extra:
            widths[codes == 10] += 1
        pos = np.concatenate([[0], np.cumsum(widths)])
        return pos[np.asarray(starts, dtype=np.int64)].tolist(), pos[np.asarray(ends, dtype=np.int64)].tolist()

    def describe(self) -> str:
        """One line for the export report."""
        layout = "UTF-8 with BOM, CRLF line ends" if self.bom or self.newline == "\r\n" else "UTF-8, LF line ends"
        extra = "; selections named line:N, one per line" if self.qc_lines else ""
        return f"written for {self.program}: source files {layout}; offsets in {self.convention.label}{extra}"


TARGETS: dict[str, Target] = {
    "standard": Target("standard", "any REFI-QDA program (the standard)"),
    "nvivo": Target("nvivo", "NVivo", Convention("utf16", 2), newline="\r\n", bom=True),
    "atlasti": Target("atlasti", "ATLAS.ti", Convention("codepoint", 1)),
    "maxqda": Target("maxqda", "MAXQDA", Convention("codepoint", 1)),
    "qualcoder": Target("qualcoder", "QualCoder", unique_code_names=True),
    "qc": Target("qc", "qc", qc_lines=True, reads_media=False, unique_code_names=True),
    "taguette": Target("taguette", "Taguette", reads_qdpx=False),
}


def get_target(name: str | Target | None) -> Target:
    """The :class:`Target` called ``name`` (``None``: standard); RK606 for an unknown one."""
    if isinstance(name, Target):
        return name
    key = (name or "standard").strip().lower().replace(".", "").replace("-", "").replace("_", "")
    key = {"atlas": "atlasti", "maxqda2024": "maxqda"}.get(key, key)
    if key not in TARGETS:
        raise ExchangeError("RK606", "export", f"unknown target program {name!r}",
                            hint=f"use one of: {', '.join(TARGETS)}")
    return TARGETS[key]


def qc_lines(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """``(start, end, line)`` of each line a passage touches (qc codes whole lines; lines count from 0)."""
    out = []
    line = text.count("\n", 0, start)
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl + 1
        if text[pos:stop].strip():
            out.append((pos, stop, line))
        pos, line = stop, line + 1
    return out
