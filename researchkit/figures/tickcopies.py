"""New ticks of an axis copied, instead of built from scratch and given the first tick's properties.

When an axis needs more ticks than it has (``Axis.get_major_ticks`` and
``get_minor_ticks``: setting tick positions, or drawing more ticks than the last draw),
matplotlib builds each new tick anew (``Axis._get_tick``: a ``Tick`` with three ``Line2D``
and two ``Text`` artists, each looking up its defaults in ``rcParams``, its tick markers
made) and then gives it the properties of the list's first tick
(``Axis._copy_tick_props``: three tick-marker styles deep-copied among them). For the
report's 12 figures that was ~200 ticks, about a tenth of the time spent on a figure, for
ticks that all come out alike.

Within :func:`ticks_copied`, each axis of the figure

* keeps a copy of the first fresh tick it builds (never shown nor changed) and makes each
  later fresh tick as a copy of it, while what a fresh tick is made from is unchanged: the
  axis's tick keywords (``set_tick_params``), ``rcParams``, the tick class;
* within one ``get_major_ticks``/``get_minor_ticks`` call, gives the first new tick the
  first tick's properties as matplotlib does, keeps a copy of it as it came out, and makes
  every further tick of that call as a copy of that: nothing changes the tick whose
  properties they get while the call adds ticks, so matplotlib would make them the same.

A copy copies every attribute of the tick and of its five artists, each mutable part
(arrays, paths, marker styles, font properties, callback registries, lists) as an object
of its own, exactly as a tick made by matplotlib holds them; transforms, the axes and the
figure are shared, as matplotlib shares them. The first tick of a list (which no other tick
is copied onto) is always built by matplotlib, and so is every tick of an axis whose class
makes its ticks its own way (e.g. polar axes), whose ticks are not ``XTick``/``YTick``, or
whose tick holds something this module does not know how to copy (then nothing is kept: a
newer matplotlib can make this slower, never different). ``tests/figures/test_tickcopies.py``
compares every attribute of every tick and the pixels with plain matplotlib. Nothing is kept
after the block.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1)); ax = fig.add_subplot()
>>> with ticks_copied(fig):
...     _ = ax.set_yticks([0, 1, 2], ["a", "b", "c"])
>>> [t.label1.get_fontsize() for t in ax.yaxis.get_major_ticks()], "_get_tick" in vars(ax.yaxis)
([10.0, 10.0, 10.0], False)
"""

from __future__ import annotations

import copy
import enum
import types
from contextlib import contextmanager
from typing import Any, Iterator

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XTick, YTick
from matplotlib.cbook import CallbackRegistry
from matplotlib.figure import Figure, FigureBase
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path
from matplotlib.patheffects import AbstractPathEffect
from matplotlib.transforms import TransformNode

__all__ = ["ticks_copied", "copy_of_fresh_tick"]

#: Tick classes whose fresh ticks are copied (subclasses may keep more state, e.g. polar ticks).
_TICK_CLASSES = (XTick, YTick)
#: Values a fresh tick may share with another: immutable, or shared by matplotlib itself
#: (the axes and figure; transforms, which matplotlib replaces rather than changes).
_IMMUTABLE = (str, int, float, complex, bool, bytes, type(None), enum.Enum, np.generic)
_SHARED = (TransformNode, FigureBase, Axes, types.FunctionType)


class _CannotCopy(Exception):
    """A tick holds a value this module does not know how to copy."""


def _fresh_registry(registry: CallbackRegistry) -> CallbackRegistry:
    """A new, empty registry like a fresh artist's (one with callbacks connected is not copied)."""
    if registry.callbacks or registry._pickled_cids:
        raise _CannotCopy("a callback is connected")
    return CallbackRegistry(registry.exception_handler, signals=registry._signals)


def _copied_sequence(value: Any) -> Any:
    """A tuple or list whose items are copied as their kind says (a tuple of kept items: itself)."""
    items = []
    for item in value:
        how = _copier(type(item))
        items.append(item if how is None else how(item))
    if type(value) is tuple:
        return value if all(a is b for a, b in zip(items, value)) else tuple(items)
    return items


def _array_copy(array: np.ndarray) -> np.ndarray:
    return array.copy()  # (its own class's copy: a masked array keeps its mask)


def _child(value: Any) -> Any:
    raise _CannotCopy(f"the artist {type(value).__name__}")  # (a tick's own artists are copied apart)


_COPIERS: dict[type, Any] = {tuple: _copied_sequence, list: _copied_sequence, Path: copy.copy, MarkerStyle: copy.copy,
                             FontProperties: FontProperties.copy, CallbackRegistry: _fresh_registry}


def _copier(kind: type) -> Any:
    """How a value of this type is copied for a tick of its own: ``None`` (kept: immutable, or shared
    as matplotlib shares it), a function, or :class:`_CannotCopy` raised for an unknown type."""
    if kind in _COPIERS:
        return _COPIERS[kind]
    if issubclass(kind, _IMMUTABLE + _SHARED + (AbstractPathEffect,)):
        how = None
    elif issubclass(kind, np.ndarray):
        how = _array_copy
    elif issubclass(kind, Artist):
        how = _child
    else:
        raise _CannotCopy(kind.__name__)
    _COPIERS[kind] = how
    return how


class _Plan:
    """One artist of a kept fresh tick: its class, its attributes and how each mutable one is copied."""

    def __init__(self, artist: Any, children: dict[int, str]) -> None:
        self.kind = type(artist)
        self.state = dict(vars(artist))
        self.children: list[tuple[str, str]] = []  # (attribute, child name)
        self.copies: list[tuple[str, Any]] = []
        for name, value in self.state.items():
            if id(value) in children:
                self.children.append((name, children[id(value)]))
                continue
            how = _copier(type(value))
            if how is _child:
                raise _CannotCopy(f"the artist {type(value).__name__} in {name}")  # e.g. a label's bbox patch
            if how is not None:  # kept as a copy of its own: the original tick changes afterwards
                self.state[name] = how(value)
                self.copies.append((name, how))

    def make(self, made: dict[str, Any]) -> Any:
        new = object.__new__(self.kind)
        state = self.state.copy()
        for name, how in self.copies:
            state[name] = how(state[name])
        for name, child in self.children:
            state[name] = made[child]
        new.__dict__.update(state)
        return new


class _FreshTick:
    """A fresh tick kept aside (a copy, never shown), which makes copies of itself."""

    def __init__(self, tick: Any) -> None:
        if type(tick) not in _TICK_CLASSES:
            raise _CannotCopy(type(tick).__name__)
        named = {id(child): f"child{i}" for i, child in enumerate(tick.get_children())}
        plans = {named[id(child)]: _Plan(child, {}) for child in tick.get_children()}
        self.children = list(plans.items())
        self.tick = _Plan(tick, named)

    def make(self) -> Any:
        made = {name: plan.make({}) for name, plan in self.children}
        return self.tick.make(made)


def copy_of_fresh_tick(tick: Any) -> Any | None:
    """A copy of a tick as ``Axis._get_tick`` made it (before anything changed it): the same
    attributes, each mutable part its own object; ``None`` when the tick is not an ``XTick`` or
    ``YTick`` or holds something this module does not know how to copy.

    Parameters
    ----------
    tick
        A tick just made by ``Axis._get_tick``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> fresh = ax.xaxis._get_tick(major=True)
    >>> twin = copy_of_fresh_tick(fresh)
    >>> twin.label1.get_fontproperties() == fresh.label1.get_fontproperties(), twin.label1 is fresh.label1
    (True, False)
    """
    try:
        return _FreshTick(tick).make()
    except (_CannotCopy, AttributeError, TypeError):
        return None


def _rc_values() -> list:
    """The values of ``rcParams`` in their fixed order, lists copied (read without validation: a
    quick snapshot that still sees a list changed in place, e.g. ``font.family``)."""
    return [list(v) if type(v) is list else v for v in dict.values(mpl.rcParams)]


class _Loop:
    """One ``get_major_ticks``/``get_minor_ticks`` call of an axis: while it adds ticks, nothing
    changes the tick they are all given the properties of (the list's first), so every tick it
    adds after the first comes out the same."""

    def __init__(self, major: bool) -> None:
        self.major = major
        self.source: Any = None  # the tick whose properties the new ticks get
        self.copied: _FreshTick | None = None  # the first new tick with them, as it was right then
        self.last: Any = None  # the last tick made from it (whose properties are already copied)


class _TickMaker:
    """``Axis._get_tick``, ``_copy_tick_props``, ``get_major_ticks`` and ``get_minor_ticks`` of one
    axis: the ticks after the first made from copies (see the module docstring)."""

    def __init__(self, axis: Axis) -> None:
        self.axis = axis
        self.kept: dict[bool, tuple[dict, list, _FreshTick]] = {}  # major -> (tick keywords, rcParams, fresh tick)
        self.loops: list[_Loop] = []

    def get_major_ticks(self, numticks: int | None = None) -> list:
        return self._in_loop(True, type(self.axis).get_major_ticks, numticks)

    def get_minor_ticks(self, numticks: int | None = None) -> list:
        return self._in_loop(False, type(self.axis).get_minor_ticks, numticks)

    def _in_loop(self, major: bool, own: Any, numticks: int | None) -> list:
        self.loops.append(_Loop(major))
        try:
            return own(self.axis, numticks)
        finally:
            self.loops.pop()

    def get_tick(self, major: bool) -> Any:
        axis = self.axis
        loop = self.loops[-1] if self.loops else None
        if loop is not None and loop.major == major and loop.copied is not None:
            loop.last = loop.copied.make()
            return loop.last
        own = type(axis)._get_tick
        listed = vars(axis).get("majorTicks" if major else "minorTicks")
        if not listed:  # the first tick of the list (made by the lazy list): nothing is copied onto it
            return own(axis, major)
        keywords = axis._major_tick_kw if major else axis._minor_tick_kw
        rc = _rc_values()
        kept = self.kept.get(major)
        if kept is not None and kept[2].tick.kind is axis._tick_class and _same(kept[0], keywords) and _same(kept[1], rc):
            return kept[2].make()
        tick = own(axis, major)
        try:
            self.kept[major] = (copy.deepcopy(keywords), rc, _FreshTick(tick))
        except Exception:  # a tick or keywords this module cannot copy: matplotlib builds every tick
            self.kept.pop(major, None)
        return tick

    def copy_tick_props(self, src: Any, dest: Any) -> None:
        loop = self.loops[-1] if self.loops else None
        if loop is not None and dest is not None and dest is loop.last and src is loop.source:
            return  # made from a tick that already got the properties of this very tick
        type(self.axis)._copy_tick_props(self.axis, src, dest)
        if loop is not None and loop.copied is None and src is not None and dest is not None:
            try:
                loop.copied = _FreshTick(dest)
                loop.source = src
            except Exception:  # a tick this module cannot copy: each new tick made and given the properties
                loop.copied = None


def _same(a: Any, b: Any) -> bool:
    """``a == b``, false when the comparison is not a plain truth value (e.g. arrays)."""
    try:
        return bool(a == b)
    except Exception:
        return False


def _copyable(axis: Any) -> bool:
    """Whether the axis makes its ticks as matplotlib's ``Axis`` does (not a subclass's own way)."""
    kind = type(axis)
    return (all(getattr(kind, name, None) is getattr(Axis, name, False) for name in _HOOKS) and hasattr(axis, "_major_tick_kw")
            and hasattr(axis, "_minor_tick_kw") and getattr(axis, "_tick_class", None) in _TICK_CLASSES)


_HOOKS = {"_get_tick", "_copy_tick_props", "get_major_ticks", "get_minor_ticks"}


@contextmanager
def ticks_copied(fig: Figure) -> Iterator[None]:
    """Within the block, the new ticks of each axis of ``fig`` after the first are copies
    (see the module docstring); the same ticks as matplotlib's.

    The axes present when the block opens are covered; the hooks are removed when it closes
    (also after an error) and nothing is kept.

    Parameters
    ----------
    fig
        A matplotlib figure.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1)); ax = fig.add_subplot()
    >>> with ticks_copied(fig):
    ...     _ = ax.set_xticks([0, 1, 2, 3])
    >>> len(ax.xaxis.get_major_ticks()), "_get_tick" in vars(ax.xaxis)
    (4, False)
    """
    hooked: list[Any] = []
    try:
        for ax in fig.get_axes():
            for axis in ax._axis_map.values():
                if _copyable(axis) and not _HOOKS & vars(axis).keys():
                    maker = _TickMaker(axis)
                    axis._get_tick = maker.get_tick
                    axis._copy_tick_props = maker.copy_tick_props
                    axis.get_major_ticks = maker.get_major_ticks
                    axis.get_minor_ticks = maker.get_minor_ticks
                    hooked.append(axis)
        yield
    finally:
        for axis in hooked:
            for name in _HOOKS:
                vars(axis).pop(name, None)
