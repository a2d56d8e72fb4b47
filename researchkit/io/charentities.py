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
a parameter entity, an element declaration) is left alone, and refused as before.

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
    for declaration in _DECLARATION.finditer(subset):
        references[declaration.group(1)] = b"&#" + declaration.group(3) + b";"
    if _DECLARATION.sub(b"", subset).strip() or not references:
        return data  # anything but character entities: left to xmlsafe, which refuses it
    body = data[match.end():]
    names = re.compile(rb"&(" + b"|".join(re.escape(name) for name in sorted(references, key=len, reverse=True)) + rb");")
    body = names.sub(lambda m: references[m.group(1)], body)
    return data[: match.start()] + b"\n" * match.group(0).count(b"\n") + body
