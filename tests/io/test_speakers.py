import pytest

from researchkit.errors import ConfigurationError
from researchkit.io.speakers import LabelMap, match_label, match_timestamp_only, parse_timestamp


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
