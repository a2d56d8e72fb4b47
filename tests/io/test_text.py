import pytest

from researchkit import read_transcript
from researchkit.errors import TranscriptError

BODY = "Interviewer: Wat ziet u?\nGeïnterviewde: Een kotter zonder AIS – ’s nachts.\nDat is “raar”.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "mac_roman"])
def test_encodings_windows_and_mac_users_produce(tmp_path, encoding):
    path = tmp_path / f"R01_{encoding}.txt"
    text = BODY.replace("\n", "\r\n") if encoding == "cp1252" else BODY
    path.write_bytes(text.encode(encoding))
    t = read_transcript(path)
    assert t.turn_text(t.turns[1]) == "Een kotter zonder AIS – ’s nachts.\nDat is “raar”."
    assert t.turns[1].role == "respondent"
    assert "\r" not in t.text and "\ufeff" not in t.text
    expected = {"utf-8-sig": "utf-8"}.get(encoding, encoding)
    assert t.source.encoding.replace("_", "-").startswith(expected.replace("_", "-")[:6])
    if encoding in {"cp1252", "mac_roman"}:
        assert any("not UTF-8" in note for note in t.notes)


def test_classic_mac_line_ends(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(BODY.replace("\n", "\r").encode("utf-8"))
    assert len(read_transcript(path).turns) == 2


def test_yaml_front_matter(tmp_path):
    path = tmp_path / "R04.txt"
    path.write_text("---\nport: Harlingen\ndate: 2026-02-12\ngroup: bedrijfsleven\n---\nI: Dag.\nR: Hoi.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"port": "Harlingen", "date": "2026-02-12", "group": "bedrijfsleven"}
    assert t.text == "I: Dag.\nR: Hoi."


def test_bad_front_matter_points_at_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("---\nport: Harlingen\ndate: [2026\n---\nI: Dag.\n", encoding="utf-8")
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK108" in str(err.value) and "line" in str(err.value) and "bad.txt" in str(err.value)


def test_key_value_header_block(tmp_path):
    path = tmp_path / "R08.txt"
    path.write_text("Respondent: R08\nHaven: Lauwersoog\n\nInterviewer: Welkom.\n\nRespondent: Dank u.\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {"respondent": "R08", "haven": "Lauwersoog"}
    assert [x.role for x in t.turns] == ["interviewer", "respondent"]


def test_transcript_starting_with_turns_has_no_header(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("I: Hoi\nR: Dag\n\nI: Hoe gaat het?\n", encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes == {} and len(t.turns) == 3


def test_markdown_bold_labels(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("**Interviewer:** Wat ziet u?\n\n**Respondent:** Niks.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(x.role, t.turn_text(x)) for x in t.turns] == [("interviewer", "Wat ziet u?"), ("respondent", "Niks.")]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    with pytest.raises(TranscriptError, match=r"RK104.*empty.txt"):
        read_transcript(path)


def test_binary_file_with_text_extension(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK105" in str(err.value) and "photo.txt" in str(err.value)


def test_undecodable_file(tmp_path):
    import random

    rng = random.Random(1)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(128, 256) for _ in range(3000)))
    with pytest.raises(TranscriptError, match="RK106"):
        read_transcript(path)


def test_forced_wrong_encoding(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("Geïnterviewde: ja".encode("cp1252"))
    with pytest.raises(TranscriptError, match="RK106"):
        read_transcript(path, encoding="utf-8")


def test_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # a 50 MB (sparse) file
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert "RK107" in str(err.value) and "50" in str(err.value)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "old.wpd"
    path.write_bytes(b"x")
    with pytest.raises(TranscriptError, match=r"RK102.*save it as \.docx"):
        read_transcript(path)
