"""The mutant shapes that ``benchmarks/fuzz_readers.py --seed 1`` found giving a traceback or an empty read.

Each test writes its own fixture in the exact shape of the mutant: a python-docx or odfdo file
re-zipped with one part changed (as the sweep's ``z_duplicate`` and ``z_xml`` mutations do),
a Whisper JSON with a start time written as a 401-digit integer (``j_damage``), a text file of
only a byte-order mark (``t_damage``).
"""

from __future__ import annotations

import io
import json
import zipfile

import docx
import odfdo
import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript


def _rezip(data: bytes, change) -> bytes:
    """The zip ``data`` written again, each member through ``change(name, payload) -> [(name, payload), ...]``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            for name, payload in change(info.filename, src.read(info)):
                dst.writestr(name, payload)
    return out.getvalue()


def _docx_bytes() -> bytes:
    d = docx.Document()
    for line in ("I: Hoe gaat het met de haven?", "R: Goed, dank je."):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt_bytes() -> bytes:
    o = odfdo.Document("text")
    for line in ("I: Hoe gaat het met de haven?", "R: Goed, dank je."):
        o.body.append(odfdo.Paragraph(line))
    buf = io.BytesIO()
    o.save(buf)
    return buf.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_docx_whose_document_part_is_another_xml_document_is_rk103(tmp_path):
    """Mutant m01103.docx: word/document.xml written twice, the second (the one read) ``<x/>``."""
    path = tmp_path / "R01.docx"
    path.write_bytes(_rezip(_docx_bytes(), lambda name, payload: [(name, payload)] + ([(name, b"<x/>")] if name == "word/document.xml" else [])))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    err = caught.value
    assert err.code == "RK103" and "R01.docx" in str(err) and "<x>" in str(err) and "w:document" in str(err)
    assert "What to do" in str(err)


def test_docx_document_without_a_body_is_rk103(tmp_path):
    path = tmp_path / "R02.docx"
    empty_document = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    path.write_bytes(_rezip(_docx_bytes(), lambda name, payload: [(name, empty_document if name == "word/document.xml" else payload)]))
    with pytest.raises(TranscriptError, match=r"R02\.docx.*has no <w:body>") as caught:
        read_transcript(path)
    assert caught.value.code == "RK103"


@pytest.mark.parametrize("member", ["content.xml", "Configurations2/accelerator/current.xml"])
def test_odt_part_packed_more_than_odfdo_allows_is_rk107(tmp_path, member):
    """Mutants m00491.odt, m00139.odt: a 3 MB run of one letter in a part (3 KB packed, ratio ~1000:1).

    The whole file stays under researchkit's own zip-bomb limits, so odfdo's stricter per-part
    ratio check is what refuses it: that refusal is RK107 naming the file and the part.
    """
    def change(name, payload):
        if name != member:
            return [(name, payload)]
        if name == "content.xml":
            at = payload.index(b"<office:text>") + len(b"<office:text>")
            return [(name, payload[:at] + b"<text:p>" + b"A" * 3_000_000 + b"</text:p>" + payload[at:])]
        return [(name, b"<a>" + b"A" * 3_000_000 + b"</a>")]

    path = tmp_path / "R03.odt"
    data = _odt_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if member not in z.namelist():  # odfdo's template has no Configurations2 part: add one
            data = _rezip(data, lambda name, payload: [(name, payload)] + ([(member, b"")] if name == "content.xml" else []))
    path.write_bytes(_rezip(data, change))
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    err = caught.value
    assert err.code == "RK107" and "R03.odt" in str(err) and member in str(err) and "200:1" in str(err)
    assert "breach" not in str(err)  # odfdo's wording is replaced by ours


@pytest.mark.parametrize("start", [10**400, -(10**400)], ids=["401-digits", "minus-401-digits"])
def test_whisper_start_time_beyond_the_float_range_is_no_time(tmp_path, start):
    """Mutant m01734.json: Whisper ``segments`` with ``"start"`` a 401-digit integer (valid JSON, no float holds it)."""
    segments = [{"id": 0, "start": start, "end": 1.5, "text": " Hoe gaat het?", "speaker": "SPEAKER_00"},
                {"id": 1, "start": 2.0, "end": 3.5, "text": " Goed.", "speaker": "SPEAKER_01"}]
    path = tmp_path / "R04.json"
    path.write_text(json.dumps({"language": "nl", "segments": segments}), encoding="utf-8")
    t = read_transcript(path)
    assert [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns] == [
        ("SPEAKER_00", None, "Hoe gaat het?"), ("SPEAKER_01", 2.0, "Goed.")]


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\n\n", b"\xff\xfe\n\x00 \x00"])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".srt", ".vtt", ".lrc", ".html", ".csv"])
def test_a_file_of_only_a_byte_order_mark_is_empty(tmp_path, data, suffix):
    """``t_damage`` kind 6: a file that is only a BOM (as an editor saves an empty UTF-8 or UTF-16 file)."""
    path = tmp_path / f"R05{suffix}"
    path.write_bytes(data)
    with pytest.raises(TranscriptError) as caught:
        read_transcript(path)
    assert caught.value.code in {"RK104", "RK109"} and f"R05{suffix}" in str(caught.value)


@pytest.mark.parametrize("data", ["\ufeff\u3000\u00a0\n".encode("utf-8"), "\u3000\n\u2028\n".encode("utf-16")])
def test_only_unicode_white_space_is_empty(tmp_path, data):
    path = tmp_path / "R06.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptError, match=r"\[RK104\] .*R06\.txt: has no text to read"):
        read_transcript(path)


def test_a_header_without_text_below_it_is_empty(tmp_path):
    path = tmp_path / "R07.txt"
    path.write_text("---\nhaven: Urk\ngroep: visser\n---\n\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"R07\.txt: has no text to read, only a header \(haven, groep\)") as caught:
        read_transcript(path)
    assert caught.value.code == "RK104"
