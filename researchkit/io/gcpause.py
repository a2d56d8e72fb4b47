"""Python's cyclic garbage collector paused while one transcript is read.

Reading a file of many short units makes hundreds of thousands of small objects that live
until the transcript is built (an element proxy, a paragraph, a label match, a raw turn per
unit). The cyclic collector counts allocations, and each of its full collections visits every
live container object again: on 4 MiB of one-word units (``benchmarks/bench_bigfiles.py``) it took
a fifth (``.docx``) to a third (TTML) of the reading time. Those objects form no reference cycles,
so pausing the collector frees nothing later than reference counting does; the few cycles a
library makes (python-docx's parts and package refer to each other) are collected by the
collector's next run after reading, or by the reader itself (``read_docx`` collects the objects
it made before the assembly).

:func:`paused_gc` is re-entrant and safe when several threads read at once: the collector is
disabled by the first reader that starts and enabled again (if it was enabled before) when the
last one ends. Nothing is read differently; only the time differs.

Examples
--------
>>> import gc
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
from typing import Iterator

__all__ = ["paused_gc"]

_lock = threading.Lock()
_state = {"depth": 0, "was_enabled": False}


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector for the ``with`` block (nested and threaded uses counted).

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
