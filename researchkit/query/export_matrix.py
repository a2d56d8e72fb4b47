"""The case x code matrix for statistics packages: SPSS ``.sav`` (with variable and
value labels from the codebook), R ``.rds`` and CSV. Written atomically; the SPSS
header's creation stamp is fixed, so the same matrix gives the same bytes."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from researchkit.errors import QueryError
from researchkit.fileio import atomic_path, write_csv

__all__ = ["export_case_matrix", "spss_names"]

_VALUE_LABELS = {
    "nl": {0: "niet gecodeerd", 1: "gecodeerd"},
    "en": {0: "not coded", 1: "coded"},
}
_CASE_COLUMNS = ("doc_id", "respondent", "speaker", "role")


def spss_names(columns: Sequence[str]) -> dict[str, str]:
    """Valid, unique SPSS variable names: letters, digits and ``_``, starting with a letter, at most 64 bytes.

    Examples
    --------
    >>> spss_names(["SAM.3", "INFO.WV", "1st", "SAM_3"])
    {'SAM.3': 'SAM_3', 'INFO.WV': 'INFO_WV', '1st': 'v_1st', 'SAM_3': 'SAM_3_2'}
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        name = re.sub(r"[^A-Za-z0-9_]", "_", str(col)) or "v"
        if not name[0].isalpha():
            name = "v_" + name
        name = name[:60]
        candidate, k = name, 2
        while candidate.lower() in used:
            candidate, k = f"{name}_{k}", k + 1
        used.add(candidate.lower())
        out[col] = candidate
    return out


def _code_columns(matrix: pd.DataFrame, codes: Sequence[str] | None, codebook: Any) -> list[str]:
    if codes is not None:
        missing = [c for c in codes if c not in matrix.columns]
        if missing:
            raise QueryError("RK515", f"codes {', '.join(missing)} are not columns of the matrix", hint="pass the code columns of case_matrix(...)")
        return list(codes)
    if codebook is not None:
        found = [c for c in matrix.columns if c not in _CASE_COLUMNS and c in codebook]
        if found:
            return found
    return [c for c in matrix.columns if c not in _CASE_COLUMNS and pd.api.types.is_integer_dtype(matrix[c])]


def _labels(code: str, codebook: Any) -> str:
    if codebook is not None and code in codebook:
        name = getattr(codebook[code], "name", "") or ""
        return f"{code} {name}".strip() if name and name != code else code
    return code


def _fix_sav_header(data: bytearray) -> bytearray:
    """Fix the creation date and time of an SPSS system file header (offsets 92-109)."""
    if data[:4] in (b"$FL2", b"$FL3") and len(data) > 109:
        data[92:101] = b"01 Jan 00"
        data[101:109] = b"00:00:00"
    return data


def _plain(matrix: pd.DataFrame, code_cols: list[str]) -> pd.DataFrame:
    """Strings for text columns (missing -> ''), int64 for code columns."""
    out = pd.DataFrame(index=range(len(matrix)))
    for col in matrix.columns:
        values = matrix[col].reset_index(drop=True)
        if col in code_cols:
            out[col] = values.fillna(0).astype(np.int64)
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            out[col] = values.astype(float)
        else:
            out[col] = values.astype(object).where(values.notna(), "").astype(str)
    return out


def export_case_matrix(
    matrix: pd.DataFrame,
    path: str | os.PathLike,
    *,
    codebook: Any = None,
    codes: Sequence[str] | None = None,
    lang: str = "nl",
) -> Path:
    """Write a case x code matrix to SPSS (``.sav``), R (``.rds``) or CSV (``.csv``).

    Parameters
    ----------
    matrix
        Result of :func:`researchkit.analysis.case_matrix` (or any table with integer code columns).
    path
        Target; the suffix chooses the format.
    codebook
        Variable labels ("SAM.3 Samenwerking ...") for the code columns.
    codes
        The code columns (default: the codebook's codes among the columns, else every integer column).
    lang
        Words of the 0/1 value labels (``"nl"``: niet gecodeerd / gecodeerd).

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    SPSS names allow no dots: ``SAM.3`` becomes ``SAM_3`` (the label keeps the id).
    Code columns are nominal with the value labels when they hold only 0 and 1 (presence),
    else scale (counts; ``0`` still labelled). R's ``.rds`` holds the data frame
    without labels; CSV is UTF-8 with ``\\n`` line ends.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> m = pd.DataFrame({"doc_id": ["R1", "R2"], "SAM.3": [1, 0]})
    >>> p = export_case_matrix(m, pathlib.Path(tempfile.mkdtemp()) / "m.sav")
    >>> import pyreadstat
    >>> df, meta = pyreadstat.read_sav(str(p))
    >>> list(df.columns), meta.variable_value_labels["SAM_3"]
    (['doc_id', 'SAM_3'], {0.0: 'niet gecodeerd', 1.0: 'gecodeerd'})
    """
    path = Path(path)
    if not isinstance(matrix, pd.DataFrame):
        raise QueryError("RK515", f"export_case_matrix needs a DataFrame, got {type(matrix).__name__}", hint="pass the result of case_matrix(...)")
    suffix = path.suffix.lower()
    if suffix not in (".sav", ".rds", ".csv"):
        raise QueryError("RK515", f"{path}: cannot write a case matrix as {path.suffix or 'a file without suffix'!r}", hint="use .sav (SPSS), .rds (R) or .csv")
    if lang not in _VALUE_LABELS:
        raise QueryError("RK515", f"lang={lang!r} is not 'nl' or 'en'", hint="use 'nl' or 'en'")
    code_cols = _code_columns(matrix, codes, codebook)
    frame = _plain(matrix, code_cols)
    if suffix == ".csv":
        return write_csv(frame, path)
    if suffix == ".rds":
        import pyreadr

        with atomic_path(path, suffix=".tmp.rds") as tmp:
            pyreadr.write_rds(str(tmp), frame)
        return path
    import pyreadstat

    names = spss_names(list(frame.columns))
    labels = {names[c]: (_labels(c, codebook) if c in code_cols else str(c)) for c in frame.columns}
    value_labels = {names[c]: dict(_VALUE_LABELS[lang]) for c in code_cols}
    measure = {names[c]: ("nominal" if frame[c].isin([0, 1]).all() else "scale") for c in code_cols}
    measure.update({names[c]: "nominal" for c in frame.columns if c not in code_cols and frame[c].dtype == object})
    out = frame.rename(columns=names)
    with atomic_path(path, suffix=".tmp.sav") as tmp:
        pyreadstat.write_sav(out, str(tmp), column_labels=labels, variable_value_labels=value_labels,
                             variable_measure=measure, file_label="researchkit case x code matrix")
        tmp.write_bytes(bytes(_fix_sav_header(bytearray(tmp.read_bytes()))))
    return path
