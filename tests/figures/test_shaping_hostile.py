"""Hostile strings measured by the report renderer as plain matplotlib measures them (session-38 fuzz).

:func:`researchkit.figures.shaping.layout_extent` derives a string's extent from its glyphs; the sweep compared it
with ``RendererAgg.get_text_width_height_descent`` on control characters, lone surrogates, emoji sequences, bidi
controls, default-ignorable and Hangul filler characters, very long strings, tabs and line ends, at very small and
very large sizes. It found no mismatch; these cases keep it so.
"""

from __future__ import annotations

import warnings

import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from researchkit.figures import canvas as canvas_module
from researchkit.figures.canvas import ReportRenderer

ODD = [
    "\x00", "a\x00", "a\tb", "\t", "a\nb", "a\n", "\r", "a\r\nb", "\x01\x02", "a\x7f", "\x1b[0m",
    "\U0001F600", "a\U0001F600", "\U0001F468\u200d\U0001F469", "a\U0001F3FB", "a\ufe0f", "1\u20e3",
    "\u202ea", "a\u202e", "a\u202eb\u202c", "\u200f", "a\u200f", "a\u200e", "\u2066a\u2069", "a\u2069", "abc\u05d0", "\u05d0abc",
    "a\u034f", "a\u180e", "a\ufeff", "\ufeff", "a\u00ad", "a\u2028", "a\u0085", "a\u200b", "a\u2060", "a\ufffd", "a\uffff",
    "a\U000E0001", "a\U0010FFFF", "a\u3164", "a\u115f", "a\u3000", "\u0e01\u0e33", "a\u0e33", "क्षि", "a\u093f",
    "a\u0644", "a\u06dd", "a\u0600", "\u1100\u1161\u11a8", "ab\u0308\u0301", "$x$", "a_b^c", "x" * 5000, "Wa" * 3000,
]
FONTS = [FontProperties(size=9), FontProperties(size=10, family="serif"), FontProperties(size=0.5),
         FontProperties(size=200), FontProperties(size=10, family=["DejaVu Sans", "STIXGeneral"])]


@pytest.mark.parametrize("hinting", ["default", "no_hinting"])
def test_odd_strings_measure_as_in_plain_matplotlib(hinting: str) -> None:
    with rc_context({"text.hinting": hinting}), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from every font
        canvas_module.clear_caches()
        for prop in FONTS:
            for s in ODD:
                plain = RendererAgg(10, 10, 72).get_text_width_height_descent(s, prop, ismath=False)
                assert ReportRenderer(10, 10, 72).get_text_width_height_descent(s, prop, ismath=False) == plain, (ascii(s[:20]), prop)


@pytest.mark.parametrize("s", ["\ud800", "a\udc80b", "\udfff"])
def test_a_lone_surrogate_fails_as_in_plain_matplotlib(s: str) -> None:
    """FreeType takes no lone surrogate: both renderers refuse it with the same TypeError (never a wrong extent)."""
    canvas_module.clear_caches()
    with pytest.raises(TypeError):
        RendererAgg(10, 10, 72).get_text_width_height_descent(s, FontProperties(size=9), ismath=False)
    with pytest.raises(TypeError):
        ReportRenderer(10, 10, 72).get_text_width_height_descent(s, FontProperties(size=9), ismath=False)
