"""Training data for suggestion models: units of the coded documents and their human codes.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript("R01", "Drugs in de haven. Verder niets.")])
>>> codings = pd.DataFrame({"doc_id": ["R01"], "start": [0], "end": [18], "code": ["DRUGS"],
...                         "coder": ["ann"], "source": ["manual"]})
>>> data = labelled_units(codings, corpus, coder="ann")
>>> data.codes, data.labels[:, 0].tolist()
(['DRUGS'], [True, False])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.presence import doc_offsets, unit_presence
from researchkit.agreement.table import check_in_corpus
from researchkit.errors import SuggestionError

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.transcripts import Corpus

__all__ = ["LabelledUnits", "labelled_units", "corpus_units"]


@dataclass
class LabelledUnits:
    """Units with a boolean ``units x codes`` label matrix.

    Attributes
    ----------
    units
        Units table (``doc_id, unit_index, start, end, turn, speaker, role, text``).
    codes
        Column order of ``labels``.
    labels
        ``labels[i, j]``: the coder's codings of ``codes[j]`` overlap unit ``i``.
    unit
        The unit kind.
    """

    units: pd.DataFrame
    codes: list[str]
    labels: np.ndarray
    unit: str

    @property
    def doc_ids(self) -> list[str]:
        """Documents, in the order of the units."""
        return list(dict.fromkeys(self.units["doc_id"]))

    def subset(self, doc_ids: Iterable[str]) -> "LabelledUnits":
        """The units (and labels) of some documents only."""
        keep = self.units["doc_id"].isin(set(doc_ids)).to_numpy()
        return LabelledUnits(self.units[keep].reset_index(drop=True), self.codes, self.labels[keep], self.unit)


def corpus_units(corpus: Corpus, unit: str = "sentence", *, roles: Iterable[str] | str | None = None, lang: str | None = "nl", doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Units of (some documents of) a corpus, via :func:`researchkit.units.units`.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus_units(Corpus([Transcript("R01", "Ja. Nee.")]))["text"].tolist()
    ['Ja.', 'Nee.']
    """
    from researchkit.transcripts import Corpus
    from researchkit.units import units

    if unit not in ("sentence", "turn", "paragraph"):
        raise SuggestionError(
            "RK410",
            f"suggestions are made per sentence, turn or paragraph, not per {unit!r}",
            hint="use unit='sentence' (default), 'turn' or 'paragraph'",
        )
    docs = corpus if doc_ids is None else Corpus([corpus[d] for d in doc_ids])
    return units(docs, unit, roles=roles, lang=lang)


def labelled_units(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str,
    unit: str = "sentence",
    roles: Iterable[str] | str | None = None,
    documents: Sequence[str] | None = None,
    lang: str | None = "nl",
    units: pd.DataFrame | None = None,
) -> LabelledUnits:
    """The units of the documents ``coder`` coded, labelled with that coder's codes.

    Parameters
    ----------
    codings
        Codings table; only ``coder``'s rows are used.
    corpus
        The corpus the codings refer to.
    coder
        The human coder whose codings are the labels.
    unit
        ``"sentence"``, ``"turn"`` or ``"paragraph"``.
    roles
        Only units in turns of these roles.
    documents
        Documents to use; default those in which ``coder`` made at least one coding (a
        document the coder never touched is not evidence that nothing applies).
    units
        Pre-computed units table.

    Raises
    ------
    SuggestionError
        ``RK409`` when the coder has no codings; :class:`AgreementError` ``RK403`` for
        codings outside the corpus.
    """
    if "coder" not in codings.columns:
        raise SuggestionError("RK409", "the codings table has no 'coder' column", hint="pass a codings table")
    mine = codings[codings["coder"].astype(str) == str(coder)].copy()
    if mine.empty:
        present = ", ".join(sorted(codings["coder"].astype(str).unique())) or "none"
        raise SuggestionError(
            "RK409", f"coder {coder!r} has no codings to learn from", hint=f"the coders present are: {present}"
        )
    mine["code"] = mine["code"].astype(str)
    texts = corpus.texts()
    check_in_corpus(mine, texts)
    mine = mine.astype({"start": "int64", "end": "int64"})
    if documents is None:
        coded = set(mine["doc_id"])
        doc_ids = [d for d in corpus.doc_ids if d in coded]
    else:
        doc_ids = [d for d in corpus.doc_ids if d in set(documents)]
    mine = mine[mine["doc_id"].isin(doc_ids)]
    if units is None:
        table = corpus_units(corpus, unit, roles=roles, lang=lang, doc_ids=doc_ids)
    else:
        table = units[units["doc_id"].isin(doc_ids)].reset_index(drop=True)
    if table.empty:
        raise SuggestionError("RK409", f"the documents coded by {coder!r} have no {unit} units", hint="check the corpus")
    codes = sorted(mine["code"].unique())
    presence = unit_presence(table, mine, coders=[coder], codes=codes, doc_base=doc_offsets(texts, doc_ids))
    return LabelledUnits(presence.units, codes, presence.matrices[coder], unit)
