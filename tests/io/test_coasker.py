"""A focus group's second moderator (``io/coasker.py``), in a Whisper JSON whose labels are speaker numbers."""

from __future__ import annotations

import json
from pathlib import Path

from researchkit.io import read_transcript

# SPEAKER_00 asks the follow-up questions; SPEAKER_01 opens, echoes the answers and asks the next one in turn.
GROUP = [
    ("SPEAKER_01", "Bienvenidos. Una palabra cada uno, ¿sí? Empieza Ana."),
    ("SPEAKER_02", "Diversión."),
    ("SPEAKER_01", "Diversión, bien."),
    ("SPEAKER_03", "Trabajo."),
    ("SPEAKER_01", "Trabajo."),
    ("SPEAKER_04", "Casa."),
    ("SPEAKER_00", "¿Por qué casa?"),
    ("SPEAKER_04", "Porque es tranquila."),
    ("SPEAKER_01", "Tranquila. ¿Y tú, alguna palabra? Adelante."),
    ("SPEAKER_02", "Sueño."),
    ("SPEAKER_01", "Sueño, listo."),
    ("SPEAKER_03", "Tarde."),
    ("SPEAKER_00", "¿Tarde?"),
    ("SPEAKER_03", "Sí, siempre."),
    ("SPEAKER_00", "¿Y por qué?"),
    ("SPEAKER_02", "Por los buses."),
    ("SPEAKER_01", "Los buses, claro."),
    ("SPEAKER_04", "Sí."),
]


def _write(tmp_path: Path, spoken) -> Path:
    segments = [{"speaker": s, "inicio": float(2 * i), "fin": float(2 * i + 1), "texto": t} for i, (s, t) in enumerate(spoken)]
    path = tmp_path / "grupo.json"
    path.write_text(json.dumps({"metadata": {"archivo": "grupo.wav"}, "segmentos": segments}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _roles(t) -> dict[str, str]:
    return {turn.speaker: turn.role for turn in t.turns}


def test_second_moderator_is_an_interviewer(tmp_path):
    t = read_transcript(_write(tmp_path, GROUP))
    roles = _roles(t)
    assert roles["SPEAKER_00"] == roles["SPEAKER_01"] == "interviewer"
    assert roles["SPEAKER_02"] == roles["SPEAKER_03"] == roles["SPEAKER_04"] == "respondent"
    assert any("'SPEAKER_01' is taken as a second interviewer beside 'SPEAKER_00'" in n for n in t.notes)


def test_participant_answered_by_the_moderator_is_not(tmp_path):
    # SPEAKER_01's second question is answered by SPEAKER_00: a participant asking the moderator
    spoken = list(GROUP)
    spoken[9] = ("SPEAKER_00", "Sueño, dice ella.")
    t = read_transcript(_write(tmp_path, spoken))
    assert _roles(t)["SPEAKER_01"] == "respondent"
    assert not any("second interviewer" in n for n in t.notes)


def test_respondent_who_asks_once_is_not(tmp_path):
    spoken = [(s, t.replace("¿Y tú, alguna palabra? ", "")) for s, t in GROUP]
    t = read_transcript(_write(tmp_path, spoken))
    assert _roles(t)["SPEAKER_01"] == "respondent" and _roles(t)["SPEAKER_00"] == "interviewer"
