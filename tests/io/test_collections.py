"""Transcripts as public collections hold them: WhisperX labels, Markdown escapes, block quotes, one-line interviews.

Each fixture has the shape of a real file (named in the test's docstring); the files are
written by the tests themselves.
"""

from researchkit import read_transcript
from researchkit.io.markup import plain_text


def _read(folder, name, text, encoding="utf-8"):
    """Write ``text`` to ``folder/name`` and read it as a transcript."""
    path = folder / name
    path.write_text(text, encoding=encoding)
    return read_transcript(path)

WHISPERX_SRT = """1
00:00:00,549 --> 00:00:14,913
[SPEAKER_00]: Okay, I'm going to stop the press conference here for just a couple of minutes.

2
00:00:15,813 --> 00:00:20,635
[SPEAKER_00]: And one of the parents was Fred, who died of Lou Gehrig's disease.

3
00:00:21,415 --> 00:00:25,296
[SPEAKER_01]: She has challenged me to take the water challenge.

4
00:00:26,223 --> 00:00:40,518
[SPEAKER_00]: So before we do that, I want to thank Mr. Quinn.
"""


def test_whisperx_bracketed_speaker_labels_in_subtitles(tmp_path):
    """A city-council meeting transcribed with WhisperX (``[SPEAKER_00]: ...`` cues, medford-transcripts)."""
    t = _read(tmp_path, "meeting.srt", WHISPERX_SRT)
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("SPEAKER_00", 0.549), ("SPEAKER_01", 21.415), ("SPEAKER_00", 26.223)]
    assert t.turn_text(t.turns[0]).startswith("Okay, I'm going")
    assert "[SPEAKER" not in t.turn_text(t.turns[0])
    assert {x.role for x in t.turns} == {"other"}  # generic speakers, no interviewer in the file
    assert not any("no speaker labels" in n for n in t.notes)


def test_whisperx_text_output_with_an_interviewer(tmp_path):
    """WhisperX's ``.txt`` writes ``[SPEAKER_00]: text`` per segment; a role label beside it gives roles."""
    t = _read(tmp_path, "whisperx.txt", "[SPEAKER_00]: Welcome.\nInterviewer: How did it start?\n[SPEAKER_00]: With a letter.\n"
                    "Interviewer: And then?\n[SPEAKER_00]: Nothing.\n")
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("SPEAKER_00", "respondent"), ("Interviewer", "interviewer"), ("SPEAKER_00", "respondent"),
        ("Interviewer", "interviewer"), ("SPEAKER_00", "respondent"),
    ]
    assert t.text.splitlines()[0] == "[SPEAKER_00]: Welcome."  # the text as written


GDOCS_ESCAPED = r"""\# Interview P07 \- onboarding study

SPEAKER\_00: Thanks for joining. Could you tell me about your first week?

SPEAKER\_01: Sure. The first week was \*really\* chaotic \[laughs\].

SPEAKER\_00: What did you do then?

SPEAKER\_01: I asked on Slack \[inaudible 00:03:12\] and someone sent me a wiki page.
"""


def test_markdown_escapes_do_not_hide_labels_and_the_text_stays_as_written(tmp_path):
    """Google Docs' Markdown export escapes ``_``, ``*``, ``#`` and ``[``: ``SPEAKER\\_00:`` is the speaker ``SPEAKER_00``."""
    t = _read(tmp_path, "p07.md", GDOCS_ESCAPED)
    assert [x.speaker for x in t.turns] == ["", "SPEAKER_00", "SPEAKER_01", "SPEAKER_00", "SPEAKER_01"]
    assert t.text == GDOCS_ESCAPED.replace("\n\n", "\n").rstrip("\n")  # escapes kept: offsets match the file
    assert t.turn_text(t.turns[2]) == r"Sure. The first week was \*really\* chaotic \[laughs\]."
    assert t.turn_text(t.turns[0]) == r"\# Interview P07 \- onboarding study"


def test_block_quoted_turns_in_markdown(tmp_path):
    """A transcript quoted in Markdown: every turn a block quote (``> INTERVIEWER: ...``)."""
    t = _read(tmp_path, "museum.md", "## Transcript excerpt\n\n> INTERVIEWER: Why do you visit museums?\n\n"
                    "> INTERVIEWEE: I like how the Art inspires me.\n\n> INTERVIEWER: Tell me more.\n\n"
                    "> INTERVIEWEE: My Dad was an artist.\n")
    assert [(x.speaker, x.role) for x in t.turns[1:]] == [
        ("INTERVIEWER", "interviewer"), ("INTERVIEWEE", "respondent"), ("INTERVIEWER", "interviewer"),
        ("INTERVIEWEE", "respondent"),
    ]
    assert t.turn_text(t.turns[2]) == "I like how the Art inspires me."


def test_plain_text_maps_every_character_back():
    plain, positions = plain_text(r"> > P\_1: a\\b \[x\]")
    assert plain == r"P_1: a\b [x]"
    written = r"> > P\_1: a\\b \[x\]"
    assert all(written[positions[i]] == ch for i, ch in enumerate(plain))
    assert positions[-1] == len(written)


ONE_LINE = ("Interviewer: Thanks for making time for this. Sound okay? Participant: Sure, that's fine. "
            "Interviewer: Good, let's start broad. What happened? Participant: It was maybe eleven at night: we were running hot. "
            "Interviewer: What did you do first? Participant: Triage got her an ECG within the window.")


def test_a_whole_interview_on_one_line_is_split_where_the_labels_recur(tmp_path):
    """A scraped debrief: title lines, then the whole interview on one line (a RAG benchmark file in the code index)."""
    t = _read(tmp_path, "debrief.md", "# Benchmark\n\n## Prompt 8192\n\nCase 4\n\n" + ONE_LINE + "\n")
    assert t.text == "# Benchmark\n## Prompt 8192\nCase 4\n" + ONE_LINE  # every character kept
    labelled = [x for x in t.turns if x.speaker]
    assert [(x.speaker, x.role) for x in labelled] == [("Interviewer", "interviewer"), ("Participant", "respondent")] * 3
    assert [t.turn_text(x) for x in labelled][:2] == ["Thanks for making time for this. Sound okay?", "Sure, that's fine."]
    assert t.turn_text(labelled[3]) == "It was maybe eleven at night: we were running hot."
    line_start = t.text.index("Interviewer:")
    assert t.text[line_start : labelled[0].start] == "Interviewer: "
    assert any("inside one paragraph split it into turns (line 7: 'Interviewer' x3, 'Participant' x3)" in n for n in t.notes)
    assert not any("only speaker label" in n or "no speaker labels" in n for n in t.notes)


def test_one_line_interview_among_labelled_paragraphs(tmp_path):
    t = _read(tmp_path, "mixed.txt", "I: Hoe begon het?\nR: Met een brief.\n" + ONE_LINE.replace("Participant", "Respondent") + "\nR: Einde.\n")
    assert [x.speaker for x in t.turns] == ["I", "R"] + ["Interviewer", "Respondent"] * 3 + ["R"]
    assert {x.role for x in t.turns if x.speaker in {"Interviewer", "I"}} == {"interviewer"}


def test_prose_with_colons_is_not_split(tmp_path):
    """A label must recur: sentences with a colon, a label once or one label repeated stay one turn."""
    t = _read(tmp_path, "notes.txt", 
        "Interviewer: We spoke about work. Note: she was tired. Later: more. Respondent: ok. Note: again.\n"
        "Respondent: Fine. Interviewer: so? Interviewer: and then? Interviewer: really?\n"
        "Interviewer: The reason was simple: money. The plan was clear: leave. Respondent: yes.\n")
    assert [x.speaker for x in t.turns] == ["Interviewer", "Respondent", "Interviewer"]
    assert not any("inside one paragraph" in n for n in t.notes)


def test_role_words_of_oral_histories_focus_groups_podcasts_and_german_interviews(tmp_path):
    """Oral history's INTERVIEWER/NARRATOR, a focus group's MOD, German IP (Interviewpartner), podcasts' Host/Guest."""
    cases = {
        "oral.txt": ("INTERVIEWER: Where were you born?\nNARRATOR: In Moscow, Idaho.\nINTERVIEWER: When?\nNARRATOR: 1921.\n",
                     {"INTERVIEWER": "interviewer", "NARRATOR": "respondent"}),
        "fg.txt": ("MOD: Welcome everyone.\nP1: Thanks.\nP2: Hi.\nMOD: Let's begin.\nP1: Sure.\nObserver: (notes the time)\n"
                   "Observer: (leaves)\n", {"MOD": "interviewer", "P1": "respondent", "P2": "respondent", "Observer": "other"}),
        "de.txt": ("I: Wie war das damals?\nIP: Ja, das war schwierig.\nI: Warum?\nIP: Wegen der Arbeit.\n",
                   {"I": "interviewer", "IP": "respondent"}),
        "pod.md": ("Host: Welcome to the show.\n\nGuest: Glad to be here.\n\nHost: Tell us more.\n\nGuest: Sure.\n",
                   {"Host": "interviewer", "Guest": "respondent"}),
        "it.txt": ("Intervistatore: Come si chiama?\nIntervistata: Maria.\nIntervistatore: Dove abita?\nIntervistata: A Roma.\n",
                   {"Intervistatore": "interviewer", "Intervistata": "respondent"}),
    }
    for name, (text, roles) in cases.items():
        t = _read(tmp_path, name, text)
        assert {x.speaker: x.role for x in t.turns} == roles, name


def test_assemblyai_lettered_speakers_are_generic(tmp_path):
    """AssemblyAI names speakers ``Speaker A``, ``Speaker B``: generic speakers, as ``Speaker 1`` is."""
    t = _read(tmp_path, "assemblyai.txt", "Speaker A: Hello.\nSpeaker B: Hi there.\nSpeaker A: How are you?\nInterviewer: Let me add a question.\n")
    assert [(x.speaker, x.role) for x in t.turns] == [
        ("Speaker A", "respondent"), ("Speaker B", "respondent"), ("Speaker A", "respondent"), ("Interviewer", "interviewer")]


ETHW = """## About the Interview

RONALD ARKIN: An Interview Conducted by Peter Asaro, IEEE History Center, 16 September 2014 

## Interview

INTERVIEWEE: Ronald Arkin 
INTERVIEWER: Peter Asaro 
DATE: 16 September 2014 
PLACE: Chicago, IL 

### Early Life and Education

Asaro: 

If you could just start by telling us where you were born? 

Arkin: 

I was born in New York City, New York – Manhattan. 

Asaro: 

What did you study as an undergraduate? 

Arkin: 

Two things. <laughs> Chemistry and mathematics. 
"""


def test_oral_history_header_block_below_a_title_credit_gives_the_roles(tmp_path):
    """IEEE History Center (ETHW) oral histories: a credit line, an INTERVIEWEE/INTERVIEWER block, surname labels alone on a line."""
    t = _read(tmp_path, "arkin.md", ETHW)
    assert t.attributes["interviewer"] == "Peter Asaro" and t.attributes["interviewee"] == "Ronald Arkin"
    assert [(x.speaker, x.role) for x in t.turns if x.speaker] == [("Asaro", "interviewer"), ("Arkin", "respondent")] * 2
    assert t.turn_text(t.turns[-1]) == "Two things. <laughs> Chemistry and mathematics."


MAHONEY_HTML = """<HTML><HEAD><TITLE>MORRIS 1 &amp; 2</TITLE>
<META NAME="GENERATOR" CONTENT="Internet Assistant for Microsoft Word 2.0z"></HEAD><BODY>
<P><B><FONT SIZE=4>Interview with Bob Morris<BR></FONT></B>
<P>MSM:  Talked to Doug McIlroy and Ken Thompson.  Have I missed someone important?
<P>
<P>Morris: Well, there's three people, that they have missed.  <BR>
<P>MSM: Who was the first person?  <BR>
<P>Morris:  Lee McMahon.  He died about two years ago.  <BR>
<P>MSM: Rudd Canaday?  <BR>
<P>Morris: That's probably who I'm thinking of.  <BR>
<P>MSM: It's gotta be '69.<BR>
<P>Morris: Maybe.  Huh?<BR>
<P>MSM: What were you using a computer for?<BR>
<P>Morris: I'm a mathematician. ______________________________ Period.<BR>
</BODY></HTML>
"""


def test_the_speaker_who_asks_is_the_interviewer_when_no_label_says_so(tmp_path):
    """Mahoney's Unix oral histories (Word 2.0 HTML): ``MSM:`` asks, ``Morris:`` answers; no role word anywhere."""
    t = _read(tmp_path, "morris.htm", MAHONEY_HTML, encoding="latin-1")
    assert [(x.speaker, x.role) for x in t.turns if x.speaker][:2] == [("MSM", "interviewer"), ("Morris", "respondent")]
    assert {x.role for x in t.turns if x.speaker == "Morris"} == {"respondent"}
    assert any("'MSM' ends 4 of 5 turns with a question" in n and "labels=" in n for n in t.notes)


def test_no_interviewer_is_guessed_without_clear_evidence(tmp_path):
    """Both ask (a conversation), or a role word names the interviewer: nothing is inferred."""
    both = "Ann: Why?\nBob: Why not?\nAnn: Really?\nBob: Are you sure?\nAnn: Yes?\nBob: Fine?\n"
    named = "Interviewer: Fine.\nAnn: Why?\nBob: Ok.\nAnn: Why?\nBob: Ok.\nAnn: When?\nBob: Ok.\n"
    for name, text in {"both.txt": both, "named.txt": named}.items():
        t = _read(tmp_path, name, text)
        assert not any("no label names the interviewer" in n for n in t.notes), name
        assert {x.role for x in t.turns if x.speaker in {"Ann", "Bob"}} == ({"other"} if name == "both.txt" else {"respondent"})


def test_bracketed_speaker_and_time_without_a_colon(tmp_path):
    """Oxide and Friends transcripts: ``[Speaker 1] [00:00] text``, one line per segment."""
    t = _read(tmp_path, "turkeys.md", "[Speaker 1] [00:00] Yeah. I was just in the trial space.\n[Speaker 2] [00:04] What? What? No.\n"
                    "[Speaker 1] [00:08] Like a postmortem.\n[Speaker 2] [01:05] That's a crock.\n")
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("Speaker 1", 0.0), ("Speaker 2", 4.0), ("Speaker 1", 8.0),
                                                            ("Speaker 2", 65.0)]
    assert t.turn_text(t.turns[1]) == "What? What? No."
    assert not any("no speaker labels" in n for n in t.notes)


def test_whisper_tsv_is_a_transcript_with_millisecond_times(tmp_path):
    """openai-whisper's ``--output_format tsv``: ``start``, ``end`` (whole milliseconds), ``text``; no speaker column."""
    import researchkit as rk

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "episode.tsv").write_text("start\tend\ttext\n0\t4200\t Welcome to the show.\n4200\t9800\t Thanks for having me.\n"
                                        "9800\t15000\t So, tell us about the project.\n", encoding="utf-8")
    (folder / "attributes_like.csv").write_text("start,end,comment\n2024-03-01,2024-03-05,first wave\n", encoding="utf-8")
    corpus = rk.read_corpus(folder, strict=False)
    t = corpus["episode"]
    assert [(x.timestamp, t.turn_text(x)) for x in t.turns] == [
        (0.0, "Welcome to the show."), (4.2, "Thanks for having me."), (9.8, "So, tell us about the project.")]
    assert any("whole milliseconds" in n for n in t.notes)
    assert len(corpus) == 1  # dates in start/end: not a transcript, skipped and listed
    assert any("attributes_like.csv" in n for n in corpus.notes)


def test_time_range_before_the_label(tmp_path):
    """A German interview with clip placements: ``[00:00:02–00:00:32] I: ...`` (en dash between the times)."""
    t = _read(tmp_path, "weber.txt", "SYNTHETISCHES TESTINTERVIEW\n\nI = Interviewleitung; P = Lehrkraft Frau Weber.\n\n"
                    "[00:00:02–00:00:32] I: Guten Tag, Frau Weber. Was fällt Ihnen als Erstes ein?\n\n"
                    "[00:00:33–00:01:06] P: Als Erstes? Ehrlich gesagt die vielen Passwörter.\n\n"
                    "[00:01:06–00:01:23] I: Können Sie eine Situation beschreiben?\n\n"
                    "[00:01:24–00:02:07] P: Ja, die Fehlersuche.\n")
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns if x.speaker] == [
        ("I", "interviewer", 2.0), ("P", "respondent", 33.0), ("I", "interviewer", 66.0), ("P", "respondent", 84.0)]
    assert t.turn_text(t.turns[-1]) == "Ja, die Fehlersuche."


def test_a_label_that_declares_its_short_form_is_one_speaker_with_it(tmp_path):
    """An interview write-up: ``**Interviewer (I):**`` on first use, ``**I:**`` after (zosmf interview samples)."""
    t = _read(tmp_path, "zosmf.md", "# Interview Transcript\n\n**Interviewer (I):** Thank you. Could you start with your role?\n\n"
                    "**Respondent (R):** Sure. I've been a system programmer.\n\n**I:** Great. How do you use it?\n\n"
                    "**R:** Certainly.\n\n**I:** Thanks.\n\n**R:** Welcome.\n\n**Ashlee Kupor (SL):** Hi.\n\n"
                    "**Ashlee Kupor (SL):** Bye.\n")
    assert [x.speaker for x in t.turns if x.speaker] == ["I", "R", "I", "R", "I", "R", "Ashlee Kupor (SL)", "Ashlee Kupor (SL)"]
    assert any("'**Interviewer (I):**' (line 3) as 'I'" in n for n in t.notes)


def test_whisper_console_output_without_speakers_keeps_its_times(tmp_path):
    """openai-whisper's verbose output saved as text: ``[00:00.000 --> 00:07.680]  words`` per segment, no labels."""
    t = _read(tmp_path, "keitai.txt", "[00:00.000 --> 00:07.680]  hello everyone and welcome to yet another hit save podcast\n"
                    "[00:07.680 --> 00:15.920]  keitai phone game preservation\n[01:02.880 --> 01:10.480]  the founder\n")
    assert [(x.timestamp, t.turn_text(x)) for x in t.turns] == [
        (0.0, "hello everyone and welcome to yet another hit save podcast"), (7.68, "keitai phone game preservation"),
        (62.88, "the founder")]
    assert t.text.startswith("[00:00.000 --> 00:07.680]  hello")  # the times stay in the text, outside the turns


def test_one_line_interview_with_times_before_the_labels():
    """A copied transcript with its times: ``[00:00:05] Respondent: ...`` inside one paragraph."""
    from researchkit.io.assemble import RawParagraph, assemble

    line = ("[00:00:01] Interviewer: Hi there. [00:00:05] Respondent: Hello. [00:00:09] Interviewer: Ready? "
            "[00:00:12] Respondent: Yes.")
    t = assemble("x", [RawParagraph(line, "line 1")])
    assert [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns] == [
        ("Interviewer", 1.0, "Hi there."), ("Respondent", 5.0, "Hello."), ("Interviewer", 9.0, "Ready?"),
        ("Respondent", 12.0, "Yes.")]
    assert t.text == line


def test_a_heading_that_is_only_a_time_range_times_the_next_turn(tmp_path):
    """A symposium Q&A in Markdown: ``## 00:20:00.000–00:31:45.000`` sections, then ``Name, PhD:`` labels."""
    t = _read(tmp_path, "qa.md", "## 00:20:00.000–00:31:45.000\n\nOnno Meijer, PhD: We got a trial approved.\n\n"
                    "Moderator: Thank you. Questions?\n\nAudience: Should we consider that?\n\n"
                    "Onno Meijer, PhD: It is a good question.\n\nAudience: Thank you.\n\nModerator: Okay.\n")
    assert [(x.speaker, x.role, x.timestamp) for x in t.turns][:3] == [
        ("Onno Meijer, PhD", "respondent", 1200.0), ("Moderator", "interviewer", None), ("Audience", "other", None)]
    assert t.turn_at(t.text.index("00:20")) is None  # the heading is in no turn, and stays in the text


def test_a_numbered_speaker_who_speaks_once_is_no_parse_error_but_a_once_used_name_still_is():
    from researchkit.transcripts import Transcript, Turn, quality_flags

    def transcript(labels):
        text, turns = "", []
        for label in labels:
            line = f"{label}: Something was said here."
            start = len(text) + len(label) + 2
            text += line + "\n"
            turns.append(Turn(label, "other", start, start + len("Something was said here.")))
        return Transcript("M1", text.rstrip("\n"), tuple(turns))

    meeting = transcript(["Speaker 1", "Speaker 2"] * 3 + ["SPEAKER_04", "Speaker 3"])
    assert not any("used once" in flag for flag in quality_flags(meeting))
    named = transcript(["Anna", "Bert"] * 3 + ["Notitie"])
    assert "label(s) used once: Notitie" in quality_flags(named)
