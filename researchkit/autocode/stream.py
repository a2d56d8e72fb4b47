"""Running compiled rules over a corpus: streaming through ``nlp.pipe``, worker
processes for ``n_process > 1``, checks of the options, and the per-document rows.

The corpus is streamed: turns are split into lines (a line break always ends a
sentence), fed through ``nlp.pipe`` and each ``Doc`` is dropped as soon as its
matches are taken; only one document's matches are held at a time. With
``n_process > 1`` documents are spread over worker processes and the results are put
back in corpus order. Where processes can be forked, the workers inherit the compiled
rules and pipeline; a corpus held in memory (a ``Corpus``, list or tuple) is inherited
too and the calling process codes alongside ``n_process - 1`` helpers
(:mod:`researchkit.autocode.parallel`): only compact rows (no text) come back. A
streamed corpus is sent to a pool in pickled chunks.

Examples
--------
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]})
>>> rules, roles = prepare(cb, "sentence", ("respondent",), 1, None)
>>> t = Transcript("R1", "R: De haven.", (Turn("R", "respondent", 3, 12),))
>>> [(doc_id, len(rows)) for doc_id, rows, _ in iter_rows(rules, cb, [t], unit="sentence", roles=roles,
...                                                        n_process=1, model=None)]
[('R1', 1)]
"""

from __future__ import annotations

import json
import multiprocessing
import warnings
from collections import OrderedDict, deque
from typing import Any, Iterable, Iterator

from researchkit.autocode.document import DocumentCoder, segments
from researchkit.autocode.matching import _KEY_SENT_ATTRS
from researchkit.autocode.parallel import code_forked
from researchkit.autocode.ruleset import RuleSet
from researchkit.codebook import Codebook
from researchkit.errors import CodebookWarning, ConfigurationError
from researchkit.nlp import blank_language
from researchkit.transcripts import Corpus, Transcript
from researchkit.units import SentenceRecorder, check_roles, check_unit, content_turns

__all__ = ["prepare", "compiled_rules", "iter_rows", "code_transcripts"]


def code_transcripts(
    rules: RuleSet, transcripts: Iterable[Transcript], unit: str, batch_size: int = 256, *, compact: bool = False,
    keep_sentences: bool = False,
) -> Iterator[tuple[str, list[tuple]]]:
    """Stream transcripts through the pipeline; yield ``(doc_id, rows)`` per transcript
    (``compact=True``: :meth:`~researchkit.autocode.document.DocumentCoder.compact_rows`;
    ``keep_sentences``: record the split of a blank pipeline, :class:`~researchkit.units.SentenceRecorder`)."""
    roles = rules.active_roles
    nlp = rules.nlp
    # What each text handed to spaCy belongs to, in order: ``(transcript, turn index, turn, start,
    # end, last piece of the transcript)``, or ``(transcript, None, ...)`` for a transcript with
    # nothing to code. spaCy takes a text before it gives back its Doc, so the head of the queue
    # is always the Doc's own (cheaper than ``as_tuples``, and no empty end-of-document Docs).
    pending: deque[tuple] = deque()

    def texts() -> Iterator[str]:
        for t in transcripts:
            pieces = list(segments(t, roles))
            if not pieces:
                pending.append((t, None, None, 0, 0, True))
                continue
            last = len(pieces) - 1
            text = t.text
            for j, (ti, turn, s, e) in enumerate(pieces):
                pending.append((t, ti, turn, s, e, j == last))
                yield text[s:e]

    def finished(t: Transcript, coder: DocumentCoder | None) -> tuple[str, list[tuple]]:
        if coder is None:
            return t.doc_id, []
        return t.doc_id, coder.compact_rows() if compact else coder.rows(unit)

    # a blank pipeline's sentences are recorded for the unit tables of the analyses (no second split)
    split_lang = blank_language(nlp) if keep_sentences else None
    keyed = rules._orth_keyed
    current: DocumentCoder | None = None
    recorder: SentenceRecorder | None = None
    for doc in nlp.pipe(texts(), batch_size=batch_size, disable=rules.skip_in_pipe):
        while pending[0][1] is None:  # transcripts with nothing to code, before this Doc's own
            yield finished(pending.popleft()[0], None)
        t, ti, turn, s, e, last = pending.popleft()
        if current is None:
            current = DocumentCoder(rules, t, unit)
            recorder = SentenceRecorder(t, split_lang) if split_lang is not None else None
        # one array for the rules' keys and sentences and for the recorded split
        info = doc.to_array(_KEY_SENT_ATTRS) if keyed else None
        current.add(ti, turn, s, e, doc, info)
        if recorder is not None:
            recorder.add(ti, s, doc, None if info is None else info[:, 1:])
        if last:
            if recorder is not None:
                recorder.finish()
            yield finished(t, current)
            current = None
    while pending:
        yield finished(pending.popleft()[0], None)


# worker-process state for n_process > 1
_WORKER: dict[str, Any] = {}


def _worker_init(codebook_data: dict, roles: tuple[str, ...], model: str | None, unit: str) -> None:
    from researchkit.nlp import get_pipeline

    cb = Codebook.from_dict(codebook_data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _WORKER["rules"] = RuleSet(cb, get_pipeline(cb.language, model=model), roles=roles)
    _WORKER["unit"] = unit


def _worker_run(transcripts: list[Transcript]) -> list[tuple[str, list[tuple], int]]:
    """Code pickled transcripts (a streamed corpus); full rows back."""
    words = {t.doc_id: t.n_words for t in transcripts}
    return [(doc_id, rows, words[doc_id]) for doc_id, rows in
            code_transcripts(_WORKER["rules"], transcripts, _WORKER["unit"])]


def _chunks(transcripts: Iterable[Transcript], size_words: int) -> Iterator[list[Transcript]]:
    chunk: list[Transcript] = []
    words = 0
    for t in transcripts:
        chunk.append(t)
        words += len(t.text) // 6
        if words >= size_words:
            yield chunk
            chunk, words = [], 0
    if chunk:
        yield chunk


#: Rules compiled lately, by codebook content, pipeline and default roles (see :func:`compiled_rules`).
_COMPILED: "OrderedDict[tuple[str, int, tuple[str, ...]], tuple[Any, RuleSet]]" = OrderedDict()
_COMPILED_SIZE = 4


def compiled_rules(codebook: Codebook, nlp: Any, roles: tuple[str, ...]) -> RuleSet:
    """The codebook's :class:`RuleSet` for ``nlp``, compiled once and reused while the codebook's
    content, the pipeline and the default roles stay the same.

    A notebook codes again and again with the same codebook (after each edit of a transcript
    or a manual coding, in :func:`researchkit.evaluate.evaluate` ...): the compilation and
    what the rules learned of each word type are kept for the next call. The key is the
    codebook's whole content (:meth:`Codebook.to_dict`), so an edited codebook, even the same
    object changed in place, is compiled anew. The last :data:`_COMPILED_SIZE` are kept.

    Examples
    --------
    >>> from researchkit.nlp import get_pipeline
    >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]})
    >>> nlp = get_pipeline("nl")
    >>> compiled_rules(cb, nlp, ("respondent",)) is compiled_rules(Codebook.from_dict(cb.to_dict()), nlp, ("respondent",))
    True
    >>> compiled_rules(Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["kade"]}]}), nlp,
    ...                ("respondent",)).term_text
    ['kade']
    """
    content = json.dumps(codebook.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    key = (content, id(nlp), tuple(roles))
    entry = _COMPILED.get(key)
    if entry is not None and entry[0] is nlp:
        _COMPILED.move_to_end(key)
        return entry[1]
    rules = RuleSet(codebook, nlp, roles=roles)
    _COMPILED[key] = (nlp, rules)  # the pipeline is held, so its id is not reused while the entry lives
    while len(_COMPILED) > _COMPILED_SIZE:
        _COMPILED.popitem(last=False)
    return rules


def prepare(
    codebook: Codebook, unit: str, roles: Iterable[str] | str, n_process: int, model: str | None
) -> tuple[RuleSet, tuple[str, ...]]:
    from researchkit.nlp import get_pipeline

    check_unit(unit)
    default_roles = check_roles(roles)
    if not default_roles:
        raise ConfigurationError("RK220", "roles is empty, so nothing would be coded",
                                 hint="pass roles=('respondent',) or another role")
    if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
        raise ConfigurationError("RK220", f"n_process={n_process!r} must be a whole number >= 1",
                                 hint="use n_process=1, or up to the number of CPU cores")
    if not isinstance(codebook, Codebook):
        raise ConfigurationError("RK220", f"codebook must be a researchkit.Codebook, got {type(codebook).__name__}",
                                 hint="load it with researchkit.Codebook.load('codebook.yaml')")
    nlp = get_pipeline(codebook.language, model=model)
    rules = compiled_rules(codebook, nlp, default_roles)
    for message in rules.warnings:
        warnings.warn(message, CodebookWarning, stacklevel=3)
    return rules, default_roles


def iter_rows(
    rules: RuleSet,
    codebook: Codebook,
    transcripts: Iterable[Transcript],
    *,
    unit: str,
    roles: tuple[str, ...],
    n_process: int,
    model: str | None,
    need_words: bool = False,
    keep_sentences: bool = False,
) -> Iterator[tuple[str, list[tuple], int]]:
    """Yield ``(doc_id, rows, words)`` per document, in corpus order (``words`` is 0 unless
    ``need_words``, as counting words costs a pass over the text; ``keep_sentences``: see
    :func:`code_transcripts`, kept by this process only)."""

    def checked(items: Iterable[Transcript]) -> Iterator[Transcript]:
        for t in items:
            if rules.active_roles and not any(turn.role in rules.active_roles for turn in content_turns(t)):
                warnings.warn(
                    f"[RK221] document {t.doc_id!r} has no turn with role {', '.join(sorted(rules.active_roles))}; "
                    "nothing in it was coded. Check its speaker labels, or pass roles=... to code other roles",
                    CodebookWarning, stacklevel=4,
                )
            yield t

    if n_process == 1:
        words: dict[str, int] = {}

        def counted(items: Iterable[Transcript]) -> Iterator[Transcript]:
            for t in items:
                words[t.doc_id] = t.n_words if need_words else 0
                yield t

        for doc_id, doc_rows in code_transcripts(rules, counted(checked(transcripts)), unit,
                                                 keep_sentences=keep_sentences):
            yield doc_id, doc_rows, words.pop(doc_id, 0)
        return
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork and isinstance(transcripts, (Corpus, list, tuple)):
        yield from code_forked(rules, list(checked(transcripts)), unit, n_process, need_words=need_words,
                               keep_sentences=keep_sentences)
        return
    if fork:
        # Children inherit the compiled rules and the loaded pipeline (copy-on-write).
        ctx = multiprocessing.get_context("fork")
        _WORKER.update(rules=rules, unit=unit)
        pool = ctx.Pool(n_process)
    else:  # pragma: no cover - Windows/macOS spawn
        ctx = multiprocessing.get_context("spawn")
        pool = ctx.Pool(n_process, initializer=_worker_init, initargs=(codebook.to_dict(), roles, model, unit))
    try:
        for results in pool.imap(_worker_run, _chunks(checked(transcripts), 20_000)):
            yield from results
    finally:
        pool.terminate()
        pool.join()
        _WORKER.clear()
