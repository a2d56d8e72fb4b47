"""Coding a corpus held in memory with forked helpers, the calling process coding too.

With ``n_process = N`` the calling process forks ``N - 1`` helpers. They inherit the
compiled rules, the spaCy pipeline and the corpus (copy-on-write), so no transcript is
pickled. The documents are cut into index ranges that shrink as the work runs out
(:func:`guided_ranges`); the caller and the helpers take the next range from one shared
counter, so no process idles while there is work left, and the caller's own bookkeeping
(turning compact rows into codings rows) runs between its ranges instead of competing with
busy helpers for a core. Helpers send compact rows (indices and rule ids, no text) back
through a queue, whose feeder thread sends while the helper codes on. Documents are yielded
in corpus order as soon as every range before them is done.

A helper that raises sends its exception back and the caller raises it; a helper that
dies without a word (killed, out of memory) raises :class:`~researchkit.errors.WorkerError`
(RK222) instead of leaving the caller waiting.

Examples
--------
>>> from researchkit.autocode.stream import prepare
>>> from researchkit.codebook import Codebook
>>> from researchkit.transcripts import Transcript, Turn
>>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["haven"]}]})
>>> rules, _ = prepare(cb, "sentence", ("respondent",), 2, None)
>>> docs = [Transcript(f"R{i}", "R: De haven.", (Turn("R", "respondent", 3, 12),)) for i in range(20)]
>>> rows = [len(r) for _, r, _ in code_forked(rules, docs, "sentence", 2, need_words=False)]
>>> len(rows), sum(rows)
(20, 20)
"""

from __future__ import annotations

import multiprocessing
import pickle
import queue
import traceback
from typing import Any, Iterator, Sequence

from researchkit.autocode.document import expand_rows
from researchkit.autocode.ruleset import RuleSet
from researchkit.errors import WorkerError
from researchkit.heap import survivors_frozen
from researchkit.transcripts import Transcript

__all__ = ["code_forked", "guided_ranges"]

#: The smallest range is about 1/SMALLEST_SHARE of one process's share of the text.
SMALLEST_SHARE = 32
#: Seconds between checks that a helper is still alive while waiting for its rows.
_POLL_SECONDS = 0.5


def guided_ranges(weights: Sequence[int], n_process: int) -> list[tuple[int, int]]:
    """Contiguous index ranges that shrink as the work runs out (guided scheduling).

    Each range takes about ``remaining / (2 * n_process)`` of the weight still left (at least
    one item, and not less than 1/:data:`SMALLEST_SHARE` of the total per process), so the
    processes start on large ranges (little overhead) and finish on small ones (none is left
    coding a large range while the others have stopped).

    Examples
    --------
    >>> guided_ranges([1] * 16, 2)
    [(0, 4), (4, 7), (7, 9), (9, 10), (10, 11), (11, 12), (12, 13), (13, 14), (14, 15), (15, 16)]
    >>> guided_ranges([1, 100, 1], 2), guided_ranges([], 2)
    ([(0, 1), (1, 2), (2, 3)], [])
    """
    total = sum(weights)
    floor = total / (SMALLEST_SHARE * max(n_process, 1))
    out: list[tuple[int, int]] = []
    start, remaining = 0, total
    while start < len(weights):
        target = max(remaining / (2 * max(n_process, 1)), floor)
        end, acc = start + 1, weights[start]
        while end < len(weights) and acc + weights[end] <= target:
            acc += weights[end]
            end += 1
        out.append((start, end))
        start, remaining = end, remaining - acc
    return out


def _code_range(rules: RuleSet, docs: Sequence[Transcript], unit: str, need_words: bool, keep_sentences: bool = False
                ) -> list[tuple[list[tuple], int]]:
    """``(compact rows, words)`` per document of one range (``keep_sentences``: in the calling process only)."""
    from researchkit.autocode.stream import code_transcripts

    return [(rows, t.n_words if need_words else 0)
            for t, (_, rows) in zip(docs, code_transcripts(rules, docs, unit, compact=True, keep_sentences=keep_sentences))]


def _take(counter: Any) -> int:
    """The next range index (shared by every process)."""
    with counter.get_lock():
        index = counter.value
        counter.value = index + 1
    return index


def _helper(number: int, results: Any, counter: Any, ranges: list[tuple[int, int]], rules: RuleSet,
            docs: Sequence[Transcript], unit: str, need_words: bool) -> None:
    """A forked helper: code ranges until none is left; put ``(number, index, rows)`` per range
    on ``results``, then ``(number, None, None)``; on failure ``(number, -1, exception)``.

    ``results`` is a :class:`multiprocessing.Queue`: its feeder thread sends while the helper
    codes on, so a helper never waits for the caller to finish a range of its own."""
    try:
        while True:
            index = _take(counter)
            if index >= len(ranges):
                break
            a, b = ranges[index]
            results.put((number, index, _code_range(rules, docs[a:b], unit, need_words)))
        results.put((number, None, None))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
        try:
            pickle.loads(pickle.dumps(exc))  # some exceptions pickle but cannot be rebuilt
        except Exception:  # noqa: BLE001
            exc = RuntimeError(f"in an auto-coding helper process:\n{traceback.format_exc()}")
        results.put((number, -1, exc))


def code_forked(rules: RuleSet, docs: Sequence[Transcript], unit: str, n_process: int, *, need_words: bool,
                keep_sentences: bool = False) -> Iterator[tuple[str, list[tuple], int]]:
    """Yield ``(doc_id, rows, words)`` per document in corpus order, coded by this process and
    ``n_process - 1`` forked helpers (see the module docstring). Needs the ``fork`` start method."""
    ranges = guided_ranges([len(t.text) for t in docs], n_process)
    n_helpers = min(n_process - 1, len(ranges) - 1)
    code_ids = rules.code_ids
    if n_helpers < 1:
        for t, (rows, words) in zip(docs, _code_range(rules, docs, unit, need_words, keep_sentences)):
            yield t.doc_id, expand_rows(code_ids, t, unit, rows), words
        return
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    results = ctx.Queue()
    helpers: dict[int, Any] = {}  # helpers that have not said they are done, by number
    # Frozen objects are left alone by the helpers' garbage collector, so the pages they
    # inherit are not copied just because a collection walked over them.
    with survivors_frozen() as freeze:
        freeze()
        for number in range(n_helpers):
            process = ctx.Process(target=_helper, args=(number, results, counter, ranges, rules, docs, unit, need_words),
                                  daemon=True)
            process.start()
            helpers[number] = process
    started = list(helpers.values())
    done: dict[int, list[tuple[list[tuple], int]]] = {}
    next_out = 0

    def ready() -> Iterator[tuple[str, list[tuple], int]]:
        nonlocal next_out
        while next_out in done:
            a, _b = ranges[next_out]
            for t, (rows, words) in zip(docs[a:], done.pop(next_out)):
                yield t.doc_id, expand_rows(code_ids, t, unit, rows), words
            next_out += 1

    def collect(block: bool) -> None:
        """Take what the helpers sent (``block``: wait until one of them sends something or dies)."""
        while helpers:
            try:
                number, index, payload = results.get(timeout=_POLL_SECONDS) if block else results.get_nowait()
            except queue.Empty:
                if block:
                    dead = [p for p in helpers.values() if p.exitcode not in (None, 0)]
                    if dead:
                        raise WorkerError(
                            "RK222", f"an auto-coding helper process (pid {dead[0].pid}) stopped without finishing "
                            f"its work (exit code {dead[0].exitcode})",
                            hint="check that the machine has enough memory, or run with n_process=1") from None
                    continue
                return
            if index is None:
                del helpers[number]
            elif index == -1:
                raise payload
            else:
                done[index] = payload
            if block:
                return

    try:
        while True:  # this process codes too, taking ranges from the same counter
            index = _take(counter)
            if index >= len(ranges):
                break
            a, b = ranges[index]
            done[index] = _code_range(rules, docs[a:b], unit, need_words, keep_sentences)
            collect(block=False)
            yield from ready()
        while helpers:
            collect(block=True)
            yield from ready()
        yield from ready()
    finally:
        for process in started:
            if process.is_alive():
                process.terminate()
            process.join()
        results.close()
        results.join_thread()
