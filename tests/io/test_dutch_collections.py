"""Dutch transcripts as Dutch researchers type them, after real files.

- Teams' transcript pasted into Markdown without times: the name alone on a line (with
  Markdown's two-space line break), the speech below it (a student project's stakeholder
  interviews, ``# Transcriptie interview – Verpleegkunde``);
- the same with Teams' time after the name (``Maurits Hoogerwerf 0:15``);
- Dutch role words and their abbreviations (``Gespreksleider``, ``Deelnemer 3``, ``GL``,
  ``V:``/``A:``, ``Respondente``) with annotations (``(lacht)``, ``[onverstaanbaar]``) in the speech.
"""

from __future__ import annotations

from pathlib import Path

from researchkit.io import read_corpus, read_transcript

TEAMS_PASTED = (
    "# Transcriptie interview – Verpleegkunde\n\n"
    "| Aanwezigen | Rol |\n|---|---|\n| Mirjam Veenstra | Regisseur |\n| Jos Ensing | Instructeur IT |\n\n"
    "## Transcriptie\n\n### ~ 0 Min\n\n"
    "Mirjam Veenstra  \nIk denk dat het het makkelijkste is om hem (de applicatie) erbij te pakken. \n\n"
    "Reijer van der Zande  \nJa. \n\n"
    "Jos Ensing  \nStudenten zien het net iets anders. \n\n"
    "### ~ 2 min\n\n"
    "Jos Ensing  \nWij kunnen dus niet variëren binnen zo'n groepset. \n\n"
    "Cor Blom  \nIs dat dan hoofddocenten? \n\n"
    "Mirjam Veenstra  \nJa, maar dat doen wij natuurlijk ook handmatig, hè, eh...\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _speech(t) -> list[tuple[str, str]]:
    return [(turn.speaker, t.text[turn.start : turn.end]) for turn in t.turns if turn.speaker]


def _times(t) -> list[tuple[str, float | None]]:
    return [(turn.speaker, turn.timestamp) for turn in t.turns if turn.speaker]


def test_teams_names_alone_on_a_line_become_speakers(tmp_path: Path) -> None:
    t = read_transcript(_write(tmp_path, "verpleegkunde.md", TEAMS_PASTED))
    speech = _speech(t)
    assert [s for s, _ in speech] == ["Mirjam Veenstra", "Reijer van der Zande", "Jos Ensing", "Jos Ensing", "Cor Blom",
                                      "Mirjam Veenstra"]
    assert speech[1][1] == "Ja."  # a speaker heard once is a speaker too, once the file uses such lines
    assert speech[0][1].startswith("Ik denk") and "(de applicatie)" in speech[0][1]
    assert speech[-1][1].endswith("hè, eh...")
    assert not any(n.startswith("no speaker labels") for n in t.notes)
    for word in ("Transcriptie interview", "Aanwezigen", "Regisseur", "studenten zien", "variëren", "hoofddocenten"):
        assert word.casefold() in t.text.casefold()  # nothing lost
    assert t.turns[0].speaker == "" and "Aanwezigen" in t.text[t.turns[0].start : t.turns[0].end]


def test_one_name_line_or_short_answers_stay_text(tmp_path: Path) -> None:
    text = ("Verslag van het gesprek\n\nAlgemene Informatie\nWe spraken met de havenmeester.\n\n"
            "Jan de Vries\nDat was een goed gesprek.\n\nJa.\nNee.\n\nOké\nDat was het.\n")
    t = read_transcript(_write(tmp_path, "verslag.txt", text))
    assert not any(turn.speaker for turn in t.turns)
    assert "Jan de Vries" in t.text and "Dat was het." in t.text


def test_plain_name_lines_do_not_override_colon_labels(tmp_path: Path) -> None:
    text = ("Interviewer: Hoe gaat het in de haven?\n\nPieter Bakker\nHet gaat goed.\n\n"
            "Respondent: Prima.\n\nPieter Bakker\nNog steeds goed.\n\nAnna Smit\nZeker.\n\nAnna Smit\nJa.\n")
    t = read_transcript(_write(tmp_path, "gemengd.txt", text))
    assert {turn.speaker for turn in t.turns if turn.speaker} == {"Interviewer", "Respondent"}
    assert "Pieter Bakker" in t.text and "Anna Smit" in t.text


def test_teams_names_with_times(tmp_path: Path) -> None:
    text = ("# Transcriptie interview – Brightspace\n\n### ~ 0 Min\n\n"
            "Maurits Hoogerwerf 0:15  \nDaar ben ik weer.\n\nReijer van der Zande 0:15  \nTop dankjewel.\n\n"
            "Maurits Hoogerwerf 0:19  \nJa.\n\nReijer van der Zande 12:58  \nJa ja ja ja ja.\n")
    t = read_transcript(_write(tmp_path, "brightspace.md", text))
    assert _times(t) == [
        ("Maurits Hoogerwerf", 15.0), ("Reijer van der Zande", 15.0), ("Maurits Hoogerwerf", 19.0),
        ("Reijer van der Zande", 778.0)]


def test_dutch_role_words_abbreviations_and_annotations(tmp_path: Path) -> None:
    text = (
        "Focusgroep havenbedrijven\n"
        "GL: Welkom allemaal. (stilte)\n"
        "Deelnemer 1: Ik werk al twintig jaar in de haven, eh, bij de overslag.\n"
        "Deelnemer 3: En ik bij de douane. (lacht)\n"
        "[stilte]\n"
        "GL: Wie wil er reageren?\n"
        "Deelnemer 2: Nou ehm, [onverstaanbaar] dat zie je 's nachts wel.\n"
        "(gelach)\n"
        "V: Hoe lang al?\n"
        "Respondente: Tien jaar (...) ongeveer.\n"
        "V: En daarvoor?\n"
        "Respondente: Bij de politie.\n"
    )
    t = read_transcript(_write(tmp_path, "focus.txt", text))
    roles = {turn.speaker: turn.role for turn in t.turns if turn.speaker}
    assert roles == {"GL": "interviewer", "Deelnemer 1": "respondent", "Deelnemer 3": "respondent",
                     "Deelnemer 2": "respondent", "V": "interviewer", "Respondente": "respondent"}
    joined = "\n".join(t.text[x.start : x.end] for x in t.turns)
    for note in ("(stilte)", "(lacht)", "[stilte]", "[onverstaanbaar]", "(gelach)", "(...)"):
        assert note in joined  # annotations stay in the text, never a speaker
    # a mark on a line of its own is nobody's speech (io/directions.py); inside a line it stays the speaker's
    assert [(x.speaker, x.role) for x in t.turns if t.text[x.start : x.end] in ("[stilte]", "(gelach)")] == [("", "other")] * 2
    assert t.notes == ("2 line(s) in brackets between the speech read as stage directions, not speech (a turn with no "
                       "speaker, role 'other'): line 5, line 8; speech below them without a new label goes on as the "
                       "speaker before them",
                       # a role word is a label whatever its count: noted, so the quality flag leaves them out
                       "label(s) used once that are role words, taken as speakers: 'Deelnemer 1' (line 3), "
                       "'Deelnemer 3' (line 4), 'Deelnemer 2' (line 7)")


def test_quality_flags_a_teams_file_without_interviewer(tmp_path: Path) -> None:
    _write(tmp_path, "verpleegkunde.md", TEAMS_PASTED)
    corpus = read_corpus(tmp_path)
    flags = corpus.quality.loc["verpleegkunde", "flags"]
    assert "no interviewer turn" in flags and "no speaker labels" not in flags


def test_teams_label_whose_time_lost_a_digit(tmp_path: Path) -> None:
    text = ("### ~ 10 Min\n\nArno de Boer 10:02  \nJa.\n\nRonald Steenstra 10:44  \nZeker nou.\n\n"
            "Arno de Boer 10:45  \nNou, precies daar is dit een mooi voorbeeld van.\n\n"
            "Ronald Steenstra 11:0\nJa ja ja, dat doe ik.\n\nArno de Boer 11:08  \nJa, denk het wel.\n")
    t = read_transcript(_write(tmp_path, "kaders.md", text))
    assert _times(t) == [
        ("Arno de Boer", 602.0), ("Ronald Steenstra", 644.0), ("Arno de Boer", 645.0), ("Ronald Steenstra", None),
        ("Arno de Boer", 668.0)]
    assert _speech(t)[3] == ("Ronald Steenstra", "Ja ja ja, dat doe ik.")
    assert "Ronald Steenstra 11:0" in t.text  # the label line stays in the text


def test_exporters_unknown_speaker_label(tmp_path: Path) -> None:
    # A Dutch transcription app's text export groups speech without a speaker under "Spreker ?".
    text = ("Spreker 1: Goedemorgen allemaal. Fijn dat jullie er zijn.\n\nSpreker 2: Dank je wel.\n\n"
            "Spreker ?: Twee.\n\nSpreker 1: Zullen we beginnen?\n\nSpreker ?: Ja (lacht).\n")
    t = read_transcript(_write(tmp_path, "export.txt", text))
    assert _speech(t) == [("Spreker 1", "Goedemorgen allemaal. Fijn dat jullie er zijn."), ("Spreker 2", "Dank je wel."),
                          ("Spreker ?", "Twee."), ("Spreker 1", "Zullen we beginnen?"), ("Spreker ?", "Ja (lacht).")]


def test_podcast_gast_is_the_respondent(tmp_path: Path) -> None:
    text = "INTERVIEWER: Welkom bij DevTalk.\nGAST: Dank je, leuk om hier te zijn.\nINTERVIEWER: Wat is het nieuws?\nGAST: Veel.\n"
    t = read_transcript(_write(tmp_path, "podcast.txt", text))
    assert [(x.speaker, x.role) for x in t.turns] == [("INTERVIEWER", "interviewer"), ("GAST", "respondent")] * 2


def test_long_bold_question_in_markdown_is_the_interviewers(tmp_path: Path) -> None:
    # A GitBook interview page: questions in bold, answers plain, no labels; one question is long.
    text = (
        "### **Interview 1**\n\n**Geen probleem dat dit opgenomen wordt?**\n\nNee, dat is prima.\n\n"
        "**Heb je de enquête ingevuld, dan heb je al enig idee waar het een beetje over kan gaan?**\n\nJa.\n\n"
        "**Doneer je wel eens aan goede doelen en waarom?**\n\nJa, sommige goede doelen.\n\n"
        "**En op welke manier doneer jij?**\n\nVooral automatisch afschrijving.\n"
    )
    t = read_transcript(_write(tmp_path, "interview.md", text))
    roles = [(x.role, t.text[x.start : x.end]) for x in t.turns]
    assert ("interviewer", "**Heb je de enquête ingevuld, dan heb je al enig idee waar het een beetje over kan gaan?**") in roles
    assert ("respondent", "Ja.") in roles and ("respondent", "Nee, dat is prima.") in roles


# --- Dutch hearings and parliamentary reports (sweep of December 2026) ---
#
# Shaped after the Tweede Kamer's own reports as they are found in public repositories: a VLOS
# parser's tests (``De voorzitter:`` above ``Ik open de vergadering.``, ``**De heer Klaver
# (GroenLinks-PvdA):**``, ``**De heer Wilders (PVV) [interruptie]:**``) and a Handelingen
# speech cleaner (``Mevrouw Lodders (VVD):`` above ``Voorzitter. ...``); the openbaar verhoor
# layout (``De voorzitter: ...`` / ``De heer Van der Berg: ...`` on one line) is the one the
# Tweede Kamer prints for its parliamentary inquiries.

VERHOOR = (
    "Verslag van een openbaar verhoor in het kader van de parlementaire enquête Fraudebeleid.\n"
    "De voorzitter: Goedemiddag, meneer Van der Berg. U wordt gehoord als getuige.\n"
    "De heer Van der Berg: Dat is juist. (lacht)\n"
    "De voorzitter: Mevrouw Ter Horst heeft een vraag.\n"
    "Mevrouw Ter Horst: Wanneer hoorde u voor het eerst van de signalen uit de haven?\n"
    "De heer Van der Berg: Eh, dat moet in 2019 zijn geweest. [onverstaanbaar]\n"
    "Mevrouw Ter Horst: En wat deed u toen?\n"
    "De heer Van der Berg: Ik heb het doorgezet naar de recherche.\n"
    "(stilte)\n"
    "De voorzitter: Dank u wel. Dan sluit ik dit verhoor.\n"
)


def test_hearing_labels_with_titles_and_particles(tmp_path: Path) -> None:
    t = read_transcript(_write(tmp_path, "verhoor.txt", VERHOOR))
    speech = _speech(t)
    assert [s for s, _ in speech] == ["De voorzitter", "De heer Van der Berg", "De voorzitter", "Mevrouw Ter Horst",
                                      "De heer Van der Berg", "Mevrouw Ter Horst", "De heer Van der Berg", "De voorzitter"]
    roles = {turn.speaker: turn.role for turn in t.turns if turn.speaker}
    assert roles == {"De voorzitter": "interviewer", "De heer Van der Berg": "respondent",
                     "Mevrouw Ter Horst": "respondent"}  # the member who asks: labels={"Mevrouw Ter Horst": "interviewer"}
    assert speech[4] == ("De heer Van der Berg", "Eh, dat moet in 2019 zijn geweest. [onverstaanbaar]")
    assert speech[1][1] == "Dat is juist. (lacht)"
    assert [x.role for x in t.turns if t.text[x.start : x.end] == "(stilte)"] == ["other"]
    mapped = read_transcript(tmp_path / "verhoor.txt", labels={"Mevrouw Ter Horst": "interviewer"})
    assert {x.speaker: x.role for x in mapped.turns if x.speaker}["Mevrouw Ter Horst"] == "interviewer"


def test_lower_case_titles_in_name_labels(tmp_path: Path) -> None:
    text = ("dhr. Jansen: Goedemorgen.\nmw. De Vries: Goedemorgen, fijn dat u er bent.\n"
            "dhr. Jansen: Hoe lang werkt u bij de KMar?\nmw. De Vries: Twaalf jaar.\n")
    t = read_transcript(_write(tmp_path, "notulen.txt", text))
    assert [s for s, _ in _speech(t)] == ["dhr. Jansen", "mw. De Vries"] * 2
    # a lower-case title alone is no name: the sentence stays text
    t = read_transcript(_write(tmp_path, "zin.txt", "Interviewer: Wie?\nde heer: dat weet ik niet.\nInterviewer: Goed.\n"))
    assert [s for s, _ in _speech(t)] == ["Interviewer", "Interviewer"]


def test_handelingen_label_lines_above_the_speech(tmp_path: Path) -> None:
    text = ("Aanvang 10.15 uur.\n\nDe voorzitter:\nIk open de vergadering.\n\n"
            "De heer Klaver (GroenLinks-PvdA):\nVoorzitter. Dit is mijn punt over de havens in het noorden.\n\n"
            "De heer Klaver (GroenLinks-PvdA):\nIk was aan het woord.\n\n"
            "Mevrouw Lodders (VVD):\nVoorzitter. De douane in Delfzijl heeft te weinig mensen.\n\n"
            "De voorzitter:\nDank u wel. Mevrouw Lodders.\n\nMevrouw Lodders (VVD):\nDank u wel.\n")
    t = read_transcript(_write(tmp_path, "handelingen.txt", text))
    assert _speech(t) == [
        ("De voorzitter", "Ik open de vergadering."),
        ("De heer Klaver (GroenLinks-PvdA)", "Voorzitter. Dit is mijn punt over de havens in het noorden."),
        ("De heer Klaver (GroenLinks-PvdA)", "Ik was aan het woord."),
        ("Mevrouw Lodders (VVD)", "Voorzitter. De douane in Delfzijl heeft te weinig mensen."),
        ("De voorzitter", "Dank u wel. Mevrouw Lodders."), ("Mevrouw Lodders (VVD)", "Dank u wel.")]
    assert t.turns[0].speaker == "" and t.text[t.turns[0].start : t.turns[0].end] == "Aanvang 10.15 uur."


def test_handelingen_bold_label_lines_in_markdown(tmp_path: Path) -> None:
    text = ("# Vergadering 12 maart 2024\n\n**De voorzitter:**\nIk open de vergadering.\n\n"
            "**De heer Klaver (GroenLinks-PvdA):**\nDit is mijn punt.\n\n"
            "**De heer Klaver (GroenLinks-PvdA):**\nIk was aan het woord.\n\n**De voorzitter:**\nDank u wel.\n")
    t = read_transcript(_write(tmp_path, "vlos.md", text))
    assert _speech(t) == [("De voorzitter", "Ik open de vergadering."), ("De heer Klaver (GroenLinks-PvdA)", "Dit is mijn punt."),
                          ("De heer Klaver (GroenLinks-PvdA)", "Ik was aan het woord."), ("De voorzitter", "Dank u wel.")]
    assert [x.role for x in t.turns if x.speaker] == ["interviewer", "respondent", "respondent", "interviewer"]


def test_a_label_mapped_with_labels_is_not_flagged_as_used_once(tmp_path: Path) -> None:
    # The notebook review: the flag "label used once" stayed after the researcher mapped the label.
    text = ("Interviewer: Welkom.\nPieter Bakker: Dank je.\nInterviewer: Hoe lang?\nPieter Bakker: Tien jaar.\n"
            "Interviewer: En daarvoor?\nPieter Bakker: Politie.\nMevrouw Ter Horst: Mag ik iets zeggen?\n"
            "Interviewer: Ja.\nPieter Bakker: Goed.\n")
    _write(tmp_path, "haven.txt", text)
    before = read_corpus(tmp_path).quality.loc["haven", "flags"]
    assert "label(s) used once, not taken as speakers: 'Mevrouw Ter Horst' (line 7)" in before
    after = read_corpus(tmp_path, labels={"mevrouw ter horst": "other"})
    assert "used once" not in after.quality.loc["haven", "flags"]
    t = read_transcript(tmp_path / "haven.txt", labels={"Mevrouw Ter Horst": "other"})
    assert ("Mevrouw Ter Horst", "other") in [(x.speaker, x.role) for x in t.turns]
    assert t.notes == ("label(s) used once that labels=... names, taken as speakers: 'Mevrouw Ter Horst' (line 7)",)
    # a label used once that labels= does not name is still flagged
    _write(tmp_path, "haven.txt", text.replace("Interviewer: Ja.\n", "Interviewer: Ja.\nJan Smit: Ik ook.\n"))
    flags = read_corpus(tmp_path, labels={"Mevrouw Ter Horst": "other"}).quality.loc["haven", "flags"]
    assert "Mevrouw Ter Horst" not in flags and "'Jan Smit' (line 9)" in flags


def test_a_member_who_speaks_once_in_a_debate_is_a_speaker(tmp_path: Path) -> None:
    # Handelingen: an interruption (De heer Wilders) and the minister speak once among titled labels used twice.
    text = ("De voorzitter:\nIk open de vergadering.\n\nDe heer Klaver (GroenLinks-PvdA):\nDit is mijn punt.\n\n"
            "De heer Wilders (PVV):\nDat klopt niet!\n\nDe heer Klaver (GroenLinks-PvdA):\nIk was aan het woord.\n\n"
            "Mevrouw Lodders (VVD):\nDe douane heeft te weinig mensen.\n\nMinister Yeşilgöz-Zegerius:\nDaar kom ik op terug.\n\n"
            "De voorzitter:\nDank u wel.\n\nMevrouw Lodders (VVD):\nDank u wel.\n")
    t = read_transcript(_write(tmp_path, "debat.txt", text))
    speech = _speech(t)
    assert ("De heer Wilders (PVV)", "Dat klopt niet!") in speech
    assert ("Minister Yeşilgöz-Zegerius", "Daar kom ik op terug.") in speech
    assert ("De heer Klaver (GroenLinks-PvdA)", "Dit is mijn punt.") in speech  # not "Dit is mijn punt.\nDe heer Wilders ..."
    assert any(n.startswith("names with a title") and "'De heer Wilders (PVV)' (line 7)" in n for n in t.notes)


def test_french_labels_with_a_space_before_the_colon_and_titles(tmp_path: Path) -> None:
    text = ("Entretien n° 3 – port de Calais\nDate : 12 mars 2022\n\n"
            "Enquêteur : Bonjour, pouvez-vous vous présenter ?\nM. Dupont : Oui, je travaille au port. (rires)\n"
            "Enquêteur : Et depuis ?\nM. Dupont : Beaucoup, euh… surtout depuis 2015. [inaudible]\n"
            "Enquêtrice : Qui contrôle les conteneurs ?\nMme Martin : La douane, bien sûr.\n"
            "Enquêteur : Merci.\nM. Dupont : Je vous en prie.\n")
    t = read_transcript(_write(tmp_path, "calais.txt", text))
    assert t.attributes["date"] == "12 mars 2022"
    assert ("Mme Martin", "La douane, bien sûr.") in _speech(t)
    assert {x.speaker: x.role for x in t.turns if x.speaker} == {
        "Enquêteur": "interviewer", "M. Dupont": "respondent", "Enquêtrice": "interviewer", "Mme Martin": "respondent"}


def test_one_titled_name_alone_does_not_make_sentences_labels(tmp_path: Path) -> None:
    # Without another titled label used twice, a titled name used once stays text (and is noted).
    text = ("Interviewer: Wie belde u?\nRespondent: Eerst de havenmeester.\nInterviewer: En toen?\n"
            "Respondent: Toen de politie.\nInterviewer: Wat zei men?\nRespondent: Niets.\n"
            "Mevrouw De Vries: dat was de buurvrouw.\nInterviewer: Goed.\n")
    t = read_transcript(_write(tmp_path, "kort.txt", text))
    assert {x.speaker for x in t.turns if x.speaker} == {"Interviewer", "Respondent"}
    assert "Mevrouw De Vries: dat was de buurvrouw." in t.text


def test_german_gender_inclusive_role_words(tmp_path: Path) -> None:
    # A German transcription prompt in a public repository asks for "**Interviewer:** Frage und
    # **Interviewte:r:** Antwort"; German projects write the gender mark as ':', '*', '/' or a capital I.
    colon = ("Interviewer:in: Wie lange arbeiten Sie schon im Hafen?\nInterviewte:r: Seit 1998, also (lacht) schon lange.\n"
             "Interviewer:in: Und was hat sich verändert?\nInterviewte:r: Vieles. (...) Der Zoll.\n")
    t = read_transcript(_write(tmp_path, "colon.txt", colon))
    assert [(x.speaker, x.role, t.text[x.start : x.end]) for x in t.turns][:2] == [
        ("Interviewer:in", "interviewer", "Wie lange arbeiten Sie schon im Hafen?"),
        ("Interviewte:r", "respondent", "Seit 1998, also (lacht) schon lange.")]
    star = colon.replace("Interviewer:in:", "Interviewer*in:").replace("Interviewte:r:", "Befragte*r:")
    t = read_transcript(_write(tmp_path, "star.txt", star))
    assert [(x.speaker, x.role) for x in t.turns] == [("Interviewer*in", "interviewer"), ("Befragte*r", "respondent")] * 2
    bold = "\n\n".join(f"**{line.replace(': ', ':** ', 1)}" for line in colon.splitlines())
    t = read_transcript(_write(tmp_path, "bold.md", bold))
    assert [(x.speaker, x.role) for x in t.turns] == [("Interviewer:in", "interviewer"), ("Interviewte:r", "respondent")] * 2
    # a word with a colon that is no role word stays as it was: "Hafen: ..." is speech or a name label
    t = read_transcript(_write(tmp_path, "plain.txt", "I: Wo?\nB: Hafen:in der Nacht.\nI: Und?\nB: Nichts.\n"))
    assert [x.speaker for x in t.turns] == ["I", "B", "I", "B"] and "Hafen:in der Nacht." in t.text


def test_council_minutes_header_keeps_the_chair_as_metadata(tmp_path: Path) -> None:
    # Dutch council minutes (notulen): a header naming the chair and the clerk, then the debate.
    text = ("Notulen van de openbare vergadering van de gemeenteraad van Harlingen\nDatum: 12 maart 2024\n"
            "Voorzitter: de heer R. Sluiter\nGriffier: mevrouw A. de Vries\nAanwezig: 17 leden\n\n"
            "De voorzitter: Ik open de vergadering. Het woord is aan de heer Jansen.\n"
            "De heer Jansen (CDA): Dank u, voorzitter. De haven van Harlingen verdient meer toezicht.\n"
            "Wethouder Bakker: Daar zijn we mee bezig.\nDe heer Jansen (CDA): Wanneer?\nWethouder Bakker: Dit najaar.\n"
            "De voorzitter: Dan sluit ik de vergadering.\n")
    t = read_transcript(_write(tmp_path, "notulen.txt", text))
    assert t.attributes == {"datum": "12 maart 2024", "voorzitter": "de heer R. Sluiter", "griffier": "mevrouw A. de Vries",
                            "aanwezig": "17 leden"}
    assert [(x.speaker, x.role) for x in t.turns if x.speaker] == [
        ("De voorzitter", "interviewer"), ("De heer Jansen (CDA)", "respondent"), ("Wethouder Bakker", "respondent"),
        ("De heer Jansen (CDA)", "respondent"), ("Wethouder Bakker", "respondent"), ("De voorzitter", "interviewer")]
    assert t.turns[0].speaker == "" and "Aanwezig: 17 leden" in t.text[t.turns[0].start : t.turns[0].end]


def test_handelingen_page_as_published(tmp_path: Path) -> None:
    # After zoek.officielebekendmakingen.nl/h-tk-20072008-3777-3782 (Regeling van werkzaamheden), saved as text:
    # the page's header table glued into one line, label lines above the speech, members who speak once.
    text = ("Handeling\n\nDatum publicatieOrganisatieVergaderjaarVergadernummerDatum vergadering\n"
            "Tweede Kamer der Staten-Generaal2007-2008nr. 52, pagina 3777-3782\n\nRegeling van werkzaamheden\n\n"
            "De voorzitter:\n\nHet woord is aan de heer Van der Ham.\n\nDe heer Van der Ham (D66):\n\n"
            "Voorzitter. Mijn fractie ontvangt graag een reactie op het eindrapport GrijsWerkt.\n\n"
            "De heer Van Hijum (CDA):\n\nVoorzitter. Ik vraag mij af waarom wij nog procedurevergaderingen houden.\n\n"
            "De heer Van der Ham (D66):\n\nDat is helemaal waar, maar...\n\nDe voorzitter:\n\n"
            "U hebt steun voor dit verzoek.\n\nMijnheer Ulenbelt, steunt u het verzoek van de heer Van der Ham?\n\n"
            "De heer Ulenbelt (SP):\n\nIntegendeel.\n\nDe heer Fritsma (PVV):\n\nDe PVV-fractie steunt het verzoek niet.\n")
    t = read_transcript(_write(tmp_path, "h-tk-20072008-3777-3782.txt", text))
    assert [(s, x[:24]) for s, x in _speech(t)] == [
        ("De voorzitter", "Het woord is aan de heer"), ("De heer Van der Ham (D66)", "Voorzitter. Mijn fractie"),
        ("De heer Van Hijum (CDA)", "Voorzitter. Ik vraag mij"), ("De heer Van der Ham (D66)", "Dat is helemaal waar, ma"),
        ("De voorzitter", "U hebt steun voor dit ve"), ("De heer Ulenbelt (SP)", "Integendeel."),
        ("De heer Fritsma (PVV)", "De PVV-fractie steunt he")]
    assert "Mijnheer Ulenbelt, steunt u" in _speech(t)[4][1]  # the chair's second paragraph stays the chair's


def test_hostile_gender_colon_lines_are_read_whole(tmp_path: Path) -> None:
    # Long runs of the new label's parts (letters, ':in', spaces) end as text; the label regex is anchored and bounded.
    lines = ["Interviewer:in: Wie?", "Interviewte:r: " + "Ja:in " * 20000, "a" * 50000 + ":in: x",
             "Interviewer" + ":in" * 20000 + ": x", "Interviewer:in" + " " * 50000 + ": x", "Interviewer:in: Gut."]
    t = read_transcript(_write(tmp_path, "lang.txt", "\n".join(lines) + "\n"))
    assert [x.speaker for x in t.turns if x.speaker][:2] == ["Interviewer:in", "Interviewte:r"]
    assert t.text == "\n".join(line.rstrip() for line in lines)  # nothing lost (a line's trailing space aside)
