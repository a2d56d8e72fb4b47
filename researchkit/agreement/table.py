"""The per-code agreement table: :func:`agreement`.

Every unit of the compared documents counts, coded or not. For each code, a coder's
decision on a unit is "present" when one of that coder's codings of the code overlaps
the unit. The table states the unit of analysis and, per code, how many units each
coder marked, how many all coders marked (``both``), how many nobody marked
(``neither``), and the coefficients; a coefficient that is undefined is ``NaN`` with
the reason in ``note``.

Examples
--------
>>> import pandas as pd
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> text = "R: Ja. Nee. Misschien. Goed."
>>> corpus = Corpus([Transcript("R01", text, turns=(Turn("R", "respondent", 3, len(text)),))])
>>> rows = [("R01", 3, 6, "X", "ann"), ("R01", 7, 11, "X", "ann"), ("R01", 3, 6, "X", "bob")]
>>> codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"]).assign(source="manual")
>>> table = agreement(codings, coders=["ann", "bob"], corpus=corpus, unit="sentence")
>>> table[["code", "n_units", "n_ann", "n_bob", "both", "neither", "percent_agreement"]]
        code  n_units  n_ann  n_bob  both  neither  percent_agreement
0          X        4      2      1     1        2               0.75
1  (overall)        4      2      1     1        2               0.75
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from researchkit.agreement.bootstrap import Counts, bootstrap_intervals, group_tallies_by_doc, pool
from researchkit.agreement.coefficients import binary_coefficients
from researchkit.agreement.presence import (
    Presence,
    character_tallies,
    doc_offsets,
    tallies_from_matrices,
    unit_presence,
)
from researchkit.agreement.checks import (  # noqa: F401 (re-exported)
    AGREEMENT_UNITS,
    _check_columns,
    check_coders,
    check_in_corpus,
    check_unit,
)
from researchkit.errors import AgreementError, AgreementWarning, ConfigurationError

if TYPE_CHECKING:  # pragma: no cover
    from researchkit.codebook import Codebook
    from researchkit.transcripts import Corpus

__all__ = ["AGREEMENT_UNITS", "OVERALL", "agreement"]

#: Units of analysis understood by :func:`agreement` and :func:`disagreements`.
#: Label of the summary row.
OVERALL = "(overall)"



# --------------------------------------------------------------------------- preparation (shared)


@dataclass
class Prepared:
    """Checked inputs of an agreement computation (internal, shared with disagreements)."""

    codings: pd.DataFrame
    coders: list[str]
    codes: list[str]
    doc_ids: list[str]
    texts: dict[str, str]
    doc_base: dict[str, int]
    unit: str
    excluded_documents: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _compared_codings(codings: pd.DataFrame, coders: list[str], corpus: Corpus, level: int | None,
                      codebook: Codebook | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The coders' codings, checked against the corpus and rolled up to ``level``; and the texts."""
    frame = codings[codings["coder"].astype(str).isin(coders)].copy()
    blank = frame.index[frame["code"].isna() | (frame["code"].astype(str).str.strip() == "") | frame["doc_id"].isna()]
    if len(blank):
        raise AgreementError(
            "RK403",
            f"{len(blank)} coding(s) have no code or no doc_id: rows {', '.join(map(str, blank[:10]))}"
            + (" ..." if len(blank) > 10 else ""),
            hint="fill in or drop those rows",
        )
    frame["coder"] = frame["coder"].astype(str)
    frame["code"] = frame["code"].astype(str)
    texts = corpus.texts()
    check_in_corpus(frame, texts)
    frame = frame.astype({"start": "int64", "end": "int64"})
    if level is not None:
        if codebook is None:
            raise ConfigurationError(
                "RK411",
                f"level={level} rolls codes up the codebook tree, but no codebook was given",
                hint="pass codebook=Codebook.load('codebook.yaml') together with level=",
            )
        frame = codebook.rollup(frame, level=level)
        frame["code"] = frame["code"].astype(str)
    return frame, texts


def _compared_documents(frame: pd.DataFrame, coders: list[str], corpus: Corpus, texts: dict[str, str],
                        documents: Literal["coded", "all"] | Sequence[str] | None,
                        notes: list[str]) -> tuple[list[str], list[str]]:
    """The documents compared and those left out (coded by only some coders)."""
    excluded: list[str] = []
    if documents is None or documents == "coded":
        coded_by = frame.groupby("doc_id")["coder"].nunique()
        doc_ids = [d for d in corpus.doc_ids if coded_by.get(d, 0) == len(coders)]
        excluded = [d for d in corpus.doc_ids if 0 < coded_by.get(d, 0) < len(coders)]
        if excluded:
            warnings.warn(
                f"[RK405] {len(excluded)} document(s) coded by some but not all of {', '.join(coders)} are left out "
                f"of the comparison: {', '.join(excluded[:10])}{' ...' if len(excluded) > 10 else ''}. "
                "Pass documents='all' (command line: --all-documents) if a coder read them and found nothing to code.",
                AgreementWarning,
                stacklevel=4,
            )
            notes.append(f"{len(excluded)} document(s) coded by only some coders left out: {', '.join(excluded)}")
    elif isinstance(documents, str) and documents == "all":
        doc_ids = list(corpus.doc_ids)
    else:
        wanted = [documents] if isinstance(documents, str) else list(documents)
        unknown = [d for d in wanted if d not in texts]
        if unknown:
            raise AgreementError(
                "RK403",
                f"document(s) {', '.join(map(repr, unknown))} are not in the corpus",
                hint=f"choose from {', '.join(corpus.doc_ids[:10])}{' ...' if len(corpus) > 10 else ''}",
            )
        order = {d: i for i, d in enumerate(corpus.doc_ids)}
        doc_ids = sorted(dict.fromkeys(wanted), key=order.__getitem__)
    if not doc_ids:
        raise AgreementError(
            "RK405",
            f"no document was coded by every one of {', '.join(coders)}",
            hint="let every coder code the same documents, or pass documents='all' or a list of doc_ids",
        )
    return doc_ids, excluded


def _compared_codes(frame: pd.DataFrame, codes: Iterable[str] | None, codebook: Codebook | None,
                    level: int | None) -> list[str]:
    """The codes compared: those asked for (checked against the codebook), else every code used."""
    if codes is None:
        code_list = sorted(frame["code"].unique().tolist())
    else:
        code_list = [str(c) for c in dict.fromkeys([codes] if isinstance(codes, str) else codes)]
        if codebook is not None and level is None:
            known = {c.id for c in codebook.walk()} if hasattr(codebook, "walk") else set()
            unknown = [c for c in code_list if known and c not in known]
            if unknown:
                raise AgreementError(
                    "RK403",
                    f"code(s) {', '.join(map(repr, unknown))} are not in the codebook",
                    hint="check the code ids (codebook.walk() lists them)",
                )
    if not code_list:
        raise AgreementError(
            "RK405",
            "there are no codes to compare (the coders made no codings in the compared documents)",
            hint="check the coders' names and the documents",
        )
    return code_list


def prepare(
    codings: pd.DataFrame,
    *,
    coders: Sequence[str] | str,
    corpus: Corpus,
    unit: str,
    codes: Iterable[str] | None,
    level: int | None,
    codebook: Codebook | None,
    documents: Literal["coded", "all"] | Sequence[str] | None,
) -> Prepared:
    """Check and normalise the inputs shared by :func:`agreement` and :func:`disagreements`."""
    check_unit(unit)
    _check_columns(codings)
    coders = check_coders(codings, coders)
    frame, texts = _compared_codings(codings, coders, corpus, level, codebook)
    notes: list[str] = []
    doc_ids, excluded = _compared_documents(frame, coders, corpus, texts, documents, notes)
    frame = frame[frame["doc_id"].isin(doc_ids)]
    code_list = _compared_codes(frame, codes, codebook, level)
    empty = [d for d in doc_ids if not texts[d].strip()]
    if empty:
        notes.append(f"{len(empty)} document(s) without text, so without units: {', '.join(empty)}")
        warnings.warn(f"[RK405] document(s) without text (no units): {', '.join(empty)}", AgreementWarning, stacklevel=3)
    return Prepared(
        codings=frame.reset_index(drop=True),
        coders=coders,
        codes=code_list,
        doc_ids=doc_ids,
        texts=texts,
        doc_base=doc_offsets(texts, doc_ids),
        unit=unit,
        excluded_documents=excluded,
        notes=notes,
    )


def unit_table(prep: Prepared, corpus: Corpus, *, roles: Iterable[str] | str | None = None, lang: str | None = "nl", units: pd.DataFrame | None = None) -> pd.DataFrame:
    """The units of the compared documents (computed, or taken from ``units`` and filtered)."""
    if units is None:
        from researchkit.transcripts import Corpus
        from researchkit.units import units as make_units

        sub = Corpus([corpus[d] for d in prep.doc_ids])
        table = make_units(sub, prep.unit, roles=roles, lang=lang)
    else:
        missing = [c for c in ("doc_id", "start", "end") if c not in units.columns]
        if missing:
            raise AgreementError(
                "RK404", f"units table lacks column(s) {', '.join(missing)}", hint="pass the table from researchkit.units.units()"
            )
        table = units[units["doc_id"].isin(prep.doc_ids)].reset_index(drop=True)
    if table.empty:
        raise AgreementError(
            "RK405",
            f"the compared documents have no {prep.unit} units"
            + (f" in turns of role(s) {', '.join(roles) if not isinstance(roles, str) else roles}" if roles else ""),
            hint="check that the documents have text (and turns of the requested roles)",
        )
    no_units = sorted(set(prep.doc_ids) - set(table["doc_id"]))
    if no_units:
        prep.notes.append(f"{len(no_units)} document(s) without {prep.unit} units: {', '.join(no_units)}")
    return table


def presence_for(prep: Prepared, table: pd.DataFrame) -> Presence:
    """Build the per-coder presence matrices and warn about codings that mark no unit."""
    presence = unit_presence(table, prep.codings, coders=prep.coders, codes=prep.codes, doc_base=prep.doc_base)
    n = len(presence.unplaced)
    if n:
        examples = "; ".join(
            f"{r.doc_id}[{r.start}:{r.end}] {r.code} ({r.coder})" for r in presence.unplaced.head(3).itertuples()
        )
        msg = (
            f"{n} coding(s) overlap no {prep.unit} unit of the compared documents and are not counted "
            f"(they cover only speaker labels or white space, or turns of roles left out): {examples}"
        )
        prep.notes.append(msg)
        warnings.warn(f"[RK406] {msg}", AgreementWarning, stacklevel=3)
    return presence


def universe_for(prep: Prepared, corpus: Corpus, roles: Iterable[str] | str | None) -> tuple[np.ndarray, np.ndarray]:
    """Global intervals whose characters count as units for ``unit="character"``."""
    starts, ends = [], []
    wanted = None if roles is None else ({roles} if isinstance(roles, str) else set(roles))
    for d in prep.doc_ids:
        base, text = prep.doc_base[d], prep.texts[d]
        if wanted is None:
            if text:
                starts.append(base)
                ends.append(base + len(text))
            continue
        from researchkit.units import content_turns

        spans = sorted((t.start, t.end) for t in content_turns(corpus[d]) if t.role in wanted and t.end > t.start)
        for s, e in spans:
            if starts and base + s <= ends[-1]:
                ends[-1] = max(ends[-1], base + e)
            else:
                starts.append(base + s)
                ends.append(base + e)
    if not starts:
        raise AgreementError(
            "RK405",
            "the compared documents have no characters to compare" + (f" in turns of role(s) {sorted(wanted)}" if wanted else ""),
            hint="check that the documents have text (and turns of the requested roles)",
        )
    return np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


# --------------------------------------------------------------------------- bootstrap


def _character_counts(prep: Prepared, corpus: Corpus, roles: Iterable[str] | str | None, resample: str | None) -> Counts:
    """Tallies over characters (NVivo-style), resampled by document."""
    if resample == "units":
        raise AgreementError(
            "RK407",
            "characters are not independent units, so they cannot be resampled one by one",
            hint="use resample='documents' (the default for unit='character')",
        )
    m, coders_ = len(prep.coders), prep.coders
    universe = universe_for(prep, corpus, roles)
    doc_starts = np.asarray([prep.doc_base[d] for d in prep.doc_ids], dtype=np.int64)
    tallies, per_doc = character_tallies(
        prep.codings, coders=coders_, codes=prep.codes, universe=universe, doc_base=prep.doc_base, doc_of=doc_starts
    )
    all_codes = character_tallies(
        prep.codings[prep.codings["code"].isin(prep.codes)].assign(code="*"),
        coders=coders_, codes=["*"], universe=universe, doc_base=prep.doc_base,
    )
    any_counts = {f"n_{c}": int(all_codes.marginals[j, 0]) for j, c in enumerate(coders_)}
    any_counts["all"] = int(all_codes.hist[m, 0])
    any_counts["none"] = int(all_codes.hist[0, 0])
    return Counts(tallies, int(tallies.n[0]) if len(tallies.n) else 0, any_counts, "documents", per_doc)


def _unit_counts(prep: Prepared, corpus: Corpus, *, roles: Iterable[str] | str | None, lang: str | None,
                 units: pd.DataFrame | None, ci: float | None, resample: str | None) -> Counts:
    """Tallies over units (sentences, turns, paragraphs, documents)."""
    m, coders_ = len(prep.coders), prep.coders
    table = unit_table(prep, corpus, roles=roles, lang=lang, units=units)
    presence = presence_for(prep, table)
    mats = [presence.matrices[c] for c in coders_]
    any_marked = [mat.any(axis=1) for mat in mats]
    k_any = np.sum(any_marked, axis=0)
    any_counts = {f"n_{c}": int(a.sum()) for c, a in zip(coders_, any_marked)}
    any_counts["all"] = int((k_any == m).sum())
    any_counts["none"] = int((k_any == 0).sum())
    resample = resample or "units"
    per_doc = group_tallies_by_doc(presence, coders_, prep.doc_ids) if ci is not None and resample == "documents" else None
    return Counts(tallies_from_matrices(mats), len(presence.units), any_counts, resample, per_doc, mats)


def _code_frame(prep: Prepared, counts: Counts, unit: str, kappa_col: str, both_col: str, neither_col: str) -> pd.DataFrame:
    """One row per code: counts, coefficients and a note where a coefficient is undefined."""
    tallies, n_units, m = counts.tallies, counts.n_units, len(prep.coders)
    coef = binary_coefficients(tallies)
    n_codes = len(prep.codes)
    frame = pd.DataFrame({"code": prep.codes, "unit": unit, "n_units": np.full(n_codes, n_units, dtype=np.int64)})
    for j, c in enumerate(prep.coders):
        frame[f"n_{c}"] = tallies.marginals[j].astype(np.int64)
    frame[both_col] = tallies.hist[m].astype(np.int64)
    frame[neither_col] = tallies.hist[0].astype(np.int64)
    frame["percent_agreement"] = coef["percent_agreement"]
    frame[kappa_col] = coef[kappa_col]
    frame["brennan_prediger"] = coef["brennan_prediger"]
    frame["alpha"] = coef["alpha"]
    notes = []
    for i in range(n_codes):
        if tallies.hist[0, i] == tallies.n[i]:
            notes.append(f"no variation: all {n_units} units uncoded by all coders; kappa and alpha undefined")
        elif tallies.hist[m, i] == tallies.n[i]:
            notes.append(f"no variation: all {n_units} units coded by every coder; kappa and alpha undefined")
        else:
            unused = [c for j, c in enumerate(prep.coders) if tallies.marginals[j, i] == 0]
            notes.append(f"never used by {', '.join(unused)}" if unused else "")
    frame["note"] = notes
    return frame


def _overall_row(prep: Prepared, counts: Counts, frame: pd.DataFrame, unit: str, kappa_col: str, both_col: str,
                 neither_col: str) -> dict:
    """The ``(overall)`` row: pooled coefficients over every unit and code, mean kappa over defined codes."""
    pooled = binary_coefficients(pool(counts.tallies))
    defined = frame[kappa_col].notna()
    n_units, n_codes = counts.n_units, len(prep.codes)
    overall = {
        "code": OVERALL,
        "unit": unit,
        "n_units": n_units,
        **{f"n_{c}": counts.any_counts[f"n_{c}"] for c in prep.coders},
        both_col: counts.any_counts["all"],
        neither_col: counts.any_counts["none"],
        "percent_agreement": float(pooled["percent_agreement"][0]),
        kappa_col: float(frame.loc[defined, kappa_col].mean()) if defined.any() else np.nan,
        "brennan_prediger": float(pooled["brennan_prediger"][0]),
        "alpha": float(pooled["alpha"][0]),
    }
    overall_note = [
        f"percent agreement, Brennan-Prediger and alpha pooled over {n_units} units x {n_codes} codes; "
        f"{kappa_col} = mean over the {int(defined.sum())} of {n_codes} codes where it is defined"
    ]
    overall["note"] = "; ".join(overall_note + list(prep.notes))
    return overall


def agreement(
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
    ci: float | None = None,
    n_boot: int = 1000,
    resample: Literal["units", "documents"] | None = None,
    seed: int = 0,
    lang: str | None = "nl",
) -> pd.DataFrame:
    """Inter-coder agreement per code, over every unit of the compared documents.

    Parameters
    ----------
    codings
        Codings table (``doc_id, start, end, code, coder`` at least) holding the
        codings of the coders compared (other coders' rows are ignored).
    coders
        Two or more coder names.
    corpus
        The :class:`~researchkit.transcripts.Corpus` the codings refer to.
    unit
        Unit of analysis: ``"sentence"``, ``"turn"``, ``"paragraph"``, ``"document"``
        (code present in the document or not) or ``"character"`` (every character of
        the text, as NVivo does). A coding marks every unit it overlaps.
    codes
        Codes to report, in this order; default every code the coders used (sorted).
        A code nobody used gets a row with ``NaN`` coefficients and a note.
    level
        Roll codes up to this level of the codebook tree first (needs ``codebook``).
    codebook
        A :class:`~researchkit.codebook.Codebook`, for ``level=`` and to check ``codes``.
    roles
        Count only units in turns of these roles (e.g. ``"respondent"``).
    documents
        Which documents to compare. Default (``None`` or ``"coded"``): the documents in
        which *every* coder made at least one coding — a document only some coders
        touched is left out with a warning, since its absent codings may mean "not
        read" rather than "nothing to code". ``"all"``: every document of the corpus.
        Or a list of ``doc_id``.
    units
        A pre-computed units table (from :func:`researchkit.units.units` with the same
        ``unit``) to save re-splitting the corpus.
    ci
        Confidence level (e.g. ``0.95``) for percentile bootstrap intervals of kappa and
        alpha; ``None`` (default) skips the bootstrap.
    n_boot
        Bootstrap replicates.
    resample
        ``"units"`` (default for unit-based agreement) or ``"documents"`` (default, and
        the only choice, for ``unit="character"``; more honest when units within an
        interview are not independent).
    seed
        Seed of the bootstrap; the same seed gives the same intervals.
    lang
        Language of the sentence splitter.

    Returns
    -------
    pandas.DataFrame
        One row per code, then the ``(overall)`` row. Columns: ``code``, ``unit``,
        ``n_units``, ``n_<coder>`` for each coder (units marked by that coder), ``both``
        (marked by every coder; ``all`` with three or more coders), ``neither`` (marked
        by no coder; ``none`` with three or more), ``percent_agreement``,
        ``cohen_kappa`` (two coders) or ``fleiss_kappa`` (three or more),
        ``brennan_prediger``, ``alpha`` (nominal Krippendorff alpha), with
        ``_low``/``_high`` columns when ``ci`` is given, and ``note`` (why a
        coefficient is ``NaN``, or other remarks).

        The ``(overall)`` row: ``n_units`` is the number of units; ``n_<coder>`` counts
        the units that coder gave at least one (reported) code, ``both`` the units every
        coder gave some code (not necessarily the same), ``neither`` the units nobody
        coded; the
        percent agreement and alpha are *pooled* over all unit x code decisions (the
        pooled percent agreement equals the mean of the per-code values); kappa is the
        *mean* of the per-code kappas that are defined. ``attrs`` carries ``unit``,
        ``coders``, ``documents``, ``excluded_documents`` and ``notes``.

    Raises
    ------
    AgreementError
        ``RK401`` unknown coder, ``RK402`` fewer than two coders, ``RK403`` codings
        outside the corpus, ``RK404`` unknown unit, ``RK405`` nothing to compare.

    Examples
    --------
    >>> import pandas as pd
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R01", "Een. Twee. Drie. Vier.")])
    >>> rows = [("R01", 0, 4, "A", "ann"), ("R01", 0, 4, "A", "bob"), ("R01", 5, 10, "A", "bob")]
    >>> codings = pd.DataFrame(rows, columns=["doc_id", "start", "end", "code", "coder"])
    >>> t = agreement(codings, coders=["ann", "bob"], corpus=corpus)
    >>> t.loc[0, ["percent_agreement", "cohen_kappa"]].round(3).tolist()
    [0.75, 0.5]
    """
    prep = prepare(
        codings, coders=coders, corpus=corpus, unit=unit, codes=codes, level=level, codebook=codebook, documents=documents
    )
    m, coders_ = len(prep.coders), prep.coders
    if ci is not None and not 0 < ci < 1:
        raise AgreementError("RK407", f"ci={ci} must be a confidence level between 0 and 1", hint="use e.g. ci=0.95")
    if resample not in (None, "units", "documents"):
        raise AgreementError("RK407", f"resample={resample!r} is not 'units' or 'documents'", hint="use one of those")
    if unit == "character":
        counts = _character_counts(prep, corpus, roles, resample)
    else:
        counts = _unit_counts(prep, corpus, roles=roles, lang=lang, units=units, ci=ci, resample=resample)
    kappa_col = "cohen_kappa" if m == 2 else "fleiss_kappa"
    both_col, neither_col = ("both", "neither") if m == 2 else ("all", "none")
    frame = _code_frame(prep, counts, unit, kappa_col, both_col, neither_col)
    overall = _overall_row(prep, counts, frame, unit, kappa_col, both_col, neither_col)
    if ci is not None:
        frame = bootstrap_intervals(frame, overall, counts, prep, kappa_col=kappa_col, ci=ci, n_boot=n_boot, seed=seed)
    result = pd.concat([frame, pd.DataFrame([overall])[frame.columns]], ignore_index=True)
    int_cols = ["n_units", both_col, neither_col] + [f"n_{c}" for c in coders_]
    result = result.astype({c: "int64" for c in int_cols})
    result.attrs.update(
        {
            "unit": unit,
            "coders": list(coders_),
            "documents": list(prep.doc_ids),
            "excluded_documents": list(prep.excluded_documents),
            "notes": list(prep.notes),
            "roles": None if roles is None else ([roles] if isinstance(roles, str) else list(roles)),
        }
    )
    return result
