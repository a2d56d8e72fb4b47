"""CHAT ``.cha`` transcripts (TalkBank: CHILDES, CABank, AphasiaBank): utterances as transcribed, media bullets as
turn times, @Participants/@ID as speakers, roles and attributes, what is not speech in notes, and the quirks of real
files (no @UTF8, a space for the tab, headers before @Begin, three speakers of one role, old %snd bullets)."""

from __future__ import annotations

import pytest

from researchkit import read_corpus
from researchkit.errors import CODES, TranscriptError
from researchkit.io import read_transcript

NAK = "\x15"

# An AphasiaBank-style interview: header block, gem, bullets (one mid-utterance, on a continuation line), %mor/%gra/%com.
PITT = (
    "@UTF8\n@PID:\t11312/t-00002178-1\n@Begin\n@Languages:\teng\n@Participants:\tPAR Participant, INV Investigator\n"
    "@ID:\teng|Pitt|PAR|58;|female|Control||Participant|14||\n@ID:\teng|Pitt|INV|||||Investigator|||\n"
    "@Media:\t002-0c, audio\n@Date:\t03-MAR-1988\n@Location:\tPittsburgh, PA USA\n@Comment:\tcookie theft picture\n"
    "@G:\tCookie\n"
    f"*INV:\tjust tell me what you see happening in that picture . {NAK}12_2250{NAK}\n"
    f"*PAR:\t&-uh the boy is [/] is climbing on the stool {NAK}2300_5120{NAK}\n"
    f"\tand the stool is +... {NAK}5200_6010{NAK}\n"
    "%mor:\tdet:art|the n|boy aux|be&3S part|climb-PRESP\n%gra:\t1|2|DET 2|4|SUBJ\n"
    "%com:\tpoints at the picture\n"
    f"*PAR:\tand the mother &-um is <drying> [//] washing dishes . {NAK}6100_9000{NAK}\n"
    f"*INV:\tmhm . {NAK}9100_9400{NAK}\n@End\n"
)


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_an_interview_reads_as_transcribed_with_bullets_as_times(tmp_path):
    t = read_transcript(_write(tmp_path, "pitt_002.cha", PITT))
    assert t.source.format == "chat" and t.source.encoding == "utf-8"
    assert t.text == (
        "Investigator: just tell me what you see happening in that picture .\n"
        "Participant: &-uh the boy is [/] is climbing on the stool and the stool is +...\n"
        "and the mother &-um is <drying> [//] washing dishes .\n"
        "Investigator: mhm ."
    )
    assert _turns(t) == [
        ("Investigator", "interviewer", 0.012, "just tell me what you see happening in that picture ."),
        ("Participant", "respondent", 2.3, "&-uh the boy is [/] is climbing on the stool and the stool is +...\n"
                                           "and the mother &-um is <drying> [//] washing dishes ."),
        ("Investigator", "interviewer", 9.1, "mhm ."),
    ]
    for turn in t.turns:  # offsets are sacred: the span is the words, no label, no bullet, no blank at either end
        span = t.text[turn.start : turn.end]
        assert span == span.strip() and NAK not in span and not span.startswith(turn.speaker)
    assert len(t.paragraphs) == 4  # one paragraph per utterance
    assert t.attributes == {
        "pid": "11312/t-00002178-1", "languages": "eng", "media": "002-0c", "media_type": "audio", "date": "03-MAR-1988",
        "location": "Pittsburgh, PA USA", "comment": "cookie theft picture", "corpus": "Pitt",
        "participants": "PAR: Participant, 58;, female, Control, 14; INV: Investigator",
        "age": "58;", "sex": "female", "group": "Control", "education": "14", "gems": "Cookie",
    }
    notes = "\n".join(t.notes)
    assert "4 utterance(s) of 2 speaker(s)" in notes
    assert "5 media bullet(s)" in notes
    assert "3 dependent tier line(s) are not speech and are left out of the text: %com 1, %gra 1, %mor 1" in notes
    assert "line 18 %com 'points at the picture'" in notes
    assert "line 12 @G 'Cookie'" in notes


def test_speakers_name_else_role_else_code_and_clashes_told_apart_by_code(tmp_path):
    # batchalign writes three speakers of one role; an undeclared code is a slip that real files have
    text = ("@UTF8\n@Begin\n@Participants:\tPAR0 Participant, INV1 Participant, URS Ursula_Bellugi Investigator,\n"
            "\tCHI Target_Child\n*PAR0:\tI like beans .\n*INV1:\tso ‡ she doesn't have a list .\n*URS:\twhat's that ?\n"
            "*CHI:\ta ball .\n*XYZ:\tcome here .\n@End\n")
    t = read_transcript(_write(tmp_path, "a.cha", text))
    assert [(s, r) for s, r, _, _ in _turns(t)] == [
        ("Participant (PAR0)", "respondent"), ("Participant (INV1)", "respondent"), ("Ursula Bellugi", "interviewer"),
        ("Target Child", "respondent"), ("XYZ", "other"),
    ]
    assert any("not declared in @Participants: XYZ (line 9)" in n for n in t.notes)
    # the user's labels win over the roles @Participants gives
    again = read_transcript(tmp_path / "a.cha", labels={"Ursula Bellugi": "other", "XYZ": "interviewer"})
    assert [turn.role for turn in again.turns][2:] == ["other", "respondent", "interviewer"]
    # ... and may name a speaker by its CHAT code
    by_code = read_transcript(tmp_path / "a.cha", labels={"INV1": "interviewer"})
    assert [turn.role for turn in by_code.turns][:2] == ["respondent", "interviewer"]


def test_child_language_roles_and_ca_symbols_stay_as_written(tmp_path):
    text = ("@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Ross Target_Child, MOT Mother, FAT Father\n@Options:\tCA\n"
            "@ID:\teng|MacWhinney|CHI|2;06.|male|||Target_Child|||\n"
            "*CHI:\tI want ⌈ cookie ⌉ please .\n*MOT:\t⌊ no ⌋ you ↑cannot∙ (.) .\n*CHI:\tbut <I want> [>] one@s:spa .\n"
            "*FAT:\t+< xxx 0 [=! laughs] .\n*CHI:\tI want [/] want it +/.\n@End\n")
    t = read_transcript(_write(tmp_path, "ross.cha", text))
    assert _turns(t) == [
        ("Ross", "respondent", None, "I want ⌈ cookie ⌉ please ."),
        ("Mother", "other", None, "⌊ no ⌋ you ↑cannot∙ (.) ."),
        ("Ross", "respondent", None, "but <I want> [>] one@s:spa ."),
        ("Father", "other", None, "+< xxx 0 [=! laughs] ."),
        ("Ross", "respondent", None, "I want [/] want it +/."),
    ]
    assert t.attributes["participants"] == "CHI: Ross, Target_Child, 2;06., male; MOT: Mother; FAT: Father"
    assert t.attributes["options"] == "CA" and t.attributes["age"] == "2;06."


def test_quirks_of_real_files_no_utf8_spaces_crlf_bom_and_headers_before_begin(tmp_path):
    # a generator's file: no @UTF8, no @ID, a space where CHAT wants a tab, CRLF, BOM, CLAN's editor headers
    text = ("\ufeff@Window:\t30_471_890_1011_-1_-1_224_0_224_0\r\n@Font:\tWin:Courier New:14:25\r\n@Begin\r\n"
            "@Languages: eng\r\n@Participants: PAR Participant, INV Investigator\r\n*PAR: the boy is climbing the tree\r\n"
            "*INV: what else do you see?\r\n*PAR: bird flying away\r\n")
    t = read_transcript(_write(tmp_path, "gen.cha", text))
    assert t.text == "Participant: the boy is climbing the tree\nInvestigator: what else do you see?\nParticipant: bird flying away"
    assert [t.text[turn.start : turn.end] for turn in t.turns] == ["the boy is climbing the tree", "what else do you see?",
                                                                   "bird flying away"]
    notes = "\n".join(t.notes)
    assert "no @UTF8 line" in notes and "valid UTF-8" in notes
    assert "the file has no @End line" in notes
    assert "@Window, @Font" in notes and "window" not in t.attributes


def test_a_legacy_file_without_utf8_is_decoded_and_noted(tmp_path):
    text = f"@Begin\n@Participants:\tINV Investigator, PAR Participant\n*INV:\tcafé ? {NAK}0_900{NAK}\n*PAR:\tnaïve ja .\n@End\n"
    t = read_transcript(_write(tmp_path, "old.cha", text, encoding="cp1252"))
    assert [t.text[turn.start : turn.end] for turn in t.turns] == ["café ?", "naïve ja ."]
    assert t.turns[0].timestamp == 0.0
    assert any("no @UTF8 line" in n and "cp1252" in n for n in t.notes)


def test_old_snd_bullets_dot_bullets_and_picture_links(tmp_path):
    text = (f'@UTF8\n@Begin\n@Participants:\tFA1 Father, CHI Target_Child\n'
            f'*FA1:\t<good morning.> [!=sings] {NAK}%snd:"A787_001109"_27329_29409{NAK}\n'
            f'*CHI:\tmorning {NAK}%pic:"a18/image002.jpg"{NAK} daddy . \u202229500_30000\u2022\n'
            f'*FA1:\t{NAK}31000_32000{NAK}\n*CHI:\tup . {NAK}33000_32500{NAK}\n@End\n')
    t = read_transcript(_write(tmp_path, "fa.cha", text))
    assert _turns(t) == [("Father", "other", 27.329, "<good morning.> [!=sings]"),
                         ("Target Child", "respondent", 29.5, "morning daddy .\nup .")]
    notes = "\n".join(t.notes)
    assert "1 bullet(s) that are no time" in notes
    assert "1 utterance(s) without words (only media bullets, or nothing after the code): line 6" in notes
    assert "1 end before they start" in notes


def test_comments_gems_and_headers_between_utterances_are_notes_not_text(tmp_path):
    text = ("@UTF8\n@Begin\n@Participants:\tCHI Child, MOT Mother\n@Bg:\tmorning play\n*CHI:\thello . [+ bch]\n"
            "@Comment:\tCHI points at the shelf\n\tlooking at MOT\n*MOT:\tgood morning .\n@Eg:\tmorning play\n"
            "@New Episode\n@Situation:\tbath\n%com:\tno tier above\n*CHI:\tlook a butterfly !\n%act:\tpoints\n@End\n"
            "@Comment:\tafter the end\n")
    t = read_transcript(_write(tmp_path, "gems.cha", text))
    assert t.text == "Child: hello . [+ bch]\nMother: good morning .\nChild: look a butterfly !"
    assert t.attributes["gems"] == "morning play"
    notes = "\n".join(t.notes)
    assert "line 6 @Comment 'CHI points at the shelf looking at MOT'" in notes
    assert "2 gem marker(s)" in notes and "line 4 @Bg 'morning play'; line 9 @Eg 'morning play'" in notes
    assert "2 header line(s) between the utterances left out of the text: line 10 @New Episode; line 11 @Situation 'bath'" in notes
    assert "1 line(s) after @End (no utterances) ignored: line 16" in notes
    assert "%act 1, %com 1" in notes


def test_slips_clan_check_reports_are_read_with_a_note(tmp_path):
    # a line without its tab, a code without its colon (CHECK 2), no blank after the colon (CHECK 3), @Begins (CHECK 6)
    text = ("@UTF8\n@Begins\n@Participants:\tCHI Child, MOT Mother\n*CHI:\tI want\nthe ball .\n*MOT\tno .\n"
            "*CHI:hello .\n@End\n")
    t = read_transcript(_write(tmp_path, "a.cha", text))
    assert _turns(t) == [("Child", "other", None, "I want the ball ."), ("Mother", "other", None, "no ."),
                         ("Child", "other", None, "hello .")]
    notes = "\n".join(t.notes)
    assert "1 line(s) start with neither a tier mark nor a tab; read as the continuation of the line above: line 5" in notes
    assert "1 utterance(s) lack the colon after the speaker code (*CHI<tab>...); read as that speaker's: line 6" in notes
    assert "the file has no @Begin line" in notes


def test_a_speaker_is_never_taken_from_the_words(tmp_path):
    # words that look like a label, metadata or a service credit are an utterance's words, and stay in its turn
    said = ["Date: 12 May 2020 .", "INTERVIEWER: hello .", "Transcribed by https://otter.ai", "00:01:02 .", "(.) yes ."]
    text = "@UTF8\n@Begin\n@Participants:\tPAR Participant, INV Investigator\n" + "".join(
        f"*{'INV' if i % 2 else 'PAR'}:\t{s}\n" for i, s in enumerate(said)) + "@End\n"
    t = read_transcript(_write(tmp_path, "a.cha", text))
    assert [(turn.speaker, t.turn_text(turn)) for turn in t.turns] == [
        ("Participant" if i % 2 == 0 else "Investigator", s) for i, s in enumerate(said)]
    assert "date" not in t.attributes


@pytest.mark.parametrize(("text", "code", "words"), [
    ("Hello, this is a text file.\n*CHI:\thi .\n", "RK116", ["line 1", "not a CHAT file", "'Hello, this is a text file.'"]),
    ("@UTF8\n@Begin\n@Participants:\tCHI Child\n@End\n", "RK104", ["has no utterances"]),
    (f"@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\t{NAK}1_2{NAK}\n@End\n", "RK104", ["none with words"]),
    ("@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI hello .\n@End\n", "RK117", ["line 4", "'*CHI hello .'", "*CODE:"]),
    ("@UTF8\n*CHI:\thello .\n@Begin\n@Participants:\tCHI Child\n@End\n", "RK118", ["line 2", "before @Begin (line 3)"]),
    ("@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\thi .\n@End\n*CHI:\tagain .\n", "RK118",
     ["line 6", "after @End (line 5)", "two transcripts"]),
])
def test_malformed_files_name_the_file_the_line_and_what_to_do(tmp_path, text, code, words):
    with pytest.raises(TranscriptError, match="What to do") as err:
        read_transcript(_write(tmp_path, "bad.cha", text))
    message = str(err.value)
    assert err.value.code == code and "bad.cha" in message
    for word in words:
        assert word in message


def test_utf8_declared_but_not_utf8_and_nul_bytes_are_rk119(tmp_path):
    path = tmp_path / "latin.cha"
    path.write_bytes("@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\tcafé .\n@End\n".encode("latin-1"))
    with pytest.raises(TranscriptError, match=r"RK119.*latin\.cha, line 4: says @UTF8 but is not UTF-8: byte\(s\) b'\\xe9'"):
        read_transcript(path)
    assert read_transcript(path, encoding="latin-1").turn_text(read_transcript(path, encoding="latin-1").turns[0]) == "café ."
    nul = tmp_path / "nul.cha"
    nul.write_bytes(b"@UTF8\n@Begin\n*CHI:\thi\x00 .\n")
    with pytest.raises(TranscriptError, match=r"RK119.*nul\.cha, line 3: contains a NUL character \(character 21, line 3\)"):
        read_transcript(nul)
    # a UTF-16 file (a Windows editor's "Unicode") with its byte-order mark reads; its bullets are times
    wide = tmp_path / "wide.cha"
    wide.write_bytes(f"@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\tcafé . {NAK}5_9{NAK}\n@End\n".encode("utf-16"))
    t = read_transcript(wide)
    assert (t.source.encoding, t.turn_text(t.turns[0]), t.turns[0].timestamp) == ("utf-16", "café .", 0.005)
    assert any("utf-16" in n for n in t.notes)
    assert {"RK116", "RK117", "RK118", "RK119"} <= set(CODES)


def test_hostile_long_lines_and_many_bullets_stay_linear(tmp_path):
    # a bullet never opened or closed, a very long utterance, a very long speaker code: read or refused, quickly
    long_words = "la " * 200_000
    text = (f"@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\t{long_words}{NAK}{'1' * 5000} .\n"
            f"*CHI:\t{(NAK + '1_2' + NAK + ' a ') * 20_000}.\n*CHI:\tb{' ' * 200_000}{NAK}\n@End\n")
    t = read_transcript(_write(tmp_path, "long.cha", text))
    assert NAK not in t.text and len(t.turns) == 1
    # the lone NAK left; 20 000 bullets out; the turn's first utterance has no time, so the turn has none
    assert t.text.count("\n") == 2 and t.text.endswith("\nb") and t.turns[0].timestamp is None
    assert any("20000 media bullet(s)" in n for n in t.notes)
    with pytest.raises(TranscriptError, match="RK117"):
        read_transcript(_write(tmp_path, "code.cha", f"@Begin\n*{'C' * 40}:\thi .\n"))


def test_read_corpus_reads_cha_files_beside_other_formats(tmp_path):
    _write(tmp_path, "pitt_002.cha", PITT)
    (tmp_path / "R01.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    corpus = read_corpus(tmp_path)
    assert corpus.doc_ids == ["R01", "pitt_002"]
    assert corpus["pitt_002"].attributes["corpus"] == "Pitt"
    assert set(corpus.turns.query("doc_id == 'pitt_002'")["role"]) == {"interviewer", "respondent"}


def test_a_declared_speaker_heard_once_is_no_parse_error_and_many_speakers_stay_linear(tmp_path):
    text = ("@UTF8\n@Begin\n@Participants:\tINV Investigator, PAR Participant, MOT Mother\n*INV:\ta .\n*PAR:\tb .\n"
            "*INV:\tc .\n*PAR:\td .\n*MOT:\te .\n*INV:\tf .\n*PAR:\tg .\n@End\n")
    t = read_transcript(_write(tmp_path, "once.cha", text))
    assert any(n.startswith("speaker(s) who speak once, declared in the file's list of participants") and "'Mother' (line 8)" in n
               for n in t.notes)
    assert not any("labels=... names" in n for n in t.notes)
    corpus = read_corpus([tmp_path / "once.cha"])
    assert not any("used once" in flag for flag in corpus.quality.loc["once", "flags"].split("; "))
    # 20 000 speakers heard once each (undeclared): every one a turn of its own, read in one pass
    many = "@UTF8\n@Begin\n@Participants:\tINV Investigator\n" + "".join(f"*P{i}:\tx .\n" for i in range(20_000))
    t = read_transcript(_write(tmp_path, "many.cha", many))
    assert len(t.turns) == 20_000 and t.turns[-1].speaker == "P19999"


def test_old_clan_file_with_font_line_above_utf8_is_read_as_utf8_without_a_note(tmp_path):
    """Older CLAN files open with ``@Font:`` (and ``@Color words:``) above ``@UTF8``."""
    text = ("@Font:\tCAfont:12:0\n@UTF8\n@Color words:\t%pic: 1 1175\n@Begin\n@Languages:\teng\n"
            "@Participants:\tGRI Ann_Gray Participant, DIM Dan Participant\n"
            "*DIM:\twhy are you smiling↘ \x1530738_31655\x15\n*GRI:\ti did \x1531700_32100\x15\n@End\n")
    t = read_transcript(_write(tmp_path, "panel.cha", text))
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [("Dan", 30.738, "why are you smiling↘"), ("Ann Gray", 31.7, "i did")]
    assert not any("@UTF8" in n for n in t.notes)
    assert any("@Font" in n for n in t.notes)
