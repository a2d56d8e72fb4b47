"""Retrieved segments as a Word or Excel document, grouped by code and case, with
source references (document, speaker, character offsets, coder) — the "retrieved
segments" of MAXQDA. Written atomically, with fixed dates, so the same segments give
the same bytes."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from researchkit.errors import QueryError
from researchkit.fileio import atomic_write

__all__ = ["export_segments", "source_reference"]

_FIXED = (2000, 1, 1, 0, 0, 0)
_WORDS = {
    "nl": {"title": "Gevonden segmenten", "segments": "segmenten", "context": "Context", "case": "Geval", "chars": "tekens"},
    "en": {"title": "Retrieved segments", "segments": "segments", "context": "Context", "case": "Case", "chars": "characters"},
}


def source_reference(row: Any, *, lang: str = "nl") -> str:
    """``"R03 · HM (respondent) · tekens 120–180 · anna (manual)"`` for one segment row.

    Examples
    --------
    >>> source_reference(pd.Series({"doc_id": "R03", "start": 120, "end": 180, "speaker": "HM", "role": "respondent", "coder": "anna"}))
    'R03 · HM (respondent) · tekens 120–180 · anna'
    """
    parts = [str(row["doc_id"])]
    speaker = row.get("speaker")
    if isinstance(speaker, str) and speaker:
        role = row.get("role")
        parts.append(f"{speaker} ({role})" if isinstance(role, str) and role else speaker)
    parts.append(f"{_WORDS[lang]['chars']} {int(row['start'])}–{int(row['end'])}")
    coder = row.get("coder")
    if isinstance(coder, str) and coder:
        source = row.get("source")
        parts.append(f"{coder} ({source})" if isinstance(source, str) and source else coder)
    return " · ".join(parts)


def _group_column(frame: pd.DataFrame) -> str:
    for col in ("code", "query", "codes"):
        if col in frame.columns:
            return col
    return "doc_id"


def _check(frame: pd.DataFrame, path: Path, lang: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise QueryError("RK515", f"export_segments needs a DataFrame, got {type(frame).__name__}", hint="pass the result of segments(...) or query(...)")
    missing = [c for c in ("doc_id", "start", "end", "text") if c not in frame.columns]
    if missing:
        raise QueryError("RK515", f"{path}: the segments lack column(s) {', '.join(missing)}", hint="pass the result of segments(...) or query(...)")
    if path.suffix.lower() not in (".docx", ".xlsx"):
        raise QueryError("RK515", f"{path}: cannot write segments as {path.suffix or 'a file without suffix'!r}", hint="use .docx (Word) or .xlsx (Excel)")
    if lang not in _WORDS:
        raise QueryError("RK515", f"lang={lang!r} is not 'nl' or 'en'", hint="use 'nl' or 'en'")
    if path.exists() and path.is_dir():
        raise QueryError("RK515", f"{path} is a folder", hint="give a file name")


def _ordered(frame: pd.DataFrame, group: str, codebook: Any) -> pd.DataFrame:
    keys = list(dict.fromkeys(frame[group].astype(str)))
    if codebook is not None and group == "code":
        order = {getattr(c, "id", c): i for i, c in enumerate(codebook.walk())}
        keys = sorted(keys, key=lambda k: (k not in order, order.get(k, 0), k))
    rank = {k: i for i, k in enumerate(keys)}
    docs = {d: i for i, d in enumerate(dict.fromkeys(frame["doc_id"]))}
    return frame.assign(_g=frame[group].astype(str).map(rank), _d=frame["doc_id"].map(docs)).sort_values(
        ["_g", "_d", "start", "end"], kind="mergesort").drop(columns=["_g", "_d"]).reset_index(drop=True)


def _heading(group: str, key: str, codebook: Any) -> str:
    if group == "code" and codebook is not None and key in codebook:
        name = getattr(codebook[key], "name", "") or ""
        return f"{key} {name}".strip() if name != key else key
    return key


def _case_label(rows: pd.DataFrame, attributes: Sequence[str]) -> str:
    first = rows.iloc[0]
    values = [f"{a}: {first[a]}" for a in attributes if a in rows.columns and pd.notna(first[a])]
    return str(first["doc_id"]) + (f" ({', '.join(values)})" if values else "")


def _write_docx(frame: pd.DataFrame, group: str, *, title: str, codebook: Any, attributes: Sequence[str], lang: str) -> bytes:
    import datetime as dt

    from docx import Document
    from docx.shared import Pt, RGBColor

    from researchkit.report.docx_report import repack_zip

    words = _WORDS[lang]
    doc = Document()
    stamp = dt.datetime(*_FIXED)
    props = doc.core_properties
    props.author, props.title, props.created, props.modified, props.last_printed, props.revision = "researchkit", title, stamp, stamp, stamp, 1
    doc.add_heading(title, level=0)
    for key, rows in frame.groupby(frame[group].astype(str), sort=False):
        doc.add_heading(f"{_heading(group, key, codebook)} — {len(rows)} {words['segments']}", level=1)
        for _doc_id, case in rows.groupby("doc_id", sort=False):
            doc.add_heading(_case_label(case, attributes), level=2)
            for _, row in case.iterrows():
                doc.add_paragraph(str(row["text"]), style="Quote" if "Quote" in [s.name for s in doc.styles] else None)
                ref = doc.add_paragraph()
                run = ref.add_run(source_reference(row, lang=lang))
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
                context = row.get("context")
                if isinstance(context, str) and context and context != row["text"]:
                    extra = ref.add_run(f"\n{words['context']}: {context}")
                    extra.font.size = Pt(8)
    buffer = io.BytesIO()
    doc.save(buffer)
    return repack_zip(buffer.getvalue(), date_time=_FIXED)


def _write_xlsx(frame: pd.DataFrame, group: str, *, title: str, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from researchkit.analysis.framework import _FIXED_TIME, _fixed_zip

    wb = Workbook()
    wb.properties.creator = "researchkit"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.active
    ws.title = "segments"
    columns = [group] + [c for c in frame.columns if c != group]
    frame = frame.assign(reference=[source_reference(r, lang=lang) for _, r in frame.iterrows()])
    columns = columns + ["reference"]
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame[columns].itertuples(index=False):
        ws.append([None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else (str(v) if isinstance(v, (list, tuple)) else v) for v in row])
    wrap = {columns.index(c) + 1 for c in ("text", "context") if c in columns}
    for col in ws.iter_cols(min_col=1, max_col=len(columns)):
        letter = col[0].column_letter
        ws.column_dimensions[letter].width = 60 if col[0].column in wrap else 14
        if col[0].column in wrap:
            for cell in col[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue())


def export_segments(
    segments: pd.DataFrame,
    path: str | os.PathLike,
    *,
    title: str | None = None,
    codebook: Any = None,
    attributes: Sequence[str] = (),
    lang: str = "nl",
) -> Path:
    """Write retrieved segments to Word (``.docx``) or Excel (``.xlsx``), atomically.

    Segments are grouped by code (or by query, for :func:`~researchkit.query.query`
    results), then by case (document) in the table's order; each segment is followed
    by its source reference (document, speaker and role, character offsets, coder) and,
    in Word, its context.

    Parameters
    ----------
    segments
        Result of :func:`~researchkit.query.segments` or :func:`~researchkit.query.query`.
    path
        ``.docx`` or ``.xlsx``.
    title
        Document title (default "Gevonden segmenten" / "Retrieved segments").
    codebook
        Code names in the headings, codebook order of the codes.
    attributes
        Attributes shown with each case heading (``["group", "port"]``).
    lang
        ``"nl"`` or ``"en"`` words.

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> seg = pd.DataFrame({"doc_id": ["R1"], "start": [0], "end": [2], "code": ["A"], "text": ["ja"]})
    >>> export_segments(seg, pathlib.Path(tempfile.mkdtemp()) / "segments.xlsx").suffix
    '.xlsx'
    """
    path = Path(path)
    _check(segments, path, lang)
    title = title or _WORDS[lang]["title"]
    group = _group_column(segments)
    frame = _ordered(segments.reset_index(drop=True), group, codebook)
    if path.suffix.lower() == ".docx":
        data = _write_docx(frame, group, title=title, codebook=codebook, attributes=list(attributes), lang=lang)
    else:
        data = _write_xlsx(frame, group, title=title, lang=lang)
    return atomic_write(path, data)
