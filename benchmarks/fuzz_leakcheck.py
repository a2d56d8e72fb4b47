"""A seeded, time-boxed differential fuzz of the leak check against an older checkout (a tool, not a test).

The leak check (:mod:`researchkit.privacy`) was sped up (``anchored.py``, ``normalise.py``,
``leakxml.py``, ``leakhtml.py``, ``leakdecode.py``). A finding the faster code misses is a
privacy leak, so this sweep runs the same generated inputs through two checkouts, each in its
own worker process (``PYTHONPATH`` set to that checkout), and compares:

* ``find_patterns(text)`` (all kinds; regions ``NL`` and ``NL,GB,US``);
* ``find_identifiers(text, key)`` with a small key (names with particles, accents, the Kelvin
  sign and other odd-case letters; in the texts also with soft hyphens, zero-width characters
  and line-end hyphenation);
* ``check_outputs`` on generated ``.md``, ``.html``, ``.csv`` and ``.docx`` (python-docx) files,
  some with a stray Windows-1252 byte;

and checks the safety rule of :func:`researchkit.privacy.leakxml.plain_xml` in the new checkout:
no hostile byte string (a DOCTYPE in other encodings, byte-order marks, oddly split
declarations, UTF-7/UTF-16/UTF-32, ``<!doctype``, a DOCTYPE after comments or PIs) in which
expat sees a document type declaration may be called plain.

Every difference is printed with its case (the first few of each kind in full). A file that is
not UTF-8 is expected to differ (the old code read it whole as Windows-1252, the new one as
UTF-8 with stray bytes, or refuses it, RK654): those differences are counted apart as
``encoding (intended)``, and the new findings on such a file are checked against the old
code's findings on its text as :func:`researchkit.io.mixedutf8.read_mixed_utf8` reads it, saved
as clean UTF-8 (a refusal only where that function does not read it). A malformed Word part
whose error now names its first non-UTF-8 byte is counted apart too (intended), and so are e-mail addresses with a
letter beyond ASCII (``josé@haven.nl``) or a local part starting with ``_``, which the old expression never found (:func:`new_addresses_only`).

Run::

    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_leakcheck.py --old /tmp/fuzz-leak/old --seed 1 --cases 2000

``--new`` defaults to this checkout; ``--seconds`` bounds the time (default 30), ``--cases`` the
number of cases (default 500). The same seed gives the same cases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SEP = "\n\x00\n"  # the leak check's separator between the texts of two elements

# --------------------------------------------------------------------------- worker


def _worker() -> None:
    """Answer JSON requests on stdin, one a line, with the checkout on ``sys.path``."""
    import warnings

    warnings.simplefilter("ignore")
    from researchkit.errors import ResearchkitError
    from researchkit.privacy import check_outputs, find_identifiers, find_patterns
    from researchkit.privacy.key import KeyEntry, PrivacyKey

    keys: dict[str, PrivacyKey] = {}

    def key_of(entries):
        name = json.dumps(entries, sort_keys=True)
        if name not in keys:
            keys[name] = PrivacyKey([KeyEntry(**e) for e in entries]).assigned()
        return keys[name]

    for line in sys.stdin:
        req = json.loads(line)
        try:
            op = req["op"]
            if op == "patterns":
                out = [[m.start, m.end, m.kind, m.text] for m in find_patterns(req["text"], regions=req.get("regions"))]
            elif op == "identifiers":
                out = [[i.start, i.end, i.text, i.kind, i.source, i.term, i.replacement]
                       for i in find_identifiers(req["text"], key_of(req["key"]), regions=req.get("regions"))]
            elif op == "check":
                frame = check_outputs([req["path"]], key_of(req["key"]) if req["key"] else None)
                out = {"rows": frame.astype(str).values.tolist(), "skipped": list(frame.attrs.get("skipped", []))}
            else:
                raise ValueError(op)
            answer = {"ok": out}
        except ResearchkitError as exc:
            answer = {"error": f"{exc.code}: {exc.message}"}
        except Exception:  # a raw traceback is itself a finding
            answer = {"raw": traceback.format_exc(limit=4)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class Worker:
    """A worker process with ``root`` first on its path."""

    def __init__(self, root: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(root))
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker"], cwd=str(root), env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(self, **req) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("worker died")
        return json.loads(line)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


# --------------------------------------------------------------------------- generators

KEYS = [
    [{"term": "Piet de Boer"}, {"term": "Zoë Janssen"}, {"term": "Zeester", "kind": "vessel"}],
    [{"term": "Jan van der Berg"}, {"term": "\u212aees Brouwer"}, {"term": "Øyvind Ødegård"}],
    [{"term": "Şükrü İlkay"}, {"term": "Anneke ter Straße"}, {"term": "Visserij Jansen BV", "kind": "company"}],
    [{"term": "Maria d'Ancona"}, {"term": "ǅordje Đukić"}, {"term": "Klaas", "kind": "person"}, {"term": "urk", "kind": "place"}],
]

PHONES = ["06-12345678", "0612345678", "06 1234 5678", "06 12 34 56 78", "+31 6 12345678", "+31(0)6 12345678",
          "+31 (0)6-12345678", "0031 6 12345678", "0031-(0)50-1234567", "050-1234567", "050 123 45 67", "(050) 1234567",
          "(0)50 123 4567", "020-1234567", "0800-1234", "0900-123 4567", "06.12.34.56.78", "06/12345678",
          "+44 20 7946 0958", "020 7946 0958", "07700 900123", "(020) 7946 0958", "0044 20 7946 0958", "01632 960123",
          "+44 (0)20 7946 0958", "(212) 555-0199", "212-555-0199", "212.555.0199", "+1 212 555 0199", "1-212-555-0199",
          "212 555 0199", "1 (212) 555-0199", "+1-212-555-0199", "06\u00a012345678", "+31\u00a06\u00a012345678"]
LOCAL = "abcxyzABC0189._%+-"
DOMAINS = ["haven.nl", "zee-haven.nl", "b.co", "x.y.org", "mail.example.com", "a-b.c-d.info", "y", "-b.nl", "b-.nl"]
IBANS = ["NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32",
         "DE89370400440532013000", "nl91abna0417164300", "NL91ABNA0417164301"]
POSTCODES = ["9712 CP", "1234AB", "9712cp", "9712 SA", "SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "sw1a 1aa"]
PLATES = ["12-ABC-3", "AB-12-CD", "1-KBB-00", "kenteken 12ABC3", "Kenteken: XX-99-XX", "registration AB12CD",
          "licence plate 12-ABC-3", "number plate GK-12-BB", "NUMMERBORD 99-XX-99", "KENTEKEN 12-abc-3"]
BSN_WORDS = ["BSN", "bsn", "Bsn", "burgerservicenummer", "Burgerservicenummer", "BURGERSERVICENUMMER", "BurgerServiceNummer",
             "sofinummer", "SOFI-nummer", "burger service nummer"]
KVK_WORDS = ["KvK", "KVK", "kvk", "K.v.K.", "k.v.k.", "Kamer van Koophandel", "KAMER VAN KOOPHANDEL", "handelsregister",
             "Handelsregister", "KvK-nummer"]
RSIN_WORDS = ["RSIN", "rsin", "Fiscaal nummer", "fiscaal nummer", "FISCAAL NUMMER"]
BIRTH_WORDS = ["geboren", "Geboren", "GEBOREN", "geb.", "Geb.", "geboortedatum", "Geboortedatum", "date of birth",
               "Date of Birth", "DOB", "dob", "d.o.b.", "D.O.B.", "born", "Born", "do.b"]
DATES = ["12-03-1980", "1 januari 1980", "01/02/1980", "1980-02-01", "3 March 1979", "12.03.1980", "3 maart 1979"]
NINES = ["111222333", "123456782", "111 222 333", "123.456.782", "123456789", "12345678", "69599084", "12 34 56 78",
         "002495565", "9434765919", "943 476 5919"]
OTHERS = ["SSN 123-45-6789", "social security 123-45-6789", "Social Security number: 078-05-1120", "NHS 943 476 5919",
          "nhs number 9434765919", "AB 12 34 56 C", "AB123456C", "IMO 9074729", "imo 9074729", "MMSI 244123456",
          "244123456", "NL004495445B01", "nl004495445b01", "UK-123", "HA 12", "UK 123 kotter", "Hoofdstraat 5",
          "Willem Barentszkade 12a", "42 Elm Road", "10 Downing Street", "http://x.nl/a?b=c", "www.example.com",
          "HTTPS://A.B/c", "https://haven.nl/p.jansen@haven.nl", "www.", "httpx://y", "mailto:a@b.nl",
          "Op 12-03-2026 om 12:30", "pagina 1234", "in 2019", "1.250 euro", "0.166667", "40%"]
SEPARATORS = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", ", ", ". ", "; ", ": ", "|", "(", ")", "-", "/", "\u200b", "\u00ad",
              "\u2028", SEP, "", "", "", " en ", " of ", " tel. ", " mail ", " bel "]
ODD_DIGITS = "\u0660\u0661\u0666\u0966\u0967\uff10\uff11\u09e6\u06f0\U0001d7ce"
ODD = ["\u212a", "\u0130", "\u0131", "\u017f", "\u1e9e", "ß", "é", "E\u0301", "\u00ad", "\u200b", "\u200d", "\ufeff",
       "\u2011", "\u2010", "\u2013", "\u00a0", "\u202f", "ǅ", "ﬁ", "\u03a9", "\u2126"]


def _email(rng: random.Random) -> str:
    local = "".join(rng.choice(LOCAL) for _ in range(rng.randrange(1, 12)))
    if rng.random() < 0.2:
        local = rng.choice(["é", "\u212a", "_", ".", "a..b", "x" * 200, "@"]) + local
    at = "@" * (1 if rng.random() < 0.85 else rng.randrange(2, 5))
    return local + at + rng.choice(DOMAINS) + rng.choice(["", "", ".", ",", "-", "x", "\u212a"])


def _digits(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return "0" * rng.randrange(1, 400)
    if kind == 1:
        return "1234567890" * rng.randrange(1, 60)
    if kind == 2:
        return rng.choice(["+", "00", "(0", "0"]) + "".join(rng.choice("0123456789 -.()") for _ in range(rng.randrange(1, 60)))
    if kind == 3:
        return "".join(rng.choice(ODD_DIGITS + "0123456789") for _ in range(rng.randrange(1, 14)))
    if kind == 4:
        return "@" * rng.randrange(1, 300)
    return "".join(rng.choice("0123456789+() \t\u00a0./-,#&") for _ in range(rng.randrange(1, 40)))


def _name_form(rng: random.Random, term: str) -> str:
    """A way the text may write a key term: as is, upper/lower, a part, inflected, with invisible or broken characters."""
    words = term.split(" ")
    form = rng.choice([term, term.upper(), term.lower(), words[-1], words[0], " ".join(words[1:]) or term,
                       term.title(), words[-1] + "s", words[-1] + "'s", words[-1] + "\u2019s"])
    r = rng.random()
    if r < 0.15 and len(form) > 3:
        i = rng.randrange(1, len(form) - 1)
        form = form[:i] + rng.choice(["\u00ad", "\u200b", "\u200d", "\ufeff"]) + form[i:]
    elif r < 0.25 and len(form) > 3:
        i = rng.randrange(1, len(form) - 1)
        form = form[:i] + "-" + rng.choice(["\n", "\r\n", " \n ", "\n\n"]) + form[i:]
    elif r < 0.3:
        form = form.replace("K", "\u212a").replace("k", "\u212a")
    elif r < 0.35:
        import unicodedata

        form = unicodedata.normalize(rng.choice(["NFD", "NFKD"]), form)
    return form


def piece(rng: random.Random, key: list[dict]) -> str:
    r = rng.randrange(14)
    if r == 0:
        return rng.choice(PHONES)
    if r == 1:
        return _email(rng)
    if r == 2:
        return rng.choice(IBANS)
    if r == 3:
        return rng.choice(POSTCODES)
    if r == 4:
        return rng.choice(PLATES)
    if r == 5:
        words = rng.choice([BSN_WORDS, KVK_WORDS, RSIN_WORDS])
        return rng.choice(words) + rng.choice([" ", ": ", " nummer ", "-nummer: ", " is ", "\n"]) + rng.choice(NINES)
    if r == 6:
        return rng.choice(BIRTH_WORDS) + rng.choice([" ", ": ", " op ", " on "]) + rng.choice(DATES)
    if r == 7:
        return rng.choice(OTHERS)
    if r == 8:
        return _digits(rng)
    if r in (9, 10):
        return _name_form(rng, rng.choice(key)["term"])
    if r == 11:
        return rng.choice(ODD)
    if r == 12:
        return "".join(rng.choice("abcdefghij KLMNOP.,@+0123456789-") for _ in range(rng.randrange(1, 20)))
    return rng.choice(["Bel", "mail", "tel.", "kenteken", "BSN", "KvK", "geboren", "IBAN", "www.", "http", "@", "+",
                       "(0", "0", "van", "de", "der", "ter"])


def text_of(rng: random.Random, key: list[dict], n: int | None = None) -> str:
    parts = []
    for _ in range(n if n is not None else rng.randrange(1, 25)):
        parts.append(piece(rng, key))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def long_text(rng: random.Random, key: list[dict]) -> str:
    """A text over 64K characters (the keyword index reads 64K pieces) with identifiers placed across the piece ends."""
    filler = rng.choice(["a", " ", "x y ", "0", "1 ", "@", "\u00e9", "ab. "])
    out = []
    for end in (1 << 16, 1 << 17):
        pad = end - sum(map(len, out)) - rng.randrange(0, 24)
        out.append((filler * (pad // len(filler) + 1))[:max(pad, 0)])
        out.append(text_of(rng, key, rng.randrange(1, 4)))
    return "".join(out)


def _html_escape_some(rng: random.Random, text: str) -> str:
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "\x00":
            out.append(" ")
        elif ch == "@" and rng.random() < 0.3:
            out.append(rng.choice(["&#64;", "&#x40;", "&commat;"]))
        elif ch == " " and rng.random() < 0.1:
            out.append(rng.choice(["&nbsp;", "&#32;", "<b></b>", "<br>", "<!-- c -->", " "]))
        else:
            out.append(ch)
    return "".join(out)


def html_file(rng: random.Random, key: list[dict]) -> str:
    body = []
    for _ in range(rng.randrange(1, 8)):
        tag = rng.choice(["p", "div", "td", "span", "li", "h2", "a", "script", "style", "title"])
        attrs = ""
        for _ in range(rng.randrange(0, 3)):
            q = rng.choice(['"', "'"])
            value = _html_escape_some(rng, text_of(rng, key, 2)).replace(q, "")
            attrs += f" {rng.choice(['title', 'data-x', 'href', 'alt', 'class'])}={q}{value}{q}"
        if rng.random() < 0.1:
            attrs += rng.choice([" hidden", " x=y", " a = 'b'", "  title = \"Zie IMO 9074729\"", " a'b=\"06-12345678\"",
                                 " title=\"it's 06-12345678\" alt='\"p@q.nl\"'", " =''", " a=b'06-12345678'",
                                 " title='&#64;&amp;06-12345678&'", " t=\"\n06-\n12345678\"", " \"x\"=\"y\""])
        inner = _html_escape_some(rng, text_of(rng, key, rng.randrange(1, 6)))
        if tag in ("script", "style"):
            inner = inner.replace("</", "< /")
        body.append(f"<{tag}{attrs}>{inner}</{tag}>")
        if rng.random() < 0.2:
            body.append("<!-- " + text_of(rng, key, 2).replace("--", "- -").replace("\x00", " ") + " -->")
    head = rng.choice(["<!DOCTYPE html>", "<!doctype html>", "", "<?xml version='1.0'?>"])
    return f"{head}<html><head><meta charset=\"utf-8\"></head><body>{''.join(body)}</body></html>\n"


def md_file(rng: random.Random, key: list[dict]) -> str:
    lines = []
    for _ in range(rng.randrange(1, 12)):
        prefix = rng.choice(["", "# ", "## ", "- ", "> ", "| ", "1. ", "**", "`"])
        lines.append(prefix + text_of(rng, key, rng.randrange(1, 6)).replace("\x00", " "))
    return "\n".join(lines) + "\n"


def csv_file(rng: random.Random, key: list[dict]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=rng.choice([",", ";", "\t"]) if rng.random() < 0.3 else ",")
    writer.writerow(["quote", "speaker", "note"])
    for _ in range(rng.randrange(1, 8)):
        writer.writerow([text_of(rng, key, rng.randrange(1, 4)).replace("\x00", " ") for _ in range(3)])
    return out.getvalue()


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n" or (" " <= ch and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff")
                   and ch != "\x7f" or "\x80" <= ch <= "\x9f")


def docx_file(rng: random.Random, key: list[dict], path: Path) -> None:
    from docx import Document

    doc = Document()
    for _ in range(rng.randrange(1, 6)):
        para = doc.add_paragraph()
        for _ in range(rng.randrange(1, 4)):
            para.add_run(_xml_safe(text_of(rng, key, rng.randrange(1, 4))))
    if rng.random() < 0.5:
        table = doc.add_table(rows=2, cols=2)
        for cell in (c for row in table.rows for c in row.cells):
            cell.text = _xml_safe(text_of(rng, key, 2))
    if rng.random() < 0.3:
        doc.sections[0].header.paragraphs[0].text = _xml_safe(text_of(rng, key, 2))
    if rng.random() < 0.3:
        doc.core_properties.title = _xml_safe(text_of(rng, key, 1))[:200]
    doc.save(str(path))


def damage_docx(rng: random.Random, path: Path) -> str:
    """Rewrite ``word/document.xml`` of a docx in one hostile way; the way's name."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"]
    decl_end = xml.find(b"?>") + 2
    how = rng.choice(["doctype", "entity", "utf16", "latin1", "malformed", "stray", "bom", "lower-doctype",
                      "comment-doctype", "cp1252-declared", "utf32"])
    if how == "doctype":
        xml = xml[:decl_end] + b"<!DOCTYPE w:document>" + xml[decl_end:]
    elif how == "entity":
        xml = xml[:decl_end] + b'<!DOCTYPE w:document [<!ENTITY e "Piet de Boer">]>' + xml[decl_end:].replace(b"<w:t>", b"<w:t>&e;", 1)
    elif how in ("utf16", "utf32"):
        xml = xml.decode("utf-8").replace("encoding='UTF-8'", f"encoding='{how.upper()}'").encode(how.replace("utf", "utf-"))
    elif how in ("latin1", "cp1252-declared"):
        name = "ISO-8859-1" if how == "latin1" else "windows-1252"
        xml = xml.decode("utf-8").replace("encoding='UTF-8'", f"encoding='{name}'").encode("cp1252", "replace")
    elif how == "malformed":
        i = rng.randrange(decl_end, len(xml))
        xml = xml[:i] + rng.choice([b"<", b"&", b"</x>", b"\x00", b"&nbsp;"]) + xml[i:]
    elif how == "stray":
        xml = stray(rng, xml)
    elif how == "bom":
        xml = b"\xef\xbb\xbf" + xml
    elif how == "lower-doctype":
        xml = xml[:decl_end] + b"<!doctype w:document>" + xml[decl_end:]
    else:
        xml = xml[:decl_end] + b"<!-- x --><?pi y?><!DOCTYPE w:document [<!ENTITY e 'x'>]>" + xml[decl_end:]
    parts["word/document.xml"] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return how


def stray(rng: random.Random, data: bytes) -> bytes:
    """A pasted cp1252 byte or two (or more) in UTF-8 bytes."""
    for _ in range(rng.choice([1, 1, 2, 5])):
        i = rng.randrange(len(data) + 1)
        data = data[:i] + bytes([rng.choice([0xE9, 0xEB, 0x92, 0x96, 0xA0, 0xFC])]) + data[i:]
    return data


# --------------------------------------------------------------------------- the plain_xml rule

def has_doctype(data: bytes) -> bool:
    """Whether expat (as ElementTree's C parser drives it) meets a document type declaration in ``data``."""
    import xml.parsers.expat as expat

    seen = []
    parser = expat.ParserCreate(None, "}")
    parser.StartDoctypeDeclHandler = lambda *a: seen.append(a)
    parser.EntityDeclHandler = lambda *a: seen.append(a)
    try:
        parser.Parse(data, True)
    except (expat.ExpatError, ValueError, LookupError, UnicodeError):
        pass
    return bool(seen)


def hostile_xml(rng: random.Random) -> bytes:
    doctype = rng.choice(['<!DOCTYPE a [<!ENTITY e "x">]>', "<!DOCTYPE a>", '<!DOCTYPE a SYSTEM "file:///etc/passwd">',
                          '<!DOCTYPE a [<!ENTITY % p SYSTEM "http://x/">%p;]>', "<!doctype a>", "<!DocType a>"])
    body = rng.choice(["<a>&e;</a>", "<a/>", "<a>x</a>", "<w:document xmlns:w='u'/>"])
    before = "".join(rng.choice(["<!-- c -->", "<?pi x?>", "\n", " ", "<!--<!DOCTYPE-->", "<?xml-stylesheet href='x'?>"])
                     for _ in range(rng.randrange(0, 3)))
    enc = rng.choice(["utf-8", "UTF-8", "utf8", "utf-16", "UTF-16LE", "utf-16be", "utf-32", "UTF-32LE", "utf-7",
                      "iso-8859-1", "cp1252", "ascii", "us-ascii", "cp037", "latin1", "x"])
    quote = rng.choice(['"', "'"])
    ws = rng.choice([" ", "  ", "\t", "\n", "\r\n"])
    decl_kind = rng.randrange(6)
    if decl_kind == 0:
        decl = ""
    elif decl_kind == 1:
        decl = f"<?xml version={quote}1.0{quote}{ws}encoding{ws if rng.random() < .5 else ''}={ws if rng.random() < .5 else ''}{quote}{enc}{quote}?>"
    elif decl_kind == 2:
        decl = f"<?xml version='1.0'?>"
    elif decl_kind == 3:
        decl = f"<?xml{ws}version=\"1.0\"{ws}encoding=\"{enc}\"{ws}standalone='yes'{ws}?>"
    elif decl_kind == 4:
        decl = f"<?xml version='1.0' encoding=\"{enc}' ?>"  # broken quotes
    else:
        decl = f"<?xml version='1.0' standalone='no' encoding='{enc}'?>"  # out of order
    text = decl + before + doctype + body
    codec = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                        "utf-32-be", "utf-7", "cp037", "latin-1", "cp500"])
    if codec == "utf-8" and enc.lower().replace("-", "") in ("utf16", "utf16le", "utf16be", "utf32", "utf32le", "utf7"):
        codec = rng.choice(["utf-8", enc.lower()]) if enc.lower() in ("utf-16", "utf-32", "utf-7", "utf-16le", "utf-16be", "utf-32le") else "utf-8"
    try:
        data = text.encode(codec)
    except (UnicodeError, LookupError):
        data = text.encode("utf-8")
    r = rng.random()
    if r < 0.15:
        data = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff",
                           b"+/v8", b"\xef\xbb\xbf\xef\xbb\xbf"]) + data
    elif r < 0.25 and len(data) > 4:  # a byte dropped or doubled near the start
        i = rng.randrange(0, min(len(data), 40))
        data = data[:i] + data[i + 1:] if rng.random() < 0.5 else data[:i] + data[i:i + 1] + data[i:]
    return data


def new_addresses_only(a: object, b: object, kind: int, text: int) -> bool:
    """Whether the new findings ``b`` differ from the old ``a`` only by e-mail addresses the old expression never
    found (a letter beyond ASCII, ``josé@haven.nl``, or a local part starting with ``_``), each old finding they drop
    lying inside one of them (a key name inside the address) or holding one (a URL whose query holds the address: the
    address now wins, as an ASCII one always did)."""
    if not isinstance(a, list) or not isinstance(b, list):
        return False
    extra = [x for x in b if x not in a]
    added = [x for x in extra if x[kind] == "email" and (not str(x[text]).isascii() or str(x[text]).startswith("_"))]
    def covered(x: list) -> bool:  # inside an added address, or (a URL around it) holding one
        return any(str(x[text]) in str(y[text]) or str(y[text]) in str(x[text]) for y in added)

    return len(added) == len(extra) > 0 and all(covered(x) for x in a if x not in b)


# --------------------------------------------------------------------------- driver

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, default=Path("/tmp/fuzz-leak/old"), help="the checkout to compare with")
    ap.add_argument("--new", type=Path, default=HERE, help="the checkout under test (default: this one)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--show", type=int, default=3, help="differences printed in full per kind")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(args.new))
    from researchkit.io.mixedutf8 import read_mixed_utf8
    from researchkit.privacy.leakxml import plain_xml

    rng = random.Random(args.seed)
    old, new = Worker(args.old), Worker(args.new)
    counts: Counter[str] = Counter()
    diffs: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    deadline = time.monotonic() + args.seconds
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-leak-"))

    def report(kind: str, case: object, a: object, b: object) -> None:
        diffs[kind] += 1
        if shown[kind] < args.show:
            shown[kind] += 1
            print(f"--- {kind} (case {counts['cases']})\ninput: {case!r}\nold:   {a!r}\nnew:   {b!r}", flush=True)

    try:
        while counts["cases"] < args.cases and time.monotonic() < deadline:
            counts["cases"] += 1
            key = rng.choice(KEYS)
            what = rng.randrange(10)
            if what < 3:
                text = long_text(rng, key) if rng.random() < 0.04 else text_of(rng, key)
                regions = rng.choice([None, "NL,GB,US", "US", "GB"])
                a, b = old.ask(op="patterns", text=text, regions=regions), new.ask(op="patterns", text=text, regions=regions)
                counts["patterns"] += 1
                if a != b and new_addresses_only(a.get("ok"), b.get("ok"), 2, 3):
                    counts["internationalised e-mail addresses (intended)"] += 1
                elif a != b:
                    report("find_patterns", (text, regions), a, b)
            elif what < 6:
                text = long_text(rng, key) if rng.random() < 0.04 else text_of(rng, key)
                regions = rng.choice([None, "NL,GB,US"])
                a = old.ask(op="identifiers", text=text, key=key, regions=regions)
                b = new.ask(op="identifiers", text=text, key=key, regions=regions)
                counts["identifiers"] += 1
                if a != b and new_addresses_only(a.get("ok"), b.get("ok"), 3, 2):
                    counts["internationalised e-mail addresses (intended)"] += 1
                elif a != b:
                    report("find_identifiers", (text, key, regions), a, b)
            elif what < 9:
                fmt = rng.choice([".md", ".html", ".csv", ".docx"])
                path = tmp / f"case{counts['cases']}{fmt}"
                damaged = None
                if fmt == ".docx":
                    docx_file(rng, key, path)
                    if rng.random() < 0.25:
                        damaged = damage_docx(rng, path)
                    data = path.read_bytes()
                else:
                    maker = {".md": md_file, ".html": html_file, ".csv": csv_file}[fmt]
                    data = maker(rng, key).encode("utf-8")
                    if rng.random() < 0.12:
                        data = stray(rng, data)
                    path.write_bytes(data)
                use_key = key if rng.random() < 0.8 else None
                a, b = old.ask(op="check", path=str(path), key=use_key), new.ask(op="check", path=str(path), key=use_key)
                counts["check " + fmt] += 1
                try:
                    data.decode("utf-8")
                    utf8 = True
                except UnicodeDecodeError:
                    utf8 = fmt == ".docx"  # a zip: its parts' encodings are the damaged-docx cases
                if damaged is not None:
                    counts["damaged docx: " + damaged] += 1
                if a != b:
                    if "error" in a and "error" in b and b["error"].startswith(a["error"]) and "not UTF-8" in b["error"]:
                        counts["XML error naming the first non-UTF-8 byte (intended)"] += 1
                    elif not utf8:
                        # the intended change: a file with stray bytes is read as io.mixedutf8 reads it (or refused,
                        # RK654); the old code must find on that text, saved as clean UTF-8, what the new finds here
                        counts["encoding differences (intended)"] += 1
                        body = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
                        mixed = read_mixed_utf8(body)
                        if mixed is None:
                            if not ("error" in b and "RK654" in b["error"]):
                                report("check_outputs: stray-byte file read otherwise", str(path), a, b)
                        else:
                            clean = path.with_name("clean-" + path.name)
                            clean.write_text(mixed[0], encoding="utf-8", newline="")
                            c = old.ask(op="check", path=str(clean), key=use_key)
                            if "ok" in c and "ok" in b:
                                if ([r[1:] for r in c["ok"]["rows"]] != [r[1:] for r in b["ok"]["rows"]]
                                        and not new_addresses_only([r[1:] for r in c["ok"]["rows"]],
                                                                   [r[1:] for r in b["ok"]["rows"]], 1, 4)):
                                    report("check_outputs: stray-byte file not as its clean text", str(path), c, b)
                            elif c != b:
                                report("check_outputs: stray-byte file not as its clean text", str(path), c, b)
                    elif "ok" in a and "ok" in b and new_addresses_only(a["ok"]["rows"], b["ok"]["rows"], 2, 5):
                        counts["internationalised e-mail addresses (intended)"] += 1
                    else:
                        report("check_outputs " + fmt, str(path), a, b)
                else:
                    path.unlink()
            else:
                for _ in range(20):
                    data = hostile_xml(rng)
                    counts["hostile xml"] += 1
                    dtd, plain = has_doctype(data), plain_xml(data)
                    counts["hostile xml with a DTD"] += dtd
                    counts["hostile xml called plain"] += plain
                    if dtd and plain:
                        report("plain_xml lets a DTD through", data, True, True)
    finally:
        old.close()
        new.close()
    print("cases:", dict(counts))
    print("differences:", dict(diffs) or "none")
    if not any(diffs.values()):
        try:
            tmp.rmdir() if not any(tmp.iterdir()) else None
        except OSError:
            pass
    else:
        print("kept failing files in", tmp)
    return 1 if diffs else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _worker()
    else:
        sys.exit(main())
