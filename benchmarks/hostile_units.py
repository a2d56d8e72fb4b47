"""Files of every format made of tiny units (one-word cues, rows, paragraphs), and valid files of the same size.

Used by ``bench_hostile.py units`` and ``bench_hostile.py long``: :func:`unit_files` gives, per format, a
``tiny`` file (as many one-word units as fit in ``size`` bytes, speakers alternating, so every unit is
a turn) and a ``valid`` file of about the same size in units of ~40 words; :func:`long_files` gives one
unit whose text is ``size`` bytes on one line without a newline, and a valid file of the same size.
Zip formats (``.docx``, ``.odt``, ``.xlsx``) are sized by their main part, which the zip limits
(RK107, RK131) bound, not by the zip; their tiny units carry their number, so that they pack less than 100 times. Nothing here reads a file: the benchmark's children do.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from typing import Callable

WORDS = "ja nee haven politie douane schip lading container informatie signaal verdacht kade nachts busje".split()
SPEAKERS = ("A", "B")


def _fill(head: str, unit: Callable[[int, str, str], str], tail: str, size: int, words: int, sep: str = "") -> str:
    """``head``, then ``unit(i, speaker, text)`` joined by ``sep`` while the whole stays within ``size``, then ``tail``."""
    rng = random.Random(7)
    parts, total, i = [], len(head) + len(tail), 0
    while True:
        text = " ".join(rng.choice(WORDS) for _ in range(words)) if words > 1 else ("ja", "nee")[i % 2]
        part = unit(i, SPEAKERS[i % 2], text)
        if total + len(part) + len(sep) > size:
            break
        parts.append(part)
        total += len(part) + len(sep)
        i += 1
    return head + sep.join(parts) + tail


def _hms(ms: int, comma: str = ".", hours: bool = True, digits: int = 3) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    frac = frac if digits == 3 else frac // 10
    clock = f"{m:02d}:{s:02d}{comma}{frac:0{digits}d}"
    return f"{h:02d}:{clock}" if hours or h else clock


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="word/document.xml"/></Relationships>')


def docx(body: str) -> bytes:
    return _zip({"[Content_Types].xml": DOCX_TYPES, "_rels/.rels": DOCX_RELS,
                 "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'})


def odt(body: str) -> bytes:
    """An ``.odt`` that odfdo made, its ``content.xml`` holding ``body`` in ``<office:text>``."""
    import odfdo

    blank = io.BytesIO()
    odfdo.Document("text").save(blank)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blank.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                text = data.decode()
                text = re.sub(r"<office:text>.*</office:text>|<office:text/>", lambda m: f"<office:text>{body}</office:text>", text, flags=re.S)
                data = text.encode()
            archive.writestr(info, data, zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx(rows: str, strings: list[str]) -> bytes:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return _zip({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>',
    })


def pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_font("Helvetica", size=8)
    doc.add_page()
    for line in lines:
        doc.cell(0, 3.2, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


TTML = '<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n'
TEI = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>x</title>'
       '</titleStmt></fileDesc></teiHeader><text><body>\n')
TRS = ('<?xml version="1.0" encoding="UTF-8"?>\n<Trans><Speakers><Speaker id="spk1" name="A"/><Speaker id="spk2" name="B"/></Speakers>'
       '<Episode><Section type="report" startTime="0" endTime="99999">\n')
CHA = "@UTF8\n@Begin\n@Languages:\tnld\n@Participants:\tA Adult, B Child\n@ID:\tnld|x|A|||||Adult|||\n@ID:\tnld|x|B|||||Child|||\n"
ASS = ("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
       "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")
EXB_TAIL = "</tier></basic-body></basic-transcription>\n"


def _exb(size: int, words: int) -> str:
    """EXMARaLDA: a timeline point and an event per unit (two tiers, alternating)."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<basic-transcription><head><meta-information><project-name/><transcription-name/>'
            '<referenced-file url=""/><ud-meta-information/><comment/><transcription-convention/></meta-information><speakertable>'
            '<speaker id="SPK0"><abbreviation>A</abbreviation></speaker></speakertable></head><basic-body><common-timeline>\n')
    budget = size - len(head) - len(EXB_TAIL) - 200
    event = lambda i, s, t: f'<event start="T{i}" end="T{i + 1}">{t} </event>\n'  # noqa: E731
    events = _fill("", event, "", int(budget * (0.58 if words == 1 else 0.9)), words)
    n = events.count("<event")
    tlis = "".join(f'<tli id="T{i}" time="{i / 10}"/>\n' for i in range(n + 1))
    return (head + tlis + '</common-timeline><tier id="TIE0" speaker="SPK0" category="v" type="t">\n' + events + EXB_TAIL)


def _eaf(size: int, words: int) -> str:
    """ELAN: two time slots and an annotation per unit, alternating between two tiers."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT AUTHOR="" DATE="2020-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">'
            '<HEADER MEDIA_FILE="" TIME_UNITS="milliseconds"/>\n')
    ann = lambda i, s, t: (f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a{i}" TIME_SLOT_REF1="ts{2 * i}" TIME_SLOT_REF2="ts{2 * i + 1}">'  # noqa: E731
                           f'<ANNOTATION_VALUE>{t}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n')
    anns = _fill("", ann, "", int(size * (0.58 if words == 1 else 0.78)), words)
    n = anns.count("<ANNOTATION>")
    slots = "".join(f'<TIME_SLOT TIME_SLOT_ID="ts{k}" TIME_VALUE="{k * 10}"/>\n' for k in range(2 * n))
    tiers = {"A": [], "B": []}
    for line in anns.splitlines(keepends=True):
        i = int(line.split('ANNOTATION_ID="a', 1)[1].split('"', 1)[0])
        tiers[SPEAKERS[i % 2]].append(line)
    body = "".join(f'<TIER LINGUISTIC_TYPE_REF="default" PARTICIPANT="{s}" TIER_ID="{s}">\n' + "".join(lines) + "</TIER>\n"
                   for s, lines in tiers.items())
    return (head + "<TIME_ORDER>\n" + slots + "</TIME_ORDER>\n" + body
            + '<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default" TIME_ALIGNABLE="true"/></ANNOTATION_DOCUMENT>\n')


def _textgrid(size: int, words: int) -> str:
    unit = lambda i, s, t: f'{i}\n{i + 1}\n"{s}: {t}"\n'  # noqa: E731
    body = _fill("", unit, "", size - 200, words)
    n = body.count('"')  // 2
    return (f'File type = "ooTextFile"\nObject class = "TextGrid"\n\n0\n{n}\n<exists>\n1\n"IntervalTier"\n"words"\n0\n{n}\n{n}\n'
            + body)


def unit_files(fmt: str, size: int) -> tuple[str, dict[str, bytes]]:
    """The suffix and ``{"tiny": ..., "valid": ...}`` of format ``fmt`` at about ``size`` bytes (main part for zips)."""
    def both(make: Callable[[int], str | bytes]) -> dict[str, bytes]:
        out = {"tiny": make(1), "valid": make(40)}
        return {k: v.encode() if isinstance(v, str) else v for k, v in out.items()}

    if fmt == "srt":
        return ".srt", both(lambda w: _fill("", lambda i, s, t: f"{i + 1}\n{_hms(i, ',')} --> {_hms(i + 1, ',')}\n{s}: {t}\n\n", "", size, w))
    if fmt == "vtt":
        return ".vtt", both(lambda w: _fill("WEBVTT\n\n", lambda i, s, t: f"{_hms(i, hours=False)} --> {_hms(i + 1, hours=False)}\n<v {s}>{t}\n\n", "", size, w))
    if fmt == "sbv":
        return ".sbv", both(lambda w: _fill("", lambda i, s, t: f"{_hms(i)[1:]},{_hms(i + 1)[1:]}\n{s}: {t}\n\n", "", size, w))
    if fmt == "ass":
        return ".ass", both(lambda w: _fill(ASS, lambda i, s, t: f"Dialogue: 0,{_hms(i * 10, digits=2)[1:]},{_hms(i * 10 + 10, digits=2)[1:]},Default,{s},0,0,0,,{t}\n", "", size, w))
    if fmt == "lrc":
        return ".lrc", both(lambda w: _fill("", lambda i, s, t: f"[{_hms(i * 10, hours=False, digits=2)}]{s}: {t}\n", "", size, w))
    if fmt == "cha":
        return ".cha", both(lambda w: _fill(CHA, lambda i, s, t: f"*{s}:\t{t} .\n", "@End\n", size, w))
    if fmt == "ttml":
        return ".ttml", both(lambda w: _fill(TTML, lambda i, s, t: f'<p begin="{i}ms" end="{i + 1}ms">{s}: {t}</p>\n', "</div></body></tt>\n", size, w))
    if fmt == "srv3":
        return ".xml", both(lambda w: _fill('<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>\n',
                                            lambda i, s, t: f'<p t="{i}" d="1">{s}: {t}</p>\n', "</body></timedtext>\n", size, w))
    if fmt == "json3":
        return ".json3", both(lambda w: _fill('{"events":[', lambda i, s, t: f'{{"tStartMs":{i},"dDurationMs":1,"segs":[{{"utf8":"{s}: {t}"}}]}}', "]}", size, w, ","))
    if fmt == "whisper":
        return ".json", both(lambda w: _fill('{"text":"","segments":[', lambda i, s, t: f'{{"start":{i},"end":{i + 1},"speaker":"{s}","text":"{t}"}}',
                                             "]}", size, w, ","))
    if fmt == "csv":
        return ".csv", both(lambda w: _fill("speaker,text\n", lambda i, s, t: f"{s},{t}\n", "", size, w))
    if fmt == "tsv":
        return ".tsv", both(lambda w: _fill("start\tend\ttext\n", lambda i, s, t: f"{i}\t{i + 1}\t{s}: {t}\n", "", size, w))
    if fmt == "html":
        return ".html", both(lambda w: _fill("<html><body>\n", lambda i, s, t: f"<p>{s}: {t}</p>\n", "</body></html>\n", size, w))
    if fmt == "rtf":
        return ".rtf", both(lambda w: _fill("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n", lambda i, s, t: f"{s}: {t}\\par\n", "}", size, w))
    if fmt == "tei":
        return ".xml", both(lambda w: _fill(TEI, lambda i, s, t: f'<u who="#{s}">{t}</u>\n', "</body></text></TEI>\n", size, w))
    if fmt == "trs":
        return ".trs", both(lambda w: _fill(TRS, lambda i, s, t: f'<Turn speaker="spk{i % 2 + 1}" startTime="{i}" endTime="{i + 1}">{t}</Turn>\n',
                                            "</Section></Episode></Trans>\n", size, w))
    if fmt == "ohms":
        return ".xml", both(lambda w: _fill('<?xml version="1.0" encoding="UTF-8"?>\n<ROOT><record id="1"><title>x</title><transcript>',
                                            lambda i, s, t: f"{s}: {t}\n", "</transcript></record></ROOT>\n", size, w))
    if fmt == "eaf":
        return ".eaf", both(lambda w: _eaf(size, w))
    if fmt == "exb":
        return ".exb", both(lambda w: _exb(size, w))
    if fmt == "textgrid":
        return ".TextGrid", both(lambda w: _textgrid(size, w))
    if fmt == "docx":
        return ".docx", both(lambda w: docx(_fill("", lambda i, s, t: f"<w:p><w:r><w:t>{s}: {t} {i}</w:t></w:r></w:p>", "", size, w)))
    if fmt == "odt":
        return ".odt", both(lambda w: odt(_fill("", lambda i, s, t: f"<text:p>{s}: {t} {i}</text:p>", "", size, w)))
    if fmt == "xlsx":
        def sheet(w: int) -> bytes:
            rows = _fill('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>',
                         lambda i, s, t: f'<row r="{i + 2}"><c r="A{i + 2}" t="s"><v>{2 + i % 2}</v></c><c r="B{i + 2}" t="inlineStr"><is><t>{t} {i}</t></is></c></row>',
                         "", size, w)
            return xlsx(rows, ["speaker", "text", "A", "B"])
        return ".xlsx", both(sheet)
    if fmt == "pdf":
        return ".pdf", both(lambda w: pdf(_fill("", lambda i, s, t: f"{s}: {t}\n", "", size, w).splitlines()))
    raise ValueError(fmt)


FORMATS = ("srt", "vtt", "sbv", "ass", "lrc", "cha", "ttml", "srv3", "json3", "whisper", "csv", "tsv", "html", "rtf", "tei",
           "trs", "ohms", "eaf", "exb", "textgrid", "docx", "odt", "xlsx", "pdf")


def long_files(fmt: str, size: int) -> tuple[str, dict[str, bytes]]:
    """One unit whose text is ``size`` bytes of words on one line (``long``), and the valid file of that size."""
    rng = random.Random(3)
    words, total = [], 0
    while total < size:
        words.append(rng.choice(WORDS))
        total += len(words[-1]) + 1
    line = " ".join(words)[: size - 200]
    suffix, files = unit_files(fmt, size)
    if fmt == "srt":
        long = f"1\n00:00:01,000 --> 00:00:02,000\nA: {line}\n"
    elif fmt == "vtt":
        long = f"WEBVTT\n\n00:01.000 --> 00:02.000\nA: {line}\n"
    elif fmt == "csv":
        long = f'speaker,text\nA,"{line}"\n'
    elif fmt == "whisper":
        long = f'{{"segments":[{{"start":0,"end":1,"text":"{line}"}}]}}'
    elif fmt == "docx":
        return suffix, {"long": docx(f"<w:p><w:r><w:t>A: {line}</w:t></w:r></w:p>"), "valid": files["valid"]}
    elif fmt == "html":
        long = f"<html><body><p>A: {line}</p></body></html>"
    elif fmt == "sbv":
        long = f"0:00:01.000,0:00:02.000\nA: {line}\n"
    else:
        raise ValueError(fmt)
    return suffix, {"long": long.encode(), "valid": files["valid"]}


LONG_FORMATS = ("srt", "vtt", "sbv", "csv", "whisper", "html", "docx")
