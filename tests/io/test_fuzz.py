"""A seeded mutation fuzzer over every reader: a broken file gets a researchkit error, never a traceback."""

from __future__ import annotations

import io
import json
import random

import docx
import odfdo
import pandas as pd
import pytest
from fpdf import FPDF

from researchkit.errors import ResearchkitError
from researchkit.io import read_transcript

N_MUTANTS = 40


def _seeds() -> dict[str, bytes]:
    d = docx.Document()
    for line in ("I: Hoe gaat het?", "R: Goed, dank je.", "I: En de haven?", "R: Druk."):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    seeds = {".docx": buf.getvalue()}
    o = odfdo.Document("text")
    for line in ("I: Hoe gaat het?", "R: Goed."):
        o.body.append(odfdo.Paragraph(line))
    buf = io.BytesIO()
    o.save(buf)
    seeds[".odt"] = buf.getvalue()
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "I: Hoe gaat het?\nR: Goed, dank je.")
    seeds[".pdf"] = bytes(pdf.output())
    seeds[".html"] = b"<html><body><p><b>I:</b> Hoe?</p><p><b>R:</b> Goed.</p></body></html>"
    seeds[".rtf"] = rb"{\rtf1\ansi {\b I:} Hoe gaat het?\par R: Goed.\par}"
    seeds[".txt"] = "---\nhaven: Urk\n---\nI: Hoe gaat het?\nR: Goed, dé haven.\n".encode("utf-8")
    seeds[".vtt"] = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v I>Hoe?\n\n00:00:02.500 --> 00:00:04.000\n<v R>Goed.\n"
    seeds[".srt"] = b"1\n00:00:01,000 --> 00:00:02,000\nI: Hoe?\n\n2\n00:00:02,500 --> 00:00:04,000\nR: Goed.\n"
    seeds[".csv"] = b"speaker,text,start\nI,Hoe?,00:00:01\nR,Goed.,00:00:02\n"
    buf = io.BytesIO()
    pd.DataFrame({"speaker": ["I", "R"], "text": ["Hoe?", "Goed."]}).to_excel(buf, index=False)
    seeds[".xlsx"] = buf.getvalue()
    # layouts read since session 37: oTranscribe, a Whisper dump with Spanish keys, and text layouts of records
    seeds[".otr"] = json.dumps({"text": '<p><span class="timestamp" data-timestamp="3.42">0:00:03</span>&nbsp;Interviewer: '
                                        'Hoe gaat het?</p><p>Respondent: Goed.</p>', "media": "i.mp3", "media-time": 12.5}).encode()
    seeds["-es.json"] = json.dumps({"metadata": {"archivo": "g.wav"}, "segmentos": [
        {"speaker": "SPEAKER_01", "inicio": 0.0, "texto": "¿Qué opinan?", "fin": 2.5},
        {"speaker": "SPEAKER_02", "inicio": 2.5, "texto": "Muchos eventos.", "fin": 4.0}]}, ensure_ascii=False).encode()
    seeds["-council.txt"] = (" • 2 Mededelingen\n  • 0:41 J. Deuring\n   raadslid CDA\n   J. Deuring\n   En we hebben meldingen.\n"
                             "  • 0:2 J. Hamster\n   Wethouder (ChristenUnie)\n   J. Hamster\n   Ja, graag voorzitter.\n").encode()
    seeds["-evidence.txt"] = (b"Q1 Chair: Robert, we were just starting?\nRobert Halfon: Thank you.\nQ2 Ian Mearns: And then?\n"
                              b"Robert Halfon: Yes.\nThe meeting rose at 12.31 pm.\n")
    seeds["-chair.txt"] = ("De voorzitter\n\nMevrouw Celis heeft het woord.\n\nVera Celis (N-VA)\n\nVoorzitter, minister, "
                           "mijn vraag.\n\nDe voorzitter\n\nDe heer Kennes heeft het woord.\n\nDe heer Ward Kennes\n\nDank u.\n").encode()
    seeds["-guide.txt"] = (b"18-29 (5 participants)\nQuestion 1. What is your favourite place? Why?\nDavid: So, um, the park.\n"
                           b"Moderator: Sorry David?\nQuestion 2. How do you decide what to eat?\nDavid: It depends.\n")
    seeds["-form.txt"] = ("Naam geïnterviewde\nNina\nDatum interview\n28 november 2012\nLeeftijd\n23 jaar\n"
                          "Sari: Hoe gaat het?\nNina: Goed.\n").encode()
    # session 38: the parliaments' XML (ParlParse with its DOCTYPE of character entities, Canada, Australia)
    seeds["-publicwhip.xml"] = (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE publicwhip\n[\n<!ENTITY mdash "&#8212;">\n]>\n'
                                b'<publicwhip scrapeversion="a" latest="yes">\n<major-heading id="uk.org.publicwhip/debate/'
                                b'2009-10-26a.1.0" nospeaker="true">Home\xa0Department</major-heading>\n<speech id="x" '
                                b'speakername="Mr. Speaker" time="14:35:00"><p pid="a/1">Order &mdash; order.</p></speech>\n'
                                b'<division divnumber="56"><divisioncount ayes="1" noes="0"/><mplist vote="aye"><mpname '
                                b'vote="aye">Abbott, Diane</mpname></mplist></division>\n</publicwhip>\n')
    seeds["-hansard.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<Hansard><HansardBody><OrderOfBusiness><SubjectOfBusiness>'
                             '<SubjectOfBusinessContent><Timestamp Hr="10" Mn="5" /><Intervention Type="Debate"><PersonSpeaking>'
                             '<Affiliation Type="1">The Speaker</Affiliation></PersonSpeaking><Content><ParaText>Bonjour, café.'
                             '</ParaText></Content></Intervention></SubjectOfBusinessContent></SubjectOfBusiness></OrderOfBusiness>'
                             '</HansardBody></Hansard>\n').encode()
    seeds["-parlinfo.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?>\n<hansard version="2.1"><session.header><date>2009-02-02</date>'
                              b'<chamber>SENATE</chamber></session.header><chamber.xscript><debate><debateinfo><title>QUESTIONS'
                              b'</title></debateinfo><speech><talk.start><talker><name role="metadata">Brown, Bob, Sen</name>'
                              b'<name.id>KX4</name.id></talker><para>My question is to the minister.</para></talk.start>'
                              b'<para>And further.</para></speech></debate></chamber.xscript></hansard>\n')
    return seeds


def _mutate(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    kind = rng.randrange(5)
    if kind == 0 and len(data) > 1:  # truncate
        return bytes(data[: rng.randrange(1, len(data))])
    if kind == 1:  # flip bytes
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
        return bytes(data)
    if kind == 2:  # insert random bytes
        i = rng.randrange(len(data))
        return bytes(data[:i]) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + bytes(data[i:])
    if kind == 3:  # duplicate a slice
        i, j = sorted(rng.randrange(len(data)) for _ in range(2))
        return bytes(data[:j]) + bytes(data[i:j]) + bytes(data[j:])
    i, j = sorted(rng.randrange(len(data)) for _ in range(2))  # delete a slice
    return bytes(data[:i]) + bytes(data[j:])


SEEDS = _seeds()


@pytest.mark.parametrize("suffix", sorted(SEEDS))
def test_mutated_files_never_give_a_traceback(suffix, tmp_path):
    rng = random.Random(f"rk-fuzz{suffix}")
    for n in range(N_MUTANTS):
        path = tmp_path / f"m{n}{suffix}"
        path.write_bytes(_mutate(SEEDS[suffix], rng))
        try:
            t = read_transcript(path)
        except ResearchkitError as err:
            assert str(path) in str(err) or path.name in str(err), err
            continue
        for turn in t.turns:  # what is read keeps the offset rule
            assert 0 <= turn.start < turn.end <= len(t.text)
