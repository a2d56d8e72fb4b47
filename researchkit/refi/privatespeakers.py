"""Focus-group participants in a pseudonymised ``.qdpx``: their cases named by participant code.

An export without a key writes each speaker with attributes as a case named
``doc_id: speaker`` (:func:`researchkit.refi.qde.speaker_rows`). A pseudonymised export
(:func:`researchkit.refi.private.pseudonymised_exchange`) cannot: the label may be the
participant's name. There each participant's case is named by the code the report gives
the participant (:func:`researchkit.privacy.participants.participant_codes`: ``R05-2``, or
the document's ``R01`` for the one respondent of an interview), its values pass through
the key and the patterns as a document attribute's do
(:func:`researchkit.privacy.apply.pseudonymise_speaker_sheet`), and its selections are the
turns of the pseudonymised text. A speaker is left out, and listed, when

- the speaker has no respondent turn (a moderator or an observer has no participant code);
- the key turns the speaker's label into the label of another speaker of the document (their
  turns could no longer be told apart in the pseudonymised corpus).

Examples
--------
>>> import pandas as pd
>>> from researchkit.privacy import KeyEntry, PrivacyKey
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> t = Transcript("FG Urk", "M: Wie?\\nAnna: Ik, uit Urk.\\nBob: Ik.", (Turn("M", "interviewer", 3, 7),
...     Turn("Anna", "respondent", 14, 26), Turn("Bob", "respondent", 32, 35)))
>>> sheet = pd.DataFrame({"port": ["Urk", "Lemmer"]}, index=pd.MultiIndex.from_tuples([("FG Urk", "Anna"), ("FG Urk", "Bob")],
...                                                    names=["doc_id", "speaker"]))
>>> key = PrivacyKey([KeyEntry("Anna", pseudonym="[PERSOON-1]"), KeyEntry("Urk", pseudonym="[PLAATS-1]")])
>>> frame, names, left_out = private_speakers(Corpus([t], speakers=sheet), key, None, {"FG Urk": "FG [PLAATS-1]"})
>>> frame.reset_index().values.tolist()
[['FG [PLAATS-1]', '[PERSOON-1]', '[PLAATS-1]'], ['FG [PLAATS-1]', 'Bob', 'Lemmer']]
>>> names, left_out
({('FG [PLAATS-1]', '[PERSOON-1]'): 'R01-1', ('FG [PLAATS-1]', 'Bob'): 'R01-2'}, [])
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import pandas as pd

__all__ = ["private_speakers"]


def _speaking(corpus: Any, frame: pd.DataFrame) -> list[tuple[int, str, str]]:
    """``(row, doc_id, speaker)`` of the sheet's speakers with a turn in their document (the others get no case)."""
    spoken = {(t.doc_id, u.speaker) for t in corpus for u in t.turns if u.speaker and u.start < u.end}
    return [(i, str(d), str(s)) for i, (d, s) in enumerate(frame.index.tolist()) if (str(d), str(s)) in spoken]


def private_speakers(corpus: Any, key: Any, kinds: Sequence[str] | str | None,
                     renamed: Mapping[str, str]) -> tuple[pd.DataFrame | None, dict[tuple[str, str], str], list[str]]:
    """The speaker attributes of a pseudonymised export, each participant's case name, and who is left out.

    Parameters
    ----------
    corpus
        The corpus before pseudonymisation (its turns and ``speaker_attributes``).
    key, kinds
        The privacy key (``None``: patterns only) and the identifier patterns, as given to
        :func:`researchkit.privacy.apply_key`.
    renamed
        ``doc_id -> pseudonymised doc_id``.

    Returns
    -------
    tuple
        The speaker attributes indexed by the pseudonymised ``(doc_id, speaker)`` (``None``
        when none is written), ``(doc_id, speaker) -> participant code`` in those terms, and
        one line per speaker left out (for the export report's ``not_carried``).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("F1", "M: Wie?\\nA: Ik.", (Turn("M", "interviewer", 3, 7), Turn("A", "respondent", 11, 14)))
    >>> sheet = pd.DataFrame({"age": [40, 51]}, index=pd.MultiIndex.from_tuples([("F1", "M"), ("F1", "A")], names=["doc_id", "speaker"]))
    >>> frame, names, left_out = private_speakers(Corpus([t], speakers=sheet), None, "none", {"F1": "F1"})
    >>> names, left_out[0][:60]
    ({('F1', 'A'): 'R01'}, "speaker 'M' of 'F1': has attributes but no respondent turn, ")
    """
    from researchkit.privacy import respondent_codes
    from researchkit.privacy.apply import pseudonymise_speaker_label, pseudonymise_speaker_sheet
    from researchkit.privacy.participants import participant_codes

    frame = corpus.speaker_attributes
    if frame is None or not len(frame):
        return None, {}, []
    if key is not None and key.unassigned:
        key = key.assigned()  # as apply_key does: the labels as the pseudonymised turns have them
    codes = participant_codes(corpus, respondent_codes(corpus))
    labels: dict[tuple[str, str], str] = {}  # every speaker of a document with attributes, as pseudonymised
    for t in corpus:
        if t.doc_id in renamed:
            for u in t.turns:
                if u.speaker and (t.doc_id, u.speaker) not in labels:
                    labels[(t.doc_id, u.speaker)] = pseudonymise_speaker_label(u.speaker, key)
    shared: dict[tuple[str, str], list[str]] = {}
    for (doc_id, speaker), label in labels.items():
        shared.setdefault((doc_id, label), []).append(speaker)
    kept: list[tuple[str, str]] = []
    rows: list[int] = []
    left_out: list[str] = []
    for row, doc_id, speaker in _speaking(corpus, frame):
        if doc_id not in renamed:
            continue
        same = shared[(doc_id, labels[(doc_id, speaker)])]
        if (doc_id, speaker) not in codes:
            left_out.append(f"speaker {speaker!r} of '{doc_id}': has attributes but no respondent turn, so no participant code "
                            "to name a case by; not written in the pseudonymised export")
        elif len(same) > 1:
            left_out.append(f"speaker {speaker!r} of '{doc_id}': the key gives the labels " + " and ".join(map(repr, same))
                            + " one pseudonym, so their turns cannot be told apart; the speaker's attributes are not written "
                            "in the pseudonymised export (give each speaker its own key entry)")
        else:
            kept.append((doc_id, speaker))
            rows.append(row)
    if not kept:
        return None, {}, left_out
    sheet = pseudonymise_speaker_sheet(frame.iloc[rows], key, kinds=kinds)
    out_index = [(renamed[d], labels[(d, s)]) for d, s in kept]
    sheet.index = pd.MultiIndex.from_tuples(out_index, names=frame.index.names)
    names = {pair: codes[(d, s)] for pair, (d, s) in zip(out_index, kept)}
    return sheet, names, left_out
