"""The key file on disk: read entries from YAML or CSV, write them back, owner-only.

A key (and every table that lists identifiers) is confidential, so it is written with
owner-only permissions (``0600``) whatever the umask, atomically: a temporary file in the
target folder is created private, filled, synced and moved over the target.

Examples
--------
>>> import os, stat, tempfile
>>> p = write_private(os.path.join(tempfile.mkdtemp(), "key.yaml"), "entries: []\\n")
>>> oct(stat.S_IMODE(os.stat(p).st_mode))
'0o600'
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Mapping, Sequence

import yaml

from researchkit.errors import PrivacyError, yaml_problem
from researchkit.privacy.entry import KeyEntry, as_entry
from researchkit.yamlsafe import safe_load

__all__ = ["VERSION", "HEADER", "load_entries", "dump_entries", "write_private", "write_private_csv"]

VERSION = 1
HEADER = """\
# researchkit privacy key (pseudonymisation key) -- CONFIDENTIAL.
# Keep this file OUTSIDE the project folder and never share it with the outputs.
# Entries: term, kind (person | company | vessel | place | other), variants, pseudonym,
# optional case (auto | sensitive | insensitive), parts (false: do not match a person's
# first name or surname alone) and note. Pseudonyms left out are assigned as [PERSOON-1] ...
# and written back, so that numbers stay stable when entries are added.
"""
_CSV_COLUMNS = ["term", "kind", "variants", "pseudonym", "case", "parts", "note"]


def write_private(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` atomically to ``path`` with owner-only permissions (``0600``).

    Examples
    --------
    >>> import tempfile, os
    >>> write_private(os.path.join(tempfile.mkdtemp(), "t.csv"), "a\\n").read_text()
    'a\\n'
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)  # created 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def write_private_csv(frame: Any, path: str | os.PathLike) -> Path:
    """A table (identifiers, candidates) as UTF-8 CSV, owner-only (see :func:`write_private`)."""
    return write_private(path, frame.to_csv(index=False, lineterminator="\n"))


def dump_entries(entries: Sequence[KeyEntry], *, fmt: str = "yaml") -> str:
    """Entries as key-file text: YAML with the header comment, or CSV.

    Examples
    --------
    >>> print(dump_entries([KeyEntry("Zeester", kind="vessel", pseudonym="[SCHIP-1]")], fmt="csv"), end="")
    term,kind,variants,pseudonym,case,parts,note
    Zeester,vessel,,[SCHIP-1],auto,,
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(_CSV_COLUMNS)
        for e in entries:
            writer.writerow([e.term, e.kind, "; ".join(e.variants), e.pseudonym or "", e.case,
                             "" if e.parts is None else str(bool(e.parts)).lower(), e.note])
        return buffer.getvalue()
    if fmt != "yaml":
        raise PrivacyError("RK579", f"unknown key format {fmt!r}", hint="use 'yaml' or 'csv'")
    body = yaml.safe_dump({"researchkit_privacy_key": VERSION, "entries": [e.as_dict() for e in entries]},
                          allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the line of every mapping (for error messages)."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _yaml_entries(path: Path, text: str) -> tuple[list[Any], list[str]]:
    try:
        data = safe_load(text, loader_cls=_LineLoader)
    except yaml.YAMLError as exc:
        where, problem = yaml_problem(exc)
        raise PrivacyError("RK572", f"{path}{where}: not valid YAML ({problem})",
                           hint="check the indentation and quoting near that line") from None
    if data is None:
        data = {"entries": []}
    if isinstance(data, list):
        data = {"entries": data}
    if not isinstance(data, Mapping) or not isinstance(data.get("entries", []), list):
        raise PrivacyError("RK572", f"{path}: a key is a mapping with a list 'entries' (got {type(data).__name__})",
                           hint="start the file with 'entries:' and list one '- term: ...' per name")
    version = data.get("researchkit_privacy_key", VERSION)
    if version != VERSION:
        raise PrivacyError("RK572", f"{path}: key format version {version!r} is not {VERSION}",
                           hint="read it with the researchkit version that wrote it, or set researchkit_privacy_key: 1")
    extra = [k for k in data if k not in ("entries", "researchkit_privacy_key", "__line__")]
    if extra:
        raise PrivacyError("RK572", f"{path}: unknown top-level key(s) {', '.join(map(repr, extra))}",
                           hint="a key file has 'researchkit_privacy_key' (version) and 'entries'")
    raw = list(data.get("entries") or [])
    wheres = [f"line {e.get('__line__')}" if isinstance(e, Mapping) else f"entry {i + 1}" for i, e in enumerate(raw)]
    return raw, wheres


def _csv_entries(path: Path, text: str) -> tuple[list[dict], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "term" not in [f.strip().lower() for f in reader.fieldnames]:
        raise PrivacyError("RK572", f"{path}: a CSV key needs a header with 'term' (has: {', '.join(reader.fieldnames or [])})",
                           hint="use the columns term,kind,variants,pseudonym[,case,parts,note]")
    rows, wheres = [], []
    for row in reader:
        clean = {str(k).strip().lower(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k is not None}
        if not any(clean.values()):
            continue
        if None in row:
            raise PrivacyError("RK573", f"{path}, row {reader.line_num}: more cells than columns ({row[None]!r})",
                               hint="quote cells that contain commas")
        rows.append({k: v for k, v in clean.items() if v not in (None, "")} | {"term": clean.get("term", "")})
        wheres.append(f"row {reader.line_num}")
    return rows, wheres


def load_entries(path: str | Path) -> tuple[list[KeyEntry], list[str]]:
    """The entries of a key file and where each came from (``line 4``, ``row 3``).

    Raises
    ------
    PrivacyError
        ``RK572`` missing or unreadable file; ``RK573`` malformed entries (every problem listed).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "key.yaml")
    >>> _ = open(p, "w").write("entries:\\n- term: Zeester\\n  kind: vessel\\n")
    >>> load_entries(p)
    ([KeyEntry(term='Zeester', kind='vessel', variants=(), pseudonym=None, case='auto', parts=None, note='')], ['line 2'])
    """
    path = Path(path)
    if not path.is_file():
        raise PrivacyError("RK572", f"{path}: privacy key not found",
                           hint="check the path; create one with 'researchkit privacy scan --suggest' or by hand (see docs/privacy.md)")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PrivacyError("RK572", f"{path}: not UTF-8 text (byte {exc.start})", hint="save the key as UTF-8") from None
    text = text.lstrip("\ufeff")
    raw, wheres = _csv_entries(path, text) if path.suffix.lower() == ".csv" else _yaml_entries(path, text)
    entries, problems = [], []
    for where, item in zip(wheres, raw):
        try:
            entries.append(as_entry(item, where))
        except PrivacyError as exc:
            problems.append(exc.message)
    if problems:
        raise PrivacyError("RK573", f"{path}: {len(problems)} problem(s): " + "; ".join(problems),
                           hint="fix these entries in the key file")
    return entries, wheres
