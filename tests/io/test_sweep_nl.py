"""Dutch and Flemish records in layouts seen in real public files (sweep of December 2026); fixtures of our own.

- the Flemish Parliament's reports on its website (``vlaamsparlement.be/.../verslag/...``, plenary and committee):
  every label alone in its paragraph without a colon, ``De voorzitter`` above the chair's ``Mevrouw Celis heeft het
  woord.``, then ``Vera Celis (N-VA)``, ``Mevrouw Sabine de Bethune (CD&V)`` or ``Luc Martens`` above the speech;
- the Tweede Kamer's report of a committee debate (``kst-21501-31-329``, *verslag van een algemeen overleg*):
  ``Voorzitter: Van Weijenberg`` and ``Griffier: Smits`` below the preamble, above ``Aanwezig zijn ...`` and the
  debate's ``De voorzitter: ...`` and ``De heer Azmani (VVD): ...``;
- a German Landtag protocol (Saxony-Anhalt, 30th sitting): ``Präsidentin Gabriele Brakebusch:`` alone on a line,
  members who speak once as ``Name (PARTEI):``, ``(Beifall ...)`` between the paragraphs.
"""

from __future__ import annotations

from pathlib import Path

import docx

from researchkit.io import read_transcript

FLEMISH = (
    "U bent hier\n\n"
    "De voorzitter\n\n"
    "Mevrouw Peeters heeft het woord.\n\n"
    "Els Peeters (Groen)\n\n"
    "Voorzitter, minister, de wachtlijsten in de kinderopvang blijven groeien.\n\n"
    "Hoeveel plaatsen komen er dit jaar bij?\n\n"
    "De voorzitter\n\n"
    "De heer Claes heeft het woord.\n\n"
    "Bart Claes\n\n"
    "Minister, ik sluit mij aan bij de vraag van mevrouw Peeters.\n\n"
    "De voorzitter\n\n"
    "Minister Verhoeven heeft het woord.\n\n"
    "Minister Anne Verhoeven\n\n"
    "Collega's, er komen dit jaar vierhonderd plaatsen bij.\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _docx(tmp_path: Path, name: str, text: str) -> Path:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph.strip("\n"))
    path = tmp_path / name
    document.save(path)
    return path


def _turns(t) -> list[tuple[str, str, str]]:
    return [(turn.speaker, turn.role, t.text[turn.start : turn.end]) for turn in t.turns]


def _check_flemish(t) -> None:
    turns = _turns(t)
    assert [(s, r) for s, r, _ in turns] == [
        ("", "other"), ("De voorzitter", "interviewer"), ("Els Peeters (Groen)", "respondent"),
        ("De voorzitter", "interviewer"), ("Bart Claes", "respondent"), ("De voorzitter", "interviewer"),
        ("Minister Anne Verhoeven", "respondent")]
    assert turns[1][2] == "Mevrouw Peeters heeft het woord."
    assert turns[2][2].startswith("Voorzitter, minister") and turns[2][2].endswith("dit jaar bij?")
    assert turns[4][2] == "Minister, ik sluit mij aan bij de vraag van mevrouw Peeters."
    assert turns[6][2].endswith("vierhonderd plaatsen bij.")
    assert any("chair's office (De voorzitter)" in note for note in t.notes)
    for piece in ("U bent hier", "Els Peeters (Groen)", "Bart Claes", "Minister Anne Verhoeven"):
        assert t.text.count(piece) == 1  # the labels stay in the text, once; nothing dropped or doubled


def test_flemish_parliament_label_lines_without_colon(tmp_path):
    _check_flemish(read_transcript(_write(tmp_path, "verslag.txt", FLEMISH)))


def test_flemish_parliament_label_lines_in_word(tmp_path):
    _check_flemish(read_transcript(_docx(tmp_path, "verslag.docx", FLEMISH)))


def test_one_chair_line_or_an_unannounced_name_stays_text(tmp_path):
    once = "De voorzitter\n\nDe heer Claes heeft het woord.\n\nBart Claes\n\nMinister, ik sluit mij aan.\n"
    t = read_transcript(_write(tmp_path, "een.txt", once))
    assert not any(turn.speaker for turn in t.turns)  # the chair's office must label two paragraphs
    # a plain name line nobody announced, without title or party, is no label even below two chair lines
    text = ("De voorzitter\n\nWe gaan verder.\n\nVlaams Parlement\n\nDit is de agenda van vandaag.\n\n"
            "De voorzitter\n\nMevrouw Peeters heeft het woord.\n\nEls Peeters (Groen)\n\nDank u.\n")
    turns = _turns(read_transcript(_write(tmp_path, "twee.txt", text)))
    assert [s for s, _, _ in turns] == ["De voorzitter", "De voorzitter", "Els Peeters (Groen)"]
    assert "Vlaams Parlement" in turns[0][2] and turns[0][2].endswith("agenda van vandaag.")
    # a bare "Voorzitter" line (the web page's heading of who presided) is not the chair's label
    bare = "Voorzitter\n\nMotie van orde\n\nVoorzitter\n\nJo Claes (Open Vld)\n\nDank u.\n"
    assert not any(turn.speaker for turn in read_transcript(_write(tmp_path, "kaal.txt", bare)).turns)


COMMITTEE = (
    "21 999 Raad voor Landbouw en Visserij\n\n"
    "Nr. 12 VERSLAG VAN EEN COMMISSIEDEBAT\n\n"
    "Vastgesteld 3 maart 2024\n\n"
    "De vaste commissie voor Landbouw heeft op 1 februari 2024 overleg gevoerd met de Minister over de visserij.\n\n"
    "Van dit overleg brengt de commissie bijgaand geredigeerd woordelijk verslag uit.\n\n"
    "Voorzitter: Van der Molen\n\n"
    "Griffier: De Boer-Smit\n\n"
    "Aanwezig zijn twee leden der Kamer, te weten: Jansen en Van der Molen,\n\n"
    "Aanvang 10.00 uur.\n\n"
    "De voorzitter: Welkom. Ik geef het woord aan de heer Jansen.\n\n"
    "De heer Jansen (CDA): Voorzitter. Hoe staat het met de quota?\n\n"
    "De voorzitter: Dank u wel. De Minister.\n\n"
    "Minister Kok: De quota worden in maart vastgesteld.\n\n"
    "De heer Jansen (CDA): Dank u.\n\n"
    "Minister Kok: Graag gedaan.\n"
)


def _check_committee(t) -> None:
    assert t.attributes["voorzitter"] == "Van der Molen" and t.attributes["griffier"] == "De Boer-Smit"
    turns = _turns(t)
    assert [s for s, _, _ in turns] == ["", "De voorzitter", "De heer Jansen (CDA)", "De voorzitter", "Minister Kok",
                                        "De heer Jansen (CDA)", "Minister Kok"]
    assert "Voorzitter: Van der Molen" in turns[0][2] and turns[0][2].endswith("Aanvang 10.00 uur.")
    assert turns[1][2] == "Welkom. Ik geef het woord aan de heer Jansen."
    assert any("read as metadata" in note for note in t.notes)


def test_committee_report_names_its_officers_below_the_preamble(tmp_path):
    _check_committee(read_transcript(_write(tmp_path, "kst-21999-12.txt", COMMITTEE)))


def test_committee_report_officers_in_word(tmp_path):
    _check_committee(read_transcript(_docx(tmp_path, "kst-21999-12.docx", COMMITTEE)))


def test_an_officer_key_that_says_a_sentence_or_recurs_stays_a_turn(tmp_path):
    text = ("Verslag\n\nIntro over het overleg, zonder meer.\n\nVoorzitter: Dank u wel.\n\nGriffier: Smits\n\n"
            "Lid: Ik heb een vraag.\n\nVoorzitter: Ga uw gang.\n")
    t = read_transcript(_write(tmp_path, "zin.txt", text))
    assert "voorzitter" not in t.attributes
    assert [turn.speaker for turn in t.turns if turn.speaker].count("Voorzitter") == 2


LANDTAG = (
    "Präsidentin Maria Vogel:\n\nIch eröffne die Sitzung.\n\n(Unruhe - Glocke der Präsidentin)\n\n"
    "Das Wort hat der Abgeordnete Lenz.\n\n"
    "Tobias Lenz (DIE LINKE):\n\nFrau Präsidentin! Meine Damen und Herren! Die Schulen brauchen Lehrer.\n\n"
    "(Beifall bei der LINKEN)\n\nDarum stellen wir diesen Antrag.\n\n"
    "Präsidentin Maria Vogel:\n\nVielen Dank. Für die Landesregierung spricht Frau Ministerin Brandt.\n\n"
    "Ministerin Karin Brandt:\n\nFrau Präsidentin, die Stellen sind ausgeschrieben.\n\n"
    "Vizepräsident Jonas Weber:\n\nDie Aussprache ist geschlossen.\n"
)


def test_landtag_protocol_members_who_speak_once(tmp_path):
    t = read_transcript(_write(tmp_path, "plenarprotokoll.txt", LANDTAG))
    speech = [(s, said) for s, _, said in _turns(t) if s]
    assert [s for s, _ in speech] == ["Präsidentin Maria Vogel", "Präsidentin Maria Vogel", "Tobias Lenz (DIE LINKE)",
                                      "Tobias Lenz (DIE LINKE)", "Präsidentin Maria Vogel", "Ministerin Karin Brandt",
                                      "Vizepräsident Jonas Weber"]
    assert speech[3][1] == "Darum stellen wir diesen Antrag."  # below the applause: still the member's speech
    assert "(Beifall bei der LINKEN)" in t.text and t.text.count("Tobias Lenz (DIE LINKE):") == 1


def test_a_name_with_a_note_used_once_outside_a_debate_stays_text(tmp_path):
    text = ("Interviewer: Hoe gaat het?\n\nRespondent: Goed.\n\nInterviewer: En thuis?\n\n"
            "Anna Smit (Moeder): Ook goed.\n\nRespondent: Ja.\n\nInterviewer: Dank u.\n")
    t = read_transcript(_write(tmp_path, "interview.txt", text))
    assert "Anna Smit (Moeder)" not in {turn.speaker for turn in t.turns}
