"""Field labels in a Markdown codebook written as a heading per code (``**Definition:**``, ``Inclusion:``, ``- **Example**:``).

Researchers who keep a ``codebook.md`` with one heading per code write the parts of each code
as labelled lines below its heading::

    ## Code 1: Crisis Construction
    **Definition:**
    The speaker frames the situation as existential ...
    **Inclusion criteria:**
    - Statements that name a rival's imminent victory

or as labelled bullets (``- **Definition**: ...``, ``- **Include**: ...``), or in a block quote
(``> **Definition:** ...``). :func:`field_label` finds such a label at the start of a line;
:func:`field_role` says which codebook field the label names, using the same header names as a
spreadsheet's columns (:mod:`researchkit.codebook.tablecols`): ``Definition``, ``Inclusion
criteria``, ``Exclusion``, ``Anchor examples``, ``When to use``, ``Keywords`` ...

Both are linear in the line (no regular expression); labels longer than 40 characters or of more
than six words are not labels.

Examples
--------
>>> field_label("**Inclusion criteria:**"), field_label("Trust in staff")
(('Inclusion criteria', '', True), None)
>>> field_role("Inclusion criteria"), field_role("Anchor examples"), field_role("Working notes")
('include', 'examples', None)
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["FIELD_ROLES", "field_label", "field_role", "is_aside", "bold_line_label"]

#: The codebook fields a label may name (a label naming ``name``, ``parent`` ... is no field).
FIELD_ROLES = ("description", "include", "exclude", "examples", "keywords", "exclude_keywords", "description_en")
_MAX_LABEL = 40
_MAX_WORDS = 6


def _short(label: str) -> bool:
    return 0 < len(label) <= _MAX_LABEL and len(label.split()) <= _MAX_WORDS and not label.startswith(("http", "/"))


def field_label(text: str) -> tuple[str, str, bool] | None:
    """``(label, rest, emphasised)`` when ``text`` starts with a label and a colon, else ``None``.

    The forms are ``**Label:** rest``, ``**Label**: rest``, ``__Label:__``, ``*Label:* rest``
    (emphasised) and ``Label: rest`` (plain). ``rest`` is the raw text after the label (may be empty).

    Examples
    --------
    >>> field_label("**Definition**: Loneliness framed as ..."), field_label("*Decision rule:* Code FF if ...")
    (('Definition', 'Loneliness framed as ...', True), ('Decision rule', 'Code FF if ...', True))
    >>> field_label("Example: a quote"), field_label("**Trust** in staff"), field_label("See https://x.org: a")
    (('Example', 'a quote', False), None, None)
    """
    s = text.strip()
    for mark in ("**", "__", "*", "_"):
        if not s.startswith(mark):  # ``**`` and ``__`` are tried first and always answer
            continue
        end = s.find(mark, len(mark))
        if end <= len(mark):
            return None
        inner, rest = s[len(mark):end].strip(), s[end + len(mark):]
        if inner.endswith(":"):
            label = inner[:-1].strip()
        elif rest.startswith(":"):
            label, rest = inner, rest[1:]
        else:
            return None
        return (label, rest.strip(), True) if _short(label) else None
    at = s.find(":")
    if at <= 0 or (at + 1 < len(s) and not s[at + 1].isspace()):
        return None
    label = s[:at].strip()
    if not _short(label) or any(ch in label for ch in "*_`[]()<>|#"):
        return None
    return label, s[at + 1:].strip(), False


def bold_line_label(text: str) -> str | None:
    """The label of a line that is only a bold label without a colon (``**Definition**``), else ``None``.

    Examples
    --------
    >>> bold_line_label("**Positive Example**  "), bold_line_label("**Focus = idea flow** (are ...)")
    ('Positive Example', None)
    """
    s = text.strip()
    for mark in ("**", "__"):
        if s.startswith(mark) and s.endswith(mark) and len(s) > 2 * len(mark) and mark not in s[len(mark):-len(mark)]:
            label = s[len(mark):-len(mark)].strip().rstrip(":").strip()
            return label if _short(label) else None
    return None


@lru_cache(maxsize=512)
def field_role(label: str) -> str | None:
    """The codebook field a label names (as a spreadsheet column of that header would), or ``None``.

    Examples
    --------
    >>> field_role("Definition"), field_role("When not to use"), field_role("Example"), field_role("Code")
    ('description', 'exclude', 'examples', None)
    """
    from researchkit.codebook.tablecols import plan_columns

    roles = plan_columns(["Code", label]).roles
    for role, column in roles.items():
        if column == 1 and role in FIELD_ROLES:
            return role
    return None


def is_aside(text: str) -> bool:
    """Whether a list item is one emphasised remark (``*Maps Table 4 rows: "..."*``): a note on a code, not a code.

    Examples
    --------
    >>> is_aside('*Maps Table 4 rows: "Peer has lived experience"*'), is_aside("**slug**: definition"), is_aside("*Trust*")
    (True, False, False)
    """
    s = text.strip()
    if len(s) < 3 or s[0] not in "*_" or s[1] == s[0] or s[-1] != s[0] or s[-2] == s[0]:
        return False
    inner = s[1:-1]
    return s[0] not in inner and len(inner.split()) >= 4
