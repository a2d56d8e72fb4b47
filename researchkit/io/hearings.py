"""Speaker labels of printed hearings: ``The CHAIRMAN.``, ``Mr. POLIS.``, ``Ms. JOHNSON of Texas.``

Congressional and commission hearings printed by the U.S. Government Publishing Office (and
the transcripts that copy their style) open each turn with a title or honorific and a surname
ending in a period, no colon: ``The CHAIRMAN. The committee will come to order.``,
``Mr. J. L. RANKIN. Would you state your name?``, ``Mrs. OSWALD. Marina Nicolaevna Oswald.``,
``Ms. JOHNSON of Texas. Thank you.``; newer prints set the name in mixed case
(``Mr. Cline. All right.``, ``Chairman Kanjorski. Thank you very much.``).

The label is a title (``Mr``, ``Mrs``, ``Ms``, ``Miss``, ``Dr``, ``Senator``, ``Chairman``,
``Representative``, ...) with a surname of at most two words after at most three initials, and
a state after ``of``; or ``The`` and an office (``The CHAIRMAN``, ``The Chair``, ``The CLERK``).
It is read as a name (evidence ``"name"``): it labels a turn only when the file uses it at least
twice, so a sentence that happens to open with ``Dr. Jansen.`` stays text.

French parliamentary records (the Assemblée nationale's and the Sénat's *comptes rendus* of
committee hearings and sittings) write their labels the same way, with French titles and
offices: ``M. Guillaume Larrivé. Madame la présidente, ...``, ``Mme la présidente Yaël
Braun-Pivet. Mes chers collègues, ...``, ``M. le président. La parole est à ...``, a first
label with the speaker's function after a comma (``M. Gérard Collomb, ministre de l'intérieur.``).
The label is ``M.``, ``Mme``, ``Mlle`` or ``Me``, an office (``le président``, ``la rapporteure``,
``le ministre`` ...) and/or a name of one to five capitalised words (particles ``de``, ``du``,
``d'``, ``le``, ``la`` between them), a function after a comma allowed, then the period; read as
a name too.

Examples
--------
>>> m = match_hearing_label("Ms. JOHNSON of Texas. Thank you, Mr. Chairman.")
>>> m.label, m.content_start, m.evidence
('Ms. JOHNSON of Texas', 22, 'name')
>>> match_hearing_label("The CHAIRMAN. The committee will come to order.").label
'The CHAIRMAN'
>>> match_hearing_label("Mr. Smith went to Washington.") is None
True
>>> match_hearing_label("Mme la présidente Yaël Braun-Pivet. Mes chers collègues.").label
'Mme la présidente Yaël Braun-Pivet'
"""

from __future__ import annotations

import re

from researchkit.io.speakers import LabelMatch

__all__ = ["match_hearing_label", "match_affiliation_label"]

_TITLES = ("Mr|Mrs|Ms|Miss|Dr|Senator|Chairman|Chairwoman|Chair|Representative|Delegate|Commissioner|"
           "Secretary|General|Admiral|Judge|Ambassador|Governor|Mayor|Speaker|Vice Chairman")
_OFFICES = "CHAIRMAN|CHAIRWOMAN|CHAIR|CLERK|PRESIDENT|SPEAKER|VICE CHAIRMAN|Chairman|Chairwoman|Chair|Clerk|President|Speaker"
#: A surname word: capitals (``RANKIN``, ``O'NEILL``, ``McCLOY``) or a capitalised word (``Kanjorski``), at most 30 letters.
_NAME = r"(?:Mc|Mac|De|Di|La|Le|Van|Von|O')?[A-Z][A-Za-z'’\-]{1,30}"
_HEARING_RE = re.compile(
    rf"(?P<label>The[ ](?:{_OFFICES})"
    rf"|(?:{_TITLES})\.?(?:[ ][A-Z]\.){{0,3}}[ ]{_NAME}(?:[ ]{_NAME})?(?:[ ]of[ ][A-Z][a-z]{{1,20}}(?:[ ][A-Z][a-z]{{1,20}})?)?)"
    r"\.[ \t]+(?=\S)"
)
#: Words after a title that address someone or close a sentence, never a speaker's surname: ``Mr. President.``,
#: ``Madam Secretary.``, ``Mr. Chairman.`` open speech (a label is ``The CHAIRMAN.`` or ``Chairman SMITH.``).
_NOT_NAMES = frozenset({"the", "and", "but", "so", "then", "yes", "no", "thank", "thanks", "okay", "well", "president",
                        "speaker", "chairman", "chairwoman", "chair", "secretary", "ambassador", "mayor", "governor",
                        "senator", "judge", "general", "admiral", "commissioner", "clerk", "witness"})


#: The Australian Hansard's label: title and surname (or ``The`` and an office), an electorate in brackets, the hour
#: in brackets, a dash (``Senator COLSTON(7.46) —``, ``Mr HAWKE (Wills—Prime Minister) (2.15)—``, ``The PRESIDENT —``).
_DASH_HEARING_RE = re.compile(
    rf"(?P<label>The[ ](?:(?:ACTING[ ])?DEPUTY[ ])?(?:{_OFFICES})"
    rf"|(?:{_TITLES})\.?(?:[ ](?:Sir|Dame|Dr))?(?:[ ][A-Z]\.){{0,3}}[ ]{_NAME}(?:[ ]{_NAME})?)"
    r"(?P<seat>[ ]?\([^()\n]{1,80}\))?(?P<hour>[ ]?\(\d{1,2}[.:]\d{2}(?:[ ]?[ap]\.?m\.?)?\))?[ ]?[—–][ ]?(?=\S)"
)
#: French titles and offices of the Assemblée nationale's and the Sénat's records.
_FR_TITLES = r"(?:M\.|Mme|Mlle|Me)"
_FR_OFFICES = (r"(?:le|la)[ ](?:vice-)?(?:président|présidente|rapporteur|rapporteure|co-?rapporteur|co-?rapporteure|"
               r"ministre|questeur|questeure|secrétaire[ ]d['’]État|garde[ ]des[ ][Ss]ceaux|doyen|doyenne)"
               r"(?:[ ]général|[ ]générale|[ ]délégué|[ ]déléguée)?")
#: A capitalised name word (``Yaël``, ``Braun-Pivet``, ``Saint-Martin``, ``Élisabeth``, ``O'Petit``), at most 30 letters.
_FR_WORD = r"[A-ZÀ-ÖØ-Þ][^\W\d_]{0,29}(?:[-'’][^\W\d_]{1,29}){0,3}"
_FR_NAME = rf"{_FR_WORD}(?:[ ](?:(?:de|du|des|de[ ]la|le|la)[ ]|d['’])?{_FR_WORD}){{0,4}}"
_FR_HEARING_RE = re.compile(
    rf"(?P<label>{_FR_TITLES}[ ](?:{_FR_OFFICES}(?:[ ]{_FR_NAME})?|{_FR_NAME}))"
    r"(?P<function>,[ ][^.\n:;!?]{1,120})?"  # ", ministre de l'intérieur": the speaker's function
    r"\.[ \t]+(?=\S)"
)


def match_hearing_label(paragraph: str) -> LabelMatch | None:
    """A hearing's label at the start of a paragraph (see the module docstring), or ``None``.

    Examples
    --------
    >>> [match_hearing_label(t).label for t in ("Mr. J. L. RANKIN. Would you?", "Chairman Kanjorski. Thank you.",
    ...                                         "Senator O'NEILL. Yes.", "The Chair. Order.")]
    ['Mr. J. L. RANKIN', 'Chairman Kanjorski', "Senator O'NEILL", 'The Chair']
    >>> match_hearing_label("Mr. RANKIN.") is None, match_hearing_label("Mr. President. I rise today.") is None
    (True, True)
    >>> [match_hearing_label(t).label for t in ("M. le président. La parole est à M. Bas.", "M. Ugo Bernalicis. Qui ?",
    ...                                         "M. Gérard Collomb, ministre de l'intérieur. Je vous remercie.")]
    ['M. le président', 'M. Ugo Bernalicis', "M. Gérard Collomb, ministre de l'intérieur"]
    >>> match_hearing_label("M. Dupont est venu. Il a parlé.") is None
    True
    >>> [match_hearing_label(t).label for t in ("Senator COLSTON(7.46) —I am speaking tonight.", "The PRESIDENT —Order!",
    ...                                         "Mr HAWKE (Wills—Prime Minister) (2.15)—I move that.")]
    ['Senator COLSTON', 'The PRESIDENT', 'Mr HAWKE']
    """
    found = _HEARING_RE.match(paragraph)
    if found is None:
        dashed = _DASH_HEARING_RE.match(paragraph)
        if dashed is not None and (dashed.group("label").startswith("The ")
                                   or dashed.group("label").split()[-1].casefold() not in _NOT_NAMES | {"sir", "dame"}):
            return LabelMatch(dashed.group("label"), None, dashed.end(), evidence="name")
        french = _FR_HEARING_RE.match(paragraph)
        return LabelMatch(french.group(0)[: french.end("function") if french.group("function") else french.end("label")],
                          None, french.end(), evidence="name") if french is not None else None
    label = found.group("label")
    if not label.startswith("The ") and label.split()[-1].casefold() in _NOT_NAMES:
        return None
    return LabelMatch(label, None, found.end(), evidence="name")


#: A titled name (``Ms. Karen Hogan``, ``Hon. Anita Anand``, ``Mme Diane Diotte``) or a committee's office (``The Chair``,
#: ``The Vice-Chair``, ``The Clerk of the Committee``) before an affiliation in brackets (one bracket inside allowed) and
#: the colon: Canada's committee evidence.
_AFFILIATION_RE = re.compile(
    r"(?P<label>The[ ](?:Acting[ ])?(?:Chair|Vice-Chair|Vice-Chairman|Chairman|Clerk(?:[ ]of[ ]the[ ]Committee)?|Speaker|"
    r"President)|(?:Mr|Mrs|Ms|Miss|Dr|Hon|Rt\.[ ]Hon|M|Mme|Mlle|Senator)\.?[ ][A-ZÀ-ÖØ-Þ][^\W\d_'’\-]*"
    r"(?:[-'’][^\W\d_]+)*(?:[ ](?:de[ ]|du[ ]|van[ ]|d['’])?[A-ZÀ-ÖØ-Þ][^\W\d_'’\-]*(?:[-'’][^\W\d_]+)*){0,4})"
    r"[ ]\((?P<affiliation>[^()\n:]{1,120}(?:\([^()\n:]{1,80}\)[^()\n:]{0,40})?)\)[ \t]*:[ \t]+(?=\S)"
)


def match_affiliation_label(paragraph: str) -> LabelMatch | None:
    """A titled name or a committee's office before its affiliation in brackets and a colon, or ``None``.

    The affiliation is the qualifier, not part of the speaker (see the module docstring); evidence ``"name"``.
    Only an affiliation longer than a note (over 24 characters), or with a comma or a bracket in it, is read here;
    the assembler tries this before the general label grammar, so one member's labels are read alike.

    Examples
    --------
    >>> m = match_affiliation_label("The Chair (Mr. John Williamson (New Brunswick Southwest, CPC)): I call this meeting.")
    >>> m.label, m.qualifier
    ('The Chair', 'Mr. John Williamson (New Brunswick Southwest, CPC)')
    >>> match_affiliation_label("Ms. Karen Hogan (Auditor General of Canada, Office of the Auditor General): Thank you.").label
    'Ms. Karen Hogan'
    >>> match_affiliation_label("Karen Hogan (Auditor General of Canada): Thank you.") is None
    True
    """
    found = _AFFILIATION_RE.match(paragraph)
    affiliation = found.group("affiliation") if found is not None else ""
    if not (len(affiliation) > 24 or "," in affiliation or "(" in affiliation):
        return None  # a short note ("Mr. Smith (Chair):") is the label grammar's, as before
    return LabelMatch(found.group("label"), None, found.end(), evidence="name", qualifier=found.group("affiliation").strip())
