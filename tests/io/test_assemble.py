from researchkit.io.assemble import RawParagraph, assemble


def _paras(*texts):
    return [RawParagraph(t, f"line {i}") for i, t in enumerate(texts, 1)]


def test_turn_spans_exclude_labels_and_join_continuations():
    t = assemble("d", _paras("I: Wat zag u?", "R: Een busje.", "Om drie uur.", "I (00:01:00): En?"))
    assert [t.turn_text(x) for x in t.turns] == ["Wat zag u?", "Een busje.\nOm drie uur.", "En?"]
    assert [x.role for x in t.turns] == ["interviewer", "respondent", "interviewer"]
    assert t.turns[2].timestamp == 60.0
    assert t.text == "I: Wat zag u?\nR: Een busje.\nOm drie uur.\nI (00:01:00): En?"


def test_canonical_text_is_nfc_without_bom_and_crlf():
    t = assemble("d", _paras("\ufeffI: Cafe\u0301?\r\nja"))
    assert t.text == "I: Café?\nja"
    assert "\r" not in t.text and "\ufeff" not in t.text


def test_preamble_becomes_other_turn():
    t = assemble("d", _paras("Interview met havenmeester", "I: Dag.", "R: Hoi."))
    assert t.turns[0].role == "other" and t.turn_text(t.turns[0]) == "Interview met havenmeester"


def test_no_labels_gives_one_turn_per_paragraph_and_a_note():
    t = assemble("d", _paras("Hoe gaat het?", "Goed.", "Mooi."))
    assert [x.role for x in t.turns] == ["other"] * 3
    assert t.notes and "no speaker labels" in t.notes[0]


def test_single_capitalised_word_with_colon_is_not_a_speaker():
    t = assemble("d", _paras("I: Wat vond u?", "R: Nou.", "Kijk: dat is het.", "I: Ok."))
    assert [x.speaker for x in t.turns] == ["I", "R", "I"]
    assert t.turn_text(t.turns[1]) == "Nou.\nKijk: dat is het."


def test_names_that_recur_are_speakers_and_get_roles_from_interviewer_attribute():
    t = assemble(
        "d",
        _paras("Marieke Hoekstra: Dag.", "Henk: Hoi.", "Marieke Hoekstra: Hoe gaat het?", "Henk: Goed."),
        attributes={"interviewer": "Marieke Hoekstra"},
    )
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Marieke Hoekstra", "interviewer"), ("Henk", "respondent"),
        ("Marieke Hoekstra", "interviewer"), ("Henk", "respondent"),
    ]


def test_offsets_invariant_on_every_turn():
    t = assemble("d", _paras("  I:   Dag.  ", "R:Hoi", "", "   ", "I: [lacht] ok"))
    for turn in t.turns:
        content = t.text[turn.start : turn.end]
        assert content == content.strip() and content
    assert [t.turn_text(x) for x in t.turns] == ["Dag.", "Hoi", "[lacht] ok"]


def test_empty_label_line_takes_next_paragraph():
    t = assemble("d", _paras("I:", "Wat zag u?", "R: Niks."))
    assert [(x.role, t.turn_text(x)) for x in t.turns] == [("interviewer", "Wat zag u?"), ("respondent", "Niks.")]
