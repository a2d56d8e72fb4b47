"""The codebook's data model: :class:`Code`, its auto-coding :class:`Rules`, and the
keys and defaults of the YAML format.

Examples
--------
>>> Code("A", "Alpha", rules=Rules(keywords=("haven",))).rules.empty
False
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Code", "Rules", "Negation", "Proximity", "DEFAULT_NEGATION_CUES", "DEFAULT_NEGATION_WINDOW",
    "SEPARABLE_PARTICLES", "TOP_KEYS", "CODE_KEYS", "DESCRIPTIVE_KEYS", "RULE_KEYS", "PROXIMITY_KEYS",
    "NEGATION_KEYS", "WITHIN_VALUES", "NEEDS_TRAINED", "MAX_CODE_DEPTH", "Relation", "RELATION_KEYS", "DIRECTIONS",
]

#: Negation cue words used when a code asks for negation handling without its own cues.
DEFAULT_NEGATION_CUES: dict[str, tuple[str, ...]] = {
    "nl": ("geen", "niet", "nooit", "niets", "niks", "niemand", "nergens", "zonder"),
    "en": ("no", "not", "never", "nothing", "nobody", "none", "without", "n't"),
}
DEFAULT_NEGATION_WINDOW = 3

#: Dutch separable-verb particles recognised by the ``separable:`` rule.
SEPARABLE_PARTICLES: tuple[str, ...] = (
    "samen", "terug", "binnen", "buiten", "tegen", "door", "over", "mee", "aan", "af", "bij", "in",
    "na", "om", "op", "toe", "uit", "voor", "weg", "vast", "los", "neer", "rond", "thuis",
)

TOP_KEYS: tuple[str, ...] = (
    "codebook", "name", "name_en", "version", "language", "description", "description_en", "negation", "codes",
    "relations",
)
#: Keys of one entry of the codebook's ``relations:`` list.
RELATION_KEYS: tuple[str, ...] = ("from", "to", "name", "direction", "color")
#: How a relation between two codes reads: ``associative`` (undirected, the default), ``one-way`` (from -> to),
#: ``bidirectional`` (both ways) -- REFI-QDA's ``Associative``, ``OneWay`` and ``Bidirectional``.
DIRECTIONS: tuple[str, ...] = ("associative", "one-way", "bidirectional")
DESCRIPTIVE_KEYS: tuple[str, ...] = (
    "id", "name", "name_en", "description", "description_en", "include", "exclude", "examples", "color",
    "children", "parent",
)
RULE_KEYS: tuple[str, ...] = (
    "keywords", "patterns", "proximity", "separable", "exclude_keywords", "negation", "roles", "autocode",
)
CODE_KEYS: tuple[str, ...] = DESCRIPTIVE_KEYS + RULE_KEYS
PROXIMITY_KEYS: tuple[str, ...] = ("all_of", "within", "ordered", "id")
NEGATION_KEYS: tuple[str, ...] = ("cues", "window")
WITHIN_VALUES: tuple[str, ...] = ("sentence", "turn")
# Token attributes a blank pipeline (tokenizer + lookup lemmatizer) never sets.
NEEDS_TRAINED = ("POS", "TAG", "DEP", "MORPH", "ENT_TYPE", "ENT_IOB", "ENT_ID", "HEAD")

#: Deepest nesting of codes accepted (a codebook deeper than this is refused with RK241).
MAX_CODE_DEPTH = 30

@dataclass(frozen=True)
class Negation:
    """Negation handling of a code: a match is dropped when a cue precedes it.

    Attributes
    ----------
    cues
        Cue words (matched on lower-case form or lemma), e.g. ``("geen", "niet", "nooit")``.
    window
        How many tokens before the match (within the same sentence) are searched.
    """

    cues: tuple[str, ...]
    window: int = DEFAULT_NEGATION_WINDOW


@dataclass(frozen=True)
class Proximity:
    """All ``terms`` must occur within one sentence, one turn or ``N`` tokens.

    Attributes
    ----------
    terms
        Keyword-syntax terms (lemma, ``prefix*`` or phrase).
    within
        ``"sentence"``, ``"turn"`` or a positive number of tokens.
    ordered
        When true the terms must occur in the given order.
    id
        Rule id used in the ``rule_id`` column (default ``proximity[<n>]``).
    """

    terms: tuple[str, ...]
    within: str | int = "sentence"
    ordered: bool = False
    id: str | None = None


@dataclass(frozen=True)
class Rules:
    """The auto-coding rules of one code (all optional).

    Attributes
    ----------
    keywords
        Words or phrases matched on lemmas and lower-case forms; ``word*`` is a prefix.
    patterns
        spaCy ``Matcher`` token patterns (lists of token dicts).
    proximity
        :class:`Proximity` rules.
    separable
        Dutch separable verbs (``samenwerken``): matched joined, and split
        (``werken ... samen``) within one sentence, particle after the verb.
    exclude_keywords
        A unit containing any of these terms is never coded with this code.
    negation
        :class:`Negation` settings, or ``None`` for no negation handling.
    roles
        Roles whose turns are coded (``None``: the ``roles`` argument of autocode).
    autocode
        ``False`` switches rules off for this code (children are not affected).
    """

    keywords: tuple[str, ...] = ()
    patterns: tuple[tuple[dict, ...], ...] = ()
    proximity: tuple[Proximity, ...] = ()
    separable: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    negation: Negation | None = None
    roles: tuple[str, ...] | None = None
    autocode: bool = True

    @property
    def empty(self) -> bool:
        """True when the code has no positive rule (nothing can code it automatically)."""
        return not (self.keywords or self.patterns or self.proximity or self.separable) or not self.autocode


@dataclass(frozen=True)
class Relation:
    """A named relation between two codes (ATLAS.ti's code-code links: "is cause of", "contradicts").

    Attributes
    ----------
    source, target
        Ids of the two codes (``from`` and ``to`` in the YAML).
    name
        What the relation says, as the researcher named it (may be empty).
    direction
        One of :data:`DIRECTIONS`.
    color
        ``#RRGGBB`` or ``None``.

    Examples
    --------
    >>> Relation("A", "B", "is cause of", "one-way").to_dict()
    {'from': 'A', 'to': 'B', 'name': 'is cause of', 'direction': 'one-way'}
    """

    source: str
    target: str
    name: str = ""
    direction: str = "associative"
    color: str | None = None

    def to_dict(self) -> dict:
        """The relation in the YAML shape (``from``, ``to``, ``name``, ``direction``, ``color``)."""
        out: dict[str, Any] = {"from": self.source, "to": self.target}
        if self.name:
            out["name"] = self.name
        out["direction"] = self.direction
        if self.color:
            out["color"] = self.color
        return out


@dataclass
class Code:
    """One code of a codebook.

    Attributes
    ----------
    id
        Unique, stable identifier (``SIG.1``, ``INFO.WV``).
    name
        Display name (in the codebook's language).
    description, include, exclude
        Definition and criteria for applying / not applying the code.
    examples
        Example quotes.
    color
        ``#RRGGBB`` or ``None`` (see :meth:`Codebook.colors`).
    children
        Sub-codes.
    parent
        Id of the parent code (``None`` at the top).
    level
        Depth; top-level codes have level 1.
    path
        Ids from the top down, joined with ``/`` (``"INFO/INFO.WV"``).
    name_en
        English name, if given.
    description_en
        English description, if given (reports in English use it instead of ``description``).
    rules
        Auto-coding :class:`Rules`.
    extra
        Keys starting with ``x_``/``x-``, kept verbatim for other tools.
    line
        YAML line where the code starts (``None`` when built in memory).
    """

    id: str
    name: str
    description: str = ""
    include: str = ""
    exclude: str = ""
    examples: tuple[str, ...] = ()
    color: str | None = None
    children: list["Code"] = field(default_factory=list)
    parent: str | None = None
    level: int = 1
    path: str = ""
    name_en: str | None = None
    description_en: str | None = None
    rules: Rules = field(default_factory=Rules)
    extra: dict = field(default_factory=dict)
    line: int | None = None

    def __repr__(self) -> str:
        return f"Code(id={self.id!r}, name={self.name!r}, level={self.level}, children={len(self.children)})"

    def to_dict(self) -> dict:
        """The code as plain data in the YAML shape (round-trips through :meth:`Codebook.from_dict`).

        Examples
        --------
        >>> Code("A", "Alpha").to_dict()
        {'id': 'A', 'name': 'Alpha'}
        """
        root = self._own_dict()
        stack: list[tuple[Code, dict]] = [(self, root)]
        while stack:  # iterative, so no tree is too deep to write
            code, out = stack.pop()
            if code.children:
                out["children"] = [child._own_dict() for child in code.children]
                stack.extend(zip(code.children, out["children"]))
        return root

    def _own_dict(self) -> dict:
        """This code's keys in the YAML shape, without its children."""
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.name_en:
            out["name_en"] = self.name_en
        for key in ("description", "include", "exclude"):
            if f"_{key}_list" in self.extra:
                out[key] = list(self.extra[f"_{key}_list"])
            elif getattr(self, key):
                out[key] = getattr(self, key)
            if key == "description" and self.description_en:
                out["description_en"] = self.description_en
        if self.examples:
            out["examples"] = list(self.examples)
        if self.color:
            out["color"] = self.color
        out.update(_rules_dict(self))
        for key, value in self.extra.items():
            if not key.startswith("_"):
                out[key] = copy.deepcopy(value)
        return out


def _rules_dict(code: Code) -> dict[str, Any]:
    """The rule keys of ``code`` in the YAML shape."""
    out: dict[str, Any] = {}
    r = code.rules
    if r.roles is not None and code.extra.get("_roles_declared"):
        out["roles"] = list(r.roles)
    if not r.autocode:
        out["autocode"] = False
    if r.keywords:
        out["keywords"] = list(r.keywords)
    if r.separable:
        out["separable"] = list(r.separable)
    if r.proximity:
        prox = []
        for p in r.proximity:
            item: dict[str, Any] = {"all_of": list(p.terms)}
            if p.within != "sentence":
                item["within"] = p.within
            if p.ordered:
                item["ordered"] = True
            if p.id:
                item["id"] = p.id
            prox.append(item)
        out["proximity"] = prox
    if r.patterns:
        out["patterns"] = [[dict(tok) for tok in pat] for pat in r.patterns]
    if r.exclude_keywords:
        out["exclude_keywords"] = list(r.exclude_keywords)
    if code.extra.get("_negation_raw") is not None:
        out["negation"] = copy.deepcopy(code.extra["_negation_raw"])
    return out
