"""Figures: render to PNG, check the size and that every category is drawn; byte-identical saves."""


from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from researchkit import analysis, figures
from researchkit.errors import AnalysisError

def png_shape(fig, tmp_path, name="f.png", dpi=100):
    path = figures.save_figure(fig, tmp_path / name, dpi=dpi)
    return imread(path).shape


def texts(fig):
    """Every tick label, legend entry and text drawn in the figure."""
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    return out


def test_frequency_bars_groups_and_size(data, tmp_path):
    corpus, codings, cb = data
    freq = analysis.frequencies(codings, corpus, by="group", level=1, codebook=cb)
    fig = figures.frequency_bars(freq)
    labels = texts(fig)
    for name in ["Signalen", "Vermoedens", "Fenomenen", "Informatiepositie", "Samenwerking", "Gelegenheid", "Actoren"]:
        assert name in labels
    assert "handhaver" in labels and "ondernemer" in labels
    h, w, _ = png_shape(fig, tmp_path)
    assert w == 630 and h == round(fig.get_figheight() * 100)
    assert fig.axes[0].get_xlabel() == "Aandeel respondenten (%)"
    fig_en = figures.frequency_bars(analysis.frequencies(codings, corpus), value="respondents", lang="en")
    assert fig_en.axes[0].get_xlabel() == "Respondents"


def test_crosstab_and_cooccurrence_heatmaps(data, tmp_path):
    corpus, codings, cb = data
    table = analysis.crosstab(codings, corpus, by="port", value="respondents")
    fig = figures.crosstab_heatmap(table)
    labels = texts(fig)
    assert {"Harlingen", "Lauwersoog", "total"} <= set(labels)
    assert set(table.index) <= set(labels)
    with pytest.raises(AnalysisError, match="RK506"):
        figures.crosstab_heatmap(analysis.crosstab(codings, corpus, by="port", value="label"))
    co = analysis.cooccurrence(codings, corpus, level=1, codebook=cb)
    fig = figures.cooccurrence_heatmap(co, codebook=cb)
    assert {"Signalen", "Actoren", "Fenomenen"} <= set(texts(fig))
    assert png_shape(fig, tmp_path)[1] == round(fig.get_figwidth() * 100)


def test_networks(data, tmp_path):
    corpus, codings, cb = data
    co = analysis.cooccurrence(codings, corpus, level=1, codebook=cb)
    fig = figures.cooccurrence_network(co, codebook=cb)
    assert {"Signalen", "Vermoedens", "Fenomenen", "Informatiepositie", "Samenwerking", "Gelegenheid", "Actoren"} <= set(texts(fig))
    edges = analysis.partner_network(codings, corpus, codebook=cb)
    fig = figures.partner_network_plot(edges, partners=["ACT.POL", "ACT.KMAR", "ACT.DOU", "ACT.OM"], codebook=cb)
    assert {"Politie", "Marechaussee", "Douane", "OM"} <= set(texts(fig))
    assert png_shape(fig, tmp_path)[1] == 630


def test_coding_stripes(data, tmp_path):
    corpus, codings, cb = data
    fig = figures.coding_stripes(codings, corpus, level=1, codebook=cb)
    labels = texts(fig)
    assert {"R1", "R2", "R3", "R4"} <= set(labels)
    assert {"Signalen", "Actoren"} <= set(labels)
    ax = fig.axes[0]
    assert len(ax.patches) == len(codings) == 19  # one stripe per coding
    assert ax.get_xlabel() == "Positie in het interview (%)"
    png_shape(fig, tmp_path)


def test_information_position_and_white_spots(data, tmp_path):
    corpus, codings, cb = data
    info = analysis.information_position(codings, corpus, codebook=cb)
    fig = figures.information_position_heatmap(info)
    labels = texts(fig)
    assert {"verzamelen", "vastleggen", "veredelen", "delen", "benutten"} <= set(labels)
    assert {"Politie", "Marechaussee", "Douane", "OM"} <= set(labels)
    fig.canvas.draw()  # counts of respondents: the colour bar shows whole numbers only, never "2.5"
    ticks = [t.get_text() for t in fig.axes[1].get_yticklabels() if t.get_text()]
    assert ticks and all(t.lstrip("−-").isdigit() for t in ticks)
    spots = analysis.white_spots(codings, corpus, codebook=cb)
    fig = figures.white_spot_map(spots, codebook=cb)
    labels = texts(fig)
    assert {"Harlingen", "Lauwersoog", "Drugssmokkel", "Goederensmokkel", "Mensensmokkel"} <= set(labels)
    assert "1 / 0" in labels and "0 / 1" in labels
    faces = [p.get_facecolor() for p in fig.axes[0].patches]
    assert sum(np.allclose(f[:3], (0xF2 / 255, 0x8E / 255, 0x2B / 255)) for f in faces) == 2  # the two white spots
    png_shape(fig, tmp_path)


def test_agreement_and_terms(tmp_path):
    table = pd.DataFrame({"code": ["SIG", "VERM", "FEN", "(overall)"], "alpha": [0.9, 0.5, np.nan, 0.7],
                          "alpha_low": [0.8, 0.3, np.nan, 0.6], "alpha_high": [0.95, 0.7, np.nan, 0.8]})
    fig = figures.agreement_bars(table)
    labels = texts(fig)
    assert {"SIG", "VERM", "FEN", "n.v.t.", "0.90", "0.50", "totaal 0.70"} <= set(labels)
    assert "(overall)" not in labels
    terms = pd.DataFrame({"term": ["kade", "hek"], "z": [2.0, 1.0]})
    assert {"kade", "hek"} <= set(texts(figures.term_bars(terms)))
    png_shape(fig, tmp_path)


def test_ax_is_used_and_no_pyplot_state(data):
    from matplotlib.figure import Figure
    import matplotlib.pyplot as plt

    corpus, codings, _ = data
    before = plt.get_fignums()
    outer = Figure(figsize=(8, 4))
    ax1, ax2 = outer.subplots(1, 2)
    fig = figures.frequency_bars(analysis.frequencies(codings, corpus), ax=ax1)
    fig2 = figures.cooccurrence_heatmap(analysis.cooccurrence(codings, unit="document"), ax=ax2)
    assert fig is outer and fig2 is outer
    assert plt.get_fignums() == before


def build_all(data):
    corpus, codings, cb = data
    return {
        "freq": figures.frequency_bars(analysis.frequencies(codings, corpus, by="group")),
        "co": figures.cooccurrence_heatmap(analysis.cooccurrence(codings, corpus), codebook=cb),
        "spots": figures.white_spot_map(analysis.white_spots(codings, corpus, codebook=cb)),
        "net": figures.partner_network_plot(analysis.partner_network(codings, corpus), codebook=cb),
    }


@pytest.fixture(scope="module")
def two_builds(data):
    return build_all(data), build_all(data)  # new figure objects from the same data


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_same_data_give_byte_identical_files(two_builds, tmp_path, suffix):
    first, second = two_builds
    names = list(first) if suffix != "pdf" else ["spots"]  # PDF font embedding is slow; one is enough
    for name in names:
        a = figures.save_figure(first[name], tmp_path / f"a_{name}.{suffix}", dpi=60).read_bytes()
        b = figures.save_figure(second[name], tmp_path / f"b_{name}.{suffix}", dpi=60).read_bytes()
        assert a == b, name
        if suffix == "svg":
            assert b"<dc:date>" not in a
        if suffix == "png":
            assert b"Matplotlib version" not in a


def test_save_figure_rejects_unknown_format(data, tmp_path):
    fig = build_all(data)["freq"]
    with pytest.raises(AnalysisError, match="RK506.*'.jpg'"):
        figures.save_figure(fig, tmp_path / "f.jpg")
    assert not list(tmp_path.iterdir())


def test_bad_input_is_explained(data):
    with pytest.raises(AnalysisError, match="RK506.*lacks column.*share"):
        figures.frequency_bars(pd.DataFrame({"code": ["A"]}))
    with pytest.raises(AnalysisError, match="RK504"):
        figures.frequency_bars(pd.DataFrame({"code": ["A"], "share": [0.5]}), lang="de")


def test_agreement_bars_on_real_agreement_table(data, tmp_path):
    from researchkit.agreement import agreement

    corpus, codings, _ = data
    bob = codings[codings["code"] != "VERM.5"].assign(coder="bob")  # bob misses R3's scepticism
    table = agreement(pd.concat([codings, bob], ignore_index=True), coders=["anna", "bob"], corpus=corpus)
    fig = figures.agreement_bars(table)
    labels = texts(fig)
    assert set(table.loc[table["code"] != "(overall)", "code"]) <= set(labels)
    assert "1.00" in labels  # codes both coders applied identically
    assert fig.axes[0].get_xlabel() == "Overeenstemming (alpha)"
    png_shape(fig, tmp_path)


# --------------------------------------------------------------------------- display in notebooks


def test_every_figure_function_returns_a_figure_that_displays_itself(data):
    """Each public figure function gives a ReportFigure whose PNG repr is the image (no pyplot needed)."""
    corpus, codings, cb = data
    made = {
        "frequency_bars": figures.frequency_bars(analysis.frequencies(codings, corpus)),
        "crosstab_heatmap": figures.crosstab_heatmap(analysis.crosstab(codings, corpus, by="port", value="respondents")),
        "cooccurrence_heatmap": figures.cooccurrence_heatmap(analysis.cooccurrence(codings, unit="document")),
        "cooccurrence_network": figures.cooccurrence_network(analysis.cooccurrence(codings, unit="document")),
        "coding_stripes": figures.coding_stripes(codings, corpus),
        "information_position_heatmap": figures.information_position_heatmap(analysis.information_position(codings, corpus, codebook=cb)),
        "white_spot_map": figures.white_spot_map(analysis.white_spots(codings, corpus, codebook=cb)),
        "partner_network_plot": figures.partner_network_plot(analysis.partner_network(codings, corpus)),
        "agreement_bars": figures.agreement_bars(pd.DataFrame({"code": ["A"], "alpha": [0.7]})),
        "term_bars": figures.term_bars(pd.DataFrame({"term": ["kade"], "z": [1.0]})),
        "saturation_curve": figures.saturation_curve(analysis.saturation(codings, corpus)),
        "document_portrait": figures.document_portrait(codings, corpus, doc_id="R1"),
    }
    assert set(made) == set(figures.FIGURE_FUNCTIONS)
    for name, fig in made.items():
        assert isinstance(fig, figures.ReportFigure), name
        png = fig._repr_png_()
        assert png[:8] == b"\x89PNG\r\n\x1a\n", name


DISPLAY_CELLS = [
    # (source, images expected): a fresh kernel, no magics
    ("import pandas as pd\nfrom researchkit import figures\nt = pd.DataFrame({'term': ['a', 'b'], 'z': [2.0, 1.0]})\n"
     "import sys\nassert 'matplotlib.pyplot' not in sys.modules\nfigures.term_bars(t)", 1),
    ("fig = figures.term_bars(t)\nfig", 1),
    ("fig.show()", 1),
    ("from IPython.display import display\ndisplay(figures.term_bars(t))", 1),
    ("import matplotlib.pyplot as plt\nfigures.term_bars(t)", 1),  # pyplot in use: still once, not twice
    ("figures.term_bars(t)\nplt.show()", 1),  # the plt.show() habit
    ("fig = figures.term_bars(t)\nfig.show()\nplt.show()", 1),
    ("figures.save_figure(figures.term_bars(t), 'never_written.svg') if False else None", 0),
    # figures made for files (a report, a run) never show under the cell, even with pyplot in use
    ("from researchkit.figures.display import figures_for_files\nwith figures_for_files():\n"
     "    made = figures.term_bars(t)\nmade.canvas.manager is None", 0),
    ("import importlib.util\nspec = importlib.util.spec_from_file_location('small', SMALL)\n"
     "small = importlib.util.module_from_spec(spec); spec.loader.exec_module(small)\n"
     "from researchkit.report import ReportInputs\nfrom researchkit.report.content import build_content\n"
     "content = build_content(ReportInputs(*small.build(), reidentification='off'))\n"
     "n_figures = sum(type(b).__name__ == 'Figure' for b in content.blocks)\nassert n_figures >= 2\nn_figures", 0),
]


def test_figures_show_in_a_fresh_kernel_without_magics(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    small = Path(__file__).parent / "data" / "report" / "small.py"
    cells = [nbformat.v4.new_code_cell(f"SMALL = {str(small)!r}")] + [nbformat.v4.new_code_cell(src) for src, _ in DISPLAY_CELLS]
    nb = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell, (src, expected) in zip(nb.cells[1:], DISPLAY_CELLS):
        errors = [o for o in cell.outputs if o.get("output_type") == "error"]
        assert not errors, (src, errors)
        images = sum("image/png" in o.get("data", {}) for o in cell.outputs)
        assert images == expected, (src, [o.get("output_type") for o in cell.outputs])
        texts = [o["data"].get("text/plain", "") for o in cell.outputs if "data" in o and "image/png" not in o["data"]]
        assert not any("<Figure size" in t for t in texts), src


def test_figure_modules_docstring_examples():
    import doctest
    import importlib

    for name in ["_base", "display", "save", "bars", "heatmaps", "networks", "stripes", "interviews"]:
        module = importlib.import_module(f"researchkit.figures.{name}")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0, name


def test_saturation_curve_and_document_portrait(data, tmp_path):
    corpus, codings, cb = data
    table = analysis.saturation(codings, corpus, level=1, codebook=cb)
    fig = figures.saturation_curve(table, lang="en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(corpus.doc_ids)
    assert len(ax.patches) == len(corpus.doc_ids)  # one bar per interview (zero-height too)
    assert list(ax.lines[0].get_ydata()) == table["cumulative_codes"].tolist()
    png_shape(fig, tmp_path)
    fig = figures.document_portrait(codings, corpus, doc_id="R1", codebook=cb)
    r1 = codings[codings["doc_id"] == "R1"]
    lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert lanes[0] == "beurten" and len(lanes) == 1 + r1["code"].nunique()
    assert len(fig.axes[0].patches) == len(corpus["R1"].turns) + len(r1)
    with pytest.raises(AnalysisError, match="RK502"):
        figures.document_portrait(codings, corpus, doc_id="R99")


def test_one_axes_layout_places_like_constrained_layout(data, tmp_path):
    """The one-pass layout puts a single axes where constrained layout puts it (to a few pixels: a legend
    anchored to the axes moves with its size), leaves figures with a colour bar to constrained layout,
    and lays a single-axes figure out the same way on every draw."""
    from matplotlib.image import imread
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from researchkit.figures.layout import OneAxesLayout
    from researchkit.figures.save import png_bytes

    corpus, codings, cb = data

    def made():
        return {
            "bars, legend": figures.frequency_bars(analysis.frequencies(codings, corpus, by="group")),
            "bars": figures.frequency_bars(analysis.frequencies(codings, corpus), value="respondents", codebook=cb),
            "spots": figures.white_spot_map(analysis.white_spots(codings, corpus, codebook=cb)),
            "colour bar": figures.cooccurrence_heatmap(analysis.cooccurrence(codings, corpus), codebook=cb),
        }

    def placed(fig):
        return [ax.get_position().extents * np.tile(fig.get_size_inches() * 120, 2) for ax in fig.axes]

    ours, theirs = made(), made()
    for name, fig in ours.items():
        assert isinstance(fig.get_layout_engine(), OneAxesLayout), name
        first = png_bytes(fig, dpi=120)
        other = theirs[name]
        other.set_layout_engine(ConstrainedLayoutEngine())
        png_bytes(other, dpi=120)
        limit = 0.0 if name == "colour bar" else 4.0  # pixels
        for a, b in zip(placed(fig), placed(other), strict=True):
            assert np.abs(a - b).max() <= limit, (name, a, b)
        if name != "colour bar":  # (constrained layout starts from where the last draw left the axes)
            assert png_bytes(fig, dpi=120) == first, name  # drawn again: the same layout, the same bytes
        (tmp_path / "f.png").write_bytes(first)
        assert imread(tmp_path / "f.png").shape[:2] == (round(fig.get_figheight() * 120), round(fig.get_figwidth() * 120))
