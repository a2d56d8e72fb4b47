"""Focus-group participants in quotes: a code per participant and the attributes shown for them.

A quote from a focus group is said by one participant, who has their own group,
organisation or port (the speaker-level sheet, ``corpus.speaker_attributes``). Counting
per speaker (``report.count_per: speaker``) a quote is attributed to that participant:

- every respondent speaker of a document with two or more of them gets the document's
  respondent code and a number in order of first speaking (``R05-1``, ``R05-2``); the
  single respondent of an interview keeps the document's code (``R01``);
- the attributes shown are the participant's own, and the document's for a field the
  speaker sheet lacks or leaves empty.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> t = Transcript("F1", "A: ja\\nB: nee", turns=(Turn("A", "respondent", 3, 5), Turn("B", "respondent", 9, 12)),
...                attributes={"port": "Urk", "organisation": "Focusgroep"})
>>> sheet = pd.DataFrame({"organisation": ["Visser"]}, index=pd.MultiIndex.from_tuples([("F1", "B")], names=["doc_id", "speaker"]))
>>> corpus = Corpus([t], speakers=sheet)
>>> participant_codes(corpus, {"F1": "R01"})
{('F1', 'A'): 'R01-1', ('F1', 'B'): 'R01-2'}
>>> participant_attributes(corpus, "F1", "B")["organisation"], participant_attributes(corpus, "F1", "A")["organisation"]
('Visser', 'Focusgroep')
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

__all__ = ["participant_codes", "participant_attributes"]


def participant_codes(corpus: Any, codes: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """``(doc_id, speaker) -> code`` for every respondent speaker (see the module notes).

    Parameters
    ----------
    corpus
        The corpus (its turns give the respondent speakers).
    codes
        ``doc_id -> respondent code`` (:func:`researchkit.privacy.respondent_codes`).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> one = Transcript("R1", "R: ja", turns=(Turn("R", "respondent", 3, 5),))
    >>> participant_codes(Corpus([one]), {"R1": "R01"})
    {('R1', 'R'): 'R01'}
    """
    speakers = corpus.respondent_speakers
    per_doc: dict[str, int] = {}
    for doc_id, _speaker in speakers:
        per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
    out: dict[tuple[str, str], str] = {}
    number: dict[str, int] = {}
    for doc_id, speaker in speakers:
        if per_doc[doc_id] == 1:
            out[(doc_id, speaker)] = codes[doc_id]
            continue
        number[doc_id] = number.get(doc_id, 0) + 1
        out[(doc_id, speaker)] = f"{codes[doc_id]}-{number[doc_id]}"
    return out


def participant_attributes(corpus: Any, doc_id: str, speaker: str | None) -> dict[str, Any]:
    """The attributes of ``speaker`` in ``doc_id``: the document's, overridden by the speaker sheet's non-empty values
    (a column of the sheet the document lacks is ``None`` where the sheet gives no value).

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> participant_attributes(Corpus([Transcript("R1", "ja", attributes={"port": "Urk"})]), "R1", None)
    {'port': 'Urk'}
    """
    attributes = dict(corpus[doc_id].attributes)
    sheet = corpus.speaker_attributes
    if sheet is None or speaker is None:
        return attributes
    frame = sheet.reset_index() if sheet.index.names != [None] else sheet
    for column in frame.columns:
        if column not in ("doc_id", "speaker"):
            attributes.setdefault(column, None)
    rows = frame[(frame["doc_id"].astype(str) == str(doc_id)) & (frame["speaker"].astype(str) == str(speaker))]
    if len(rows):
        for column, value in rows.iloc[0].items():
            if column in ("doc_id", "speaker") or pd.isna(value) or not str(value).strip():
                continue
            attributes[column] = value
    return attributes
