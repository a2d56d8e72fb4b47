"""Readers for legacy word-processor formats: RTF (``.rtf``, striprtf) and old Word (``.doc``, antiword).

Both formats give plain text: each non-empty line is a paragraph, as in a ``.txt``
file, and a ``Key: value`` header block becomes attributes. Bold is not available,
so speaker labels need a colon; a note says so when no label was found.

``.doc`` files are read with Debian's ``antiword`` program (``apt-get install antiword``);
when it is missing the file is refused (RK130) with that advice. Headers, footers,
images and comments of a ``.doc`` are not part of antiword's text; RTF destinations such
as headers, footers, footnotes, pictures and comments are skipped by striprtf. A note
says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.docx import OLE_MAGIC
from researchkit.io.metadata import parse_header_lines
from researchkit.transcripts import Source, Transcript

ANTIWORD_TIMEOUT = 60


def _from_lines(path, text: str, *, doc_id: str, source: Source, labels, notes: list[str], blank_separated: bool = False) -> Transcript:
    """Paragraphs from text lines; ``blank_separated``: paragraphs are separated by blank lines (antiword)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() or not blank_separated]
    attributes, consumed = parse_header_lines([line for _, line in numbered], require_terminator=not blank_separated)
    label = "paragraph" if blank_separated else "line"
    paragraphs = [RawParagraph(line, f"{label} {i if blank_separated else n}")
                  for i, (n, line) in enumerate(numbered[consumed:], start=consumed + 1) if line.strip()]
    if not paragraphs:
        raise TranscriptError("RK104", path, "has no text", hint="check that the transcript was saved with its text")
    return assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)


def read_rtf(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    r"""Read an RTF transcript from its bytes (see module docstring).

    Examples
    --------
    >>> t = read_rtf("a.rtf", rb"{\rtf1\ansi {\b I:} Dag.\par R: Hoi.\par}", doc_id="a", source=Source("a.rtf", "0"))
    >>> [(turn.role, t.turn_text(turn)) for turn in t.turns]
    [('interviewer', 'Dag.'), ('respondent', 'Hoi.')]
    """
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise TranscriptError("RK103", path, "is not an RTF file (it does not start with {\\rtf)", hint="open it in a word processor and save it again as .rtf or .docx")
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding="cp1252", errors="strict")
    except (UnicodeDecodeError, ValueError, IndexError) as err:
        raise TranscriptError("RK103", path, f"is not a readable RTF file ({type(err).__name__}: {err})", hint="save it again as .docx or .txt") from None
    if "\x00" in text:
        raise TranscriptError("RK105", path, "contains binary data after decoding", hint="save it again as .docx or .txt")
    notes = []
    if any(word in data for word in (b"\\header", b"\\footer", b"\\pict", b"\\footnote", b"\\annotation")):
        notes.append("RTF headers, footers, footnotes, pictures and comments are not part of the text and were left out")
    return _from_lines(path, text, doc_id=doc_id, source=Source(source.path, source.sha256, "rtf"), labels=labels, notes=notes)


def antiword_text(path: str | Path, data: bytes) -> str:
    """The text of an old Word file, by Debian's ``antiword`` (UTF-8, one line per paragraph).

    Raises
    ------
    TranscriptError
        RK130 when antiword is not installed; RK103 when it cannot read the file.
    """
    program = shutil.which("antiword")
    if program is None:
        raise TranscriptError(
            "RK130", path, "is an old Word (.doc) file, and the 'antiword' program that reads it is not installed",
            hint="install it (Debian/Ubuntu: apt-get install antiword) or save the file as .docx in Word",
        )
    if not data.startswith(OLE_MAGIC):
        raise TranscriptError("RK103", path, "is not an old Word .doc file (no OLE header)", hint="check the file; save it again as .docx")
    with tempfile.TemporaryDirectory(prefix="rk-doc-") as tmp:
        copy = Path(tmp) / "input.doc"
        copy.write_bytes(data)
        env = dict(os.environ, LC_ALL="C.UTF-8")
        try:
            done = subprocess.run([program, "-w", "0", "-m", "UTF-8.txt", str(copy)], capture_output=True,
                                  timeout=ANTIWORD_TIMEOUT, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise TranscriptError("RK103", path, f"antiword did not finish within {ANTIWORD_TIMEOUT} s", hint="save the file as .docx in Word") from None
    message = done.stderr.decode("utf-8", "replace").replace(str(copy), "").strip()
    if done.returncode != 0 or not done.stdout.strip():
        if "encrypt" in message.casefold() or "password" in message.casefold():
            raise TranscriptError("RK103", path, "is a password-protected .doc file", hint="remove the password and save it as .docx")
        raise TranscriptError("RK103", path, f"cannot be read as an old Word file ({message or 'no text'})", hint="open it in Word or LibreOffice and save it as .docx")
    return done.stdout.decode("utf-8", "replace")


def read_doc(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an old Word (``.doc``) transcript from its bytes with antiword (see module docstring)."""
    text = antiword_text(path, data)
    notes = ["read as plain text with antiword: headers, footers, comments and images of the .doc are left out"]
    if "[pic]" in text:
        notes.append(f"{text.count('[pic]')} picture marker(s) '[pic]' removed")
        text = text.replace("[pic]", "")
    return _from_lines(path, text, doc_id=doc_id, source=Source(source.path, source.sha256, "doc", "utf-8"), labels=labels, notes=notes, blank_separated=True)
