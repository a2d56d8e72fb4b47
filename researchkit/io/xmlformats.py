"""Which reader reads an ``.xml`` transcript: the file's root element decides, never its name.

========================  ===========================================================================
root element              read as
========================  ===========================================================================
``ROOT``                  OHMS, the Oral History Metadata Synchronizer (:mod:`researchkit.io.ohms`)
``TEI``, ``TEI.2``        a TEI transcription of speech (:mod:`researchkit.io.tei`; a ``teiCorpus`` is refused
                          there, with advice to save each ``TEI`` alone)
``tt``                    TTML/DFXP subtitles (:mod:`researchkit.io.ttml`)
``html``                  XHTML saved as ``.xml`` (:mod:`researchkit.io.html`)
``ANNOTATION_DOCUMENT``   ELAN: read by the ``.eaf`` reader
``Trans``                 Transcriber: read by the ``.trs`` reader
``basic-transcription``   EXMARaLDA: read by the ``.exb`` reader
``transcript``,           YouTube's timed-text captions, srv1 and srv2/srv3 (:mod:`researchkit.io.youtubexml`)
``timedtext``
``bncDoc``                a spoken text of the British National Corpus, XML edition (:mod:`researchkit.io.bnc`)
``text``                  a Spoken BNC2014 text (:mod:`researchkit.io.bnc`; without a namespace only)
``CHAT``                  TalkBank XML, CLAN's ``chat2xml`` (:mod:`researchkit.io.talkbankxml`; in TalkBank's namespace)
``Hansard``               the House of Commons of Canada's Debates and committee Evidence
                          (:mod:`researchkit.io.hansardxml`; without a namespace only)
========================  ===========================================================================

:data:`XML_ROOTS` is that table. A value that is a suffix (``".eaf"``) hands the file to the
reader registered for that suffix in :data:`researchkit.io.READERS`; while no reader is registered
for it, the file is refused (RK122) with the advice to rename it. Only the first
:data:`SNIFF_BYTES` bytes are read to find the root, through :mod:`researchkit.io.xmlsafe`
(no entities, no DTD, no network). An ``.xml`` file with another root is not a transcript: in a
folder it is skipped and listed (:func:`xml_skip_reason`); read on its own it is RK122 naming its
root and the layouts known.

Examples
--------
>>> xml_reader("R1.xml", b"<?xml version='1.0'?><tt xmlns='http://www.w3.org/ns/ttml'/>", {".xml": "xml"})
'ttml'
>>> xml_reader("R1.xml", b"<ANNOTATION_DOCUMENT/>", {".xml": "xml", ".eaf": "elan"})
'elan'
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from researchkit.errors import ResearchkitError, TranscriptError
from researchkit.io.xmlsafe import root_name

__all__ = ["XML_ROOTS", "FORMAT_NAMES", "xml_reader", "xml_skip_reason", "SNIFF_BYTES"]

#: Root element (local name) -> reader name, or the suffix whose reader reads it.
XML_ROOTS: dict[str, str] = {
    "ROOT": "ohms",
    "TEI": "tei",
    "TEI.2": "tei",
    "teiCorpus": "tei",
    "tt": "ttml",
    "html": "html",
    "ANNOTATION_DOCUMENT": ".eaf",
    "Trans": ".trs",
    "basic-transcription": ".exb",
    "transcript": "youtubexml",
    "timedtext": "youtubexml",
    "bncDoc": "bnc",
    "text": "bnc",
    "CHAT": "talkbankxml",
    "Hansard": "hansardxml",
}
#: What each root is, for messages.
FORMAT_NAMES: dict[str, str] = {
    "ROOT": "OHMS (Oral History Metadata Synchronizer)", "TEI": "TEI", "TEI.2": "TEI (P4)", "teiCorpus": "TEI corpus", "tt": "TTML/DFXP subtitles",
    "html": "XHTML", "ANNOTATION_DOCUMENT": "ELAN", "Trans": "Transcriber", "basic-transcription": "EXMARaLDA",
    "transcript": "YouTube captions (srv1)", "timedtext": "YouTube captions (srv2/srv3)",
    "bncDoc": "British National Corpus (BNC XML edition)", "text": "Spoken BNC2014", "CHAT": "TalkBank XML",
    "Hansard": "Hansard XML (House of Commons of Canada)",
}
#: Bytes read to find the root element.
SNIFF_BYTES = 64 * 1024
#: A root named ROOT is OHMS in these namespaces, or in none.
OHMS_NAMESPACES = ("https://www.weareavp.com/nunncenter/ohms", "https://www.avpreserve.com/nunncenter/ohms",
                   "http://www.weareavp.com/nunncenter/ohms", "http://www.avpreserve.com/nunncenter/ohms")


#: A root named CHAT is TalkBank's in this namespace, or in none.
TALKBANK_NAMESPACE = "http://www.talkbank.org/ns/talkbank"
#: Roots that are their format's only without a namespace (``<text>``: the Spoken BNC2014 writes none;
#: ``<Hansard>``: ourcommons.ca writes none).
NO_NAMESPACE = frozenset({"text", "Hansard"})


def _known(name: str, namespace: str) -> bool:
    if name not in XML_ROOTS:
        return False
    if name == "ROOT":
        return not namespace or namespace.rstrip("/") in OHMS_NAMESPACES
    if name == "CHAT":
        return not namespace or namespace.rstrip("/") == TALKBANK_NAMESPACE
    return name not in NO_NAMESPACE or not namespace


def _layouts() -> str:
    return ", ".join(f"<{root}> ({FORMAT_NAMES[root]})" for root in XML_ROOTS)


def xml_reader(path: str | Path, data: bytes, readers: Mapping[str, str]) -> str:
    """The reader name for an ``.xml`` file, from its root element (see the module docstring).

    Parameters
    ----------
    path
        For messages.
    data
        The file's bytes (only the first :data:`SNIFF_BYTES` are looked at).
    readers
        Suffix -> reader name (:data:`researchkit.io.READERS`), for roots another suffix's reader reads.

    Raises
    ------
    TranscriptError
        RK121 when no root element can be read; RK122 for a root of no known layout, or of a format
        whose reader is not there yet (the advice names the suffix to rename it to).

    Examples
    --------
    >>> xml_reader("notes.xml", b"<settings><a/></settings>", {})
    Traceback (most recent call last):
    ...
    researchkit.errors.TranscriptError: [RK122] notes.xml: the XML root element <settings> is none of the transcript layouts researchkit reads: <ROOT> (OHMS (Oral History Metadata Synchronizer)), <TEI> (TEI), <TEI.2> (TEI (P4)), <teiCorpus> (TEI corpus), <tt> (TTML/DFXP subtitles), <html> (XHTML), <ANNOTATION_DOCUMENT> (ELAN), <Trans> (Transcriber), <basic-transcription> (EXMARaLDA), <transcript> (YouTube captions (srv1)), <timedtext> (YouTube captions (srv2/srv3)), <bncDoc> (British National Corpus (BNC XML edition)), <text> (Spoken BNC2014), <CHAT> (TalkBank XML), <Hansard> (Hansard XML (House of Commons of Canada)). What to do: export the transcript as one of these, or as .docx, .txt, .vtt or .srt.
    """
    name, namespace = root_name(path, data[:SNIFF_BYTES])
    if not _known(name, namespace):
        shown = f"<{name}>" + (f" in namespace {namespace!r}" if namespace else "")
        raise TranscriptError("RK122", path, f"the XML root element {shown} is none of the transcript layouts researchkit reads: "
                              f"{_layouts()}", hint="export the transcript as one of these, or as .docx, .txt, .vtt or .srt")
    target = XML_ROOTS[name]
    if not target.startswith("."):
        return target
    if target in readers:
        return readers[target]
    raise TranscriptError("RK122", path, f"is an {FORMAT_NAMES[name]} file (root <{name}>) saved as .xml",
                          hint=f"rename it to {Path(path).stem}{target}, the suffix its reader reads")


def xml_skip_reason(path: Path, *, max_bytes: int, readers: Mapping[str, str]) -> str | None:
    """Why an ``.xml`` file in a transcripts folder is not a transcript, or ``None`` if it may be one.

    A file whose root is none of :data:`XML_ROOTS` is skipped; a file too large, unreadable or not
    well-formed is left to :func:`researchkit.io.read_transcript`, whose error names it.

    Examples
    --------
    >>> import tempfile, os
    >>> p = Path(tempfile.mkdtemp()) / "settings.xml"
    >>> _ = p.write_bytes(b"<?xml version='1.0'?><settings/>")
    >>> xml_skip_reason(p, max_bytes=1000, readers={})
    'XML without a transcript layout (root <settings>)'
    """
    try:
        if path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        name, namespace = root_name(path, head)
    except (ResearchkitError, OSError):
        return None
    if _known(name, namespace):
        return None
    return f"XML without a transcript layout (root <{name}>)"
