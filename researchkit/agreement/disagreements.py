"""Disagreements between coders, and the consensus codings an adjudication meeting makes of them.

:func:`disagreements` lists every unit on which the coders' codes differ, with the
text, speaker, document and each coder's codes, and an empty ``decision`` column to
fill in (in the notebook, or in a spreadsheet after ``to_csv``). :func:`adjudicate`
turns the filled-in table into the codings of a new coder (``"consensus"`` by default):
the codes all coders agreed on, plus the decided codes of the disputed units. Store them
with ``project.add_codings(consensus, coder="consensus")``.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript
>>> corpus = Corpus([Transcript("R01", "Een. Twee. Drie.")])
>>> rows = [("R01", 0, 4, "A", "ann"), ("R01", 0, 4, "A", "bob"), ("R01", 5, 10, "B", "bob")]
>>> codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"]).assign(source="manual")
>>> d = disagreements(codings, coders=["ann", "bob"], corpus=corpus)
>>> d[["doc_id", "unit_index", "text", "codes_ann", "codes_bob", "in_dispute"]]
  doc_id  unit_index   text codes_ann codes_bob in_dispute
0    R01           1  Twee.                   B          B
>>> d["decision"] = ["B"]
>>> adjudicate(codings, d, coders=["ann", "bob"], corpus=corpus)[["doc_id", "start", "end", "code", "coder", "text"]]
  doc_id  start  end code      coder   text
0    R01      0    4    A  consensus   Een.
1    R01      5   10    B  consensus  Twee.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.table import prepare, presence_for, unit_table
from researchkit.errors import AgreementError

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook import Codebook
    from researchkit.transcripts import Corpus

__all__ = ["SEPARATOR", "NONE", "disagreements", "adjudicate"]

#: Separator of code lists in the ``codes_<coder>``, ``agreed``, ``in_dispute`` and ``decision`` columns.
SEPARATOR = "; "
#: Decision meaning "none of the disputed codes" (an empty list or empty string means the same).
NONE = "(none)"


def _join(codes: np.ndarray, row: np.ndarray) -> str:
    return SEPARATOR.join(codes[row])


def _setup(codings, coders, corpus, unit, codes, level, codebook, roles, documents, units, lang):
    if unit == "character":
        raise AgreementError(
            "RK404",
            "disagreements are listed per unit, and single characters make no sense to discuss",
            hint="use unit='sentence', 'turn', 'paragraph' or 'document'",
        )
    prep = prepare(
        codings, coders=coders, corpus=corpus, unit=unit, codes=codes, level=level, codebook=codebook, documents=documents
    )
    table = unit_table(prep, corpus, roles=roles, lang=lang, units=units)
    presence = presence_for(prep, table)
    stack = np.stack([presence.matrices[c] for c in prep.coders])  # (m, N, C)
    return prep, presence, stack


def disagreements(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str],
    corpus: Corpus,
    unit: str = "sentence",
    codes: Iterable[str] | None = None,
    level: int | None = None,
    codebook: Codebook | None = None,
    roles: Iterable[str] | str | None = None,
    documents: Literal["coded", "all"] | Sequence[str] | None = None,
    units: pd.DataFrame | None = None,
    lang: str | None = "nl",
) -> pd.DataFrame:
    """Every unit on which the coders' codes differ, ready for an adjudication meeting.

    Parameters
    ----------
    codings, coders, corpus, unit, codes, level, codebook, roles, documents, units, lang
        As for :func:`researchkit.agreement.agreement` (``unit="character"`` is not
        offered here).

    Returns
    -------
    pandas.DataFrame
        One row per disputed unit, in document and text order. Columns: ``doc_id``,
        ``unit`` (the unit kind), ``unit_index``, ``start``, ``end``, ``speaker``,
        ``role``, ``text``, ``codes_<coder>`` for each coder (``"; "``-separated, in
        code order), ``agreed`` (codes every coder gave), ``in_dispute`` (codes some
        but not all coders gave) and ``decision`` (empty; fill in the codes the meeting
        keeps, see :func:`adjudicate`).

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R01", "Een. Twee.")])
    >>> rows = [("R01", 0, 4, "A", "ann"), ("R01", 0, 10, "A", "bob")]
    >>> codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"])
    >>> disagreements(codings, coders=["ann", "bob"], corpus=corpus)["text"].tolist()
    ['Twee.']
    """
    prep, presence, stack = _setup(codings, coders, corpus, unit, codes, level, codebook, roles, documents, units, lang)
    m = len(prep.coders)
    k = stack.sum(axis=0)
    disputed = (k > 0) & (k < m)  # (N, C)
    rows = np.flatnonzero(disputed.any(axis=1))
    code_arr = np.asarray(prep.codes, dtype=object)
    u = presence.units.iloc[rows].reset_index(drop=True)
    out = pd.DataFrame(
        {
            "doc_id": u["doc_id"],
            "unit": unit,
            "unit_index": u["unit_index"] if "unit_index" in u else pd.Series(rows, dtype="int64"),
            "start": u["start"].astype("int64"),
            "end": u["end"].astype("int64"),
            "speaker": u["speaker"] if "speaker" in u else None,
            "role": u["role"] if "role" in u else None,
            "text": u["text"] if "text" in u else [prep.texts[d][s:e] for d, s, e in zip(u["doc_id"], u["start"], u["end"])],
        }
    )
    for j, c in enumerate(prep.coders):
        out[f"codes_{c}"] = [_join(code_arr, stack[j, r]) for r in rows]
    out["agreed"] = [_join(code_arr, k[r] == m) for r in rows]
    out["in_dispute"] = [_join(code_arr, disputed[r]) for r in rows]
    out["decision"] = pd.Series([None] * len(rows), dtype="object")
    out.attrs.update({"unit": unit, "coders": list(prep.coders), "codes": list(prep.codes), "documents": list(prep.doc_ids)})
    return out


def _parse(value, coders: Sequence[str]) -> list[str] | None:
    """Decision cell -> list of codes, a coder's name as ``["=coder"]``, or None (undecided)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text in ("", NONE):
        return []
    parts = [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
    return parts


def _decision_items(decisions: Any) -> list[tuple[str, tuple[str, int], Any, tuple[Any, Any]]]:
    """``(where, (doc_id, unit_index), decision, (start, end))`` for a decisions table or mapping."""
    if isinstance(decisions, pd.DataFrame):
        need = [c for c in ("doc_id", "unit_index", "decision") if c not in decisions.columns]
        if need:
            raise AgreementError(
                "RK408",
                f"decisions table lacks column(s) {', '.join(need)}",
                hint="fill in the 'decision' column of the table disagreements() returned",
            )
        return [
            (f"row {i}", (d, int(ui)), v, (s, e))
            for i, d, ui, v, s, e in zip(
                decisions.index,
                decisions["doc_id"],
                decisions["unit_index"],
                decisions["decision"],
                decisions["start"] if "start" in decisions else [None] * len(decisions),
                decisions["end"] if "end" in decisions else [None] * len(decisions),
            )
        ]
    return [(f"key {key!r}", (key[0], int(key[1])), v, (None, None)) for key, v in dict(decisions).items()]


def _chosen_codes(where: str, parsed: list[str], p: int, *, prep: Any, stack: np.ndarray, known_codes: set,
                  code_index: dict, has_codebook: bool, problems: list[str]) -> np.ndarray | None:
    """The codes a decision chooses for unit ``p`` (a coder's codes or named codes), or ``None`` (problem noted)."""
    if len(parsed) == 1 and parsed[0] in prep.coders and parsed[0] not in known_codes:
        return stack[prep.coders.index(parsed[0]), p]
    unknown = [c for c in parsed if c not in known_codes]
    if unknown:
        problems.append(
            f"{where}: decision names unknown code(s) {', '.join(map(repr, unknown))} "
            f"(known: the compared codes{' and the codebook' if has_codebook else ''}, or a coder's name)"
        )
        return None
    extra = [c for c in parsed if c not in code_index]
    if extra:
        problems.append(f"{where}: code(s) {', '.join(extra)} are in the codebook but were not compared; "
                        "pass codes= including them")
        return None
    chosen = np.zeros(len(prep.codes), dtype=bool)
    chosen[[code_index[c] for c in parsed]] = True
    return chosen


def _apply_decisions(items: list, *, prep: Any, units: pd.DataFrame, position: dict, stack: np.ndarray,
                     agreed: np.ndarray, disputed: np.ndarray, known_codes: set, code_index: dict,
                     has_codebook: bool, unit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Final codes per unit after the decisions, which were adjudicated, which units were decided, problems."""
    problems: list[str] = []
    final = agreed.copy()
    memo_adj = np.zeros_like(agreed)
    decided = np.zeros(len(units), dtype=bool)
    starts, ends = units["start"].to_numpy(), units["end"].to_numpy()
    for where, key, value, (s, e) in items:
        p = position.get(key)
        if p is None:
            problems.append(f"{where}: no {unit} unit {key[1]} in document {key[0]!r} among the compared units")
            continue
        if s is not None and not pd.isna(s) and (int(s), int(e)) != (int(starts[p]), int(ends[p])):
            problems.append(
                f"{where}: unit {key} spans {int(starts[p])}-{int(ends[p])}, not {s}-{e}; "
                "was the table made with another unit or corpus?"
            )
            continue
        parsed = _parse(value, prep.coders)
        if not disputed[p].any():
            if parsed is not None:
                problems.append(f"{where}: unit {key} is not disputed; its codes were agreed")
            continue
        if parsed is None:
            continue
        chosen = _chosen_codes(where, parsed, p, prep=prep, stack=stack, known_codes=known_codes,
                               code_index=code_index, has_codebook=has_codebook, problems=problems)
        if chosen is None:
            continue
        final[p] = agreed[p] | (chosen & ~agreed[p])
        memo_adj[p] = chosen & ~agreed[p]
        decided[p] = True
    return final, memo_adj, decided, problems


def adjudicate(
    codings: pd.DataFrame,
    decisions: pd.DataFrame | Mapping[tuple[str, int], object],
    *,
    coders: Sequence[str],
    corpus: Corpus,
    unit: str = "sentence",
    codes: Iterable[str] | None = None,
    level: int | None = None,
    codebook: Codebook | None = None,
    roles: Iterable[str] | str | None = None,
    documents: Literal["coded", "all"] | Sequence[str] | None = None,
    units: pd.DataFrame | None = None,
    coder: str = "consensus",
    partial: bool = False,
    lang: str | None = "nl",
) -> pd.DataFrame:
    """Turn adjudication decisions into the codings of a consensus coder.

    Every unit gets the codes all coders agreed on; a disputed unit gets, of its
    disputed codes, those named in its decision (a decision may also add a code no
    coder gave). Codings are unit spans (``unit`` column says which unit).

    Parameters
    ----------
    codings, coders, corpus, unit, codes, level, codebook, roles, documents, units, lang
        The same arguments that produced the disagreements table.
    decisions
        The table from :func:`disagreements` with its ``decision`` column filled in, or
        a mapping ``(doc_id, unit_index) -> decision``. A decision is a list of codes, a
        ``"; "``-separated string of codes, ``"(none)"``/``""``/``[]`` for none of the
        disputed codes, or the name of a coder to accept that coder's codes for the unit.
        A missing decision (``None``/``NaN``) means undecided.
    coder
        Name of the consensus coder.
    partial
        Allow undecided units (their disputed codes are left out and listed in
        ``attrs["undecided"]``); by default an undecided unit is an error.

    Returns
    -------
    pandas.DataFrame
        Codings (``doc_id, start, end, code, coder, source, text, unit, memo``) with
        ``source="manual"`` and ``memo`` ``"agreed"`` or ``"adjudicated"``.

    Raises
    ------
    AgreementError
        ``RK408`` for undecided units (unless ``partial``), decisions for units that are
        not disputed or do not exist, or codes that are not known.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R01", "Een. Twee.")])
    >>> rows = [("R01", 0, 4, "A", "ann"), ("R01", 0, 10, "A", "bob")]
    >>> codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"])
    >>> adjudicate(codings, {("R01", 1): "ann"}, coders=["ann", "bob"], corpus=corpus)["text"].tolist()
    ['Een.']
    """
    from researchkit.codings import make_codings

    prep, presence, stack = _setup(codings, coders, corpus, unit, codes, level, codebook, roles, documents, units, lang)
    m = len(prep.coders)
    k = stack.sum(axis=0)
    agreed = k == m
    disputed = (k > 0) & (k < m)
    u = presence.units
    index_col = u["unit_index"].to_numpy() if "unit_index" in u else np.arange(len(u))
    position = {(d, int(i)): p for p, (d, i) in enumerate(zip(u["doc_id"], index_col))}
    code_index = {c: i for i, c in enumerate(prep.codes)}
    known_codes = set(prep.codes)
    if codebook is not None and hasattr(codebook, "walk"):
        known_codes |= {c.id for c in codebook.walk()}

    items = _decision_items(decisions)
    final, memo_adj, decided, problems = _apply_decisions(
        items, prep=prep, units=u, position=position, stack=stack, agreed=agreed, disputed=disputed,
        known_codes=known_codes, code_index=code_index, has_codebook=codebook is not None, unit=unit,
    )
    if problems:
        raise AgreementError(
            "RK408",
            f"{len(problems)} problem(s) with the decisions:\n  " + "\n  ".join(problems[:20]),
            hint="fix the decisions named above",
        )
    undecided = disputed.any(axis=1) & ~decided
    undecided_rows = [
        {"doc_id": u["doc_id"].iat[p], "unit_index": int(index_col[p]), "in_dispute": SEPARATOR.join(np.asarray(prep.codes)[disputed[p]])}
        for p in np.flatnonzero(undecided)
    ]
    if undecided.any() and not partial:
        shown = ", ".join(f"{r['doc_id']} unit {r['unit_index']}" for r in undecided_rows[:10])
        raise AgreementError(
            "RK408",
            f"{int(undecided.sum())} disputed unit(s) have no decision: {shown}{' ...' if len(undecided_rows) > 10 else ''}",
            hint="fill in the 'decision' column for every row ('(none)' rejects all disputed codes), or pass partial=True",
        )
    rows_p, cols_c = np.nonzero(final)
    out_rows = [
        {
            "doc_id": u["doc_id"].iat[p],
            "start": int(u["start"].iat[p]),
            "end": int(u["end"].iat[p]),
            "code": prep.codes[c],
            "coder": coder,
            "source": "manual",
            "unit": unit,
            "memo": "adjudicated" if memo_adj[p, c] else "agreed",
        }
        for p, c in zip(rows_p, cols_c)
    ]
    result = make_codings(out_rows, corpus) if out_rows else make_codings([], None).assign(unit=None, memo=None)
    result.attrs["undecided"] = undecided_rows
    return result
