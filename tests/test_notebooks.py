"""Execute every notebook in notebooks/ top to bottom, as a researcher would, and check
that every figure cell shows its image, that no other cell shows one (a figure built for a
file must not pop up below the cell), that no cell writes to stderr (warnings, deprecation
noise), and that every notebook opens by saying what it does, needs and makes."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from researchkit import figures

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: Notebooks that must have figure cells (so the image check cannot pass vacuously).
WITH_FIGURES = {"04_agreement.ipynb", "05_analysis.ipynb"}


def _figure_call(node: ast.AST) -> bool:
    """Is ``node`` a call of a researchkit figure function (``figures.x(...)`` or ``x(...)``)?"""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in figures.FIGURE_FUNCTIONS


def is_figure_cell(source: str) -> bool:
    """A figure cell ends with a figure-function call, or with ``.show()`` / ``display(...)``
    in a cell that calls one; a trailing ``;`` is still a figure cell (the figure must show)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    last = tree.body[-1].value
    if _figure_call(last):
        return True
    calls_one = any(_figure_call(n) for n in ast.walk(tree))
    shows = isinstance(last, ast.Call) and (
        (isinstance(last.func, ast.Attribute) and last.func.attr == "show") or getattr(last.func, "id", None) == "display"
    )
    return calls_one and shows


def figure_cells_without_image(nb: nbformat.NotebookNode) -> list[int]:
    """Indexes of executed figure cells that have no ``image/png`` output."""
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not is_figure_cell(cell.source):
            continue
        if not any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            missing.append(index)
    return missing


def cells_with_stray_output(nb: nbformat.NotebookNode) -> dict[int, str]:
    """Executed code cells that show an image without being figure cells, or write to stderr."""
    stray = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                stray[index] = "stderr: " + out.get("text", "")[:200]
            elif "image/png" in out.get("data", {}) and not is_figure_cell(cell.source):
                stray[index] = "an image in a cell that is no figure cell"
    return stray


#: What the first cell of every notebook tells a researcher before anything runs.
OPENING = ("**What this notebook does.**", "**What it needs.**", "**What comes out.**")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ should hold the researcher's workflow"


def test_the_image_check_finds_a_figure_cell_without_image():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from researchkit import figures\nx = 1"),
        nbformat.v4.new_code_cell("figures.term_bars(terms)"),
        nbformat.v4.new_code_cell("fig = figures.term_bars(terms)\nfig.show()"),
        nbformat.v4.new_code_cell("figures.save_figure(figures.term_bars(terms), 'x.png')\n"),
        nbformat.v4.new_code_cell("p = figures.save_figure(figures.term_bars(terms), 'x.png')\np"),
    ])
    text_only = {"output_type": "execute_result", "data": {"text/plain": "<Figure size 630x240 with 1 Axes>"}, "metadata": {}, "execution_count": 1}
    image = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}, "metadata": {}}
    nb.cells[1].outputs = [nbformat.from_dict(text_only)]
    nb.cells[2].outputs = [nbformat.from_dict(image)]
    assert figure_cells_without_image(nb) == [1]  # cells 3 and 4 save, they are no figure cells


def test_the_stray_output_check_finds_images_and_warnings():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("content = build_report(inputs, out='r.docx')"),
        nbformat.v4.new_code_cell("figures.term_bars(terms)"),
        nbformat.v4.new_code_cell("import x"),
        nbformat.v4.new_code_cell("print(1)"),
    ])
    image = {"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}, "metadata": {}}
    nb.cells[0].outputs = [nbformat.from_dict(image)]
    nb.cells[1].outputs = [nbformat.from_dict(image)]
    nb.cells[2].outputs = [nbformat.from_dict({"output_type": "stream", "name": "stderr", "text": "FutureWarning: x"})]
    nb.cells[3].outputs = [nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": "1"})]
    assert sorted(cells_with_stray_output(nb)) == [0, 2]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_opens_with_what_it_does_needs_and_makes(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), f"{path.name}: the first cell is no title"
    missing = [part for part in OPENING if part not in first.source]
    assert not missing, f"{path.name}: the first cell does not say {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), (
        f"{path.name} is stored with outputs; clear them (they would go stale)"
    )
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    n_figure_cells = sum(1 for c in nb.cells if c.cell_type == "code" and is_figure_cell(c.source))
    if path.name in WITH_FIGURES:
        assert n_figure_cells > 0, f"{path.name}: no figure cells found"
    missing = figure_cells_without_image(nb)
    assert not missing, f"{path.name}: figure cell(s) {missing} show no image/png output"
    stray = cells_with_stray_output(nb)
    assert not stray, f"{path.name}: cell(s) with output nobody asked for: {stray}"
