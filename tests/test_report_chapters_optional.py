"""Optional chapters (co-occurrence, partner network, coding stripes): built only on request, in the
order asked; a chapter that cannot be built is RK531, never a silent drop."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

from researchkit.errors import ReportError
from researchkit.report import ReportInputs, build_content
from researchkit.report.blocks import Heading, Paragraph

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


def _build(chapters, **inputs):
    corpus, codebook, codings = small.build()
    return build_content(ReportInputs(corpus, codebook, codings, date="2026-04-01", **inputs), dpi=40, chapters=chapters)


def test_optional_chapters_in_the_order_asked():
    content = _build(["coding_stripes", "SIG", "partner_network", "cooccurrence"])
    top = [b.text for b in content.blocks if isinstance(b, Heading) and b.level == 1]
    assert top[:5] == ["1 Methode en verantwoording", "2 Verloop van de interviews", "3 Signalen", "4 Netwerk van partners",
                       "5 Samenhang tussen thema's"]
    assert [f.key for f in content.figures] == ["coding_stripes", "theme_SIG", "partner_network", "cooccurrence"]
    cooc = next(t for t in content.tables if t.key == "cooccurrence")
    assert len(cooc.rows) >= 1 and all(row[0] != row[1] for row in cooc.rows)
    assert set(cooc.data["code_a"]) <= {"SIG", "VERM", "FEN", "ACT", "INFO"}
    network = next(t for t in content.tables if t.key == "partner_network")
    assert "passages" not in network.data.columns  # no raw text of the interviews in the tables
    text = " ".join(b.text for b in content.blocks if isinstance(b, Paragraph))
    assert "Figuur 1 toont per interview" in text


def test_not_built_by_default():
    content = _build(None)
    assert not {"cooccurrence", "partner_network", "coding_stripes"} & {f.key for f in content.figures}


def test_a_chapter_that_cannot_be_built_is_an_error():
    with pytest.raises(ReportError, match=r"RK531.*partner_network.*no partner branch 'XYZ'"):
        _build(["partner_network"], partners="XYZ")
    with pytest.raises(ReportError, match="RK552"):
        _build(["network"])
