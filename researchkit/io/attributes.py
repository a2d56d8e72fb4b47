"""Respondent attributes from a CSV or Excel sheet, joined to a corpus on ``doc_id``.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript("R01", "ja")])
>>> joined = join_attributes(corpus, pd.DataFrame({"doc_id": ["R01"], "port": ["Harlingen"]}))
>>> joined["R01"].attributes["port"]
'Harlingen'
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path
from typing import Mapping

import pandas as pd

from researchkit.errors import AttributesError
from researchkit.io.interviewers import interviewer_names, named_labels
from researchkit.io.dates import normalise_dates
from researchkit.io.metadata import normalise_key
from researchkit.io.sheets import read_sheet
from researchkit.io.sheetnames import match_sheet_speakers, sheet_note
from researchkit.io.speakers import LabelMap
from researchkit.personnames import names_person
from researchkit.transcripts import Corpus


def read_attributes(path: str | Path, *, date_format: str | None = None, index: str | tuple[str, ...] = "doc_id") -> pd.DataFrame:
    """Read a respondent-attributes sheet (``.csv``, ``.tsv``, ``.xlsx``) indexed by ``doc_id``.

    Values are read as text (``"007"`` stays ``"007"``); empty cells become ``None``;
    date columns become ISO dates, read day-first unless ``date_format`` says otherwise
    (see :mod:`researchkit.io.dates`). Column names are normalised (lower case,
    underscores). ``.xlsx`` files are checked against zip-bomb limits first (RK131).

    Parameters
    ----------
    path
        The sheet.
    date_format
        ``"day-first"`` (default), ``"month-first"`` or a ``strptime`` format.
    index
        The id column(s): ``"doc_id"``, or ``("doc_id", "speaker")`` for a speaker sheet.

    Raises
    ------
    AttributesError
        RK112 when the file is missing, has no id column, or repeats an id; RK131
        when an ``.xlsx`` would inflate beyond the limits; RK133 for dates.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> _ = open(p, "w").write("doc_id,group\\nR01,politie\\n")
    >>> read_attributes(p).loc["R01", "group"]
    'politie'
    """
    path = Path(path)
    frame = read_sheet(path)
    frame.columns = [normalise_key(str(c)) for c in frame.columns]
    keys = [index] if isinstance(index, str) else list(index)
    for key in keys:
        if key not in frame.columns:
            raise AttributesError(
                "RK112", path, f"has no {key!r} column (columns: {', '.join(frame.columns)})",
                hint="add a doc_id column with the transcript file names without extension"
                + (" and a speaker column with the labels as written" if key == "speaker" else ""),
            )
        frame[key] = frame[key].astype(str).str.strip()
        if key == "doc_id":
            frame[key] = [unicodedata.normalize("NFC", v) for v in frame[key]]
        empty = frame.index[frame[key] == ""]
        if len(empty):
            raise AttributesError("RK112", path, f"empty {key}", location=f"row {empty[0] + 2}", hint=f"fill in every {key} or remove the row")
    duplicated = frame[frame.duplicated(subset=keys, keep=False)]
    if len(duplicated):
        rows = ", ".join(f"row {i + 2} ({' / '.join(str(row[k]) for k in keys)})" for i, row in duplicated.iterrows())
        raise AttributesError("RK112", path, f"repeats {' and '.join(keys)}: {rows}", hint="give each one row")
    frame = normalise_dates(frame, path, date_format=date_format)
    return frame.replace({"": None}).set_index(keys if len(keys) > 1 else keys[0])


def _roles_from_interviewers(turns, attributes: Mapping) -> tuple[tuple, list[str]]:
    """Named speakers listed as the interviewer in the attributes become interviewers, and the notes on it.

    Speakers that are not role labels and were ``other`` only because the document
    seemed to lack an interviewer become respondents once the interviewer is known. A label
    that writes the name otherwise (``DE WIT`` for ``Ann de Wit``) is noted; one that may also
    name someone else in the attributes (``De Vries`` beside ``respondent: Anna de Vries``) is
    left as it is, with a note (:func:`researchkit.io.interviewers.named_labels`).
    """
    names = interviewer_names(attributes)
    if not names:
        return turns, []
    defaults = LabelMap()
    notes: list[str] = []
    checked = named_labels([{"speaker": t.speaker} for t in turns], defaults, names, attributes, notes)
    interviewer = {t.speaker for t in turns if t.speaker and checked.known(t.speaker) is None
                   and any(names_person(t.speaker, n) for n in names)}
    if not interviewer:
        return turns, notes
    out = []
    for turn in turns:
        if turn.speaker and checked.known(turn.speaker) is None:
            if turn.speaker in interviewer:
                turn = dataclasses.replace(turn, role="interviewer")
            elif turn.role == "other":
                turn = dataclasses.replace(turn, role="respondent")
        out.append(turn)
    return tuple(out), notes


def _with_interviewer_roles(t):
    turns, notes = _roles_from_interviewers(t.turns, t.attributes)
    return dataclasses.replace(t, turns=turns, notes=tuple(t.notes) + tuple(n for n in notes if n not in t.notes))


def join_attributes(corpus, attributes: pd.DataFrame | Mapping[str, Mapping] | str | Path, *, source: str | None = None, date_format: str | None = None):
    """Return a new corpus whose transcripts carry the sheet's attributes.

    Sheet values win over metadata found in the files. Every id that does not match
    — in the sheet but not the corpus, or in the corpus but not the sheet — is listed
    in one error. Speakers named as the interviewer in the attributes become
    interviewers (see :meth:`Corpus.with_attributes` for the plain join).

    Raises
    ------
    AttributesError
        RK113 listing unmatched ids.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> joined = join_attributes(Corpus([Transcript("R01", "ja")]), {"R01": {"port": "Urk"}})
    >>> joined["R01"].attributes
    {'port': 'Urk'}
    """
    if isinstance(attributes, (str, Path)):
        source = str(attributes)
        attributes = read_attributes(attributes, date_format=date_format)
    joined = corpus.with_attributes(attributes, source=source)
    docs = [_with_interviewer_roles(t) for t in joined]
    return Corpus(docs, problems=joined.problems, notes=joined.notes, speakers=joined.speaker_attributes)


def join_speaker_attributes(corpus, speakers: pd.DataFrame | str | Path, *, date_format: str | None = None,
                            source: str | None = None):
    """Return a new corpus carrying a speaker-level attributes sheet (focus groups).

    The sheet has one row per ``doc_id`` and ``speaker`` (the label as written in the
    transcript) with that speaker's attributes (group, organisation ...). Every pair
    that does not match a speaker of the corpus is listed in one error (RK134).
    ``corpus.speakers`` then has one row per speaker with turns, words and attributes.
    ``source`` names a sheet given as a table in the errors (the file it was read from).

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript("F1", "M1: ja", (Turn("M1", "respondent", 4, 6),))])
    >>> sheet = pd.DataFrame({"doc_id": ["F1"], "speaker": ["M1"], "group": ["visser"]})
    >>> join_speaker_attributes(c, sheet).speakers.loc[0, "group"]
    'visser'
    """
    source = source or "<speakers>"
    if isinstance(speakers, (str, Path)):
        source = str(speakers)
        speakers = read_attributes(speakers, date_format=date_format, index=("doc_id", "speaker"))
    frame = speakers.reset_index() if speakers.index.names != [None] else speakers.copy()  # the caller's table is left as it is
    frame.columns = [normalise_key(str(c)) for c in frame.columns]
    if not {"doc_id", "speaker"} <= set(frame.columns):
        raise AttributesError("RK112", source, "needs doc_id and speaker columns", hint="add the two columns")
    labels: dict[str, dict[str, None]] = {}
    for t in corpus:
        for turn in t.turns:
            if turn.speaker:
                labels.setdefault(t.doc_id, {})[turn.speaker] = None
    pairs = list(zip(frame["doc_id"].astype(str), frame["speaker"].astype(str)))
    resolved, unknown = match_sheet_speakers(pairs, labels)  # "Ann de Wit" in the sheet, "DE WIT:" in the transcript
    if unknown:
        raise AttributesError(
            "RK134", source, f"speakers not found in the transcripts: {', '.join(unknown[:10])}" + (" ..." if len(unknown) > 10 else ""),
            hint="write doc_id and the speaker label as in the transcript (see corpus.turns); a name written otherwise "
                 "(Ann de Wit for DE WIT) is matched only when it names one label",
        )
    notes = list(corpus.notes)
    if resolved:
        frame = frame.copy()
        frame["speaker"] = [resolved.get(pair, pair[1]) for pair in pairs]
        notes.append(sheet_note(resolved))
    return Corpus(list(corpus), problems=corpus.problems, notes=notes, speakers=frame.set_index(["doc_id", "speaker"]))
