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
    "privacy", "run", "units", "codings", "refi", "query",
}

# ``autocode`` and ``evaluate`` are both a module and the function it defines. Importing
# the functions here, once, makes the package attribute the function for good: a later
# ``import researchkit.autocode`` finds the module in ``sys.modules`` and leaves it alone.
from researchkit.autocode import autocode  # noqa: E402
from researchkit.evaluate import evaluate  # noqa: E402

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES) + ["__version__", "autocode", "evaluate"]


def __getattr__(name: str) -> Any:
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
