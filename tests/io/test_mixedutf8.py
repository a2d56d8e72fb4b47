"""UTF-8 files with a few stray Windows-1252 bytes (a line pasted from an old file): io/mixedutf8.py through decode_text."""

from __future__ import annotations

import pytest

from researchkit.codingsfile import format_codings_csv, parse_codings_csv
from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.mixedutf8 import MIXED_ENCODING, decode_as, read_mixed_utf8, stray_note
from researchkit.io.text import decode_text

#: ``@E9@`` is written as the single byte 0xE9 in the mixed file and as UTF-8 ``é`` in the clean one.
INTERVIEW = ("Interviewer: Was het café open?\n"
             "Respondent: Ja, het café was open, en de crème brûlée ook.\n"
             "Interviewer: En het caf@E9@ aan de haven?\n"
             "Respondent: Ook. Zoë werkte daar.\n")


def _files(tmp_path, template: str, suffix: str) -> tuple:
    """The mixed file (each @XX@ one byte) and the same text saved whole as UTF-8."""
    mixed_bytes, clean = template.encode("utf-8"), template
    for marker in ("E9", "92", "96", "93", "94"):
        mixed_bytes = mixed_bytes.replace(f"@{marker}@".encode(), bytes([int(marker, 16)]))
        clean = clean.replace(f"@{marker}@", bytes([int(marker, 16)]).decode("cp1252"))
    mixed = tmp_path / "mixed" / f"r01{suffix}"
    fixed = tmp_path / "clean" / f"r01{suffix}"
    for path, data in ((mixed, mixed_bytes), (fixed, clean.encode("utf-8"))):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    return mixed, fixed


def test_one_latin1_byte_in_utf8_is_read_as_meant_and_noted(tmp_path):
    mixed, clean = _files(tmp_path, INTERVIEW, ".txt")
    assert b"caf\xe9 aan" in mixed.read_bytes() and "café".encode() in mixed.read_bytes()
    t, expected = read_transcript(mixed), read_transcript(clean)
    assert t.text == expected.text and "cafÃ©" not in t.text and "café aan de haven" in t.text
    # offsets are those of the file re-saved as UTF-8: every turn and paragraph in the same place
    assert t.turns == expected.turns and t.paragraphs == expected.paragraphs
    assert t.source.encoding == MIXED_ENCODING and expected.source.encoding == "utf-8"
    assert t.notes == (
        "r01.txt is UTF-8 except for 1 byte(s) on 1 line(s) (line 3), each read as the Windows-1252 (Latin-1) "
        "character it stands for: 0xE9 as 'é'; check those lines against the source and re-save the file as UTF-8",)
    assert expected.notes == ()


def test_curly_apostrophe_dash_and_quotes_of_cp1252(tmp_path):
    template = ("Interviewer: Hoe was het – eerlijk?\n"
                "Respondent: It@92@s fine @96@ really. She said @93@no@94@.\r\n"
                "Interviewer: “Fine”, you said; it’s noted.\n")
    mixed, clean = _files(tmp_path, template, ".txt")
    t = read_transcript(mixed)
    assert "It’s fine – really. She said “no”." in t.text and t.text == read_transcript(clean).text
    note = t.notes[0]
    assert "4 byte(s) on 1 line(s) (line 2)" in note
    assert "0x92 as '’', 0x96 as '–', 0x93 as '“', 0x94 as '”'" in note


def test_a_line_with_both_utf8_and_a_stray_byte_and_crlf_line_numbers():
    data = ("Interviewer: één vraag\r\n\r\n".encode() + b"Respondent: \xc3\xa9\xc3\xa9n caf\xe9 en na\xefef\r\n"
            + "Interviewer: “ok” – ‘ja’\r\n".encode())
    decoded = decode_text(data, "r02.txt")
    assert decoded.text == ("Interviewer: één vraag\r\n\r\nRespondent: één café en naïef\r\n"
                            "Interviewer: “ok” – ‘ja’\r\n")
    assert [(s.line, s.byte, s.char) for s in decoded.strays] == [(3, 0xE9, "é"), (3, 0xEF, "ï")]
    assert decoded.encoding == MIXED_ENCODING
    # one character per stray byte: the offsets of the decoded text are those of the text as meant
    for stray in decoded.strays:
        assert decoded.text[stray.offset] == stray.char


def test_many_stray_lines_are_counted_and_the_first_listed(tmp_path):
    lines = ["Interviewer: “Vraag” – één, twee, drie, vier, vijf, zes, zeven, acht?"] * 2
    lines += [f"Respondent: antwoord {k} caf@E9@" for k in range(7)]
    mixed, clean = _files(tmp_path, "\n".join(lines) + "\n", ".txt")
    t = read_transcript(mixed)
    assert t.text == read_transcript(clean).text
    assert "7 byte(s) on 7 line(s) (lines 3, 4, 5, 6, 7 and 2 more)" in t.notes[0] and "0xE9 as 'é' (7x)" in t.notes[0]


def test_a_file_of_mostly_cp1252_keeps_the_legacy_reading(tmp_path):
    # a cp1252 file with many accents in which one pair of bytes happens to be valid UTF-8 (Ã© = C3 A9)
    path = tmp_path / "r03.txt"
    path.write_bytes("Interviewer: Geïnterviewde, één vraag: waar ligt het café?\n"
                     "Respondent: Bij de brûlée-zaak, naïef als ik was. Ã©\n".encode("cp1252"))
    t = read_transcript(path)
    assert t.source.encoding == "cp1252"
    assert "Geïnterviewde, één vraag" in t.text and "Ã©" in t.text
    assert t.notes[0].startswith("decoded as cp1252 (detected, not UTF-8)")
    assert read_mixed_utf8(path.read_bytes()) is None


def test_a_cp1252_file_without_any_utf8_is_cp1252_as_before():
    data = "Geïnterviewde: ja, één keer; it’s – fine".encode("cp1252")
    assert read_mixed_utf8(data) is None
    assert decode_text(data, "a.txt").encoding == "cp1252"


def test_a_stray_byte_cp1252_leaves_undefined_is_left_to_the_legacy_reading():
    data = "café ".encode() + b"caf\x81"
    assert read_mixed_utf8(data) is None
    with pytest.raises(TranscriptError) as err:  # as before: no Windows or Mac encoding fits the whole file
        decode_text(data, "a.txt")
    assert err.value.code == "RK106"
    # soft hyphen 0xAD (invisible) and C1 controls (cp1252 punctuation after Â read as UTF-8) also decide against
    assert read_mixed_utf8("café ".encode() + b"caf\xad") is None
    assert read_mixed_utf8(b"\xc2\x85 \xc3\xa9 caf\xe9") is None


def test_a_file_ending_in_a_cut_utf8_sequence(tmp_path):
    # the last character, a curly apostrophe (E2 80 99), cut after two bytes: both read as cp1252 and listed
    path = tmp_path / "r04.txt"
    path.write_bytes("Interviewer: Was het café open?\nRespondent: Ja, zeker – het ".encode() + b"\xe2\x80")
    t = read_transcript(path)
    assert t.text.endswith("zeker – het â€") and t.source.encoding == MIXED_ENCODING
    assert "2 byte(s) on 1 line(s) (line 2)" in t.notes[0] and "0xE2 as 'â', 0x80 as '€'" in t.notes[0]


def test_binary_data_keeps_its_refusal():
    controls = "café ".encode() + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10 caf\xe9"
    with pytest.raises(TranscriptError) as err:
        decode_text(controls, "blob.txt")
    assert err.value.code == "RK105"
    with pytest.raises(TranscriptError) as err:
        decode_text("café ".encode() + b"caf\xe9\x00", "blob.txt")
    assert err.value.code == "RK105"


def test_bom_and_forced_encodings():
    # a UTF-8 BOM and a stray byte: the mixed reading of the bytes after the mark (the mark is no text)
    bom = decode_text(b"\xef\xbb\xbf" + "café ".encode() + b"caf\xe9", "bom.txt")
    assert (bom.text, bom.encoding, [(s.line, s.offset, s.char) for s in bom.strays]) == ("café café", MIXED_ENCODING, [(1, 8, "é")])
    with pytest.raises(TranscriptError) as err:  # a UTF-8 BOM on a file that is not mostly UTF-8: still RK106
        decode_text(b"\xef\xbb\xbf" + b"caf\xe9 caf\xe9", "bom.txt")
    assert err.value.code == "RK106"
    forced = decode_text("café ".encode() + b"caf\xe9", "a.txt", encoding="cp1252")
    assert forced.parts() == ("cafÃ© café", "cp1252", [])
    assert decode_text("Zoë ".encode("utf-16"), "a.txt").encoding == "utf-16"
    assert decode_text("café".encode(), "a.txt").parts() == ("café", "utf-8", [])


def test_decode_as_and_the_note():
    data = "“café” ".encode() + b"caf\xe9"
    assert decode_as(data, MIXED_ENCODING) == "“café” café"
    assert decode_as("café".encode(), MIXED_ENCODING) == "café"
    with pytest.raises(UnicodeDecodeError):
        decode_as(b"caf\xe9 caf\xe9", MIXED_ENCODING)  # no UTF-8 at all: not this reading
    strays = read_mixed_utf8("“é” ".encode() * 12 + bytes(range(0xC0, 0xCA)))[1]
    note = stray_note("folder/r05.txt", strays)
    assert note.startswith("r05.txt is UTF-8 except for 10 byte(s) on 1 line(s) (line 1)")
    assert "0xC0 as 'À'" in note and "0xC7 as 'Ç' and 2 other byte(s)" in note


#: Each text format whose reader decodes through decode_text: the template (``@E9@``: the stray byte) and its line.
FORMATS = {
    ".vtt": ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Was het café open?\n\n"
             "00:00:02.500 --> 00:00:04.000\n<v Piet>Ja, het caf@E9@.\n", 7),
    ".srt": ("1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Was het café open?\n\n"
             "2\n00:00:02,500 --> 00:00:04,000\nPiet: Ja, het caf@E9@.\n", 7),
    ".sbv": ("0:00:01.000,0:00:02.000\nInterviewer: Was het café open?\n\n"
             "0:00:02.500,0:00:04.000\nPiet: Ja, het caf@E9@.\n", 5),
    ".ass": ("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
             "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
             "Dialogue: 0,0:00:01.00,0:00:02.00,Default,Interviewer,0,0,0,,Was het café open?\n"
             "Dialogue: 0,0:00:02.50,0:00:04.00,Default,Piet,0,0,0,,Ja, het caf@E9@.\n", 7),
    ".lrc": ("[00:01.00] Interviewer: Was het café open?\n[00:02.00] Respondent: Ja, het caf@E9@.\n", 2),
    ".stm": ("talk 1 Interviewer 0.0 1.0 was het café open\ntalk 1 Piet 1.0 2.0 ja het caf@E9@\n", 2),
    ".trn": ("0.00\t1.00\tINTERVIEWER:\twas het café open\n1.00\t2.00\tPIET:\tja het caf@E9@\n", 2),
    ".cha": ("@Begin\n@Participants:\tINV Ann Investigator, CHI Ross Target_Child\n"
             "*INV:\twas het café open ?\n*CHI:\tja het caf@E9@ .\n@End\n", 4),
    ".html": ("<html><body><p>Interviewer: Was het café open?</p>\n<p>Respondent: Ja, het caf@E9@.</p></body></html>\n", 2),
}


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_text_format_reads_a_stray_byte_as_meant(tmp_path, suffix):
    template, line = FORMATS[suffix]
    mixed, clean = _files(tmp_path, template, suffix)
    t, expected = read_transcript(mixed), read_transcript(clean)
    assert t.text == expected.text and "cafÃ©" not in t.text and "Ã" not in t.text
    assert t.turns == expected.turns
    assert t.source.encoding == MIXED_ENCODING
    stray = [n for n in t.notes if "is UTF-8 except for" in n]
    assert len(stray) == 1 and f"(line {line})" in stray[0] and "0xE9 as 'é'" in stray[0]
    assert not any("is UTF-8 except for" in n for n in expected.notes)


def test_an_html_file_without_a_charset_keeps_its_utf8_accents(tmp_path):
    path = tmp_path / "r06.html"
    path.write_bytes("<html><body><p>Interviewer: Zoë’s café?</p><p>Respondent: Ja.</p></body></html>".encode())
    assert read_transcript(path).text == "Interviewer: Zoë’s café?\nRespondent: Ja."


def test_a_codings_csv_so_read_is_written_back_as_utf8():
    data = "doc_id,start,end,code,text\nr01,0,4,café,“café”\n".encode() + b"r01,5,9,caf\xe9,x\n"
    table = parse_codings_csv(data, "codings.csv")
    assert table.rows[1] == ("r01", "5", "9", "café", "x") and table.encoding == "utf-8"
    assert format_codings_csv(table) == data.replace(b"\xe9", "é".encode())
