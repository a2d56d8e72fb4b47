"""Two labels for one speaker (``io/aliases.py``): a witness's full name with the organisation once, title and surname after."""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript

HEARING = """Chair: Good morning. Could you introduce yourself?

{first}: Thank you. I lead the clinical team at the hospital.

Chair: What are the waiting times now?

Dr Lee: They have risen to twelve weeks.

Chair: Why is that?

Dr Lee: Staffing, mostly.
"""


def _read(tmp_path: Path, first: str):
    path = tmp_path / "evidence.txt"
    path.write_text(HEARING.format(first=first), encoding="utf-8")
    return read_transcript(path)


def test_full_name_with_organisation_is_the_short_label(tmp_path):
    t = _read(tmp_path, "Dr Ann Lee (Harbour Health)")
    assert [turn.speaker for turn in t.turns] == ["Chair", "Dr Lee"] * 3
    assert t.text[t.turns[1].start : t.turns[1].end].startswith("Thank you.")
    assert t.attributes["speaker_qualifiers"] == "Dr Lee: Harbour Health"
    assert "Dr Ann Lee (Harbour Health):" in t.text  # the label as written stays in the text
    assert any("full names with a note in brackets used once" in n for n in t.notes)


def test_other_surname_stays_its_own_speaker(tmp_path):
    t = _read(tmp_path, "Dr Ann Kim (Harbour Health)")
    assert t.turns[1].speaker == "Dr Ann Kim (Harbour Health)"
    assert not any("full names with a note in brackets" in n for n in t.notes)
