"""Python's cyclic garbage collector kept off work that frees nothing: long-lived objects out of
its full passes (:func:`survivors_frozen`), and no collections while many short-lived, acyclic
objects are made (:func:`paused_gc`).

:func:`survivors_frozen` is used by the main job between its stages and by the forked
auto-coding helpers (the objects they inherit are not copied just because a collection walked
over them).

:func:`paused_gc` is used while one transcript is read and while a figure is built and drawn.
Reading a file of many short units makes hundreds of thousands of small objects that live
until the transcript is built (an element proxy, a paragraph, a label match, a raw turn per
unit). The cyclic collector counts allocations, and each of its full collections visits every
live container object again: on 4 MiB of one-word units (``benchmarks/bench_bigfiles.py``) it took
a fifth (``.docx``) to a third (TTML) of the reading time. Those objects form no reference cycles,
so pausing the collector frees nothing later than reference counting does; the few cycles a
library makes (python-docx's parts and package refer to each other) are collected by the
collector's next run after reading, or by the reader itself (``read_docx`` collects the objects
it made before the assembly). A matplotlib figure is alike: building one makes thousands of
artists, transforms, paths and property dicts that live as long as the figure, and drawing it
makes many short-lived ones; collections in between only walk them again. The cycles a figure
holds (artists and their axes refer to each other) are collected after the pause, when the
figure is no longer used, as before.

:func:`paused_gc` is re-entrant and safe when several threads use it at once: the collector is
disabled by the first user that starts and enabled again (if it was enabled before) when the
last one ends. Nothing is computed differently; only the time differs.

Examples
--------
>>> import gc
>>> with survivors_frozen() as freeze:
...     freeze()
...     gc.get_freeze_count() > 0
True
>>> gc.get_freeze_count()
0
>>> was = gc.isenabled()
>>> with paused_gc():
...     with paused_gc():
...         gc.isenabled()
False
>>> gc.isenabled() == was
True
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

__all__ = ["paused_gc", "survivors_frozen"]

_lock = threading.Lock()
_state = {"depth": 0, "was_enabled": False}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector for the ``with`` block (nested and threaded uses counted).

    Also a decorator (``@paused_gc()``): the collector is paused for each call.

    Examples
    --------
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    with _lock:
        if _state["depth"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["was_enabled"]:
                gc.enable()


@contextmanager
def survivors_frozen() -> Iterator[Callable[[], None]]:
    """Yield a function that moves every object alive at that moment into the permanent
    generation (:func:`gc.freeze`), so later full collections walk only what is made after.

    On a demo run of the main job the full collections cost ~0.4 s of ~5.5 s CPU without it and
    ~0.05 s with it, and they grow with the corpus. At the end everything frozen here is
    handed back to the collector (:func:`gc.unfreeze`), so nothing is kept alive longer. A
    caller that froze objects itself is left alone (the function then freezes nothing).

    Examples
    --------
    >>> with survivors_frozen() as freeze:
    ...     freeze()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
