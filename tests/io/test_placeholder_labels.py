"""Pseudonyms in round and double square brackets as speaker labels: ``(PERSOON-1): tekst``, ``[[PERSOON-1]] 10:01:02``.

A pseudonymised transcript may write its placeholders in round brackets, and Zoom writes a name in square brackets
above the speech, so a name that is itself ``[PERSOON-1]`` comes out as ``[[PERSOON-1]] 10:01:02``. Both are labels,
the brackets kept in the speaker's name as for ``[PERSOON-1]:``; a sentence or a remark in brackets is none.
Each layout in a text file and in a Word file written by python-docx.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.placeholders import placeholder_label
from researchkit.io.speakers import match_label, match_label_line


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    if path.suffix == ".docx":
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _said(t) -> list[tuple[str, str, float | None]]:
    return [(x.speaker, t.text[x.start : x.end], x.timestamp) for x in t.turns]


SPEECH = ["Hoe lang vaart u al?", "Sinds 1990, met [PERSOON-3].", "En daarna?", "Toen kwam de crisis (en dat was zwaar)."]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("first, second, names", [
    ("(PERSOON-1): ", "(PERSOON-2): ", ("(PERSOON-1)", "(PERSOON-2)")),
    ("Interviewer: ", "(naam): ", ("Interviewer", "(naam)")),
    ("[[PERSOON-1]]: ", "[[PERSOON-2]]: ", ("[PERSOON-1]", "[PERSOON-2]")),
    ("[00:00:01] (PERSOON-1): ", "[00:00:05] (PERSOON-2): ", ("(PERSOON-1)", "(PERSOON-2)")),
])
def test_a_placeholder_in_round_or_double_brackets_with_its_colon_is_a_label(tmp_path, suffix, first, second, names):
    lines = [(first if i % 2 == 0 else second) + said for i, said in enumerate(SPEECH)]
    t = read_transcript(_write(tmp_path, "rond" + suffix, lines))
    assert [(s, said) for s, said, _ in _said(t)] == [(names[i % 2], said) for i, said in enumerate(SPEECH)]
    if first.startswith("[00"):
        assert [ts for *_, ts in _said(t)] == [1.0, 5.0, 1.0, 5.0]
    if names[0] == "Interviewer":
        assert [x.role for x in t.turns] == ["interviewer", "respondent"] * 2


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("layout", ["beside", "below", "round"])
def test_a_pseudonym_in_zooms_brackets_above_the_speech_is_a_label_line(tmp_path, suffix, layout):
    lines = []
    for i, said in enumerate(SPEECH):
        pseudonym, time = f"PERSOON-{i % 2 + 1}", f"10:01:{i * 5:02d}"
        if layout == "beside":
            lines += [f"[[{pseudonym}]] {time}", said]
        elif layout == "below":
            lines += [f"[[{pseudonym}]]", time, said]
        else:
            lines += [f"({pseudonym}) {time}", said]
    t = read_transcript(_write(tmp_path, "zoom" + suffix, lines))
    written = "({})" if layout == "round" else "[{}]"
    assert [(s, said) for s, said, _ in _said(t)] == [(written.format(f"PERSOON-{i % 2 + 1}"), said)
                                                      for i, said in enumerate(SPEECH)]
    if layout != "below":  # a time below the label line is a sync point, as for every label line
        assert [ts for *_, ts in _said(t)] == [36060.0 + 5 * i for i in range(4)]
    for start, end in [(x.start, x.end) for x in t.turns]:
        assert "PERSOON" not in t.text[start:end] or "PERSOON-3" in t.text[start:end]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_sentences_and_remarks_in_brackets_are_never_labels(tmp_path, suffix):
    lines = ["I: Hoe was dat?", "R: Goed.", "(Ik weet het niet): zei hij toen.", "(lacht)", "(naam)",
             "[[Ik weet het niet]]: zei ze.", "I: En toen?", "R: (naam): dat weet ik niet.", "(naam)", "(X)",
             "I: Dank u.", "R: (PERSOON-1) kwam later."]
    t = read_transcript(_write(tmp_path, "zinnen" + suffix, lines))
    assert {x.speaker for x in t.turns} <= {"I", "R", ""}
    said = _said(t)
    assert said[1][:2] == ("R", "Goed.\n(Ik weet het niet): zei hij toen.")
    assert ("R", "(naam): dat weet ik niet.") in [(s, x) for s, x, _ in said]
    assert said[-1][:2] == ("R", "(PERSOON-1) kwam later.")


def test_placeholder_label_names_the_speaker():
    assert placeholder_label("(PERSOON-1)") == "(PERSOON-1)"
    assert placeholder_label(" [[PERSOON-1]] ") == "[PERSOON-1]"
    assert placeholder_label("[[BEDRIJF-2]]", alone=True) == "[BEDRIJF-2]"
    assert placeholder_label("[PERSOON-1]") == "[PERSOON-1]" and placeholder_label("<NAAM>") == "<NAAM>"
    assert placeholder_label("(naam)") == "(naam)" and placeholder_label("(naam)", alone=True) is None
    assert placeholder_label("(PERSOON)", alone=True) == "(PERSOON)"
    for remark in ("(lacht)", "(Ik weet het niet)", "(x)", "((PERSOON-1))", "(PERSOON-1", "[[lacht]]", "(11.15)", "(00:01:02)"):
        assert placeholder_label(remark) is None, remark
    assert match_label("(lacht): ja") is None and match_label_line("(Pause)") is None
    m = match_label("(PERSOON-1) [00:01:02]: Ja.")
    assert (m.label, m.timestamp, m.content_start, m.evidence) == ("(PERSOON-1)", 62.0, 24, "name")
