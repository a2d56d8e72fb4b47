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
from pathlib import Path
from typing import Mapping

import pandas as pd

from researchkit.errors import AttributesError
from researchkit.io.metadata import normalise_key


def read_attributes(path: str | Path) -> pd.DataFrame:
    """Read a respondent-attributes sheet (``.csv``, ``.tsv``, ``.xlsx``) indexed by ``doc_id``.

    Values are read as text (``"007"`` stays ``"007"``); empty cells become ``None``.
    Column names are normalised (lower case, underscores).

    Raises
    ------
    AttributesError
        RK112 when the file is missing, has no ``doc_id`` column, or repeats an id.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> _ = open(p, "w").write("doc_id,group\\nR01,politie\\n")
    >>> read_attributes(p).loc["R01", "group"]
    'politie'
    """
    path = Path(path)
    if not path.exists():
        raise AttributesError("RK101", path, "file not found", hint="check the path of the attributes sheet")
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        elif suffix in {".csv", ".tsv", ".txt"}:
            raw = path.read_bytes()
            from researchkit.io.text import decode_bytes

            text, _ = decode_bytes(raw, path)
            import io

            sep = "\t" if suffix == ".tsv" else None
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep, engine="python")
        else:
            raise AttributesError("RK112", path, f"unsupported sheet type {suffix!r}", hint="use .csv, .tsv or .xlsx")
    except AttributesError:
        raise
    except Exception as err:  # pandas/openpyxl raise many types for malformed sheets
        raise AttributesError("RK112", path, f"cannot be read as a table ({type(err).__name__}: {err})", hint="open it in a spreadsheet program and save it again as CSV or XLSX") from None
    frame.columns = [normalise_key(str(c)) for c in frame.columns]
    if "doc_id" not in frame.columns:
        raise AttributesError(
            "RK112", path, f"has no 'doc_id' column (columns: {', '.join(frame.columns)})",
            hint="add a doc_id column with the transcript file names without extension",
        )
    frame["doc_id"] = frame["doc_id"].str.strip()
    empty = frame.index[frame["doc_id"] == ""]
    if len(empty):
        raise AttributesError("RK112", path, "empty doc_id", location=f"row {empty[0] + 2}", hint="fill in every doc_id or remove the row")
    duplicated = frame["doc_id"][frame["doc_id"].duplicated(keep=False)]
    if len(duplicated):
        rows = ", ".join(f"row {i + 2} ({v})" for i, v in duplicated.items())
        raise AttributesError("RK112", path, f"repeats doc_id(s): {rows}", hint="give each document one row")
    frame = frame.replace({"": None}).set_index("doc_id")
    return frame


def _roles_from_interviewers(turns, attributes: Mapping) -> tuple:
    """Named speakers listed as the interviewer in the attributes become interviewers.

    Speakers that are not role labels and were ``other`` only because the document
    seemed to lack an interviewer become respondents once the interviewer is known.
    """
    from researchkit.io.assemble import interviewer_names
    from researchkit.io.speakers import LabelMap

    names = interviewer_names(attributes)
    if not names:
        return turns
    defaults = LabelMap()
    folded = {n.casefold() for n in names} | {n.split()[0].casefold() for n in names}
    named = [t for t in turns if t.speaker and defaults.known(t.speaker) is None]
    if not any(t.speaker.strip().casefold() in folded for t in named):
        return turns
    out = []
    for turn in turns:
        if turn in named or (turn.speaker and defaults.known(turn.speaker) is None):
            if turn.speaker.strip().casefold() in folded:
                turn = dataclasses.replace(turn, role="interviewer")
            elif turn.role == "other":
                turn = dataclasses.replace(turn, role="respondent")
        out.append(turn)
    return tuple(out)


def join_attributes(corpus, attributes: pd.DataFrame | Mapping[str, Mapping] | str | Path, *, source: str | None = None):
    """Return a new corpus whose transcripts carry the sheet's attributes.

    Sheet values win over metadata found in the files. Every id that does not match
    — in the sheet but not the corpus, or in the corpus but not the sheet — is listed
    in one error.

    Raises
    ------
    AttributesError
        RK113 listing unmatched ids.
    """
    from researchkit.transcripts import Corpus

    if isinstance(attributes, (str, Path)):
        source = str(attributes)
        attributes = read_attributes(attributes)
    if isinstance(attributes, pd.DataFrame):
        frame = attributes
        if frame.index.name != "doc_id":
            if "doc_id" not in frame.columns:
                raise AttributesError("RK112", source or "<attributes>", "has no doc_id column or index", hint="index the table by doc_id")
            frame = frame.set_index("doc_id")
        table = {str(k): {c: (None if pd.isna(v) else v) for c, v in row.items()} for k, row in frame.iterrows()}
    else:
        table = {str(k): dict(v) for k, v in attributes.items()}
    ids = set(corpus.doc_ids)
    extra = sorted(set(table) - ids)
    missing = [d for d in corpus.doc_ids if d not in table]
    if extra or missing:
        parts = []
        if extra:
            parts.append(f"in the sheet but not in the corpus: {', '.join(extra)}")
        if missing:
            parts.append(f"in the corpus but not in the sheet: {', '.join(missing)}")
        raise AttributesError(
            "RK113", source or "<attributes>", "doc_ids do not match; " + "; ".join(parts),
            hint="make the doc_id column match the transcript file names (without extension)",
        )
    docs = []
    for t in corpus:
        merged = dict(t.attributes)
        merged.update(table[t.doc_id])
        docs.append(dataclasses.replace(t, attributes=merged, turns=_roles_from_interviewers(t.turns, merged)))
    return Corpus(docs, problems=corpus.problems, notes=corpus.notes)
