"""Reader for CHAT transcripts (``.cha``), TalkBank's format (CHILDES, CABank, AphasiaBank, SLABank ...).

A CHAT file is a list of lines, each marked by its first character::

    @UTF8
    @Begin
    @Languages:\teng
    @Participants:\tPAR Participant, INV Investigator
    @ID:\teng|Pitt|PAR|58;|female|Control||Participant|||
    @Media:\t002-0c, audio
    *INV:\tjust tell me what happens . \\x1512_2250\\x15
    *PAR:\tthe boy is [/] is climbing &-uh the tree . \\x152300_5120\\x15
    %mor:\tdet:art|the n|boy ...
    *PAR:\tand the cat +... \\x155200_6010\\x15
    @End

- **Utterances** (main tiers, ``*CODE:`` and a tab) are the speech. Each is one line (one
  paragraph) of the canonical text, written **as transcribed**: CHAT's symbols (``[/]``,
  ``[: target]``, ``&-uh``, ``xxx``, ``+...``, ``<overlap> [>]``, ``(.)``, ``@s``, CA's
  ``⌈ ⌉ ↑ ↓``) stay, so a quote is what the transcriber wrote and CLAN finds it again. A line
  continued on the next line (a tab first) is joined with one space.
- **Turns**: consecutive utterances of one speaker form one turn, written once as
  ``Speaker: ...``, one utterance per line. A turn is a speaker's stretch of talk until someone
  else speaks (what conversation analysis calls a turn, what every other reader of researchkit
  makes of subtitle cues and ASR segments); CHAT's split into utterances stays visible as the
  lines (paragraph units) of the turn.
- **Media bullets** (``\\x15start_end\\x15`` in milliseconds, older files
  ``\\x15%snd:"file"_start_end\\x15``; ``•start_end•`` as copied from CLAN's screen) are times,
  not words: they leave the text (with the spaces around them), the utterance's first bullet is
  its time and a turn's time is its first utterance's. Other bullets (``%pic:``, ``%txt:``
  links) leave the text too; a note counts them.
- **Speakers** and roles come from ``@Participants`` and ``@ID``
  (:mod:`researchkit.io.talkbank_headers`): the name, else the role, else the code; roles
  ``Investigator``/``Interviewer`` → interviewer, ``Target_Child``/``Participant`` ... →
  respondent, others ``other``; ``labels=`` overrides (keyed by the label or the CHAT code). A code no participant declares is
  labelled by itself, role ``other``, and noted.
- **Headers** before the first utterance become attributes: ``languages``, ``participants``,
  ``corpus`` (from ``@ID``), ``media`` and ``media_type``, ``date``, ``location``,
  ``situation``, ``comment``, ``options``, ``pid``, ... (any ``@Key:\\tvalue`` under its
  lower-case key); the one respondent's ``@ID`` age, sex, group, SES and education too. CLAN's
  editor settings (``@Window``, ``@Font``, ``@Color words``) are not kept.
- **Not speech, left out of the text, with a note**: dependent tiers (``%mor``, ``%gra``,
  ``%pho``, ``%act`` ..., counted by name), comments (``%com`` and ``@Comment`` between the
  utterances, listed with their lines), gems (``@G``, ``@Bg``, ``@Eg``; their labels also in
  the ``gems`` attribute) and other headers between the utterances.
- **Encoding**: ``@UTF8`` files must be UTF-8: a few stray Windows-1252 bytes in UTF-8 text (a line
  pasted from an old file) are read as :mod:`researchkit.io.mixedutf8` reads them (each byte its cp1252
  character, the lines and bytes noted), any other bad byte is RK119 naming its line; a BOM and
  CRLF line ends are fine; a file without ``@UTF8`` is read as UTF-8 when it is, else its
  encoding is detected as for a text file (noted).
- **Errors**: RK116 a file that is not CHAT (a first line that is neither header nor
  utterance); RK104, as in every format, a file without words (only headers, only bullets);
  RK117 a ``*`` line that is no utterance (``*MOT hello``); RK118 an utterance before
  ``@Begin`` or after ``@End``; RK119 the encoding. A missing ``@Begin`` or ``@End``, a line
  without its tab, a code without its colon (``*CHI\\thi .``) and undeclared speakers are
  notes: real files have them.

Examples
--------
>>> from researchkit.transcripts import Source
>>> data = ("@UTF8\\n@Begin\\n@Participants:\\tINV Investigator, PAR Participant\\n"
...         "*INV:\\ttell me . \\x15100_900\\x15\\n*PAR:\\tthe boy [/] the boy fell . \\x151000_2500\\x15\\n"
...         "%mor:\\tdet|the n|boy\\n*PAR:\\tyes .\\n@End\\n").encode()
>>> t = read_cha("a.cha", data, doc_id="a", source=Source("a.cha", "0"))
>>> print(t.text)
Investigator: tell me .
Participant: the boy [/] the boy fell .
yes .
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Investigator', 'interviewer', 0.1, 'tell me .'), ('Participant', 'respondent', 1.0, 'the boy [/] the boy fell .\\nyes .')]
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from researchkit.errors import TranscriptError
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.limits import check_unit_count
from researchkit.io.metadata import normalise_key
from researchkit.io.mixedutf8 import MIXED_ENCODING, decode_as, read_mixed_utf8, stray_note
from researchkit.io.roles import LabelMap
from researchkit.io.talkbank_headers import (
    apply_ids, chat_role, parse_id, parse_participants, participants_attribute, respondent_attributes, speaker_labels,
)
from researchkit.io.text import decode_bytes, decode_text, encoding_notes
from researchkit.transcripts import DECLARED_ONCE_NOTE, MAPPED_ONCE_NOTE, Source, Transcript, canonical_text

__all__ = ["read_cha", "take_bullets", "chat_lines", "decode_chat"]

#: Places listed in one note before it says how many more there are.
MAX_LISTED = 20
#: A bullet: NAK, at most 300 characters, NAK (CLAN writes ``\x15123_4567\x15``), with the blanks after it. The blanks
#: before it are cut in Python: a pattern that starts with a run of blanks would try every blank of a long run again.
_BULLET_RE = re.compile(r"\x15([^\x15\n]{0,300})\x15[ \t]*")
#: The same times between ``•`` (U+2022), as copied from CLAN's screen: only a time, never other text.
_DOT_BULLET_RE = re.compile(r'\u2022((?:%(?:snd|mov):"[^"\u2022\n]{0,255}"_)?\d{1,10}_\d{1,10}-?)\u2022[ \t]*')
_TIME_RE = re.compile(r'(?:%(?:snd|mov):"[^"\n]{0,255}"_)?(\d{1,10})_(\d{1,10})-?')
_MAIN_RE = re.compile(r"\*([^\s:]{1,32}):(.*)", re.S)
#: A slip CLAN's CHECK reports and real files have: the code and its tab, no colon (``*CHI\thi .``); the speaker is plain.
_NO_COLON_RE = re.compile(r"\*([^\s:]{1,32})\t(.*)", re.S)
_DEPENDENT_RE = re.compile(r"%([^\s:]{1,32}):?")
#: CLAN's editor settings, written before ``@Begin``: not about the recording.
_EDITOR_HEADERS = {"window", "font", "color words"}
_GEMS = {"g", "bg", "eg"}
_STRUCTURE = {"utf8", "begin", "end"}


@dataclass
class _Chat:
    """What a CHAT file's lines hold, sorted by kind."""

    headers: list[tuple[int, str, str]] = field(default_factory=list)  # before the first utterance
    utterances: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, text as written)
    tiers: Counter = field(default_factory=Counter)  # dependent tiers by name
    comments: list[tuple[int, str, str]] = field(default_factory=list)  # (line, '%com' or '@Comment', text)
    gems: list[tuple[int, str, str]] = field(default_factory=list)
    between: list[tuple[int, str, str]] = field(default_factory=list)  # other headers between utterances
    after_end: list[int] = field(default_factory=list)
    no_colon: list[int] = field(default_factory=list)  # utterances written *CODE<tab>, without the colon
    marks: dict = field(default_factory=dict)  # 'utf8', 'begin', 'end' -> line


def take_bullets(text: str) -> tuple[str, list[tuple[int, int] | None]]:
    """The utterance without its media bullets, and each bullet's ``(start, end)`` in ms (``None``: not a time).

    A bullet leaves with the blanks around it; where words stand on both sides one space stays.

    Examples
    --------
    >>> take_bullets("the boy fell . \\x151000_2500\\x15")
    ('the boy fell .', [(1000, 2500)])
    >>> take_bullets('so \\x15%snd:"A787"_27329_29409\\x15 then \\x15%pic:"a.jpg"\\x15 .')
    ('so then .', [(27329, 29409), None])
    >>> take_bullets("ja . \\u20221_2\\u2022")
    ('ja .', [(1, 2)])
    """
    times: list[tuple[int, int] | None] = []
    for pattern, mark in ((_BULLET_RE, "\x15"), (_DOT_BULLET_RE, "\u2022")):
        if mark not in text:
            continue
        pieces: list[str] = []
        last = 0
        for match in pattern.finditer(text):
            time = _TIME_RE.fullmatch(match.group(1))
            times.append((int(time.group(1)), int(time.group(2))) if time else None)
            pieces.append(text[last : match.start()].rstrip(" \t"))
            last = match.end()
        pieces.append(text[last:])
        text = " ".join(piece for piece in pieces if piece)
    return text.strip(), times


def chat_lines(text: str, path: str | Path) -> tuple[list[tuple[int, str]], list[int]]:
    """The file's tiers and headers, each with its first line number, continuation lines joined with one space.

    A line that starts with a tab (or blanks) continues the line above; so does a line without a
    mark (``@``, ``*``, ``%``), which CHAT forbids but editors make: its number is returned for a note.

    Raises
    ------
    TranscriptError
        RK116 when the first line that is not blank is neither a header nor an utterance.

    Examples
    --------
    >>> chat_lines("@Begin\\n*CHI:\\tI want\\n\\tthe ball .\\nmore .\\n@End", "a.cha")
    ([(1, '@Begin'), (2, '*CHI:\\tI want the ball . more .'), (5, '@End')], [4])
    """
    logical: list[tuple[int, list[str]]] = []
    stray: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if line[0] in "@*%":
            logical.append((number, [line.rstrip()]))
            continue
        if not logical:
            raise TranscriptError("RK116", path, f"is not a CHAT file: its first line {line.strip()[:60]!r} is neither a "
                                  "header (@Begin, @Participants: ...) nor an utterance (*CHI:\\t...)", location=f"line {number}",
                                  hint="check that this is a CLAN/TalkBank transcript; CHAT files start with @UTF8 and @Begin")
        if line[0] not in " \t":
            stray.append(number)
        logical[-1][1].append(line.strip())
    return [(number, " ".join(parts)) for number, parts in logical], stray


def _header(line: str) -> tuple[str, str]:
    """A header's name and value: ``@Birth of CHI:\\t28-JUN-2001`` -> ``('Birth of CHI', '28-JUN-2001')``."""
    name, colon, value = line[1:].partition(":")
    if "\x15" in value:  # a time or picture bullet in a comment is no part of its words
        value = take_bullets(value)[0].replace("\x15", "")
    return name.strip(), value.strip() if colon else ""


def _sort_lines(lines: list[tuple[int, str]], path: str | Path) -> _Chat:
    """The lines by kind, with the order of ``@Begin``, utterances and ``@End`` checked (RK117, RK118)."""
    chat = _Chat()
    begin = next((n for n, line in lines if line[0] == "@" and _header(line)[0].casefold() == "begin"), None)
    for number, line in lines:
        if chat.marks.get("end") is not None and line[0] != "*":
            chat.after_end.append(number)
            continue
        if line[0] == "@":
            name, value = _header(line)
            _sort_header(chat, number, name, value)
        elif line[0] == "%":
            m = _DEPENDENT_RE.match(line)
            tier = f"%{m.group(1)}" if m else "%"
            chat.tiers[tier] += 1
            if tier.casefold() == "%com":
                chat.comments.append((number, "%com", take_bullets(line[m.end():])[0].replace("\x15", "")))
        else:
            _check_order(chat, number, line, begin, path)
            m = _MAIN_RE.fullmatch(line)
            if m is None and (m := _NO_COLON_RE.fullmatch(line)) is not None:
                chat.no_colon.append(number)
            if m is None:
                raise TranscriptError("RK117", path, f"the line {line[:60]!r} starts with '*' but is not an utterance "
                                      "('*' and a speaker code of at most 32 characters, a colon, a tab, the words)",
                                      location=f"line {number}", hint="write it as *CODE:\\ttext, or remove the '*'")
            chat.utterances.append((number, m.group(1), m.group(2).strip()))
    return chat


def _sort_header(chat: _Chat, number: int, name: str, value: str) -> None:
    """File a header: structure marks, gems, comments between utterances, the rest of the header block."""
    key = name.casefold()
    if key in _STRUCTURE:
        chat.marks.setdefault(key, number)
    elif key in _GEMS:
        chat.gems.append((number, "@" + name, value))
    elif not chat.utterances:
        chat.headers.append((number, name, value))
    elif key == "comment":
        chat.comments.append((number, "@Comment", value))
    else:
        chat.between.append((number, "@" + name, value))


def _check_order(chat: _Chat, number: int, line: str, begin: int | None, path: str | Path) -> None:
    """RK118 for an utterance above ``@Begin`` or below ``@End``."""
    if begin is not None and number < begin:
        raise TranscriptError("RK118", path, f"the utterance {line[:60]!r} comes before @Begin (line {begin})",
                              location=f"line {number}", hint="move @Begin above the first utterance (CHAT: @UTF8, @Begin, headers, utterances, @End)")
    if chat.marks.get("end") is not None:
        raise TranscriptError("RK118", path, f"the utterance {line[:60]!r} comes after @End (line {chat.marks['end']}); the "
                              "file may hold two transcripts", location=f"line {number}",
                              hint="move @End to the last line, or split the file in two")


#: Byte-order marks of the UTF-16 and UTF-32 files a Windows editor may save (UTF-32 LE before UTF-16 LE: it starts alike).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
              (codecs.BOM_UTF16_BE, "utf-16"))


def decode_chat(data: bytes, path: str | Path, *, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """The file's text (no BOM), the encoding used and notes: UTF-8 for ``@UTF8`` files, else UTF-8 or detected.

    An ``@UTF8`` file that holds a few stray Windows-1252 bytes in UTF-8 text is read as
    :func:`researchkit.io.mixedutf8.read_mixed_utf8` reads it (encoding ``utf-8+cp1252``, the bytes noted).

    Raises
    ------
    TranscriptError
        RK119 for an ``@UTF8`` file that is not UTF-8 (nor UTF-8 with a few stray cp1252 bytes), a NUL character, or a
        UTF-16/32 BOM on bytes of another encoding.

    Examples
    --------
    >>> decode_chat("\\ufeff@UTF8\\r\\n@Begin\\r\\n".encode(), "a.cha")
    ('@UTF8\\r\\n@Begin\\r\\n', 'utf-8', [])
    >>> decode_chat("@Begin\\n*CHI:\\tcafé .\\n".encode("cp1252"), "a.cha")[1:]
    ('cp1252', ['the file has no @UTF8 line (CLAN writes it first); decoded as cp1252 (detected, not UTF-8); if characters look wrong, pass encoding=...'])
    """
    if encoding:
        return decode_bytes(data, path, encoding=encoding)[0].lstrip("\ufeff"), encoding, []
    wide = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    decode_notes = None
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        if wide is not None:
            text, used = data.decode(wide), wide
        elif _says_utf8(body[:4096].decode("latin-1")):
            try:
                text, used = body.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:  # a line pasted from an old file: UTF-8 with stray cp1252 bytes, else RK119
                mixed = read_mixed_utf8(body)
                if mixed is None:
                    raise
                text, used, decode_notes = mixed[0], MIXED_ENCODING, [stray_note(path, mixed[1])]
        else:
            try:
                text, used = body.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:  # detect on the bytes without bullets: NAK would count as binary
                detected = decode_text(body.replace(b"\x15", b" "), path)
                used, decode_notes = detected.encoding, detected.notes
                text = decode_as(body, used)  # the bullets' NAK kept; UTF-8 with stray cp1252 bytes as detected
    except UnicodeDecodeError as err:
        line = err.object[: err.start].count(b"\n") + 1
        said = f"starts with a {wide} byte-order mark" if wide else "says @UTF8"
        raise TranscriptError(
            "RK119", path, f"{said} but is not {wide or 'UTF-8'}: byte(s) {err.object[err.start:err.end]!r} at line {line} "
            f"(byte {err.start})" + ("" if wide else "; too little of the file is UTF-8 (or a bad byte stands for no "
                                     "Windows-1252 character) to read the bad bytes as stray Windows-1252 characters"),
            location=f"line {line}",
            hint="re-save the file as UTF-8 (CLAN: File > Save as, or its CP2UTF command), or pass encoding=... "
                 "with the encoding it really has") from None
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise TranscriptError("RK119", path, f"contains a NUL character (character {offset}, line {line}): not a CHAT text "
                              "file", location=f"line {line}", hint="check the file; export it again from CLAN")
    notes = encoding_notes(used) if decode_notes is None else decode_notes
    if not _says_utf8(text):
        notes = ["the file has no @UTF8 line (CLAN writes it first); " + (notes[0] if notes else "it is valid UTF-8 and was read so")]
    return text, used, notes


def _says_utf8(text: str) -> bool:
    """Whether a line ``@UTF8`` comes before ``@Begin``: first as CLAN writes it, or after the editor's settings.

    Older CLAN files open with ``@Font:`` (and ``@Window:``, ``@Color words:``) above ``@UTF8``.

    Examples
    --------
    >>> _says_utf8("@UTF8\\n@Begin\\n"), _says_utf8("@Font:\\tCAfont:12:0\\r\\n@UTF8\\r\\n@Begin\\n"), _says_utf8("@Begin\\n@UTF8\\n")
    (True, True, False)
    """
    for line in text[:4096].lstrip("\ufeff").splitlines()[:_MAX_PRE_BEGIN_LINES]:
        line = line.strip()
        if line == "@UTF8":
            return True
        if line == "@Begin":
            return False
    return False


#: Lines read for ``@UTF8`` before giving up: CLAN writes at most a few settings lines above it.
_MAX_PRE_BEGIN_LINES = 20


def _header_attributes(chat: _Chat) -> tuple[dict, list, list[str]]:
    """Attributes of the header block, its participants (with their ``@ID`` fields), and notes."""
    attributes: dict[str, str] = {}
    people: list = []
    ids: list[tuple[int, dict]] = []
    notes: list[str] = []
    editor: list[str] = []
    for number, name, value in chat.headers:
        key = name.casefold()
        if key == "participants":
            found, problems = parse_participants(value, line=number)
            people.extend(found)
            notes.extend(problems)
        elif key == "id":
            fields = parse_id(value)
            if fields is None:
                notes.append(f"line {number}: @ID {value[:60]!r} names no speaker code (language|corpus|code|...); left out")
            else:
                ids.append((number, fields))
        elif key in _EDITOR_HEADERS:
            editor.append("@" + name)
        elif key == "media":
            media, _, kind = value.partition(",")
            attributes["media"] = media.strip()
            if kind.strip():
                attributes["media_type"] = ", ".join(part.strip() for part in kind.split(",") if part.strip())
        elif value:
            attribute = normalise_key(name)
            attributes[attribute] = f"{attributes[attribute]}; {value}" if attribute in attributes else value
    people, id_notes = apply_ids(people, ids)
    notes.extend(id_notes)
    corpora = list(dict.fromkeys(p.details["corpus"] for p in people if "corpus" in p.details))
    if corpora:
        attributes.setdefault("corpus", ", ".join(corpora))
    if people:
        attributes["participants"] = participants_attribute(people)
        for key, value in respondent_attributes(people).items():
            attributes.setdefault(key, value)
    if editor:
        notes.append(f"CLAN's editor settings ({', '.join(dict.fromkeys(editor))}) are not about the recording: not kept")
    return attributes, people, notes


def _listed(items: list[str]) -> str:
    """Items joined, at most :data:`MAX_LISTED`, then how many more."""
    shown = "; ".join(items[:MAX_LISTED])
    return shown + (f"; ... and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def _paragraphs(chat: _Chat, labels: Mapping[str, str]) -> tuple[list[RawParagraph], list[str]]:
    """One paragraph per utterance, bullets out, its first time its timestamp; notes on bullets and empty utterances."""
    paragraphs: list[RawParagraph] = []
    times = others = reversed_ = 0
    empty: list[str] = []
    for number, code, written in chat.utterances:
        text, bullets = take_bullets(written)
        text = text.replace("\x15", "")  # a lone NAK: half a bullet, no character of the words
        timed = [b for b in bullets if b is not None]
        times, others = times + len(timed), others + len(bullets) - len(timed)
        reversed_ += sum(1 for start, end in timed if end < start)
        if not text:
            empty.append(f"line {number}")
            continue
        start = timed[0][0] / 1000 if timed else None
        paragraphs.append(RawParagraph(text, f"line {number}", speaker=labels[code], timestamp=start))
    notes = []
    if times:
        notes.append(f"{times} media bullet(s) (start_end in milliseconds) taken out of the text: an utterance's first is "
                     "its time, a turn's time is its first utterance's"
                     + (f"; {reversed_} end before they start (kept as written)" if reversed_ else ""))
    if others:
        notes.append(f"{others} bullet(s) that are no time (%pic, %txt links) taken out of the text")
    if empty:
        notes.append(f"{len(empty)} utterance(s) without words (only media bullets, or nothing after the code): {_listed(empty)}")
    return paragraphs, notes


def _left_out_notes(chat: _Chat, stray: list[int]) -> list[str]:
    """Notes on what is not speech and stays out of the text, and on the file's slips."""
    notes = []
    if chat.tiers:
        counted = ", ".join(f"{name} {n}" for name, n in sorted(chat.tiers.items(), key=lambda kv: (-kv[1], kv[0])))
        notes.append(f"{sum(chat.tiers.values())} dependent tier line(s) are not speech and are left out of the text: {counted}")
    if chat.comments:
        shown = [f"line {n} {kind} {text[:120]!r}" for n, kind, text in chat.comments]
        notes.append(f"{len(chat.comments)} comment(s) between the utterances, left out of the text: {_listed(shown)}")
    if chat.gems:
        shown = [f"line {n} {kind}" + (f" {text[:80]!r}" if text else "") for n, kind, text in chat.gems]
        notes.append(f"{len(chat.gems)} gem marker(s) (@G, @Bg, @Eg: the file's episodes) left out of the text; their "
                     f"labels are the 'gems' attribute: {_listed(shown)}")
    if chat.between:
        shown = [f"line {n} {kind}" + (f" {text[:80]!r}" if text else "") for n, kind, text in chat.between]
        notes.append(f"{len(chat.between)} header line(s) between the utterances left out of the text: {_listed(shown)}")
    if chat.after_end:
        notes.append(f"{len(chat.after_end)} line(s) after @End (no utterances) ignored: {_listed([f'line {n}' for n in chat.after_end])}")
    if chat.no_colon:
        notes.append(f"{len(chat.no_colon)} utterance(s) lack the colon after the speaker code (*CHI<tab>...); read as that "
                     f"speaker's: {_listed([f'line {n}' for n in chat.no_colon])}")
    if stray:
        notes.append(f"{len(stray)} line(s) start with neither a tier mark nor a tab; read as the continuation of the line "
                     f"above: {_listed([f'line {n}' for n in stray])}")
    missing = [mark for mark in ("@Begin", "@End") if mark[1:].casefold() not in chat.marks]
    if missing:
        notes.append(f"the file has no {' and no '.join(missing)} line; read all of it")
    return notes


def _by_label(labels: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """The user's label -> role map, where a CHAT speaker code (``INV``) also names that speaker's label.

    Examples
    --------
    >>> _by_label({"INV": "interviewer", "Mother": "other"}, {"INV": "Ursula Bellugi", "MOT": "Mother"})
    {'INV': 'interviewer', 'Mother': 'other', 'Ursula Bellugi': 'interviewer'}
    """
    mapped = dict(labels)
    for key, role in labels.items():
        if key in names and names[key] not in labels:
            mapped[names[key]] = role
    return mapped


def read_cha(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> Transcript:
    """Read a CHAT ``.cha`` transcript from its bytes (see the module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes.
    doc_id, source, labels
        As for :func:`researchkit.io.read_transcript`; ``labels`` win over the roles ``@Participants`` gives, and
        may name a speaker by its label (``Ursula Bellugi``) or its CHAT code (``INV``).
    encoding
        Force a text encoding (an old CHAT file without ``@UTF8``).

    Raises
    ------
    TranscriptError
        RK116 not CHAT, RK104 no utterance with words, RK117 a ``*`` line that is no utterance, RK118 an utterance
        before ``@Begin`` or after ``@End``, RK119 the encoding.
    """
    text, used, notes = decode_chat(data, path, encoding=encoding)
    check_unit_count(path, text.count("\n*") + text.startswith("*"), "utterances (lines opening with *)")
    lines, stray = chat_lines(canonical_text(text), path)
    chat = _sort_lines(lines, path)
    attributes, people, header_notes = _header_attributes(chat)
    if not chat.utterances:
        raise TranscriptError("RK104", path, f"has no utterances (*CODE:\\ttext lines), only {len(lines)} header or tier "
                              "line(s)", hint="check that the transcript was saved with its utterances")
    first: dict[str, int] = {}  # each code's first line, in order
    for number, code, _ in chat.utterances:
        first.setdefault(code, number)
    codes = list(first)
    names = speaker_labels(people, codes)
    declared = {p.code for p in people}
    undeclared = [code for code in codes if code not in declared]
    roles = {names[p.code]: chat_role(p.role) for p in people} | {names[code]: "other" for code in undeclared}
    paragraphs, bullet_notes = _paragraphs(chat, names)
    notes = notes + header_notes
    notes.insert(0, f"read as CHAT (TalkBank): {len(chat.utterances)} utterance(s) of {len(codes)} speaker(s), one per "
                    "line, as transcribed; consecutive utterances of one speaker form one turn")
    if undeclared:
        notes.append(f"speaker code(s) not declared in @Participants: {', '.join(f'{c} (line {first[c]})' for c in undeclared)}; "
                     "labelled by the code, role other")
    if chat.gems:
        attributes.setdefault("gems", "; ".join(dict.fromkeys(text for _, _, text in chat.gems if text)))
        if not attributes["gems"]:
            del attributes["gems"]
    notes += bullet_notes + _left_out_notes(chat, stray)
    if not paragraphs:
        raise TranscriptError("RK104", path, "has utterances, but none with words (only media bullets, or nothing)",
                              hint="check that the transcript was saved with its words")
    label_map = LabelMap(_by_label(labels or {}, names)).with_entries(roles)
    del text, lines, chat, stray, first  # the file's lines live on as paragraphs: not kept through the assembly
    transcript = assemble(doc_id, paragraphs, labels=label_map, attributes=attributes,
                          source=Source(source.path, source.sha256, "chat", used), notes=notes)
    # the label map holds every participant, so assemble says "labels=... names" of a speaker heard once: say why here
    said = tuple(DECLARED_ONCE_NOTE + note[len(MAPPED_ONCE_NOTE):] if note.startswith(MAPPED_ONCE_NOTE) else note
                 for note in transcript.notes)
    return replace(transcript, notes=said)
