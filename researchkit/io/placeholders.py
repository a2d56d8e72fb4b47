"""Pseudonyms and placeholders written where a speaker's name was: ``[PERSOON-1]``, ``[naam]``, ``Respondent [X]``.

Transcripts that were anonymised before they reach the researcher (or that researchkit's own
pseudonymisation wrote, :mod:`researchkit.privacy`) put a token where the name was, in the labels
and in the speech alike: ``[PERSOON-1]: Ja.`` and ``... zei [PERSOON-1] toen``. Such a token is the
speaker's name in the anonymised file, so a label that is one keeps its brackets (``[PERSOON-1]``,
as :func:`researchkit.privacy.apply.pseudonymise_speaker_label` names the speaker), while brackets
around a role word, a code or a diarizer's id are only the label's dress (``[R1]:`` is ``R1``,
``[SPEAKER_00]:`` is ``SPEAKER_00``).

A placeholder (:func:`is_placeholder`) is, inside its brackets:

- a pseudonymiser's numbered token in capitals: a word of two letters or more, a hyphen and a number
  (``PERSOON-1``, ``BEDRIJF-2``, ``DEELNEMER-3``, ``NAME-1``), researchkit's own among them;
- one of researchkit's kind words alone (``PERSOON``, the token its key writes when a name is ambiguous);
- a redaction word, in any case, alone or with a number or one or two words after it: ``naam``,
  ``NAAM``, ``name``, ``NN``, ``anoniem``, ``redacted``, ``naam respondent``; ``X`` and ``XXX`` in capitals
  only (a Markdown checkbox ``[x]`` is none).

Notes on what was not said (``[lacht]``, ``[onverstaanbaar]``, ``[inaudible]``), times
(``[00:12:34]``), role words (``[Interviewer]``), codes (``[R1]``) and generic speakers
(``[Speaker 1]``, ``[Person 2]``) are not placeholders.

Redaction marks without brackets (``###-1:``, ``##:``) are read by :func:`match_redaction_label`.

:func:`placeholder_label` names the speaker of a label written around a placeholder in other brackets: in round
brackets (``(PERSOON-1): tekst``), the brackets kept as for square ones (``(PERSOON-1)``); in double square brackets,
as Zoom writes a name between square brackets when the name is itself ``[PERSOON-1]`` (``[[PERSOON-1]] 10:01:02``),
the pseudonym with its own brackets (``[PERSOON-1]``). A sentence in brackets (``(Ik weet het niet):``,
``(lacht)``) is none: only the placeholders above are.

Pure functions only.

Examples
--------
>>> [is_placeholder(t) for t in ("PERSOON-1", "naam", "X", "Name redacted", "lacht", "R1", "SPEAKER_00", "00:12:34")]
[True, True, True, True, False, False, False, False]
>>> bracketed_placeholder("[PERSOON-1]"), bracketed_placeholder("<NAAM>"), bracketed_placeholder("[Interviewer]")
('[PERSOON-1]', '<NAAM>', None)
"""

from __future__ import annotations

import re

__all__ = ["is_placeholder", "bracketed_placeholder", "placeholder_label", "match_redaction_label", "PSEUDONYM_KIND_WORDS", "REDACTION_WORDS"]

#: researchkit's pseudonym prefixes per kind (:data:`researchkit.privacy.entry.KIND_PREFIXES`; a test keeps them alike).
PSEUDONYM_KIND_WORDS = frozenset({"PERSOON", "BEDRIJF", "SCHIP", "PLAATS", "OVERIG"})
#: Words written where a name was taken out (nl, en, de, fr), lower case.
REDACTION_WORDS = frozenset({
    "naam", "voornaam", "achternaam", "name", "firstname", "surname", "x", "xx", "xxx", "xxxx", "nn", "n.n.",
    "anoniem", "geanonimiseerd", "anonymous", "anonymised", "anonymized", "anon", "redacted", "weggelaten",
    "nom", "prénom", "anonyme",
})
#: A pseudonymiser's numbered token: ``PERSOON-1``, ``DEELNEMER-12``.
_NUMBERED_RE = re.compile(r"[^\W\d_a-z]{2,24}-\d{1,4}")
#: A redaction word, then a number or up to two words: ``naam``, ``X``, ``NAAM 2``, ``naam respondent``.
_REDACTION_RE = re.compile(r"(?P<word>[^\W\d_][^\W\d_.]*\.?(?:[^\W\d_]\.)?)(?:[-_ ]?\d{1,3}|(?: [^\W\d_]{1,20}){1,2})?")
#: A placeholder in square or angle brackets, and nothing else.
_BRACKETED_RE = re.compile(r"(?P<open>[\[<])(?P<inner>[^\[\]<>\n]{1,40})(?P<close>[\]>])")
#: A redaction mark in hashes as a label, its colon after it: ``###-1:``, ``##:`` (no blank after the hashes: not a Markdown heading).
_REDACTION_LABEL_RE = re.compile(r"[ \t]*(?P<label>#{2,6}(?:-?\d{1,3})?)[ \t]*:(?:[ \t]+|$)")


def is_placeholder(inner: str) -> bool:
    """Whether ``inner`` (the text inside the brackets) is a pseudonym or a placeholder for a name.

    Examples
    --------
    >>> [is_placeholder(t) for t in ("BEDRIJF-2", "PERSOON", "XXX", "naam respondent", "Person 2", "onverstaanbaar", "x")]
    [True, True, True, True, False, False, False]
    """
    text = inner.strip()
    if not text or len(text) > 40:
        return False
    if _NUMBERED_RE.fullmatch(text) or text in PSEUDONYM_KIND_WORDS:
        return True
    found = _REDACTION_RE.fullmatch(text)
    if found is None or found.group("word").casefold() not in REDACTION_WORDS:
        return False
    word = found.group("word")
    return word.casefold().strip("x") != "" or word.isupper()  # "[X]", "XXX"; a Markdown checkbox "[x]" is none


def bracketed_placeholder(text: str) -> str | None:
    """``text`` stripped, when it is a placeholder in square or angle brackets and nothing else; else ``None``.

    Examples
    --------
    >>> bracketed_placeholder(" [naam] "), bracketed_placeholder("[lacht]"), bracketed_placeholder("[NAAM>")
    ('[naam]', None, None)
    """
    stripped = text.strip()
    found = _BRACKETED_RE.fullmatch(stripped)
    if found is None or found.group("open") + found.group("close") not in ("[]", "<>"):
        return None
    return stripped if is_placeholder(found.group("inner")) else None


#: A placeholder in round brackets or in double square brackets, and nothing else: ``(PERSOON-1)``, ``[[PERSOON-1]]``.
_OTHER_BRACKETS_RE = re.compile(r"\((?P<round>[^()\[\]<>\n]{1,40})\)|\[\[(?P<square>[^\[\]<>\n]{1,40})\]\]")


def placeholder_label(text: str, *, alone: bool = False) -> str | None:
    """The speaker's name when ``text`` (stripped) is a placeholder in brackets and nothing else; else ``None``.

    Square and angle brackets are kept as :func:`bracketed_placeholder` keeps them; round brackets are kept
    too (``(PERSOON-1)``); double square brackets are Zoom's around a name that is ``[PERSOON-1]``, so the
    name is the pseudonym in its own brackets. ``alone``: the label stands on its line with neither colon nor
    time, where a redaction word in round brackets (``(naam)``, ``(X)``) may be a remark: then only a
    pseudonymiser's numbered token or kind word (``(PERSOON-1)``) is one.

    Examples
    --------
    >>> placeholder_label("(PERSOON-1)"), placeholder_label("[[PERSOON-1]]"), placeholder_label("[naam]")
    ('(PERSOON-1)', '[PERSOON-1]', '[naam]')
    >>> placeholder_label("(naam)"), placeholder_label("(naam)", alone=True), placeholder_label("(Ik weet het niet)")
    ('(naam)', None, None)
    """
    stripped = text.strip()
    found = _OTHER_BRACKETS_RE.fullmatch(stripped)
    if found is None:
        return bracketed_placeholder(stripped)
    inner = (found.group("round") or found.group("square")).strip()
    if not is_placeholder(inner) or (alone and found.group("round") and not _pseudonym_token(inner)):
        return None
    return stripped if found.group("round") else f"[{inner}]"


def _pseudonym_token(inner: str) -> bool:
    """A pseudonymiser's numbered token or researchkit's kind word (``PERSOON-1``, ``PERSOON``), not a redaction word."""
    return bool(_NUMBERED_RE.fullmatch(inner)) or inner in PSEUDONYM_KIND_WORDS


def match_redaction_label(paragraph: str) -> tuple[str, int] | None:
    """A redaction mark in hashes as a label with its colon (``###-1: Goed.``): the label and where the speech starts.

    Examples
    --------
    >>> match_redaction_label("###-1: Goed."), match_redaction_label("## Kop: tekst") is None
    (('###-1', 7), True)
    """
    found = _REDACTION_LABEL_RE.match(paragraph)
    if found is None:
        return None
    return found.group("label"), found.end()
