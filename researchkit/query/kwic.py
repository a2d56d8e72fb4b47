"""Keyword in context: every place a word (or its lemma) is said, with the words around it.

Tokens and lemmas come from :func:`researchkit.nlp.get_pipeline` (the same pipeline
as auto-coding), run over each turn's lines, so every offset is a code-point index
into the canonical text. A hit can be turned into a coding suggestion that goes
through the project's review queue (:func:`kwic_suggestions`).
"""

from __future__ import annotations

import fnmatch
import html
import os
import re
from typing import Any, Iterable

import numpy as np
import pandas as pd

from researchkit.errors import QueryError
from researchkit.fileio import atomic_write
from researchkit.units import check_roles, content_turns, iter_segments

__all__ = ["kwic", "kwic_html", "kwic_suggestions", "KwicHTML", "KWIC_COLUMNS"]

KWIC_COLUMNS = ["doc_id", "start", "end", "hit", "lemma", "left", "right", "context_start", "context_end",
                "speaker", "role", "turn", "pattern"]


def _compile(pattern: str, *, lemma: bool, case_sensitive: bool, nlp: Any) -> list[tuple[re.Pattern, str | None]]:
    """One ``(regex, lemma of the word or None)`` per word of the pattern."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise QueryError("RK514", f"kwic pattern {pattern!r} is empty", hint="e.g. kwic(corpus, 'smokkel*')")
    words = pattern.split()
    flags = 0 if case_sensitive else re.IGNORECASE
    out = []
    for word in words:
        if not re.search(r"\w", word):
            raise QueryError("RK514", f"kwic pattern word {word!r} has no letters", hint="use words with * and ? as wildcards")
        regex = re.compile(fnmatch.translate(word), flags)
        base = None
        if lemma and not any(ch in word for ch in "*?["):
            doc = nlp(word)
            base = doc[0].lemma_.lower() if len(doc) == 1 and doc[0].lemma_ else None
        out.append((regex, base))
    return out


def _tokens(transcript: Any, nlp: Any, roles: tuple[str, ...] | None) -> dict[int, list[tuple[int, int, str, str]]]:
    """Word tokens per turn index: ``(start, end, text, lemma)`` with offsets into the text."""
    text = transcript.text
    segments = list(iter_segments(transcript, roles))
    per_turn: dict[int, list[tuple[int, int, str, str]]] = {}
    for (index, _turn, s, _e), doc in zip(segments, nlp.pipe(text[s:e] for _, _, s, e in segments)):
        bucket = per_turn.setdefault(index, [])
        for tok in doc:
            if tok.is_punct or tok.is_space:
                continue
            bucket.append((s + tok.idx, s + tok.idx + len(tok.text), tok.text, (tok.lemma_ or tok.text)))
    return per_turn


def _matches(token: tuple[int, int, str, str], word: tuple[re.Pattern, str | None], lemma: bool) -> bool:
    regex, base = word
    if regex.match(token[2]):
        return True
    if lemma:
        lem = token[3].lower()
        return bool(regex.match(lem)) or (base is not None and lem == base)
    return False


def kwic(
    corpus: Any,
    pattern: str,
    *,
    window: int = 8,
    lemma: bool = False,
    roles: Iterable[str] | str | None = None,
    case_sensitive: bool = False,
    lang: str = "nl",
    model: str | None = None,
) -> pd.DataFrame:
    """Keyword in context: every hit of ``pattern`` with ``window`` words on each side.

    Parameters
    ----------
    corpus
        The corpus (or a Project: its corpus is used).
    pattern
        One or more words; ``*`` and ``?`` are wildcards (``"smokkel*"``,
        ``"illegale lozing*"`` for a phrase of consecutive words, punctuation skipped).
    window
        Words of context on each side, within the speaker's turn.
    lemma
        Also match on lemmas: ``"smokkelen"`` finds "smokkelde" and "gesmokkeld"; a
        pattern word without wildcards is lemmatized first ("smokkelde" finds them too).
    roles
        Only turns with these roles (``"respondent"``).
    case_sensitive
        Match case (default: not).
    lang, model
        Pipeline for tokens and lemmas (:func:`researchkit.nlp.get_pipeline`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, start, end, hit, lemma, left, right, context_start, context_end,
        speaker, role, turn, pattern`` and the document attributes, in corpus and text
        order; ``hit == text[start:end]``, ``left == text[context_start:start]``,
        ``right == text[end:context_end]``.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Er wordt veel gesmokkeld in de haven.")])
    >>> kwic(corpus, "smokkelen", window=2, lemma=True)[["start", "end", "hit", "left", "right"]]
       start  end         hit        left   right
    0     14   24  gesmokkeld  wordt veel  in de
    """
    from researchkit.nlp import get_pipeline

    if callable(getattr(corpus, "corpus", None)) and not hasattr(corpus, "doc_ids"):
        corpus = corpus.corpus()
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 0:
        raise QueryError("RK514", f"window={window!r} is not a number of words >= 0", hint="e.g. window=8")
    wanted = check_roles(roles)
    nlp = get_pipeline(lang, model=model)
    words = _compile(pattern, lemma=lemma, case_sensitive=case_sensitive, nlp=nlp)
    rows = []
    for transcript in corpus:
        text = transcript.text
        turns = content_turns(transcript)
        for index, tokens in _tokens(transcript, nlp, wanted).items():
            n = len(words)
            for i in range(len(tokens) - n + 1):
                if not all(_matches(tokens[i + k], words[k], lemma) for k in range(n)):
                    continue
                first, last = tokens[i], tokens[i + n - 1]
                cs = tokens[max(i - window, 0)][0] if window else first[0]
                ce = tokens[min(i + n - 1 + window, len(tokens) - 1)][1] if window else last[1]
                turn = turns[index]
                rows.append((transcript.doc_id, first[0], last[1], text[first[0]:last[1]],
                             " ".join(t[3] for t in tokens[i:i + n]), text[cs:first[0]].strip(), text[last[1]:ce].strip(),
                             cs, ce, turn.speaker, turn.role, index, pattern))
    frame = pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"start": "int64", "end": "int64", "context_start": "int64",
                                                             "context_end": "int64", "turn": "int64"})
    attrs = corpus.attributes
    extra = [c for c in attrs.columns if c not in frame.columns]
    if extra:
        frame = pd.concat([frame, attrs[extra].reindex(frame["doc_id"]).reset_index(drop=True)], axis=1)
    return frame


class KwicHTML(str):
    """The HTML of a concordance; shows itself as a table in a notebook."""

    def _repr_html_(self) -> str:
        return str(self)


def kwic_html(hits: pd.DataFrame, *, title: str | None = None, path: str | os.PathLike | None = None) -> KwicHTML:
    """A concordance as HTML: left context right-aligned, the hit marked, right context.

    Self-contained (inline CSS), deterministic; written atomically to ``path`` when given.

    Examples
    --------
    >>> hits = pd.DataFrame({"doc_id": ["R1"], "start": [3], "end": [8], "hit": ["kade<"], "left": ["De"],
    ...                      "right": ["is open"], "speaker": ["R"]})
    >>> "<mark>kade&lt;</mark>" in kwic_html(hits)
    True
    """
    need = [c for c in ("doc_id", "start", "end", "hit", "left", "right") if c not in hits.columns]
    if need:
        raise QueryError("RK514", f"kwic_html: the table lacks column(s) {', '.join(need)}", hint="pass the result of kwic(...)")
    esc = html.escape
    lines = [
        "<!DOCTYPE html>" if path is not None else "",
        '<div class="rk-kwic"><style>.rk-kwic table{border-collapse:collapse;font:13px/1.4 sans-serif}'
        ".rk-kwic td{padding:2px 6px;vertical-align:top}.rk-kwic td.l{text-align:right;color:#444}"
        ".rk-kwic td.src{color:#777;font-size:11px;white-space:nowrap}.rk-kwic mark{background:#ffe08a;font-weight:600}</style>",
    ]
    if title:
        lines.append(f"<h3>{esc(title)}</h3>")
    lines.append("<table>")
    for row in hits.itertuples(index=False):
        speaker = getattr(row, "speaker", None)
        source = f"{row.doc_id} {int(row.start)}–{int(row.end)}" + (f" · {speaker}" if speaker else "")
        lines.append(f'<tr><td class="src">{esc(source)}</td><td class="l">{esc(str(row.left))}</td>'
                     f"<td><mark>{esc(str(row.hit))}</mark> {esc(str(row.right))}</td></tr>")
    lines.append(f"</table><p>{len(hits)} hit(s)</p></div>")
    out = KwicHTML("\n".join(line for line in lines if line) + "\n")
    if path is not None:
        atomic_write(path, str(out))
    return out


def kwic_suggestions(
    hits: pd.DataFrame,
    *,
    code: str,
    unit: str = "hit",
    corpus: Any = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Turn KWIC hits into coding suggestions for review (``source="rules"``).

    Add them with ``project.add_codings(...)``; they then appear in
    ``project.suggestions(reviewer=...)`` and are accepted or rejected with
    ``project.review(...)`` like any rule suggestion.

    Parameters
    ----------
    hits
        Result of :func:`kwic` (filter it first to the hits you want coded).
    code
        The code to suggest.
    unit
        ``"hit"`` (the matched words), ``"sentence"`` or ``"turn"`` around the hit
        (needs ``corpus``).
    coder
        Coder name of the suggestions; default ``"kwic:<pattern>"``.

    Returns
    -------
    pandas.DataFrame
        A codings table: ``doc_id, start, end, code, coder, source, text, unit,
        rule_id, evidence``, one row per distinct span.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("R1", "Er wordt gesmokkeld. Echt.")])
    >>> s = kwic_suggestions(kwic(corpus, "gesmokkeld"), code="FEN.DRU", unit="sentence", corpus=corpus)
    >>> s[["start", "end", "coder", "source", "text"]].values.tolist()
    [[0, 20, 'kwic:gesmokkeld', 'rules', 'Er wordt gesmokkeld.']]
    """
    if unit not in ("hit", "sentence", "turn"):
        raise QueryError("RK514", f"unit={unit!r} is not 'hit', 'sentence' or 'turn'", hint="e.g. unit='sentence'")
    frame = hits[["doc_id", "start", "end", "hit", "pattern"]].copy() if "pattern" in hits.columns else hits.assign(pattern="kwic")[["doc_id", "start", "end", "hit", "pattern"]]
    if unit != "hit":
        if corpus is None:
            raise QueryError("RK514", f"unit={unit!r} needs the corpus", hint="pass corpus=...")
        from researchkit.units import units

        table = units(corpus.__class__([corpus[d] for d in dict.fromkeys(frame["doc_id"])]), unit) if len(frame) else None
        starts, ends = [], []
        for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"]):
            sub = table[(table["doc_id"] == d) & (table["start"] <= s) & (table["end"] >= e)]
            starts.append(int(sub["start"].iloc[0]) if len(sub) else int(s))
            ends.append(int(sub["end"].iloc[0]) if len(sub) else int(e))
        frame["start"], frame["end"] = starts, ends
    texts = corpus.texts() if corpus is not None else None
    out = pd.DataFrame({
        "doc_id": frame["doc_id"].astype(str), "start": frame["start"].astype("int64"), "end": frame["end"].astype("int64"),
        "code": code, "coder": [coder or f"kwic:{p}" for p in frame["pattern"]], "source": "rules",
        "text": [texts[d][s:e] for d, s, e in zip(frame["doc_id"], frame["start"], frame["end"])] if texts is not None else frame["hit"],
        "unit": unit, "rule_id": [f"kwic:{p}" for p in frame["pattern"]], "evidence": frame["hit"].astype(str),
    })
    return out.drop_duplicates(["doc_id", "start", "end", "code", "coder"]).reset_index(drop=True)
