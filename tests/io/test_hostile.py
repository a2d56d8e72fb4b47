"""Hostile and broken input on the io side (issue 21): Word revisions, corrupt streams, binary text, cue times."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from researchkit import read_corpus
from researchkit.errors import CorpusError, TranscriptError
from researchkit.io import read_transcript

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with_body(path, body_xml: str, *, comments: bool = False):
    """A real python-docx file whose body is replaced by ``body_xml`` (tracked changes, content controls)."""
    d = docx.Document()
    d.add_paragraph("placeholder")
    if comments:
        d.add_comment(d.paragraphs[0].runs[0], text="OPMERKING IN DE MARGE", author="A", initials="A")
    buf = io.BytesIO()
    d.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<w:body>.*<w:sectPr", f"<w:body>{body_xml}<w:sectPr", text, flags=re.S)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


def test_tracked_changes_and_content_controls_keep_their_text(tmp_path):
    body = (
        '<w:p><w:r><w:t>I: Wat gebeurde er?</w:t></w:r></w:p>'
        '<w:p><w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>R: Er kwam een busje.</w:t></w:r></w:ins></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">I: En </w:t></w:r><w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z">'
        '<w:r><w:delText>GEWIST </w:delText></w:r></w:del><w:r><w:t>toen?</w:t></w:r></w:p>'
        '<w:sdt><w:sdtPr><w:alias w:val="Antwoord"/></w:sdtPr><w:sdtContent>'
        '<w:p><w:r><w:t>R: Het reed weg.</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        '<w:p><w:sdt><w:sdtContent><w:r><w:t>I: Welke kant op?</w:t></w:r></w:sdtContent></w:sdt></w:p>'
        '<w:p><w:r><w:t>R: Naar de kade.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
    )
    t = read_transcript(_docx_with_body(tmp_path / "R.docx", body, comments=True))
    assert [(turn.role, t.turn_text(turn)) for turn in t.turns] == [
        ("interviewer", "Wat gebeurde er?"), ("respondent", "Er kwam een busje."), ("interviewer", "En toen?"),
        ("respondent", "Het reed weg."), ("interviewer", "Welke kant op?"), ("respondent", "Naar de kade."),
    ]
    assert "GEWIST" not in t.text and "OPMERKING" not in t.text
    notes = " ".join(t.notes)
    assert "1 insertion(s) read as accepted, 1 deletion(s) left out ('GEWIST ')" in notes
    assert "content controls" in notes and "1 comment(s)" in notes


def test_corrupt_deflate_stream_is_a_clear_error(tmp_path):
    d = docx.Document()
    for i in range(50):
        d.add_paragraph(f"I: vraag {i}?")
    buf = io.BytesIO()
    d.save(buf)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] = 0xFF  # BFINAL=1, BTYPE=11: an invalid deflate block -> zlib.error
    path = tmp_path / "kapot.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(TranscriptError, match=r"RK103.*kapot\.docx.*(corrupt|could not be read)"):
        read_transcript(path)


def test_binary_bytes_are_not_utf16_text(tmp_path):
    import random

    rng = random.Random(3)
    path = tmp_path / "blob.txt"
    pairs = []
    while len(pairs) < 2000:  # random 16-bit units, lone surrogates avoided: decodes as UTF-16 without error
        unit = rng.randrange(0x10000)
        if not 0xD800 <= unit <= 0xDFFF:
            pairs.append(unit.to_bytes(2, "little"))
    path.write_bytes(b"\xff\xfe" + b"".join(pairs))
    with pytest.raises(TranscriptError, match=r"RK105.*blob\.txt.*binary data"):
        read_transcript(path)
    # bytes that look like UTF-16 without a BOM (zeros at odd places) but are not text
    path.write_bytes(b"".join(bytes([rng.randrange(1, 32), 0]) for _ in range(2000)))
    with pytest.raises(TranscriptError, match=r"RK105"):
        read_transcript(path)


def test_real_utf16_still_reads(tmp_path):
    path = tmp_path / "u.txt"
    path.write_bytes("I: Hoe gaat het?\nR: Goed, dank je — echt.\n".encode("utf-16"))
    assert len(read_transcript(path).turns) == 2


def test_nul_byte_after_64_kib_is_refused(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"I: vraag?\nR: antwoord.\n" * 4000 + b"\x00" + b"R: meer.\n")
    with pytest.raises(TranscriptError, match=r"RK105.*late\.txt.*NUL byte at byte 92000"):
        read_transcript(path)


def test_nfc_and_nfd_file_names_give_one_doc_id_and_a_clear_duplicate(tmp_path):
    nfc, nfd = "Zo\u00eb", "Zoe\u0308"
    (tmp_path / f"{nfd}.txt").write_text("I: a?\nR: b.\n", encoding="utf-8")
    assert read_transcript(tmp_path / f"{nfd}.txt").doc_id == nfc
    (tmp_path / f"{nfc}.txt").write_text("I: c?\nR: d.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"RK111.*duplicate doc_id 'Zoë'.*different Unicode forms \(NFC and NFD\)"):
        read_corpus(tmp_path)


def test_reversed_and_overlapping_cues_are_noted(tmp_path):
    path = tmp_path / "cues.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v Interviewer>Dag.\n\n"
        "00:00:01.000 --> 00:00:04.000\n<v Piet>Hoi.\n\n00:00:03.000 --> 00:00:06.000\n<v Interviewer>Zo.\n",
        encoding="utf-8",
    )
    t = read_transcript(path)
    assert [t.turn_text(turn) for turn in t.turns] == ["Dag.", "Hoi.", "Zo."]
    notes = " ".join(t.notes)
    assert "1 cue(s) end before they start: cue 1 (00:00:05.000 --> 00:00:02.000)" in notes
    assert "start before the cue above them: cue 2" in notes and "overlap the cue above them: cue 3" in notes
