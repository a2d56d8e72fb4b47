"""The XML parts of outputs (a Word document's parts), parsed for the leak check without trusting them.

:func:`parse_xml` refuses what :mod:`defusedxml` refuses (entity declarations, external
entities: ``RK653``, unsafe XML) and reports malformed XML (``RK653``). ``defusedxml``
parses with the pure-Python ``XMLParser`` (so that it can watch the DTD), which calls
Python for every element; a part whose bytes can hold no DTD at all is parsed with the
standard library's C parser instead (the same expat, the same tree and the same errors):
UTF-8 (no byte-order mark of UTF-16 or UTF-32, no NUL in the first bytes, no other
encoding declared) and no ``<!DOCTYPE`` anywhere. An entity can be declared only in a
DTD, so such a part has nothing for ``defusedxml`` to refuse. Every other part goes to
``defusedxml`` as before.

Examples
--------
>>> parse_xml(b"<a><b>x</b></a>", "t.xml")[0].text
'x'
>>> plain_xml(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document/>'), plain_xml(b"<!DOCTYPE a><a/>")
(True, False)
>>> try:
...     parse_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "t.xml")
... except Exception as exc:
...     print(exc.code, exc.message)
RK653 t.xml: unsafe XML (EntitiesForbidden)
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from researchkit.errors import PrivacyError
from researchkit.privacy.leakdecode import not_utf8_detail

__all__ = ["parse_xml", "plain_xml"]

#: The encoding an XML declaration names.
_ENCODING = re.compile(rb"""encoding[ \t\r\n]*=[ \t\r\n]*["']([A-Za-z0-9._-]*)["']""")


def plain_xml(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 XML without a DTD (so without entity declarations): see the module notes.

    Examples
    --------
    >>> plain_xml(b"<a/>"), plain_xml("<a/>".encode("utf-16")), plain_xml(b"<?xml version='1.0' encoding='cp037'?><a/>")
    (True, False, False)
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4] or b"<!DOCTYPE" in data:
        return False
    body = data[3:] if data[:3] == b"\xef\xbb\xbf" else data
    if body[:5] == b"<?xml":
        end = body.find(b"?>")
        declaration = body[: end if end >= 0 else len(body)]
        if b"encoding" in declaration:
            named = _ENCODING.search(declaration)
            return named is not None and named.group(1).lower() == b"utf-8"
    return True


def parse_xml(data: bytes, label: str) -> Any:
    """The root element of an XML part; ``RK653`` for unsafe or malformed XML (``label`` names the part).

    Examples
    --------
    >>> try:
    ...     parse_xml(b"<a><b></a>", "report.docx: word/document.xml")
    ... except Exception as exc:
    ...     print(exc.message)
    report.docx: word/document.xml: malformed XML (mismatched tag: line 1, column 8)
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return ET.fromstring(data) if plain_xml(data) else fromstring(data)
    except DefusedXmlException as exc:
        raise PrivacyError("RK653", f"{label}: unsafe XML ({type(exc).__name__})",
                           hint="the file declares entities or a DTD; do not trust it") from None
    except (ValueError, LookupError) as exc:  # expat: "multi-byte encodings are not supported" (UTF-32), unknown ones
        raise PrivacyError("RK653", f"{label}: XML in an encoding the parser cannot read ({exc})",
                           hint="the file is damaged or not a Word file; export it again as UTF-8") from None
    except ET.ParseError as exc:
        bad = not_utf8_detail(data)
        raise PrivacyError("RK653", f"{label}: malformed XML ({exc}){bad}",
                           hint="save the file as UTF-8 and check it again" if bad else "the file is damaged; export it again") from None
