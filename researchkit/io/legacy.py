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
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.docx import OLE_MAGIC
from researchkit.io.limits import check_unit_count, count_lines
from researchkit.io.metadata import parse_header_lines
from researchkit.transcripts import Source, Transcript

ANTIWORD_TIMEOUT = 60
#: A ``{\field`` group longer than this (characters) is not searched for a hyperlink (see :func:`bound_rtf_work`).
FIELD_LIMIT = 2048
_FONT_ID = re.compile(r"\\f(\d{1,10})(?![a-zA-Z])")
_FONT_CHARSET = re.compile(r"\\fcharset(\d{1,10})")
_FIELD = re.compile(r"\{\\field(?![a-zA-Z])")
_TABLE = re.compile(r"\{\\fonttbl(?![a-zA-Z])")
#: Where striprtf (0.0.35) looks for its font table: the first ``{`` with ``\fonttbl`` before any other brace, which
#: also finds look-alikes (``{\*\fonttbl``, ``{\fonttblx``, ``{ \fonttbl``, ``{\rtf1\fonttbl``).
_TABLE_START = re.compile(r"\{[^{}]*\\fonttbl")
_PARAGRAPH_MARK = re.compile(r"(?<!\\)\\(?:par|pard|sect|line|row|cell|page)(?![a-zA-Z])")
#: RTF paragraph and line breaks, counted on the bytes for the unit limit (RK138): ``\\par``, not ``\\pard``.
_RTF_BREAK = re.compile(rb"\\(?:par|line)(?![a-z])")
_SURROGATES = re.compile("[\ud800-\udfff]")
_BRACE = re.compile(r"\\[\\{}]|[{}]")


def _group_ends(text: str, starts: set[int]) -> dict[int, int]:
    """For each ``{`` at an index in ``starts``: the index after its closing ``}`` (escaped braces skipped), when it closes."""
    ends: dict[int, int] = {}
    marks = bytearray()  # one byte per open group: 1 when it is one of ``starts``
    opened: list[int] = []  # the indexes of the open groups in ``starts``
    for m in _BRACE.finditer(text):
        token = m.group()
        if token == "{":
            mine = m.start() in starts
            marks.append(mine)
            if mine:
                opened.append(m.start())
        elif token == "}" and marks:
            if marks.pop():
                ends[opened.pop()] = m.end()
    return ends


def _plain_font_table(group: str) -> str:
    """The font table as striprtf needs it: one ``{\\fN\\fcharsetM x;}`` line per font that names both."""
    entries, depth, begin = [], 0, None
    for m in re.finditer(r"\\[\\{}]|[{}]", group):
        token = m.group()
        if token == "{":
            depth += 1
            if depth == 2:
                begin = m.start()
        elif token == "}":
            if depth == 2 and begin is not None:
                entries.append(group[begin:m.end()])
            depth -= 1
    if not entries:  # the old flat form: {\fonttbl\f0\fswiss Helvetica;\f1 ...;}
        entries = group.split(";")
    lines = []
    for entry in entries:
        font, charset = _FONT_ID.search(entry), _FONT_CHARSET.search(entry)
        if font and charset:
            lines.append(f"{{\\f{font.group(1)}\\fcharset{charset.group(1)} x;}}\n")
    return "{\\fonttbl\n" + "".join(lines) + "}"


def bound_rtf_work(text: str) -> str:
    r"""RTF source that striprtf converts in linear time, to the same text.

    striprtf looks for fonts and hyperlinks with regular expressions that take quadratic
    time on hostile input (a font table of 100,000 fonts without ``\fcharset``, thousands of
    ``{\field`` on one line: minutes for a megabyte). This rewrite changes nothing striprtf
    prints: the font table (never printed) is rebuilt with one font a line, and a line break
    (ignored in RTF) goes before every ``{\field`` and after its group, so each search stops
    at its own field. A field group longer than :data:`FIELD_LIMIT` characters is not read
    as a hyperlink (its text is kept, without the link's address). Pictures with binary data
    are taken out first, as striprtf does.

    Examples
    --------
    >>> from striprtf.striprtf import rtf_to_text
    >>> rtf = r'{\rtf1{\fonttbl{\f0\fcharset204 Arial;}}\f0 \'e4a {\field{\*\fldinst{HYPERLINK "https://x.nl"}}{\fldrslt{\ul site}}}\par}'
    >>> rtf_to_text(bound_rtf_work(rtf)) == rtf_to_text(rtf) == 'дa site("https://x.nl")\n'
    True
    >>> lookalike = r'{\rtf1{\*\fonttbl{\f0\fcharset204 Arial;}}\f0 \'e4a\par}'  # striprtf's search finds it too
    >>> rtf_to_text(bound_rtf_work(lookalike)) == rtf_to_text(lookalike) == 'дa\n'
    True
    """
    from striprtf.striprtf import remove_pict_groups

    text = remove_pict_groups(text)
    table = _TABLE_START.search(text)
    fields = [m.start() for m in _FIELD.finditer(text)]
    ends = _group_ends(text, set(fields) | ({table.start()} if table else set()))
    if table:  # an unclosed table hides the rest of the file, as in striprtf (read_rtf refuses it first: RK135)
        end = ends.get(table.start(), len(text))
        rebuilt = _plain_font_table(text[table.start():end])
        if _TABLE.match(text, table.start()):  # {\fonttbl itself: never printed, so replaced
            text = text[:table.start()] + rebuilt + text[end:]
        else:  # a look-alike keeps its text; the rebuilt table goes just inside it, where striprtf's search finds it first
            text = text[:table.start() + 1] + rebuilt + text[table.start() + 1:]
        if fields:
            fields = [m.start() for m in _FIELD.finditer(text)]
            ends = _group_ends(text, set(fields))
    pieces, last = [], 0
    for start in fields:
        if start < last:  # inside a field group kept whole above
            continue
        pieces.append(text[last:start])
        end = ends.get(start)
        if end is None or end - start > FIELD_LIMIT:  # too long for a link: "{\\field" and a line break is not searched
            pieces.append("\n{\\field\n")
            last = start + len("{\\field")
        else:
            pieces.append("\n" + text[start:end] + "\n")
            last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _line_of(text: str, index: int) -> int:
    """The line (1-based) of ``text[index]``, counting ``\\n`` line ends, or ``\\r`` ones in a file without any ``\\n``."""
    return text.count("\n" if "\n" in text else "\r", 0, index) + 1


def broken_font_table(text: str) -> tuple[int, int] | None:
    r"""The font table striprtf would read, when its group runs on into the document: ``(where it opens, the first
    paragraph mark inside it)``, else ``None``.

    A font table holds fonts, never a paragraph: when its ``}`` is missing, its group runs on into
    the document (to a later ``}``, or to the end of the file), whose text is then read as font
    names (or, in a ``{\fonttbl`` destination, not at all). A paragraph mark (``\par``, ``\pard``,
    ``\sect``, ``\line``, ``\row``, ``\cell``, ``\page``) inside it shows that. A table cut off at
    the end of a file with only fonts in it hides no text (the text above it is read). One linear
    pass; :func:`read_rtf` refuses such a file (RK135).

    Examples
    --------
    >>> broken_font_table(r"{\rtf1{\fonttbl{\f0 Arial;}" + "\n" + r"I: Dag.\par}")
    (6, 35)
    >>> broken_font_table(r"{\rtf1 I: Dag.\par{\fonttbl{\f0 Arial;}") , broken_font_table(r"{\rtf1{\fonttbl{\f0 Arial;}}I: Dag.\par}")
    (None, None)
    """
    table = _TABLE_START.search(text)
    if table is None:
        return None
    end = _group_ends(text, {table.start()}).get(table.start(), len(text))
    mark = _PARAGRAPH_MARK.search(text, table.end(), end)
    return None if mark is None else (table.start(), mark.start())


def document_end(text: str) -> int | None:
    r"""The index just after the ``}`` that closes the outer ``{\rtf`` group, as striprtf stops there (else ``None``).

    Examples
    --------
    >>> document_end(r"{\rtf1 a}}b}"), document_end(r"{\rtf1 {\b a}") is None
    (9, True)
    """
    depth = 0
    for m in _BRACE.finditer(text):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}" and depth:
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def check_rtf_structure(path, text: str, *, pictures: bool = False) -> list[str]:
    r"""Refuse an RTF whose font table runs on into the document (RK135); a note when RTF follows the document's end.

    ``text`` is the file decoded as Latin-1 (one character a byte) with its binary pictures taken
    out (``pictures``: some were, so places are counted without them). striprtf, as Word, reads
    nothing after the ``}`` that closes the outer group: a stray ``}`` before the end leaves the rest
    out, and the note says where.

    Examples
    --------
    >>> check_rtf_structure("a.rtf", r"{\rtf1 I: Dag.\par}" + "\r\n")
    []
    >>> check_rtf_structure("a.rtf", r"{\rtf1 I: Dag.}\par R: Hoi.\par}")[0][:59]
    'RTF after the end of the document was left out: 17 bytes af'
    """
    counted = " (counted without the binary data of its pictures)" if pictures else ""
    broken = broken_font_table(text)
    if broken is not None:
        table, where = broken
        how = f"its group runs on into the text of the document (a paragraph mark at line {_line_of(text, where)}, byte {where})"
        raise TranscriptError(
            "RK135", path,
            f"its font table '{_TABLE_START.match(text, table).group()}' is missing its closing '}}': {how}, so the text after it "
            f"({len(text) - table:,} bytes) would be taken for font names and not read",
            location=f"line {_line_of(text, table)}, byte {table}{counted}",
            hint="open the file in Word or LibreOffice and save it again as .rtf or .docx; if it does not open there, "
                 "add the '}' that ends the font table (after its last font) in a text editor",
        )
    end = document_end(text)
    rest = text[end:] if end is not None else ""
    if rest.strip(" \t\r\n\x00"):
        return [f"RTF after the end of the document was left out: {len(rest):,} bytes after the '}}' that closes the "
                f"document at line {_line_of(text, end - 1)}, byte {end - 1}{counted} (a '}}' too many before it?), "
                "as Word leaves them out; open the file in Word and check that no text is missing"]
    return []


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
    from striprtf.striprtf import remove_pict_groups, rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise TranscriptError("RK103", path, "is not an RTF file (it does not start with {\\rtf)", hint="open it in a word processor and save it again as .rtf or .docx")
    check_unit_count(path, sum(1 for _ in _RTF_BREAK.finditer(data)), "paragraph and line breaks (\\par, \\line)")
    try:
        rtf = remove_pict_groups(data.decode("latin-1"))
    except ValueError as err:  # a \bin without its length
        raise TranscriptError("RK103", path, f"is not a readable RTF file ({type(err).__name__}: {err})", hint="save it again as .docx or .txt") from None
    notes = check_rtf_structure(path, rtf, pictures=len(rtf) != len(data))
    try:
        text = rtf_to_text(bound_rtf_work(rtf), encoding="cp1252", errors="strict")
    except (UnicodeDecodeError, ValueError, IndexError, OverflowError) as err:
        raise TranscriptError("RK103", path, f"is not a readable RTF file ({type(err).__name__}: {err})", hint="save it again as .docx or .txt") from None
    if "\x00" in text:
        raise TranscriptError("RK105", path, "contains binary data after decoding", hint="save it again as .docx or .txt")
    if _SURROGATES.search(text):  # \uN gives UTF-16 units: a character beyond U+FFFF (an emoji) is a pair of them
        before = text.count("\ufffd")
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if text.count("\ufffd") > before:
            notes.append(f"{text.count(chr(0xFFFD)) - before} \\u escape(s) that are half of a UTF-16 pair, alone, "
                         "replaced by U+FFFD")
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
    check_unit_count(path, count_lines(text), "lines")
    notes = ["read as plain text with antiword: headers, footers, comments and images of the .doc are left out"]
    if "[pic]" in text:
        notes.append(f"{text.count('[pic]')} picture marker(s) '[pic]' removed")
        text = text.replace("[pic]", "")
    return _from_lines(path, text, doc_id=doc_id, source=Source(source.path, source.sha256, "doc", "utf-8"), labels=labels, notes=notes, blank_separated=True)
