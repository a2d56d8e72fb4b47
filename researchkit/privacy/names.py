"""Pseudonymisation: respondent codes, attributions and names taken out of quotes.

Quotes reach a report only through this module. Three things happen:

1. every respondent gets a stable code (``R01``, ``R02`` ...) in corpus order, so a
   report never shows a document id (which may be a file name with a person's name);
2. a quote is attributed by that code and a few *non-identifying* attributes, by
   default the organisation (without its parenthesised details, which often name a
   function) and the port: ``(R07, Douane, Harlingen)``;
3. names are replaced by a placeholder (``[naam]``): the names in the user's name list,
   the speakers' names used as turn labels (``Henk Zijlstra:``), and the names of the
   interviewers from the ``interviewer`` attribute. Full names and their parts
   (first name, surname without ``van``/``de`` ...) are matched case-sensitively as whole
   words, so the fisher (*visser*) keeps his trade while Mr *Visser* loses his name.
   Tokens a transcriber already left (``[naam]``, ``[NAAM bedrijf]``) are kept and
   written the same way (``[naam]``, ``[naam bedrijf]``).

Pure functions; reading a name list file is the only I/O (:func:`read_names`).

Examples
--------
>>> from researchkit.transcripts import Corpus, Transcript, Turn
>>> text = "Henk Zijlstra: Ik bel Piet Jansen wel eens. [NAAM] weet dat."
>>> corpus = Corpus([Transcript("int-zijlstra", text, (Turn("Henk Zijlstra", "respondent", 15, len(text)),),
...                             {"organisation": "Rederij (vrachtvaart)", "port": "Harlingen"})])
>>> p = Pseudonymiser(["Piet Jansen"], corpus=corpus)
>>> p("Henk zegt: bel Jansen of Piet. [NAAM] weet dat.")
'[naam] zegt: bel [naam] of [naam]. [naam] weet dat.'
>>> codes = respondent_codes(corpus)
>>> codes
{'int-zijlstra': 'R01'}
>>> attribution(codes["int-zijlstra"], corpus["int-zijlstra"].attributes)
'(R01, Rederij, Harlingen)'
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from researchkit.errors import PrivacyError
from researchkit.privacy.detect import pseudonymise_text
from researchkit.privacy.nameforms import NAME_PARTICLES, name_parts
from researchkit.privacy.normalise import normalise_form, shadow
from researchkit.privacy.patterns import resolve_kinds

__all__ = [
    "PLACEHOLDER",
    "DEFAULT_ATTRIBUTION",
    "Pseudonymiser",
    "respondent_codes",
    "speaker_names",
    "attribute_names",
    "name_parts",
    "name_variants",
    "read_names",
    "short_label",
    "attribution",
    "pseudonymise",
    "pseudonymise_quotes",
    "respondent_overview",
]

#: What a name is replaced by.
PLACEHOLDER = "[naam]"
#: Attributes used to attribute a quote, after the respondent code.
DEFAULT_ATTRIBUTION: tuple[str, ...] = ("organisation", "port")
#: Attribute columns that hold names of people (interviewers are people too).
NAME_ATTRIBUTES: tuple[str, ...] = ("interviewer", "interviewers", "name", "naam", "respondent_name")

# Generic speaker labels (normalised: lower case, no digits, spaces or dots): never names.
_GENERIC_LABELS = {
    "interviewer", "interviewers", "interviewster", "int", "i", "q", "question", "vraag", "moderator",
    "gespreksleider", "onderzoeker", "researcher", "facilitator", "respondent", "resp", "interviewee",
    "geïnterviewde", "geinterviewde", "r", "a", "answer", "antwoord", "participant", "deelnemer", "p",
    "informant", "spreker", "speaker", "tolk", "interpreter", "onbekend", "unknown", "allen", "all",
}
# Dutch and other surname particles: never replaced on their own.
_PARTICLES = NAME_PARTICLES
_TOKEN_RE = re.compile(r"\[\s*(naam|name)\b([^\[\]\n]{0,40})\]", re.IGNORECASE)
_PAREN_RE = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]")


def _norm_label(label: str) -> str:
    key = unicodedata.normalize("NFC", label).casefold()
    return re.sub(r"[\d\s.]+", "", key)


def respondent_codes(
    corpus: Any,
    *,
    prefix: str = "R",
    width: int = 2,
    attribute: str | None = None,
) -> dict[str, str]:
    """A pseudonymous code per document: ``R01``, ``R02`` ... in corpus order.

    Documents that share a value of the ``respondent`` attribute (one person
    interviewed twice) share a code. With ``attribute=``, the codes are taken from
    that attribute column instead (a user's own key of codes).

    Parameters
    ----------
    corpus
        A :class:`~researchkit.transcripts.Corpus`.
    prefix, width
        ``"R"`` and ``2`` give ``R01``; more respondents than fit widen the number.
    attribute
        Attribute column holding ready-made codes.

    Returns
    -------
    dict
        ``doc_id -> code``.

    Raises
    ------
    PrivacyError
        ``RK571`` when ``attribute`` is not a column, or is empty for a document.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> respondent_codes(Corpus([Transcript("jansen", "ja"), Transcript("visser", "nee")]))
    {'jansen': 'R01', 'visser': 'R02'}
    """
    doc_ids = list(corpus.doc_ids)
    attrs = corpus.attributes
    if attribute is not None:
        if attribute not in attrs.columns:
            raise PrivacyError(
                "RK571", f"attribute {attribute!r} for respondent codes is not in the attributes "
                f"(available: {', '.join(map(str, attrs.columns)) or 'none'})",
                hint="name a column of the attributes sheet, or leave attribute out to number the respondents",
            )
        out = {}
        for doc_id in doc_ids:
            value = attrs.at[doc_id, attribute]
            if pd.isna(value) or not str(value).strip():
                raise PrivacyError("RK571", f"document {doc_id!r} has no value in attribute {attribute!r}",
                                   hint="fill in a code for every document")
            out[doc_id] = str(value).strip()
        return out
    keys = [doc_id for doc_id in doc_ids]
    if "respondent" in attrs.columns:
        keys = [str(v) if not pd.isna(v) else d for d, v in zip(doc_ids, attrs["respondent"].reindex(doc_ids))]
    order = list(dict.fromkeys(keys))
    width = max(width, len(str(len(order))))
    number = {k: i + 1 for i, k in enumerate(order)}
    return {d: f"{prefix}{number[k]:0{width}d}" for d, k in zip(doc_ids, keys)}


def _is_name_like(label: str) -> bool:
    label = label.strip()
    if len(label) < 2 or _norm_label(label) in _GENERIC_LABELS:
        return False
    if not any(ch.isalpha() for ch in label):
        return False
    first = label[0]
    return first.isupper() and not label.isupper()


def speaker_names(corpus: Any) -> list[str]:
    """Speaker labels that are people's names (``Henk Zijlstra``), sorted.

    Generic labels (``I``, ``Interviewer 2``, ``Respondent``, ``Geïnterviewde`` ...) are
    not names.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript, Turn
    >>> t = Transcript("d", "I: ja\\nJan Smit: nee", (Turn("I", "interviewer", 3, 5), Turn("Jan Smit", "respondent", 16, 19)))
    >>> speaker_names(Corpus([t]))
    ['Jan Smit']
    """
    names = {turn.speaker.strip() for t in corpus for turn in t.turns if _is_name_like(turn.speaker)}
    return sorted(names)


def attribute_names(corpus: Any, columns: Sequence[str] = NAME_ATTRIBUTES) -> list[str]:
    """Names of people in attribute columns (``interviewer``; ``;``-separated lists), sorted.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> attribute_names(Corpus([Transcript("d", "ja", attributes={"interviewer": "An Bos; Piet Ree"})]))
    ['An Bos', 'Piet Ree']
    """
    attrs = corpus.attributes
    names: set[str] = set()
    for col in columns:
        if col not in attrs.columns:
            continue
        for value in attrs[col].dropna():
            for part in re.split(r"[;,/]|\ben\b", str(value)):
                part = part.strip()
                if part and any(ch.isalpha() for ch in part):
                    names.add(part)
    return sorted(names)


def name_variants(names: Iterable[str]) -> list[str]:
    """Every form of each name to replace: the full name and its parts.

    Parts shorter than two letters and surname particles (``van``, ``de``, ``der`` ...)
    are not replaced on their own; ``van der Berg`` is kept whole as well, and so are its short
    forms ``v.d. Berg`` and ``vd Berg`` (:func:`.nameforms.name_parts`). Longest first, so that a
    full name is replaced before its parts.

    Examples
    --------
    >>> name_variants(["Jan van der Berg"])
    ['Jan van der Berg', 'van der Berg', 'v.d. Berg', 'vd Berg', 'Berg', 'Jan']
    """
    forms: set[str] = set()
    for name in names:
        name = " ".join(str(name).split())
        if not name:
            continue
        forms.add(name)
        forms.update(name_parts(name))
    return sorted(forms, key=lambda f: (-len(f), f))


def read_names(path: str | Path) -> list[str]:
    """Read a name list: one name per line, ``#`` starts a comment, blank lines ignored.

    A ``.csv`` file is read with pandas and its ``name`` (or ``naam``) column is used.

    Raises
    ------
    PrivacyError
        ``RK570`` when the file is missing, not UTF-8, or a CSV without a name column.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "names.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("# people\\nPiet Jansen\\n\\nKlaas\\n")
    >>> read_names(p)
    ['Piet Jansen', 'Klaas']
    """
    path = Path(path)
    if not path.is_file():
        raise PrivacyError("RK570", f"{path}: name list not found", hint="check the path of the names file")
    if path.suffix.lower() == ".csv":
        try:
            frame = pd.read_csv(path, dtype=str, encoding="utf-8")
        except (UnicodeDecodeError, pd.errors.ParserError) as exc:
            raise PrivacyError("RK570", f"{path}: cannot read the name list ({exc})", hint="save it as UTF-8 CSV") from None
        column = next((c for c in frame.columns if str(c).strip().lower() in ("name", "naam")), None)
        if column is None:
            raise PrivacyError("RK570", f"{path}: no 'name' column (columns: {', '.join(map(str, frame.columns))})",
                               hint="give the column with the names the header 'name'")
        return [str(v).strip() for v in frame[column].dropna() if str(v).strip()]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise PrivacyError("RK570", f"{path}: not UTF-8 text (byte {exc.start})", hint="save the name list as UTF-8") from None
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _compile(forms: Sequence[str]) -> "re.Pattern[str] | None":
    """One regex for all name forms: whole words, case-sensitive except the particles."""
    if not forms:
        return None
    alternatives = []
    for form in sorted({normalise_form(f) for f in forms}, key=lambda f: (-len(f), f)):
        words = [f"(?i:{re.escape(w)})" if w.lower() in _PARTICLES else re.escape(w) for w in form.split(" ")]
        alternatives.append(r"\s+".join(words))
    return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")


class Pseudonymiser:
    """Replace names in text by a placeholder; callable on a string.

    Parameters
    ----------
    names
        Names to remove (a user's list), in addition to those found in the corpus.
    corpus
        When given, the speakers' names (turn labels) and the names in name-holding
        attributes (``interviewer`` ...) are removed as well.
    placeholder
        The replacement, default ``[naam]``.
    speakers, attributes
        Whether to take names from the corpus's speaker labels / attributes.
    key
        A :class:`~researchkit.privacy.key.PrivacyKey`: its terms are replaced by their
        consistent pseudonyms (``[PERSOON-1]``) *before* the names become ``[naam]``.
    kinds
        Identifier patterns to replace as well (``[TELEFOON]``, ``[KENTEKEN]`` ...): a list
        of :data:`~researchkit.privacy.patterns.PATTERN_KINDS`, ``"all"``, or ``()`` (the
        default, for the behaviour without patterns).

    Attributes
    ----------
    names
        All names taken into account (sorted).
    forms
        Every form replaced (see :func:`name_variants`), the key's forms included.

    Examples
    --------
    >>> Pseudonymiser(["Piet de Boer"])("Piet zei dat De Boer of de boer het wist; de Boer ook.")
    '[naam] zei dat [naam] of de boer het wist; [naam] ook.'
    >>> from researchkit.privacy.key import KeyEntry, PrivacyKey
    >>> key = PrivacyKey([KeyEntry("Klaas Visser", pseudonym="[PERSOON-1]")])
    >>> Pseudonymiser(["Jan Smit"], key=key, kinds="all")("Visser en Smit; bel 06-12345678.")
    '[PERSOON-1] en [naam]; bel [TELEFOON].'
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        *,
        corpus: Any = None,
        placeholder: str = PLACEHOLDER,
        speakers: bool = True,
        attributes: bool = True,
        key: Any = None,
        kinds: Sequence[str] | str = (),
    ) -> None:
        if isinstance(names, str):
            raise PrivacyError("RK570", f"names must be a list of names, got the string {names!r}",
                               hint="pass a list, e.g. ['Piet Jansen'], or read a file with read_names()")
        collected = {" ".join(str(n).split()) for n in names if str(n).strip()}
        if corpus is not None:
            if speakers:
                collected.update(speaker_names(corpus))
            if attributes:
                collected.update(attribute_names(corpus))
        self.names: list[str] = sorted(collected)
        self.placeholder = placeholder
        self.key = key.assigned() if key is not None and key.unassigned else key
        self.kinds: tuple[str, ...] = resolve_kinds(kinds) if kinds != () else ()
        name_forms = name_variants(self.names)
        self._pattern: re.Pattern[str] | None = _compile(name_forms)
        key_forms = self.key.forms() if self.key is not None else []
        self.forms: list[str] = sorted(set(name_forms) | set(key_forms), key=lambda f: (-len(f), f))

    def __repr__(self) -> str:
        extra = f", key {self.key.short_checksum}" if self.key is not None else ""
        return f"Pseudonymiser({len(self.names)} names, {len(self.forms)} forms, placeholder={self.placeholder!r}{extra})"

    def __call__(self, text: str) -> str:
        if self.key is not None or self.kinds:
            text = pseudonymise_text(text, self.key, kinds=self.kinds)
        return pseudonymise(text, pattern=self._pattern, placeholder=self.placeholder)


def pseudonymise(
    text: str,
    names: Iterable[str] = (),
    *,
    placeholder: str = PLACEHOLDER,
    pattern: "re.Pattern[str] | None" = None,
) -> str:
    """Replace ``names`` (and their parts) in ``text`` and normalise ``[naam ...]`` tokens.

    Use :class:`Pseudonymiser` to apply the same names to many texts (the pattern is
    compiled once).

    Examples
    --------
    >>> pseudonymise("Klaas Visser belt Klaas. Een visser. [ Naam  Bedrijf ].", ["Klaas Visser"])
    '[naam] belt [naam]. Een visser. [naam bedrijf].'
    >>> pseudonymise("Kláas Vis\u00adser belde.", ["Klaas Visser"])
    '[naam] belde.'
    """
    if pattern is None:
        pattern = _compile(name_variants(names))
    if pattern is not None:
        text = _replace_on_shadow(text, pattern, placeholder)

    def token(m: re.Match[str]) -> str:
        rest = " ".join(m.group(2).split()).lower()
        return "[naam" + (f" {rest}" if rest else "") + "]"

    return _TOKEN_RE.sub(token, text)


def _replace_on_shadow(text: str, pattern: "re.Pattern[str]", placeholder: str) -> str:
    """Replace the names matched on the normalised shadow (soft hyphens, ligatures, accents ...) of ``text``."""
    view = shadow(text)
    if view.text is text:  # the text is its own shadow
        return pattern.sub(placeholder, text)
    parts, pos = [], 0
    for m in pattern.finditer(view.text):
        start, end = view.span(m.start(), m.end())
        parts.append(text[pos:start])
        parts.append(placeholder)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def short_label(value: Any) -> str:
    """An attribute value without parenthesised details: ``"Visser (garnalenkotter)"`` -> ``"Visser"``.

    Examples
    --------
    >>> short_label("Openbaar Ministerie (officier van justitie, ondermijning)")
    'Openbaar Ministerie'
    >>> short_label(None)
    ''
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = _PAREN_RE.sub("", str(value)).strip()
    return " ".join(text.split()) or str(value).strip()


def attribution(
    code: str,
    attributes: Mapping[str, Any],
    *,
    fields: Sequence[str] = DEFAULT_ATTRIBUTION,
    short: bool = True,
) -> str:
    """The attribution of a quote: ``"(R07, Douane, Harlingen)"``.

    Parameters
    ----------
    code
        The respondent code (:func:`respondent_codes`).
    attributes
        The document's attributes.
    fields
        Attributes to show after the code, in this order; empty values are left out.
    short
        Drop parenthesised details (:func:`short_label`), which often name a function.

    Raises
    ------
    PrivacyError
        ``RK571`` when a field is missing from the attributes.

    Examples
    --------
    >>> attribution("R07", {"organisation": "Douane", "port": "Harlingen", "group": "handhaving"})
    '(R07, Douane, Harlingen)'
    >>> attribution("R07", {"group": "handhaving"}, fields=["group"])
    '(R07, handhaving)'
    """
    parts = [code]
    for field in fields:
        if field not in attributes:
            raise PrivacyError(
                "RK571", f"attribution field {field!r} is not an attribute of respondent {code} "
                f"(attributes: {', '.join(sorted(map(str, attributes))) or 'none'})",
                hint="choose attribution fields from the attributes sheet, e.g. ['organisation', 'port']",
            )
        value = short_label(attributes[field]) if short else ("" if pd.isna(attributes[field]) else str(attributes[field]).strip())
        if value:
            parts.append(value)
    return "(" + ", ".join(parts) + ")"


def pseudonymise_quotes(
    quotes: pd.DataFrame,
    corpus: Any,
    *,
    codes: Mapping[str, str] | None = None,
    fields: Sequence[str] = DEFAULT_ATTRIBUTION,
    pseudonymiser: Pseudonymiser | None = None,
    names: Iterable[str] = (),
    key: Any = None,
    kinds: Sequence[str] | str = (),
    per: str = "document",
) -> pd.DataFrame:
    """Quotes ready for a report: code, attribution and text without names.

    Parameters
    ----------
    quotes
        A table with ``doc_id`` and ``text`` (e.g. :func:`researchkit.analysis.quotes`);
        ``context_before``/``context_after`` are pseudonymised too when present.
    corpus
        The corpus (attributes, speakers).
    codes
        ``doc_id -> code``; default :func:`respondent_codes`.
    fields
        Attribution fields (see :func:`attribution`).
    pseudonymiser, names
        A ready :class:`Pseudonymiser`, or extra names to build one with the corpus.
    key, kinds
        A pseudonymisation key and identifier pattern kinds for the Pseudonymiser built
        here (see :class:`Pseudonymiser`).
    per
        ``"document"`` (default): a quote is attributed to its document's respondent;
        ``"speaker"``: to the participant who said it (the quotes' ``speaker`` column), with
        a code such as ``R05-2`` in a focus group and the speaker sheet's attributes
        (:mod:`researchkit.privacy.participants`).

    Returns
    -------
    pandas.DataFrame
        The input without ``doc_id``/``respondent``/``speaker`` (which may identify), plus
        ``respondent_code``, ``attribution``; ``text`` (and the context columns) pseudonymised.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> corpus = Corpus([Transcript("jansen", "Jansen zegt ja.", attributes={"organisation": "Douane", "port": "Delfzijl"})])
    >>> q = pd.DataFrame({"doc_id": ["jansen"], "text": ["Jansen zegt ja."]})
    >>> pseudonymise_quotes(q, corpus, names=["Jansen"]).to_dict("records")
    [{'text': '[naam] zegt ja.', 'respondent_code': 'R01', 'attribution': '(R01, Douane, Delfzijl)'}]
    >>> from researchkit.privacy.key import KeyEntry, PrivacyKey
    >>> pseudonymise_quotes(q, corpus, key=PrivacyKey([KeyEntry("Jansen")])).loc[0, "text"]
    '[PERSOON-1] zegt ja.'

    """
    if "doc_id" not in quotes.columns or "text" not in quotes.columns:
        raise PrivacyError("RK571", f"quotes need the columns doc_id and text (has: {', '.join(map(str, quotes.columns))})",
                           hint="pass the result of researchkit.analysis.quotes()")
    codes = dict(codes) if codes is not None else respondent_codes(corpus)
    pseudo = pseudonymiser or Pseudonymiser(names, corpus=corpus, key=key, kinds=kinds)
    out = quotes.copy()
    missing = sorted(set(out["doc_id"]) - set(codes))
    if missing:
        raise PrivacyError("RK571", f"no respondent code for document(s) {', '.join(map(repr, missing[:10]))}",
                           hint="build the codes from the same corpus as the quotes")
    if per == "speaker" and "speaker" in out.columns:
        from researchkit.privacy.participants import participant_attributes, participant_codes

        participants = participant_codes(corpus, codes)
        who = [(d, s if isinstance(s, str) else None) for d, s in zip(out["doc_id"], out["speaker"])]
        out["respondent_code"] = [participants.get(w, codes[w[0]]) for w in who]
        out["attribution"] = [pseudo(attribution(code, participant_attributes(corpus, d, s), fields=fields))
                              for code, (d, s) in zip(out["respondent_code"], who)]
    else:
        out["respondent_code"] = out["doc_id"].map(codes)
        out["attribution"] = [pseudo(attribution(codes[d], corpus[d].attributes, fields=fields)) for d in out["doc_id"]]
    for col in ("text", "context_before", "context_after"):
        if col in out.columns:
            out[col] = [pseudo(v) if isinstance(v, str) else v for v in out[col]]
    drop = [c for c in ("doc_id", "respondent", "speaker") + NAME_ATTRIBUTES if c in out.columns]
    return out.drop(columns=drop).reset_index(drop=True)


def respondent_overview(
    corpus: Any,
    *,
    codes: Mapping[str, str] | None = None,
    fields: Sequence[str] = ("group", "organisation", "port"),
    short: bool = True,
) -> pd.DataFrame:
    """One row per respondent: code and non-identifying attributes (no names, no doc_id).

    Fields missing from the attributes are left out; rows are sorted by code.

    Examples
    --------
    >>> from researchkit.transcripts import Corpus, Transcript
    >>> c = Corpus([Transcript("b", "x", attributes={"group": "politie", "port": "Delfzijl"}),
    ...             Transcript("a", "y", attributes={"group": "handhaving", "port": "Harlingen"})])
    >>> respondent_overview(c).to_dict("records")
    [{'respondent': 'R01', 'group': 'politie', 'port': 'Delfzijl'}, {'respondent': 'R02', 'group': 'handhaving', 'port': 'Harlingen'}]
    """
    codes = dict(codes) if codes is not None else respondent_codes(corpus)
    attrs = corpus.attributes
    present = [f for f in fields if f in attrs.columns]
    rows = []
    seen: set[str] = set()
    for doc_id in corpus.doc_ids:
        code = codes[doc_id]
        if code in seen:
            continue
        seen.add(code)
        row: dict[str, Any] = {"respondent": code}
        for f in present:
            value = attrs.at[doc_id, f]
            row[f] = short_label(value) if short else ("" if pd.isna(value) else str(value))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["respondent"] + present)
    return frame.sort_values("respondent", kind="mergesort").reset_index(drop=True)
