"""Person cases of a focus group whose speaker labels stand alone on a line above the speech.

The focus group is a Word file written with python-docx (``Petra de Boer``, then her
answer in the next paragraph) and read by researchkit's reader; its text goes into a
``.qdpx`` made as NVivo and QualCoder write persons (selections of the text paragraphs only,
or of the label and the text) and into a QualCoder database. The rule of
:mod:`researchkit.refi.speakercases` must take the label line as part of the speaker's turn
when it is nothing but that speaker's label, and still list every ambiguous case with its reason.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from researchkit.io import read_transcript
from researchkit.refi import read_qdpx
from researchkit.refi.qualcoder import read_qualcoder
from researchkit.refi.speakercases import is_label_line, speaker_of
from researchkit.refi.turns import turns_for_text
from researchkit.refi.validate import SCHEMA_DIR
from researchkit.transcripts import Turn


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


focusgroup_files = _load("focusgroup_files")
G = "00000000-0000-4000-8000-0000000000{:02d}".format


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


@pytest.fixture()
def fg_text(tmp_path) -> str:
    """The focus group's canonical text as researchkit's Word reader makes it (labels on lines of their own)."""
    t = _quiet(read_transcript, focusgroup_files.write_docx(tmp_path / "fg.docx", focusgroup_files.FG_PARAGRAPHS))
    assert t.text.startswith("Moderator\nWelkom allemaal.")
    assert [u.speaker for u in t.turns] == ["Moderator", "Petra de Boer", "Karel Smit", "Moderator", "Petra de Boer", "Karel Smit"]
    assert turns_for_text("fg", t.text) == t.turns  # an importer finds the same turns in the bare text
    return t.text


def _span(text: str, passage: str) -> tuple[int, int]:
    a = text.index(passage)
    return a, a + len(passage)


def _project(path: Path, text: str, cases: list[tuple[int, str, int, list[str]]], origin: str) -> Path:
    """A ``.qdpx`` with one person case per entry: GUID number, name, age and the passages its selections hold."""
    sels, body, n = [], [], 20
    for guid, name, age, passages in cases:
        refs = []
        for passage in passages:
            a, b = _span(text, passage)
            sels.append(f'<PlainTextSelection guid="{G(n)}" startPosition="{a}" endPosition="{b}"/>')
            refs.append(f'<SelectionRef targetGUID="{G(n)}"/>')
            n += 1
        body.append(f'<Case guid="{G(guid)}" name="{name}"><VariableValue><VariableRef targetGUID="{G(80)}"/>'
                    f'<IntegerValue>{age}</IntegerValue></VariableValue>{"".join(refs)}</Case>')
    qde = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="fg" origin="{origin}">'
           f'<Variables><Variable guid="{G(80)}" name="age" typeOfVariable="Integer"/></Variables>'
           f'<Cases>{"".join(body)}</Cases>'
           f'<Sources><TextSource guid="{G(1)}" name="fg-haven" plainTextPath="internal://{G(1)}.txt">{"".join(sels)}'
           "</TextSource></Sources></Project>")
    root = etree.fromstring(qde.encode("utf-8"))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "Project.xsd")))
    assert schema.validate(root), schema.error_log
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"sources/{G(1)}.txt", text.encode("utf-8"))
    return path


PETRA_TEXT = ["Ik werk al twintig jaar bij Rederij Doeksen.", "Mijn vader werkte er ook, bel hem maar op 06-12345678.",
              "De drukte, en de brandstof is duur geworden."]
KAREL_WITH_LABEL = ["Karel Smit\nVoor mij is het de douane, ik controleer vracht.\n",
                    "Karel Smit\nMeer containers, minder mensen. Petra weet dat ook."]


def test_nvivo_text_paragraphs_and_qualcoder_label_and_text_both_give_the_speaker(tmp_path, fg_text):
    path = _project(tmp_path / "nvivo.qdpx", fg_text, [(60, "Petra", 51, PETRA_TEXT), (61, "Karel Smit", 38, KAREL_WITH_LABEL)],
                    "NVivo 14")
    ex = _quiet(read_qdpx, path)
    rows = ex.corpus.speaker_attributes.reset_index()
    assert rows[["doc_id", "speaker", "age"]].values.tolist() == [["fg-haven", "Petra de Boer", 51], ["fg-haven", "Karel Smit", 38]]
    assert rows["case"].tolist()[0] == "Petra" and rows["case"].isna().tolist()[1]  # named as the label: no 'case'
    assert not [line for line in ex.report.not_carried if "case" in line]


def test_a_selection_of_the_whole_turn_with_its_label_line_is_the_speaker(tmp_path, fg_text):
    """QualCoder marks whole paragraphs: Petra's label line, both her paragraphs and the line end."""
    whole = ["Petra de Boer\nIk werk al twintig jaar bij Rederij Doeksen.\nMijn vader werkte er ook, bel hem maar op 06-12345678.\n",
             "Petra de Boer\nDe drukte, en de brandstof is duur geworden.\n"]
    ex = _quiet(read_qdpx, _project(tmp_path / "qc.qdpx", fg_text, [(60, "P1", 51, whole)], "QualCoder 3.6"))
    assert ex.corpus.speaker_attributes.reset_index()[["speaker", "age", "case"]].values.tolist() == [["Petra de Boer", 51, "P1"]]


def test_ambiguous_cases_are_still_listed_with_their_reason(tmp_path, fg_text):
    cases = [
        # Petra's answers and the next speaker's label line below them: the label line is Karel's
        (60, "Petra", 51, [PETRA_TEXT[0] + "\n" + PETRA_TEXT[1] + "\nKarel Smit", PETRA_TEXT[2]]),
        # only Karel's label lines and one of his answers: too little of him
        (61, "Karel", 38, ["Karel Smit\nVoor mij", "Karel Smit"]),
    ]
    ex = _quiet(read_qdpx, _project(tmp_path / "mixed.qdpx", fg_text, cases, "NVivo 14"))
    assert ex.corpus.speaker_attributes is None
    lost = "\n".join(ex.report.not_carried)
    assert "case 'Petra' covers only part of 'fg-haven'" in lost
    assert "its selections run over the turns of 'Karel Smit' and 'Petra de Boer'" in lost
    assert "case 'Karel' covers only part of 'fg-haven'" in lost and "characters speaker 'Karel Smit' speaks" in lost


def test_qualcoder_case_ranges_with_the_label_line_become_speaker_attributes(tmp_path, fg_text):
    qc = _load("test_qualcoder_db")
    folder = tmp_path / "FG.qda"
    folder.mkdir()
    con = sqlite3.connect(folder / "data.qda")
    con.executescript(qc.V14_SCHEMA)
    when = "2024-03-01 10:00:00"
    qc._insert(con, "project", databaseversion="v14", date=when, memo="", about="QualCoder 3.9", codername="anna",
               bookmarkfile=0, bookmarkpos=0, recently_used_codes="")
    qc._insert(con, "source", id=1, name="fg-haven", fulltext=fg_text, mediapath=None, memo="", owner="anna", date=when)
    qc._insert(con, "cases", caseid=1, name="Karel", memo="", owner="anna", date=when)
    for passage in KAREL_WITH_LABEL:
        a, b = _span(fg_text, passage)
        qc._insert(con, "case_text", caseid=1, fid=1, pos0=a, pos1=b, owner="anna", date=when)
    qc._insert(con, "attribute_type", name="leeftijd", date=when, owner="anna", memo="", caseOrFile="case", valuetype="numeric")
    qc._insert(con, "attribute", name="leeftijd", attr_type="case", value="38", id=1, date=when, owner="anna")
    con.commit()
    con.close()
    ex = _quiet(read_qualcoder, folder)
    assert ex.corpus["fg-haven"].text == fg_text
    rows = ex.corpus.speaker_attributes.reset_index()
    assert rows[["speaker", "leeftijd", "case"]].values.tolist() == [["Karel Smit", 38, "Karel"]]


# -- the rule on label lines ---------------------------------------------------------------


def test_label_lines_in_their_shapes():
    assert is_label_line("Deelnemer 2", "Deelnemer 2") and is_label_line("  DEELNEMER 2:", "Deelnemer 2")
    assert is_label_line("### Anna  0:35", "Anna") and is_label_line("**Anna**", "Anna")
    assert is_label_line("Participant 1 (F, 45)", "Participant 1") and is_label_line("[00:01:02] Spreker 1", "Spreker 1")
    assert is_label_line("[PERSOON-1]", "[PERSOON-1]")
    assert not is_label_line("Deelnemer 20", "Deelnemer 2") and not is_label_line("Ronde 2: Anna", "Anna")
    assert not is_label_line("Anna vertelt", "Anna") and not is_label_line("Anna", "")


def test_the_label_line_counts_with_blank_lines_and_a_time_below_it_but_not_a_heading_above():
    text = "Ronde 1\n\nDeelnemer 1\n\n00:01:02\nIk vis op tong.\nDeelnemer 2\nIk niet.\nDeelnemer 1\nWel op schol.\n"
    turns = tuple(Turn(s, "respondent", *_span(text, p)) for s, p in (
        ("Deelnemer 1", "Ik vis op tong."), ("Deelnemer 2", "Ik niet."), ("Deelnemer 1", "Wel op schol.")))
    label, late = _span(text, "Deelnemer 1\n\n00:01:02\nIk vis op tong.\n"), _span(text, "Deelnemer 1\nWel op schol.")
    assert speaker_of(text, turns, [label, late]) == ("Deelnemer 1", "")
    assert speaker_of(text, turns, [(0, label[1]), late]) == (
        None, "its selections hold text outside every speaker's turns (the line 'Ronde 1': a heading, a note, or a label "
              "that is not only the speaker's)")
    # the first turn's label at the very start of the text, and a label line that names more than the speaker
    text2 = "Deelnemer 1\nJa.\nDeelnemer 2 vertelt\nNee.\nDeelnemer 1\nToch.\n"
    turns2 = tuple(Turn(s, "respondent", *_span(text2, p)) for s, p in (("Deelnemer 1", "Ja."), ("Deelnemer 2", "Nee."),
                                                                         ("Deelnemer 1", "Toch.")))
    assert speaker_of(text2, turns2, [_span(text2, "Deelnemer 1\nJa."), _span(text2, "Deelnemer 1\nToch.")]) == ("Deelnemer 1", "")
    assert speaker_of(text2, turns2, [_span(text2, "Deelnemer 2 vertelt\nNee.")])[1].startswith(
        "its selections hold text outside every speaker's turns (the line 'Deelnemer 2 vertelt'")


def test_a_label_on_the_line_of_the_previous_speech_is_not_a_line_of_its_own():
    """``1994. Anna`` then ``Nee.``: the name ends the line the first turn is spoken on; it is no label line of Anna's."""
    text = "1994. Anna\nNee.\n"
    turns = (Turn("Bert", "respondent", 0, 5), Turn("Anna", "respondent", 11, 15))
    assert text[0:5] == "1994." and text[11:15] == "Nee."
    assert speaker_of(text, turns, [(5, 15)])[1].startswith(
        "its selections hold text outside every speaker's turns (the line '1994. Anna'")
    assert speaker_of(text, turns, [(11, 15)]) == ("Anna", "")
