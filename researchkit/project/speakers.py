"""Speaker-level attributes in the project (focus groups): set them from a sheet, read them back.

A focus-group transcript holds several respondents; a speakers sheet (``doc_id, speaker,
<attributes>``, the one ``read_corpus(..., speakers=...)`` reads) gives each of them
attributes. :meth:`SpeakersPart.set_speaker_attributes` checks the sheet against the
project's transcripts exactly as :func:`researchkit.io.attributes.join_speaker_attributes`
does (every unknown pair listed, RK134; a name written otherwise matched to its label) and
stores it, one fact per document (:mod:`researchkit.project.speakerfacts`), in one
transaction, with an audit-log entry per document changed. :meth:`Project.corpus` then
carries them as ``corpus.speaker_attributes``.

Examples
--------
>>> import pandas as pd
>>> from researchkit.project.examples import example_project
>>> from researchkit.transcripts import Transcript, Turn
>>> p = example_project({})
>>> _ = p.add_documents(Transcript("F1", "M1: ja\\nM2: nee", (Turn("M1", "respondent", 4, 6), Turn("M2", "respondent", 11, 14))))
>>> _ = p.set_speaker_attributes(pd.DataFrame({"doc_id": ["F1", "F1"], "speaker": ["M1", "M2"], "group": ["visser", "douane"]}))
>>> p.corpus().speakers[["speaker", "turns", "group"]].values.tolist()
[['M1', 1, 'visser'], ['M2', 1, 'douane']]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import select

from researchkit.errors import ProjectError
from researchkit.project import schema, speakerfacts
from researchkit.project.documents import DocumentsPart

if TYPE_CHECKING:  # pandas loads when a table is built, not when the module is imported
    import pandas as pd

__all__ = ["SpeakersPart", "SpeakersReport"]

_REMOVED_COLUMNS = ["doc_id", "speaker", "attributes"]


@dataclass
class SpeakersReport:
    """What :meth:`SpeakersPart.set_speaker_attributes` stored.

    Attributes
    ----------
    stored
        The speaker attributes of the documents the sheet names, as stored, indexed by
        ``(doc_id, speaker)`` (the transcript's labels).
    removed
        ``doc_id, speaker, attributes`` (JSON text): rows stored before that the sheet no
        longer holds (a speaker left out of a document's rows; with ``replace=True`` every
        row of a document the sheet does not name).
    changed
        The documents whose stored speaker attributes changed (one audit-log entry each).
    notes
        Sheet names matched to a label written otherwise in the transcript.
    """

    stored: pd.DataFrame
    removed: pd.DataFrame
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"SpeakersReport(stored={len(self.stored)} speaker(s) of {self.stored.index.get_level_values(0).nunique()} "
                f"document(s), removed={len(self.removed)}, changed={len(self.changed)})")


def _sheet_doc_ids(sheet: pd.DataFrame) -> list[str]:
    """The doc ids a sheet table names (any spelling of the ``doc_id`` column), to load only those documents."""
    from researchkit.io.metadata import normalise_key

    frame = sheet.reset_index() if sheet.index.names != [None] else sheet
    columns = [c for c in frame.columns if normalise_key(str(c)) == "doc_id"]
    return sorted(set(frame[columns[0]].astype(str))) if columns else []


class SpeakersPart(DocumentsPart):
    """Speaker-level attributes: set from a sheet, list, clear."""

    def set_speaker_attributes(self, sheet: pd.DataFrame | str | os.PathLike, *, replace: bool = False,
                               date_format: str | None = None, coder: str | None = None) -> SpeakersReport:
        """Store a speakers sheet (focus groups): one row per ``doc_id`` and ``speaker`` with that speaker's attributes.

        The sheet is checked against the project's transcripts as
        :func:`researchkit.io.attributes.join_speaker_attributes` checks it against a corpus:
        every pair that names no speaker of a stored document is listed in one error, and
        a name written otherwise (``Ann de Wit`` for the label ``DE WIT``) is matched when
        it names one label. Each document the sheet names then has exactly the sheet's rows
        (stored rows of speakers the sheet leaves out are removed and reported); other
        documents keep theirs unless ``replace=True``. One transaction; one audit-log entry
        (``set_speaker_attributes`` or ``remove_speaker_attributes``, target
        ``speakers:<doc_id>``, before and after) per document whose rows changed.

        Parameters
        ----------
        sheet
            A table with ``doc_id`` and ``speaker`` columns (or that index), or the path of a
            ``.csv``/``.tsv``/``.xlsx`` sheet (read as :func:`researchkit.io.read_attributes`
            reads it: values as text, dates as ISO dates).
        replace
            The sheet holds every speaker attribute of the project: documents it does not
            name lose theirs (reported in ``removed``).
        date_format
            How the sheet writes dates (``"day-first"`` default, ``"month-first"``, a ``strptime`` format).
        coder
            Who did it (audit log); default the project's user.

        Returns
        -------
        SpeakersReport
            What is stored for the sheet's documents, what was removed, which documents changed.

        Raises
        ------
        AttributesError
            RK134 speakers not in the transcripts (listed); RK112 a sheet without
            ``doc_id``/``speaker`` columns, or a file repeating a pair; RK101/RK131/RK133 as
            for any sheet. Nothing is written.
        ProjectError
            RK336 a table giving one speaker two rows; RK331 a NUL character; RK312 a project
            opened read-only. Nothing is written.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript, Turn
        >>> p = example_project({})
        >>> _ = p.add_documents(Transcript("F1", "DE WIT: ja\\nM2: nee", (Turn("DE WIT", "respondent", 8, 10), Turn("M2", "respondent", 15, 18))))
        >>> report = p.set_speaker_attributes(pd.DataFrame({"doc_id": ["F1"], "speaker": ["Ann de Wit"], "group": ["visser"]}))
        >>> report.stored.reset_index().values.tolist()
        [['F1', 'DE WIT', 'visser']]
        >>> p.history(action="set_speaker_attributes")["target"].tolist()
        ['speakers:F1']
        """
        import pandas as pd

        from researchkit.io.attributes import join_speaker_attributes, read_attributes

        source = "<speakers>"
        if isinstance(sheet, (str, os.PathLike)):
            source = str(sheet)
            sheet = read_attributes(Path(sheet), date_format=date_format, index=("doc_id", "speaker"))
        elif not isinstance(sheet, pd.DataFrame):
            raise ProjectError("RK324", f"set_speaker_attributes: sheet is a {type(sheet).__name__}",
                               hint="pass a DataFrame with doc_id and speaker columns, or the path of a CSV/XLSX sheet")
        with self._write() as conn:
            corpus = self.corpus(doc_ids=_sheet_doc_ids(sheet))  # reads inside this transaction
            joined = join_speaker_attributes(corpus, sheet, source=source)
            wanted = speakerfacts.by_document(joined.speaker_attributes, source)
            removed, changed = speakerfacts.store(conn, wanted, replace=replace, audit=self._auditor(coder), source=source,
                                                  where=self.location)
        notes = [n for n in joined.notes if n not in corpus.notes]
        frame = speakerfacts.to_frame(wanted)
        return SpeakersReport(frame, pd.DataFrame(removed, columns=_REMOVED_COLUMNS), changed, notes)

    def _auditor(self, coder: str | None):
        """``(conn, action, target, before, after)`` -> an audit-log entry by ``coder`` (default the project's user)."""
        return lambda conn, action, target, before, after: self._audit(conn, action, target, before, after, who=coder or self.user)

    def speaker_attributes(self, *, doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
        """The stored speaker attributes, indexed by ``(doc_id, speaker)``: documents sorted, speakers in sheet order.

        Empty (with that index) when none is stored.

        Raises
        ------
        ProjectError
            RK337 when a stored value was damaged outside researchkit.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript, Turn
        >>> p = example_project({})
        >>> _ = p.add_documents(Transcript("F1", "M1: ja", (Turn("M1", "respondent", 4, 6),)))
        >>> len(p.speaker_attributes())
        0
        >>> _ = p.set_speaker_attributes(pd.DataFrame({"doc_id": ["F1"], "speaker": ["M1"], "age": [34]}))
        >>> int(p.speaker_attributes().loc[("F1", "M1"), "age"])
        34
        """
        d = schema.documents
        query = select(d.c.doc_id, d.c.uuid)
        if doc_ids is not None:
            query = query.where(d.c.doc_id.in_(list(doc_ids)))
        with self._read() as conn:
            docs = dict(conn.execute(query).all())
            facts = speakerfacts.read_facts(conn, None if doc_ids is None else list(docs.values()))
        doc_of = {u: doc_id for doc_id, u in docs.items()}
        return speakerfacts.to_frame({doc_of[u]: speakerfacts.decode(v, where=f"{self.location}: document {doc_of[u]!r}")
                                      for u, v in facts.items() if u in doc_of})

    def clear_speaker_attributes(self, *, doc_ids: Sequence[str] | None = None, coder: str | None = None) -> pd.DataFrame:
        """Remove the stored speaker attributes (of every document, or of ``doc_ids``); the rows removed.

        One transaction; a ``remove_speaker_attributes`` audit-log entry per document.

        Raises
        ------
        ProjectError
            RK315 when a ``doc_ids`` entry is not in the project; nothing is removed.

        Examples
        --------
        >>> import pandas as pd
        >>> from researchkit.project.examples import example_project
        >>> from researchkit.transcripts import Transcript, Turn
        >>> p = example_project({})
        >>> _ = p.add_documents(Transcript("F1", "M1: ja", (Turn("M1", "respondent", 4, 6),)))
        >>> _ = p.set_speaker_attributes(pd.DataFrame({"doc_id": ["F1"], "speaker": ["M1"], "group": ["visser"]}))
        >>> p.clear_speaker_attributes()[["doc_id", "speaker"]].values.tolist(), len(p.speaker_attributes())
        ([['F1', 'M1']], 0)
        """
        import pandas as pd

        with self._write() as conn:
            if doc_ids is not None:
                for doc_id in doc_ids:
                    self._text(conn, doc_id)  # RK315 for an unknown document
            d = schema.documents
            uuids = dict(conn.execute(select(d.c.doc_id, d.c.uuid)).all())
            facts = speakerfacts.read_facts(conn)
            named = set(uuids) if doc_ids is None else set(doc_ids)
            keep = {doc_id: speakerfacts.decode(facts[u], where=f"{self.location}: document {doc_id!r}")
                    for doc_id, u in uuids.items() if u in facts and doc_id not in named}
            removed, _ = speakerfacts.store(conn, keep, replace=True, audit=self._auditor(coder), source="clear",
                                            where=self.location)
        return pd.DataFrame(removed, columns=_REMOVED_COLUMNS)
