"""Reading CSV and Excel sheets safely: encodings, text cells, and limits for ``.xlsx``.

An ``.xlsx`` file is a zip archive that openpyxl inflates whole; a small hostile file
can inflate to gigabytes. Before openpyxl sees it, the zip directory is checked: the
total uncompressed size (``MAX_XLSX_UNCOMPRESSED``), the compression ratio of large
members (``MAX_XLSX_RATIO``) and the number of members. A file over a limit is refused
at once with RK131, naming the file, the sizes and what to do.

Examples
--------
>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "a.csv")
>>> _ = open(p, "w").write("doc_id,group\\nR01,politie\\n")
>>> read_sheet(p).to_dict("records")
[{'doc_id': 'R01', 'group': 'politie'}]
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from researchkit.errors import AttributesError, InputFileError

MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 10_000
MAX_SHEET_BYTES = 50 * 1024 * 1024
SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")


def check_xlsx(path: str | Path, data: bytes, *, error: type[InputFileError] = AttributesError) -> None:
    """Refuse an ``.xlsx`` whose zip members would inflate beyond the limits (RK131), without inflating them.

    Examples
    --------
    >>> check_xlsx("a.xlsx", b"not a zip")
    Traceback (most recent call last):
    ...
    researchkit.errors.AttributesError: [RK112] a.xlsx: is not an Excel .xlsx file (not a zip container). What to do: open it in a spreadsheet program and save it again as .xlsx or .csv.
    """
    hint = "open it in a spreadsheet program and save it again as .xlsx or .csv"
    if not data.startswith(b"PK"):
        raise error("RK112", path, "is not an Excel .xlsx file (not a zip container)", hint=hint)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError, RuntimeError) as err:
        raise error("RK112", path, f"is a corrupt .xlsx file ({err})", hint=hint) from None
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(1, i.compress_size), default=None)
    ratio = worst.file_size / max(1, worst.compress_size) if worst else 0
    if len(infos) > MAX_XLSX_MEMBERS or total > MAX_XLSX_UNCOMPRESSED or (worst and worst.file_size > 1024 * 1024 and ratio > MAX_XLSX_RATIO):
        raise error(
            "RK131", path,
            f"would inflate to {total / 2**20:.0f} MiB in {len(infos)} parts (part {worst.filename if worst else '?'} "
            f"compressed {ratio:.0f} times): refused as a possible zip bomb (limits: {MAX_XLSX_UNCOMPRESSED // 2**20} MiB, "
            f"ratio {MAX_XLSX_RATIO})",
            hint="save the sheet as CSV, or remove empty formatted rows and columns in the spreadsheet program",
        )


def read_sheet(path: str | Path, *, error: type[InputFileError] = AttributesError, data: bytes | None = None) -> pd.DataFrame:
    """Read a CSV/TSV/XLSX sheet with every cell as text (``""`` for empty cells); ``data``: the file's bytes when the
    caller has read them already (the file is then not read again).

    Raises
    ------
    InputFileError
        RK101 missing, RK112 unreadable or unsupported, RK131 over the limits.
    """
    path = Path(path)
    if not path.exists():
        raise error("RK101", path, "file not found", hint="check the path of the sheet")
    suffix = path.suffix.lower()
    size = path.stat().st_size if data is None else len(data)
    if size > MAX_SHEET_BYTES:
        raise error("RK131", path, f"is {size / 2**20:.0f} MiB, above the {MAX_SHEET_BYTES // 2**20} MiB limit for a sheet", hint="split the sheet")
    data = path.read_bytes() if data is None else data
    try:
        if suffix in {".xlsx", ".xlsm"}:
            check_xlsx(path, data, error=error)
            return pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False, engine="openpyxl")
        if suffix in {".csv", ".tsv", ".txt"}:
            from researchkit.io.text import decode_bytes

            text, _ = decode_bytes(data, path)
            sep = "\t" if suffix == ".tsv" else None
            # the csv module's reader refuses a cell above 128 KiB (a whole interview in one cell); allow the file's size
            limit = csv.field_size_limit()
            csv.field_size_limit(max(limit, len(text) + 1))
            try:
                return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep, engine="python")
            finally:
                csv.field_size_limit(limit)
    except InputFileError:
        raise
    except Exception as err:  # pandas/openpyxl raise many types for malformed sheets
        raise error("RK112", path, f"cannot be read as a table ({type(err).__name__}: {err})", hint="open it in a spreadsheet program and save it again as CSV or XLSX") from None
    raise error("RK112", path, f"unsupported sheet type {suffix!r}", hint="use .csv, .tsv or .xlsx")
