"""Dutch and Flemish names and titles in speaker labels: the table of label cases, each one test row.

Every row is a realistic label as a Dutch transcript types it, the person as named elsewhere in the file
(the metadata block above the first turn) and the speaker and role the turn must get. The same rows are
read from a text file and from a Word file with the label in bold. Then the speakers sheet (focus groups)
matched to labels, and the shared rules of :mod:`researchkit.personnames` on their own.
"""

from __future__ import annotations

from collections import namedtuple

import pandas as pd
import pytest

from researchkit.errors import AttributesError
from researchkit.io import read_corpus, read_transcript
from researchkit.personnames import matching_names, names_person, parse_name
from tests.io.conftest import write_docx

Case = namedtuple("Case", "id header label other speaker role note")

_INT = "Interviewer: {}\nLocatie: Harlingen\nDatum: 3 maart 2023"

#: label as typed | person named in the file | other speaker | expected speaker | role | a note that must be written.
CASES = [
    # the known failure and the other particle cases of "Ann de Wit"
    Case("capitals-surname", _INT.format("Ann de Wit"), "DE WIT", "HOEKSTRA", "DE WIT", "interviewer", None),
    Case("surname-capital-particle", _INT.format("Ann de Wit"), "De Wit", "Hoekstra", "De Wit", "interviewer", None),
    Case("surname-lower-particle", _INT.format("Ann de Wit"), "de Wit", "Hoekstra", "de Wit", "interviewer", None),
    Case("full-name", _INT.format("Ann de Wit"), "Ann de Wit", "Hoekstra", "Ann de Wit", "interviewer", None),
    Case("full-name-capitals", _INT.format("Ann de Wit"), "ANN DE WIT", "HOEKSTRA", "ANN DE WIT", "interviewer", None),
    Case("first-name", _INT.format("Ann de Wit"), "Ann", "Hoekstra", "Ann", "interviewer", None),
    Case("mevrouw-capital", _INT.format("Ann de Wit"), "Mevrouw De Wit", "Dhr. Hoekstra", "Mevrouw De Wit", "interviewer", None),
    Case("mevrouw-lower", _INT.format("Ann de Wit"), "mevrouw De Wit", "meneer Hoekstra", "mevrouw De Wit", "interviewer", None),
    Case("mevr-abbrev", _INT.format("Ann de Wit"), "Mevr. De Wit", "Dhr. Hoekstra", "Mevr. De Wit", "interviewer", None),
    Case("mw-abbrev", _INT.format("Ann de Wit"), "Mw. de Wit", "Dhr. Hoekstra", "Mw. de Wit", "interviewer", None),
    Case("initial-surname", _INT.format("Ann de Wit"), "A. de Wit", "J. Hoekstra", "A. de Wit", "interviewer", None),
    # the interviewer credited in a Dutch title block rather than a metadata line
    Case("title-block-credit", "Interview havenbedrijf Lauwersoog\nInterview afgenomen door Ann de Wit, 3 maart 2023", "DE WIT",
         "HOEKSTRA", "DE WIT", "interviewer", "taken from the title block"),
    Case("title-block-credit-van-t", "Gesprek Eemshaven\nGeïnterviewd door: Anton van 't Hof", "Van ’t Hof", "Zijlstra",
         "Van ’t Hof", "interviewer", None),
    # van der, van 't, ten, ter, in 't, d'
    Case("van-der-capital", _INT.format("Gerrit van der Berg"), "Van der Berg", "Zijlstra", "Van der Berg", "interviewer", None),
    Case("van-der-lower", _INT.format("Gerrit van der Berg"), "van der Berg", "Zijlstra", "van der Berg", "interviewer", None),
    Case("vd-abbrev", _INT.format("Gerrit van der Berg"), "v.d. Berg", "Zijlstra", "v.d. Berg", "interviewer", None),
    Case("vd-capital-abbrev", _INT.format("Gerrit van der Berg"), "V.d. Berg", "Zijlstra", "V.d. Berg", "interviewer", None),
    Case("van-der-capitals", _INT.format("Gerrit van der Berg"), "VAN DER BERG", "ZIJLSTRA", "VAN DER BERG", "interviewer", None),
    Case("de-heer", _INT.format("Gerrit van der Berg"), "De heer Van der Berg", "Mevrouw Bakker", "De heer Van der Berg", "interviewer", None),
    Case("dhr-initial", _INT.format("Gerrit van der Berg"), "Dhr. G. van der Berg", "Mevr. Bakker", "Dhr. G. van der Berg", "interviewer", None),
    Case("van-t-initial", _INT.format("Anton van 't Hof"), "A. van 't Hof", "Zijlstra", "A. van 't Hof", "interviewer", None),
    Case("van-t-capital", _INT.format("Anton van 't Hof"), "Van 't Hof", "Zijlstra", "Van 't Hof", "interviewer", None),
    Case("van-t-curly", _INT.format("Anton van 't Hof"), "Van ’t Hof", "Zijlstra", "Van ’t Hof", "interviewer", None),
    Case("ten-cate", _INT.format("Hans ten Cate"), "Ten Cate", "Zijlstra", "Ten Cate", "interviewer", None),
    Case("ter-horst", _INT.format("Bas ter Horst"), "Ter Horst", "Zijlstra", "Ter Horst", "interviewer", None),
    Case("in-t-veld", _INT.format("Sophie in 't Veld"), "In 't Veld", "Zijlstra", "In 't Veld", "interviewer", None),
    Case("d-apostrophe", _INT.format("Marcel d'Ancona"), "D'Ancona", "Zijlstra", "D'Ancona", "interviewer", None),
    # double surnames
    Case("double-surname", _INT.format("Marieke Jansen-de Vries"), "Jansen-de Vries", "Zijlstra", "Jansen-de Vries", "interviewer", None),
    Case("double-surname-mevr", _INT.format("Marieke Jansen-de Vries"), "Mevr. Jansen-De Vries", "Dhr. Zijlstra",
         "Mevr. Jansen-De Vries", "interviewer", None),
    Case("double-surname-half", _INT.format("Marieke Jansen-de Vries"), "Jansen", "Zijlstra", "Jansen", "interviewer", None),
    # Flemish
    Case("flemish-one-word", _INT.format("Els Vandenbroucke"), "Mevr. Vandenbroucke", "Dhr. Peeters", "Mevr. Vandenbroucke", "interviewer", None),
    Case("flemish-capital-particles", _INT.format("Pieter Van den Broeck"), "Van Den Broeck", "Peeters", "Van Den Broeck", "interviewer", None),
    Case("flemish-lower-particles", _INT.format("Pieter Van Den Broeck"), "van den Broeck", "Peeters", "van den Broeck", "interviewer", None),
    # titles and degrees (mr. is the Dutch law degree), also in the metadata
    Case("mr-degree", _INT.format("mr. Eva Visser"), "Mr. Visser", "Hoekstra", "Mr. Visser", "interviewer", None),
    Case("drs", _INT.format("drs. Karin Jansen"), "Drs. Jansen", "Hoekstra", "Drs. Jansen", "interviewer", None),
    Case("ir", _INT.format("Ir. Karin Jansen"), "Ir. Jansen", "Hoekstra", "Ir. Jansen", "interviewer", None),
    Case("dr-prof", _INT.format("prof. dr. Karin Jansen"), "Prof. Jansen", "Hoekstra", "Prof. Jansen", "interviewer", None),
    Case("ing", _INT.format("Karin Jansen"), "Ing. Jansen", "Hoekstra", "Ing. Jansen", "interviewer", None),
    Case("bracket-affiliation", _INT.format("Karin Bakker"), "Mevrouw Bakker (gemeente)", "Hoekstra", "Mevrouw Bakker (gemeente)",
         "interviewer", None),
    # a function before the name, a function instead of a name, numbered participants, role abbreviations
    Case("burgemeester", None, "Burgemeester Hoekstra", "Int.", "Burgemeester Hoekstra", "respondent", None),
    Case("commissaris", None, "Commissaris Zijlstra", "Int.", "Commissaris Zijlstra", "respondent", None),
    Case("inspecteur", None, "Inspecteur De Boer", "Int.", "Inspecteur De Boer", "respondent", None),
    Case("acting-harbour-master", None, "Wnd. havenmeester", "Int.", "Wnd. havenmeester", "respondent", None),
    Case("prosecutor", None, "Officier van justitie", "Int.", "Officier van justitie", "respondent", None),
    Case("int-resp", None, "Resp.", "Int.", "Resp.", "respondent", None),
    Case("geinterviewde-number", None, "Geïnterviewde 1", "Interviewer", "Geïnterviewde 1", "respondent", None),
    Case("deelnemer-number", None, "Deelnemer 3", "Gespreksleider", "Deelnemer 3", "respondent", None),
    Case("spreker-number", _INT.format("Ann de Wit"), "Spreker 2", "DE WIT", "Spreker 2", "respondent", None),
    # must NOT match
    Case("ambiguous-de-vries", "Interviewer: Jan de Vries\nRespondent: Anna de Vries\nLocatie: Delfzijl", "De Vries", "Hoekstra",
         "De Vries", "respondent", "'De Vries' may be"),
    Case("other-de-surname", _INT.format("Ann de Wit"), "De Boer", "DE WIT", "De Boer", "respondent", None),
    Case("longer-surname", _INT.format("Piet van Damme"), "Van Dam", "Hoekstra", "Van Dam", "respondent", None),
    Case("other-initial", _INT.format("Ann de Wit"), "B. de Wit", "Hoekstra", "B. de Wit", "respondent", None),
    Case("double-vs-single", _INT.format("Jan Jansen"), "Jansen-de Vries", "Hoekstra", "Jansen-de Vries", "respondent", None),
]

_SPEECH = ["Hoe lang werkt u al in de haven van Harlingen?", "Sinds 2004, daarvoor bij de douane in Delfzijl.",
           "En hoe gaat de samenwerking met de Koninklijke Marechaussee?", "Goed, we zien elkaar elke week op de kade."]


def _turns(case: Case) -> list[tuple[str, str]]:
    return [(case.label if i % 2 == 0 else case.other, speech) for i, speech in enumerate(_SPEECH)]


def _check(t, case: Case) -> None:
    got = [(turn.speaker, turn.role) for turn in t.turns if turn.speaker == case.speaker]
    assert got, f"{case.id}: no turn of {case.speaker!r}: {[(x.speaker, x.role) for x in t.turns]}"
    assert {role for _, role in got} == {case.role}, (case.id, got, t.notes)
    assert len(got) == 2, (case.id, [(x.speaker, x.role) for x in t.turns])
    for turn in t.turns:  # offsets: the turn is the speech, never the label
        assert t.text[turn.start : turn.end] in _SPEECH or not turn.speaker
    if case.note is not None:
        assert any(case.note in note for note in t.notes), (case.id, t.notes)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_label_in_text_file(tmp_path, case):
    body = "\n\n".join(f"{label}: {speech}" for label, speech in _turns(case))
    path = tmp_path / "R01.txt"
    path.write_text((case.header + "\n\n" if case.header else "") + body + "\n", encoding="utf-8")
    _check(read_transcript(path), case)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_label_in_word_file_bold(tmp_path, case):
    paragraphs = list(case.header.split("\n")) if case.header else []
    paragraphs += [(f"{label}:", f" {speech}") for label, speech in _turns(case)]
    _check(read_transcript(write_docx(tmp_path / "R01.docx", paragraphs)), case)


def test_ambiguous_label_note_names_both_people(tmp_path):
    case = next(c for c in CASES if c.id == "ambiguous-de-vries")
    path = tmp_path / "R02.txt"
    path.write_text(case.header + "\n\n" + "\n\n".join(f"{a}: {b}" for a, b in _turns(case)) + "\n", encoding="utf-8")
    note = next(n for n in read_transcript(path).notes if "'De Vries' may be" in n)
    assert "Jan de Vries" in note and "Anna de Vries" in note and "labels=" in note


#: Paragraphs that open with a capitalised particle or function and have a colon: speech, never a label.
NOT_LABELS = [
    "De haven is dit jaar veel drukker geworden: meer vissers, meer vracht.",
    "De Vries zei het al: de controle is streng.",
    "Van der Berg heeft gelijk als hij zegt: het gaat om vertrouwen.",
    "Het is zo: de marechaussee komt elke week.",
    "In het begin dachten we: dit lukt nooit.",
    "Ten slotte nog dit: de loodsen werken mee.",
]


@pytest.mark.parametrize("sentence", NOT_LABELS)
def test_sentence_opening_with_particle_is_not_a_label(tmp_path, sentence):
    path = tmp_path / "R03.txt"
    path.write_text(f"Int.: Hoe is het in Eemshaven?\n\nResp.: Rustig.\n\nInt.: En verder?\n\nResp.: {sentence}\n\n{sentence}\n",
                    encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns if turn.speaker] == ["Int.", "Resp.", "Int.", "Resp."]
    assert t.text.count(sentence) == 2 and sentence in t.text[t.turns[-1].start : t.turns[-1].end]


def test_full_name_once_then_surname_with_particle_is_one_speaker(tmp_path):
    path = tmp_path / "R04.txt"
    path.write_text("Ann de Wit: Goedemorgen, fijn dat u tijd heeft.\n\nHoekstra: Graag.\n\nDe Wit: Hoe lang werkt u hier?\n\n"
                    "Hoekstra: Twintig jaar.\n\nDe Wit: En daarvoor?\n\nHoekstra: Visserij.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [turn.speaker for turn in t.turns] == ["De Wit", "Hoekstra"] * 3


# --- the speakers sheet: the person as the sheet names them, the label as the transcript types it ---------------

Sheet = namedtuple("Sheet", "id labels sheet expected")

SHEETS = [
    Sheet("sheet-capitals", ["DE WIT", "HOEKSTRA"], ["Ann de Wit", "Hoekstra"], {"DE WIT": "Ann de Wit", "HOEKSTRA": "Hoekstra"}),
    Sheet("sheet-title", ["Mevrouw Bakker", "Dhr. Zijlstra"], ["Mevr. Bakker", "Zijlstra"],
          {"Mevrouw Bakker": "Mevr. Bakker", "Dhr. Zijlstra": "Zijlstra"}),
    Sheet("sheet-flemish", ["VAN DEN BROECK", "Peeters"], ["Pieter Van den Broeck", "Peeters"],
          {"VAN DEN BROECK": "Pieter Van den Broeck", "Peeters": "Peeters"}),
    Sheet("sheet-vd", ["v.d. Berg", "Ten Cate"], ["Gerrit van der Berg", "Hans ten Cate"],
          {"v.d. Berg": "Gerrit van der Berg", "Ten Cate": "Hans ten Cate"}),
    Sheet("sheet-ambiguous-two-people", ["De Vries", "Hoekstra"], ["Jan de Vries", "Anna de Vries", "Hoekstra"], None),
    Sheet("sheet-ambiguous-two-labels", ["Jan de Vries", "Anna de Vries"], ["De Vries", "Anna de Vries"], None),
]


def _sheet_corpus(tmp_path, sheet: Sheet):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [f"{sheet.labels[i % 2]}: {speech}" for i, speech in enumerate(_SPEECH)]
    (folder / "F1.txt").write_text("Int.: Welkom allemaal.\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    frame = pd.DataFrame({"doc_id": ["F1"] * len(sheet.sheet), "speaker": sheet.sheet,
                          "organisatie": [f"org{i}" for i in range(len(sheet.sheet))]})
    path = tmp_path / "sprekers.csv"
    frame.to_csv(path, index=False)
    return folder, path


@pytest.mark.parametrize("sheet", SHEETS, ids=[s.id for s in SHEETS])
def test_speakers_sheet_matches_labels(tmp_path, sheet):
    folder, path = _sheet_corpus(tmp_path, sheet)
    if sheet.expected is None:
        with pytest.raises(AttributesError) as raised:
            read_corpus(folder, speakers=path)
        assert "RK134" in str(raised.value) and "De Vries" in str(raised.value)
        return
    corpus = read_corpus(folder, speakers=path)
    rows = corpus.speakers.set_index("speaker")
    for label, person in sheet.expected.items():
        org = f"org{sheet.sheet.index(person)}"
        assert rows.loc[label, "organisatie"] == org, (sheet.id, rows)
    if any(label != person for label, person in sheet.expected.items()):
        assert any("speakers sheet" in note for note in corpus.notes), corpus.notes


def test_ambiguous_sheet_error_names_the_candidates(tmp_path):
    folder, path = _sheet_corpus(tmp_path, SHEETS[4])
    with pytest.raises(AttributesError) as raised:
        read_corpus(folder, speakers=path)
    message = str(raised.value)
    assert "Jan de Vries" in message and "Anna de Vries" in message


# --- the shared rules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("label, name, expected", [
    ("DE WIT", "Ann de Wit", True), ("Wit", "Ann de Wit", True), ("A.J. de Wit", "Ann Johanna de Wit", True),
    ("A.J. de Wit", "Ann de Wit", False), ("Van 't Hof", "A. van 't Hof", True), ("B. van 't Hof", "A. van 't Hof", False),
    ("d'Ancona", "Marcel D'Ancona", True), ("Ancona", "Marcel d'Ancona", True), ("De Vries", "Marieke Jansen-de Vries", True),
    ("Havenmeester", "Jan Havenmeester", False), ("Officier van justitie", "Eva Visser", False), ("Vries", "Ann de Wit", False),
])
def test_names_person(label, name, expected):
    assert names_person(label, name) is expected


def test_function_is_not_a_person_and_ambiguity_is_kept():
    assert parse_name("Wnd. havenmeester") is None and parse_name("Officier van justitie") is None
    assert matching_names("De Vries", ["Jan de Vries", "Anna de Vries"]) == ["Jan de Vries", "Anna de Vries"]


# --- the interviewer named in the attributes sheet rather than in the file ---------------------------------------

@pytest.mark.parametrize("sheet_row, label, role", [
    ({"interviewer": "Ann de Wit"}, "DE WIT", "interviewer"),
    ({"interviewer": "Gerrit van der Berg"}, "V.d. Berg", "interviewer"),
    # no label names the interviewer: the roles stay as the file gave them (no interviewer found: other)
    ({"interviewer": "Jan de Vries", "respondent": "Anna de Vries"}, "De Vries", "other"),
    ({"interviewer": "Ann de Wit"}, "B. de Wit", "other"),
])
def test_interviewer_from_the_attributes_sheet(tmp_path, sheet_row, label, role):
    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [f"{label if i % 2 == 0 else 'Hoekstra'}: {speech}" for i, speech in enumerate(_SPEECH)]
    (folder / "R01.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus(folder, attributes={"R01": sheet_row})
    other = "respondent" if role == "interviewer" else "other"
    assert {(t.speaker, t.role) for t in corpus["R01"].turns} == {(label, role), ("Hoekstra", other)}
    if "respondent" in sheet_row:  # the ambiguity is noted on the transcript
        assert any("'De Vries' may be 'Jan de Vries'" in n and "Anna de Vries" in n for n in corpus["R01"].notes)
