"""A research team's own Whisper + pyannote pipeline that names its segments' keys in its language (pure).

Teams that transcribe their focus groups with WhisperX or faster-whisper and pyannote often
dump the result with keys in their own language: a Colombian university's focus groups
(jufragarcaCUN/FocusGroupFebrero-12, ``Grupo focal 3_SC.json``) are written ::

    {"metadata": {"archivo": "Grupo focal 3_SC.wav", "fecha": "2026-02-13 15:19:58"},
     "segmentos": [{"speaker": "SPEAKER_01", "inicio": 0.0, "texto": "Con su consentimiento ...", "fin": 21.05}, ...]}

Such a file is read as Whisper's ``segments`` are (:func:`researchkit.io.asrtools.whisper`): the
segments' key in Spanish, Portuguese, Dutch, German, French or Italian (``segmentos``,
``segmenten``, ``Segmente``, ``segmenti``), each segment's text (``texto``, ``tekst``, ``Text``,
``texte``, ``testo``), start (``inicio``, ``início``, ``begin``, ``Beginn``, ``Start``, ``début``,
``inizio``) and speaker (``hablante``, ``orador``, ``locutor``, ``spreker``, ``Sprecher``,
``locuteur``, ``parlante``, or ``speaker``); the keys are matched without regard to case. Every
segment must have the text key, as Whisper's must have ``text``; otherwise the file stays RK102.

Examples
--------
>>> layout = localized_segments("g.json", {"segmentos": [{"speaker": "SPEAKER_01", "inicio": 1.5, "texto": "Hola.", "fin": 2}]})
>>> layout.tool, layout.where, layout.segments
('Whisper (keys in another language)', 'segmentos', [Segment(text='Hola.', speaker='SPEAKER_01', start=1.5, location='segmentos[0]')])
"""

from __future__ import annotations

from typing import Any

from researchkit.io.asrsegments import Layout, Segment
from researchkit.io.asrtools import whisper

__all__ = ["localized_key", "localized_segments"]

#: The key of the segments list, folded to lower case.
_SEGMENTS = frozenset({"segmentos", "segmenten", "segmente", "segmenti", "segmentes", "segmentations"})
#: Each segment's keys, folded to lower case, by Whisper's name for them.
_FIELDS = {
    "text": frozenset({"texto", "tekst", "text", "texte", "testo", "transcripcion", "transcripción", "transcrição"}),
    "start": frozenset({"inicio", "início", "begin", "beginn", "start", "debut", "début", "inizio", "comienzo", "anfang"}),
    "end": frozenset({"fin", "fim", "eind", "einde", "ende", "end", "fine", "final"}),
    "speaker": frozenset({"speaker", "hablante", "orador", "locutor", "spreker", "sprecher", "locuteur", "parlante",
                          "interlocutor", "falante"}),
}


def localized_key(root: Any) -> str | None:
    """The key holding a pipeline's segments under a name in another language, when every segment has a text key.

    Examples
    --------
    >>> localized_key({"segmentos": [{"texto": "Hola."}]}), localized_key({"segmentos": [{"x": 1}]}), localized_key([])
    ('segmentos', None, None)
    """
    if not isinstance(root, dict):
        return None
    for key, value in root.items():
        if str(key).casefold() not in _SEGMENTS or not isinstance(value, list) or not value:
            continue
        if all(isinstance(item, dict) and any(str(k).casefold() in _FIELDS["text"] for k in item) for item in value[:50]):
            return str(key)
    return None


def _renamed(item: dict) -> dict:
    """A segment with Whisper's keys (the first key of each kind wins; other keys are kept as they are)."""
    out: dict = {}
    for key, value in item.items():
        folded = str(key).casefold()
        name = next((whisper_name for whisper_name, names in _FIELDS.items() if folded in names), None)
        if name is None:
            out.setdefault(str(key), value)
        elif name not in out or str(key) == name:
            out[name] = value
    return out


def localized_segments(path: Any, root: Any) -> Layout:
    """Read the segments under their localized keys as Whisper's (see the module docstring)."""
    key = localized_key(root)
    items = root[key]
    layout = whisper(path, {"segments": [_renamed(item) for item in items]})
    segments = [Segment(s.text, s.speaker, s.start, s.location.replace("segments", key, 1)) for s in layout.segments]
    notes = [*layout.notes, f"the segments are under {key!r} with keys in the team's own language "
                            f"({', '.join(sorted({str(k) for item in items[:50] for k in item}))}), read as Whisper's"]
    return Layout("Whisper (keys in another language)", key, segments, notes=notes)
