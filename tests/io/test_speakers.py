import pytest

from researchkit.errors import ConfigurationError
from researchkit.io.speakers import LabelMap, match_label, match_label_line, parse_timestamp
from researchkit.io.timemarks import match_timestamp_only


@pytest.mark.parametrize(
    "paragraph, label, ts, content",
    [
        ("I: Goedemorgen.", "I", None, "Goedemorgen."),
        ("R: Ja.", "R", None, "Ja."),
        ("Interviewer: Dag.", "Interviewer", None, "Dag."),
        ("Interviewer 1: Dag.", "Interviewer 1", None, "Dag."),
        ("Interviewer1 : Dag.", "Interviewer1", None, "Dag."),
        ("interviewee: hmm", "interviewee", None, "hmm"),
        ("Respondent 3: Nee.", "Respondent 3", None, "Nee."),
        ("Q: Why?", "Q", None, "Why?"),
        ("A: Because.", "A", None, "Because."),
        ("Moderator: Welkom allemaal.", "Moderator", None, "Welkom allemaal."),
        ("Geïnterviewde: Klopt.", "Geïnterviewde", None, "Klopt."),
        ("[00:12:03] I: En toen?", "I", 723.0, "En toen?"),
        ("I (00:12:03): En toen?", "I", 723.0, "En toen?"),
        ("(00:12:03) R: Niks.", "R", 723.0, "Niks."),
        ("00:01:02 R: Niks.", "R", 62.0, "Niks."),
        ("Jan de Vries: Ik zag een busje.", "Jan de Vries", None, "Ik zag een busje."),
    ],
)
def test_label_variants(paragraph, label, ts, content):
    m = match_label(paragraph)
    assert m is not None
    assert m.label == label
    assert m.timestamp == ts
    assert paragraph[m.content_start :] == content


@pytest.mark.parametrize(
    "paragraph",
    [
        "Dat is het punt: niemand kijkt.",
        "om 10:30 uur kwam de boot binnen",
        "zie https://example.org voor meer",
        "collega's zeggen altijd: pas op.",
    ],
)
def test_sentences_with_colons_are_not_labels(paragraph):
    m = match_label(paragraph)
    assert m is None or m.evidence == "name"


def test_name_longer_than_63_characters_is_not_a_label():
    label = "Jan " + "Van " * 20
    assert match_label(f"{label.strip()}: hallo") is None


def test_bold_label_without_colon():
    m = match_label("Henk Zijlstra\tNou, kijk.", bold_prefix=len("Henk Zijlstra"))
    assert m.label == "Henk Zijlstra"
    assert "Henk Zijlstra\tNou, kijk."[m.content_start :] == "Nou, kijk."


def test_fully_bold_title_is_not_a_label():
    assert match_label("Interview 1", bold_prefix=len("Interview 1")) is None


def test_timestamps():
    assert parse_timestamp("01:02:03.500") == 3723.5
    assert match_timestamp_only("[00:05:00]") == 300.0
    assert match_timestamp_only("00:05 en verder") is None


def test_label_map_defaults_and_overrides():
    m = LabelMap({"Henk": "respondent", "Q": "respondent"})
    assert m.role("Interviewer 2") == "interviewer"
    assert m.role("gespreksleider") == "interviewer"
    assert m.role("deelnemer") == "respondent"
    assert m.role("P") == "respondent"
    assert m.role("henk") == "respondent"
    assert m.role("Q") == "respondent"  # user wins over the defaults
    assert m.role("Piet") == "other"
    assert m.role("Piet", has_interviewer=True) == "respondent"
    assert m.role("Marieke", interviewers=("Marieke Hoekstra",)) == "interviewer"


def test_label_map_unknown_role_is_an_error():
    with pytest.raises(ConfigurationError) as err:
        LabelMap({"I": "interviewer", "X": "boss"})
    assert "RK110" in str(err.value) and "'X'" in str(err.value) and "interviewer, respondent, other" in str(err.value)


@pytest.mark.parametrize(
    "paragraph, bold, label, ts, content",
    [
        ("Ashlee Kupor (SL): Let's do that", 0, "Ashlee Kupor (SL)", None, "Let's do that"),
        ("Interviewer (Host) (00:07): Welcome.", 0, "Interviewer (Host)", 7.0, "Welcome."),
        ("**Interviewer (00:07):** We are here.", 24, "Interviewer", 7.0, "We are here."),
        ("**Sir Roland Carl A. Denopol, PCpe (00:54):** In labs", 45, "Sir Roland Carl A. Denopol, PCpe", 54.0, "In labs"),
        ("**Ali**  0:00", 9, "Ali", 0.0, ""),
        ("**Andrew Thorp:** \\[00:04:19.13\\] Yeah, so", 18, "Andrew Thorp", 259.13, "Yeah, so"),
        ("Andrew: [00:04:19] Yeah", 0, "Andrew", 259.0, "Yeah"),
    ],
)
def test_qualifiers_bold_timestamps_and_times_after_the_label(paragraph, bold, label, ts, content):
    m = match_label(paragraph, bold_prefix=bold)
    assert (m.label, m.timestamp, paragraph[m.content_start :]) == (label, ts, content)


def test_a_spoken_time_after_the_label_stays_speech():
    m = match_label("R: 10:30, denk ik.")
    assert m.timestamp is None and "R: 10:30, denk ik."[m.content_start :] == "10:30, denk ik."


@pytest.mark.parametrize(
    "paragraph, label, ts, evidence",
    [
        ("Swarup Donepudi  0:10  ", "Swarup Donepudi", 10.0, "name"),
        ("Unknown Speaker  7:40", "Unknown Speaker", 460.0, "known"),
        ("### Bryan Robinson  0:01  ", "Bryan Robinson", 1.0, "name"),
        ("#### Zac", "Zac", None, "name"),
        ("### Interviewer (00:03)", "Interviewer", 3.0, "known"),
        ("**Matt Yonkovit** ", "Matt Yonkovit", None, "name"),
        ("**Speaker 1 (00:01)**", "Speaker 1", 1.0, "known"),
        ("[Interviewer] 10:01:02", "Interviewer", 36062.0, "known"),
        ("Interviewer (00:03)", "Interviewer", 3.0, "known"),
    ],
)
def test_label_lines(paragraph, label, ts, evidence):
    m = match_label_line(paragraph)
    assert (m.label, m.timestamp, m.evidence, m.own_line, m.content_start) == (label, ts, evidence, True, len(paragraph))


@pytest.mark.parametrize(
    "paragraph",
    ["Introduction", "Jan de Vries", "[Laughter]", "(Danyel Fisher)", "## Part 1: spoken", "**Why does it fail?**",
     "## Quick show notes", "Okay, so with 0:10", "### What Is Your Jam In The Jamstack Today"],
)
def test_not_label_lines(paragraph):
    assert match_label_line(paragraph) is None


def test_timestamps_are_rounded_to_milliseconds():
    assert parse_timestamp("01:33.52") == 93.52
    assert parse_timestamp("00:02:42,08") == 162.08


def test_qualifier_does_not_hide_a_role():
    assert LabelMap().role("Interviewer (Host)") == "interviewer"


def test_label_map_answers_alike_when_asked_again_and_beyond_its_memory_of_labels():
    """A map remembers what it found for a label (a file asks for its few labels at every turn): the answer must be
    the one a fresh map gives, for labels asked twice, for a qualified label looked up through its base, and for more
    different labels than the map keeps."""
    labels = ["Interviewer", "Interviewer (Host)", "Henk", "henk ", "Jan de Vries – interviewer", "Q", "P3", "Unknown"]
    labels += [f"Speaker {i}" for i in range(10_050)] + [f"Name{i}" for i in range(50)]
    used = LabelMap({"Henk": "respondent", "Q": "respondent"})
    first = [used.known(label) for label in labels]
    again = [used.known(label) for label in reversed(labels)][::-1]
    fresh = [LabelMap({"Henk": "respondent", "Q": "respondent"}).known(label) for label in labels]
    assert first == again == fresh
    assert first[:6] == ["interviewer", "interviewer", "respondent", "respondent", "interviewer", "respondent"]
    assert used.role("Name3", has_interviewer=True) == "respondent" and used.role("Interviewer (Host)") == "interviewer"
