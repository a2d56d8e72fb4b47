"""Oyez's transcripts of US Supreme Court oral arguments (``.json``, the ``api.oyez.org`` case media).

Oyez (``https://api.oyez.org/case_media/oral_argument_audio/24972``, and collections that save
those answers, such as ``walkerdb/supreme_court_transcripts``) gives one argument as::

    {"id": 24972, "title": "Oral Argument - February 24, 2020",
     "media_file": [{"mime": "audio/mpeg", "href": "https://.../18-1587_20200224-argument.delivery.mp3"}],
     "transcript": {"title": "UNITED STATES FOREST SERVICE, ET AL., Petitioners, v. ...", "duration": null,
       "sections": [{"start": 0, "stop": 788.96, "turns": [
         {"start": 0, "stop": 12.48, "speaker": {"name": "John G. Roberts, Jr.", "roles": [{"type": "scotus_justice", ...}]},
          "text_blocks": [{"start": 0, "stop": 12.48, "text": "We'll hear argument first this morning ..."}]},
         ...]}]},
     "unavailable": false, "damaged": false}

It is recognised by its keys (a ``transcript`` object with ``sections``, or ``transcript: null``
beside Oyez's ``media_file``/``unavailable``), never by the file name, in
:func:`researchkit.io.asrjson.read_json`.

- **Text blocks** are paragraphs of their turn's speaker, each with its ``start`` as time; a
  speaker's consecutive turns form one researchkit turn (Oyez splits a long answer into blocks
  and, now and then, into turns). Empty blocks are counted in a note.
- **Speakers**: ``speaker.name`` (else ``last_name``, else ``identifier``); a turn whose speaker
  is ``null`` (unidentified voices in older recordings) is :data:`~researchkit.io.tiers.NO_SPEAKER`,
  role ``other``, and noted.
- **Roles**: the justices ask, the advocates answer. A speaker with a justice's role in
  ``speaker.roles`` (``type`` ``scotus_justice``, or a ``role_title`` naming a Justice) is the
  ``interviewer`` (the Chief Justice's calling of the case too: researchkit's questioner role, as
  for the several askers of a hearing); every other named speaker is an advocate, ``respondent``.
  When no speaker carries roles (an export without them), the roles are found as for any file
  (who asks the questions), and a note says so. ``labels=`` still decides.
- **Sections** (one per advocate's argument, the last ones often a rebuttal): with more than one
  section, each starts with a heading line, nobody's speech (role ``other``), so the Chief
  Justice's closing of one section and opening of the next are two turns (the second, right below
  the heading, is written without his name again, as the assembler writes a speaker going on). The heading names the
  section's advocate, the speaker who is no justice and speaks most in it: ``Argument of Anthony
  A. Yang``, ``Rebuttal of Anthony A. Yang`` when that advocate had a section before; ``Section 3``
  when there is none, or when no speaker carries roles. The headings are researchkit's reading, not Oyez's words (noted).
- **Attributes**: ``title`` (the argument, ``Oral Argument - February 24, 2020``), ``case`` (the
  transcript's title), ``media`` (the first ``media_file`` address), ``oyez_id`` and ``duration``.
  Oyez's ``unavailable``/``damaged`` flags and a ``public_note`` are noted.

A file with ``transcript: null`` (Oyez has the audio only) has no text: RK137; so is a section,
turn, block or speaker of the wrong JSON type, or a time that is no number of seconds (RK137
names the place, ``transcript.sections[1].turns[4].text_blocks[0].start``).

Examples
--------
>>> from researchkit.transcripts import Source
>>> justice = {"name": "Ruth Bader Ginsburg", "roles": [{"type": "scotus_justice"}]}
>>> root = {"title": "Oral Argument", "media_file": None, "transcript": {"title": "A v. B", "sections": [{"turns": [
...     {"speaker": justice, "start": 0, "text_blocks": [{"start": 0, "text": "Mr. Yang, may I ask?"}]},
...     {"speaker": {"name": "Anthony A. Yang", "roles": None}, "start": 2.5,
...      "text_blocks": [{"start": 2.5, "text": "Sure."}, {"start": 3.1, "text": "It does not."}]}]}]}}
>>> t = read_oyez("a.json", root, doc_id="a", source=Source("a.json", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Ruth Bader Ginsburg', 'interviewer', 0.0, 'Mr. Yang, may I ask?'), ('Anthony A. Yang', 'respondent', 2.5, 'Sure.\\nIt does not.')]
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

from researchkit.errors import TranscriptError
from researchkit.io.asrsegments import json_type, preview
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.roles import LabelMap
from researchkit.io.tiers import NO_SPEAKER, listed
from researchkit.transcripts import Source, Transcript

__all__ = ["is_oyez", "read_oyez"]

#: Keys beside ``transcript`` that only Oyez's case media writes (for ``transcript: null``).
_OYEZ_KEYS = ("media_file", "unavailable", "damaged", "public_note")


def is_oyez(root: Any) -> bool:
    """Whether parsed JSON is an Oyez oral-argument answer (see the module docstring).

    Examples
    --------
    >>> is_oyez({"transcript": {"sections": []}}), is_oyez({"transcript": None, "media_file": []}), is_oyez({"transcript": "x"})
    (True, True, False)
    """
    if not isinstance(root, dict) or "transcript" not in root:
        return False
    transcript = root["transcript"]
    if isinstance(transcript, dict):
        return "sections" in transcript
    return transcript is None and any(key in root for key in _OYEZ_KEYS)


def _fail(path: str | Path, message: str, where: str, hint: str = "fetch the argument from api.oyez.org again, or save "
          "its transcript as .txt") -> TranscriptError:
    return TranscriptError("RK137", path, message, location=where, hint=hint)


def _items(path: str | Path, value: Any, where: str) -> list:
    """A JSON array (``null`` or absent as none), else RK137."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"{where} is a JSON {json_type(value)} ({preview(value)}), not an array", where)
    return value


def _object(path: str | Path, value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(path, f"{where} is a JSON {json_type(value)} ({preview(value)}), not an object", where)
    return value


def _seconds(path: str | Path, item: dict, where: str) -> float | None:
    """``item['start']`` in seconds (absent or ``null``: ``None``); RK137 for anything but a number >= 0."""
    value = item.get("start")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is None or seconds < 0:
        raise _fail(path, f"{where}.start is {preview(value)}, not a time in seconds", f"{where}.start")
    return round(seconds, 3)


def _number(value: Any) -> float | None:
    """A finite JSON number as a float (a whole number beyond the float range is none).

    Examples
    --------
    >>> _number(12), _number(2.5), _number(True), _number("3"), _number(10**400), _number(float("nan"))
    (12.0, 2.5, None, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _speaker(path: str | Path, value: Any, where: str) -> tuple[str | None, bool | None]:
    """The speaker's name (``None``: unnamed) and whether Oyez gives a justice's role (``None``: no roles given)."""
    if value is None:
        return None, None
    speaker = _object(path, value, f"{where}.speaker")
    name = next((str(speaker[k]).strip() for k in ("name", "last_name", "identifier")
                 if isinstance(speaker.get(k), (str, int)) and not isinstance(speaker.get(k), bool) and str(speaker[k]).strip()), None)
    roles = speaker.get("roles")
    if not isinstance(roles, list) or not roles:
        return name, None
    justice = any(isinstance(r, dict) and ("justice" in str(r.get("type") or "").casefold()
                                           or "justice" in str(r.get("role_title") or "").casefold()) for r in roles)
    return name, justice


def _attributes(root: dict, transcript: dict) -> dict:
    attributes: dict = {}
    for key, value in (("title", root.get("title")), ("case", transcript.get("title"))):
        if isinstance(value, str) and value.strip():
            attributes[key] = " ".join(value.split())[:500]
    media = root.get("media_file")
    href = next((m.get("href") for m in media if isinstance(m, dict) and isinstance(m.get("href"), str)), None) \
        if isinstance(media, list) else None
    if href:
        attributes["media"] = href.strip()[:1000]
    if isinstance(root.get("id"), (int, str)) and not isinstance(root.get("id"), bool):
        attributes["oyez_id"] = str(root["id"])[:100]
    duration = transcript.get("duration")
    if (_number(duration) or 0) > 0:
        attributes["duration"] = _number(duration)
    return attributes


def _headings(sections: list[Counter], justices: set[str]) -> list[str]:
    """Each section's heading: ``Argument of X`` / ``Rebuttal of X`` for its advocate, else ``Section N``.

    Examples
    --------
    >>> _headings([Counter({"Yang": 90, "Roberts": 5}), Counter({"Kneedler": 80}), Counter({"Yang": 30, "Roberts": 40})], {"Roberts"})
    ['Argument of Yang', 'Argument of Kneedler', 'Rebuttal of Yang']
    """
    heard: set[str] = set()
    out = []
    for number, counts in enumerate(sections, start=1):
        advocates = sorted(((-n, name) for name, n in counts.items() if name not in justices and name != NO_SPEAKER))
        if not advocates:
            out.append(f"Section {number}")
            continue
        advocate = advocates[0][1]
        out.append(f"{'Rebuttal' if advocate in heard else 'Argument'} of {advocate}")
        heard.add(advocate)
    return out


def read_oyez(
    path: str | Path,
    root: dict,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an Oyez oral-argument JSON answer, already parsed (see the module docstring).

    Raises
    ------
    TranscriptError
        RK137 for ``transcript: null`` or parts of the wrong type or times that are none, RK104 for no words.
    """
    transcript = root.get("transcript")
    if transcript is None:
        raise _fail(path, "is an Oyez oral argument without a transcript (transcript: null; Oyez has its audio only)",
                    "transcript", hint="take a case whose argument Oyez has transcribed, or transcribe the audio (media_file)")
    transcript = _object(path, transcript, "transcript")
    sections = _items(path, transcript.get("sections"), "transcript.sections")
    blocks: list[tuple[int, str, RawParagraph]] = []  # (section, speaker, paragraph)
    counts: list[Counter] = []
    roles_of: dict[str, bool | None] = {}
    starts: list[float | None] = []
    unnamed: list[str] = []
    empty: list[str] = []
    for i, section in enumerate(sections):
        where_s = f"transcript.sections[{i}]"
        section = _object(path, section, where_s)
        starts.append(_seconds(path, section, where_s))
        counts.append(Counter())
        for j, turn in enumerate(_items(path, section.get("turns"), f"{where_s}.turns")):
            where_t = f"{where_s}.turns[{j}]"
            turn = _object(path, turn, where_t)
            name, justice = _speaker(path, turn.get("speaker"), where_t)
            if name is None:
                unnamed.append(where_t)
                name = NO_SPEAKER
            elif justice is not None or name not in roles_of:
                roles_of[name] = justice if justice is not None else roles_of.get(name)
            turn_start = _seconds(path, turn, where_t)
            texts = _items(path, turn.get("text_blocks"), f"{where_t}.text_blocks")
            if not texts:
                empty.append(where_t)
            for k, block in enumerate(texts):
                where_b = f"{where_t}.text_blocks[{k}]"
                block = _object(path, block, where_b)
                text = block.get("text")
                if text is not None and not isinstance(text, str):
                    raise _fail(path, f"{where_b}.text is a JSON {json_type(text)} ({preview(text)}), not a string", f"{where_b}.text")
                start = _seconds(path, block, where_b)
                if not (text or "").strip():
                    empty.append(where_b)
                    continue
                counts[-1][name] += len(text)
                blocks.append((i, name, RawParagraph(text, where_b, speaker=name, timestamp=start if start is not None else turn_start)))
    if not blocks:
        raise TranscriptError("RK104", path, f"the Oyez transcript has no words in its {len(sections)} section(s)",
                              hint="check that Oyez has transcribed this argument; fetch it again")
    justices = {name for name, justice in roles_of.items() if justice}
    paragraphs: list[RawParagraph] = []
    headings = ((_headings(counts, justices) if justices else [f"Section {i}" for i in range(1, len(sections) + 1)])
                if len(sections) > 1 else [])
    current = -1
    for i, _, paragraph in blocks:
        if headings and i != current:
            paragraphs.append(RawParagraph(headings[i], f"transcript.sections[{i}]", heading=True))
            current = i
        paragraphs.append(paragraph)
    notes = [f"read as an Oyez oral argument: {len(blocks)} text block(s) in {len(sections)} section(s)"]
    if headings:
        notes.append(f"{len(sections)} sections, each opened by a heading line that is nobody's speech (researchkit's reading: "
                     f"the section's advocate is the speaker who is no justice and speaks most in it): {'; '.join(headings[:8])}"
                     + (" ..." if len(headings) > 8 else ""))
    role_map: dict[str, str] = {}
    if justices:
        role_map = {name: ("interviewer" if name in justices else "respondent") for name in roles_of}
        notes.append(f"roles from Oyez's speaker roles: {len(justices)} justice(s) ask (interviewer), "
                     f"{len(roles_of) - len(justices)} advocate(s) answer (respondent)")
    else:
        notes.append("no speaker carries Oyez's roles: justices and advocates are told apart by who asks the questions")
    if unnamed:
        role_map[NO_SPEAKER] = "other"
        notes.append(f"{len(unnamed)} turn(s) without a speaker (speaker: null) written as {NO_SPEAKER!r}, role other: "
                     f"{listed(unnamed, 5)}")
    if empty:
        notes.append(f"{len(empty)} turn(s) or text block(s) without text: {listed(empty, 5)}")
    for flag in ("unavailable", "damaged"):
        if root.get(flag) is True:
            notes.append(f"Oyez marks this recording {flag}")
    if isinstance(root.get("public_note"), str) and root["public_note"].strip():
        notes.append(f"Oyez's note: {root['public_note'].strip()[:300]!r}")
    label_map = LabelMap({**role_map, **dict(labels or {})})
    return assemble(doc_id, paragraphs, labels=label_map, attributes=_attributes(root, transcript),
                    source=Source(source.path, source.sha256, "oyez", "utf-8"), notes=notes)
