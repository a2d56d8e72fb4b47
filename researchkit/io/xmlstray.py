"""Text an XML reader does not read, found so that it is named in a note instead of lost.

A reader of a structured XML transcript (ParlParse's ``<publicwhip>``, Canada's ``<Hansard>``, ParlInfo's ``<hansard>``,
TEI, TTML, ELAN's ``.eaf``, EXMARaLDA's ``.exb``)
reads the text of the elements it knows *whole* (a paragraph with its inline markup, a heading, a
name in a division list); the elements around them only hold those elements and white space. A
damaged or hand-edited file can hold words in such a container (``<division>Ayes</division>``),
after an element (``</speech> said the Speaker``), or in an element the reader reads only for its
attributes. :func:`stray_text` finds each such piece, in document order, with its line and the
element it is in; :func:`stray_note` writes them into the transcript's note, every word shown.
A header's metadata elements that a reader does not read into an attribute (TEI's ``<publicationStmt><p>``, the
BNC's ``<availability>``, an OHMS record's ``<version>``) are found by :func:`unread_text` and named by
:func:`unread_note`, each element's words whole.

Examples
--------
>>> from lxml import etree
>>> root = etree.fromstring(b"<a>\\n<p>read</p> stray\\n<b>too</b></a>")
>>> stray_text(root, lambda element: element.tag == "p")
[(2, 'a', 'stray'), (3, 'b', 'too')]
>>> stray_note(stray_text(root, lambda element: element.tag == "p"))
"text outside the elements this reader reads, not in the transcript: line 2, <a>: 'stray'; line 3, <b>: 'too'"
"""

from __future__ import annotations

from typing import Callable

from lxml import etree

from researchkit.io.xmlsafe import local_name

__all__ = ["stray_text", "stray_note", "unread_text", "unread_note"]


def stray_text(root: etree._Element, whole: Callable[[etree._Element], bool], *,
               tails_read: tuple[etree._Element, ...] = ()) -> list[tuple[int | None, str, str]]:
    """The non-blank text outside the elements a reader reads whole, as ``(line, element, text)`` in document order.

    Parameters
    ----------
    root
        The parsed file's root element (comments and processing instructions removed).
    whole
        Whether the reader reads an element's text whole (with its children's); such an element's own
        text and its descendants are not looked into, its tail is (it belongs to the parent).
    tails_read
        Elements whose tail the reader reads (a note after a name): not stray.

    Returns
    -------
    list of (int or None, str, str)
        For each piece: the line it starts on (lxml's, ``None`` when unknown), the local name of the
        element it is in (for a tail, the parent's) and the text, white space collapsed.

    Examples
    --------
    >>> from lxml import etree
    >>> stray_text(etree.fromstring(b"<a>x<p>y</p>z</a>"), lambda element: element.tag == "p")
    [(1, 'a', 'x'), (1, 'a', 'z')]
    """
    found: list[tuple[int | None, str, str]] = []
    _look(root, whole, {id(e) for e in tails_read}, found)  # recursion: parse_xml refuses XML nested deeper than 256 levels
    return found


def _look(element: etree._Element, whole: Callable[[etree._Element], bool], tails_read: set[int], found: list) -> None:
    name = local_name(element)
    if element.text and element.text.strip():
        found.append((element.sourceline, name, " ".join(element.text.split())))
    for child in element:
        if isinstance(child.tag, str) and not whole(child):
            _look(child, whole, tails_read, found)
        if child.tail and child.tail.strip() and id(child) not in tails_read:
            found.append((child.sourceline, name, " ".join(child.tail.split())))


def stray_note(strays: list[tuple[int | None, str, str]]) -> str:
    """The note naming every stray piece of text (:func:`stray_text`) with its line and element.

    Examples
    --------
    >>> stray_note([(4, "division", "Ayes")])
    "text outside the elements this reader reads, not in the transcript: line 4, <division>: 'Ayes'"
    """
    shown = "; ".join((f"line {line}, " if line else "") + f"<{name}>: {text!r}" for line, name, text in strays)
    return f"text outside the elements this reader reads, not in the transcript: {shown}"


def unread_text(root: etree._Element, read: Callable[[etree._Element], bool],
                containers: frozenset[str] | set[str]) -> list[tuple[int | None, str, str]]:
    """The words of the elements under ``root`` that a reader neither reads nor only walks through, in document order.

    A header holds containers (``fileDesc``, ``particDesc``: only elements; their own words are strays,
    :func:`stray_text`) and metadata elements, which the reader reads into an attribute or not. Each metadata
    element it does not read, and that holds words, is one piece: its words whole (its children's too).

    Parameters
    ----------
    root
        The element whose descendants are looked at (a ``teiHeader``, an OHMS ``record``).
    read
        Whether the reader reads an element (into an attribute, a note, the text): not looked into.
    containers
        Local names of the elements that only hold elements: walked into.

    Returns
    -------
    list of (int or None, str, str)
        For each unread element with words: its line, ``parent/name`` (local names) and its words, white space
        collapsed.

    Examples
    --------
    >>> from lxml import etree
    >>> header = etree.fromstring(b"<h><fileDesc><title>T</title><p>Published by <b>us</b></p></fileDesc></h>")
    >>> unread_text(header, lambda element: element.tag == "title", {"fileDesc"})
    [(1, 'fileDesc/p', 'Published by us')]
    """
    found: list[tuple[int | None, str, str]] = []
    stack = [c for c in reversed(root) if isinstance(c.tag, str)]
    while stack:
        element = stack.pop()
        if read(element):
            continue
        name = local_name(element)
        if name in containers:
            stack.extend(c for c in reversed(element) if isinstance(c.tag, str))
            continue
        words = " ".join(" ".join(element.itertext()).split())
        if words:
            parent = element.getparent()
            found.append((element.sourceline, f"{local_name(parent)}/{name}" if parent is not None else name, words))
    return found


def unread_note(pieces: list[tuple[int | None, str, str]], what: str = "header") -> str:
    """The note naming every unread metadata element (:func:`unread_text`) with its line and words.

    Examples
    --------
    >>> unread_note([(4, "publicationStmt/p", "Published by us")])
    "header text not read into an attribute, kept here: line 4, <publicationStmt/p>: 'Published by us'"
    """
    shown = "; ".join((f"line {line}, " if line else "") + f"<{name}>: {text!r}" for line, name, text in pieces)
    return f"{what} text not read into an attribute, kept here: {shown}"
