"""Rule-based auto-coding: codebook rules -> spaCy matching -> codings.

:func:`autocode` runs the codebook's rules (keywords, prefixes, phrases, compounds,
spaCy token patterns, proximity, Dutch separable verbs, exclusions, negation, roles)
over a corpus and returns a codings table, one row per ``(unit, code)``.

The work is split by purpose:

- :mod:`~researchkit.autocode.ruleset` — rules compiled once (:class:`RuleSet`), token look-up;
- :mod:`~researchkit.autocode.terms` — words of a term, proximity and pattern helpers;
- :mod:`~researchkit.autocode.matching` — matching one parsed text (negation, patterns, proximity);
- :mod:`~researchkit.autocode.document` — one transcript's matches as codings rows;
- :mod:`~researchkit.autocode.stream` — streaming a corpus, worker processes.

How matching stays cheap
------------------------
Every term of the codebook (keyword, exclusion, proximity term, separable verb)
is compiled once into a :class:`RuleSet`: exact words go into one dict keyed by
lower-case form and lemma, prefixes into one dict per prefix length. Each token
is looked up once per distinct word type and speaker role (the result, already turned
into the codes and rules it triggers, is cached for the run), so the cost per token is
one dict lookup whatever the number of keywords. Phrases anchored on a common word are
first filtered by the two neighbouring tokens (memoised per word type and neighbours).
spaCy's ``Matcher`` is run only when the codebook has token patterns.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> cb = Codebook.from_dict({"codes": [{"id": "SAM", "name": "Samenwerking", "separable": ["samenwerken"]}]})
>>> t = Transcript("R01", "R: We werken goed samen. Het regent.", turns=(Turn("R", "respondent", 3, 36),))
>>> autocode(Corpus([t]), cb)[["start", "end", "code", "text", "evidence"]].to_dict("records")
[{'start': 3, 'end': 24, 'code': 'SAM', 'text': 'We werken goed samen.', 'evidence': 'werken … samen'}]
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

import pandas as pd

from researchkit.autocode.document import MAX_SEGMENT_CHARS, segments as _segments
from researchkit.autocode.ruleset import RuleSet, compile_rules
from researchkit.autocode.stream import iter_rows as _iter_rows
from researchkit.autocode.stream import prepare as _prepare
from researchkit.codebook import Codebook
from researchkit.codings import CODING_COLUMNS
from researchkit.transcripts import Corpus, Transcript

__all__ = ["autocode", "iter_autocode", "RuleSet", "AUTOCODE_COLUMNS", "compile_rules", "MAX_SEGMENT_CHARS"]

#: Columns of the table returned by :func:`autocode`.
AUTOCODE_COLUMNS: list[str] = CODING_COLUMNS + ["unit", "rule_id", "evidence"]


def iter_autocode(
    corpus: Corpus | Transcript | Iterable[Transcript],
    codebook: Codebook,
    *,
    unit: str = "sentence",
    roles: Iterable[str] | str = ("respondent",),
    n_process: int = 1,
    model: str | None = None,
    keep_sentences: bool = False,
) -> Iterator[pd.DataFrame]:
    """Like :func:`autocode`, but yield one codings table per document as it is done.

    Memory stays flat however large the corpus (only the current document's matches are
    held), so this suits very large corpora written out piece by piece. Documents
    without codings yield an empty table. ``keep_sentences`` is as in :func:`autocode`
    (off by default here: what it keeps grows with the corpus).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Transcript, Turn
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]})
    >>> docs = [Transcript(d, "R: De haven.", (Turn("R", "respondent", 3, 12),)) for d in ("R1", "R2")]
    >>> [len(frame) for frame in iter_autocode(docs, cb)]
    [1, 1]
    """
    rules, default_roles = _prepare(codebook, unit, roles, n_process, model)
    transcripts: Iterable[Transcript] = (corpus,) if isinstance(corpus, Transcript) else corpus
    for _doc_id, rows, _words in _iter_rows(rules, codebook, transcripts, unit=unit, roles=default_roles,
                                            n_process=n_process, model=model, keep_sentences=keep_sentences):
        yield pd.DataFrame(rows, columns=AUTOCODE_COLUMNS).astype({"start": "int64", "end": "int64"})


def _progress(progress: bool | Callable[[int], None], corpus: object) -> tuple[object, Callable[[int], None] | None]:
    """A tqdm bar and its update function for ``progress=True``, or the caller's callback."""
    if progress is True:
        from tqdm.auto import tqdm

        total = corpus.n_words if isinstance(corpus, Corpus) else None
        bar = tqdm(total=total, unit="word", unit_scale=True, desc="autocode")
        return bar, bar.update
    return None, progress if callable(progress) else None


def autocode(
    corpus: Corpus | Transcript | Iterable[Transcript],
    codebook: Codebook,
    *,
    unit: str = "sentence",
    roles: Iterable[str] | str = ("respondent",),
    n_process: int = 1,
    model: str | None = None,
    progress: bool | Callable[[int], None] = False,
    keep_sentences: bool = True,
) -> pd.DataFrame:
    """Apply the codebook's rules to a corpus.

    Parameters
    ----------
    corpus
        A :class:`~researchkit.transcripts.Corpus` (or one transcript, or an iterable of them).
    codebook
        The :class:`~researchkit.codebook.Codebook`; its ``language`` selects the pipeline.
    unit
        ``"sentence"`` (default), ``"turn"``, ``"paragraph"`` or ``"document"``: what a
        coded row spans.
    roles
        Roles whose turns are coded for codes that do not set ``roles:`` themselves
        (default respondents only: interviewer questions are not evidence).
    n_process
        Worker processes; ``1`` runs in this process.
    model
        An installed trained spaCy pipeline to use instead of the blank one.
    progress
        ``True`` shows a tqdm progress bar (in words); a callable receives the word count
        of each finished document.
    keep_sentences
        Keep the sentence split of the coded turns for the unit tables of later analyses
        (:func:`researchkit.units.units`, agreement, quotes, the report), so that they hand
        only the other turns to spaCy. It costs a few percent of auto-coding and saves a
        second spaCy pass over the coded turns (blank pipelines; with ``n_process`` only the
        calling process's share is kept). ``False`` when no analysis follows.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, start, end, code, coder, source, text, unit, rule_id,
        evidence``; ``coder`` and ``source`` are ``"rules"``. One row per
        ``(unit, code)``, ordered by corpus order, ``start``, ``end`` and codebook
        order. ``text[start:end] == row.text`` always holds. ``rule_id`` names the
        rules that fired (``keyword:verdacht*``, ``proximity:info-delen`` ...) and
        ``evidence`` the matched words, both ``"; "``-separated.

    Warns
    -----
    CodebookWarning
        ``RK214`` for rules that can never match; ``RK221`` for documents with no
        turn of the roles to code.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> from researchkit.transcripts import Transcript, Turn
    >>> cb = Codebook.from_dict({"codes": [{"id": "VERM", "name": "Vermoedens", "keywords": ["vermoeden"]}]})
    >>> t = Transcript("R01", "I: Vermoedens?\\nR: Vermoedens, ja.",
    ...                turns=(Turn("I", "interviewer", 3, 14), Turn("R", "respondent", 18, 33)))
    >>> autocode(t, cb)[["doc_id", "start", "end", "code", "evidence"]].to_dict("records")
    [{'doc_id': 'R01', 'start': 18, 'end': 33, 'code': 'VERM', 'evidence': 'Vermoedens'}]
    """
    rules, default_roles = _prepare(codebook, unit, roles, n_process, model)
    transcripts: Iterable[Transcript] = (corpus,) if isinstance(corpus, Transcript) else corpus
    bar, callback = _progress(progress, corpus)
    rows: list[tuple] = []
    try:
        for _doc_id, doc_rows, words in _iter_rows(rules, codebook, transcripts, unit=unit, roles=default_roles,
                                                   n_process=n_process, model=model,
                                                   need_words=callback is not None, keep_sentences=keep_sentences):
            rows.extend(doc_rows)
            if callback is not None:
                callback(words)
    finally:
        if bar is not None:
            bar.close()  # type: ignore[attr-defined]
    frame = pd.DataFrame(rows, columns=AUTOCODE_COLUMNS)
    return frame.astype({"start": "int64", "end": "int64"})
