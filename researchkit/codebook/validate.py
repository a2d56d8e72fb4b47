"""Checks of the single fields of a codebook document, each problem with its YAML line.

The checks collect problems in a :class:`Validator` instead of raising, so that
:meth:`Codebook.load` can report *every* problem at once.

Examples
--------
>>> v = Validator("cb.yaml")
>>> term_list(v, {"keywords": ["*"]}, "keywords", "id A")
()
>>> v.problems
["id A: keywords[0] '*': matches every word; give at least one letter before '*' or next to '+'"]
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from researchkit.codebook.model import (
    DEFAULT_NEGATION_WINDOW, NEGATION_KEYS, PROXIMITY_KEYS, SEPARABLE_PARTICLES, WITHIN_VALUES, Negation, Proximity,
)
from researchkit.codebook.yamlload import did_you_mean as _did_you_mean
from researchkit.codebook.yamlload import line_of as _line
from researchkit.codebook.yamlload import plain as _plain
from researchkit.transcripts import ROLES

__all__ = ["SUGGESTIONS", "Validator", "unknown_keys", "text_field", "term_list", "term_problem", "check_pattern", "check_negation",
           "check_roles", "check_proximity", "split_separable", "sorted_problems"]


#: Problems after which :meth:`Validator.did_you_mean` suggests nothing more.
SUGGESTIONS = 20


class Validator:
    """Collects every problem of a codebook document, each with its line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def add(self, line: int | None, where: str, message: str) -> None:
        """Record one problem at ``line`` (or at ``where`` when the line is unknown)."""
        loc = f"line {line}" if line else where
        if line and where:
            loc = f"line {line} ({where})"
        self.problems.append(f"{loc}: {message}")

    def did_you_mean(self, key: str, options: Iterable[str]) -> str:
        """`` (did you mean 'x'?)`` for the closest of ``options`` while there are few problems, else ``""``.

        A suggestion compares ``key`` with every option: only the first :data:`SUGGESTIONS`
        problems get one, so that thousands of unknown names in a codebook of thousands of
        codes stay linear (every problem is still recorded).

        Examples
        --------
        >>> v = Validator("cb.yaml")
        >>> v.did_you_mean("SIG.3", {"SIG.2", "VERM"})
        " (did you mean 'SIG.2'?)"
        >>> v.problems = ["a problem"] * SUGGESTIONS
        >>> v.did_you_mean("SIG.3", {"SIG.2", "VERM"})
        ''
        """
        return _did_you_mean(key, sorted(options)) if len(self.problems) < SUGGESTIONS else ""


def unknown_keys(v: Validator, data: Mapping, allowed: tuple[str, ...], where: str, kind: str = "") -> bool:
    """Record every key of ``data`` that is not in ``allowed`` (with a did-you-mean); ``True`` when there was none.

    Examples
    --------
    >>> v = Validator("cb.yaml")
    >>> unknown_keys(v, {"colour": "red"}, ("color",), "relations[0]"), v.problems
    (False, ["relations[0]: unknown key 'colour' (did you mean 'color'?)"])
    """
    label = f"unknown {kind} key" if kind else "unknown key"
    bad = [key for key in data if key not in allowed]
    for key in bad:
        v.add(_line(data, key), where, f"{label} {key!r}{_did_you_mean(str(key), allowed)}")
    return not bad


def text_field(v: Validator, data: Mapping, key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return "\n".join(f"- {x.strip()}" for x in value)
    v.add(_line(data, key), where, f"{key} must be text or a list of texts, got {type(value).__name__} {value!r}")
    return ""


def term_list(v: Validator, data: Mapping, key: str, where: str) -> tuple[str, ...]:
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
        problem = term_problem(term)
        if problem:
            v.add(line, where, f"{key}[{i}] {term!r}: {problem}")
            continue
        terms.append(term)
    return tuple(terms)


def term_problem(term: str) -> str | None:
    """What is wrong with a keyword-syntax term, or ``None``.

    Examples
    --------
    >>> term_problem("+smokkel"), term_problem("haven+"), term_problem("drugs*")
    (None, None, None)
    >>> term_problem("ha+ven")
    "'+' may only start a word (compound head, '+smokkel') or end it (compound modifier, 'haven+')"
    """
    if not term:
        return "is empty"
    if term.replace("*", "").replace("+", "").strip() == "":
        return "matches every word; give at least one letter before '*' or next to '+'"
    for word in term.split():
        if "*" in word[:-1]:
            return "'*' may only end a word (prefix match), as in 'drugs*'"
        if "+" in word.strip("+"):
            return "'+' may only start a word (compound head, '+smokkel') or end it (compound modifier, 'haven+')"
        if "=" in word[1:] or (word.startswith("=") and ("*" in word or "+" in word or len(word) < 3)):
            return "'=' starts an exact word form ('=gebeld': only that form, not 'bellen' or 'belt')"
        if "+" in word and "*" in word:
            return "a word is either a prefix ('drugs*') or a compound part ('+smokkel', 'haven+'), not both"
        if len(word.strip("+*")) < 2 and "+" in word:
            return "a compound part needs at least two letters"
    return None


def check_pattern(v: Validator, pattern: Any, line: int | None, where: str) -> tuple[dict, ...] | None:
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


def check_negation(v: Validator, value: Any, line: int | None, where: str, default: Negation | None) -> Negation | None:
    if value is None or value is False:
        return None
    if value is True:
        return default
    if not isinstance(value, dict):
        v.add(line, where, f"negation must be true, false or a mapping with cues/window, got {value!r}")
        return None
    unknown_keys(v, value, NEGATION_KEYS, where, "negation")
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


def check_roles(v: Validator, data: Mapping, where: str) -> tuple[str, ...] | None:
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


def check_proximity(v: Validator, data: Mapping, where: str) -> tuple[Proximity, ...]:
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
        ok = unknown_keys(v, item, PROXIMITY_KEYS, where, "proximity")
        terms = term_list(v, item, "all_of", f"{where} proximity[{i}]")
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



def sorted_problems(problems: list[str]) -> list[str]:
    """Order problems by line number (problems without a line keep their order, last).

    Examples
    --------
    >>> sorted_problems(["x", "line 9: b", "line 2: a"])
    ['line 2: a', 'line 9: b', 'x']
    """

    def key(item: tuple[int, str]) -> tuple[int, int]:
        m = re.match(r"line (\d+)", item[1])
        return (int(m.group(1)) if m else 10**9, item[0])

    return [p for _, p in sorted(enumerate(problems), key=key)]
