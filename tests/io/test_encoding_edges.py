"""Encoding edge cases of the readers: a CHAT file that says @UTF8 with a stray cp1252 byte, a UTF-8 file with a BOM
and a stray byte (both read as io/mixedutf8.py reads UTF-8 with stray bytes), and the refusals that stay."""

from __future__ import annotations

import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript
from researchkit.io.mixedutf8 import MIXED_ENCODING

NAK = "\x15"
BOM = b"\xef\xbb\xbf"

#: A CHILDES-style file in UTF-8; ``@E9@`` stands for one byte (the mixed file) or UTF-8 ``é`` (the clean one).
CHAT = ("@UTF8\r\n@Begin\r\n@Languages:\tfra\r\n@Participants:\tCHI Zoë Target_Child, MOT Mother\r\n"
        f"*MOT:\ttu veux un café ? {NAK}100_900{NAK}\r\n"
        f"*CHI:\toui , le caf@E9@ de Zoë . {NAK}1000_2100{NAK}\r\n"
        f"*MOT:\td@E9@j@E0@ ? {NAK}2200_2600{NAK}\r\n@End\r\n")


def _pair(tmp_path, template: str, name: str, *, prefix: bytes = b"") -> tuple:
    """The file with each @XX@ as one byte, and the same text saved whole as UTF-8 (with the same prefix)."""
    mixed, clean = template.encode(), template
    for marker in ("E9", "E0", "92"):
        mixed = mixed.replace(f"@{marker}@".encode(), bytes([int(marker, 16)]))
        clean = clean.replace(f"@{marker}@", bytes([int(marker, 16)]).decode("cp1252"))
    (tmp_path / "mixed").mkdir(exist_ok=True)
    (tmp_path / "clean").mkdir(exist_ok=True)
    (tmp_path / "mixed" / name).write_bytes(prefix + mixed)
    (tmp_path / "clean" / name).write_bytes(prefix + clean.encode())
    return tmp_path / "mixed" / name, tmp_path / "clean" / name


@pytest.mark.parametrize("prefix", [b"", BOM], ids=["no-bom", "bom"])
def test_chat_file_saying_utf8_with_stray_cp1252_bytes_is_read_as_meant(tmp_path, prefix):
    mixed, clean = _pair(tmp_path, CHAT, "zoe.cha", prefix=prefix)
    assert b"caf\xe9 de" in mixed.read_bytes() and "Zoë".encode() in mixed.read_bytes()
    t, expected = read_transcript(mixed), read_transcript(clean)
    assert t.text == expected.text and "le café de Zoë" in t.text and "déjà ?" in t.text and "\ufeff" not in t.text
    # one character a byte: every turn, time and paragraph where the file re-saved as UTF-8 has it
    assert t.turns == expected.turns and t.paragraphs == expected.paragraphs
    assert [turn.timestamp for turn in t.turns] == [0.1, 1.0, 2.2]
    assert (t.source.encoding, expected.source.encoding) == (MIXED_ENCODING, "utf-8")
    stray = [n for n in t.notes if "is UTF-8 except" in n]
    assert stray == ["zoe.cha is UTF-8 except for 3 byte(s) on 2 line(s) (lines 6, 7), each read as the Windows-1252 "
                     "(Latin-1) character it stands for: 0xE9 as 'é' (2x), 0xE0 as 'à'; check those lines against the "
                     "source and re-save the file as UTF-8"]
    assert [n for n in t.notes if n not in stray] == list(expected.notes)


def test_chat_file_saying_utf8_that_is_not_mostly_utf8_keeps_rk119(tmp_path):
    path = tmp_path / "latin.cha"
    path.write_bytes("@UTF8\n@Begin\n@Participants:\tCHI Child\n*CHI:\tcafé déjà .\n@End\n".encode("cp1252"))
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK119" and err.value.location == "line 4"
    assert "latin.cha" in str(err.value) and "b'\\xe9' at line 4" in str(err.value)
    assert "too little of the file is UTF-8" in str(err.value) and "re-save the file as UTF-8" in str(err.value)
    # one UTF-8 character, two stray bytes: more strays than UTF-8, still refused
    path.write_bytes("@UTF8\n@Begin\n*CHI:\tZoë .\n".encode() + b"*CHI:\tcaf\xe9 d\xe9j\xe0 .\n@End\n")
    with pytest.raises(TranscriptError, match=r"RK119.*line 4"):
        read_transcript(path)
    # a stray byte cp1252 leaves undefined (0x81) in UTF-8 text: not a pasted character, still refused
    path.write_bytes("@UTF8\n@Begin\n*CHI:\tcafé Zoë .\n".encode() + b"*CHI:\tcaf\x81 .\n@End\n")
    with pytest.raises(TranscriptError, match=r"RK119.*line 4: says @UTF8 but is not UTF-8: byte\(s\) b'\\x81'"):
        read_transcript(path)


def test_text_file_with_bom_and_stray_byte_is_read_as_meant(tmp_path):
    template = ("Interviewer: Was het café open?\nRespondent: Ja, het caf@E9@ aan de haven.\r\n"
                "Interviewer: It@92@s Zoë’s?\n")
    mixed, clean = _pair(tmp_path, template, "r01.txt", prefix=BOM)
    t, expected = read_transcript(mixed), read_transcript(clean)
    assert t.text == expected.text and t.text.startswith("Interviewer: Was") and "It’s Zoë’s?" in t.text
    assert t.turns == expected.turns and t.paragraphs == expected.paragraphs
    assert t.source.encoding == MIXED_ENCODING and expected.source.encoding == "utf-8"
    assert t.notes == ("r01.txt is UTF-8 except for 2 byte(s) on 2 line(s) (lines 2, 3), each read as the Windows-1252 "
                       "(Latin-1) character it stands for: 0xE9 as 'é', 0x92 as '’'; check those lines against the source "
                       "and re-save the file as UTF-8",)


def test_subtitles_with_bom_and_stray_byte_share_the_reading(tmp_path):
    template = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Zoë>Het café.\n\n00:00:03.000 --> 00:00:04.000\n<v Ann>Caf@E9@?\n"
    mixed, clean = _pair(tmp_path, template, "r02.vtt", prefix=BOM)
    t, expected = read_transcript(mixed), read_transcript(clean)
    assert t.text == expected.text and "Café?" in t.text and t.turns == expected.turns
    assert t.source.encoding == MIXED_ENCODING and any("0xE9 as 'é'" in n and "line 7" in n for n in t.notes)


def test_bom_file_that_is_not_mostly_utf8_is_rk106_naming_line_and_byte(tmp_path):
    path = tmp_path / "r03.txt"
    path.write_bytes(BOM + "Interviewer: Was het café open?\nRespondent: Ja, déjà.\n".encode("cp1252"))
    with pytest.raises(TranscriptError) as err:
        read_transcript(path)
    assert err.value.code == "RK106" and err.value.location == "line 1"
    assert "r03.txt" in str(err.value) and "byte(s) 0xE9 at line 1 (byte 27)" in str(err.value)
    assert "re-save the file as UTF-8" in str(err.value)
    # the reading the user is told to choose works
    forced = read_transcript(path, encoding="cp1252")
    assert "café open" in forced.text


# --------------------------------------------------------------------------- XML: refused with a clear error

#: A small ELAN file; ``@E9@`` as above.
EAF = ('<?xml version="1.0" encoding="UTF-8"?>\n'
       '<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">\n'
       '<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>\n<TIME_ORDER>\n'
       '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>\n'
       '<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="1000"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2000"/>\n</TIME_ORDER>\n'
       '<TIER TIER_ID="Interviewer" LINGUISTIC_TYPE_REF="default-lt"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" '
       'TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Was het café open?</ANNOTATION_VALUE>'
       '</ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n'
       '<TIER TIER_ID="Zoë" LINGUISTIC_TYPE_REF="default-lt"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" '
       'TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">\n<ANNOTATION_VALUE>Ja, het caf@E9@ was open.</ANNOTATION_VALUE>'
       '</ALIGNABLE_ANNOTATION></ANNOTATION></TIER>\n'
       '<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>\n</ANNOTATION_DOCUMENT>\n')

TTML = ('<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
        'xmlns:ttm="http://www.w3.org/ns/ttml#metadata">\n<body><div>\n'
        '<p begin="00:00:01.000" end="00:00:02.000" ttm:agent="zoe">Het café.</p>\n'
        '<p begin="00:00:03.000" end="00:00:04.000">Caf@E9@ aan de haven?</p>\n</div></body></tt>\n')


@pytest.mark.parametrize(("name", "template", "code", "line", "column", "declared"), [
    ("r02.xml", TTML, "RK121", 5, 47, "declares UTF-8"),
    ("r03.xml", TTML.split("\n", 1)[1], "RK121", 4, 47, "declares no encoding (so it is UTF-8)"),
])
def test_xml_taken_as_utf8_with_a_stray_byte_is_refused_naming_line_and_byte(tmp_path, name, template, code, line,
                                                                             column, declared):
    mixed, clean = _pair(tmp_path, template, name)
    assert "caf\u00e9" in read_transcript(clean).text  # the file re-saved as UTF-8 reads
    with pytest.raises(TranscriptError) as err:
        read_transcript(mixed)
    message = str(err.value)
    assert err.value.code == code and err.value.location == f"line {line}, column {column}"
    assert name in message and f"{declared} but holds 1 byte(s) that are not UTF-8, the first 0xE9" in message
    assert "af\\xe9" in message and "a line pasted from a Windows-1252 file?" in message
    assert "save the file as UTF-8" in err.value.hint and 'encoding="windows-1252"' in err.value.hint


def test_annotation_file_of_utf8_with_a_stray_byte_is_read_as_the_text_formats_are(tmp_path):
    """An ELAN file (the annotation formats were read whole as cp1252 when not UTF-8): each stray byte as its
    cp1252 character, the UTF-8 kept, a note naming the line and the byte; the same text as the file re-saved."""
    mixed, clean = _pair(tmp_path, EAF, "r01.eaf")
    ours, expected = read_transcript(mixed), read_transcript(clean)
    assert ours.text == expected.text and "Ja, het café was open." in ours.text and "Was het café open?" in ours.text
    assert [(u.speaker, u.start, u.end) for u in ours.turns] == [(u.speaker, u.start, u.end) for u in expected.turns]
    assert ours.turns[1].speaker == "Zoë"
    note = next(n for n in ours.notes if "UTF-8 except for" in n)
    assert "r01.eaf is UTF-8 except for 1 byte(s) on 1 line(s) (line 10)" in note and "0xE9 as 'é'" in note
    assert not any("decoded as cp1252" in n for n in ours.notes)


def test_annotation_file_wholly_in_cp1252_is_still_read_as_cp1252(tmp_path):
    path = tmp_path / "r04.eaf"
    path.write_bytes(EAF.replace("@E9@", "é").encode("cp1252"))  # says UTF-8; an editor saved it as Windows Latin-1
    t = read_transcript(path)
    assert "Ja, het café was open." in t.text and t.turns[1].speaker == "Zoë"
    assert any("decoded as cp1252" in n for n in t.notes)
