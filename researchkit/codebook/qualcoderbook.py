"""QualCoder's codebook export (Project > Exports > Codebook) read as a :class:`Codebook`.

QualCoder writes its code tree as a document (``src/qualcoder/codebook.py``):

* ``Codebook.odt`` (``export_odt``, current versions): a title line ``Codebook: <project>``,
  then one line per item in tree order, ``...`` per level in front: ``Category: <name>`` and
  ``█Code: <name>, Count: <n>`` (the block in the code's colour), each followed, when memos are
  exported, by ``MEMO: <memo>``;
* ``codebook.txt`` (``export_plaintext``, older versions): ``Codebook for <project>`` and
  ``========``, then ``--`` per level: ``Category:<name>, catid:<n>, Owner: <owner>`` and
  ``Code: <name>, cid:<n>, Frq: <n>, Owner: <owner>``, each followed by ``Memo: <memo>`` (a memo
  of several lines continues below).

Categories become codes that are not codable (``x_refi_codable: False``, as a REFI-QDA import of
QualCoder's categories gives them), codes sit under them, memos are descriptions; counts and
owners are set aside (noted). Only the English labels are read (QualCoder translates them).

Examples
--------
>>> lines = ["Codebook: Havens", "Category: Werk", "...\\u2588Code: Samenwerking, Count: 3", "MEMO: Samen optrekken"]
>>> [(n["name"], n["depth"], n["memo"], n["category"]) for n in parse_lines(list(enumerate(lines, 1)))[0]]
[('Werk', 0, '', True), ('Samenwerking', 1, 'Samen optrekken', False)]
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from researchkit.errors import CodebookError

__all__ = ["is_qualcoder_codebook", "read_qualcoder_codebook", "parse_lines"]

_ODT = {
    "category": re.compile(r"^((?:\.\.\.)*)Category: (.+)$"),
    "code": re.compile(r"^((?:\.\.\.)*)\u2588?\s*Code: (.+), Count: (\d*)$"),
    "memo": re.compile(r"^MEMO: ?(.*)$"),
}
_TXT = {
    "category": re.compile(r"^((?:--)*)Category:(.+), catid:\d+, Owner: .*$"),
    "code": re.compile(r"^((?:--)*)Code: (.+), cid:\d+, Frq: (\d*), Owner: .*$"),
    "memo": re.compile(r"^(?:--)*Memo: ?(.*)$"),
}
_LIMIT = 500_000  # lines


def _lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, text)`` of an ``.odt`` (paragraphs, split at line breaks) or a ``.txt``."""
    data = path.read_bytes()
    if path.suffix.lower() == ".odt":
        import odfdo

        from researchkit.errors import TranscriptError
        from researchkit.io.odt import _check_zip, _Reader

        try:
            _check_zip(path, data)
            reader = _Reader(odfdo.Document(io.BytesIO(data)))
            reader.blocks(reader.document.body)
        except TranscriptError as err:
            raise CodebookError("RK247", path, [f"cannot be read as an OpenDocument file: {err.message}"],
                                hint="open it in LibreOffice and save it again as .odt") from None
        except Exception as err:  # odfdo and lxml raise many kinds on a damaged part
            raise CodebookError("RK247", path, [f"cannot be read as an OpenDocument file ({type(err).__name__}: {err})"],
                                hint="open it in LibreOffice and save it again as .odt") from None
        text = "\n".join(item[0] for item in reader.items)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise CodebookError("RK247", path, [f"is not UTF-8 text (byte {err.start})"],
                                hint="QualCoder writes its codebook as UTF-8; save the file as UTF-8") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").split("\n")
    if len(lines) > _LIMIT:
        raise CodebookError("RK247", path, [f"has {len(lines):,} lines, more than the {_LIMIT:,} a codebook is read with"],
                            hint="check that this is a codebook")
    return list(enumerate(lines, start=1))


def _grammar(lines: list[tuple[int, str]]) -> dict[str, re.Pattern] | None:
    first = [t.strip() for _, t in lines if t.strip()][:2]
    if first and first[0].startswith("Codebook: "):
        return _ODT
    if len(first) == 2 and first[0].startswith("Codebook for ") and set(first[1]) == {"="}:
        return _TXT
    return None


def is_qualcoder_codebook(path: str | Path) -> bool:
    """Whether ``path`` (``.odt`` or ``.txt``) opens as QualCoder's codebook export.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "codebook.txt"
    >>> _ = p.write_text("Codebook for Havens\\n========\\nCode: Haven, cid:1, Frq: 2, Owner: anna\\nMemo: \\n")
    >>> is_qualcoder_codebook(p), is_qualcoder_codebook(p.with_name("x.txt"))
    (True, False)
    """
    p = Path(path)
    if p.suffix.lower() not in (".odt", ".txt") or not p.is_file():
        return False
    if p.suffix.lower() == ".odt":
        return True  # the only .odt codebook read; one that is not QualCoder's is refused by the reader, naming why
    with p.open("rb") as fh:  # the first lines decide: a large sheet saved as .txt is not read twice
        head = fh.read(65536).decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return _grammar(list(enumerate(head.split("\n"), start=1))) is not None


def parse_lines(lines: list[tuple[int, str]]) -> tuple[list[dict], list[str]]:
    """The items (``name``, ``depth``, ``memo``, ``category``, ``line``, ``count``) and notes on other lines.

    Examples
    --------
    >>> items, notes = parse_lines([(1, "Codebook for P"), (2, "========"), (3, "Category:Werk, catid:1, Owner: a"),
    ...                             (4, "Memo: eerste regel"), (5, "tweede regel"), (6, "--Code: Samen, cid:2, Frq: 4, Owner: a"),
    ...                             (7, "--Memo: ")])
    >>> [(i["name"], i["depth"], i["memo"]) for i in items]
    [('Werk', 0, 'eerste regel\\ntweede regel'), ('Samen', 1, '')]
    """
    grammar = _grammar(lines) or _ODT
    unit = 3 if grammar is _ODT else 2
    items: list[dict] = []
    unread: list[int] = []
    started = False
    in_memo = False
    for number, raw in lines:
        line = raw.strip()
        if not started:
            started = bool(line) and not line.startswith("Codebook") and not set(line) == {"="}
            if not started:
                continue
        kind, found = next(((k, m) for k in ("category", "code") if (m := grammar[k].match(line))), (None, None))
        if kind:
            count = found.group(3) if kind == "code" else ""
            items.append({"name": found.group(2).strip(), "depth": len(found.group(1)) // unit, "memo": "",
                          "category": kind == "category", "line": number, "count": count})
            in_memo = False
        elif items and (memo := grammar["memo"].match(line)):
            items[-1]["memo"] = memo.group(1).strip()
            in_memo = True
        elif in_memo and items:
            items[-1]["memo"] = (items[-1]["memo"] + "\n" + raw.rstrip()).strip("\n")
        elif line:
            unread.append(number)
    notes = []
    if unread:
        notes.append(f"line(s) {', '.join(map(str, unread[:10]))}{' ...' if len(unread) > 10 else ''} are no category, "
                     "code or memo of QualCoder's codebook and were not read")
    return items, notes


def _tree(items: list[dict], notes: list[str]) -> list[dict]:
    """Nested code dicts from the items' depths (ids made from names, unique in the codebook)."""
    from researchkit.refi.codes import make_code_id

    taken: set[str] = set()
    numbers: dict[str, int] = {}  # the last -n given to an id (make_code_id)
    roots: list[dict] = []
    stack: list[dict] = []
    for item in items:
        depth = min(item["depth"], len(stack))
        if depth < item["depth"]:
            notes.append(f"line {item['line']}: {item['name']!r} is {item['depth']} levels deep under an item "
                         f"{depth} deep; put under the deepest item above")
        parent = stack[depth - 1] if depth else None
        code: dict[str, Any] = {"id": make_code_id(item["name"], taken, parent=parent["id"] if parent else None,
                                                      numbers=numbers),
                                "name": item["name"]}
        taken.add(code["id"])
        if item["memo"]:
            code["description"] = item["memo"]
        if item["category"]:
            code["x_refi_codable"] = False
        (parent.setdefault("children", []) if parent else roots).append(code)
        del stack[depth:]
        stack.append(code)
    return roots


def read_qualcoder_codebook(path: str | Path, *, language: str | None = None, title: str | None = None):
    """Read QualCoder's codebook export; return the :class:`Codebook` and a ``TableReport``.

    Parameters
    ----------
    path
        ``Codebook.odt`` (current QualCoder) or ``codebook.txt`` (older versions).
    language
        The codebook's language (default: guessed from the names and memos, else ``nl``).
    title
        The codebook's title (default: the project named on the first line).

    Raises
    ------
    CodebookError
        ``RK247`` when the file cannot be read or is no QualCoder codebook, ``RK243`` when it
        names no code, ``RK248`` when the codebook refuses a value.
    """
    from researchkit.codebook.book import Codebook
    from researchkit.codebook.table import TableReport
    from researchkit.language import guess_language

    p = Path(path)
    lines = _lines(p)
    if _grammar(lines) is None:
        first = next((t.strip() for _, t in lines if t.strip()), "")
        raise CodebookError("RK247", p, [f"is no QualCoder codebook export: its first line is {first[:80]!r}, "
                                         "not 'Codebook: <project>' (or 'Codebook for <project>' and '========')"],
                            hint="export the codebook from QualCoder again, or save the codes as a sheet (.xlsx, .csv)")
    items, notes = parse_lines(lines)
    if not items:
        raise CodebookError("RK243", p, ["names no category or code below its title"],
                            hint="export the codebook from QualCoder again")
    report = TableReport(str(p), encoding="utf-8" if p.suffix.lower() == ".txt" else None, notes=notes)
    counted = [i for i in items if i["count"]]
    cats = sum(i["category"] for i in items)
    report.notes.insert(0, f"read as QualCoder's codebook export: {cats} categor{'y' if cats == 1 else 'ies'} "
                           f"(codes that are not codable) and {len(items) - cats} code(s)"
                        + (f"; the counts of {len(counted)} code(s) set aside (a count the QDA program adds)" if counted else ""))
    codes = _tree(items, report.notes)
    if language:
        report.language = f"'{language}' (given)"
    else:
        guess = guess_language([i["name"] for i in items] + [i["memo"] for i in items if i["memo"]])
        language = guess.language or "nl"
        report.language = (f"{guess.describe()}, from the names and memos" if guess.language
                           else f"'nl' kept: the names and memos are {guess.describe()}; pass language= if it is another")
    first = next(t.strip() for _, t in lines if t.strip())
    project = re.sub(r"^Codebook(?: for|:)\s*", "", first).strip()
    data: dict[str, Any] = {"language": language, "codes": codes}
    if title or project:
        data["codebook"] = title or project
    try:
        book = Codebook.from_dict(data)
    except CodebookError as exc:
        raise CodebookError("RK248", p, exc.problems, hint="correct the names named in QualCoder and export again") from None
    report.codes, report.top_level, report.depth = len(book), len(book.codes), book.depth
    report.hierarchy = "levels of the export ('...' or '--' per level)"
    return book, report
