"""Reader for plain-text transcripts (``.txt``, ``.md``, ``.rst``): encodings, headers, lines.

Encodings are detected, never guessed silently (:func:`decode_text`, shared by every text
format): a byte-order mark decides first (UTF-8, UTF-16, UTF-32), then strict UTF-8, then
UTF-8 with a few stray Windows-1252 bytes (a line pasted from an old file: the UTF-8 read as
UTF-8, each stray byte as cp1252, the lines listed in a note; ``io/mixedutf8.py``), then a
legacy single-byte encoding chosen by ``charset-normalizer`` among those Windows and Mac
users produce (cp1252, mac_roman, ISO-8859-15); the choice is recorded in
``Transcript.source.encoding`` and noted when it is not UTF-8.

Examples
--------
>>> decode_bytes("Geïnterviewde: ja".encode("cp1252"), "x.txt")[1]
'cp1252'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io import limits
from researchkit.io.furniture import find_text_furniture
from researchkit.io.lineends import unify_line_ends
from researchkit.io.ldclines import ldc_labels, ldc_layout, ldc_note, ldc_paragraph
from researchkit.io.linenumbers import number_lines, with_line_numbers
from researchkit.io.metadata import parse_header_lines, split_front_matter
from researchkit.io.mixedutf8 import MIXED_ENCODING, StrayByte, read_mixed_utf8, stray_note
from researchkit.io.reflow import double_spaced, join_wrapped, wrapped_breaks
from researchkit.io.sections import underlined_headings
from researchkit.transcripts import Source, Transcript, canonical_text


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
LEGACY_ENCODINGS = ["cp1252", "mac_roman", "iso8859_15"]
_MD_BOLD_LABEL = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_\n]{1,70}?)\1\s*:?")
#: A Markdown line printed wholly in bold, however long (a question typed in bold: ``**Heb je ... gaan?**``).
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)[^*_\n]+\1\s*$")
#: A bold label after the time that opens the line: ``(0:02) **Sebastián:** Empezaríamos``, ``[00:01:05] **P1**: Yes``.
_MD_TIMED_BOLD_LABEL = re.compile(
    r"^[ \t]*(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]|\(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\)"
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[ \t\u00a0]+(\*\*|__)(?P<label>[^*_\n]{1,70}?)\1[ \t]*:?")


#: A line that opens with a label between double asterisks (``**Interviewer:** Hello``, ``**P1**: Yes``).
_ASTERISK_LABEL = re.compile(r"^[ \t]*\*\*[^\W\d_][^*\n]{0,69}?\*\*")


def _bold_labels_in_text(lines: list[str]) -> bool:
    """Whether a plain text file writes Markdown bold labels: two lines or more open with ``**Label**``.

    Examples
    --------
    >>> _bold_labels_in_text(["**Interviewer:** Hi.", "", "**P1:** Hello."]), _bold_labels_in_text(["**Note** x", "I: a"])
    (True, False)
    """
    found = 0
    for line in lines:
        if (line.startswith(("**", " **", "\t**")) and _ASTERISK_LABEL.match(line)) or _MD_TIMED_BOLD_LABEL.match(line):
            found += 1
            if found >= 2:
                return True
    return False


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


_PLAUSIBLE = set("àáâäãåçèéêëìíîïñòóôöõùúûüÿýæøœßÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜŸÆØŒ‘’“”„–—…€°·«»")


def _most_plausible_legacy(data: bytes) -> str | None:
    """Pick the legacy encoding whose non-ASCII characters look most like Western text.

    charset-normalizer tells binary from text well but confuses cp1252 and Mac Roman
    on short texts; letters with diacritics and typographic quotes decide here.
    Ties go to cp1252, the most common legacy encoding.
    """
    high = bytes(sorted({b for b in data if b >= 0x80}))
    best, best_score = None, None
    for name in LEGACY_ENCODINGS:
        try:
            decoded = data.decode(name)
        except UnicodeDecodeError:
            continue
        non_ascii = [ch for ch in decoded if ord(ch) >= 0x80]
        score = sum(1 if ch in _PLAUSIBLE else -2 for ch in non_ascii)
        if best_score is None or score > best_score:
            best, best_score = name, score
    return best if high else None


def _refuse_binary(text: str, path: str | Path, what: str) -> None:
    """Refuse decoded text that is really binary: NUL or other control characters, unassigned or private-use code points, lone surrogates.

    Any byte sequence of even length decodes as UTF-16; real text has almost none of these.
    """
    bad = 0
    for offset, ch in enumerate(text):
        if ch in "\t\r\n\f\ufeff\x85":  # NEL is a line end (io/lineends.py)
            continue
        category = unicodedata.category(ch)
        if ch == "\x00" or category in {"Cc", "Cn", "Co", "Cs"}:
            bad += 1
            if ch == "\x00" or bad > max(3, len(text) // 1000):
                raise TranscriptError(
                    "RK105", path, f"contains binary data (read as {what}, character {offset} is U+{ord(ch):04X}, "
                    f"a {'NUL' if ch == chr(0) else 'control or unassigned'} character); it is not a text transcript",
                    hint="export the transcript as plain text (.txt) or Word (.docx)",
                )


@dataclass(frozen=True)
class DecodedText:
    """A text file's decoded text, the encoding used and what the notes need.

    Attributes
    ----------
    text
        The decoded text (a byte-order mark kept as ``\\ufeff`` when the codec keeps it).
    encoding
        The encoding used (``Transcript.source.encoding``): ``utf-8``, ``utf-16``, ``cp1252``, ...,
        or :data:`researchkit.io.mixedutf8.MIXED_ENCODING` for UTF-8 with stray cp1252 bytes.
    forced
        The encoding the caller passed (then no note is made).
    strays
        For the mixed reading, the bytes read as cp1252 (:class:`researchkit.io.mixedutf8.StrayByte`).
    path
        The file, for the notes.
    """

    text: str
    encoding: str
    forced: str | None = None
    strays: tuple[StrayByte, ...] = ()
    path: str = ""

    @property
    def notes(self) -> list[str]:
        """The notes on the decoding: not UTF-8 (:func:`encoding_notes`), and the stray bytes with their lines.

        Examples
        --------
        >>> decode_text("café\\n".encode() + b"caf\\xe9\\n", "r01.txt").notes  # doctest: +ELLIPSIS
        ["r01.txt is UTF-8 except for 1 byte(s) on 1 line(s) (line 2), each read as ... 0xE9 as 'é'; ..."]
        """
        if self.strays:
            return [stray_note(self.path, self.strays)]
        return encoding_notes(self.encoding, forced=self.forced)

    def parts(self) -> tuple[str, str, list[str]]:
        """``(text, encoding, notes)``, as a reader unpacks them.

        Examples
        --------
        >>> decode_text(b"I: Dag.", "a.txt").parts()
        ('I: Dag.', 'utf-8', [])
        """
        return self.text, self.encoding, self.notes


def decode_bytes(data: bytes, path: str | Path, *, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes, detecting the encoding: :func:`decode_text`'s text and encoding.

    Parameters
    ----------
    data
        The file's bytes.
    path
        For messages.
    encoding
        Force an encoding (skips detection).

    Returns
    -------
    (text, encoding)

    Raises
    ------
    TranscriptError
        RK104 empty, RK105 binary data, RK106 undecodable.

    Examples
    --------
    >>> decode_bytes("café ".encode() + b"caf\\xe9", "x.txt")
    ('café café', 'utf-8+cp1252')
    """
    decoded = decode_text(data, path, encoding=encoding)
    return decoded.text, decoded.encoding


def _refuse_controls(text: str, path: str | Path) -> None:
    """RK105 for text with many control characters (more than 5 and 1 in 100 of the first 20,000 characters)."""
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(5, len(text[:20000]) // 100):
        raise TranscriptError("RK105", path, "contains binary data (many control characters); it is not a text transcript",
                              hint="export the transcript as plain text (.txt) or Word (.docx)")


def decode_text(data: bytes, path: str | Path, *, encoding: str | None = None) -> DecodedText:
    """Decode a text file's bytes, detecting the encoding; the one decoding of every text reader.

    A byte-order mark decides first, then a UTF-16 byte pattern, then strict UTF-8, then UTF-8 with a
    few stray Windows-1252 bytes (:func:`researchkit.io.mixedutf8.read_mixed_utf8`: the UTF-8 read as
    UTF-8, each stray byte as cp1252, listed in the note), then a legacy single-byte encoding. A file
    with a UTF-8 byte-order mark that is not valid UTF-8 gets the same mixed reading of the bytes after
    the mark (the mark is no text and no evidence), else RK106.

    Parameters
    ----------
    data
        The file's bytes.
    path
        For messages and notes.
    encoding
        Force an encoding (skips detection).

    Returns
    -------
    DecodedText
        ``.text``, ``.encoding`` and ``.notes``.

    Raises
    ------
    TranscriptError
        RK104 empty, RK105 binary data, RK106 undecodable.

    Examples
    --------
    >>> d = decode_text("Zoë: café\\n".encode() + b"R: caf\\xe9\\n", "r01.txt")
    >>> d.text, d.encoding, [(s.line, s.char) for s in d.strays]
    ('Zoë: café\\nR: café\\n', 'utf-8+cp1252', [(2, 'é')])
    """
    where = str(path)
    bom = next((b for b, _ in _BOMS if data.startswith(b)), b"")
    if not data[len(bom):].strip(b" \t\r\n\x00"):
        raise TranscriptError("RK104", path, "the file is empty" + (" (only a byte-order mark)" if bom else ""),
                              hint="check that the transcript was saved with its text")
    if encoding:
        try:
            return DecodedText(data.decode(encoding), encoding, forced=encoding, path=where)
        except (UnicodeDecodeError, LookupError) as err:
            raise TranscriptError("RK106", path, f"cannot be decoded as {encoding!r}: {err}", hint="pass the right encoding= or leave it out to detect it") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                decoded = data.decode(name)
                _refuse_binary(decoded, path, name.replace("-sig", "") + " text")
                return DecodedText(decoded, name.replace("-sig", ""), path=where)
            except UnicodeDecodeError as err:
                # UTF-8 with a BOM and a pasted cp1252 line: the body (the BOM is no text) read as the mixed reading does
                mixed = read_mixed_utf8(data[len(bom):]) if bom == codecs.BOM_UTF8 else None
                if mixed is not None:
                    _refuse_controls(mixed[0], path)
                    return DecodedText(mixed[0], MIXED_ENCODING, strays=mixed[1], path=where)
                if bom != codecs.BOM_UTF8:
                    raise TranscriptError("RK106", path, f"starts with a {name} byte-order mark but is not valid {name}: {err}", hint="re-save the file as UTF-8") from None
                line = err.object[: err.start].count(b"\n") + 1  # err.object: the bytes after the mark
                raise TranscriptError(
                    "RK106", path, f"starts with a UTF-8 byte-order mark but is not UTF-8: byte(s) "
                    f"{' '.join(f'0x{b:02X}' for b in err.object[err.start:err.end])} at line {line} (byte {err.start + len(bom)}), "
                    "and too little of the rest is UTF-8 to read the bad bytes as stray Windows-1252 characters",
                    location=f"line {line}", hint="re-save the file as UTF-8, or pass encoding='...' if you know its encoding") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            decoded = data.decode(utf16)
        except UnicodeDecodeError:
            decoded = None
        if decoded is not None:
            _refuse_binary(decoded, path, f"{utf16} text")
            return DecodedText(decoded, utf16, path=where)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise TranscriptError(
            "RK105", path, f"contains binary data (a NUL byte at byte {offset}); it is not a text transcript",
            hint="export the transcript as plain text (.txt) or Word (.docx)",
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", path=where)
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    mixed = read_mixed_utf8(data)
    if mixed is not None:
        _refuse_controls(mixed[0], path)
        return DecodedText(mixed[0], MIXED_ENCODING, strays=mixed[1], path=where)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise TranscriptError(
            "RK106", path, f"is not UTF-8 (invalid byte at offset {first_bad}) and no Windows or Mac encoding fits",
            hint="re-save the file as UTF-8, or pass encoding='...' if you know it",
        )
    encoding_used = _most_plausible_legacy(data) or best.encoding
    text = data.decode(encoding_used)
    _refuse_controls(text, path)
    return DecodedText(text, encoding_used, path=where)


def encoding_notes(used: str, *, forced: str | None = None) -> list[str]:
    """The note for a file that was not UTF-8 (none when it was, or when the caller chose the encoding).

    Examples
    --------
    >>> encoding_notes("utf-8")
    []
    >>> encoding_notes("utf-16")
    ['decoded as utf-16 (from its byte-order mark or byte pattern), not UTF-8']
    """
    if forced or used in {"utf-8", "ascii"}:
        return []
    if used.startswith(("utf-16", "utf-32")):
        return [f"decoded as {used} (from its byte-order mark or byte pattern), not UTF-8"]
    if used == MIXED_ENCODING:  # DecodedText.notes lists the bytes and their lines
        return ["decoded as UTF-8 except for stray bytes read as Windows-1252 (cp1252) characters; check the accents"]
    return [f"decoded as {used} (detected, not UTF-8); if characters look wrong, pass encoding=..."]


def furniture_notes(kinds: list[str]) -> list[str]:
    """The note on page furniture found in a text file (none when there is none).

    Examples
    --------
    >>> furniture_notes(["running header"] * 3 + ["page number"] * 12)
    ['page furniture set apart from the turns (it stays in the text, outside turn boundaries): 3 running header(s) and 12 page number(s)']
    """
    if not kinds:
        return []
    kinds_known = ("running header", "page number", "line number", "cue number", "subtitle header")
    counts = [f"{kinds.count(kind)} {kind}(s)" for kind in kinds_known if kind in kinds]
    listed = " and ".join(counts) if len(counts) < 3 else ", ".join(counts[:-1]) + " and " + counts[-1]
    return ["page furniture set apart from the turns (it stays in the text, outside turn boundaries): " + listed]


def check_line_count(path: str | Path, text: str, limit: int | None = None) -> None:
    """Refuse a text with more than ``limit`` lines (RK136), counted in C before any line is made.

    The limit is every format's (:data:`researchkit.io.limits.MAX_UNITS`, read at the call): a day-long
    hearing has tens of thousands of lines; a file of millions of one-word lines (``A: ja``, 25 MiB is
    four million) would take gigabytes to assemble (some 600 bytes a paragraph).

    Examples
    --------
    >>> check_line_count("a.txt", "A: ja\\nB: nee\\n" * 3, limit=6)
    >>> check_line_count("a.txt", "A: ja\\r\\nB: nee\\r\\n" * 3 + "A: ja", limit=6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK136] a.txt, line 7: has 7 lines, more than the 6 a transcript may have...
    """
    limit = limits.MAX_UNITS if limit is None else limit
    lines = limits.count_lines(text)
    if lines > limit:
        raise TranscriptError(
            "RK136", path,
            f"has {lines:,} lines, more than the {limit:,} a transcript may have (assembling so many paragraphs would "
            "take gigabytes of memory)",
            location=f"line {limit + 1:,}",
            hint="check that this is one transcript; split it into files of fewer lines (one per interview or session)",
        )


def read_text(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a ``.txt``/``.md``/``.rst`` transcript from its bytes (see module docstring).

    Each non-empty line is a paragraph; a metadata block (YAML front matter or
    ``Key: value`` lines ended by a blank line or ``---``) becomes attributes.

    Examples
    --------
    >>> from researchkit.transcripts import Source
    >>> t = read_text("a.txt", b"Haven: Harlingen\\nGroep: visser\\n\\nI: Dag.\\nR: Hoi.",
    ...               doc_id="a", source=Source("a.txt", "0"))
    >>> t.attributes["haven"], len(t.turns)
    ('Harlingen', 2)
    """
    text, used, decode_notes = decode_text(data, path, encoding=encoding).parts()
    text, line_end_notes = unify_line_ends(text)  # U+2028, NEL, a form feed inside a line: line ends
    check_line_count(path, text)
    lines = canonical_text(text).split("\n")  # NFC before the header is read: attributes compare across files
    notes = decode_notes + line_end_notes
    try:
        front = split_front_matter(lines)
    except ValueError as err:
        line, message = err.args
        raise TranscriptError("RK108", path, message, location=f"line {line}", hint="fix the YAML between the '---' lines") from None
    if front is not None:
        attributes, consumed = front
    else:
        attributes, consumed = parse_header_lines(lines)
    body_furniture = find_text_furniture(lines[consumed:])
    lines, line_numbers, numbering_notes = number_lines(lines, start=consumed, furniture=body_furniture)
    notes.extend(numbering_notes)
    # reStructuredText writes bold as Markdown does; a plain text file may be Markdown saved as .txt (**Interviewer:**)
    is_markdown = Path(path).suffix.lower() in (".md", ".rst") or _bold_labels_in_text(lines[consumed:])
    # the lines the furniture was found in for the numbering, when no number left them and no header came before
    found = (body_furniture if consumed == 0 and not numbering_notes and all(n is None for n in line_numbers)
             else find_text_furniture(lines))
    furniture = {i: kind for i, kind in found.items() if i >= consumed}
    notes.extend(furniture_notes(list(furniture.values())))
    body = lines[consumed:]
    wraps = wrapped_breaks(body, skip={i - consumed for i in furniture})
    if wraps and double_spaced(body, {i - consumed for i in furniture}):
        joins = sum(1 for i in wraps if body[i].strip())
        notes.append(f"hard-wrapped, double-spaced text: {joins} line breaks inside paragraphs (a line of the file's width "
                     "that does not end a sentence, the blank line below it spacing) joined with a space, so sentences "
                     "run on; the other breaks are kept")
    elif wraps:
        notes.append(f"hard-wrapped text: {len(wraps)} line breaks inside paragraphs (the next word would not have fitted "
                     "on the line) joined with a space, so sentences run on; the other breaks are kept")
    joined = join_wrapped(body, wraps)
    layout = ldc_layout(body)
    underlined = underlined_headings(body)
    paragraphs = []
    for line, parts in joined:
        if not line.strip():
            continue
        first = consumed + parts[0][1]
        bold = 0
        if is_markdown:
            m = _MD_BOLD_LINE.match(line) or _MD_BOLD_LABEL.match(line) or _MD_TIMED_BOLD_LABEL.match(line)
            if m:
                bold = m.end()
        where = f"line {first + 1}" if len(parts) == 1 else f"lines {first + 1}-{consumed + parts[-1][1] + 1}"
        if layout:
            paragraphs.append(ldc_paragraph(line, where, layout, furniture=furniture.get(first, "")))
            continue
        paragraphs.append(RawParagraph(line, where, bold_prefix=bold, furniture=furniture.get(first, ""),
                                       heading=len(parts) == 1 and parts[0][1] in underlined))
    if layout:
        labels = ldc_labels(paragraphs, labels)
        notes.append(ldc_note(layout, paragraphs))
    source = Source(source.path, source.sha256, "text", used)
    if all(n is None for n in line_numbers):  # no printed line numbers: the joined lines are not needed below
        del text, lines, body, joined
        return assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)
    transcript = assemble(doc_id, paragraphs, labels=labels, attributes=attributes, source=source, notes=notes)
    numbered = [[(offset, n) for offset, i in parts if (n := line_numbers[consumed + i]) is not None] for _, parts in joined]
    return with_line_numbers(transcript, [text for text, _ in joined], numbered)
