"""Building a validated code tree from a parsed codebook document.

:func:`build_codebook` turns the plain (or line-numbered) data of a codebook file into
top-level :class:`~researchkit.codebook.model.Code` objects and the codebook's settings,
collecting every problem with its YAML line. The tree is built and walked iteratively,
and nesting deeper than :data:`~researchkit.codebook.model.MAX_CODE_DEPTH` is refused
(``RK241``), so no codebook can overflow Python's stack.

Examples
--------
>>> codes, settings = build_codebook({"codes": [{"id": "A", "name": "Alpha"}]}, "<codebook>", [])
>>> codes[0].id, settings["language"]
('A', 'nl')
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from researchkit.codebook.model import (
    CODE_KEYS, DEFAULT_NEGATION_CUES, DEFAULT_NEGATION_WINDOW, MAX_CODE_DEPTH, SEPARABLE_PARTICLES, TOP_KEYS, Code,
    Negation, Rules,
)
from researchkit.codebook.relations import build_relations
from researchkit.codebook.validate import (
    Validator, unknown_keys, check_negation, check_pattern, check_proximity, check_roles, sorted_problems, split_separable,
    term_list, text_field,
)
from researchkit.codebook.yamlload import did_you_mean, line_of, plain
from researchkit.errors import CodebookError

__all__ = ["build_codebook", "check_depth", "reparent"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Deepest nesting of plain data accepted by ``Codebook.from_dict`` (as for YAML files).
MAX_DATA_DEPTH = 64


def _too_deep(source: str, line: int | None, what: str) -> CodebookError:
    where = f"line {line}: " if line else ""
    return CodebookError(
        "RK241", source, [f"{where}{what}"],
        hint=f"a codebook may nest codes at most {MAX_CODE_DEPTH} levels deep; flatten the tree "
             "(give deep codes a parent: higher up, or split the codebook)",
    )


def check_depth(data: Any, source: str, *, limit: int = MAX_DATA_DEPTH) -> None:
    """Refuse plain data nested deeper than ``limit`` (``RK241``), before anything walks it.

    Examples
    --------
    >>> deep = {"codes": []}
    >>> for _ in range(100):
    ...     deep = {"x_deep": deep}
    >>> check_depth(deep, "<codebook>")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.errors.CodebookError: [RK241] <codebook>: the codebook data is nested more than 64 levels deep...
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise _too_deep(source, getattr(value, "line", None),
                            f"the codebook data is nested more than {limit} levels deep")
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (Mapping, list, tuple)))
        elif isinstance(value, (list, tuple)):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (Mapping, list, tuple)))


def _code_id(v: Validator, data: Mapping, where: str, line: int | None) -> tuple[str, str]:
    raw_id = data.get("id")
    cid = str(raw_id).strip() if isinstance(raw_id, (str, int, float)) and not isinstance(raw_id, bool) else ""
    label = f"{where}, id {cid}" if cid else where
    if raw_id is None:
        v.add(line, where, "code has no id; give every code a unique, stable id such as SIG.1")
    elif not cid or not _ID.match(cid):
        v.add(line_of(data, "id"), label,
              f"id {raw_id!r} is not valid; use letters, digits, '.', '_' or '-' (e.g. SIG.1, INFO.WV)")
    for key in data:
        if key in CODE_KEYS or (isinstance(key, str) and key[:2] in ("x_", "x-")):
            continue
        v.add(line_of(data, key), label, f"unknown key {key!r}{did_you_mean(str(key), CODE_KEYS)}")
    return cid, label


def _optional_text(v: Validator, data: Mapping, key: str, label: str) -> str | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        v.add(line_of(data, key), label, f"{key} must be non-empty text, got {value!r}")
        return None
    return value.strip() if isinstance(value, str) else None


def _descriptive(v: Validator, data: Mapping, cid: str, label: str, line: int | None) -> dict[str, Any]:
    """The descriptive fields of a code: name, name_en, colour, examples, definitions."""
    name = data.get("name")
    if not isinstance(name, (str, int, float)) or isinstance(name, bool) or not str(name).strip():
        v.add(line_of(data, "name") or line, label, f"code {cid or '?'} has an empty or missing name")
        name = ""
    name_en = _optional_text(v, data, "name_en", label)
    color = data.get("color")
    if color is not None:
        if not isinstance(color, str) or not _COLOR.match(color.strip()):
            v.add(line_of(data, "color"), label,
                  f"colour {color!r} is not of the form #RRGGBB (e.g. \"#1F77B4\"; quote it in YAML)")
            color = None
        else:
            color = color.strip().upper()
    examples = data.get("examples")
    examples_t: tuple[str, ...] = ()
    if isinstance(examples, str):
        examples_t = (examples.strip(),)
    elif isinstance(examples, list) and all(isinstance(x, str) for x in examples):
        examples_t = tuple(x.strip() for x in examples)
    elif examples is not None:
        v.add(line_of(data, "examples"), label, f"examples must be a list of quotes, got {plain(examples)!r}")
    return {
        "name": str(name).strip(),
        "name_en": name_en,
        "description": text_field(v, data, "description", label),
        "description_en": _optional_text(v, data, "description_en", label),
        "include": text_field(v, data, "include", label),
        "exclude": text_field(v, data, "exclude", label),
        "examples": examples_t,
        "color": color,
    }


def _separable(v: Validator, data: Mapping, label: str, language: str) -> tuple[str, ...]:
    separable = term_list(v, data, "separable", label)
    for i, verb in enumerate(separable):
        line = line_of(data["separable"], i)
        if " " in verb or "*" in verb:
            v.add(line, label, f"separable[{i}] {verb!r} must be one verb such as samenwerken")
        elif language == "nl" and split_separable(verb) is None:
            v.add(line, label, f"separable[{i}] {verb!r} does not start with a known particle "
                               f"({', '.join(SEPARABLE_PARTICLES)}); use a proximity rule instead")
        elif language != "nl":
            v.add(line, label, "separable verbs are only understood for Dutch (language: nl)")
    return separable


def _patterns(v: Validator, data: Mapping, label: str) -> tuple[tuple[dict, ...], ...]:
    raw = data.get("patterns")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        v.add(line_of(data, "patterns"), label, "patterns must be a list of spaCy token patterns")
        return ()
    checked = (check_pattern(v, pat, line_of(raw, i), f"{label} patterns[{i}]") for i, pat in enumerate(raw))
    return tuple(p for p in checked if p is not None)


def _rules(v: Validator, data: Mapping, label: str, parent: Code | None, default_negation: Negation | None,
           language: str) -> Rules:
    """The auto-coding rules of a code; negation and roles are inherited from the parent."""
    keywords = term_list(v, data, "keywords", label)
    exclude_keywords = term_list(v, data, "exclude_keywords", label)
    separable = _separable(v, data, label, language)
    patterns = _patterns(v, data, label)
    proximity = check_proximity(v, data, label)
    negation_raw = data.get("negation")
    negation = check_negation(v, negation_raw, line_of(data, "negation"), label, default_negation)
    if negation_raw is None:
        negation = parent.rules.negation if parent is not None else None
    roles = check_roles(v, data, label)
    if roles is None and parent is not None:
        roles = parent.rules.roles
    autocode_flag = data.get("autocode", True)
    if not isinstance(autocode_flag, bool):
        v.add(line_of(data, "autocode"), label, f"autocode must be true or false, got {autocode_flag!r}")
        autocode_flag = True
    return Rules(keywords=keywords, patterns=patterns, proximity=proximity, separable=separable,
                 exclude_keywords=exclude_keywords, negation=negation, roles=roles, autocode=autocode_flag)


def _build_one(v: Validator, data: Any, where: str, line: int | None, parent: Code | None,
               default_negation: Negation | None, language: str) -> Code | None:
    """One code without its children (or ``None`` when ``data`` is not a mapping)."""
    if not isinstance(data, dict):
        v.add(line, where, f"a code must be a mapping with at least id and name, got {plain(data)!r}")
        return None
    line = getattr(data, "line", None) or line
    cid, label = _code_id(v, data, where, line)
    fields = _descriptive(v, data, cid, label, line)
    rules = _rules(v, data, label, parent, default_negation, language)
    declared_parent = data.get("parent")
    if declared_parent is not None and parent is not None and str(declared_parent) != parent.id:
        v.add(line_of(data, "parent"), label,
              f"parent {declared_parent!r} contradicts the nesting (this code is a child of {parent.id!r})")
    code = Code(id=cid, **fields, parent=parent.id if parent is not None else None,
                level=parent.level + 1 if parent is not None else 1, rules=rules,
                extra={k: plain(val) for k, val in data.items() if isinstance(k, str) and k[:2] in ("x_", "x-")},
                line=line)
    if data.get("negation") is not None:
        code.extra["_negation_raw"] = plain(data["negation"])
    if data.get("roles") is not None:
        code.extra["_roles_declared"] = True
    for key in ("description", "include", "exclude"):
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            code.extra[f"_{key}_list"] = [x.strip() for x in value]
    if declared_parent is not None and parent is None:
        code.extra["_declared_parent"] = (str(declared_parent), line_of(data, "parent"))
    code.path = f"{parent.path}/{cid}" if parent is not None else cid
    return code


def _build_tree(v: Validator, codes_raw: list, default_negation: Negation, language: str) -> list[Code]:
    """Build every code, depth-first in file order, without recursion."""
    roots: list[Code] = []
    stack: list[tuple[Any, str, int | None, Code | None]] = [
        (item, f"codes[{i}]", line_of(codes_raw, i), None) for i, item in reversed(list(enumerate(codes_raw)))
    ]
    while stack:
        data, where, line, parent = stack.pop()
        if parent is not None and parent.level >= MAX_CODE_DEPTH:
            raise _too_deep(v.source, getattr(data, "line", None) or line,
                            f"codes are nested more than {MAX_CODE_DEPTH} levels deep (below {parent.path[:80]}...)")
        code = _build_one(v, data, where, line, parent, default_negation, language)
        if code is None:
            continue
        (parent.children if parent is not None else roots).append(code)
        children = data.get("children")
        if children is None:
            continue
        if not isinstance(children, list):
            v.add(line_of(data, "children"), f"{where}, id {code.id}" if code.id else where,
                  "children must be a list of codes")
            continue
        stack.extend((child, f"{where}.children[{i}]", line_of(children, i), code)
                     for i, child in reversed(list(enumerate(children))))
    return roots


def reparent(code: Code, parent: Code | None, *, source: str = "<codebook>") -> None:
    """Set ``code``'s parent, level and path (and its subtree's), inheriting roles and negation.

    Raises ``RK241`` when the subtree ends up deeper than ``MAX_CODE_DEPTH``.
    """
    stack: list[tuple[Code, Code | None]] = [(code, parent)]
    while stack:
        current, up = stack.pop()
        current.parent = up.id if up is not None else None
        current.level = up.level + 1 if up is not None else 1
        current.path = f"{up.path}/{current.id}" if up is not None else current.id
        if current.level > MAX_CODE_DEPTH:
            raise _too_deep(source, current.line,
                            f"codes are nested more than {MAX_CODE_DEPTH} levels deep (code {current.id!r}, "
                            "through parent: links)")
        if up is not None:
            r = current.rules
            updates = {}
            if r.roles is None and up.rules.roles is not None:
                updates["roles"] = up.rules.roles
            if r.negation is None and "_negation_raw" not in current.extra and up.rules.negation is not None:
                updates["negation"] = up.rules.negation
            if updates:
                current.rules = Rules(**{**r.__dict__, **updates})
        stack.extend((child, current) for child in current.children)


def _attach_declared_parents(v: Validator, codes: list[Code]) -> list[Code]:
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
    # declared parent links not yet handled (a handled code no longer counts for cycles)
    chain: dict[str, str | None] = {c.id: c.extra["_declared_parent"][0] for c in declared}
    for code in declared:
        pid, line = code.extra.pop("_declared_parent")
        chain[code.id] = pid
        parent = index.get(pid)
        if parent is None:
            v.add(line, f"id {code.id}", f"unknown parent {pid!r}{v.did_you_mean(pid, index)}")
            roots.append(code)
        else:
            seen, cur = {code.id}, pid
            while cur is not None and cur not in seen:
                seen.add(cur)
                cur = chain.get(cur)
            if cur is not None:
                v.add(line, f"id {code.id}", f"parent {pid!r} makes a cycle ({' -> '.join(sorted(seen))})")
                roots.append(code)
            else:
                parent.children.append(code)
        chain[code.id] = None
    for root in roots:
        reparent(root, None, source=v.source)
    return roots


def _duplicates(v: Validator, codes: list[Code]) -> None:
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


def _settings(v: Validator, data: Mapping) -> tuple[str, Negation, Any]:
    """Language and default negation of the codebook."""
    from researchkit.nlp import supported_languages

    language = data.get("language", "nl")
    if not isinstance(language, str) or language.strip().lower() not in supported_languages():
        v.add(line_of(data, "language"), "top level",
              f"language {language!r} is not supported; use one of {', '.join(supported_languages())}")
        language = "nl"
    language = language.strip().lower()
    default_neg = Negation(DEFAULT_NEGATION_CUES.get(language, ()), DEFAULT_NEGATION_WINDOW)
    negation_raw = data.get("negation")
    if negation_raw is not None:
        if isinstance(negation_raw, dict):
            default_neg = check_negation(v, negation_raw, line_of(data, "negation"), "top level",
                                         default_neg) or default_neg
        else:
            v.add(line_of(data, "negation"), "top level", "top-level negation must be a mapping with cues and window")
    return language, default_neg, negation_raw


def build_codebook(data: Any, source: str, problems: list[str]) -> tuple[list[Code], dict[str, Any]]:
    """Validate a codebook document; return its top-level codes and the codebook's settings.

    Raises
    ------
    CodebookError
        ``RK212`` listing every problem with its line; ``RK241`` for a tree nested too deeply.
    """
    v = Validator(source)
    v.problems.extend(problems)
    if not isinstance(data, dict):
        v.add(getattr(data, "line", None), "", "a codebook must be a mapping with a top-level 'codes:' list")
        raise CodebookError("RK212", source, v.problems, hint="see docs/codebook.md for the format")
    unknown_keys(v, data, TOP_KEYS, "top level")
    language, default_neg, negation_raw = _settings(v, data)
    english = {key: _optional_text(v, data, key, "top level") for key in ("name_en", "description_en")}
    codes_raw = data.get("codes")
    codes: list[Code] = []
    if codes_raw is None:
        v.add(getattr(data, "line", None), "top level", "the codebook has no 'codes:' list")
    elif not isinstance(codes_raw, list) or not codes_raw:
        v.add(line_of(data, "codes"), "top level", "'codes:' must be a non-empty list of codes")
    else:
        codes = _build_tree(v, codes_raw, default_neg, language)
    codes = _attach_declared_parents(v, codes)
    _duplicates(v, codes)
    relations = build_relations(v, data, _all_ids(codes))
    if v.problems:
        raise CodebookError("RK212", source, sorted_problems(v.problems),
                            hint="fix every problem listed (line numbers refer to the YAML file); see docs/codebook.md")
    title = data.get("codebook", data.get("name"))
    settings = {
        "language": language,
        "title": str(title) if title is not None else None,
        "version": data.get("version"),
        "description": str(data.get("description") or "").strip(),
        **english,
        "negation": default_neg,
        "negation_raw": plain(negation_raw),
        "relations": relations,
    }
    return codes, settings


def _all_ids(codes: list[Code]) -> set[str]:
    """Every code id of the tree (iteratively)."""
    ids: set[str] = set()
    stack = list(codes)
    while stack:
        code = stack.pop()
        ids.add(code.id)
        stack.extend(code.children)
    return ids
