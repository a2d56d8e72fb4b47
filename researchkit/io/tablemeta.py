"""The columns of a transcript table besides speaker, text and times: attributes, conversations, the rest.

Research data sets publish their transcripts as tables with more columns than the talk: the
study's own variables (AnnoMI's ``mi_quality`` and ``topic``), the speaker's (Switchboard's
``sex`` and ``birth_year``), and codes a row at a time (``main_therapist_behaviour``). Nothing of
them is dropped without saying so:

* a column with one value in every row (two rows or more) is an attribute of the transcript (``mi_quality: high``);
* a column with one value a speaker is listed in a note as the speakers' attributes (a speakers
  sheet keeps them: ``read_corpus(..., speakers=...)``);
* every other column is listed in a note as not read.

A table holding several conversations (a whole corpus in one file, one ``transcript_id`` or
``OBSID`` a conversation) is not one transcript: :func:`conversations` finds the column and
values, :func:`split_table` writes one file a conversation.

Examples
--------
>>> frame = pd.DataFrame({"speaker": ["T", "C"], "text": ["Hi.", "Hey."], "topic": ["smoking", "smoking"], "code": ["q", "n"]})
>>> other_columns(frame, {"speaker", "text"})
({'topic': 'smoking'}, ["column(s) not read into the transcript (a value a row): 'code'"])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from researchkit.errors import TranscriptError
from researchkit.fileio import write_csv
from researchkit.io.metadata import normalise_key
from researchkit.io.tablecols import is_conversation_column

__all__ = ["other_columns", "cells_attributes", "stripped_cells", "conversations", "split_table"]


def _shown(names: list[str], limit: int = 12) -> str:
    return ", ".join(repr(n) for n in names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def other_columns(frame: pd.DataFrame, used: set[str], *, speaker: str | None = None) -> tuple[dict[str, str], list[str]]:
    """The transcript attributes (columns with one value) and notes naming the columns not read.

    Empty columns hold nothing and are passed over. ``speaker`` is the speaker column, for the
    columns with one value a speaker. The cells are compared as :func:`stripped_cells` gives them
    (:func:`cells_attributes` decides).
    """
    return cells_attributes([str(c) for c in frame.columns], lambda k: stripped_cells(frame, k), used, speaker=speaker)


def stripped_cells(frame: pd.DataFrame, k: int) -> list[str]:
    """Column ``k`` of a table (by position) as text without surrounding white space, one string a row.

    Examples
    --------
    >>> stripped_cells(pd.DataFrame({"a": [" x ", "y"]}), 0)
    ['x', 'y']
    """
    return frame.iloc[:, k].astype(str).str.strip().tolist()


def cells_attributes(
    names: Sequence[str], cells: Callable[[int], Sequence[str]], used: set[str], *, speaker: str | None = None,
) -> tuple[dict[str, str], list[str]]:
    """:func:`other_columns` on a table's rows given column by column: ``names`` the column names, ``cells(k)``
    column ``k``'s cells as :func:`stripped_cells` gives them (all rows, or one conversation's); asked for the speaker's
    column first, then for each other column it looks at.

    Examples
    --------
    >>> table = [["T", "C", "T", "C"], ["Hi.", "Hey.", "So?", "No."], ["x", "x", "x", "x"], ["f", "m", "f", "m"]]
    >>> cells_attributes(["speaker", "text", "site", "sex"], table.__getitem__, {"speaker", "text"}, speaker="speaker")
    ({'site': 'x'}, ["column(s) with one value a speaker, not read into the transcript (speaker attributes? keep them in a speakers sheet): 'sex'"])
    """
    attributes: dict[str, str] = {}
    per_speaker: list[str] = []
    rest: list[str] = []
    speakers = cells(names.index(speaker)) if speaker in names else None
    least = max(4, 2 * len(set(speakers))) if speakers is not None else 0  # rows a column with one value a speaker needs
    for k, name in enumerate(names):
        if name in used or name.startswith("Unnamed: "):
            if name.startswith("Unnamed: ") and any(cells(k)):
                rest.append(name)  # a column without a header that holds something
            continue
        column = cells(k)
        filled = [v for v in column if v]
        if not filled:
            continue
        first = filled[0]
        if len(filled) == len(column) > 1 and all(v == first for v in filled):  # one row: nothing says it is the transcript's
            attributes[normalise_key(name)] = first
        elif speakers is not None and len(filled) == len(column) >= least and _one_value_a_speaker(speakers, column):
            per_speaker.append(name)
        else:
            rest.append(name)
    notes = []
    if per_speaker:
        notes.append(f"column(s) with one value a speaker, not read into the transcript (speaker attributes? keep them in "
                     f"a speakers sheet): {_shown(per_speaker)}")
    if rest:
        notes.append(f"column(s) not read into the transcript (a value a row): {_shown(rest)}")
    return attributes, notes


def _one_value_a_speaker(speakers: Sequence[str], values: Sequence[str]) -> bool:
    """Whether each speaker's rows hold one value (the same in all of them)."""
    seen: dict[str, str] = {}
    return all(seen.setdefault(s, v) == v for s, v in zip(speakers, values))


def conversations(frame: pd.DataFrame, used: set[str]) -> tuple[str, list[str]] | None:
    """The column that names each row's conversation and its values in order of appearance, when the table holds
    two or more conversations; else ``None``.

    Examples
    --------
    >>> conversations(pd.DataFrame({"transcript_id": ["0", "0", "1"], "text": ["a", "b", "c"]}), {"text"})
    ('transcript_id', ['0', '1'])
    """
    for k, name in enumerate(str(c) for c in frame.columns):
        if name in used or not is_conversation_column(name):
            continue
        cells = frame.iloc[:, k].astype(str).str.strip()
        values = list(dict.fromkeys(v for v in cells if v))
        if len(values) > 1:
            return name, values
    return None


_UNSAFE = re.compile(r"[^\w.\-]+")


def split_table(path: str | Path, by: str, folder: str | Path) -> list[Path]:
    """Write one ``.csv`` a conversation of a transcript table, named after the value of column ``by``
    (``<file>_<value>.csv``), rows in their order, every column kept. Returns the files written.

    Raises
    ------
    TranscriptError
        RK145 when the table has no column ``by``; as :func:`researchkit.io.sheets.read_sheet` for a sheet that
        cannot be read.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "AnnoMI.csv")
    >>> _ = open(p, "w").write("transcript_id,interlocutor,utterance_text\\n0,therapist,Hi.\\n1,client,Hey.\\n")
    >>> [f.name for f in split_table(p, "transcript_id", os.path.join(d, "out"))]
    ['AnnoMI_0.csv', 'AnnoMI_1.csv']
    """
    from researchkit.io.sheets import read_sheet

    path = Path(path)
    frame = read_sheet(path, error=TranscriptError)
    if by not in frame.columns:
        raise TranscriptError("RK145", path, f"has no column {by!r} to split by (columns: {_shown([str(c) for c in frame.columns])})",
                              hint="name the column that holds the conversation of each row")
    out = Path(folder)
    written: list[Path] = []
    cells = frame[by].astype(str).str.strip()
    seen: set[str] = set()
    for value in dict.fromkeys(cells):
        name = f"{path.stem}_{_UNSAFE.sub('_', value).strip('_') or 'none'}"
        while name.casefold() in seen:
            name += "_"
        seen.add(name.casefold())
        written.append(write_csv(frame[cells == value], out / f"{name}.csv", neutralise_formulas=False))
    return written
