"""A council archive page's spoken-text fragments (``io/councilfragments.py``); a fixture of our own in the layout
of the Dutch RIS archive pages (agenda items as bullets, each fragment as link line, description, name, speech)."""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_transcript

PAGE = """Raadsinformatie

Raadsvergadering 3 mei 2021

Naam
Download het audiobestand (5,10 MB)
 • 1 Opening
 • 2 Vragenuur
 • Algemene stukken

 • 1 Opening
  • 0:05 P. de Vries
   raadslid VVD
   P. de Vries
   Goedenavond, ik open de vergadering.
 • 2 Vragenuur
  • 02. Vragen over de brug (98,12 KB)
  • 1:7 P. de Vries
   raadslid VVD
   P. de Vries
   Mevrouw Bakker heeft een vraag over de brug.
  • 0:4 A. Bakker
   raadslid D66
   A. Bakker
   Dank u, voorzitter. Wanneer gaat de brug weer open?
  • 0:9 M. Smit
   Wethouder (GroenLinks)
   M. Smit
   In juni, als alles meezit.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "raad_2021-05-03.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_fragment_is_its_speakers_turn(tmp_path):
    t = read_transcript(_write(tmp_path, PAGE))
    spoken = [(turn.speaker, t.text[turn.start : turn.end], turn.timestamp) for turn in t.turns if turn.speaker]
    assert spoken == [
        ("P. de Vries", "Goedenavond, ik open de vergadering.", None),
        ("P. de Vries", "Mevrouw Bakker heeft een vraag over de brug.", None),
        ("A. Bakker", "Dank u, voorzitter. Wanneer gaat de brug weer open?", None),
        ("M. Smit", "In juni, als alles meezit.", None),  # heard once, no longer glued to the turn above
    ]
    furniture = [t.text[a:b].strip() for a, b in t.furniture]
    assert "• 1:7 P. de Vries" in furniture and "Wethouder (GroenLinks)" in furniture  # in the text, in no turn
    for a, b in t.furniture:
        assert not any(turn.start < b and a < turn.end for turn in t.turns)
    assert t.attributes["speaker_qualifiers"] == ("P. de Vries: raadslid VVD; A. Bakker: raadslid D66; "
                                                  "M. Smit: Wethouder (GroenLinks)")
    headings = [t.text[turn.start : turn.end] for turn in t.turns if not turn.speaker]
    assert "• 2 Vragenuur\n• 02. Vragen over de brug (98,12 KB)" in headings
    assert any("4 fragment(s) of a council archive page" in n for n in t.notes)


def test_one_fragment_is_not_the_layout(tmp_path):
    text = PAGE.split(" • 2 Vragenuur\n  • 02.")[0]
    t = read_transcript(_write(tmp_path, text))
    assert not any("council archive" in n for n in t.notes)
    assert "speaker_qualifiers" not in t.attributes


def test_name_line_must_repeat_the_link_name(tmp_path):
    text = PAGE.replace("   A. Bakker\n", "   Bakker\n").replace("   M. Smit\n", "   Smit\n")
    t = read_transcript(_write(tmp_path, text))
    note = next(n for n in t.notes if "council archive" in n)
    assert note.startswith("2 fragment(s)") and "'A. Bakker'" not in note
