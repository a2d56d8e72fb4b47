import io
import zipfile

import docx
import pytest

from researchkit import read_transcript
from researchkit.errors import TranscriptError


def test_bold_labels_metadata_table_and_multi_paragraph_turns(make_docx):
    path = make_docx(
        "R01.docx",
        [
            ("Interviewer:", " Wat ziet u 's nachts in de haven?"),
            ("Respondent:", " Busjes op de kade."),
            "Soms zonder kenteken.",
            ("Interviewer:", " Meldt u dat?"),
            ("Respondent:", " Nee, nooit."),
        ],
        meta_table={"Haven": "Harlingen", "Groep": "bedrijfsleven", "Interviewer": "Anna Bakker"},
        header="VERTROUWELIJK",
        comment_on=1,
    )
    t = read_transcript(path)
    assert t.doc_id == "R01"
    assert t.attributes == {"haven": "Harlingen", "groep": "bedrijfsleven", "interviewer": "Anna Bakker"}
    assert [(x.role, t.turn_text(x)) for x in t.turns] == [
        ("interviewer", "Wat ziet u 's nachts in de haven?"),
        ("respondent", "Busjes op de kade.\nSoms zonder kenteken."),
        ("interviewer", "Meldt u dat?"),
        ("respondent", "Nee, nooit."),
    ]
    assert "VERTROUWELIJK" not in t.text and "COMMENT TEXT" not in t.text and "Harlingen" not in t.text
    assert t.source.format == "docx" and len(t.source.sha256) == 64


def test_bold_name_labels_without_colon_and_title(make_docx):
    path = make_docx(
        "R03.docx",
        [("Anna Bakker", "\tGoedemiddag."), ("Henk Zijlstra", "\tDag."), ("Anna Bakker", "\tHoe gaat het?"), ("Henk Zijlstra", "\tGoed.")],
        title="Interview rederij",
        meta_table={"port": "Harlingen", "interviewer": "Anna Bakker"},
    )
    t = read_transcript(path)
    assert t.attributes["port"] == "Harlingen"
    assert [(x.speaker, x.role) for x in t.turns[1:]] == [
        ("Anna Bakker", "interviewer"), ("Henk Zijlstra", "respondent"), ("Anna Bakker", "interviewer"), ("Henk Zijlstra", "respondent"),
    ]
    assert t.turns[0].role == "other" and t.turn_text(t.turns[0]) == "Interview rederij"
    assert t.turn_text(t.turns[2]) == "Dag."


def test_key_value_metadata_lines_and_timestamps(make_docx):
    path = make_docx(
        "R02.docx",
        ["Respondent: R02", "Haven: Harlingen", "Datum: 2026-02-05", "Interviewer: Jeroen", "",
         "[00:00:04] I: Goedemorgen.", "[00:00:09] R: Morgen."],
    )
    t = read_transcript(path)
    assert t.attributes == {"respondent": "R02", "haven": "Harlingen", "datum": "2026-02-05", "interviewer": "Jeroen"}
    assert [(x.role, x.timestamp, t.turn_text(x)) for x in t.turns] == [("interviewer", 4.0, "Goedemorgen."), ("respondent", 9.0, "Morgen.")]


def test_body_table_is_kept_as_text(make_docx):
    path = make_docx("R05.docx", ["I: Wie werkt er samen?", "R: Zie de lijst."], body_table=[["Partner", "Rol"], ["Douane", "controle"]])
    t = read_transcript(path)
    assert "Partner | Rol\nDouane | controle" in t.text
    assert t.turn_text(t.turns[-1]) == "Zie de lijst.\nPartner | Rol\nDouane | controle"


def test_docx_without_labels_gets_a_note(make_docx):
    t = read_transcript(make_docx("x.docx", ["Hoe gaat het?", "Goed, dank u."]))
    assert [x.role for x in t.turns] == ["other", "other"] and "no speaker labels" in t.notes[0]


def test_corrupt_docx(tmp_path, make_docx):
    good = make_docx("good.docx", ["I: ja"]).read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(TranscriptError) as err:
        read_transcript(bad)
    assert "RK103" in str(err.value) and "bad.docx" in str(err.value)


def test_password_protected_docx(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(TranscriptError, match="password-protected"):
        read_transcript(path)


def test_zip_without_document_xml(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(TranscriptError, match="no word/document.xml"):
        read_transcript(path)


def test_zip_bomb_is_refused_without_inflating(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<x/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros compress to about 300 KB
                member.write(chunk)
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 2_000_000
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK107" in str(err.value) and "zip bomb" in str(err.value)


def test_empty_docx(make_docx):
    with pytest.raises(TranscriptError, match="RK104"):
        read_transcript(make_docx("empty.docx", []))


def test_source_file_is_not_modified(make_docx):
    path = make_docx("R01.docx", ["I: ja", "R: nee"])
    before = path.read_bytes()
    read_transcript(path)
    assert path.read_bytes() == before


def test_labels_bold_through_a_character_style(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    style = document.styles.add_style("Spreker", WD_STYLE_TYPE.CHARACTER)
    style.font.bold = True
    for label, text in (("Anna", " Dag."), ("Piet", " Hoi."), ("Anna", " En?"), ("Piet", " Niks.")):
        p = document.add_paragraph()
        p.add_run(label, style="Spreker")
        p.add_run(text)
    path = tmp_path / "styled.docx"
    document.save(path)
    t = read_transcript(path)
    assert [x.speaker for x in t.turns] == ["Anna", "Piet", "Anna", "Piet"]
    assert t.turn_text(t.turns[3]) == "Niks."


def test_styles_read_from_the_xml_bold_off_and_a_style_without_type(tmp_path):
    """A style may leave out ``w:type`` (the standard's default is a paragraph style; python-docx's style
    objects refuse it) and may switch bold off (``w:val="0"``): labels bold through such a style count,
    an explicitly not-bold style does not make the speech bold."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    document = docx.Document()
    label_style = document.styles.add_style("Spreker", WD_STYLE_TYPE.CHARACTER)
    label_style.font.bold = True
    plain_style = document.styles.add_style("Gewoon", WD_STYLE_TYPE.PARAGRAPH)
    plain_style.font.bold = False
    for label, text in (("Anna", " Dag."), ("Piet", " Hoi."), ("Anna", " En?"), ("Piet", " Niks.")):
        p = document.add_paragraph(style="Gewoon")
        p.add_run(label, style="Spreker")
        p.add_run(text)
    heading = document.styles["Heading 1"].element
    del heading.attrib[qn("w:type")]  # as some converters write it
    path = tmp_path / "untyped-style.docx"
    document.save(path)
    t = read_transcript(path)
    assert [x.speaker for x in t.turns] == ["Anna", "Piet", "Anna", "Piet"]
    assert t.turn_text(t.turns[3]) == "Niks."


def test_questions_in_bold_without_labels_are_the_interviewers_turns(tmp_path):
    from researchkit.transcripts import quality_flags

    document = docx.Document()
    document.add_paragraph().add_run("Interview 4").bold = True  # a bold title asks nothing: kept apart
    qa = [("Can you tell me about your work in the port?", ["I have worked there for twenty years as a pilot."]),
          ("What has changed in that time?", ["Mostly the automation.", "Everything is on screens now."]),
          ("Do you see customs on the quay?", ["Sometimes, but mostly you see nobody at all."]),
          ("Thank you. Did you ever report something?", ["Once, to my manager. I never heard back."])]
    for question, answers in qa:
        document.add_paragraph().add_run(question).bold = True
        for answer in answers:
            document.add_paragraph(answer)
    path = tmp_path / "bold-questions.docx"
    document.save(path)
    t = read_transcript(path)
    turns = [(turn.role, t.text[turn.start:turn.end]) for turn in t.turns]
    assert turns[0] == ("other", "Interview 4")
    assert [role for role, _ in turns[1:]] == ["interviewer", "respondent"] * 4
    assert turns[4] == ("respondent", "Mostly the automation.\nEverything is on screens now.")  # one turn, both paragraphs
    assert any(note.startswith("no speaker labels found; the 4 paragraph(s) printed wholly in bold (4 asking") for note in t.notes)
    assert "no speaker labels (roles inferred, see the notes)" in quality_flags(t)
    # answers in bold as often as questions: no evidence in the type; the paragraphs still alternate
    # question and answer, so that reading (io/alternation.py) takes over, and says so
    mixed = docx.Document()
    for k, (question, answers) in enumerate(qa):
        mixed.add_paragraph().add_run(question).bold = k % 2 == 0
        mixed.add_paragraph().add_run(answers[0]).bold = k % 2 == 1
    mixed.save(tmp_path / "mixed.docx")
    read = read_transcript(tmp_path / "mixed.docx")
    assert not any("printed wholly in bold" in note for note in read.notes)
    assert any(note.startswith("no speaker labels found; the paragraphs alternate") for note in read.notes)
    # in plain type, with an answer of two paragraphs breaking the alternation: one turn per paragraph as before
    plain = docx.Document()
    for question, answers in qa:
        plain.add_paragraph(question)
        for answer in answers:
            plain.add_paragraph(answer)
    plain.save(tmp_path / "plain.docx")
    assert {turn.role for turn in read_transcript(tmp_path / "plain.docx").turns} == {"other"}


def test_questions_in_italics_without_labels_are_the_interviewers_turns_too(tmp_path):
    document = docx.Document()
    answers = ["I have worked there for twenty years.", "Mostly the automation.", "Sometimes, not often.", "Once, to my manager."]
    questions = ["Can you tell me about your work?", "What has changed?", "Do you see customs on the quay?", "Did you report it?"]
    for question, answer in zip(questions, answers):
        document.add_paragraph().add_run(question).italic = True
        document.add_paragraph(answer)
    emphasised = document.styles.add_style("Vraag", 1)  # a paragraph style that sets italics counts too
    emphasised.font.italic = True
    document.add_paragraph("And what would you change?", style="Vraag")
    document.add_paragraph("The hours of the customs office.")
    path = tmp_path / "italic-questions.docx"
    document.save(path)
    t = read_transcript(path)
    assert [turn.role for turn in t.turns] == ["interviewer", "respondent"] * 5
    assert any("printed wholly in italics (5 asking a question)" in note for note in t.notes)
