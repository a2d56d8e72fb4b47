"""All-or-nothing publishing of the job's outputs.

The job writes every output and ``manifest.json`` into a hidden staging folder next to
the output folder (``.out.run-XXXX`` beside ``out``), leak-checks it there, and then
publishes it with **one** atomic exchange of the two folders (Linux ``renameat2`` with
``RENAME_EXCHANGE``). Files in ``out`` that the job does not make are carried over into
the staging folder (hard links) before the exchange, so they stay. A process killed at
any moment leaves ``out`` holding either the old or the new complete set; its staging
folder is removed by the next run (:func:`remove_stale`).

Where the exchange is not available (another OS or file system), the old folder is
renamed aside and the new one renamed into place; a run killed between those two
renames leaves no ``out`` but a ``.out.old-XXXX`` folder, which :func:`recover` (called
by the next run and by :func:`researchkit.run.reproduce`) renames back. When the output
folder holds the job's own inputs (``--out .``), folders are not swapped: files are
moved one by one, the old manifest is removed first and the new one is written last,
so a folder without a manifest is an interrupted publish.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp()); out = root / "out"
>>> stage = staging_folder(out); _ = (stage / "report.md").write_text("new")
>>> publish(stage, out, keep_inputs=[])
>>> sorted(p.name for p in out.iterdir()), sorted(p.name for p in root.iterdir())
(['report.md'], ['out'])
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

__all__ = ["staging_folder", "remove_stale", "recover", "publish", "JOB_FOLDERS"]

#: Folders of the output folder that belong to the job as a whole (replaced, never merged).
JOB_FOLDERS = ("figures", "tables")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}.{kind}-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def staging_folder(out_dir: Path) -> Path:
    """A fresh hidden staging folder beside ``out_dir`` (same file system, same mode as ``out_dir``)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "run"), dir=out_dir.parent))
    mode = (out_dir.stat().st_mode & 0o7777) if out_dir.is_dir() else (0o777 & ~_umask())
    os.chmod(staging, mode)
    return staging


def recover(out_dir: Path) -> bool:
    """Put back an output folder left aside by an interrupted fallback publish; ``True`` if done."""
    out_dir = Path(out_dir)
    if out_dir.exists() or not out_dir.parent.is_dir():
        return False
    aside = sorted(out_dir.parent.glob(_prefix(out_dir, "old") + "*"), key=lambda p: p.stat().st_mtime)
    if not aside:
        return False
    os.rename(aside[-1], out_dir)
    return True


def remove_stale(out_dir: Path) -> list[Path]:
    """Remove staging folders of earlier, interrupted runs (and of older researchkit versions).

    Returns the folders removed. Call it before a run starts writing.
    """
    out_dir = Path(out_dir)
    recover(out_dir)
    stale: list[Path] = []
    if out_dir.parent.is_dir():
        for kind in ("run", "old"):
            stale += sorted(out_dir.parent.glob(_prefix(out_dir, kind) + "*"))
    if out_dir.is_dir():
        stale += sorted(out_dir.glob(".run-*"))  # the in-folder staging of researchkit <= 0.x
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _exchange(a: Path, b: Path) -> None:
    """Atomically exchange two folders (``renameat2(RENAME_EXCHANGE)``); ``OSError`` when unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        raise OSError(errno.ENOSYS, "renameat2 is not available") from None
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a))


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_file)
    else:
        _link_file(source, target)


def _link_file(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _carry_over(out_dir: Path, staging: Path, old_outputs: Iterable[str]) -> None:
    """Bring the files of ``out_dir`` that the job does not make into ``staging``."""
    owned = {"manifest.json", "report.pdf", *JOB_FOLDERS} | {Path(name).parts[0] for name in old_outputs if "/" not in name}
    for entry in sorted(out_dir.iterdir()):
        if entry.name in owned or entry.name.startswith(".run-") or (staging / entry.name).exists():
            continue
        _link_or_copy(entry, staging / entry.name)


def _file_by_file(staging: Path, out_dir: Path) -> None:
    """Publish into a folder that cannot be swapped: old manifest out first, new manifest in last."""
    (out_dir / "manifest.json").unlink(missing_ok=True)
    for sub in JOB_FOLDERS:
        if (staging / sub).exists() and (out_dir / sub).exists():
            shutil.rmtree(out_dir / sub)
    files = sorted((p for p in staging.rglob("*") if p.is_file()), key=lambda p: p.name == "manifest.json")
    for path in files:
        target = out_dir / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path, *, keep_inputs: Iterable[Path], old_outputs: Iterable[str] = ()) -> None:
    """Make the staged outputs the content of ``out_dir`` in one step.

    Parameters
    ----------
    staging
        The complete, checked set (including ``manifest.json``).
    out_dir
        The output folder.
    keep_inputs
        The job's input files: when one lies inside ``out_dir`` the folder is not swapped
        (see the module docstring).
    old_outputs
        The outputs of the previous manifest (they are replaced; other files are kept).
    """
    staging, out_dir = Path(staging), Path(out_dir)
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    root = out_dir.resolve()
    if any(root == p.resolve() or root in p.resolve().parents for p in keep_inputs) or root == Path.cwd().resolve():
        _file_by_file(staging, out_dir)
        return
    _carry_over(out_dir, staging, old_outputs)
    try:
        _exchange(staging, out_dir)
        old = staging
    except OSError:
        old = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "old"), dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
        os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
