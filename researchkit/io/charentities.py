"""A DOCTYPE that only names characters, read as the character references it stands for.

ParlParse (mysociety/parlparse, ``pyscraper/xmlfilewrite.py: WriteXMLHeader``) opens every
``<publicwhip>`` file TheyWorkForYou publishes with an internal DTD subset of HTML's character
names, each standing for one character reference::

    <!DOCTYPE publicwhip
    [
    <!ENTITY ndash   "&#8211;">
    <!ENTITY nbsp   "&#160;" >
    ...
    ]>

and writes ``&mdash;``, ``&pound;`` in the text. :mod:`researchkit.io.xmlsafe` refuses every
``<!ENTITY`` declaration (entities can expand to gigabytes or read files). A declaration whose
value is one character reference can do neither, so for the roots in :data:`ROOTS` (only
``publicwhip``) such a subset is taken out, replaced by as many line ends as it spanned (line
numbers in errors stay the file's), and each ``&name;`` it declares is written as the character
reference it stands for. A subset holding anything else (an entity with text, an external one,
a parameter entity, an element declaration, a comment), or one followed by a root element of
another name, is left alone, and refused as before. As in XML, the first declaration of a name
binds, XML's own five (``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``, ``&apos;``) keep their meaning,
and a ``<![CDATA[...]]>`` section is text, its ``&name;`` written as it stands.

Examples
--------
>>> data = b'<?xml version="1.0"?>\\n<!DOCTYPE publicwhip\\n[\\n<!ENTITY mdash "&#8212;">\\n]>\\n<publicwhip>a&mdash;b</publicwhip>'
>>> resolve_character_entities(data)
b'<?xml version="1.0"?>\\n\\n\\n\\n\\n<publicwhip>a&#8212;b</publicwhip>'
>>> resolve_character_entities(b'<!DOCTYPE publicwhip [<!ENTITY x "text">]><publicwhip>&x;</publicwhip>')[:20]
b'<!DOCTYPE publicwhip'
"""

from __future__ import annotations

import re

__all__ = ["ROOTS", "resolve_character_entities"]

#: Roots whose DOCTYPE of character entities is read (the layouts known to write one).
ROOTS = (b"publicwhip",)
#: How far into the file the DOCTYPE may end (ParlParse's is about 1.5 kB).
_HEAD = 16 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(" + b"|".join(ROOTS) + rb")\s*\[(.*?)\]\s*>", re.DOTALL)
_DECLARATION = re.compile(rb"""<!ENTITY\s+([A-Za-z_][A-Za-z0-9._-]{0,40})\s+(["'])&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});\2\s*>""")
_REFERENCE = re.compile(rb"&([A-Za-z_][A-Za-z0-9._-]{0,40});")
_PREDEFINED = (b"amp", b"lt", b"gt", b"quot", b"apos")
_SPACE = re.compile(rb"[ \t\r\n]*")
_AFTER_NAME = (b" ", b"\t", b"\r", b"\n", b">", b"/")
_PROLOGUE = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,300}\?>)?\s*\Z")


def resolve_character_entities(data: bytes) -> bytes:
    """The bytes with a DOCTYPE of character entities taken out and its entities written as references.

    Parameters
    ----------
    data
        An XML file's bytes (or its first bytes).

    Returns
    -------
    bytes
        ``data`` itself when it holds no such DOCTYPE of a root in :data:`ROOTS` (see the module docstring).

    Examples
    --------
    >>> resolve_character_entities(b"<tt/>")
    b'<tt/>'
    """
    match = _DOCTYPE.search(data, 0, _HEAD)
    if match is None or not _PROLOGUE.match(data[: match.start()]):
        return data
    subset = match.group(2)
    references: dict[bytes, bytes] = {}
    for declaration in _DECLARATION.finditer(subset):  # the first declaration of a name binds, as in XML
        references.setdefault(declaration.group(1), b"&#" + declaration.group(3) + b";")
    if _DECLARATION.sub(b"", subset).strip() or not references or not _opens_root(data, match.end(), match.group(1)):
        return data  # anything but character entities of this root: left to xmlsafe, which refuses it
    for name in _PREDEFINED:
        references.pop(name, None)
    blank = b"\n" * match.group(0).count(b"\n")
    return data[: match.start()] + blank + _referenced(data[match.end():], references)


def _opens_root(data: bytes, at: int, name: bytes) -> bool:
    """Whether the first element after ``at`` (past white space, comments and processing instructions) is ``<name``."""
    end = min(len(data), at + _HEAD)
    while True:
        at = _SPACE.match(data, at, end).end()
        if data.startswith(b"<!--", at, end):
            close, mark = data.find(b"-->", at + 4, end), b"-->"
        elif data.startswith(b"<?", at, end):
            close, mark = data.find(b"?>", at + 2, end), b"?>"
        else:
            after = at + 1 + len(name)
            return data.startswith(b"<" + name, at, end) and data[after:after + 1] in _AFTER_NAME
        if close < 0:
            return False
        at = close + len(mark)


def _referenced(body: bytes, references: dict[bytes, bytes]) -> bytes:
    """``body`` with each declared ``&name;`` written as its character reference, outside CDATA sections (linear:
    each section is looked for once, an unclosed one runs to the end)."""
    def write(part: bytes) -> bytes:
        return _REFERENCE.sub(lambda m: references.get(m.group(1), m.group(0)), part) if references else part

    out: list[bytes] = []
    at = 0
    while True:
        opened = body.find(b"<![CDATA[", at)
        if opened < 0:
            out.append(write(body[at:]))
            return b"".join(out)
        closed = body.find(b"]]>", opened + 9)
        closed = len(body) if closed < 0 else closed + 3
        out += [write(body[at:opened]), body[opened:closed]]
        at = closed
