"""Hierarchical codebooks: YAML load/save, validation, colours and roll-up.

A codebook is a tree of :class:`Code` objects read from YAML (see
``docs/codebook.md``). Validation reports *every* problem at once, each with its
YAML line number: duplicate ids, unknown parents, bad colours, empty names,
invalid rules and spaCy patterns, and unknown keys with a did-you-mean.

Examples
--------
>>> cb = Codebook.from_dict({"codes": [
...     {"id": "SAM", "name": "Samenwerking", "keywords": ["samenwerking"],
...      "children": [{"id": "SAM.1", "name": "Informatiedeling", "keywords": ["delen"]}]}]})
>>> len(cb), "SAM.1" in cb, cb["SAM.1"].parent, cb["SAM.1"].path
(2, True, 'SAM', 'SAM/SAM.1')
>>> cb.ancestor("SAM.1", 1)
'SAM'
"""

from __future__ import annotations

import colorsys
import copy
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import pandas as pd
import yaml

from researchkit.yamlsafe import compose_checked

from researchkit.errors import CodebookError, ConfigurationError
from researchkit.transcripts import ROLES

__all__ = ["Code", "Codebook", "Rules", "Negation", "Proximity", "DEFAULT_NEGATION_CUES", "CODE_KEYS", "TOP_KEYS"]

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

TOP_KEYS: tuple[str, ...] = ("codebook", "name", "version", "language", "description", "negation", "codes")
DESCRIPTIVE_KEYS: tuple[str, ...] = (
    "id", "name", "name_en", "description", "include", "exclude", "examples", "color", "children", "parent",
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

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Tableau-20 like palette for top-level codes that have no colour of their own.
_PALETTE = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
    "#BCBD22", "#17BECF", "#AEC7E8", "#FFBB78", "#98DF8A", "#FF9896", "#C5B0D5", "#C49C94",
)


# ----------------------------------------------------------------------------------------
# YAML with line numbers
# ----------------------------------------------------------------------------------------


class _LocDict(dict):
    """A dict that remembers the YAML line of itself and of each key (1-based)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key: str) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


class _LocList(list):
    """A list that remembers the YAML line of itself and of each item (1-based)."""

    line: int | None = None
    item_lines: list

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


def _parse_yaml(text: str, path: str) -> tuple[Any, list[str]]:
    """Parse YAML keeping line numbers; return ``(data, duplicate-key problems)``."""
    problems: list[str] = []
    try:
        node = compose_checked(text)  # limits on aliases, depth and size before anything is built
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        detail = " ".join(p for p in (exc.context, exc.problem) if p)
        ctx = exc.context_mark
        if ctx is not None and mark is not None and ctx.line != mark.line:
            detail += f" (the construct started on line {ctx.line + 1})"
        raise CodebookError(
            "RK211",
            path,
            [f"{where}: YAML syntax error: {detail}"],
            hint="fix the YAML at that line (check indentation, colons and quotes)",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        raise CodebookError("RK211", path, [f"YAML syntax error: {exc}"], hint="fix the YAML syntax") from None

    def convert(n: yaml.Node) -> Any:
        if isinstance(n, yaml.MappingNode):
            out = _LocDict()
            out.line = n.start_mark.line + 1
            out.key_lines = {}
            loader.flatten_mapping(n)
            for key_node, value_node in n.value:
                key = convert(key_node)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    key = str(key)
                if key in out:
                    problems.append(
                        f"line {key_node.start_mark.line + 1}: key {key!r} appears twice in the same mapping "
                        f"(first on line {out.key_lines[key]}); YAML would silently keep only the last one"
                    )
                out[key] = convert(value_node)
                out.key_lines[key] = key_node.start_mark.line + 1
            return out
        if isinstance(n, yaml.SequenceNode):
            seq = _LocList(convert(item) for item in n.value)
            seq.line = n.start_mark.line + 1
            seq.item_lines = [item.start_mark.line + 1 for item in n.value]
            return seq
        return loader.construct_object(n, deep=True)

    if node is None:
        return None, problems
    loader = yaml.SafeLoader("")  # constructs scalars of the checked node graph
    try:
        return convert(node), problems
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise CodebookError("RK211", path, [f"{where}: {exc.problem}"], hint="fix the YAML value") from None


def _line(container: Any, key: Any) -> int | None:
    if isinstance(container, (_LocDict, _LocList)):
        return container.line_of(key)
    return None


def _did_you_mean(key: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ----------------------------------------------------------------------------------------
# Data model
# ----------------------------------------------------------------------------------------


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
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.name_en:
            out["name_en"] = self.name_en
        for key in ("description", "include", "exclude"):
            if f"_{key}_list" in self.extra:
                out[key] = list(self.extra[f"_{key}_list"])
            elif getattr(self, key):
                out[key] = getattr(self, key)
        if self.examples:
            out["examples"] = list(self.examples)
        if self.color:
            out["color"] = self.color
        r = self.rules
        if r.roles is not None and self.extra.get("_roles_declared"):
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
        if self.extra.get("_negation_raw") is not None:
            out["negation"] = copy.deepcopy(self.extra["_negation_raw"])
        for key, value in self.extra.items():
            if not key.startswith("_"):
                out[key] = copy.deepcopy(value)
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def _plain(value: Any) -> Any:
    """Strip the line-number containers down to plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Validator:
    """Collects every problem of a codebook document, each with its line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def add(self, line: int | None, where: str, message: str) -> None:
        loc = f"line {line}" if line else where
        if line and where:
            loc = f"line {line} ({where})"
        self.problems.append(f"{loc}: {message}")


def _text_field(v: _Validator, data: Mapping, key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return "\n".join(f"- {x.strip()}" for x in value)
    v.add(_line(data, key), where, f"{key} must be text or a list of texts, got {type(value).__name__} {value!r}")
    return ""


def _term_list(v: _Validator, data: Mapping, key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        v.add(_line(data, key), where, f"{key} must be a list of words or phrases, got {value!r}")
        return ()
    terms = []
    for i, term in enumerate(value):
        line = _line(value, i) or _line(data, key)
        if not isinstance(term, (str, int, float)) or isinstance(term, bool):
            v.add(line, where, f"{key}[{i}] must be a word or phrase, got {term!r}")
            continue
        term = str(term).strip()
        problem = _term_problem(term)
        if problem:
            v.add(line, where, f"{key}[{i}] {term!r}: {problem}")
            continue
        terms.append(term)
    return tuple(terms)


def _term_problem(term: str) -> str | None:
    if not term:
        return "is empty"
    if term.replace("*", "").strip() == "":
        return "matches every word; give at least one letter before '*'"
    for word in term.split():
        if "*" in word[:-1]:
            return "'*' may only end a word (prefix match), as in 'drugs*'"
    return None


def _check_pattern(v: _Validator, pattern: Any, line: int | None, where: str) -> tuple[dict, ...] | None:
    from spacy.schemas import validate_token_pattern

    if not isinstance(pattern, list) or not pattern:
        v.add(line, where, f"a pattern must be a non-empty list of token dicts, got {_plain(pattern)!r}")
        return None
    errors = validate_token_pattern(_plain(pattern))
    if errors:
        for err in errors:
            v.add(line, where, f"invalid spaCy token pattern: {err}")
        return None
    return tuple(_plain(tok) for tok in pattern)


def _check_negation(v: _Validator, value: Any, line: int | None, where: str, default: Negation | None) -> Negation | None:
    if value is None or value is False:
        return None
    if value is True:
        return default
    if not isinstance(value, dict):
        v.add(line, where, f"negation must be true, false or a mapping with cues/window, got {value!r}")
        return None
    for key in value:
        if key not in NEGATION_KEYS:
            v.add(_line(value, key), where, f"unknown negation key {key!r}{_did_you_mean(key, NEGATION_KEYS)}")
    cues = value.get("cues", default.cues if default else ())
    if isinstance(cues, str):
        cues = [cues]
    if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip() for c in cues):
        v.add(_line(value, "cues"), where, f"negation cues must be a non-empty list of words, got {_plain(cues)!r}")
        cues = []
    window = value.get("window", default.window if default else DEFAULT_NEGATION_WINDOW)
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        v.add(_line(value, "window"), where, f"negation window must be a positive number of tokens, got {window!r}")
        window = DEFAULT_NEGATION_WINDOW
    return Negation(tuple(c.strip().lower() for c in cues), window)


def _check_roles(v: _Validator, data: Mapping, where: str) -> tuple[str, ...] | None:
    value = data.get("roles")
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        v.add(_line(data, "roles"), where, f"roles must be a list of {', '.join(ROLES)}, got {value!r}")
        return None
    out = []
    for i, role in enumerate(value):
        if role not in ROLES:
            v.add(_line(value, i) or _line(data, "roles"), where,
                  f"unknown role {role!r}{_did_you_mean(str(role), ROLES)}; roles are {', '.join(ROLES)}")
        else:
            out.append(role)
    return tuple(dict.fromkeys(out))


def _check_proximity(v: _Validator, data: Mapping, where: str) -> tuple[Proximity, ...]:
    value = data.get("proximity")
    if value is None:
        return ()
    if not isinstance(value, list):
        v.add(_line(data, "proximity"), where, "proximity must be a list of {all_of: [...], within: ...} rules")
        return ()
    rules = []
    for i, item in enumerate(value):
        line = _line(value, i)
        if not isinstance(item, dict):
            v.add(line, where, f"proximity[{i}] must be a mapping with all_of (and optional within), got {item!r}")
            continue
        ok = True
        for key in item:
            if key not in PROXIMITY_KEYS:
                v.add(_line(item, key), where, f"unknown proximity key {key!r}{_did_you_mean(str(key), PROXIMITY_KEYS)}")
                ok = False
        terms = _term_list(v, item, "all_of", f"{where} proximity[{i}]")
        if len(terms) < 2:
            v.add(_line(item, "all_of") or line, where, f"proximity[{i}].all_of needs at least two terms")
            ok = False
        within = item.get("within", "sentence")
        if not (within in WITHIN_VALUES or (isinstance(within, int) and not isinstance(within, bool) and within > 0)):
            v.add(_line(item, "within") or line, where,
                  f"proximity[{i}].within must be sentence, turn or a positive number of tokens, got {within!r}")
            ok = False
        ordered = item.get("ordered", False)
        if not isinstance(ordered, bool):
            v.add(_line(item, "ordered"), where, f"proximity[{i}].ordered must be true or false, got {ordered!r}")
            ok = False
        rid = item.get("id")
        if rid is not None and not isinstance(rid, str):
            v.add(_line(item, "id"), where, f"proximity[{i}].id must be text, got {rid!r}")
            ok = False
        if ok:
            rules.append(Proximity(terms, within, ordered, rid))
    return tuple(rules)


def split_separable(verb: str) -> tuple[str, str] | None:
    """Split a Dutch separable verb into ``(verb stem, particle)``.

    Examples
    --------
    >>> split_separable("samenwerken")
    ('werken', 'samen')
    >>> split_separable("werken") is None
    True
    """
    word = verb.strip().lower()
    for particle in sorted(SEPARABLE_PARTICLES, key=len, reverse=True):
        rest = word[len(particle):]
        if word.startswith(particle) and len(rest) >= 4 and rest.endswith("en"):
            return rest, particle
    return None


def _build_code(
    v: _Validator,
    data: Any,
    where: str,
    line: int | None,
    parent: Code | None,
    default_negation: Negation | None,
    language: str,
) -> Code | None:
    if not isinstance(data, dict):
        v.add(line, where, f"a code must be a mapping with at least id and name, got {_plain(data)!r}")
        return None
    line = getattr(data, "line", None) or line
    raw_id = data.get("id")
    cid = str(raw_id).strip() if isinstance(raw_id, (str, int, float)) and not isinstance(raw_id, bool) else ""
    label = f"{where}, id {cid}" if cid else where
    if raw_id is None:
        v.add(line, where, "code has no id; give every code a unique, stable id such as SIG.1")
    elif not cid or not _ID.match(cid):
        v.add(_line(data, "id"), label,
              f"id {raw_id!r} is not valid; use letters, digits, '.', '_' or '-' (e.g. SIG.1, INFO.WV)")
        cid = cid or ""
    for key in data:
        if key in CODE_KEYS or (isinstance(key, str) and key[:2] in ("x_", "x-")):
            continue
        v.add(_line(data, key), label, f"unknown key {key!r}{_did_you_mean(str(key), CODE_KEYS)}")
    name = data.get("name")
    if not isinstance(name, (str, int, float)) or isinstance(name, bool) or not str(name).strip():
        v.add(_line(data, "name") or line, label, f"code {cid or '?'} has an empty or missing name")
        name = ""
    name_en = data.get("name_en")
    if name_en is not None and (not isinstance(name_en, str) or not name_en.strip()):
        v.add(_line(data, "name_en"), label, f"name_en must be non-empty text, got {name_en!r}")
        name_en = None
    color = data.get("color")
    if color is not None:
        if not isinstance(color, str) or not _COLOR.match(color.strip()):
            v.add(_line(data, "color"), label, f"colour {color!r} is not of the form #RRGGBB (e.g. \"#1F77B4\"; quote it in YAML)")
            color = None
        else:
            color = color.strip().upper()
    examples = data.get("examples")
    if examples is None:
        examples_t: tuple[str, ...] = ()
    elif isinstance(examples, str):
        examples_t = (examples.strip(),)
    elif isinstance(examples, list) and all(isinstance(x, str) for x in examples):
        examples_t = tuple(x.strip() for x in examples)
    else:
        v.add(_line(data, "examples"), label, f"examples must be a list of quotes, got {_plain(examples)!r}")
        examples_t = ()

    keywords = _term_list(v, data, "keywords", label)
    exclude_keywords = _term_list(v, data, "exclude_keywords", label)
    separable = _term_list(v, data, "separable", label)
    for i, verb in enumerate(separable):
        if " " in verb or "*" in verb:
            v.add(_line(data["separable"], i), label, f"separable[{i}] {verb!r} must be one verb such as samenwerken")
        elif language == "nl" and split_separable(verb) is None:
            v.add(_line(data["separable"], i), label,
                  f"separable[{i}] {verb!r} does not start with a known particle ({', '.join(SEPARABLE_PARTICLES)}); "
                  "use a proximity rule instead")
        elif language != "nl":
            v.add(_line(data["separable"], i), label, "separable verbs are only understood for Dutch (language: nl)")
    patterns_raw = data.get("patterns")
    patterns: list[tuple[dict, ...]] = []
    if patterns_raw is not None:
        if not isinstance(patterns_raw, list):
            v.add(_line(data, "patterns"), label, "patterns must be a list of spaCy token patterns")
        else:
            for i, pat in enumerate(patterns_raw):
                checked = _check_pattern(v, pat, _line(patterns_raw, i), f"{label} patterns[{i}]")
                if checked is not None:
                    patterns.append(checked)
    proximity = _check_proximity(v, data, label)
    negation_raw = data.get("negation")
    inherited_neg = parent.rules.negation if parent is not None and negation_raw is None else None
    negation = _check_negation(v, negation_raw, _line(data, "negation"), label, default_negation)
    if negation_raw is None:
        negation = inherited_neg
    roles = _check_roles(v, data, label)
    if roles is None and parent is not None:
        roles = parent.rules.roles
    autocode_flag = data.get("autocode", True)
    if not isinstance(autocode_flag, bool):
        v.add(_line(data, "autocode"), label, f"autocode must be true or false, got {autocode_flag!r}")
        autocode_flag = True
    declared_parent = data.get("parent")
    if declared_parent is not None and parent is not None and str(declared_parent) != parent.id:
        v.add(_line(data, "parent"), label,
              f"parent {declared_parent!r} contradicts the nesting (this code is a child of {parent.id!r})")
    code = Code(
        id=cid,
        name=str(name).strip(),
        description=_text_field(v, data, "description", label),
        include=_text_field(v, data, "include", label),
        exclude=_text_field(v, data, "exclude", label),
        examples=examples_t,
        color=color,
        parent=parent.id if parent is not None else None,
        level=parent.level + 1 if parent is not None else 1,
        name_en=name_en.strip() if isinstance(name_en, str) else None,
        rules=Rules(
            keywords=keywords,
            patterns=tuple(patterns),
            proximity=proximity,
            separable=separable,
            exclude_keywords=exclude_keywords,
            negation=negation,
            roles=roles,
            autocode=autocode_flag,
        ),
        extra={k: _plain(val) for k, val in data.items() if isinstance(k, str) and k[:2] in ("x_", "x-")},
        line=line,
    )
    if negation_raw is not None:
        code.extra["_negation_raw"] = _plain(negation_raw)
    if data.get("roles") is not None:
        code.extra["_roles_declared"] = True
    for key in ("description", "include", "exclude"):
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            code.extra[f"_{key}_list"] = [x.strip() for x in value]
    if declared_parent is not None and parent is None:
        code.extra["_declared_parent"] = (str(declared_parent), _line(data, "parent"))
    code.path = f"{parent.path}/{cid}" if parent is not None else cid
    children = data.get("children")
    if children is not None:
        if not isinstance(children, list):
            v.add(_line(data, "children"), label, "children must be a list of codes")
        else:
            for i, child in enumerate(children):
                built = _build_code(v, child, f"{where}.children[{i}]", _line(children, i), code, default_negation, language)
                if built is not None:
                    code.children.append(built)
    return code


def _reparent(code: Code, parent: Code | None) -> None:
    code.parent = parent.id if parent is not None else None
    code.level = parent.level + 1 if parent is not None else 1
    code.path = f"{parent.path}/{code.id}" if parent is not None else code.id
    if parent is not None:
        r = code.rules
        updates = {}
        if r.roles is None and parent.rules.roles is not None:
            updates["roles"] = parent.rules.roles
        if r.negation is None and "_negation_raw" not in code.extra and parent.rules.negation is not None:
            updates["negation"] = parent.rules.negation
        if updates:
            code.rules = Rules(**{**r.__dict__, **updates})
    for child in code.children:
        _reparent(child, code)


class Codebook:
    """A hierarchical codebook.

    Build one with :meth:`load` (YAML file) or :meth:`from_dict`. ``len(cb)`` counts
    all codes, ``"SIG.1" in cb`` tests membership, ``cb["SIG.1"]`` returns the
    :class:`Code`.

    Attributes
    ----------
    codes
        The top-level codes.
    language
        Language of names and keywords (``"nl"`` by default); selects the spaCy pipeline.
    title, version, description
        Metadata from the YAML file.
    negation
        Default negation cues and window for codes that say ``negation: true``.
    source
        Path the codebook was loaded from, if any.

    Examples
    --------
    >>> cb = Codebook.from_dict({"language": "nl", "codes": [{"id": "A", "name": "Alpha"}]})
    >>> cb["A"].name, cb.language
    ('Alpha', 'nl')
    """

    def __init__(
        self,
        codes: Sequence[Code],
        *,
        language: str = "nl",
        title: str | None = None,
        version: Any = None,
        description: str = "",
        negation: Negation | None = None,
        source: str | None = None,
        negation_raw: Any = None,
    ) -> None:
        self.codes: list[Code] = list(codes)
        self.language = language
        self.title = title
        self.version = version
        self.description = description
        self.negation = negation or Negation(DEFAULT_NEGATION_CUES.get(language, ()), DEFAULT_NEGATION_WINDOW)
        self.source = source
        self._negation_raw = negation_raw
        self._index: dict[str, Code] = {c.id: c for c in self.walk()}

    # -- construction ----------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Codebook":
        """Read and validate a YAML codebook.

        Parameters
        ----------
        path
            The ``.yaml`` file.

        Raises
        ------
        CodebookError
            ``RK210`` file missing, ``RK211`` YAML syntax error (with line and column),
            ``RK212`` invalid codebook, listing every problem with its line.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "cb.yaml"
        >>> _ = p.write_text("codes:\\n  - id: A\\n    name: Alpha\\n", encoding="utf-8")
        >>> Codebook.load(p)["A"].line
        2
        """
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CodebookError("RK210", p, ["the codebook file does not exist"],
                                hint="check the path (e.g. codebook/havens.yaml)") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CodebookError("RK210", p, [f"the codebook cannot be read: {exc}"],
                                hint="save the codebook as UTF-8 text") from None
        data, problems = _parse_yaml(text, str(p))
        return cls._from_data(data, str(p), problems)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Codebook":
        """Build and validate a codebook from plain data in the YAML shape.

        Examples
        --------
        >>> Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha", "color": "#00ff00"}]})["A"].color
        '#00FF00'
        """
        return cls._from_data(copy.deepcopy(dict(data)) if isinstance(data, Mapping) else data, "<codebook>", [])

    @classmethod
    def _from_data(cls, data: Any, source: str, problems: list[str]) -> "Codebook":
        v = _Validator(source)
        v.problems.extend(problems)
        if not isinstance(data, dict):
            v.add(getattr(data, "line", None), "", "a codebook must be a mapping with a top-level 'codes:' list")
            raise CodebookError("RK212", source, v.problems, hint="see docs/codebook.md for the format")
        for key in data:
            if key not in TOP_KEYS:
                v.add(_line(data, key), "top level", f"unknown key {key!r}{_did_you_mean(str(key), TOP_KEYS)}")
        language = data.get("language", "nl")
        from researchkit.nlp import supported_languages

        if not isinstance(language, str) or language.strip().lower() not in supported_languages():
            v.add(_line(data, "language"), "top level",
                  f"language {language!r} is not supported; use one of {', '.join(supported_languages())}")
            language = "nl"
        language = language.strip().lower()
        default_neg = Negation(DEFAULT_NEGATION_CUES.get(language, ()), DEFAULT_NEGATION_WINDOW)
        negation_raw = data.get("negation")
        if negation_raw is not None:
            if isinstance(negation_raw, dict):
                default_neg = _check_negation(v, negation_raw, _line(data, "negation"), "top level", default_neg) or default_neg
            else:
                v.add(_line(data, "negation"), "top level", "top-level negation must be a mapping with cues and window")
        codes_raw = data.get("codes")
        codes: list[Code] = []
        if codes_raw is None:
            v.add(getattr(data, "line", None), "top level", "the codebook has no 'codes:' list")
        elif not isinstance(codes_raw, list) or not codes_raw:
            v.add(_line(data, "codes"), "top level", "'codes:' must be a non-empty list of codes")
        else:
            for i, item in enumerate(codes_raw):
                code = _build_code(v, item, f"codes[{i}]", _line(codes_raw, i), None, default_neg, language)
                if code is not None:
                    codes.append(code)
        codes = cls._attach_declared_parents(v, codes)
        seen: dict[str, Code] = {}
        stack = list(reversed(codes))
        while stack:
            code = stack.pop()
            if code.id:
                if code.id in seen:
                    first = seen[code.id]
                    v.add(code.line, f"id {code.id}",
                          f"duplicate id {code.id!r} (already used on line {first.line})" if first.line
                          else f"duplicate id {code.id!r}")
                else:
                    seen[code.id] = code
            stack.extend(reversed(code.children))
        if v.problems:
            raise CodebookError(
                "RK212", source, _sorted_problems(v.problems),
                hint="fix every problem listed (line numbers refer to the YAML file); see docs/codebook.md",
            )
        title = data.get("codebook", data.get("name"))
        return cls(
            codes,
            language=language,
            title=str(title) if title is not None else None,
            version=data.get("version"),
            description=str(data.get("description") or "").strip(),
            negation=default_neg,
            source=None if source == "<codebook>" else source,
            negation_raw=_plain(negation_raw),
        )

    @staticmethod
    def _attach_declared_parents(v: _Validator, codes: list[Code]) -> list[Code]:
        """Move top-level codes that declare ``parent:`` under that parent."""
        declared = [c for c in codes if "_declared_parent" in c.extra]
        if not declared:
            return codes
        index: dict[str, Code] = {}
        stack = list(codes)
        while stack:
            c = stack.pop()
            index.setdefault(c.id, c)
            stack.extend(c.children)
        roots = [c for c in codes if "_declared_parent" not in c.extra]
        attached: set[str] = set()
        for code in declared:
            pid, line = code.extra.pop("_declared_parent")
            parent = index.get(pid)
            if parent is None:
                v.add(line, f"id {code.id}",
                      f"unknown parent {pid!r}{_did_you_mean(pid, sorted(index))}")
                roots.append(code)
                continue
            # cycle check: walk up declared parents
            seen, cur = {code.id}, pid
            chain = {c.id: c.extra.get("_declared_parent", (None,))[0] for c in declared}
            chain[code.id] = pid
            cycle = False
            while cur is not None:
                if cur in seen:
                    cycle = True
                    break
                seen.add(cur)
                cur = chain.get(cur)
            if cycle:
                v.add(line, f"id {code.id}", f"parent {pid!r} makes a cycle ({' -> '.join(sorted(seen))})")
                roots.append(code)
                continue
            parent.children.append(code)
            attached.add(code.id)
        for root in roots:
            _reparent(root, None)
        return roots

    # -- container protocol ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._index

    def __getitem__(self, code_id: str) -> Code:
        try:
            return self._index[code_id]
        except KeyError:
            close = difflib.get_close_matches(str(code_id), list(self._index), n=3)
            raise KeyError(
                str(ConfigurationError(
                    "RK213", f"no code {code_id!r} in the codebook" + (f" (did you mean {', '.join(close)}?)" if close else ""),
                    hint="use one of the ids listed by Codebook.to_frame()",
                ))
            ) from None

    def __iter__(self) -> Iterator[Code]:
        return self.walk()

    def __repr__(self) -> str:
        return f"Codebook({self.title or 'untitled'!r}, {len(self)} codes, {len(self.codes)} top-level, language={self.language!r})"

    def walk(self) -> Iterator[Code]:
        """Yield every code depth-first, parents before children, in file order.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]},
        ...                                     {"id": "B", "name": "c"}]})
        >>> [c.id for c in cb.walk()]
        ['A', 'A.1', 'B']
        """
        stack = list(reversed(self.codes))
        while stack:
            code = stack.pop()
            yield code
            stack.extend(reversed(code.children))

    @property
    def ids(self) -> list[str]:
        """All code ids, depth-first."""
        return [c.id for c in self.walk()]

    @property
    def depth(self) -> int:
        """The deepest level in the tree (1 for a flat codebook)."""
        return max((c.level for c in self.walk()), default=0)

    # -- tables and tree queries -----------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per code: ``id, name, name_en, parent, level, path, description, color``.

        ``color`` is the resolved colour from :meth:`colors`.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
        >>> cb.to_frame()[["id", "name", "level", "path"]].to_dict("records")
        [{'id': 'A', 'name': 'Alpha', 'level': 1, 'path': 'A'}]
        """
        colors = self.colors()
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "name_en": c.name_en,
                "parent": c.parent,
                "level": c.level,
                "path": c.path,
                "description": c.description,
                "color": colors[c.id],
            }
            for c in self.walk()
        ]
        return pd.DataFrame(rows, columns=["id", "name", "name_en", "parent", "level", "path", "description", "color"])

    def ancestor(self, code_id: str, level: int) -> str:
        """The id of ``code_id``'s ancestor at ``level`` (the code itself if it is that shallow).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.ancestor("A.1", 1), cb.ancestor("A.1", 2), cb.ancestor("A", 2)
        ('A', 'A.1', 'A')
        """
        self._check_level(level)
        code = self[code_id]
        while code.level > level and code.parent is not None:
            code = self._index[code.parent]
        return code.id

    def descendants(self, code_id: str) -> list[str]:
        """Ids of every code below ``code_id`` (depth-first, not including itself).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.descendants("A")
        ['A.1']
        """
        code = self[code_id]
        out = []
        stack = list(reversed(code.children))
        while stack:
            c = stack.pop()
            out.append(c.id)
            stack.extend(reversed(c.children))
        return out

    def colors(self) -> dict[str, str]:
        """A ``#RRGGBB`` colour for every code.

        A code's own ``color`` wins. A top-level code without one takes the next
        colour of a fixed palette (in file order); a child without one takes its
        parent's colour, lightened a little per level and shifted slightly per
        sibling, so families stay recognisable. Deterministic.

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "color": "#336699",
        ...                                      "children": [{"id": "A.1", "name": "b"}]}]})
        >>> cb.colors()["A"], cb.colors()["A.1"] != "#336699"
        ('#336699', True)
        """
        out: dict[str, str] = {}
        palette_index = 0
        for code in self.codes:
            if code.color:
                out[code.id] = code.color
            else:
                out[code.id] = _PALETTE[palette_index % len(_PALETTE)]
                palette_index += 1

            def fill(parent: Code) -> None:
                for i, child in enumerate(parent.children):
                    out[child.id] = child.color or _derive_color(out[parent.id], i, len(parent.children))
                    fill(child)

            fill(code)
        return out

    def _check_level(self, level: int) -> None:
        if not isinstance(level, int) or isinstance(level, bool) or level < 1:
            raise ConfigurationError(
                "RK216", f"level {level!r} is not a valid codebook level",
                hint=f"use a whole number from 1 (top-level codes) to {self.depth}",
            )

    def rollup(self, codings: pd.DataFrame, level: int = 1) -> pd.DataFrame:
        """Replace each coding's code by its ancestor at ``level``; merge the duplicates.

        Codes already at or above ``level`` are kept. Rows that become identical on
        ``(doc_id, start, end, code, coder)`` are collapsed into one (the first; its
        ``evidence`` and ``rule_id`` gather the distinct values of the merged rows).

        Raises
        ------
        ConfigurationError
            ``RK215`` when codings use codes missing from the codebook, ``RK216`` for a bad level.

        Examples
        --------
        >>> import pandas as pd
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "children": [
        ...     {"id": "A.1", "name": "b"}, {"id": "A.2", "name": "c"}]}]})
        >>> df = pd.DataFrame({"doc_id": ["d", "d"], "start": [0, 0], "end": [5, 5], "code": ["A.1", "A.2"],
        ...                    "coder": ["x", "x"], "source": ["manual", "manual"], "text": ["hallo", "hallo"]})
        >>> cb.rollup(df, level=1)[["code", "start"]].to_dict("records")
        [{'code': 'A', 'start': 0}]
        """
        self._check_level(level)
        if "code" not in codings.columns:
            raise ConfigurationError("RK215", "the codings table has no 'code' column",
                                     hint="pass a codings table (doc_id, start, end, code, coder, source, text)")
        unknown = sorted(set(codings["code"].dropna().astype(str)) - set(self._index))
        if unknown:
            raise ConfigurationError(
                "RK215",
                f"{len(unknown)} code(s) in the codings are not in the codebook: {', '.join(unknown[:20])}",
                hint="load the codebook the codings were made with, or recode/remove those rows",
            )
        mapping = {cid: self.ancestor(cid, level) for cid in self._index}
        out = codings.copy()
        out["code"] = out["code"].map(mapping)
        keys = [c for c in ("doc_id", "start", "end", "code", "coder") if c in out.columns]
        merge_cols = [c for c in ("evidence", "rule_id") if c in out.columns]
        if merge_cols and out.duplicated(keys, keep=False).any():
            grouped = out.groupby(keys, sort=False, dropna=False)
            for col in merge_cols:
                joined = grouped[col].transform(
                    lambda s: "; ".join(dict.fromkeys(str(x) for x in s if isinstance(x, str) and x)) or None
                )
                out[col] = joined
        out = out.drop_duplicates(keys, keep="first").reset_index(drop=True)
        return out

    # -- output ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The codebook as plain data in the YAML shape.

        Examples
        --------
        >>> Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]}).to_dict()
        {'language': 'nl', 'codes': [{'id': 'A', 'name': 'Alpha'}]}
        """
        out: dict[str, Any] = {}
        if self.title is not None:
            out["codebook"] = self.title
        if self.version is not None:
            out["version"] = self.version
        out["language"] = self.language
        if self.description:
            out["description"] = self.description
        if self._negation_raw is not None:
            out["negation"] = copy.deepcopy(self._negation_raw)
        out["codes"] = [c.to_dict() for c in self.codes]
        return out

    def save(self, path: str | os.PathLike) -> Path:
        """Write the codebook as YAML, atomically (temp file + rename); returns the path.

        Codes that were attached with ``parent:`` are written nested. Loading the
        file again gives an equal codebook.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "Alpha"}]})
        >>> p = cb.save(pathlib.Path(tempfile.mkdtemp()) / "cb.yaml")
        >>> Codebook.load(p).to_dict() == cb.to_dict()
        True
        """
        target = Path(path)
        text = yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
        from researchkit.fileio import atomic_write

        return atomic_write(target, text)

    # -- rule checks -------------------------------------------------------------------

    def check_rules(self, nlp: Any = None) -> list[str]:
        """Warnings about rules that can never match (``RK214``), one string each.

        A keyword or term that lemmatizes to nothing (only punctuation or spaces), a
        pattern that needs annotations a blank pipeline does not set (``POS``,
        ``DEP`` ...), or an exclusion that equals a keyword of the same code.

        Parameters
        ----------
        nlp
            The spaCy pipeline to check against (default: the codebook language's).

        Examples
        --------
        >>> cb = Codebook.from_dict({"codes": [{"id": "A", "name": "a", "keywords": ["--"]}]})
        >>> cb.check_rules()
        ["[RK214] code A: keyword '--' has no word in it (only punctuation or spaces), so it can never match"]
        """
        if nlp is None:
            from researchkit.nlp import get_pipeline

            nlp = get_pipeline(self.language)
        trained = any(name in nlp.pipe_names for name in ("tagger", "morphologizer", "parser", "ner"))
        warnings_: list[str] = []
        for code in self.walk():
            r = code.rules
            terms: list[tuple[str, str]] = [("keyword", k) for k in r.keywords]
            terms += [("exclude_keywords term", k) for k in r.exclude_keywords]
            terms += [("proximity term", t) for p in r.proximity for t in p.terms]
            for kind, term in terms:
                words = [t for t in nlp.make_doc(term.replace("*", "")) if not (t.is_punct or t.is_space)]
                if not words:
                    warnings_.append(f"[RK214] code {code.id}: {kind} {term!r} has no word in it "
                                     "(only punctuation or spaces), so it can never match")
            for i, pat in enumerate(r.patterns):
                needs = sorted({k.upper() for tok in pat for k in tok if k.upper() in NEEDS_TRAINED})
                if needs and not trained:
                    warnings_.append(
                        f"[RK214] code {code.id}: patterns[{i}] uses {', '.join(needs)}, which the blank "
                        f"{self.language!r} pipeline does not set, so it can never match; use LEMMA/LOWER, or a trained pipeline"
                    )
            overlap = sorted(set(k.lower() for k in r.keywords) & set(k.lower() for k in r.exclude_keywords))
            if overlap:
                warnings_.append(f"[RK214] code {code.id}: {', '.join(overlap)} is both a keyword and an "
                                 "exclude_keywords term, so it can never code a unit")
            if r.negation is not None and not r.negation.cues:
                warnings_.append(f"[RK214] code {code.id}: negation is on but there are no cue words for "
                                 f"language {self.language!r}; give negation: {{cues: [...]}}")
        return warnings_


def _sorted_problems(problems: list[str]) -> list[str]:
    """Order problems by line number (problems without a line keep their order, last)."""

    def key(item: tuple[int, str]) -> tuple[int, int]:
        m = re.match(r"line (\d+)", item[1])
        return (int(m.group(1)) if m else 10**9, item[0])

    return [p for _, p in sorted(enumerate(problems), key=key)]


def _derive_color(parent_hex: str, index: int, n_siblings: int) -> str:
    r, g, b = (int(parent_hex[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    l = min(0.85, l + 0.12)
    if n_siblings > 1:
        h = (h + (index / n_siblings - 0.5) * 0.08) % 1.0
    r, g, b = colorsys.hls_to_rgb(h, l, s)
    return "#" + "".join(f"{round(x * 255):02X}" for x in (r, g, b))
