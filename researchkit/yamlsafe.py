"""Reading YAML with limits, so that a small hostile file cannot exhaust time or memory.

Every YAML file researchkit reads (transcript front matter, codebooks, run
configurations, privacy keys, REFI-QDA side cars) goes through :func:`safe_load` or
:func:`compose_checked`. PyYAML's safe loader already refuses Python tags, but an
*alias bomb* (``a: &a [x, x]``, ``b: &b [*a, *a]``, ...) is valid YAML: the node graph
stays tiny because aliases share nodes, yet anything that walks, prints or copies the
result expands it to billions of items. Before anything is built, the composed node
graph is checked for

- its size in bytes (``max_bytes``),
- the number of alias references (``max_aliases``),
- the number of nodes once every alias is expanded (``max_nodes``),
- its nesting depth (``max_depth``; deeper nesting would also overflow Python's stack).

A breach raises :class:`YamlLimitError`, a :class:`yaml.MarkedYAMLError`, so every
caller that already reports YAML syntax errors with their line reports it the same way.

Examples
--------
>>> safe_load("codes:\\n- id: SIG\\n  name: Signalen\\n")
{'codes': [{'id': 'SIG', 'name': 'Signalen'}]}
>>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n"
>>> for i in range(1, 9):
...     bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\\n"
>>> safe_load(bomb)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
researchkit.yamlsafe.YamlLimitError: ...expands to more than 500000 nodes...
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_BYTES = 10 * 1024 * 1024
MAX_ALIASES = 10_000
MAX_NODES = 500_000
MAX_DEPTH = 64


class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML document breaks one of the safety limits (size, aliases, expansion, depth).

    Being a :class:`yaml.MarkedYAMLError`, it carries ``problem`` and ``problem_mark``
    (line and column) like a syntax error, so :func:`researchkit.errors.yaml_problem`
    and every existing ``except yaml.YAMLError`` report it with its place.
    """


def _limit_error(problem: str, node: yaml.Node | None) -> YamlLimitError:
    return YamlLimitError(problem=problem + " (researchkit refuses it to protect time and memory; "
                          "write the values out instead of nesting aliases, or split the file)",
                          problem_mark=getattr(node, "start_mark", None))


def check_node(node: yaml.Node | None, *, max_aliases: int = MAX_ALIASES, max_nodes: int = MAX_NODES,
               max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`YamlLimitError` when a composed node graph breaks a limit.

    The walk is iterative (no recursion limit) and memoised by node identity, so a
    graph of a few hundred nodes that expands to billions is measured in microseconds.

    Parameters
    ----------
    node
        A node from ``yaml.compose`` (or a loader's ``get_single_node``); ``None`` passes.
    max_aliases, max_nodes, max_depth
        The limits; see the module docstring.

    Examples
    --------
    >>> check_node(yaml.compose("[1, [2, [3]]]"), max_depth=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    researchkit.yamlsafe.YamlLimitError: ...nested more than 2 levels deep...
    """
    if node is None:
        return
    expanded: dict[int, int] = {}
    seen: set[int] = set()
    aliases = 0
    # Iterative post-order walk: (node, depth, children_done).
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, False)]
    on_path: set[int] = set()
    while stack:
        current, depth, done = stack.pop()
        key = id(current)
        if done:
            on_path.discard(key)
            total = 1 + sum(expanded[id(child)] for child in _children(current))
            if total > max_nodes:
                raise _limit_error(f"the YAML document expands to more than {max_nodes} nodes "
                                   "once its aliases are followed (an alias bomb?)", current)
            expanded[key] = total
            continue
        if depth > max_depth:
            raise _limit_error(f"the YAML document is nested more than {max_depth} levels deep", current)
        if key in seen:
            aliases += 1
            if aliases > max_aliases:
                raise _limit_error(f"the YAML document uses more than {max_aliases} alias references", current)
            if key in on_path:  # a recursive structure: &a [*a]
                raise _limit_error("the YAML document contains a recursive alias", current)
            continue
        seen.add(key)
        on_path.add(key)
        stack.append((current, depth, True))
        for child in _children(current):
            stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def compose_checked(text: str, *, loader_cls: type = yaml.SafeLoader, max_bytes: int = MAX_BYTES,
                    max_aliases: int = MAX_ALIASES, max_nodes: int = MAX_NODES,
                    max_depth: int = MAX_DEPTH) -> yaml.Node | None:
    """Compose one YAML document into nodes, checked against the limits, without building objects.

    For callers that convert nodes themselves (the codebook keeps line numbers this way).

    Examples
    --------
    >>> compose_checked("a: 1").tag
    'tag:yaml.org,2002:map'
    """
    loader = _loader(text, loader_cls, max_bytes)
    try:
        node = _compose(loader)
        check_node(node, max_aliases=max_aliases, max_nodes=max_nodes, max_depth=max_depth)
        return node
    finally:
        loader.dispose()


def safe_load(text: str, *, loader_cls: type = yaml.SafeLoader, max_bytes: int = MAX_BYTES,
              max_aliases: int = MAX_ALIASES, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Any:
    """``yaml.safe_load`` with limits on size, aliases, expansion and depth.

    Parameters
    ----------
    text
        The YAML text.
    loader_cls
        A :class:`yaml.SafeLoader` subclass (for example one that records line numbers).
    max_bytes, max_aliases, max_nodes, max_depth
        The limits; see the module docstring.

    Returns
    -------
    The constructed Python value (``None`` for an empty document).

    Raises
    ------
    yaml.YAMLError
        A syntax error, or :class:`YamlLimitError` when a limit is broken.

    Examples
    --------
    >>> safe_load("ports: [Harlingen, Delfzijl]")
    {'ports': ['Harlingen', 'Delfzijl']}
    >>> safe_load("x: !!python/object:os.system ls")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    yaml.constructor.ConstructorError: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'...
    """
    if not issubclass(loader_cls, yaml.SafeLoader):
        raise TypeError(f"loader_cls must be a yaml.SafeLoader subclass, not {loader_cls.__name__}")
    loader = _loader(text, loader_cls, max_bytes)
    try:
        node = _compose(loader)
        check_node(node, max_aliases=max_aliases, max_nodes=max_nodes, max_depth=max_depth)
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except SCALAR_ERRORS as exc:  # a scalar its tag cannot hold (2026-13-45 is read as a date)
            raise _find_bad_scalar(loader_cls, node, exc) from None
    finally:
        loader.dispose()


#: What PyYAML's safe constructors raise, unmarked, for a scalar its tag cannot hold: a date
#: such as ``2026-13-45`` (plain dates are read as dates), ``!!int abc``, ``!!bool maybe``.
SCALAR_ERRORS = (ValueError, TypeError, KeyError, OverflowError)


def scalar_error(node: yaml.Node, exc: BaseException) -> yaml.constructor.ConstructorError:
    """A :class:`yaml.constructor.ConstructorError` with the line of a scalar that cannot be built.

    Examples
    --------
    >>> node = yaml.compose("when: 2026-13-45").value[0][1]
    >>> print(scalar_error(node, ValueError("month must be in 1..12")).problem)
    the value '2026-13-45' cannot be read as a date (month must be in 1..12); quote it ('2026-13-45') to keep it as text
    """
    tag = (node.tag or "").replace("tag:yaml.org,2002:", "")
    kind = {"timestamp": "a date", "int": "a whole number", "float": "a number", "bool": "true or false"}.get(tag, f"!!{tag}")
    value = str(node.value)
    shown = value if len(value) <= 60 else value[:57] + "..."
    reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
    return yaml.constructor.ConstructorError(
        None, None, f"the value {shown!r} cannot be read as {kind} ({reason}); quote it ({shown!r}) to keep it as text",
        node.start_mark)


def _find_bad_scalar(loader_cls: type, root: yaml.Node, exc: BaseException) -> yaml.YAMLError:
    """The marked error of the first scalar that fails to build (only looked for once construction failed)."""
    loader = loader_cls("")
    try:
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except SCALAR_ERRORS as err:
                    return scalar_error(node, err)
                except yaml.YAMLError as err:
                    return err
            stack.extend(reversed(_children(node)))
    finally:
        loader.dispose()
    return yaml.constructor.ConstructorError(None, None, f"a value cannot be read ({type(exc).__name__}: {exc})",
                                             root.start_mark)


def _loader(text: str, loader_cls: type, max_bytes: int) -> Any:
    if not isinstance(text, str):
        raise TypeError(f"YAML text must be str, not {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise _limit_error(f"the YAML document is {size} bytes, more than the limit of {max_bytes}", None)
    return loader_cls(text)


def _compose(loader: Any) -> yaml.Node | None:
    try:
        return loader.get_single_node()
    except RecursionError:
        raise _limit_error("the YAML document is nested too deeply to read", None) from None
