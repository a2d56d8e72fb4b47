"""Reading a codebook's YAML while keeping the line of every mapping, key and list item.

The parsed document is made of :class:`LocDict` and :class:`LocList`, plain ``dict`` and
``list`` subclasses that remember YAML lines, so that validation can say *where* a
problem is. The YAML is composed through :func:`researchkit.yamlsafe.compose_checked`
(limits on size, aliases and depth) before anything is built, and the conversion is
iterative, so no document can overflow Python's stack.

Examples
--------
>>> data, problems = parse_yaml("codes:\\n  - id: A\\n    name: Alpha\\n", "cb.yaml")
>>> data["codes"][0].line, data["codes"][0].line_of("name"), problems
(2, 3, [])
"""

from __future__ import annotations

import difflib
from typing import Any, Sequence

import yaml

from researchkit.errors import CodebookError
from researchkit.yamlsafe import SCALAR_ERRORS, compose_checked, scalar_error

__all__ = ["LocDict", "LocList", "parse_yaml", "line_of", "did_you_mean", "plain"]

#: Tags a codebook may use: the plain YAML scalars, lists and mappings.
_PLAIN_TAG_PREFIX = "tag:yaml.org,2002:"
_PYTHON_TAG = "tag:yaml.org,2002:python/"


class LocDict(dict):
    """A dict that remembers the YAML line of itself and of each key (1-based)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key: str) -> int | None:
        """The line of ``key`` (else of the mapping itself)."""
        return getattr(self, "key_lines", {}).get(key, self.line)


class LocList(list):
    """A list that remembers the YAML line of itself and of each item (1-based)."""

    line: int | None = None
    item_lines: list

    def line_of(self, index: int) -> int | None:
        """The line of item ``index`` (else of the list itself)."""
        lines = getattr(self, "item_lines", [])
        return lines[index] if index < len(lines) else self.line


def _syntax_error(exc: yaml.YAMLError, path: str) -> CodebookError:
    from researchkit.yamlsafe import YamlLimitError

    if isinstance(exc, YamlLimitError) and "nested" in str(exc.problem):
        mark = exc.problem_mark
        where = f"line {mark.line + 1}: " if mark else ""
        return CodebookError(
            "RK241", path, [f"{where}the codebook is nested too deeply to read ({str(exc.problem).split(' (')[0]})"],
            hint="nest codes at most 30 levels deep: flatten the tree (give deep codes a parent: higher up) "
                 "or split the codebook",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - non-marked errors are rare
        return CodebookError("RK211", path, [f"YAML syntax error: {exc}"], hint="fix the YAML syntax")
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
    detail = " ".join(p for p in (exc.context, exc.problem) if p)
    ctx = exc.context_mark
    if ctx is not None and mark is not None and ctx.line != mark.line:
        detail += f" (the construct started on line {ctx.line + 1})"
    return CodebookError("RK211", path, [f"{where}: YAML syntax error: {detail}"],
                         hint="fix the YAML at that line (check indentation, colons and quotes)")


def _check_tags(root: yaml.Node, path: str) -> None:
    """Refuse Python tags (``!!python/object:...``) and other non-plain tags, with their line."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        tag = node.tag or ""
        line = node.start_mark.line + 1
        if tag.startswith(_PYTHON_TAG):
            raise CodebookError(
                "RK240", path,
                [f"line {line}: the Python tag {tag.replace(_PLAIN_TAG_PREFIX, '!!')!r} is not allowed in a codebook"],
                hint="a codebook holds plain text, numbers, lists and mappings only; remove the '!!python/...' "
                     "tag (researchkit never runs code from a codebook)",
            )
        if tag and not tag.startswith(_PLAIN_TAG_PREFIX):
            raise CodebookError(
                "RK240", path, [f"line {line}: the YAML tag {tag!r} is not allowed in a codebook"],
                hint="remove the tag: a codebook holds plain text, numbers, lists and mappings only",
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)


def parse_yaml(text: str, path: str) -> tuple[Any, list[str]]:
    """Parse codebook YAML keeping line numbers; return ``(data, duplicate-key problems)``.

    Raises
    ------
    CodebookError
        ``RK211`` for a syntax error or a broken safety limit (with line and column),
        ``RK240`` for a Python tag or another non-plain YAML tag.

    Examples
    --------
    >>> parse_yaml("a: 1\\na: 2\\n", "x.yaml")[1]
    ["line 2: key 'a' appears twice in the same mapping (first on line 1); YAML would silently keep only the last one"]
    """
    try:
        node = compose_checked(text)  # limits on aliases, depth and size before anything is built
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, path) from None
    if node is None:
        return None, []
    _check_tags(node, path)
    problems: list[str] = []
    try:
        return _convert(node, problems), problems
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise CodebookError("RK211", path, [f"{where}: {exc.problem}"], hint="fix the YAML value") from None


def _convert(root: yaml.Node, problems: list[str]) -> Any:
    """Build LocDict/LocList/scalars from a checked node graph, iteratively."""
    loader = yaml.SafeLoader("")  # constructs the scalars

    def make(n: yaml.Node) -> Any:
        if isinstance(n, yaml.MappingNode):
            out = LocDict()
            out.line = n.start_mark.line + 1
            out.key_lines = {}
            loader.flatten_mapping(n)
            return out
        if isinstance(n, yaml.SequenceNode):
            seq = LocList()
            seq.line = n.start_mark.line + 1
            seq.item_lines = [item.start_mark.line + 1 for item in n.value]
            return seq
        try:
            return loader.construct_object(n, deep=True)
        except SCALAR_ERRORS as exc:  # 2026-13-45 is read as a date, !!int abc: RK211 with the line
            raise scalar_error(n, exc) from None

    result = make(root)
    stack: list[tuple[yaml.Node, Any]] = [(root, result)]
    while stack:
        node, target = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                value = make(item)
                target.append(value)
                if isinstance(item, (yaml.MappingNode, yaml.SequenceNode)):
                    stack.append((item, value))
            continue
        if not isinstance(node, yaml.MappingNode):
            continue
        for key_node, value_node in node.value:
            key = make(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if key in target:
                problems.append(
                    f"line {key_node.start_mark.line + 1}: key {key!r} appears twice in the same mapping "
                    f"(first on line {target.key_lines[key]}); YAML would silently keep only the last one"
                )
            value = make(value_node)
            target[key] = value
            target.key_lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                stack.append((value_node, value))
    return result


def line_of(container: Any, key: Any) -> int | None:
    """The YAML line of ``container[key]`` when the container knows it, else ``None``.

    Examples
    --------
    >>> line_of({"a": 1}, "a") is None
    True
    """
    if isinstance(container, (LocDict, LocList)):
        return container.line_of(key)
    return None


def did_you_mean(key: str, options: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or ``""``.

    Examples
    --------
    >>> did_you_mean("codse", ["codes", "language"])
    " (did you mean 'codes'?)"
    """
    close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def plain(value: Any) -> Any:
    """Strip the line-number containers down to plain dicts and lists (iteratively).

    Examples
    --------
    >>> type(plain(LocDict(a=LocList([1])))["a"]) is list
    True
    """
    if not isinstance(value, (dict, list)):
        return value
    root: Any = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        src, dst = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for k, v in items:
            if isinstance(v, (dict, list)):
                child: Any = {} if isinstance(v, dict) else []
                stack.append((v, child))
                v = child
            if isinstance(dst, dict):
                dst[k] = v
            else:
                dst.append(v)
    return root
