"""Turn spans before their roles are known: where each turn of a reader's paragraphs starts and ends.

:func:`raw_turns` walks the cleaned paragraphs of :func:`researchkit.io.assemble.assemble` once
and cuts them into turns: a speaker label starts one, a paragraph without a label continues
the turn above it, a format's preset speaker (a cue, an utterance) starts one unless it goes on
speaking, a line that is only a time gives the next turn its time, f4's ``#00:01:23-4#`` marks
close a paragraph, and moderator lines and section headings are turns of nobody. Each turn is a
:class:`RawTurn` (a small mapping in slots: files of 300,000 one-word turns keep a third of a
dict's memory per turn); ``assemble`` gives them their roles.

Examples
--------
>>> t = RawTurn(speaker="I", start=3, end=9, ts=None, kind="label")
>>> t["end"] = 12
>>> dict(t)
{'speaker': 'I', 'start': 3, 'end': 12, 'ts': None, 'kind': 'label'}
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Mapping

from researchkit.io.timemarks import match_leading_time, match_time_mark_end, match_timestamp_only

__all__ = ["RawTurn", "raw_turns"]


class _MissingKey(KeyError, AttributeError):
    """A raw turn's key that is not set: a ``KeyError`` to ``turn[key]``, an ``AttributeError`` to ``getattr``."""


class RawTurn(MutableMapping):
    """A turn before its role is known: the ``dict`` the turn builders pass around (``speaker``, ``start``, ``end``,
    ``ts``, ``kind``, for some ``role``), in slots: a third of a dict's memory, for files of 300,000 short turns.

    Examples
    --------
    >>> t = RawTurn(speaker="I", start=3, end=9, ts=None, kind="label")
    >>> t["end"] = 12
    >>> dict(t) == dict(speaker="I", start=3, end=12, ts=None, kind="label"), "role" in t, t.get("role")
    (True, False, None)
    """

    __slots__ = ("speaker", "start", "end", "ts", "kind", "role")

    def __init__(self, *, speaker: str, start: int, end: int, ts: float | None, kind: str) -> None:
        self.speaker, self.start, self.end, self.ts, self.kind = speaker, start, end, ts, kind

    def __getitem__(self, key: str):
        return getattr(self, key)  # a slot not set goes to __getattr__: KeyError, as a dict gives

    def __getattr__(self, name: str):
        raise _MissingKey(name)

    def get(self, key: str, default=None):
        """As ``dict.get``, in one step (the mapping's own ``get`` goes through ``__getitem__``: twice per turn in the
        interviewer inference of a file of 300,000 turns)."""
        return getattr(self, key, default) if key in _KEYS else default

    def __setitem__(self, key: str, value) -> None:
        if key not in self.__slots__:
            raise KeyError(key)
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        try:
            delattr(self, key)
        except (AttributeError, TypeError):
            raise KeyError(key) from None

    def __iter__(self):
        return (key for key in self.__slots__ if hasattr(self, key))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


_KEYS = frozenset(RawTurn.__slots__)


def raw_turns(cleaned, spans, matches, prefixes, moderator: set[int], sections: set[int] = frozenset(),
               renamed: Mapping[int, str] = {}, ends: Mapping[int, tuple[float, int]] = {}) -> list[dict]:
    """Turn spans from labels, preset speakers (``renamed`` gives some their short label), timestamps (``ends``:
    bracketed times closing paragraphs, read as f4's marks), moderator lines and section headings.

    ``matches`` is used up (each paragraph's match is dropped once read), so label matches and raw turns never
    both exist for a whole file."""
    turns: list[dict] = []
    pending_ts: float | None = None
    timed_line = False  # pending_ts came from a line that is only a time
    resume: dict | None = None  # the turn a section heading interrupted: speech below the heading goes on as its speaker
    for index, ((start, end), (text, p, _), m, prefix) in enumerate(zip(spans, cleaned, matches, prefixes)):
        matches[index] = None
        mark = (match_time_mark_end(text) or ends.get(index)) if p.speaker is None else None
        if mark is not None and mark[1] > (m.content_start if m is not None else 0):
            end = start + mark[1]  # f4's "#00:01:23-4#" closes the paragraph: the next turn's start
        if p.speaker is not None:
            if prefix:
                turns.append(RawTurn(speaker=renamed.get(index, p.speaker), start=start + prefix, end=end, ts=p.timestamp,
                                  kind="preset"))
            elif turns and turns[-1]["kind"] in {"section", "moderator"}:  # after a line of nobody, the speaker goes on
                turns.append(RawTurn(speaker=renamed.get(index, p.speaker), start=start, end=end, ts=p.timestamp,
                                      kind="preset"))
            else:
                turns[-1]["end"] = end  # consecutive cues of one speaker join into one turn
            continue
        if m is not None:
            ts = m.timestamp if m.timestamp is not None else (p.timestamp if p.timestamp is not None else pending_ts)
            pending_ts, timed_line = (mark[0] if mark is not None else None), False
            turns.append(RawTurn(speaker=m.label, start=start + m.content_start, end=end, ts=ts, kind="label"))
            continue
        if p.furniture:
            continue  # a page's header or number: the turn around it goes on below it
        if mark is not None:
            pending_ts, timed_line = mark[0], False
        ts_only = p.timestamp if p.time_prefix and not text[p.time_prefix :].strip() else match_timestamp_only(text)
        if ts_only is not None:
            pending_ts, timed_line = ts_only, True
            continue
        if index in sections:
            if turns and turns[-1]["kind"] == "section" and index - 1 in sections:
                turns[-1]["end"] = end  # consecutive markers, or a heading's metadata lines: one section
                continue
            resume = next((t for t in reversed(turns) if t["kind"] != "section"), None)
            turns.append(RawTurn(speaker="", start=start, end=end, ts=None, kind="section"))
            continue
        if index in moderator:
            if turns and turns[-1]["kind"] == "moderator" and index - 1 in moderator:
                turns[-1]["end"] = end
            else:
                turns.append(RawTurn(speaker="", start=start, end=end, ts=p.timestamp, kind="moderator"))
            continue
        if turns and turns[-1]["kind"] == "section" and resume is not None:
            turns.append(RawTurn(speaker=resume["speaker"], start=start, end=end, ts=pending_ts, kind=resume["kind"]))
            pending_ts = None
            continue
        if turns:
            current = turns[-1]
            if current["start"] >= current["end"]:  # an empty labelled turn takes the next paragraph, and its time
                time_prefix, timestamp = p.time_prefix, p.timestamp
                lead = match_leading_time(text) if not time_prefix and timestamp is None else None
                if lead is not None:  # aTrain: "SPEAKER_00" above "[00:00:04] - speech": the time opens the speech
                    timestamp, time_prefix = lead
                current["start"] = start + time_prefix
                current["ts"] = current["ts"] if current["ts"] is not None else timestamp
            current["end"] = end
            if timed_line and mark is None:  # "[00:12:03]" alone inside a turn marks a time in it, not the next turn's start
                pending_ts = None
        else:
            # a paragraph with its own time (a subtitle cue before the first speaker's) keeps it
            turns.append(RawTurn(speaker="", start=start, end=end, ts=pending_ts if pending_ts is not None else p.timestamp,
                                 kind="preamble"))
    return turns
