"""The Word report as PDF, through LibreOffice (optional: ``researchkit run --pdf``).

LibreOffice is found as ``soffice`` or ``libreoffice`` on the PATH (Debian:
``apt-get install libreoffice-writer-nogui``). It runs headless with a throw-away user
profile, so it neither needs nor touches the user's own LibreOffice settings. A PDF
carries its creation time, so it is not byte-reproducible and stays out of the manifest.

Examples
--------
>>> find_libreoffice(path="") is None
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from researchkit.errors import ReportError

__all__ = ["find_libreoffice", "docx_to_pdf"]


def find_libreoffice(*, path: str | None = None) -> str | None:
    """The LibreOffice program (``soffice``), or ``None`` when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def docx_to_pdf(docx: str | os.PathLike, out: str | os.PathLike, *, timeout: float = 300) -> Path:
    """Convert a Word file to PDF with LibreOffice; the PDF is written atomically to ``out``.

    Raises
    ------
    ReportError
        ``RK533`` when LibreOffice is not installed, fails or times out.
    """
    program = find_libreoffice()
    if program is None:
        raise ReportError("RK533", "cannot make a PDF: LibreOffice is not installed (no 'soffice' on the PATH)",
                          hint="install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or leave out --pdf; "
                               "report.docx is written either way")
    docx, out = Path(docx), Path(out)
    with tempfile.TemporaryDirectory(prefix="researchkit-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", tmp, str(docx)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ReportError("RK533", f"{docx}: LibreOffice did not finish the PDF within {timeout:.0f} s",
                              hint="try again on a quieter machine, or open report.docx and save it as PDF") from None
        made = Path(tmp) / (docx.stem + ".pdf")
        if done.returncode != 0 or not made.is_file():
            detail = (done.stderr or done.stdout or "").strip().splitlines()[-1:] or ["no output"]
            raise ReportError("RK533", f"{docx}: LibreOffice could not convert it to PDF (exit {done.returncode}: {detail[0]})",
                              hint="open report.docx in Word or LibreOffice and save it as PDF")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.partial")
        shutil.copyfile(made, partial)
        os.replace(partial, out)
    return out
