"""Speakers of transcription-tool JSON: filling a missing speaker, and the tools' diarization labels.

A tool's own speaker codes (AssemblyAI's ``A``, Speechmatics' ``S1``, AWS's ``spk_0``) only
number the speakers; :class:`DiarizationLabels` keeps them from being read as the role words
and participant codes they happen to spell.

Examples
--------
>>> is_diarization_label("spk_0"), is_diarization_label("Interviewer")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from researchkit.io.asrsegments import Segment
from researchkit.io.roles import LabelMap
from researchkit.transcripts import is_generic_speaker

__all__ = ["fill_speakers", "is_diarization_label", "DiarizationLabels"]

def fill_speakers(segments: list[Segment]) -> int:
    """Give a segment without a speaker, below a segment with one, that speaker; return how many were filled."""
    if not any(s.speaker for s in segments):
        return 0
    filled, previous = 0, None
    for s in segments:
        if s.speaker:
            previous = s.speaker
        elif previous is not None:
            s.speaker = previous
            filled += 1
    return filled


#: A diarization tool's own speaker codes: AssemblyAI's ``A``, Speechmatics' ``S1`` and ``UU``, AWS's ``spk_0`` and
#: ``ch_0``, a channel of Deepgram's multichannel output (``Channel 0``), the Azure conversation transcriber's ``Guest-1``.
_DIARIZATION_CODE_RE = re.compile(r"[A-Z]|S\d{1,3}|UU|spk_\d{1,3}|ch_\d{1,3}|Channel \d{1,3}|Guest-\d{1,3}")


def is_diarization_label(label: str) -> bool:
    """Whether a speaker label only numbers a speaker, as diarization writes it (not a name or a role word).

    Examples
    --------
    >>> [is_diarization_label(x) for x in ("A", "S2", "spk_0", "SPEAKER_01", "Speaker 3", "speaker ?", "Guest-1", "Interviewer", "Anna")]
    [True, True, True, True, True, True, True, False, False]
    """
    return _DIARIZATION_CODE_RE.fullmatch(label) is not None or is_generic_speaker(label.replace("?", "0"))


@dataclass
class DiarizationLabels(LabelMap):
    """A label map in which a tool's diarization labels (``A``, ``S1``, ``spk_0``) only number the speakers.

    Their roles come from the transcript (the speaker who asks the questions), never from the
    role words and codes they happen to spell (``A`` as answer, ``S1`` as a participant code),
    unless the user's ``labels`` name them.

    Examples
    --------
    >>> LabelMap().role("A", has_interviewer=False)
    'respondent'
    >>> m = DiarizationLabels({}, machine=frozenset({"A", "B"}))
    >>> m.known("A"), m.role("A", has_interviewer=True), m.role("B", interviewers=("B",))
    (None, 'respondent', 'interviewer')
    >>> DiarizationLabels({"A": "interviewer"}, machine=frozenset({"A"})).role("A")
    'interviewer'
    """

    machine: frozenset = frozenset()

    def _own(self, label: str) -> bool:
        return label in self.machine and label.strip().casefold() not in self._exact

    def known(self, label: str) -> str | None:
        """``None`` for the tool's own labels (unless the user mapped them), else as :class:`LabelMap`."""
        return None if self._own(label) else super().known(label)

    def role(self, label: str, *, has_interviewer: bool = False, interviewers: tuple[str, ...] = ()) -> str:
        """The tool's labels: interviewer when named so in the attributes, else respondent or other as for names."""
        if not self._own(label):
            return super().role(label, has_interviewer=has_interviewer, interviewers=interviewers)
        if label.strip().casefold() in {n.strip().casefold() for n in interviewers}:
            return "interviewer"
        return "respondent" if has_interviewer or interviewers else "other"

    def with_entries(self, entries: Mapping[str, str]) -> "DiarizationLabels":
        """A copy with ``entries`` below the user's own, keeping the tool's labels."""
        merged = dict(entries)
        merged.update(self.mapping)
        return DiarizationLabels(merged, machine=self.machine - set(entries))
