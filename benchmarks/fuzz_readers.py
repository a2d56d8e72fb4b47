"""A seeded, time-boxed fuzz sweep of the transcript readers (a tool, not a test).

Small valid files of every format ``read_transcript`` takes are built in memory, then mutated:
generic byte damage (truncation, flips, inserted, duplicated and deleted slices), zip damage for
the zip formats (a member removed, replaced by garbage, a CRC or a declared size damaged, a nested
zip, duplicate member names), XML damage inside them and in HTML (unclosed tags, 10,000-deep
nesting, an external or undefined entity, a NUL, invalid UTF-8), text damage (a 5 MB line, a
million tabs, lone surrogates through UTF-16, a BOM in the middle, mixed line ends, only
whitespace, only a BOM, a 100k-character label), RTF damage (huge font tables, runs of hyperlink fields, ``\\u`` escapes beyond
Unicode or half of a UTF-16 pair), XML damage of OHMS, TEI, TTML/DFXP, BNC and TalkBank XML files, subtitle damage (times out of order, negative,
``99:99:99,999``, a cue without text) and JSON damage (deep nesting, wrong types, huge numbers, NaN) and CHAT
damage (utterances above ``@Begin`` or below ``@End``, broken or 50,000 bullets, long codes, runs of blanks) and
timed-lines damage of ``.trn``, ``.stm`` and LDC ``.txt`` (times that are none, columns lost or a million, several recordings).

Each mutant is looked at by ``skip_reason`` (as ``read_corpus`` does for a folder) and read by
``read_transcript`` in a forked child with a memory limit and a timeout and
is sorted into one outcome:

``ok``
    read, and the turns keep the offset rule (``0 <= start <= end <= len(text)``).
``rk-error``
    a researchkit error naming the file.
``rk-error-unnamed``
    a researchkit error that does not name the file (a bug).
``raw``
    any other exception: a traceback the user should never see (a bug).
``bad-output``
    read, but a turn's span is outside the text, or the text is empty (a bug).
``timeout`` / ``memory`` / ``crash``
    no answer within the time limit, over the memory limit, the child died (bugs).

Run::

    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_readers.py --seed 1 --n 2000

The same seed gives the same mutants. ``--show`` prints every bug with the exception; ``--keep DIR``
keeps the buggy mutants for a closer look.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

OUTCOMES = ("ok", "rk-error", "rk-error-unnamed", "raw", "bad-output", "timeout", "memory", "crash")
BUGS = {"rk-error-unnamed", "raw", "bad-output", "timeout", "memory", "crash"}
ZIP_FORMATS = {"docx", "odt", "xlsx", "teams.docx"}

# --- seeds: small valid files ----------------------------------------------------------------------

TURNS = [("I", "Hoe gaat het met de haven?"), ("R", "Goed, dank je. Druk met de visserij."),
         ("I", "En de controles 's nachts?"), ("R", "Busjes zonder licht, café open tot één uur.")]


def _docx(lines: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    import datetime

    d.core_properties.created = d.core_properties.modified = datetime.datetime(2024, 1, 1)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt() -> bytes:
    import odfdo

    o = odfdo.Document("text")
    for who, said in TURNS:
        o.body.append(odfdo.Paragraph(f"{who}: {said}"))
    buf = io.BytesIO()
    o.save(buf)
    return buf.getvalue()


def _pdf() -> bytes | None:
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    pdf = FPDF()
    import datetime

    pdf.set_creation_date(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "\n".join(f"{w}: {s}" for w, s in TURNS))
    return bytes(pdf.output())


def _xlsx() -> bytes:
    import pandas as pd

    buf = io.BytesIO()
    pd.DataFrame({"speaker": [w for w, _ in TURNS], "text": [s for _, s in TURNS]}).to_excel(buf, index=False)
    return buf.getvalue()


def _doc(cache: Path) -> bytes | None:
    """A real .doc written by LibreOffice (antiword reads it), cached beside the run; None without soffice."""
    target = cache / "seed.doc"
    if target.exists():
        return target.read_bytes()
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("antiword") is None:
        return None
    work = Path(tempfile.mkdtemp(prefix="rk-fuzz-doc-"))
    (work / "seed.docx").write_bytes(_docx([f"{w}: {s} ({i})" for i in range(12) for w, s in TURNS]))
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "doc",
                        "--outdir", str(work / "out"), str(work / "seed.docx")], check=True, capture_output=True, timeout=300)
    except (subprocess.SubprocessError, OSError):
        return None
    cache.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(work / "out" / "seed.doc", target)
    shutil.rmtree(work, ignore_errors=True)
    return target.read_bytes()


def _eaf() -> bytes:
    slots = "".join(f'<TIME_SLOT TIME_SLOT_ID="ts{i}" TIME_VALUE="{1000 * i}"/>' for i in range(2 * len(TURNS)))
    tiers = "".join(
        f'<TIER TIER_ID="{w}" LINGUISTIC_TYPE_REF="ut">' + "".join(
            f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{i}" TIME_SLOT_REF1="ts{2 * i}" TIME_SLOT_REF2="ts{2 * i + 1}">'
            f'<ANNOTATION_VALUE>{s}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>'
            for i, (who, s) in enumerate(TURNS) if who == w) + "</TIER>" for w in ("I", "R"))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="x"><HEADER TIME_UNITS="milliseconds"/>'
            f'<TIME_ORDER>{slots}</TIME_ORDER>{tiers}<TIER TIER_ID="R-en" PARENT_REF="R" LINGUISTIC_TYPE_REF="tr"/>'
            f'</ANNOTATION_DOCUMENT>\n').encode("utf-8")


def _textgrid() -> str:
    tiers = ""
    for w in ("I", "R"):
        items = [(2.0 * i, 2.0 * i + 1.5, s if who == w else "") for i, (who, s) in enumerate(TURNS)]
        tiers += f'"IntervalTier"\n"{w}"\n0\n8\n{len(items)}\n' + "".join(f'{a}\n{b}\n"{x}"\n' for a, b, x in items)
    return f'File type = "ooTextFile"\nObject class = "TextGrid"\n\n0\n8\n<exists>\n2\n{tiers}'


def _trs() -> bytes:
    turns = "".join(f'<Turn speaker="spk{1 if w == "I" else 2}" startTime="{2 * i}" endTime="{2 * i + 2}">\n<Sync time="{2 * i}"/>\n'
                    f'{s}\n<Event desc="rire" type="noise" extent="instantaneous"/>\n</Turn>\n' for i, (w, s) in enumerate(TURNS))
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n<Trans scribe="x">\n'
            '<Speakers><Speaker id="spk1" name="I"/><Speaker id="spk2" name="R"/></Speakers>\n<Episode>\n'
            f'<Section type="report" startTime="0" endTime="8">\n{turns}</Section>\n</Episode>\n</Trans>\n').encode("latin-1")


def _exb() -> bytes:
    tli = "".join(f'<tli id="T{i}" time="{1.0 * i}"/>' for i in range(2 * len(TURNS) + 1))
    tiers = "".join(
        f'<tier id="TIE{n}" speaker="SPK{n}" category="v" type="t">' + "".join(
            f'<event start="T{2 * i}" end="T{2 * i + 1}">{s[:10]}</event><event start="T{2 * i + 1}" end="T{2 * i + 2}">{s[10:]} </event>'
            for i, (who, s) in enumerate(TURNS) if who == w) + "</tier>" for n, w in enumerate(("I", "R")))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<basic-transcription><head><meta-information><project-name>x</project-name>'
            '</meta-information><speakertable><speaker id="SPK0"><abbreviation>I</abbreviation></speaker><speaker id="SPK1">'
            f'<abbreviation>R</abbreviation></speaker></speakertable></head><basic-body><common-timeline>{tli}</common-timeline>'
            f'{tiers}<tier id="TIE9" category="nn" type="d"/></basic-body></basic-transcription>\n').encode("utf-8")


def build_seeds(cache: Path, *, with_doc: bool = True) -> dict[str, tuple[str, bytes]]:
    """Format name -> (suffix, bytes) of a small valid file."""
    plain = "\n".join(f"{w}: {s}" for w, s in TURNS) + "\n"
    seeds: dict[str, tuple[str, bytes]] = {
        "docx": (".docx", _docx([f"{w}: {s}" for w, s in TURNS])),
        "teams.docx": (".docx", _docx(["Interview haven", "March 12, 2024, 10:03AM", "Ann Lee started transcription",
                                        "Ann Lee   0:03\nHoe gaat het?", "Bo Smit   0:09\nGoed.", "Ann Lee   0:15\nEn verder?",
                                        "Bo Smit   0:20\nDruk.", "Ann Lee stopped transcription"])),
        "odt": (".odt", _odt()),
        "xlsx": (".xlsx", _xlsx()),
        "rtf": (".rtf", (r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}" + "".join(
            r"{\b " + w + r":} " + s.replace("é", r"\'e9").replace("'", "'") + r"\par " for w, s in TURNS) + "}").encode("latin-1")),
        "txt-utf8": (".txt", ("---\nhaven: Urk\n---\n" + plain).encode("utf-8")),
        "txt-utf16": (".txt", plain.encode("utf-16")),
        "txt-cp1252": (".txt", (plain + "R: Één café, naïef – “zo”.\n").encode("cp1252")),
        "md": (".md", "# Interview\n\n" .encode() + "\n\n".join(f"**{w}:** {s}" for w, s in TURNS).encode("utf-8")),
        # the label and layout rules of December 2026: .rst titles, labels that lost their colon, pseudonyms alone on a
        # line, a label after a time mark without its colon, a double-spaced court reporter's page with its number
        "rst": (".rst", ("Interview haven\n===============\n\nDeel 1\n------\n\n" + "\n\n".join(
            f"**{'Interviewer' if w == 'I' else 'Piet'}**: {s}" for w, s in TURNS) + "\n").encode("utf-8")),
        "txt-barelabels": (".txt", "\n\n".join(f"{'Interviewer' if w == 'I' else 'Business Application Manager'} {s}"
                                                for w, s in TURNS * 2).encode("utf-8")),
        "txt-placeholders": (".txt", "".join(f"[PERSOON-{1 if w == 'I' else 2}]\n{s}\n\n" if i % 2 else
                                             f"[PERSOON-{1 if w == 'I' else 2}]: {s}\n\n"
                                             for i, (w, s) in enumerate(TURNS * 2)).encode("utf-8")),
        "txt-timedlabels": (".txt", "".join(f"[0:0{i}:1{i}.{i}] {'CC' if w == 'I' else 'NL'}{'' if i == 5 else ':'} {s}\n"
                                            for i, (w, s) in enumerate(TURNS * 2)).encode("utf-8")),
        "txt-doublespaced": (".txt", "".join(" " * 55 + f"{page}\n\n" + "".join(f"{n:2d}   {line} {'ABC'[page - 9] * n}\n\n" for n, line in enumerate([
            "        CHAIRWOMAN WEST:   So with that, our", "first witness, Kim Lund, chancellor of the", "State University.    Please.",
            "        CHANCELLOR LUND:   Thank you.   It is a", "pleasure to be here this morning with all", "of you.",
            "        ASSEMBLYWOMAN GRAY:   What would the", "tuition be at the end of the plan?"], 1)) for page in (9, 10, 11)).encode("utf-8")),
        "zoom-transcript.txt": (".txt", ("WEBVTT\n\n" + "".join(
            f"{i + 1}\n00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.500\n{'Ann Lee' if w == 'I' else 'Piet de Vries'}: {s}\n\n"
            for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
        "zoom-chat.txt": (".txt", b"09:00:46 From  Ann Lee  to  Everyone:\n\tHallo allemaal\n"
                                  b"09:01:02 From  Bo Smit  to  Everyone:\n\tGoedemorgen\n"
                                  b"09:01:30 From  Ann Lee  to  Everyone:\n\tZullen we beginnen?\n"),
        "srt": (".srt", "".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{w}: {s}\n\n"
                                for i, (w, s) in enumerate(TURNS)).encode("utf-8")),
        "vtt": (".vtt", ("WEBVTT\n\nNOTE haven: Urk\n\n" + "".join(f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.500\n<v {w}>{s}\n\n"
                                                               for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
        "teams.vtt": (".vtt", ("WEBVTT\n\n" + "".join(f"{i}/x-{i}\n00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.500\n"
                                                      f"<v Carlos Far&#237;as>{s}</v>\n\n" if i % 2 else
                                                      f"{i}/x-{i}\n00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.500\n<v Ann Lee>{s}</v>\n\n"
                                                      for i, (_, s) in enumerate(TURNS))).encode("utf-8")),
        "lrc": (".lrc", ("[ti:Haven]\n[ar:Urk]\n" + "".join(f"[00:{2 * i:02d}.00] {w}: {s}\n" for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
        "cha": (".cha", ("@UTF8\n@Begin\n@Languages:\tnld\n@Participants:\tINV Investigator, PAR Piet Participant\n"
                         "@ID:\tnld|Haven|PAR|58;|male|||Participant|||\n@Media:\thaven, audio\n@G:\thaven\n" + "".join(
            f"*{'INV' if w == 'I' else 'PAR'}:\t{s} \x15{2000 * i}_{2000 * i + 1500}\x15\n%mor:\tn|x\n"
            for i, (w, s) in enumerate(TURNS)) + "%com:\tlacht\n@End\n").encode("utf-8")),
        "html": (".html", ("<html><head><title>Haven</title></head><body>" + "".join(
            f"<p><b>{w}:</b> {s}</p>" for w, s in TURNS) + "</body></html>").encode("utf-8")),
        "csv": (".csv", ("speaker,text,start\n" + "".join(f'{w},"{s}",00:00:{i:02d}\n' for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
        "tsv": (".tsv", ("start\tend\ttext\n" + "".join(f"{i * 2000}\t{i * 2000 + 1500}\t{s}\n" for i, (_, s) in enumerate(TURNS))).encode("utf-8")),
        "whisper.json": (".json", json.dumps({"text": " ".join(s for _, s in TURNS), "language": "nl", "segments": [
            {"id": i, "start": 2.0 * i, "end": 2.0 * i + 1.5, "text": " " + s, "speaker": f"SPEAKER_0{i % 2}",
             "words": [{"word": x, "start": 2.0 * i, "end": 2.0 * i + 0.1} for x in s.split()[:2]]}
            for i, (_, s) in enumerate(TURNS)]}, ensure_ascii=False).encode("utf-8")),
        "assemblyai.json": (".json", json.dumps({"id": "x", "text": "...", "utterances": [
            {"speaker": "AB"[i % 2], "start": 2000 * i, "end": 2000 * i + 1500, "text": s, "confidence": 0.9,
             "words": [{"text": x, "start": 2000 * i, "end": 2000 * i + 100, "speaker": "AB"[i % 2]} for x in s.split()[:2]]}
            for i, (_, s) in enumerate(TURNS)]}, ensure_ascii=False).encode("utf-8")),
        "amberscript.json": (".json", json.dumps({"id": "x", "speakers": [{"spkid": "spk1", "name": "Interviewer"},
                                                                        {"spkid": "spk2", "name": "Speaker 2"}], "segments": [
            {"speaker": f"spk{1 + i % 2}", "words": [{"text": x, "start": 2.0 * i + 0.1 * j, "end": 2.0 * i + 0.1 * j + 0.1, "conf": 1.0}
                                                     for j, x in enumerate(s.split())]}
            for i, (_, s) in enumerate(TURNS)]}, ensure_ascii=False).encode("utf-8")),
        "whispercpp.json": (".json", json.dumps({"result": {"language": "nl"}, "transcription": [
            {"timestamps": {"from": f"00:00:{2 * i:02d},000", "to": f"00:00:{2 * i + 1:02d},500"},
             "offsets": {"from": 2000 * i, "to": 2000 * i + 1500}, "text": " " + s} for i, (_, s) in enumerate(TURNS)]},
            ensure_ascii=False).encode("utf-8")),
        "oyez.json": (".json", json.dumps({"id": 1, "title": "Oral Argument", "media_file": [{"href": "https://x/a.mp3"}],
                                           "transcript": {"title": "A v. B", "sections": [{"start": 0, "turns": [
            {"start": 2.0 * i, "speaker": {"name": "Ann Lee", "roles": [{"type": "scotus_justice"}]} if w == "I" else
             ({"name": "Bo Smit", "roles": None} if i != 3 else None),
             "text_blocks": [{"start": 2.0 * i, "stop": 2.0 * i + 1, "text": s}, {"start": 2.0 * i + 1, "text": "x"}]}
            for i, (w, s) in enumerate(TURNS)]}, {"start": 9.0, "turns": [{"start": 9.0, "speaker": {"name": "Bo Smit"},
                                                                          "text_blocks": [{"start": 9.0, "text": "Kort."}]}]}]},
                                           "unavailable": False}, ensure_ascii=False).encode("utf-8")),
        "bnc.xml": (".xml", ('<bncDoc xml:id="KB0"><teiHeader><profileDesc><particDesc><person xml:id="PS1" role="self">'
                             '<persName>Ann</persName></person><person xml:id="PS2" role="wife"/></particDesc></profileDesc>'
                             '</teiHeader><stext type="CONV"><div n="1">' + "".join(
            f'<u who="PS{1 + i % 2}"><s n="{i}">' + "".join(f'<w c5="NN1" hw="{x}" pos="SUBST">{x} </w>' for x in s.split()[:-1])
            + f'<w c5="NN1">{s.split()[-1][:-1]}</w><c c5="PUN">{s[-1]}</c><pause dur="2"/><vocal desc="laugh"/></s></u>'
            for i, (_, s) in enumerate(TURNS)) + '<event desc="door"/></div><div n="2"><u who="PS1"><w>ja</w></u></div>'
                             "</stext></bncDoc>").encode("utf-8")),
        "bnc2014.xml": (".xml", ('<text id="S01"><header><rec_date>2016</rec_date><speakerInfo><speaker id="S0001"><gender>F'
                                 '</gender></speaker></speakerInfo></header><body>' + "".join(
            f'<u n="{i}" who="S000{1 + i % 2}" trans="{"overlap" if i % 3 else "nonoverlap"}" whoConfidence="high">'
            + "".join(f'\n<w pos="NN1" lemma="{x}" class="SUBST">{x}</w>' for x in s.replace(",", " ,").split())
            + '<pause dur="short"/><anon type="name"/></u>' for i, (_, s) in enumerate(TURNS)) + "</body></text>").encode("utf-8")),
        "talkbank.xml": (".xml", ('<CHAT xmlns="http://www.talkbank.org/ns/talkbank" Corpus="Haven" Lang="nld" Media="haven">'
                                  '<Participants><participant id="INV" role="Investigator"/><participant id="PAR" name="Piet" '
                                  'role="Participant" sex="male"/></Participants><comment type="Situation">haven</comment>' + "".join(
            f'<u who="{"INV" if w == "I" else "PAR"}" uID="u{i}">' + "".join(f"<w>{x}<mor><mw><stem>{x}</stem></mw></mor></w>"
                                                                           for x in s.split())
            + f'<g><w>ja</w><k type="retracing"/></g><pause symbolic-length="simple"/><e><happening>lacht</happening></e>'
              f'<t type="p"/><media start="{2 * i}" end="{2 * i + 1.5}" unit="s"/><a type="comments">x</a></u>'
            for i, (w, s) in enumerate(TURNS)) + "</CHAT>").encode("utf-8")),
        "azure.json": (".json", json.dumps({"durationInTicks": 80_000_000, "recognizedPhrases": [
            {"recognitionStatus": "Success", "channel": 0, "speaker": 1 + i % 2, "offset": f"PT{2 * i}S",
             "offsetInTicks": 20_000_000.0 * i, "durationInTicks": 15_000_000.0, "locale": "nl-NL",
             "nBest": [{"confidence": 0.9, "lexical": s.lower(), "itn": s.lower(), "maskedITN": s.lower(), "display": s}]}
            for i, (_, s) in enumerate(TURNS)]}, ensure_ascii=False).encode("utf-8")),
        "google.json": (".json", json.dumps({"results": [
            {"alternatives": [{"transcript": s, "confidence": 0.9, "words": [
                {"startTime": f"{2 * i + 0.1 * j:.1f}s", "endTime": f"{2 * i + 0.1 * j + 0.1:.1f}s", "word": x}
                for j, x in enumerate(s.split())]}], "resultEndTime": f"{2 * i + 1.5}s", "languageCode": "nl-nl"}
            for i, (_, s) in enumerate(TURNS)] + [{"alternatives": [{"words": [
                {"startTime": f"{2 * i + 0.1 * j:.1f}s", "endTime": f"{2 * i + 0.1 * j + 0.1:.1f}s", "word": x, "speakerTag": 1 + i % 2}
                for i, (_, s) in enumerate(TURNS) for j, x in enumerate(s.split())]}], "resultEndTime": "8.0s"}]},
            ensure_ascii=False).encode("utf-8")),
        "watson.json": (".json", json.dumps({"result_index": 0, "results": [
            {"final": True, "alternatives": [{"transcript": s + " ", "confidence": 0.9, "timestamps": [
                [x, 2 * i + 0.1 * j, 2 * i + 0.1 * j + 0.1] for j, x in enumerate(s.split())]}]}
            for i, (_, s) in enumerate(TURNS)], "speaker_labels": [
            {"from": 2 * i + 0.1 * j, "to": 2 * i + 0.1 * j + 0.1, "speaker": i % 2, "confidence": 0.5, "final": False}
            for i, (_, s) in enumerate(TURNS) for j, _x in enumerate(s.split())]}, ensure_ascii=False).encode("utf-8")),
        "fireflies.json": (".json", json.dumps({"title": "Haven", "duration": 0.2, "sentences": [
            {"index": i, "text": s, "raw_text": s.lower(), "start_time": 2.0 * i, "end_time": 2.0 * i + 1.5, "speaker_id": i % 2,
             "speaker_name": "Ann Lee" if w == "I" else "Piet de Vries"} for i, (w, s) in enumerate(TURNS)]},
            ensure_ascii=False).encode("utf-8")),
        "eaf": (".eaf", _eaf()),
        "textgrid": (".TextGrid", _textgrid().encode("utf-16")),
        "trs": (".trs", _trs()),
        "exb": (".exb", _exb()),
        "ohms.xml": (".xml", ('<?xml version="1.0" encoding="UTF-8"?><ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">'
                              '<record id="1"><title>Haven</title><interviewer>Ann Lee</interviewer><sync>1:|3(1)</sync>'
                              "<index><point><time>3</time><title>Urk</title></point></index><transcript>" + plain
                              + "</transcript></record></ROOT>").encode("utf-8")),
        "tei.xml": (".xml", ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><particDesc><listPerson>'
                             '<person xml:id="I"><persName>Ann Lee</persName></person><person xml:id="R"/></listPerson>'
                             '</particDesc></profileDesc></teiHeader><text><timeline unit="s" origin="#T0"><when xml:id="T0"/>'
                             + "".join(f'<when xml:id="T{i + 1}" interval="{2 * i + 1}" since="#T0"/>' for i in range(len(TURNS)))
                             + "</timeline><body>" + "".join(f'<u who="#{w}" start="#T{i + 1}">{s} <pause/></u>'
                                                             for i, (w, s) in enumerate(TURNS))
                             + "<incident><desc>phone</desc></incident></body></text></TEI>").encode("utf-8")),
        "ttml": (".ttml", ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="25">'
                           "<body><div>" + "".join(f'<p begin="00:00:{2 * i:02d}:12" end="{2 * i + 1}.5s">{w}: {s}<br/>x</p>'
                                                   for i, (w, s) in enumerate(TURNS)) + "</div></body></tt>").encode("utf-8")),
        "dfxp": (".dfxp", ('<tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" '
                           'ttp:tickRate="10000000"><body><div>' + "".join(f'<p begin="{2 * i}0000000t" end="{2 * i + 1}0000000t">'
                                                                            f"{w}: {s}</p>" for i, (w, s) in enumerate(TURNS))
                           + "</div></body></tt>").encode("utf-8")),
        # the metadata the XML readers keep since session 39: TEI recording/creation words and person descriptions,
        # TTML cue metadata, a word in a <br>, head items; ELAN vocabulary descriptions (CVE_REF); EXMARaLDA speaker
        # descriptions; BNC idno/creation; OHMS with two interviewers and interviewees
        "tei-meta.xml": (".xml", ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Haven</title>'
                                  '</titleStmt><sourceDesc><recordingStmt><recording><date when="2019-03-02">2 maart 2019</date>'
                                  '<equipment><p>Zoom H4n</p></equipment></recording></recordingStmt></sourceDesc></fileDesc>'
                                  '<profileDesc><creation><date when="2019-04-01"/>Uitgeschreven door Bo</creation><particDesc>'
                                  '<listPerson><person xml:id="I" role="interviewer"><persName>Ann Lee</persName><note>havenmeester'
                                  '</note></person><person xml:id="R"><persName>Piet</persName><persName>Pietje</persName>'
                                  '<occupation>visser</occupation></person><person><persName>Cor</persName><note>kijkt mee</note>'
                                  '</person></listPerson></particDesc></profileDesc></teiHeader><text><body>'
                                  + "".join(f'<u who="#{w}">{s}</u>' for w, s in TURNS) + "</body></text></TEI>").encode("utf-8")),
        "ttml-meta": (".ttml", ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"><head><metadata>'
                                '<ttm:title>Haven</ttm:title><ttm:desc>Interview</ttm:desc><ttm:agent xml:id="I"><ttm:name>Ann Lee'
                                '</ttm:name></ttm:agent><ttm:agent xml:id="R"><ttm:name>Piet</ttm:name></ttm:agent></metadata></head>'
                                "<body><div><metadata><ttm:desc>deel 1</ttm:desc></metadata>" + "".join(
            f'<p begin="{2 * i}s" end="{2 * i + 1}.5s" ttm:agent="{w}">{s}<metadata ttm:agent="{w}"><ttm:desc>buiten beeld</ttm:desc>'
            f'</metadata><br>x</br><span>y<ttm:desc>fluistert</ttm:desc></span></p>' for i, (w, s) in enumerate(TURNS))
                                + "</div></body></tt>").encode("utf-8")),
        "eaf-cv": (".eaf", _eaf().replace(b'ANNOTATION_ID="a0"', b'ANNOTATION_ID="a0" CVE_REF="c0"').replace(
            b'ANNOTATION_ID="a1"', b'ANNOTATION_ID="a1" CVE_REF="e1"').replace(
            b"</ANNOTATION_DOCUMENT>", b'<CONTROLLED_VOCABULARY CV_ID="t"><DESCRIPTION LANG_REF="nld">onderwerpen</DESCRIPTION>'
            b'<CV_ENTRY_ML CVE_ID="c0"><CVE_VALUE DESCRIPTION="de haven" LANG_REF="nld">haven</CVE_VALUE><CVE_VALUE '
            b'DESCRIPTION="the port" LANG_REF="eng">port</CVE_VALUE></CV_ENTRY_ML></CONTROLLED_VOCABULARY><CONTROLLED_VOCABULARY '
            b'CV_ID="yn"><CV_ENTRY CVE_ID="e1" DESCRIPTION="antwoord">goed</CV_ENTRY></CONTROLLED_VOCABULARY></ANNOTATION_DOCUMENT>')),
        "exb-speakers": (".exb", _exb().replace(b"<abbreviation>I</abbreviation>", b'<abbreviation>I</abbreviation><ud-speaker-information>'
                                                b'<ud-information attribute-name="Beruf">Moderatorin</ud-information><ud-information>'
                                                b'ohne Namen</ud-information></ud-speaker-information><comment>spricht schnell</comment>')),
        "bnc-meta.xml": (".xml", ('<bncDoc xml:id="KB0"><teiHeader><fileDesc><titleStmt><title>Gesprek</title></titleStmt><publicationStmt>'
                                  '<idno type="bnc">KB0</idno><idno type="old">XRi6SG</idno></publicationStmt></fileDesc><profileDesc>'
                                  '<creation date="1992">Origination/creation date not known</creation><particDesc><person xml:id="PS1" '
                                  'role="self"><persName>Ann</persName></person><person xml:id="PS2"/></particDesc></profileDesc>'
                                  '</teiHeader><stext type="CONV"><div n="1">' + "".join(
            f'<u who="PS{1 + i % 2}"><s n="{i}"><w c5="NN1">{s} </w></s></u>' for i, (_, s) in enumerate(TURNS))
                                  + "</div></stext></bncDoc>").encode("utf-8")),
        "ohms-people.xml": (".xml", ('<?xml version="1.0" encoding="UTF-8"?><ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">'
                                     '<record id="1"><title>Haven</title><interviewee>Piet de Vries</interviewee><interviewee>Bo Smit'
                                     '</interviewee><interviewer>Ann Lee</interviewer><interviewer>Cor Bakker</interviewer>'
                                     "<transcript>" + "".join(f"{'LEE' if w == 'I' else 'VRIES'}: {s}\n\n" for w, s in TURNS)
                                     + "</transcript></record></ROOT>").encode("utf-8")),
        "sbv": (".sbv", "".join(f"0:00:{2 * i:02d}.000,0:00:{2 * i + 1:02d}.500\n>> {w}: {s}\n\n"
                                for i, (w, s) in enumerate(TURNS)).encode("utf-8")),
        "trn": (".trn", "".join(f"{2 * i}.00\t{2 * i + 1}.50\t{'LENORE' if w == 'I' else 'LYNNE'}:\t[{s}] (H) @@ --\n"
                                f"{2 * i + 1}.50 {2 * i + 2}.00\t\t... ((DOG_BARKING))\n"
                                for i, (w, s) in enumerate(TURNS)).encode("utf-8")),
        "trn-cp1252": (".trn", ("0.00 1.20\tMONTOYA:\tthat\u2019s the se\u00f1or\u2019s,\r\n1.20 2.00\t>ENV:\t((RADIO))\r\n"
                                "2.00 3.00\t\tya.\r\n").encode("cp1252")),
        "stm": (".stm", (';; LABEL "O" "Overall" "Overall"\n;; LABEL "male" "Male" ""\n'
                         "haven 1 inter_segment_gap 0.00 2.00 <o,,unknown> ignore_time_segment_in_scoring\n"
                         + "".join(f"haven {'A' if w == 'I' else 'B'} haven_{w} {2 * i}.00 {2 * i + 1}.50 <o,f0,male> {s}\n"
                                   for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
        "txt-ldc": (".txt", "".join(f"{2 * i + 57}.66 {2 * i + 59}.27 {'A' if w == 'I' else 'B1'}: {s} {{laugh}}\n"
                                    for i, (w, s) in enumerate(TURNS)).encode("utf-8")),
        "ass": (".ass", ("[Script Info]\nTitle: Haven\nScriptType: v4.00+\n\n[Events]\n"
                         "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
                         + "".join(f"Dialogue: 0,0:00:{2 * i:02d}.00,0:00:{2 * i + 1:02d}.50,Default,{w},0,0,0,,{{\\i1}}{s}\\Nx\n"
                                   for i, (w, s) in enumerate(TURNS))).encode("utf-8")),
    }
    pdf = _pdf()
    if pdf is not None:
        seeds["pdf"] = (".pdf", pdf)
    doc = _doc(cache) if with_doc else None
    if doc is not None:
        seeds["doc"] = (".doc", doc)
    return seeds


# --- mutations ---------------------------------------------------------------------------------------

Mutation = Callable[[bytes, random.Random, str], bytes]


def m_truncate(data: bytes, rng: random.Random, fmt: str) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def m_flip(data: bytes, rng: random.Random, fmt: str) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def m_insert(data: bytes, rng: random.Random, fmt: str) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[i:]


def m_duplicate(data: bytes, rng: random.Random, fmt: str) -> bytes:
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    return data[:j] + data[i:j] * rng.randint(1, 50) + data[j:]


def m_delete(data: bytes, rng: random.Random, fmt: str) -> bytes:
    i, j = sorted(rng.randrange(len(data) + 1) for _ in range(2))
    return data[:i] + data[j:]


GENERIC: list[Mutation] = [m_truncate, m_flip, m_insert, m_duplicate, m_delete]


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info, z.read(info)) for info in z.infolist()]


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names on purpose
            for name, payload in members:
                z.writestr(name, payload)
    return buf.getvalue()


def _main_xml(fmt: str) -> str:
    return {"odt": "content.xml", "xlsx": "xl/worksheets/sheet1.xml"}.get(fmt, "word/document.xml")


def z_remove(data: bytes, rng: random.Random, fmt: str) -> bytes:
    members = _members(data)
    drop = _main_xml(fmt) if rng.random() < 0.5 else rng.choice(members)[0].filename
    return _zip([(i.filename, b) for i, b in members if i.filename != drop])


def z_garbage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    members = _members(data)
    target = _main_xml(fmt) if rng.random() < 0.6 else rng.choice(members)[0].filename
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    return _zip([(i.filename, junk if i.filename == target else b) for i, b in members])


def z_crc(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """Damage the CRC (or compressed bytes) of one member in place, directory left as is."""
    out = bytearray(data)
    sig = b"PK\x03\x04"
    starts = [i for i in range(len(out) - 4) if out[i:i + 4] == sig]
    at = rng.choice(starts)
    if rng.random() < 0.5:
        out[at + 14:at + 18] = struct.pack("<I", rng.randrange(2**32))  # local header CRC
    else:
        name_len, extra_len = struct.unpack("<HH", out[at + 26:at + 30])
        body = at + 30 + name_len + extra_len
        out[body + rng.randrange(8)] ^= 0xFF  # deflate stream
    return bytes(out)


def z_huge_size(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """Declare a huge uncompressed size in the central directory of one member."""
    out = bytearray(data)
    sig = b"PK\x01\x02"
    starts = [i for i in range(len(out) - 4) if out[i:i + 4] == sig]
    at = rng.choice(starts)
    out[at + 24:at + 28] = struct.pack("<I", rng.choice([0xFFFFFFFE, 2**31, 10**9]))
    return bytes(out)


def z_bomb(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """The main part padded with a long run of zeros / spaces (a small decompression bomb)."""
    members = _members(data)
    size = rng.choice([30_000_000, 250_000_000])
    return _zip([(i.filename, b + b" " * size if i.filename == _main_xml(fmt) else b) for i, b in members])


def z_nested(data: bytes, rng: random.Random, fmt: str) -> bytes:
    members = _members(data)
    target = _main_xml(fmt)
    return _zip([(i.filename, data if i.filename == target else b) for i, b in members])


def z_duplicate(data: bytes, rng: random.Random, fmt: str) -> bytes:
    members = _members(data)
    target = _main_xml(fmt)
    extra = [(target, b"<x/>" if rng.random() < 0.5 else next(b for i, b in members if i.filename == target))]
    pairs = [(i.filename, b) for i, b in members]
    return _zip(pairs + extra if rng.random() < 0.5 else extra + pairs)


def _xml_damage(xml: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(8)
    if kind == 0:  # unclosed tags
        cut = xml.rfind(b"</")
        return xml[:cut] if cut > 0 else xml + b"<a><b>"
    if kind == 1:  # deep nesting inside the body
        depth = rng.choice([1000, 10_000, 100_000])
        at = _body_at(xml)
        return xml[:at] + b"<x>" * depth + b"deep" + b"</x>" * depth + xml[at:]
    if kind == 2:  # external entity
        head = b'<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        return _with_doctype(xml, head, b"&xxe;")
    if kind == 3:  # undefined entity
        at = _body_at(xml)
        return xml[:at] + b"&nope;" + xml[at:]
    if kind == 4:  # NUL
        i = rng.randrange(len(xml)) if xml else 0  # an empty part (LibreOffice's current.xml)
        return xml[:i] + b"\x00" + xml[i:]
    if kind == 5:  # invalid UTF-8
        i = rng.randrange(len(xml)) if xml else 0  # an empty part (LibreOffice's current.xml)
        return xml[:i] + rng.choice([b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"]) + xml[i:]
    if kind == 6:  # billion laughs
        head = (b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + b"".join(
            b'<!ENTITY %s "%s">' % (bytes([98 + k]), (b"&%s;" % bytes([97 + k])) * 10) for k in range(8)) + b"]>")
        return _with_doctype(xml, head, b"&i;")
    at = _body_at(xml)  # a huge attribute / text node
    return xml[:at] + b"<p>" + b"A" * rng.choice([100_000, 3_000_000]) + b"</p>" + xml[at:]


def _body_at(xml: bytes) -> int:
    for marker in (b"<w:body>", b"<office:text>", b"<sheetData>", b"<body>", b"<p>"):
        at = xml.find(marker)
        if at >= 0:
            return at + len(marker)
    return len(xml) // 2


def _with_doctype(xml: bytes, head: bytes, use: bytes) -> bytes:
    at = xml.find(b"?>")
    start = at + 2 if xml.startswith(b"<?xml") and at > 0 else 0
    body = _body_at(xml)
    return xml[:start] + head + xml[start:body] + use + xml[body:]


def z_xml(data: bytes, rng: random.Random, fmt: str) -> bytes:
    members = _members(data)
    target = _main_xml(fmt) if rng.random() < 0.8 else rng.choice([i.filename for i, _ in members if i.filename.endswith(".xml")])
    return _zip([(i.filename, _xml_damage(b, rng) if i.filename == target else b) for i, b in members])


def x_html(data: bytes, rng: random.Random, fmt: str) -> bytes:
    return _xml_damage(data, rng)


def t_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    kind = rng.randrange(10)
    text = data.decode("utf-8", "replace") if fmt != "txt-utf16" else data.decode("utf-16")
    enc = "utf-16" if fmt == "txt-utf16" else ("cp1252" if fmt == "txt-cp1252" else "utf-8")

    def out(s: str) -> bytes:
        return s.encode(enc, "surrogatepass" if enc != "cp1252" else "replace")

    if kind == 0:
        return out(text + "R: " + "woord " * 850_000)  # a 5 MB line without newline
    if kind == 1:
        return out(text + "\t" * 1_000_000 + "\n")
    if kind == 2:  # lone surrogates through UTF-16
        body = "I: Hoe \ud800gaat het?\nR: Goed\udc00.\n" + text
        return body.encode("utf-16-le", "surrogatepass") if rng.random() < 0.5 else b"\xff\xfe" + body.encode("utf-16-le", "surrogatepass")
    if kind == 3:  # a BOM in the middle
        i = rng.randrange(len(data) + 1)
        return data[:i] + rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + data[i:]
    if kind == 4:  # mixed line ends
        return out("".join(line + rng.choice(["\n", "\r\n", "\r", "\u2028", "\x0b", "\x0c", "\x85"]) for line in text.splitlines()))
    if kind == 5:
        return rng.choice([b" \n\t\r\n ", "\u3000\u00a0\n".encode("utf-8"), b"\n" * 10_000])
    if kind == 6:
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\n\n"])
    if kind == 7:  # a label 100k characters long
        return out("Ann" * 33_334 + ": hallo\n" + text + "Ann" * 33_334 + ": nog eens\n")
    if kind == 8:  # many labels / lines
        return out("".join(f"{'IR'[i % 2]}: x\n" for i in range(rng.choice([50_000, 300_000]))))
    return out(text + "(" * 100_000 + "[" * 100_000 + "**" * 50_000 + "\n")  # bracket and emphasis runs


def s_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    text = data.decode("utf-8", "replace")
    kind = rng.randrange(7)
    sep = "," if fmt == "srt" else "."
    if kind == 0:  # times out of order
        blocks = text.split("\n\n")
        head, cues = (blocks[:1], blocks[1:]) if fmt != "srt" else ([], blocks)
        rng.shuffle(cues)
        return "\n\n".join(head + cues).encode("utf-8")
    if kind == 1:
        return text.replace(f"00:00:02{sep}", f"-00:00:02{sep}", 1).encode("utf-8")
    if kind == 2:
        return text.replace(f"00:00:02{sep}000", f"99:99:99{sep}999", 1).encode("utf-8")
    if kind == 3:  # cue without text
        lines = text.split("\n")
        return "\n".join(line for line in lines if not line.startswith(("I:", "R:", "<v"))).encode("utf-8")
    if kind == 4:  # huge hour / many digits
        return text.replace("00:00:04", "9" * rng.choice([3, 20, 5000]) + ":00:04", 1).encode("utf-8")
    if kind == 5:  # many cues
        n = rng.choice([20_000, 100_000])
        cue = "00:00:01.000 --> 00:00:02.000\n<v I>x\n\n" if fmt != "srt" else "1\n00:00:01,000 --> 00:00:02,000\nI: x\n\n"
        return ((text.split("\n\n")[0] + "\n\n") if fmt != "srt" else "").encode() + cue.encode() * n
    return text.replace("-->", rng.choice(["->", "-->-->", "--> -->", ""]), 1).encode("utf-8")


def l_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    text = data.decode("utf-8")
    kind = rng.randrange(5)
    if kind == 0:
        return text.replace("[00:02.00]", "[99:99.999]", 1).encode()
    if kind == 1:
        return text.replace("[00:02.00]", "[-1:00.00]", 1).encode()
    if kind == 2:
        return text.replace("[00:02.00]", "[" + "9" * 5000 + ":00.00]", 1).encode()
    if kind == 3:
        return ("[00:01.00]" * 200_000 + " x\n").encode()
    return (text + "[ti:" + "x" * 1_000_000).encode()


def tl_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """Timed lines (.trn, .stm, LDC .txt): a time that is none, columns lost or multiplied, huge fields, many lines."""
    text = data.decode("cp1252" if fmt.endswith("cp1252") else "utf-8")
    kind = rng.randrange(8)
    numbers = [m.span() for m in re.finditer(r"\d+\.\d+", text)] or [(0, 0)]
    if kind == 0:  # a time replaced by something that is none
        a, b = rng.choice(numbers)
        text = text[:a] + rng.choice(["-1", "nan", "1e400", "", "x", "9" * 5000, "1:02", "9.21.3"]) + text[b:]
    elif kind == 1:  # the tabs or blanks between the columns lost, or a million of them
        text = text.replace(rng.choice(["\t", " "]), rng.choice(["", "\t" * 1_000_000, " " * 500_000]), rng.choice([1, 5]))
    elif kind == 2:  # a huge speaker column, label field or side
        text = text.replace(rng.choice(["LENORE:", "<o,f0,male>", "A:", "MONTOYA:"]), rng.choice(["X" * 100_000 + ":",
                            "<" + "o," * 100_000, "<o" + " " * 10_000 + ">"]), 1)
    elif kind == 3:  # only continuation lines, only comments, only gaps
        text = rng.choice(["0.0 1.0\t\tja\n" * 1000, ";; x\n" * 10_000, "h 1 inter_segment_gap 0 1 x\n" * 1000])
    elif kind == 4:  # 20,000 short lines (ten times a long SBCSAE file; the shared assembly costs the same in every format)
        line = text.split("\n", 1)[0]
        text = (line + "\n") * 20_000
    elif kind == 5:  # several recordings in one file
        text = text + text.replace("haven", "andere")
    elif kind == 6:  # a line without times in the middle, or '$' notes everywhere
        text = text.replace("\n", "\nLOST: geen tijd\n" if rng.random() < 0.5 else "\n0.0 1.0\t\t$ note\n", 1)
    else:  # NUL and DEL bytes sprinkled in, and a 5 MB line
        return text.encode("utf-8").replace(b" ", b"\x00 ", 3).replace(b"\n", b"\x7f\n", 3) + b"0.0 1.0\tA:\t" + b"woord " * 850_000
    return text.encode("cp1252" if fmt.endswith("cp1252") else "utf-8", errors="replace")


def a_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """Annotation formats: a time or reference that is none, a huge number of items, deep nesting, entities."""
    text = data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "latin-1")
    kind = rng.randrange(6)
    bad = rng.choice(["-1", "nan", "inf", "1e400", "", "x", "9" * 5000, "0" * 100_000])
    if kind == 0:  # a number replaced
        numbers = [m.span() for m in re.finditer(r"\d+(?:\.\d+)?", text)]
        a, b = rng.choice(numbers)
        text = text[:a] + bad + text[b:]
    elif kind == 1:  # an id reference replaced
        refs = [m.span(1) for m in re.finditer(r'(?:REF\d?|start|end|speaker|nb)="([^"]*)"', text)] or [(0, 0)]
        a, b = rng.choice(refs)
        text = text[:a] + rng.choice(["ts999", "T999", "spk9", "0", "", "a1"]) + text[b:]
    elif kind == 2:  # many copies of one element
        for tag in ("ANNOTATION", "event", "Sync", "tli", "TIME_SLOT"):
            m = re.search(rf"<{tag}[ >].*?(?:</{tag}>|/>)", text, re.S)
            if m:
                text = text[:m.end()] + m.group(0) * rng.choice([100, 20_000]) + text[m.end():]
                break
        else:
            text = text + '\n0\n1\n"x"' * 20_000
    elif kind == 3:  # deep nesting or a huge count
        text = text.replace("<exists>\n2", "<exists>\n" + "9" * 12, 1) if fmt == "textgrid" else \
            text.replace("</", "<x>" * 10_000 + "</x>" * 10_000 + "</", 1)
    elif kind == 4:  # entities
        text = re.sub(r"(<\?xml[^>]*>)?", lambda m: (m.group(0) or "") + '<!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>',
                      text, count=1) if fmt != "textgrid" else text.replace('""', '"', 1)
    else:  # quotes and brackets
        text = text.replace('"', rng.choice(["", "'", '""', "<"]), rng.randint(1, 5))
    return text.encode("utf-16" if fmt == "textgrid" else "latin-1", errors="replace")


def j_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    root = json.loads(data)
    kind = rng.randrange(8)
    if isinstance(root.get("transcript"), dict):  # Oyez: damage a section's turns, or a turn's text blocks
        section = root["transcript"]["sections"][0]
        container, key = (section, "turns") if rng.random() < 0.5 else (rng.choice(section["turns"]), "text_blocks")
    else:
        container = root
        key = next(k for k in ("segments", "utterances", "transcription", "recognizedPhrases", "results", "sentences") if k in root)
    items = container[key]
    if kind == 0:
        depth = rng.choice([1000, 100_000, 1_000_000])
        return data[:-1] + b', "deep": ' + b"[" * depth + b"]" * depth + b"}"
    if kind == 1:  # wrong types
        item = rng.choice(items)
        field = rng.choice(list(item))
        item[field] = rng.choice([None, [], {}, "x", 1, True, {"a": 1}, [1, 2]])
        return json.dumps(root).encode()
    if kind == 2:  # wrong type of the list itself
        container[key] = rng.choice([None, {}, "segments", 3, [[]], [None], [1, 2]])
        return json.dumps(root).encode()
    if kind == 3:  # huge numbers
        item = rng.choice(items)
        for f in ("start", "end", "offsets"):
            if f in item:
                item[f] = rng.choice([10**400, -10**30, 1e308, -1e308, 2**63])
        return json.dumps(root).encode()
    if kind == 4:  # NaN / Infinity
        item = rng.choice(items)
        for f in ("start", "end"):
            if f in item:
                item[f] = rng.choice([float("nan"), float("inf"), float("-inf")])
        return json.dumps(root).encode()
    if kind == 5:  # a huge number literal
        return data.replace(b'"start": 0', b'"start": 1' + b"0" * rng.choice([5000, 100_000]), 1).replace(
            b'"start": 0.0', b'"start": 1' + b"0" * 5000, 1)
    if kind == 6:  # text of wrong types / huge
        item = rng.choice(items)
        item["text"] = rng.choice(["x" * 2_000_000, "", " ", "\x00", "\ud800", 12, None, ["a"]])
        return json.dumps(root).encode()
    return json.dumps(rng.choice([[], {}, None, 1, "x", [root], {"segments": items * 5000}])).encode()


def c_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    text = data.decode("utf-8")
    kind = rng.randrange(6)
    if kind == 0:
        return text.replace("\n", "\n\"", 1).encode()  # unclosed quote
    if kind == 1:
        return (text + "x," * 100_000 + "\n").encode()  # many columns
    if kind == 2:
        return text.replace("00:00:01", "99:99:99,999", 1).replace("2000\t", "1e400\t", 1).encode()
    if kind == 3:
        return (text.split("\n")[0] + "\n").encode()  # header only
    if kind == 4:
        return text.replace("\n", "\r", 2).encode()
    return (text.split("\n")[0] + "\n" + "I,x,1\n" * 200_000).encode()


def r_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """RTF damage: font tables and hyperlink fields that make regular expressions work hard, odd \\u escapes."""
    text = data.decode("latin-1").rstrip().rstrip("}")
    n = rng.choice([1000, 30_000, 100_000])
    kind = rng.randrange(6)
    if kind == 0:  # a huge font table without \fcharset (or without semicolons)
        entry = rng.choice(["{\\f0 Arial;}", "{\\f0\\fcharset0 x}", "\\f0 Arial"])
        return text.replace("{\\fonttbl", "{\\fonttbl" + entry * n, 1).encode("latin-1")
    if kind == 1:  # many hyperlink fields on one line, unclosed
        return (text + rng.choice(["{\\field{\\*\\fldinst{x ", "{\\field{\\*\\fldinst{HYPERLINK "]) * n + "}").encode("latin-1")
    if kind == 2:  # one field, a long line of quotes after HYPERLINK
        return (text + "{\\field{\\*\\fldinst{" + ' HYPERLINK "a"' * n + "}").encode("latin-1")
    if kind == 3:  # \u escapes: huge, lone surrogates, pairs
        return (text + rng.choice(["\\u99999999999 ", "\\u-10240?", "\\u-10179?\\u-8704?", "\\u-99999?"]) + "\\par}").encode("latin-1")
    if kind == 4:  # \bin with a huge count inside a picture
        return (text + "{\\pict\\bin" + rng.choice(["999999999", "9" * 5000, ""]) + " x}R: y\\par}").encode("latin-1")
    return (text + "{" * n + "R: diep" + "}" * rng.choice([0, n]) + "}").encode("latin-1")


def h_damage(data: bytes, rng: random.Random, fmt: str) -> bytes:
    """CHAT damage: structure out of order, bullets broken or by the ten thousand, long codes, runs of blanks, bad bytes."""
    text = data.decode("utf-8")
    kind = rng.randrange(10)
    if kind == 0:  # an utterance above @Begin, or below @End
        return rng.choice([text.replace("@Begin\n", "", 1) + "@Begin\n", text + "*PAR:\tna het einde .\n"]).encode()
    if kind == 1:  # a bullet never closed, or NAKs alone
        return text.replace("\x15", "", rng.choice([1, 3])).encode() if rng.random() < 0.5 else (text + "\x15" * 200_000).encode()
    if kind == 2:  # many bullets in one utterance, or huge numbers in one
        return text.replace("*PAR:\t", "*PAR:\t" + "\x151_2\x15 x " * 50_000, 1).replace("_1500", "_" + "9" * 5000, 1).encode()
    if kind == 3:  # a long speaker code, a '*' line without a colon, an undeclared speaker
        return text.replace("*INV:", rng.choice(["*" + "I" * 100_000 + ":", "*INV", "*XYZ:", "*:", "*INV:" + "\t" * 100_000]), 1).encode()
    if kind == 4:  # a run of blanks before a NAK, and a 5 MB utterance
        return text.replace(" \x15", " " * 500_000 + "\x15", 1).replace("*PAR:\t", "*PAR:\t" + "woord " * 850_000, 1).encode()
    if kind == 5:  # a Latin-1 byte under @UTF8, or no @UTF8 and Latin-1
        return rng.choice([text.encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9"), text.replace("@UTF8\n", "").encode("latin-1")])
    if kind == 6:  # many participants, long @ID lines
        people = ", ".join(f"P{i} Participant" for i in range(rng.choice([10_000, 100_000])))
        return text.replace("INV Investigator", people + ", INV Investigator", 1).replace("|58;|", "|" * 100_000, 1).encode()
    if kind == 7:  # only continuation lines, or lines without a mark
        return text.replace("\n*", "\n\t*", rng.choice([1, 4])).replace("\n%", "\nx%", 2).encode()
    if kind == 8:  # only headers, or only bullets
        return rng.choice(["@UTF8\n@Begin\n@End\n", "@UTF8\n@Begin\n*PAR:\t\x151_2\x15\n@End\n"]).encode()
    return (text.replace("@End\n", "") + "@Bg:\tx\n" * 100_000 + "%com:\t" + "\x15" * 1000 + "\n").encode()


def plan(fmt: str) -> list[Mutation]:
    """The mutations for a format: the generic ones and the structured ones that fit it."""
    extra: list[Mutation] = []
    if fmt in ZIP_FORMATS:
        extra = [z_remove, z_garbage, z_crc, z_huge_size, z_bomb, z_nested, z_duplicate, z_xml, z_xml, z_xml]
    elif fmt == "html" or fmt.endswith(".xml") or fmt in {"ttml", "dfxp", "ttml-meta"}:
        extra = [x_html] * 4
    elif fmt.startswith(("trn", "stm")) or fmt == "txt-ldc":
        extra = [tl_damage] * 4 + [t_damage]
    elif fmt.startswith(("txt", "md", "zoom", "rst")):
        extra = [t_damage] * 5
    elif fmt in {"srt", "vtt", "teams.vtt"}:
        extra = [s_damage] * 4 + [t_damage]
    elif fmt in {"sbv", "ass"}:
        extra = [t_damage] * 4
    elif fmt == "lrc":
        extra = [l_damage] * 3 + [t_damage]
    elif fmt == "cha":
        extra = [h_damage] * 5 + [t_damage]
    elif fmt.endswith(".json"):
        extra = [j_damage] * 5
    elif fmt in {"csv", "tsv"}:
        extra = [c_damage] * 4
    elif fmt == "rtf":
        extra = [t_damage, r_damage, r_damage, r_damage]
    elif fmt in {"eaf", "textgrid", "trs", "exb", "eaf-cv", "exb-speakers"}:
        extra = [a_damage] * 5
    return GENERIC + extra


# --- running one mutant --------------------------------------------------------------------------------


def _child(path: Path, mem_mb: int, wfd: int) -> None:
    """In the forked child: read the file, write one JSON line with the outcome, exit."""
    resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 2**20, mem_mb * 2**20))
    import logging

    logging.disable(logging.WARNING)  # pdfminer's complaints about damaged PDFs: the outcome says what matters
    from researchkit.errors import ResearchkitError
    from researchkit.io import read_transcript, skip_reason

    result: dict = {}
    try:
        skip_reason(path)  # what read_corpus asks of every file in a folder first (tables and JSON are opened)
        t = read_transcript(path)
        bad = [(tr.start, tr.end) for tr in t.turns if not (0 <= tr.start <= tr.end <= len(t.text))]
        if bad:
            result = {"outcome": "bad-output", "detail": f"turn spans outside the text: {bad[:3]}"}
        elif not t.text.strip():
            result = {"outcome": "bad-output", "detail": "read as an empty transcript (no error)"}
        elif any("\ud800" <= ch <= "\udfff" for ch in t.text):
            result = {"outcome": "bad-output", "detail": "a lone surrogate in the text (cannot be written as UTF-8)"}
        else:
            result = {"outcome": "ok"}
    except ResearchkitError as err:
        named = path.name in str(err)
        result = {"outcome": "rk-error" if named else "rk-error-unnamed", "code": err.code, "detail": str(err)[:300]}
    except MemoryError:
        result = {"outcome": "memory", "detail": "MemoryError"}
    except BaseException as err:  # noqa: BLE001 - this is what we are looking for
        tb = traceback.extract_tb(err.__traceback__)
        where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(tb) if "researchkit" in f.filename), "?")
        result = {"outcome": "raw", "detail": f"{type(err).__name__} at {where}: {str(err)[:200]}"}
    os.write(wfd, json.dumps(result).encode() + b"\n")
    os._exit(0)


def run_one(path: Path, *, timeout: float, mem_mb: int) -> dict:
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(rfd)
        try:
            _child(path, mem_mb, wfd)
        finally:
            os._exit(3)
    os.close(wfd)
    started = time.monotonic()
    chunks = []
    deadline = started + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(rfd)
            return {"outcome": "timeout", "detail": f"no answer in {timeout:.0f} s", "seconds": timeout}
        ready, _, _ = select.select([rfd], [], [], left)
        if ready:
            chunk = os.read(rfd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    os.close(rfd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    raw = b"".join(chunks)
    if not raw:
        return {"outcome": "crash", "detail": f"child exit status {status}", "seconds": seconds}
    result = json.loads(raw)
    result["seconds"] = seconds
    result["max_rss_mb"] = usage.ru_maxrss / 1024
    return result


# --- the sweep -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n", type=int, default=2000, help="number of mutants")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per file")
    parser.add_argument("--mem-mb", type=int, default=2048, help="address-space limit per file (MiB)")
    parser.add_argument("--formats", default="", help="comma-separated format names (default: all)")
    parser.add_argument("--no-doc", action="store_true", help="skip .doc (needs LibreOffice to write the seed)")
    parser.add_argument("--show", action="store_true", help="print every bug")
    parser.add_argument("--keep", type=Path, help="copy buggy mutants into this folder")
    args = parser.parse_args(argv)

    cache = Path(tempfile.gettempdir()) / "rk-fuzz-seeds"
    seeds = build_seeds(cache, with_doc=not args.no_doc)
    names = sorted(seeds)
    if args.formats:
        wanted = set(args.formats.split(","))
        names = [n for n in names if n in wanted]
    # Seeds must read cleanly, else the sweep measures nothing.
    work = Path(tempfile.mkdtemp(prefix="rk-fuzz-"))
    for name in names:
        suffix, data = seeds[name]
        p = work / f"seed-{name.replace('.', '_')}{suffix}"
        p.write_bytes(data)
        r = run_one(p, timeout=args.timeout, mem_mb=args.mem_mb)
        if r["outcome"] != "ok":
            print(f"seed {name} does not read: {r}", file=sys.stderr)
            return 2
    import researchkit.io  # noqa: F401 - imported once in the parent, forked children share it
    for mod in ("docx", "text", "subtitles", "lyrics", "html", "pdf", "odt", "legacy", "asrjson", "table", "elan", "praat",
                "transcriber", "exmaralda", "talkbank"):
        __import__(f"researchkit.io.{mod}")

    rng = random.Random(args.seed)
    table: dict[str, Counter] = defaultdict(Counter)
    bugs: list[tuple[str, str, str, dict]] = []
    slowest: list[tuple[float, str, str, float]] = []
    biggest: list[tuple[float, str, str, float]] = []
    started = time.monotonic()
    for n in range(args.n):
        name = names[n % len(names)]
        suffix, seed = seeds[name]
        mutation = rng.choice(plan(name))
        try:
            data = mutation(seed, rng, name)
        except Exception as err:  # a mutation that does not fit this seed: a harness bug, say so
            print(f"mutation {mutation.__name__} failed on {name}: {err!r}", file=sys.stderr)
            raise
        path = work / f"m{n:05d}{suffix}"
        path.write_bytes(data)
        result = run_one(path, timeout=args.timeout, mem_mb=args.mem_mb)
        table[name][result["outcome"]] += 1
        slowest.append((result.get("seconds", 0.0), name, mutation.__name__, len(data) / 1e6))
        biggest.append((result.get("max_rss_mb", 0.0), name, mutation.__name__, len(data) / 1e6))
        if result["outcome"] in BUGS:
            bugs.append((name, mutation.__name__, path.name, result))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, args.keep / path.name)
        path.unlink()
    shutil.rmtree(work, ignore_errors=True)

    width = max(len(n) for n in names)
    print(f"fuzz_readers: seed {args.seed}, {args.n} mutants, {time.monotonic() - started:.0f} s")
    print(f"{'format':<{width}} " + " ".join(f"{o:>9}" for o in OUTCOMES))
    total: Counter = Counter()
    for name in names:
        total.update(table[name])
        print(f"{name:<{width}} " + " ".join(f"{table[name][o]:>9}" for o in OUTCOMES))
    print(f"{'total':<{width}} " + " ".join(f"{total[o]:>9}" for o in OUTCOMES))
    classes = Counter((r["outcome"], r["detail"].split(":")[0] if r["outcome"] == "raw" else r["outcome"], name.split(".")[0], mut)
                      for name, mut, _, r in bugs)
    if classes:
        print("\nbug classes (outcome, where, format, mutation): count")
        for key, count in sorted(classes.items()):
            print(f"  {key}: {count}")
    print("\nslowest: " + ", ".join(f"{name}/{mut} ({mb:.1f} MB) {s:.1f} s" for s, name, mut, mb in sorted(slowest, reverse=True)[:5]))
    print("largest peak memory: " + ", ".join(f"{name}/{mut} ({mb:.1f} MB) {rss:.0f} MiB"
                                              for rss, name, mut, mb in sorted(biggest, reverse=True)[:5]))
    if args.show:
        for name, mut, file, r in bugs:
            print(f"\n{file} [{name} / {mut}] {r['outcome']}: {r['detail']}")
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
