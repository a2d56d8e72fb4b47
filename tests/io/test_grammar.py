"""Speaker grammar on messy files: role words in five languages, codes, groups, legends, consistency, moderators."""

from __future__ import annotations

import docx
import pytest

from researchkit.io import read_transcript
from researchkit.io.assemble import RawParagraph, assemble
from researchkit.io.legend import find_legend
from researchkit.io.speakers import LabelMap, match_label


@pytest.mark.parametrize(
    "label, role",
    [
        ("Entrevistador", "interviewer"), ("Entrevistadora", "interviewer"), ("Entrevistado", "respondent"),
        ("Entrevistada", "respondent"), ("Moderador", "interviewer"), ("IV", "interviewer"), ("Befragte", "respondent"),
        ("Befragter", "respondent"), ("Interviewerin", "interviewer"), ("Enquêteur", "interviewer"),
        ("Enquêtée", "respondent"), ("Onderzoeker", "interviewer"), ("Geïnterviewde", "respondent"),
        ("Deelnemer 3", "respondent"), ("Participant 4", "respondent"), ("Both", "other"), ("All", "other"),
        ("Allen", "other"), ("Iedereen", "other"), ("Todos", "other"), ("M1", "respondent"), ("H12", "respondent"),
        ("P3", "respondent"), ("D2", "respondent"),
    ],
)
def test_role_words_and_codes(label, role):
    m = match_label(f"{label}: ja, precies.")
    assert m is not None and m.label == label
    assert LabelMap().role(label) == role


def test_generic_speakers_follow_the_interviewer_rule():
    assert match_label("Spreker 2: ja").evidence == "known"
    assert match_label("Speaker 1: yes").label == "Speaker 1"
    assert LabelMap().role("Spreker 2") == "other"
    assert LabelMap().role("Spreker 2", has_interviewer=True) == "respondent"


def test_iv_and_group_label_in_a_transcript():
    t = assemble("x", [RawParagraph(x, f"line {i}") for i, x in enumerate(
        ["IV: Wie was er?", "IE: Ik en mijn broer.", "Both: Ja!", "IV: Goed.", "IE: Ja."])])
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("IV", "interviewer"), ("IE", "respondent"), ("Both", "other"), ("IV", "interviewer"), ("IE", "respondent")]


def test_a_single_code_is_not_a_label_but_codes_are():
    t = assemble("x", [RawParagraph("X12: noted", "line 1"), RawParagraph("Verder niets.", "line 2")])
    assert all(turn.speaker == "" for turn in t.turns)


def test_a_label_used_once_does_not_take_over_a_file():
    paragraphs = ["Kopje", "Interviewer: dit is het enige label."] + [f"Alinea {i} zonder label." for i in range(10)]
    t = assemble("x", [RawParagraph(x, f"line {i + 1}") for i, x in enumerate(paragraphs)])
    assert len(t.turns) == 12 and all(turn.role == "other" for turn in t.turns)
    assert any("only speaker label" in n and "line 2" in n for n in t.notes)
    assert any("no speaker labels found" in n for n in t.notes)


def test_legend_lines_are_metadata_and_a_stray_label_does_not_swallow_the_file():
    lines = ["Grupo focal 3", "M: Mujer", "H: Hombre", "M:", "M1: Yo creo que sí.", "H1: No estoy de acuerdo.",
             "M2: Depende.", "H1: Claro."]
    t = assemble("F3", [RawParagraph(x, f"paragraph {i + 1}") for i, x in enumerate(lines)])
    assert t.attributes["legend"] == "M: Mujer; H: Hombre"
    assert [(turn.speaker, turn.role) for turn in t.turns] == [
        ("", "other"), ("M1", "respondent"), ("H1", "respondent"), ("M2", "respondent"), ("H1", "respondent")]
    assert t.turn_text(t.turns[0]) == "Grupo focal 3\nM: Mujer\nH: Hombre\nM:"
    assert any("legend lines read as metadata" in n and "paragraph 2" in n for n in t.notes)


def test_legend_on_one_line_gives_roles():
    legend = find_legend(["Leyenda: E: Entrevistadora, P: Participante", "E: Hola."])
    assert legend.roles == {"E": "interviewer", "P": "respondent"} and legend.paragraphs == {0}
    legend = find_legend(["E = Entrevistador; A = Alumno", "E: ¿Qué tal?"])
    assert legend.roles == {"E": "interviewer", "A": "respondent"} and legend.paragraphs == {0}


def test_conversation_is_not_a_legend():
    assert find_legend(["I: Hallo", "R: Hoi", "I: Hoe gaat het?"]).entries == {}


def write_spanish_focus_group(path):
    """A Spanish focus group as found in public collections: legend, codes, ALL-CAPS moderator."""
    d = docx.Document()
    for line in [
        "GRUPO FOCAL 2 – MADRID",
        "M: Mujer",
        "H: Hombre",
        "¿QUÉ OS PARECE EL SERVICIO DE SALUD DEL BARRIO?",
        "M1: Yo creo que funciona bien.",
        "Aunque hay que esperar mucho.",
        "H1: Pues yo no estoy de acuerdo.",
        "Y ADEMÁS, ¿QUÉ HARÍAIS PARA MEJORARLO?",
        "M2: Más médicos.",
        "H2: Más horarios.",
        "¿Y los demás?",
        "M1: Lo mismo.",
        "Todos: Sí.",
    ]:
        d.add_paragraph(line)
    d.save(path)
    return path


def test_spanish_focus_group_moderator_lines_and_speakers(tmp_path):
    t = read_transcript(write_spanish_focus_group(tmp_path / "FG2.docx"))
    got = [(turn.speaker, turn.role, t.turn_text(turn)) for turn in t.turns]
    assert got == [
        ("", "other", "GRUPO FOCAL 2 – MADRID\nM: Mujer\nH: Hombre\n¿QUÉ OS PARECE EL SERVICIO DE SALUD DEL BARRIO?"),
        ("M1", "respondent", "Yo creo que funciona bien.\nAunque hay que esperar mucho."),
        ("H1", "respondent", "Pues yo no estoy de acuerdo."),
        ("", "interviewer", "Y ADEMÁS, ¿QUÉ HARÍAIS PARA MEJORARLO?"),
        ("M2", "respondent", "Más médicos."),
        ("H2", "respondent", "Más horarios."),
        ("", "interviewer", "¿Y los demás?"),
        ("M1", "respondent", "Lo mismo."),
        ("Todos", "other", "Sí."),
    ]
    for turn in t.turns:
        assert t.text[turn.start : turn.end] == t.turn_text(turn)
    assert any("taken as the moderator's" in n and "paragraph 8" in n and "paragraph 11" in n for n in t.notes)


def _whitespace_run_docx(path, n_pairs=60):
    """Paragraphs that start with a non-bold whitespace-only run before the label (a real-world quirk)."""
    d = docx.Document()
    d.add_paragraph("Interview 12")
    for i in range(n_pairs):
        p = d.add_paragraph()
        p.add_run("\t")
        p.add_run("I").bold = False
        p.add_run(f": Vraag nummer {i}?")
        p = d.add_paragraph()
        p.add_run("  ")
        p.add_run("A: ")
        p.add_run(f"Antwoord {i}, ")
        p.add_run("met nadruk").bold = True
        p = d.add_paragraph()
        p.add_run(" ")
        p.add_run(f"Ja dus {i}.")
    d.save(path)
    return path


def test_leading_whitespace_runs_do_not_break_the_labels(tmp_path):
    t = read_transcript(_whitespace_run_docx(tmp_path / "W.docx"))
    assert len(t.turns) == 121
    assert [turn.role for turn in t.turns[1:5]] == ["interviewer", "respondent", "interviewer", "respondent"]
    assert t.turn_text(t.turns[2]) == "Antwoord 0, met nadruk\nJa dus 0."
    assert not any("no speaker labels" in n for n in t.notes)


def test_whitespace_then_bold_label_without_colon(tmp_path):
    d = docx.Document()
    for label, text in [("Marieke", " Hoe gaat het?"), ("Henk", " Goed."), ("Marieke", " Fijn."), ("Henk", " Ja.")]:
        p = d.add_paragraph()
        p.add_run("   ")
        p.add_run(label).bold = True
        p.add_run(text)
    d.save(tmp_path / "B.docx")
    t = read_transcript(tmp_path / "B.docx")
    assert [(turn.speaker, t.turn_text(turn)) for turn in t.turns] == [
        ("Marieke", "Hoe gaat het?"), ("Henk", "Goed."), ("Marieke", "Fijn."), ("Henk", "Ja.")]
