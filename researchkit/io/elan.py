"""Reader for ELAN annotation files (``.eaf``, root element ``ANNOTATION_DOCUMENT``).

Archives of spoken language (The Language Archive, DANS, CLARIN centres) publish interviews
as ELAN files: a ``TIME_ORDER`` of time slots (``TIME_SLOT_ID``, ``TIME_VALUE`` in
milliseconds; a slot may have no value), and ``TIER`` s of annotations.

- **Speech** comes from the top-level (independent) tiers, those without ``PARENT_REF``; the
  speaker is the tier's ``PARTICIPANT`` or, without one, its ``TIER_ID``. Each
  ``ALIGNABLE_ANNOTATION`` is an utterance starting at its first time slot. A tier copied in
  ELAN keeps the ``PARTICIPANT`` of the tier it was copied from: when top-level tiers share one
  ``PARTICIPANT`` and a tier's id is a role word (``Interviewer``), that tier's speaker is its
  id, not the other tier's participant (noted).
- **Note tiers**: a top-level tier without ``PARTICIPANT`` whose id or linguistic type names
  notes (``comments``, ``commentary``, ``notes``, ``topic``, ``situation``, ``events``, in
  English, Dutch or German, :data:`NOTE_TIER_WORDS`) holds the transcriber's remarks, not a
  person's speech: its annotations stay in the text, under the tier's name, with role
  ``other`` (so neither an interviewer's nor a respondent's), and a note names the tier. A
  ``labels=`` entry for the tier's name wins.
- **Dependent tiers** (``PARENT_REF``: translations, glosses, transcriptions by word,
  comments) are not speech and ELAN has no convention that makes one of them a note: they are
  left out, and a note names each with its linguistic type, its parent and how many
  annotations it holds.
- **Order**: by start time; utterances of several speakers that overlap are written in the
  order they start, ties broken by the tier's place in the file, then the annotation's. A slot
  without a value (an unaligned annotation) sorts after the annotation before it on its tier (or,
  the first of its tier, after the aligned slot before it in ``TIME_ORDER``, which converters do
  not always write in time order); such an utterance has no timestamp, and a note counts them.
- **Attributes**: ``AUTHOR`` as ``author``, the ``LICENSE`` elements (text and ``LICENSE_URL``) as
  ``license``, the first media file's name as ``media``, the
  header's own ``PROPERTY`` s under their names (ELAN's bookkeeping, ``URN`` and
  ``lastUsedAnnotationId``, left out), and the descriptions of the controlled vocabulary entries that
  the speech annotations refer to (``CVE_REF``) as ``vocabulary`` (``value: description; ...``).

Words a hand edit left outside the elements that hold text (``ANNOTATION_VALUE``, ``PROPERTY``, ``LICENSE``,
``DESCRIPTION``, ``CVE_VALUE`` ...: in a ``TIER``, after an ``ANNOTATION``, inside an empty ``TIME_SLOT``) are
named in a note with their line and element (:mod:`researchkit.io.xmlstray`).

Malformed files are RK163, naming the line and the element.

Examples
--------
>>> from researchkit.transcripts import Source
>>> eaf = b'''<ANNOTATION_DOCUMENT AUTHOR="kb"><HEADER TIME_UNITS="milliseconds"/>
... <TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
... <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2100"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="4000"/></TIME_ORDER>
... <TIER TIER_ID="Interviewer" LINGUISTIC_TYPE_REF="ut"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1"
... TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Where were you?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION>
... </ANNOTATION></TIER><TIER TIER_ID="R" PARTICIPANT="Jan" LINGUISTIC_TYPE_REF="ut"><ANNOTATION><ALIGNABLE_ANNOTATION
... ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>At the quay.</ANNOTATION_VALUE>
... </ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>'''
>>> t = read_eaf("R01.eaf", eaf, doc_id="R01", source=Source("R01.eaf", "0"))
>>> [(turn.speaker, turn.role, turn.timestamp, t.turn_text(turn)) for turn in t.turns]
[('Interviewer', 'interviewer', 0.0, 'Where were you?'), ('Jan', 'respondent', 2.1, 'At the quay.')]
>>> t.attributes
{'author': 'kb'}
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Mapping

from lxml import etree

from researchkit.errors import TranscriptError
from researchkit.io.limits import check_unit_count, count_tags
from researchkit.io.metadata import normalise_key
from researchkit.io.roles import DEFAULT_ROLE_LABELS, normalise_label
from researchkit.io.tiers import NOTE_TIER_WORDS, Utterance, assemble_utterances, listed, names_notes, one_line, overlaps
from researchkit.io.xmlsafe import (attribute, child, children, element_line, expect_root, local_name,
                                    parse_annotation_xml)
from researchkit.io.xmlstray import stray_note, stray_text
from researchkit.transcripts import Source, Transcript

__all__ = ["read_eaf", "read_eaf_root", "is_note_tier", "NOTE_TIER_WORDS"]

CODE = "RK163"
#: Seconds per time unit (EAF's ``TIME_UNITS``; ELAN itself always writes milliseconds).
TIME_UNITS = {"milliseconds": 0.001, "pal-frames": 1 / 25, "ntsc-frames": 1001 / 30000}
#: Header properties ELAN keeps for itself.
_OWN_PROPERTIES = {"urn", "lastusedannotationid"}
MAX_PROPERTIES = 30
#: The EAF elements whose content is text (EAF 3.0 schema); every other element holds only elements or is empty, so
#: words in or after one are a hand edit's strays, named in a note (:mod:`researchkit.io.xmlstray`).
TEXT_ELEMENTS = frozenset({"ANNOTATION_VALUE", "PROPERTY", "LICENSE", "DESCRIPTION", "CVE_VALUE", "CV_ENTRY",
                           "CROSS_REF_LINK", "GROUP_REF_LINK"})


def read_eaf(
    path: str | Path,
    data: bytes,
    *,
    doc_id: str,
    source: Source,
    labels: Mapping[str, str] | None = None,
) -> Transcript:
    """Read an ELAN ``.eaf`` file from its bytes (see the module docstring).

    Raises
    ------
    TranscriptError
        RK163 for XML that is not an ELAN file or is malformed; RK104 when the speech tiers
        hold no text.
    """
    check_unit_count(path, count_tags(data, b"ALIGNABLE_ANNOTATION", b"REF_ANNOTATION"), "annotations")
    root, notes = parse_annotation_xml(path, data, code=CODE, what="ELAN")
    return read_eaf_root(path, root, doc_id=doc_id, source=source, labels=labels, notes=notes)


def read_eaf_root(path: str | Path, root: etree._Element, *, doc_id: str, source: Source,
                  labels: Mapping[str, str] | None = None, notes: list[str] | None = None) -> Transcript:
    """Read a parsed ``ANNOTATION_DOCUMENT`` (for a ``.xml`` file recognised by its root element).

    Examples
    --------
    >>> from lxml import etree
    >>> read_eaf_root("x.xml", etree.fromstring(b"<Trans/>"), doc_id="x", source=Source("x.xml", "0"))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    researchkit.errors.TranscriptError: [RK163] x.xml, line 1, <Trans>: the root element is <Trans>, not ELAN's <ANNOTATION_DOCUMENT>...
    """
    expect_root(path, root, "ANNOTATION_DOCUMENT", code=CODE, what="ELAN's <ANNOTATION_DOCUMENT>",
                hint="check that the file is an ELAN .eaf file")
    notes = list(notes or [])
    header = child(root, "HEADER")
    unit = (attribute(header, "TIME_UNITS") if header is not None else None) or "milliseconds"
    scale = TIME_UNITS.get(unit.casefold())
    if scale is None:
        raise TranscriptError(CODE, path, f"has TIME_UNITS={unit!r}", location=element_line(header),
                              hint=f"ELAN files count time in {', '.join(TIME_UNITS)}; save the file again in ELAN")
    slots = _time_slots(path, root)
    speech, dependent = [], []
    for index, tier in enumerate(children(root, "TIER")):
        (dependent if attribute(tier, "PARENT_REF") else speech).append((index, tier))
    if not speech:
        raise TranscriptError(CODE, path, "has no top-level tier (every TIER has a PARENT_REF), so no speech",
                              hint="check that the file is an ELAN transcript with a tier per speaker")
    utterances: list[Utterance] = []
    referred: list[str] = []  # the CVE_REF of the speech annotations: their vocabulary entries' descriptions are kept
    empty = untimed = 0
    aligned = _aligned_starts(root, slots)
    note_tiers = [tier for _, tier in speech if is_note_tier(tier)]
    if len(note_tiers) == len(speech):
        note_tiers = []  # every tier looks like notes: read them as speakers rather than leave no speech
    labels = dict(labels or {})
    for tier in note_tiers:
        labels.setdefault(one_line(attribute(tier, "TIER_ID")), "other")
    role_named = _role_named_copies([tier for _, tier in speech])
    if role_named:
        notes.append(f"{len(role_named)} tier(s) name the PARTICIPANT of another top-level tier but are named by a role "
                     f"(a tier copied in ELAN keeps the participant it was copied from); each is read as the speaker its id "
                     f"names: {listed([f'{tid!r} (participant {part!r})' for tid, part in role_named.values()])}")
    for index, tier in speech:
        tier_id = attribute(tier, "TIER_ID") or f"tier {index + 1}"
        speaker = one_line(tier_id) if id(tier) in role_named else one_line(attribute(tier, "PARTICIPANT")) or one_line(tier_id)
        previous: tuple[float, int] | None = None  # the tier's annotation before: an unaligned one goes right after it
        for number, annotation in enumerate(_annotations(tier)):
            key, start, end = _placement(path, annotation, slots, aligned)
            if start is None and previous is not None:
                key = previous
            previous = key
            value = one_line(_value(annotation))
            if attribute(annotation, "CVE_REF"):
                referred.append(attribute(annotation, "CVE_REF"))
            if not value:
                empty += 1
                continue
            untimed += start is None
            utterances.append(Utterance(value, speaker, None if start is None else round(start * scale, 3),
                                        (key[0], key[1], index, number),
                                        f"tier {tier_id!r}, annotation {attribute(annotation, 'ANNOTATION_ID') or number + 1}",
                                        None if end is None else end * scale))
    if not utterances:
        raise TranscriptError("RK104", path, f"the ELAN file's top-level tiers ({listed([repr(attribute(t, 'TIER_ID')) for _, t in speech])}) "
                              "hold no annotation with text", hint="check that the transcription was saved in the file")
    names = [repr(attribute(t, "TIER_ID")) + (f" (participant {attribute(t, 'PARTICIPANT')!r})" if attribute(t, "PARTICIPANT") else "")
             for _, t in speech if t not in note_tiers]
    notes.insert(0, f"read as ELAN: {len(utterances)} annotation(s) from {len(speech)} top-level tier(s), each a speaker: "
                    f"{listed(names)}" + (f"; note tier(s), kept in the text under their names with role 'other' (remarks, "
                                          f"not speech): {listed([repr(attribute(t, 'TIER_ID')) for t in note_tiers])}"
                                          if note_tiers else ""))
    with_participant = [t for _, t in speech if one_line(attribute(t, "PARTICIPANT"))]
    without = [t for _, t in speech if t not in note_tiers and not one_line(attribute(t, "PARTICIPANT"))]
    if with_participant and without:
        notes.append(f"top-level tier(s) without a PARTICIPANT beside tiers with one: "
                     f"{listed([repr(attribute(t, 'TIER_ID')) for t in without])}; read as speakers under the tier's name. "
                     "If one holds an analysis or notes rather than a person's speech, give it role 'other' with "
                     "labels={name: 'other'}")
    notes.extend(_left_out_notes(dependent, empty, untimed))
    strays = stray_text(root, lambda element: local_name(element) in TEXT_ELEMENTS)
    if strays:
        notes.append(stray_note(strays))
    crossing = overlaps(sorted(utterances, key=lambda u: u.order))
    if crossing:
        notes.append(f"{crossing} annotation(s) start while another speaker's is still going on (overlapping speech); "
                     "they are written after it, in the order the annotations start")
    attributes = _attributes(root, header)
    described = vocabulary_descriptions(root, referred)
    if described:
        attributes["vocabulary"] = described
    return assemble_utterances(doc_id, utterances, source=source, fmt="eaf", labels=labels,
                               attributes=attributes, notes=notes)


def vocabulary_descriptions(root: etree._Element, referred: list[str]) -> str:
    """The descriptions of the controlled vocabulary entries that annotations refer to (``CVE_REF``), as
    ``value: description`` joined with ``; `` in the vocabulary's order (a description in several languages
    joined with `` | ``; an entry with a value in several languages as ``value: description | value: description``).

    ELAN 2.8 and later write an entry as ``<CV_ENTRY_ML CVE_ID="cveid0"><CVE_VALUE DESCRIPTION="German"
    LANG_REF="und">deu</CVE_VALUE></CV_ENTRY_ML>``, older files as ``<CV_ENTRY CVE_ID DESCRIPTION>value</CV_ENTRY>``.

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<ANNOTATION_DOCUMENT><CONTROLLED_VOCABULARY CV_ID="lg"><CV_ENTRY_ML CVE_ID="c0">'
    ...     '<CVE_VALUE DESCRIPTION="German" LANG_REF="und">deu</CVE_VALUE></CV_ENTRY_ML><CV_ENTRY_ML CVE_ID="c1">'
    ...     '<CVE_VALUE DESCRIPTION="Dutch" LANG_REF="und">nld</CVE_VALUE></CV_ENTRY_ML></CONTROLLED_VOCABULARY>'
    ...     '</ANNOTATION_DOCUMENT>')
    >>> vocabulary_descriptions(root, ["c1", "c1"])
    'nld: Dutch'
    """
    wanted = set(referred)
    found: list[str] = []
    for vocabulary in children(root, "CONTROLLED_VOCABULARY") if wanted else []:
        for entry in vocabulary:
            if local_name(entry) not in {"CV_ENTRY_ML", "CV_ENTRY"} or attribute(entry, "CVE_ID") not in wanted:
                continue
            if local_name(entry) == "CV_ENTRY":
                values = [(one_line("".join(entry.itertext())), one_line(attribute(entry, "DESCRIPTION")))]
            else:
                values = [(one_line("".join(v.itertext())), one_line(attribute(v, "DESCRIPTION")))
                          for v in children(entry, "CVE_VALUE")]
            descriptions = list(dict.fromkeys(d for _, d in values if d))
            shown = list(dict.fromkeys(v for v, _ in values if v))
            if len(shown) > 1:  # a value in each language: each with its own description
                found.append(" | ".join(f"{v}: {d}" if d else v for v, d in dict.fromkeys(values) if v or d))
            elif descriptions:
                value = shown[0] if shown else one_line(attribute(entry, "CVE_ID"))
                found.append(f"{value}: {' | '.join(descriptions)}")
    return "; ".join(dict.fromkeys(found))


def _role_named_copies(tiers: list[etree._Element]) -> dict[int, tuple[str, str]]:
    """Top-level tiers whose ``PARTICIPANT`` another top-level tier also names while their own id is a role
    word (``Interviewer``, ``Befragte``): ``id(tier)`` → (tier id, participant).

    Examples
    --------
    >>> from lxml import etree
    >>> tiers = [etree.fromstring(x) for x in (b'<TIER TIER_ID="mop03" PARTICIPANT="mop03"/>',
    ...          b'<TIER TIER_ID="Interviewer" PARTICIPANT="mop03"/>', b'<TIER TIER_ID="Ann-gesture" PARTICIPANT="Ann"/>')]
    >>> list(_role_named_copies(tiers).values())
    [('Interviewer', 'mop03')]
    """
    participants = Counter(one_line(attribute(t, "PARTICIPANT")) for t in tiers if one_line(attribute(t, "PARTICIPANT")))
    found = {}
    for tier in tiers:
        participant, tier_id = one_line(attribute(tier, "PARTICIPANT")), one_line(attribute(tier, "TIER_ID"))
        if (participants[participant] > 1 and tier_id and tier_id != participant
                and normalise_label(tier_id) in DEFAULT_ROLE_LABELS):
            found[id(tier)] = (tier_id, participant)
    return found


def is_note_tier(tier: etree._Element) -> bool:
    """Whether a top-level tier holds notes, not speech: no ``PARTICIPANT``, and its id or linguistic type
    has a word of :data:`NOTE_TIER_WORDS`.

    Examples
    --------
    >>> from lxml import etree
    >>> [is_note_tier(etree.fromstring(x)) for x in (b'<TIER TIER_ID="comments" LINGUISTIC_TYPE_REF="commentary"/>',
    ...  b'<TIER TIER_ID="Topic_1"/>', b'<TIER TIER_ID="notes" PARTICIPANT="Ann"/>', b'<TIER TIER_ID="Interviewer"/>')]
    [True, True, False, False]
    """
    if one_line(attribute(tier, "PARTICIPANT")):
        return False
    return names_notes(attribute(tier, "TIER_ID"), attribute(tier, "LINGUISTIC_TYPE_REF"))


def _time_slots(path, root) -> dict[str, tuple[int, float | None]]:
    """Each slot id's place in ``TIME_ORDER`` and its value (``None`` for an unaligned slot)."""
    slots: dict[str, tuple[int, float | None]] = {}
    order = child(root, "TIME_ORDER")
    for place, slot in enumerate(children(order, "TIME_SLOT") if order is not None else []):
        slot_id = attribute(slot, "TIME_SLOT_ID")
        if not slot_id:
            raise TranscriptError(CODE, path, "a TIME_SLOT has no TIME_SLOT_ID", location=element_line(slot),
                                  hint="save the file again in ELAN")
        raw = attribute(slot, "TIME_VALUE")
        value = None
        if raw:
            try:
                value = float(raw) if len(raw) < 30 else math.nan
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or value < 0:
                raise TranscriptError(CODE, path, f"time slot {slot_id!r} has TIME_VALUE={raw[:30]!r}, not a time in "
                                      "milliseconds", location=element_line(slot), hint="correct the value (a whole "
                                      "number of milliseconds, 0 or more) or save the file again in ELAN")
        slots[slot_id] = (place, value)
    return slots


def _aligned_starts(root, slots) -> dict[str, tuple[float, int]]:
    """Sort keys of all slots: an unaligned slot takes the value of the aligned slot before it in ``TIME_ORDER``."""
    keys: dict[str, tuple[float, int]] = {}
    last = 0.0
    for slot_id, (place, value) in sorted(slots.items(), key=lambda item: item[1][0]):
        if value is not None:
            last = value
        keys[slot_id] = (last, place)
    return keys


def _annotations(tier):
    """The tier's annotation elements (ALIGNABLE_ANNOTATION or REF_ANNOTATION) in file order."""
    for annotation in children(tier, "ANNOTATION"):
        for inner in annotation:
            if local_name(inner) in {"ALIGNABLE_ANNOTATION", "REF_ANNOTATION"}:
                yield inner


def _value(annotation) -> str:
    value = child(annotation, "ANNOTATION_VALUE")
    return "".join(value.itertext()) if value is not None else ""


def _placement(path, annotation, slots, keys) -> tuple[tuple[float, int], float | None, float | None]:
    """An annotation's sort key, start and end (in the file's time units)."""
    if local_name(annotation) == "REF_ANNOTATION":
        raise TranscriptError(CODE, path, "a top-level tier holds a REF_ANNOTATION, which only a dependent tier can",
                              location=element_line(annotation), hint="open the file in ELAN and save it again; give "
                              "the tier a PARENT_REF if it depends on another")
    refs = [attribute(annotation, "TIME_SLOT_REF1"), attribute(annotation, "TIME_SLOT_REF2")]
    for ref in refs:
        if not ref or ref not in slots:
            raise TranscriptError(CODE, path, f"annotation {attribute(annotation, 'ANNOTATION_ID') or ''!s} refers to time "
                                  f"slot {ref!r}, which TIME_ORDER does not define", location=element_line(annotation),
                                  hint="the file is damaged; open it in ELAN and save it again")
    return keys[refs[0]], slots[refs[0]][1], slots[refs[1]][1]


def _left_out_notes(dependent, empty: int, untimed: int) -> list[str]:
    notes = []
    if dependent:
        described = []
        for _, tier in dependent:
            kind = attribute(tier, "LINGUISTIC_TYPE_REF") or "no type"
            count = sum(1 for _ in _annotations(tier))
            described.append(f"{attribute(tier, 'TIER_ID')!r} ({kind}, under {attribute(tier, 'PARENT_REF')!r}, "
                             f"{count} annotation(s))")
        notes.append(f"{len(dependent)} dependent tier(s) left out, not speech (translations, glosses, comments): "
                     f"{listed(described)}")
    if empty:
        notes.append(f"{empty} annotation(s) of the top-level tiers without text left out")
    if untimed:
        notes.append(f"{untimed} annotation(s) start at a time slot without a value; they are placed by TIME_ORDER "
                     "and their turns may have no time")
    return notes


def _attributes(root, header) -> dict:
    found: dict = {}
    author = one_line(attribute(root, "AUTHOR"))
    if author:
        found["author"] = author[:200]
    licences = [one_line(" ".join(part for part in (one_line("".join(lic.itertext())), attribute(lic, "LICENSE_URL") or "")
                                  if part.strip())) for lic in children(root, "LICENSE")]
    if any(licences):
        found["license"] = "; ".join(dict.fromkeys(x for x in licences if x))[:500]
    if header is None:
        return found
    for media in children(header, "MEDIA_DESCRIPTOR"):
        url = attribute(media, "MEDIA_URL") or attribute(media, "RELATIVE_MEDIA_URL")
        if url:
            found["media"] = PurePosixPath(url.replace("\\", "/")).name[:200]
            break
    for prop in children(header, "PROPERTY")[:MAX_PROPERTIES]:
        name, value = attribute(prop, "NAME") or "", one_line("".join(prop.itertext()))
        if name and value and name.casefold() not in _OWN_PROPERTIES:
            found.setdefault(normalise_key(name)[:60], value[:200])
    return found
