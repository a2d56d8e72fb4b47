"""QualCoder's reading rules for a REFI-QDA project, as documented in its importer.

QualCoder (``qualcoder/refi.py``, class ``RefiImport``) cannot run here (it needs PyQt6
and is not on PyPI), so this module applies the same rules, written from its
documented logic, to a ``.qdpx`` file:

* the archive is unpacked; the project file is the ``.qde`` at the top; sources are read
  from ``sources/`` (or ``Sources/``) by cutting ``plainTextPath`` after ``internal:/``;
* users are ``<User>`` name/guid pairs; a coder unknown to ``<Users>`` is ``default``;
* a code's memo is the text of its ``<Description>`` (a code is a category only when
  ``isCodable="false"``);
* the project memo is the root ``<Description>``;
* a text source's memo is its ``<Description>``; its text is read with universal line
  ends, and when the file has CRLF (and the origin is not ATLAS.ti) every ``\\n`` becomes
  ``\\n `` so that offsets counting CRLF as two still fit;
* each ``<PlainTextSelection>``'s ``<Description>`` is the memo of its codings, whose
  text is ``fulltext[startPosition:endPosition]`` and whose owner is the selection's
  ``creatingUser``;
* a ``<NoteRef>`` on a text source marks that note as an annotation (not a journal);
* every ``<Note>`` needs a ``creationDateTime`` or ``modifiedDateTime`` (QualCoder stops
  otherwise); a note with a ``plainTextPath``, a name and that is no annotation becomes a
  journal whose text is that file; two journals with one name stop the import.
* code names are unique (``code_name.name``, ``code_cat.name``): a second code of a name is
  not inserted (``sub_codes`` catches the ``IntegrityError`` and reuses the first) and its
  GUID is never registered, so its codings arrive without a code (``cid`` None);
* an ``<AudioSource>``/``<VideoSource>`` needs a ``name`` (``"/audio/" + name`` in
  ``load_audio_source``) and its ``<Transcript>`` a ``creationDateTime`` or
  ``modifiedDateTime`` (``parse_transcript_with_codings_and_syncpoints`` calls ``.replace``
  on it); otherwise the import stops.

Errors QualCoder would stop on are raised as :class:`QualCoderWouldFail`.
"""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path


class QualCoderWouldFail(AssertionError):
    """QualCoder's importer would stop here."""


def _ns(root: ET.Element) -> str:
    match = re.match(r"\{urn:QDA-XML:project:([^}]*)\}", root.tag)
    version = match.group(1) if match else "1.0"
    return f"{{urn:QDA-XML:project:{version}}}"


def _child(el: ET.Element, tag: str) -> ET.Element | None:
    return next((c for c in el if c.tag == tag), None)


def read_like_qualcoder(qdpx: Path, workdir: Path) -> dict:
    """Import ``qdpx`` by QualCoder's rules; return what QualCoder's tables would hold."""
    folder = workdir / "qualcoder_temporary"
    with zipfile.ZipFile(qdpx) as z:
        z.extractall(folder)
    sources_dir = folder / ("sources" if (folder / "sources").exists() else "Sources")
    qde = next(p for p in folder.iterdir() if p.suffix == ".qde")
    root = ET.parse(qde).getroot()
    ns = _ns(root)
    software = root.get("origin") or ""
    users = {u.get("guid"): u.get("name") for u in (_child(root, ns + "Users") or [])}
    out: dict = {"project_memo": None, "codes": {}, "categories": {}, "sources": {}, "codings": [], "journals": {}}
    code_guids: dict[str, str] = {}

    def walk_codes(el: ET.Element) -> None:
        memo = next((d.text for d in el if d.tag == ns + "Description"), "")
        if el.get("isCodable") == "false":
            out["categories"].setdefault(el.get("name"), memo)
        elif el.get("name") not in out["codes"]:  # a repeated name: not inserted, its GUID never registered
            out["codes"][el.get("name")] = memo
            code_guids[el.get("guid")] = el.get("name")
        for child in el:
            if child.tag == ns + "Code":
                walk_codes(child)

    book = _child(root, ns + "CodeBook")
    if book is not None:
        for code in list(book)[0]:
            walk_codes(code)
    description = _child(root, ns + "Description")
    if description is not None:
        out["project_memo"] = description.text or ""
    annotations: set[str] = set()
    for src in _child(root, ns + "Sources") or []:
        if src.tag in (ns + "AudioSource", ns + "VideoSource"):
            if src.get("name") is None:
                raise QualCoderWouldFail(f"{src.tag} {src.get('guid')} has no name: QualCoder's load_audio/video_source stops")
            for t in src:
                if t.tag == ns + "Transcript" and (t.get("creationDateTime") or t.get("modifiedDateTime")) is None:
                    raise QualCoderWouldFail(f"transcript {t.get('guid')} has no date: QualCoder's "
                                             "parse_transcript_with_codings_and_syncpoints stops")
        if src.tag != ns + "TextSource":
            continue
        path = sources_dir / src.get("plainTextPath").split("internal:/")[1].lstrip("/")
        raw = path.read_bytes()
        first_line = raw.split(b"\n", 1)[0]
        add_ending = first_line.endswith(b"\r") and "ATLAS" not in software
        fulltext = path.read_text(encoding="utf-8", errors="replace")  # universal line ends, as open() does
        if add_ending:
            fulltext = fulltext.replace("\n", "\n ")
        memo = next((d.text for d in src if d.tag == ns + "Description"), "")
        out["sources"][src.get("name")] = {"memo": memo, "fulltext": fulltext}
        for sel in src:
            if sel.tag == ns + "NoteRef":
                annotations.add(sel.get("targetGUID"))
            if sel.tag != ns + "PlainTextSelection":
                continue
            pos0, pos1 = int(sel.get("startPosition")), int(sel.get("endPosition"))
            sel_memo = next((d.text or "" for d in sel if d.tag == ns + "Description"), "")
            owner = users.get(sel.get("creatingUser") or sel.get("modifyingUser"), "default")
            for coding in sel:
                if coding.tag == ns + "Coding":
                    code = code_guids.get(list(coding)[0].get("targetGUID"))
                    out["codings"].append({"source": src.get("name"), "code": code, "seltext": fulltext[pos0:pos1],
                                           "memo": sel_memo, "owner": owner})
    for note in _child(root, ns + "Notes") or []:
        created = note.get("creationDateTime") or note.get("modifiedDateTime")
        if created is None:
            raise QualCoderWouldFail(f"note {note.get('guid')} has no date: QualCoder's parse_notes stops")
        name = note.get("name")
        if note.get("guid") in annotations:
            continue
        if note.get("plainTextPath") is not None and name != "":
            if name in out["journals"]:
                raise QualCoderWouldFail(f"two journals called {name!r}: QualCoder's renaming of a duplicate stops")
            path = sources_dir / note.get("plainTextPath").split("internal:/")[1].lstrip("/")
            out["journals"][name] = path.read_text(encoding="utf-8")
    return out
