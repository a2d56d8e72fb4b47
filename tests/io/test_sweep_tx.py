"""Layouts of real public transcripts (December 2026 sweep, sweep-tx) that were read wrongly, each written here small.

- UK select committee oral evidence (publications.parliament.uk, ``cmselect/cmbackben/cbbc280114``; the
  committees' HTML, PDF and Word transcripts alike): each question is numbered before the asking
  member's label, ``Q1 Chair: ...``, ``Q2 Ian Mearns: ...``, the witness answers ``Robert Halfon: ...``.
  Before, ``Q1 Chair`` was no label (each number made a different name, used once), so every
  question was glued to the witness's answer above it.
- UN Security Council verbatim records (S/PV.8974, 23 February 2022; S/PV.8529): a delegate's label
  carries the delegation and the interpreters' note, ``Mr. Delattre (France) (spoke in French): ...``,
  the presiding member ``The President (spoke in Russian): ...``. Before, the second bracket made
  the label no label, and the delegate's speech was glued to the turn above it.
- French parliamentary records (the Assemblée nationale's *compte rendu* n° 103 of the Commission des
  lois, 19 July 2018, open data ``CRCANR5L15S2018PO59051N103``): ``Mme la présidente Yaël Braun-Pivet.
  Mes chers collègues, ...``, ``M. Guillaume Larrivé. Madame la présidente, ...``, a function after a
  comma on a first label. Before, no label was seen: every paragraph a turn of nobody.
- The Scottish Parliament's Official Report (Finance and Constitution Committee, 11 March 2020; a meeting
  of 9 June 2021): ``The Convener (Bruce Crawford): ...``, then ``The Convener: ...``; a member's first
  label carries seat and party, ``Sharon Dowey (South Scotland) (Con): ...``, and a member often asks
  once. Before, the second bracket made the label no label, and such a question was taken for an
  unlabelled moderator's.
- The Australian Parliament's Hansard on parlinfo (Senate, 9 May 1984, ``chamber/hansards/1984-05-09/0115``):
  ``Senator COLSTON(7.46) —I am speaking ...``, ``The PRESIDENT —Order!``: the label ends in a dash, the
  hour of the day in brackets before it. Before, no label was seen.
- Canada's House of Commons committee evidence (Standing Committee on Public Accounts, meeting 43, 6 December
  2022): ``The Chair (Mr. John Williamson (New Brunswick Southwest, CPC)): ...``, ``Ms. Karen Hogan (Auditor
  General of Canada, Office of the Auditor General): ...``, then ``Ms. Karen Hogan: ...``. Before, the long
  affiliation (a bracket inside it) made the label no label: a member's question was glued to the chair's turn.
"""

from __future__ import annotations

from pathlib import Path

import docx

from researchkit.io import read_transcript

ORAL_EVIDENCE = """Oral evidence: Harbour safety, HC 412

Tuesday 3 March 2026

Members present: Pat Moor (Chair); Lee Dunn; Sam Vey.

Questions 1 - 6

Witness: Jo Baird, Director, Harbour Watch.

Q1 Chair: Good morning. Could you tell us what changed last year?

Jo Baird: We doubled the night patrols, mostly on the east quay.

Q2 Lee Dunn: Was that enough?

Jo Baird: Not quite. The west quay has no camera yet.

Chair: Thank you.

Q3 Sam Vey: Who pays for the cameras?

Jo Baird: The port authority, from next year.

Q4 Chair: And the staff: Are they trained?

Jo Baird: Some are. Training starts in May.
"""


def _turns(path: Path) -> list[tuple[str, str, str]]:
    t = read_transcript(path)
    return [(u.speaker, u.role, t.text[u.start : u.end]) for u in t.turns]


def _check_oral_evidence(path: Path) -> None:
    t = read_transcript(path)
    turns = [(u.speaker, u.role, t.text[u.start : u.end]) for u in t.turns if u.speaker]
    assert turns == [
        ("Chair", "interviewer", "Good morning. Could you tell us what changed last year?"),
        ("Jo Baird", "respondent", "We doubled the night patrols, mostly on the east quay."),
        ("Lee Dunn", "interviewer", "Was that enough?"),
        ("Jo Baird", "respondent", "Not quite. The west quay has no camera yet."),
        ("Chair", "interviewer", "Thank you."),
        ("Sam Vey", "interviewer", "Who pays for the cameras?"),
        ("Jo Baird", "respondent", "The port authority, from next year."),
        ("Chair", "interviewer", "And the staff: Are they trained?"),
        ("Jo Baird", "respondent", "Some are. Training starts in May."),
    ]
    # the number stays in the text, before the label and outside every turn
    q2 = t.text.index("Q2 Lee Dunn:")
    assert not any(u.start <= q2 < u.end for u in t.turns if u.speaker)
    assert any("4 numbered question(s) (Q1 to Q4" in n for n in t.notes)
    assert any("'Lee Dunn'" in n and "even when used once" in n for n in t.notes)


def test_committee_question_numbers_in_text(tmp_path: Path) -> None:
    path = tmp_path / "oral-evidence.txt"
    path.write_text(ORAL_EVIDENCE, encoding="utf-8")
    _check_oral_evidence(path)


def test_committee_question_numbers_in_word_with_bold_labels(tmp_path: Path) -> None:
    """The committees' Word files print the number plain and the label in bold after it."""
    document = docx.Document()
    for block in ORAL_EVIDENCE.strip().split("\n\n"):
        paragraph = document.add_paragraph()
        head, colon, rest = block.partition(": ")
        speaker = head.split(" ", 1)[1] if head[:2] in {"Q1", "Q2", "Q3", "Q4"} else head
        if colon and speaker in {"Chair", "Lee Dunn", "Sam Vey", "Jo Baird"}:  # the label bold, after a plain number
            if head[0] == "Q" and head[1].isdigit():
                number, head = head.split(" ", 1)
                paragraph.add_run(number + " ")
            paragraph.add_run(head + ":").bold = True
            paragraph.add_run(" " + rest)
        else:
            paragraph.add_run(block)
    path = tmp_path / "oral-evidence.docx"
    document.save(path)
    _check_oral_evidence(path)


def test_question_numbers_that_go_down_or_speech_after_a_number_are_no_committee(tmp_path: Path) -> None:
    """``Q7`` followed by speech is no label, and numbers that go down are no committee's numbering."""
    path = tmp_path / "guide.txt"
    path.write_text("Interviewer: Shall we start?\n\nAnn Lee: Yes.\n\nQ7 What did you do then?\n\nAnn Lee: I left.\n\n"
                    "Interviewer: Why?\n\nAnn Lee: Work.\n", encoding="utf-8")
    assert _turns(path) == [("Interviewer", "interviewer", "Shall we start?"),
                            ("Ann Lee", "respondent", "Yes.\nQ7 What did you do then?"),
                            ("Ann Lee", "respondent", "I left."), ("Interviewer", "interviewer", "Why?"),
                            ("Ann Lee", "respondent", "Work.")]
    down = tmp_path / "down.txt"
    down.write_text("Q9 Ann Lee: One.\n\nBo Li: Two.\n\nQ3 Ann Lee: Three?\n\nBo Li: Four.\n", encoding="utf-8")
    t = read_transcript(down)
    assert not any("numbered question" in n for n in t.notes)
    assert [u.speaker for u in t.turns] == ["Ann Lee", "Bo Li", "Ann Lee", "Bo Li"]


VERBATIM_RECORD = """Security Council
9120th meeting
Monday, 4 May 2026, 10 a.m.

The meeting was called to order at 10.05 a.m.

The President (spoke in Spanish): I give the floor to Ms. Orla Venn.

Ms. Venn: Thank you. The harbour talks resumed last week.

The President (spoke in Spanish): I thank Ms. Venn for her briefing.

Mr. Aldo Ricci (Italy): We welcome the talks.

Mrs. Anne Roux (Belgium) (spoke in French): Belgium supports the talks as well.

The President: I now give the floor to the representative of Chile.

Mr. Pablo Vera (Chile) (spoke in Spanish): We thank the briefer.

Mr. Aldo Ricci (Italy): One more point on the ports.

Mrs. Anne Roux (Belgium) (spoke in French): We agree with Italy.
"""


def test_verbatim_record_interpretation_notes(tmp_path: Path) -> None:
    path = tmp_path / "spv.txt"
    path.write_text(VERBATIM_RECORD, encoding="utf-8")
    t = read_transcript(path)
    spoken = [(u.speaker, t.text[u.start : u.end]) for u in t.turns if u.speaker]
    assert spoken == [
        ("The President", "I give the floor to Ms. Orla Venn."),
        ("Ms. Venn", "Thank you. The harbour talks resumed last week."),
        ("The President", "I thank Ms. Venn for her briefing."),
        ("Mr. Aldo Ricci (Italy)", "We welcome the talks."),
        ("Mrs. Anne Roux (Belgium)", "Belgium supports the talks as well."),
        ("The President", "I now give the floor to the representative of Chile."),
        ("Mr. Pablo Vera (Chile)", "We thank the briefer."),
        ("Mr. Aldo Ricci (Italy)", "One more point on the ports."),
        ("Mrs. Anne Roux (Belgium)", "We agree with Italy."),
    ]
    # the notes stay in the text, outside the turns, and are listed per speaker
    note = t.text.index("(spoke in French)")
    assert not any(u.start <= note < u.end for u in t.turns if u.speaker)
    assert "Mrs. Anne Roux (Belgium): spoke in French" in t.attributes["speaker_qualifiers"]
    assert "The President: spoke in Spanish" in t.attributes["speaker_qualifiers"]


def test_interpretation_note_labels() -> None:
    from researchkit.io.speakers import match_label

    found = match_label("Mr. Delattre (France) (spoke in French): France objects.")
    assert (found.label, found.qualifier) == ("Mr. Delattre (France)", "spoke in French")
    found = match_label("Le Président (parle en russe) : Je donne la parole.")
    assert (found.label, found.qualifier) == ("Le Président", "parle en russe")
    # a name in brackets that is no interpreters' note stays part of the label, as before
    assert match_label("Ashlee Kupor (SL): Let's do that").label == "Ashlee Kupor (SL)"
    # a time in brackets after a name's note is still the label's time, not a second note
    found = match_label("Ann Lee (P1) (00:01:02): Hi")
    assert (found.label, found.timestamp, found.qualifier) == ("Ann Lee (P1)", 62.0, "")
    found = match_label("Sharon Dowey (South Scotland) (Con): I")
    assert (found.label, found.qualifier) == ("Sharon Dowey (South Scotland)", "Con")


COMPTE_RENDU = """Compte rendu
Commission des affaires maritimes
Mardi 12 mai 2026
Présidence de Mme Claire Dubois-Léger, présidente

La réunion débute à 10 heures.

Mme la présidente Claire Dubois-Léger. Nous recevons M. Paul Marin, directeur du port.

Monsieur le directeur, vous avez la parole.

M. Paul Marin, directeur du port de Granville. Merci, madame la présidente. Le trafic a doublé.

M. Luc d'Anjou. Avez-vous assez de douaniers ?

M. Paul Marin. Non, pas encore.

Mme la rapporteure. Et les caméras ?

M. Paul Marin. Elles arrivent en juin.

Mme la présidente Claire Dubois-Léger. Je vous remercie.
"""


def test_french_parliamentary_record_labels(tmp_path: Path) -> None:
    path = tmp_path / "compte-rendu.txt"
    path.write_text(COMPTE_RENDU, encoding="utf-8")
    t = read_transcript(path)
    spoken = [(u.speaker, t.text[u.start : u.end]) for u in t.turns if u.speaker]
    assert spoken == [
        ("Mme la présidente Claire Dubois-Léger",
         "Nous recevons M. Paul Marin, directeur du port.\nMonsieur le directeur, vous avez la parole."),
        ("M. Paul Marin", "Merci, madame la présidente. Le trafic a doublé."),
        ("M. Luc d'Anjou", "Avez-vous assez de douaniers ?"),
        ("M. Paul Marin", "Non, pas encore."),
        ("Mme la rapporteure", "Et les caméras ?"),
        ("M. Paul Marin", "Elles arrivent en juin."),
        ("Mme la présidente Claire Dubois-Léger", "Je vous remercie."),
    ]
    # the title block and the opening line are nobody's
    assert t.turns[0].speaker == "" and "Présidence de Mme" in t.text[t.turns[0].start : t.turns[0].end]


def test_french_record_label_needs_its_period_right_after_the_name() -> None:
    from researchkit.io.hearings import match_hearing_label

    assert match_hearing_label("M. Dupont est venu. Il a parlé.") is None
    assert match_hearing_label("Mme la ministre. Je réponds.").label == "Mme la ministre"
    assert match_hearing_label("M. Jean-Noël Barrot. Oui.").label == "M. Jean-Noël Barrot"


OFFICIAL_REPORT = """Harbours Committee
Wednesday 11 March 2026

The Convener (Moira Grant): Good morning and welcome to the seventh meeting in 2026 of the Harbours Committee.

I welcome Dr Ann Lee, chief executive of Harbour Health.

Dr Ann Lee: Thank you, convener.

The Convener: What has changed this year?

Dr Ann Lee: The waiting lists are shorter.

Ian Bell (Central Scotland) (Green): Can you say more about staffing?

Dr Ann Lee: We hired forty nurses.

The Convener: Thank you.

Rona Kerr (Glasgow Kelvin) (Lab): How many left?

Dr Ann Lee: Twelve.
"""


def test_official_report_seat_and_party(tmp_path: Path) -> None:
    path = tmp_path / "official-report.txt"
    path.write_text(OFFICIAL_REPORT, encoding="utf-8")
    t = read_transcript(path)
    spoken = [(u.speaker, t.text[u.start : u.end]) for u in t.turns if u.speaker]
    assert spoken == [
        ("The Convener", "Good morning and welcome to the seventh meeting in 2026 of the Harbours Committee.\n"
                         "I welcome Dr Ann Lee, chief executive of Harbour Health."),
        ("Dr Ann Lee", "Thank you, convener."),
        ("The Convener", "What has changed this year?"),
        ("Dr Ann Lee", "The waiting lists are shorter."),
        ("Ian Bell (Central Scotland)", "Can you say more about staffing?"),
        ("Dr Ann Lee", "We hired forty nurses."),
        ("The Convener", "Thank you."),
        ("Rona Kerr (Glasgow Kelvin)", "How many left?"),
        ("Dr Ann Lee", "Twelve."),
    ]
    assert not any(u.speaker == "" and u.role == "interviewer" for u in t.turns)  # no unlabelled moderator
    assert "Ian Bell (Central Scotland): Green" in t.attributes["speaker_qualifiers"]
    party = t.text.index("(Green)")
    assert not any(u.start <= party < u.end for u in t.turns if u.speaker)


HANSARD = """Wednesday, 3 June 2026
Page: 2210

Senator MARLOW(7.46) —I rise tonight as the chair of the harbours committee. The port figures came late.

The committee had no copy of them.

Senator DUNNE (8.01) —Who asked for the figures?

Mr KEANE (Fremantle—Minister for Ports) (8.03)—I did, and I tabled them.

Senator MARLOW —That is my point.

Senator DUNNE —Then we agree.

The PRESIDENT —Order! The time has expired.
"""


def test_australian_hansard_dash_labels(tmp_path: Path) -> None:
    path = tmp_path / "hansard.txt"
    path.write_text(HANSARD, encoding="utf-8")
    t = read_transcript(path)
    spoken = [(u.speaker, t.text[u.start : u.end], u.timestamp) for u in t.turns if u.speaker]
    assert spoken == [
        ("Senator MARLOW", "I rise tonight as the chair of the harbours committee. The port figures came late.\n"
                           "The committee had no copy of them.", None),
        ("Senator DUNNE", "Who asked for the figures?", None),
        ("Mr KEANE", "I did, and I tabled them.", None),
        ("Senator MARLOW", "That is my point.", None),
        ("Senator DUNNE", "Then we agree.", None),
        ("The PRESIDENT", "Order! The time has expired.", None),
    ]
    # the hour of the day and the electorate stay in the text, outside the turns
    for written in ("(7.46)", "(Fremantle—Minister for Ports)"):
        at = t.text.index(written)
        assert not any(u.start <= at < u.end for u in t.turns if u.speaker)


def test_dash_after_a_name_in_speech_is_no_label(tmp_path: Path) -> None:
    from researchkit.io.hearings import match_hearing_label

    assert match_hearing_label("Mr Smith—the farmer—said no.").label == "Mr Smith"  # a candidate, as a name
    path = tmp_path / "story.txt"
    path.write_text("Interviewer: Who came?\n\nAnn Lee: Mr Smith—the farmer—said no.\n\nInterviewer: And then?\n\n"
                    "Ann Lee: Nothing.\n\nMr Smith—the farmer—left.\n", encoding="utf-8")
    t = read_transcript(path)  # used once, among labels of another kind: stays speech
    assert [u.speaker for u in t.turns] == ["Interviewer", "Ann Lee", "Interviewer", "Ann Lee"]


EVIDENCE = """Standing Committee on Harbours
EVIDENCE
Tuesday, May 5, 2026

The Chair (Mr. Rob Doyle (Halifax West, Lib.)): I call this meeting to order.

Welcome to meeting number 12.

Ms. Ines Carr (Harbour Master of Canada, Office of the Harbour Master): Thank you, Mr. Chair.

The Chair: Mr. Pratt, you have six minutes.

Mr. Dale Pratt (Miramichi—Grand Lake, CPC): How many inspections were there?

Ms. Ines Carr: Forty, in all ports.

The Chair: Thank you. Mme Roy, you have the floor.

Mme Julie Roy (Laval—Les Îles, BQ): Merci, monsieur le président.

Ms. Ines Carr: You are welcome.
"""


def test_committee_evidence_affiliations(tmp_path: Path) -> None:
    path = tmp_path / "evidence.txt"
    path.write_text(EVIDENCE, encoding="utf-8")
    t = read_transcript(path)
    spoken = [(u.speaker, t.text[u.start : u.end]) for u in t.turns if u.speaker]
    assert spoken == [
        ("The Chair", "I call this meeting to order.\nWelcome to meeting number 12."),
        ("Ms. Ines Carr", "Thank you, Mr. Chair."),
        ("The Chair", "Mr. Pratt, you have six minutes."),
        ("Mr. Dale Pratt", "How many inspections were there?"),
        ("Ms. Ines Carr", "Forty, in all ports."),
        ("The Chair", "Thank you. Mme Roy, you have the floor."),
        ("Mme Julie Roy", "Merci, monsieur le président."),
        ("Ms. Ines Carr", "You are welcome."),
    ]
    assert "The Chair: Mr. Rob Doyle (Halifax West, Lib.)" in t.attributes["speaker_qualifiers"]
    at = t.text.index("(Harbour Master of Canada")
    assert not any(u.start <= at < u.end for u in t.turns if u.speaker)
