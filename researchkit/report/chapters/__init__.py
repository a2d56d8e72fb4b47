"""The report's chapters, one module per chapter kind (mixins of the report builder).

Examples
--------
>>> sorted(c.__name__ for c in CHAPTER_MIXINS)[:2]
['AppendixChapters', 'InformationPositionChapter']
"""

from researchkit.report.chapters.appendices import AppendixChapters
from researchkit.report.chapters.information import InformationPositionChapter
from researchkit.report.chapters.method import MethodChapter
from researchkit.report.chapters.theme import ThemeChapter
from researchkit.report.chapters.white_spots import WhiteSpotsChapter

__all__ = ["AppendixChapters", "InformationPositionChapter", "MethodChapter", "ThemeChapter", "WhiteSpotsChapter", "CHAPTER_MIXINS"]

#: The chapter mixins, in the order the builder class lists them.
CHAPTER_MIXINS = (MethodChapter, ThemeChapter, InformationPositionChapter, WhiteSpotsChapter, AppendixChapters)
