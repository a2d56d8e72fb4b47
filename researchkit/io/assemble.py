"""Build a :class:`~researchkit.transcripts.Transcript` from a reader's paragraphs.

Every reader (Word, text, subtitles) turns its file into a list of
:class:`RawParagraph` objects; :func:`assemble` does the rest, the same way for all
formats: canonical text, paragraph spans, speaker labels, roles and turns.

Rules
-----
- The canonical text is the non-empty paragraphs joined by ``\\n``; labels and
  timestamps stay in the text, turn spans exclude them.
- A paragraph with a speaker label starts a new turn; a paragraph without one
  continues the previous turn (the turn then spans the line break). A paragraph that
  is only a label (``### Name  0:01``) starts a turn whose speech is the paragraphs
  below it; it counts only when speech follows it.
- ``Key: value`` metadata lines (``**Date:** 2026-06-24`` below a heading) are never
  labels; they stay in the text of the turn around them, and a note lists them. A paragraph
  whose speaker the format gives (a subtitle cue, an ASR segment, a CHAT utterance) is speech,
  never metadata.
- Page furniture a reader found (``RawParagraph.furniture``: a running header or page
  number of a ``.txt`` made from a PDF) stays in the text but never starts or ends a turn:
  between two turns it is in none, inside a turn the span runs over it, and its spans are
  ``Transcript.furniture``.
- Paragraphs before the first label form a turn with an empty speaker and role
  ``other`` (a title line, say), so no text is outside a turn.
- A label that only looks like a name (``Kijk: ...``) counts only when it labels at
  least two paragraphs of the document; known role labels and bold labels always count.
- A transcript without any label becomes one turn per paragraph with role ``other``,
  and a note says so.

Examples
--------
>>> t = assemble("R01", [RawParagraph("I: Wat zag u?", "line 1"),
...                      RawParagraph("R: Een busje.", "line 2"),
...                      RawParagraph("Om drie uur 's nachts.", "line 3")])
>>> [(turn.role, t.turn_text(turn)) for turn in t.turns]
[('interviewer', 'Wat zag u?'), ('respondent', "Een busje.\\nOm drie uur 's nachts.")]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from researchkit.io.annotations import annotation_lines, annotation_note
from researchkit.io.attendees import is_participants_heading, listed_speakers
from researchkit.io.aliases import (
    declared_aliases, described_aliases, full_name_aliases, preset_alias_note, preset_aliases, qualified_aliases,
    qualified_full_name_aliases,
)
from researchkit.io.barelabels import bare_label_note, bare_labels
from researchkit.io.continuation import continuation_labels
from researchkit.io.directions import direction_lines, direction_note
from researchkit.io.credits import meeting_events, service_credits
from researchkit.io.closings import closing_lines, closing_note
from researchkit.io.councilfragments import mark_council_fragments
from researchkit.io.groupheader import mark_group_header
from researchkit.io.flatform import form_attributes
from researchkit.io.inline import InlineLabel, find_inline_labels, inline_note, split_inline_turns
from researchkit.io.legend import find_legend
from researchkit.io.labelmatch import match_after_time, match_paragraph
from researchkit.io.questionnumbers import numbered_question_roles, numbered_questions
from researchkit.io.interviewers import credit_interviewer, interviewer_names, interviewer_roles, researcher_code_roles, written_roles
from researchkit.io.metadata import metadata_paragraphs, normalise_key
from researchkit.io.prompts import guide_prompts, prompt_note
from researchkit.io.moderatorlines import moderator_lines
from researchkit.io.chairlines import chaired_label_lines
from researchkit.io.onceused import mapped_once_notes, once_used_notes, timed_label_lines_used_once, titled_labels_used_once, titled_name
from researchkit.io.limits import check_unit_count
from researchkit.io.qualifiers import apply_qualifiers
from researchkit.io.roles import base_label
from researchkit.io.rawturns import raw_turns
from researchkit.io.sections import section_headings, section_note
from researchkit.io.roles import professional_askers
from researchkit.io.parlchairs import chair_askers
from researchkit.io.speakers import LabelMap, LabelMatch, label_evidence
from researchkit.io.syncpoints import paragraph_sync_points
from researchkit.io.timedlabels import colonless_note, labels_after_time_without_colon
from researchkit.io.timemarks import count_bracket_times, match_time_end, match_timestamp_only
from researchkit.io.unlabelled import note_taker_turns, unlabelled_turns
from researchkit.transcripts import Source, Transcript, Turn, canonical_text


@dataclass(slots=True)
class RawParagraph:
    """One paragraph as a reader found it.

    Attributes
    ----------
    text
        The paragraph's text (any line ends; canonicalised here).
    location
        Where it is in the file, for messages (``"paragraph 12"``, ``"line 30"``).
    bold_prefix
        Number of leading characters printed in bold (Word files).
    speaker
        A speaker already known from the format (WebVTT voice tag); the paragraph is
        then written into the text as ``"speaker: text"``.
    timestamp
        A time already known from the format (subtitle cue start), in seconds.
    label
        A label already known from the format's structure (the speaker column of a
        table in a Word file), with its place in ``text``; it is used as found, without
        the consistency rules.
    italic
        The whole paragraph is printed in italics (Word files): with :attr:`bold_prefix`
        the evidence for questions set in type without labels (:mod:`researchkit.io.emphasis`).
    furniture
        Page furniture the reader found (``"running header"``, ``"page number"``): the
        paragraph stays in the text but is never a label, never starts or ends a turn,
        and its span is recorded in ``Transcript.furniture``.
    heading
        The reader found the paragraph to be a heading (HTML ``h1``-``h6``): between turns it
        is a section marker, as a Markdown heading is (:mod:`researchkit.io.sections`).
    time_prefix
        The paragraph's first characters are a time the reader has read into
        :attr:`timestamp` (an ``.lrc`` line's ``[01:02.03]``): a label is looked for after
        it, a turn the paragraph starts begins after it, and a paragraph that is nothing but
        the time gives the next turn its time.
    """

    text: str
    location: str
    bold_prefix: int = 0
    speaker: str | None = None
    timestamp: float | None = None
    label: LabelMatch | None = None
    furniture: str = ""
    italic: bool = False
    time_prefix: int = 0
    heading: bool = False


def _clean(paragraphs: Sequence[RawParagraph]) -> list[tuple[str, RawParagraph, int]]:
    """Canonical, stripped paragraph texts with their bold prefix shifted past the stripped lead."""
    out = []
    for p in paragraphs:
        raw = canonical_text(p.text)
        text = raw.strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        if p.time_prefix and lead:
            p = replace(p, time_prefix=max(0, p.time_prefix - lead))
        out.append((text, p, max(0, p.bold_prefix - lead) if p.bold_prefix else 0))
    return out


#: Paragraphs this short are remembered with their label (at most this many per file).
_MEMO_TEXT, _MEMO_SIZE = 120, 20_000
_UNSEEN = object()


def _time_only(text: str, memo: dict[str, bool]) -> bool:
    """Whether ``text`` is nothing but a time (:func:`match_timestamp_only`), remembered for short paragraphs."""
    found = memo.get(text)
    if found is None:
        found = match_timestamp_only(text) is not None
        if len(text) <= _MEMO_TEXT and len(memo) < _MEMO_SIZE:
            memo[text] = found
    return found


def _match_labels(
    cleaned: list[tuple[str, RawParagraph, int]], known: Mapping[str, str], skip: set[int], inline: Mapping[int, object] = {},
    listed: tuple[frozenset[str], int | None] = (frozenset(), None),
) -> tuple[list[LabelMatch | None], list[str]]:
    """Labels of each paragraph, after the consistency rules; with notes on what was refused.

    ``listed`` is the file's list of attendees (:mod:`attendees`) and the index of its heading: a
    name in it labels a turn even when used once.
    """
    matches: list[LabelMatch | None] = []
    # The same short paragraph ("A: ja", "Mm-hmm.") read once per file: the matchers are pure and a LabelMatch is
    # frozen, so a repeat gets the first reading (a file of 300,000 one-word turns is read in half the time).
    seen: dict[tuple[str, int, bool], LabelMatch | None] = {}
    time_only: dict[str, bool] = {}
    for index, (text, p, bold) in enumerate(cleaned):
        if p.label is not None:
            matches.append(p.label)
        elif p.speaker is not None or index in skip:
            matches.append(None)
        elif p.time_prefix:
            matches.append(match_after_time(text, p.time_prefix, p.timestamp, known))
        else:
            after_time = index > 0 and _time_only(cleaned[index - 1][0], time_only)
            key = (text, bold, after_time)
            found = seen.get(key, _UNSEEN)
            if found is _UNSEEN:
                found = match_paragraph(text, bold, known, after_time)
                if len(text) <= _MEMO_TEXT and len(seen) < _MEMO_SIZE:
                    seen[key] = found
            if found is not None and p.heading and not found.own_line and found.evidence not in ("known", "code"):
                found = None  # a heading "Part 2: the night shift" is a title, not the speaker "Part 2"
            matches.append(found)
    notes: list[str] = []
    name_counts = Counter(m.label for m in matches if m is not None and m.evidence == "name")
    for aliases, what in ((full_name_aliases(matches, name_counts), "full names used once read as the speaker named by "
                           "the surname or the initials alone elsewhere"),
                          (qualified_full_name_aliases(matches, name_counts), "full names with a note in brackets used "
                           "once read as the speaker named by the title and surname, the surname or the initials elsewhere "
                           "(the note stays in the text)"),
                          (declared_aliases(matches), "labels that declare their short form read as it"),
                          (qualified_aliases(matches), "labels with a note in brackets read as the same label without "
                           "it, which labels other turns (the note stays in the text)"),
                          (described_aliases(matches), "names with a description after a comma or dash read as the name "
                           "alone, which labels other turns (the description stays in the text)")):
        for i, short in aliases.items():
            name_counts[short] += matches[i].evidence == "name"
            label = matches[i].label  # the note after the short form ("(F, 45)", ", Pescador") or after the full name
            note = label[len(short):].strip() if label.startswith(short) else label[len(base_label(label)):].strip()
            qualifier = matches[i].qualifier or (note[1:-1].strip() if note.startswith("(") and note.endswith(")")
                                                 else note.lstrip(",–—-").strip())
            matches[i] = replace(matches[i], label=short, qualifier=qualifier)
        if aliases:
            shown = ", ".join(f"{cleaned[i][0][:matches[i].content_start].strip().rstrip(':').strip()!r} "
                              f"({cleaned[i][1].location}) as {short!r}" for i, short in list(aliases.items())[:5])
            notes.append(f"{what}: {shown}")
    chaired = chaired_label_lines(matches, [text for text, _, _ in cleaned])
    for i in chaired:  # the Flemish Parliament's "De voorzitter", "Vera Celis (N-VA)" alone above the speech
        matches[i] = replace(matches[i], evidence="known")
    if chaired:
        shown = ", ".join(f"{matches[i].label!r} ({cleaned[i][1].location})" for i in sorted(chaired)[:5])
        notes.append(f"names alone on a line, no colon, in a record whose chair's office (De voorzitter) labels two or more "
                     f"paragraphs so, label the turns below them: {shown}" + (" ..." if len(chaired) > 5 else ""))
    _refuse_caps_lines(matches, name_counts, [text for text, _, _ in cleaned])
    n_codes = sum(1 for m in matches if m is not None and m.evidence == "code")
    qa_counts = Counter(m.label for m in matches if m is not None and m.evidence == "qa")
    qa_ok = qa_counts["Q"] >= 2 and qa_counts["A"] >= 2
    names, heading = listed
    timed = timed_label_lines_used_once(matches, name_counts)
    if timed:
        names = names | {matches[i].label for i in timed}
        shown = ", ".join(f"{matches[i].label!r} ({cleaned[i][1].location})" for i in timed[:5]) + (" ..." if len(timed) > 5 else "")
        notes.append(f"names written with a time, as the other speakers' labels are, label a turn even when used once: "
                     f"{shown}")
    numbered = [i for i in numbered_questions([text for text, _, _ in cleaned], matches)
                if matches[i].evidence == "name" and name_counts[matches[i].label] < 2 and matches[i].label not in names]
    if numbered:  # a committee member who puts one numbered question ("Q7 Sam Member: ...") is a speaker
        names = names | {matches[i].label for i in numbered}
        shown = ", ".join(f"{matches[i].label!r} ({cleaned[i][1].location})" for i in numbered[:5]) + (" ..." if len(numbered) > 5 else "")
        notes.append(f"names after a question number, as the file's other questions are asked (Q12 Chair:), label a turn "
                     f"even when used once: {shown}")
    titled = [i for i in titled_labels_used_once(matches, name_counts) if matches[i].label not in names]
    if titled:
        names = names | {matches[i].label for i in titled}
        shown = ", ".join(f"{matches[i].label!r} ({cleaned[i][1].location})" for i in titled[:5]) + (" ..." if len(titled) > 5 else "")
        other = [matches[i] for i in titled if not titled_name(matches[i].label)]
        seats = (" or two notes in brackets (a member's seat and party)" if any(m.qualifier for m in other) else "") + (
            " or an office (The PRESIDENT)" if any(not m.qualifier for m in other) else "")
        notes.append(f"names with a title (De heer, Mevrouw, Minister, M., Mme, Herr, Frau, Sr., Mr.){seats}, as other "
                     f"speakers' labels are, label a turn even when used once: {shown}")
    refused = [
        i for i, m in enumerate(matches)
        if m is not None and ((m.evidence == "name" and name_counts[m.label] < 2 and m.label not in names)
                              or (m.evidence == "code" and n_codes < 2) or (m.evidence == "qa" and not qa_ok))
    ]
    kept = [i for i, m in enumerate(matches) if m is not None and m.evidence == "name" and name_counts[m.label] < 2
            and m.label in listed[0]]
    if kept and heading is not None:
        shown = ", ".join(f"{matches[i].label!r} ({cleaned[i][1].location})" for i in kept[:5]) + (" ..." if len(kept) > 5 else "")
        notes.append(f"names in the list of attendees ({cleaned[heading][1].location}) label a turn even when used once: {shown}")
    candidates = list(matches)
    refused_set = set(refused)
    matches = [None if i in refused_set else m for i, m in enumerate(matches)]
    colonless = labels_after_time_without_colon(
        [text for text, _, _ in cleaned], matches,
        skip | {i for i, (_, p, _) in enumerate(cleaned) if p.speaker is not None or p.label is not None or p.time_prefix})
    for i, found in colonless.items():  # "[0:04:53.6] NL Yeah": a label of the file's after its time mark, no colon
        matches[i] = found
    if colonless:
        notes.append(colonless_note(colonless, [p.location for _, p, _ in cleaned]))
    matches = _drop_label_lines_without_speech(cleaned, matches)
    notes.extend(once_used_notes(cleaned, candidates, refused, matches))
    labelled = [i for i, m in enumerate(matches) if m is not None]
    if len(labelled) == 1 and len(cleaned) >= 4 and labelled[0] not in inline:
        i = labelled[0]
        notes.append(
            f"the label {matches[i].label!r} ({cleaned[i][1].location}) is the only speaker label in the file and was "
            "not used as one: a label must be used consistently before it may take over a file; pass labels=... "
            "if it is a speaker"
        )
        matches[i] = None
    return matches, notes


def _refuse_caps_lines(matches: list[LabelMatch | None], name_counts: Counter, texts: Sequence[str] = ()) -> None:
    """Names alone on a line in capitals (``SMITH``, ``MR. SMITH``) count only in a file that uses them as labels.

    The name must label at least two paragraphs, and the file must have two such names
    used twice, or one and another accepted label; a one-off ``INTRODUCTION`` heading,
    or the same heading twice in a file without other labels, stays text. Plain name
    lines (evidence ``"plain"``: Teams pasted without times) need two names used twice
    each, and count only in a file without other labels; then a name said once counts too. In a file whose other
    labels are all label lines (two or more, each alone on its line: ``Researcher:`` above the speech), a plain name
    used twice is a label line too (an anonymised Teams transcript keeps the other speaker's name).
    A name in lower case alone on a line with its colon (``danah:``, evidence ``"lower"``) counts when it
    labels two paragraphs in a file with another label.
    A plain line that is a generic speaker or a role word (Otter's ``Unknown Speaker`` left
    unmarked among ``**Matt Yonkovit**`` lines) counts in a file with two or more other label lines.
    """
    caps = Counter(m.label for m in matches if m is not None and m.evidence == "caps")
    used = {label for label, n in caps.items() if n >= 2}
    others = any(m is not None and m.evidence not in ("caps", "plain", "lower") and (m.evidence != "name" or name_counts[m.label] >= 2)
                 for m in matches)
    lower = Counter(m.label for m in matches if m is not None and m.evidence == "lower")
    plain = Counter(m.label for m in matches if m is not None and m.evidence == "plain")
    label_lines = sum(1 for m in matches if m is not None and m.own_line and m.evidence not in ("caps", "plain")
                      and (m.evidence != "name" or name_counts[m.label] >= 2))
    # Label lines of another kind, every one alone on its line ("Researcher:" where a Teams transcript was anonymised):
    # a plain name used twice in the same place ("Jan Jansen" above the speech) is the other speaker's label line.
    alone = [m is not None and (m.own_line or (i < len(texts) and not texts[i][m.content_start:].strip()))
             for i, m in enumerate(matches)]  # "Researcher:" with nothing after the colon stands alone too
    labelled = [i for i, m in enumerate(matches) if m is not None and m.evidence not in ("caps", "plain", "lower")]
    mixed = others and len(labelled) >= 2 and all(alone[i] for i in labelled)
    plain_used = {label for label, n in plain.items() if n >= 2} if not others or mixed else set()
    for i, m in enumerate(matches):
        if m is not None and m.evidence == "caps" and (m.label not in used or (len(used) < 2 and not others)):
            matches[i] = None
        elif m is not None and m.evidence == "lower" and (lower[m.label] < 2 or not others):
            matches[i] = None  # "danah:" alone on a line counts beside "Rebecca:", used twice
        elif m is not None and m.evidence == "plain" and label_lines >= 2 and label_evidence(m.label, {}, None) == "known":
            matches[i] = replace(m, evidence="known")  # Otter's "Unknown Speaker" unmarked among bold name lines
        elif m is not None and m.evidence == "plain" and (m.label not in plain_used if mixed else len(plain_used) < 2):
            matches[i] = None


def _drop_label_lines_without_speech(
    cleaned: list[tuple[str, RawParagraph, int]], matches: list[LabelMatch | None]
) -> list[LabelMatch | None]:
    """A label line counts only when a paragraph of speech (not a label, not a timestamp) follows it.

    A run of headings or bold titles is not a run of speakers; such a line stays text.
    """
    out = list(matches)
    for index, m in enumerate(matches):
        if m is None or not m.own_line:
            continue
        after = index + 1
        while after < len(cleaned) and (match_timestamp_only(cleaned[after][0]) is not None or cleaned[after][1].furniture):
            after += 1
        if after >= len(cleaned) or matches[after] is not None or cleaned[after][1].speaker is not None:
            out[index] = None
    return out


def _layout(cleaned: list[tuple[str, RawParagraph, int]]) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Canonical text (paragraphs joined by ``\\n``), paragraph spans, and written label lengths."""
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    prefixes: list[int] = []  # length of a label we wrote for a preset speaker
    pos = 0
    previous_speaker: str | None = None
    for text, p, _ in cleaned:
        prefix = 0
        if p.speaker is not None and p.speaker != previous_speaker:
            prefix = len(p.speaker) + 2
            text = f"{p.speaker}: {text}"
        if p.speaker is not None:
            previous_speaker = p.speaker
        pieces.append(text)
        prefixes.append(prefix)
        spans.append((pos, pos + len(text)))
        pos += len(text) + 1
    return "\n".join(pieces), spans, prefixes


def assemble(
    doc_id: str,
    paragraphs: Sequence[RawParagraph],
    *,
    labels: Mapping[str, str] | LabelMap | None = None,
    attributes: Mapping | None = None,
    source: Source | None = None,
    notes: Sequence[str] = (),
) -> Transcript:
    """Turn a reader's paragraphs into a transcript.

    Parameters
    ----------
    doc_id
        Document id.
    paragraphs
        Paragraphs in reading order (empty ones are ignored).
    labels
        The user's label → role map (``{"Henk": "respondent"}``), merged over the
        defaults (role words in Dutch, English, German, French and Spanish).
    attributes
        Metadata found in the file (used to recognise interviewers by name).
    source
        Provenance.
    notes
        Notes from the reader, passed on.

    Returns
    -------
    Transcript

    Raises
    ------
    TranscriptError
        RK138 for more paragraphs than :data:`researchkit.io.limits.MAX_UNITS` (every reader's
        paragraphs pass here; most readers count their units before making them).
    """
    check_unit_count(source.path if source is not None else doc_id, len(paragraphs), "paragraphs")
    label_map = labels if isinstance(labels, LabelMap) else LabelMap(dict(labels or {}))
    attributes = dict(attributes or {})
    notes = list(notes)
    cleaned = _clean(paragraphs)
    legend = find_legend([text for text, _, _ in cleaned])
    if legend.entries:
        label_map = label_map.with_entries(legend.roles)
        attributes.setdefault("legend", legend.describe())
        where = sorted(cleaned[i][1].location for i in legend.paragraphs)
        notes.append(f"legend lines read as metadata, not turns ({', '.join(where)}): {legend.describe()}")
    # a paragraph whose speaker the format gives (a subtitle cue, an ASR segment, a CHAT utterance) is speech, never metadata
    # and a legend line ("I: Interviewer" below "## Transkript") is the legend's, not also an attribute "i"
    metadata = {i: kv for i, kv in metadata_paragraphs([text for text, _, _ in cleaned]).items()
                if cleaned[i][1].speaker is None and i not in legend.paragraphs}
    if metadata:
        where = ", ".join(cleaned[i][1].location for i in sorted(metadata)[:10]) + (" ..." if len(metadata) > 10 else "")
        notes.append(f"{len(metadata)} 'Key: value' line(s) read as metadata, not speaker labels ({where}); they stay in the text")
    # Legend codes give roles, but are matched like names: a code must be used twice to be a label.
    known = dict(labels.mapping if isinstance(labels, LabelMap) else labels or {})
    _set_apart_service_credit(cleaned, notes)
    mark_council_fragments(cleaned, notes, attributes)  # "• 0:11 J. Deuring" / "raadslid CDA" / "J. Deuring" / speech
    mark_group_header(cleaned, notes, attributes)  # a focus group's "18-29 (5 participants)" as its first line
    form_attributes(cleaned, notes, attributes)  # a form's table flattened into key and value lines at the top
    furniture = {i for i, (_, p, _) in enumerate(cleaned) if p.furniture}
    # the heading of a list of the people present read as metadata ("### Teilnehmer:") is no speaker's label either
    rosters = {i - 1 for i in metadata if i > 0 and i - 1 not in metadata and is_participants_heading(cleaned[i - 1][0])}
    inline = _inline_labels(cleaned, known, legend.paragraphs | set(metadata) | furniture | rosters)
    matches, label_notes = _match_labels(cleaned, known, legend.paragraphs | set(metadata) | furniture | rosters, inline,
                                         listed_speakers([text for text, _, _ in cleaned]))
    notes.extend(label_notes)
    matches, qualifier_notes, qualifiers = apply_qualifiers(matches, [p.location for _, p, _ in cleaned])
    notes.extend(qualifier_notes)
    if qualifiers:
        attributes.setdefault("speaker_qualifiers", qualifiers)
    label_map = written_roles(matches, label_map, [p.location for _, p, _ in cleaned], notes)
    label_map = numbered_question_roles([t for t, _, _ in cleaned], matches, label_map, [p.location for _, p, _ in cleaned],
                                        notes)
    not_labels = legend.paragraphs | set(metadata) | furniture | set(inline)
    matches, taken = continuation_labels(
        [t for t, _, _ in cleaned], matches,
        not_labels | {i for i, (_, p, _) in enumerate(cleaned) if p.speaker is not None or p.label is not None or p.time_prefix})
    if taken:
        notes.append(_continuation_note(taken, cleaned))
    if not inline and all(m is None for m in matches) and all(p.speaker is None and p.label is None for _, p, _ in cleaned):
        bare = bare_labels([t for t, _, _ in cleaned], not_labels | rosters)
        if any(m is not None for m in bare):  # "Interviewer In principe ...": labels that lost their colon
            matches = bare
            notes.append(bare_label_note(bare, [p.location for _, p, _ in cleaned]))
    if metadata:
        _metadata_attributes(metadata, cleaned, matches, attributes)
    credit_interviewer(cleaned, matches, attributes, notes)
    full_text, spans, prefixes = _layout(cleaned)
    any_label = any(m is not None for m in matches) or any(p.speaker is not None for _, p, _ in cleaned) or bool(inline)
    sync: tuple[tuple[int, int], ...] | None = None
    raw = unlabelled_turns(cleaned, spans, notes) if not any_label else None
    if raw is None and not inline:
        raw = note_taker_turns(cleaned, spans, matches, notes)
    if raw is None:
        texts = [t for t, _, _ in cleaned]
        # a speaker the format names (a TEI utterance's who) counts as a label for the headings a reader marked between turns
        labelled = [m if m is not None else p.speaker for m, (_, p, _) in zip(matches, cleaned)]
        sections = section_headings(texts, labelled, furniture | legend.paragraphs | set(metadata), attached=set(metadata),
                                    marked={i for i, (_, p, _) in enumerate(cleaned) if p.heading})
        memos = annotation_lines(texts, matches, furniture | legend.paragraphs | set(metadata) | sections)
        answered = {i + 1 for i, m in enumerate(matches) if m is not None and not texts[i][m.content_start :].strip()}
        directions = direction_lines(texts, matches, furniture | legend.paragraphs | set(metadata) | sections | memos | answered
                                     | {i for i, (_, p, _) in enumerate(cleaned) if p.speaker is not None or p.time_prefix})
        # "The meeting rose at 12.31 pm.": the record's line, nobody's speech (io/closings.py)
        closings = closing_lines(texts, matches, furniture | legend.paragraphs | set(metadata) | sections | memos | directions)
        directions |= closings
        moderator = moderator_lines(texts, matches, label_map, furniture | sections | memos | directions)
        prompts = guide_prompts(texts, matches, furniture | sections | memos | directions | legend.paragraphs | set(metadata))
        renamed = preset_aliases([p.speaker for _, p, _ in cleaned])
        ends = _times_at_the_end(cleaned, matches, notes)
        sync = paragraph_sync_points(cleaned, spans, matches, ends)  # before raw_turns uses the matches up
        raw = raw_turns(cleaned, spans, matches, prefixes, moderator | prompts, sections | memos | directions, renamed, ends)
        if renamed:
            notes.append(preset_alias_note(renamed, [(p.speaker, p.location) for _, p, _ in cleaned]))
        if sections:
            notes.append(section_note(sections, texts, [p.location for _, p, _ in cleaned]))
        if memos:
            notes.append(annotation_note(memos, [p.location for _, p, _ in cleaned]))
        if directions - closings:
            notes.append(direction_note(directions - closings, [p.location for _, p, _ in cleaned]))
        if closings:
            notes.append(closing_note(closings, [p.location for _, p, _ in cleaned]))
        if prompts:
            notes.append(prompt_note(prompts, [p.location for _, p, _ in cleaned]))
            moderator -= prompts
        if moderator:
            where = ", ".join(cleaned[i][1].location for i in sorted(moderator)[:10])
            notes.append(
                f"{len(moderator)} unlabelled paragraph(s) in capitals or asking a question between participant turns "
                f"were taken as the moderator's (speaker '', role interviewer): {where}"
                + (" ..." if len(moderator) > 10 else "") + "; label them in the file if this is wrong"
            )
    if sync is None:
        sync = paragraph_sync_points(cleaned, spans, matches, {})
    del matches  # one label match a paragraph: not needed below (a file of 300,000 short turns)
    if inline:
        raw = split_inline_turns(raw, [(spans[i][0], found) for i in sorted(inline) for found in inline[i]])
        notes.append(inline_note({cleaned[i][1].location: inline[i] for i in sorted(inline)}))
    label_map = researcher_code_roles(full_text, raw, label_map, notes)
    turns = _finish_turns(full_text, raw, *interviewer_roles(full_text, raw, label_map, attributes, notes))
    notes.extend(mapped_once_notes(turns, known, [cleaned[i][1].location for i in range(len(cleaned))], spans))
    return Transcript(
        doc_id=doc_id,
        text=full_text,
        turns=turns,
        attributes=attributes,
        source=source,
        paragraphs=tuple(spans),
        notes=tuple(notes),
        furniture=tuple(spans[i] for i in sorted(furniture)),
        sync_points=sync,
    )


def _times_at_the_end(cleaned: list[tuple[str, RawParagraph, int]], matches: Sequence[LabelMatch | None],
                      notes: list[str]) -> dict[int, tuple[float, int]]:
    """Paragraphs closed by a time in brackets (``... and that was it. [00:01:23]``, ``(00:01:23)``), when two or more
    paragraphs of the file close so: read as f4's ``#00:01:23-4#`` is, the time the paragraph ends (the next turn's
    time), left out of the turn's span and kept in the text. One such time alone stays in the turn, and so do they
    all when most of the file's bracketed times stand inside paragraphs (a running minute marker that now and
    then falls at a paragraph's end)."""
    ends = {}
    inside = 0
    for index, (text, p, _) in enumerate(cleaned):
        found = match_time_end(text) if p.speaker is None and not p.furniture else None
        if found is not None and found[1] > (matches[index].content_start if matches[index] is not None else 0):
            ends[index] = found
            inside += count_bracket_times(text) - 1
        elif not p.furniture:
            inside += count_bracket_times(text)
    if len(ends) < 2 or inside >= len(ends):
        return {}
    where = ", ".join(cleaned[i][1].location for i in list(ends)[:5]) + (" ..." if len(ends) > 5 else "")
    notes.append(f"{len(ends)} paragraph(s) end with a time in brackets ({where}): read as the time the paragraph ends, "
                 "so the next turn's time; the time stays in the text, outside the turn's span")
    return ends


def _continuation_note(taken: list[int], cleaned: list[tuple[str, RawParagraph, int]]) -> str:
    """The note naming the lines that only hold a time (``(00:00:48):``) and were read as the speaker above going on."""
    where = ", ".join(cleaned[i][1].location for i in taken[:10]) + (" ..." if len(taken) > 10 else "")
    return (f"{len(taken)} line(s) that open with only a time and a colon (or a time in bold), as Rev writes a speaker going on, "
            f"were read as new turns of the speaker above with that time: {where}")


def _inline_labels(
    cleaned: list[tuple[str, RawParagraph, int]], known: Mapping[str, str], skip: set[int]
) -> dict[int, list[InlineLabel]]:
    """Paragraphs that hold several labelled turns on one line (``Interviewer: ... Respondent: ...``), with their labels."""
    found = {}
    for index, (text, p, _) in enumerate(cleaned):
        if p.speaker is None and p.label is None and not p.furniture and index not in skip:
            labels = find_inline_labels(text, known=known)
            if labels:
                found[index] = labels
    return found


def _set_apart_service_credit(cleaned: list[tuple[str, RawParagraph, int]], notes: list[str]) -> None:
    """The service's credit lines below the last turn (``Transcribed by https://otter.ai``, Google Meet's
    ``Meeting ended after ...`` and its notice) become furniture (:mod:`credits`), and so do Teams' lines
    ``Nick Miller started transcription`` / ``... stopped transcription`` wherever they stand."""
    for index in service_credits([text for text, _, _ in cleaned]):
        text, p, bold = cleaned[index]
        if p.furniture or p.speaker is not None or p.label is not None:
            continue
        cleaned[index] = (text, replace(p, furniture="service credit"), bold)
        notes.append(f"the transcription service's credit {text!r} ({p.location}) is not speech: set apart from the "
                     "turns (it stays in the text, outside turn boundaries)")
    events = [i for i in meeting_events([text for text, _, _ in cleaned])
              if not (cleaned[i][1].furniture or cleaned[i][1].speaker is not None or cleaned[i][1].label is not None)]
    for index in events:
        text, p, bold = cleaned[index]
        cleaned[index] = (text, replace(p, furniture="meeting event"), bold)
    if events:
        shown = ", ".join(f"{cleaned[i][0]!r} ({cleaned[i][1].location})" for i in events[:5]) + (" ..." if len(events) > 5 else "")
        notes.append(f"{len(events)} line(s) where the meeting software says who started or stopped the transcription "
                     f"are not speech: set apart from the turns (they stay in the text, outside turn boundaries): {shown}")


def _metadata_attributes(
    metadata: Mapping[int, tuple[str, str]], cleaned: list[tuple[str, RawParagraph, int]],
    matches: Sequence[LabelMatch | None], attributes: dict,
) -> None:
    """The first metadata block, when it comes before any speech, adds attributes it does not override.

    Speech is a paragraph with an accepted label: a title line ``RONALD ARKIN: An Interview
    Conducted by Peter Asaro`` (a name used once, so no label) does not count.
    """
    first = min(metadata)
    if any(m is not None for m in matches[:first]):
        return
    index = first
    while index in metadata:
        key, value = metadata[index]
        attributes.setdefault(normalise_key(key), value.strip().strip("*_").strip())
        index += 1


def _finish_turns(full_text: str, raw: list[dict], label_map: LabelMap, interviewers: tuple[str, ...]) -> tuple[Turn, ...]:
    """Trim whitespace off the spans and give each turn its role.

    ``raw`` is used up: each raw turn is dropped from the list once its :class:`Turn` is made, so
    the two never both exist for a whole file (a file of 300,000 one-word turns).
    """
    has_interviewer = any(t["kind"] == "moderator" or (t["speaker"] and label_map.known(t["speaker"]) == "interviewer") for t in raw)
    if has_interviewer or interviewers:
        askers: frozenset[str] = frozenset()
    else:
        spoken = [t["speaker"] for t in raw if t["speaker"] and t["kind"] not in ("moderator", "inferred")]
        labels = set(spoken)
        # a session's professional ("Therapeut:"), or a record's chair ("The CHAIRMAN.", "Mr Speaker:"), puts the questions;
        # a bare "Chair:" only when it opens the file ("Anna:" asking "Chairman:" and "Secretary:" is an interview)
        askers = professional_askers(labels, label_map) | chair_askers(labels, label_map.known, spoken[0] if spoken else None)
    has_interviewer = has_interviewer or bool(askers)  # "Therapeut:" asks "Cliënt:"; a name beside them is a respondent
    turns: list[Turn] = []
    roles: dict[str, str] = {}  # speaker -> role: the same few speakers, turn after turn
    for index, t in enumerate(raw):
        raw[index] = None
        start, end, speaker = t["start"], t["end"], t["speaker"]
        lead = _space_at(full_text, start, end, 1)
        trail = _space_at(full_text, start + lead, end, -1)
        if lead:  # offsets are shared with the paragraph spans where nothing is trimmed (one int, not two)
            start += lead
        if trail:
            end -= trail
        if end <= start:
            continue
        if t["kind"] == "moderator":
            role = "interviewer"
        elif t["kind"] == "inferred":
            role = t["role"]
        elif speaker:
            role = roles.get(speaker)
            if role is None:
                role = roles[speaker] = "interviewer" if speaker in askers else label_map.role(
                    speaker, has_interviewer=has_interviewer, interviewers=interviewers)
        else:
            role = "other"
        turns.append(Turn(speaker, role, start, end, t["ts"]))
    raw.clear()
    return tuple(turns)


def _space_at(text: str, start: int, end: int, step: int) -> int:
    """How many white-space characters ``text[start:end]`` has at its start (``step`` 1) or end (``step`` -1),
    as ``str.lstrip``/``str.rstrip`` count them, without copying the segment.

    Examples
    --------
    >>> _space_at("  ja \\n", 0, 6, 1), _space_at("  ja \\n", 0, 6, -1), _space_at("   ", 0, 3, -1)
    (2, 2, 3)
    """
    count, index = 0, (start if step == 1 else end - 1)
    while start <= index < min(end, len(text)) and text[index].isspace():
        count += 1
        index += step
    return count
