"""researchkit — qualitative interview research in notebooks and on the command line.

The public surface reads like the workflow::

    import researchkit as rk
    corpus = rk.read_corpus("transcripts/", attributes="transcripts/attributes.csv")
    codebook = rk.Codebook.load("codebook/havens.yaml")
    codings = rk.autocode(corpus, codebook)

Names are imported lazily so that ``import researchkit`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Transcript": "researchkit.transcripts",
    "Turn": "researchkit.transcripts",
    "Corpus": "researchkit.transcripts",
    "Source": "researchkit.transcripts",
    "read_transcript": "researchkit.io",
    "read_corpus": "researchkit.io",
    "read_attributes": "researchkit.io.attributes",
    "ResearchkitError": "researchkit.errors",
    "Codebook": "researchkit.codebook",
    "Code": "researchkit.codebook",
    "Project": "researchkit.project",
}
_SUBMODULES = {
    "agreement", "analysis", "figures", "report", "suggest", "nlp", "errors", "io", "transcripts",
    "privacy", "run", "units", "codings", "refi", "workspace", "query",
}

# ``autocode`` and ``evaluate`` are both a module (or package) and the function it defines.
# They load lazily like every other name (``import researchkit`` must not pull in pandas or
# spaCy: ``researchkit --help`` stays fast). When the import system binds the submodule to
# this package, the class below binds the function of that name instead, so
# ``rk.autocode`` is the function however and whenever the module was imported.
_FUNCTION_MODULES = {"autocode": "researchkit.autocode", "evaluate": "researchkit.evaluate"}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES) + ["__version__", "autocode", "evaluate"]


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FUNCTION_MODULES and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name in _FUNCTION_MODULES:
        module = importlib.import_module(_FUNCTION_MODULES[name])
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _EXPORTS:
        module = importlib.import_module(_EXPORTS[name])
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"researchkit.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'researchkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
