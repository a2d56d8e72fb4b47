"""Sources of a REFI-QDA project: their text, where it is stored, and the selections coded in it.

* the text is ``PlainTextContent`` or a ``plainTextPath`` into the archive (found with or
  without ``internal://``, in ``sources/`` or ``Sources/``, percent-encoded or not);
  ``absolute://`` paths are never followed;
* files other than UTF-8 are decoded with the transcript readers' detection (warned); a
  source of one byte or of blank text is imported with a warning;
* selection offsets are mapped to the canonical text under the convention chosen for the
  source (:mod:`researchkit.refi.offsets`); a position no program could write (beyond
  :data:`MAX_POSITION`) is refused with ``RK605``, a selection that fits no convention is
  listed (or refused with ``strict``), and so is a source whose best convention is weak
  (most selection ends inside words: the passages are likely shifted);
* each coding keeps the user of its ``Coding``, its ``PlainTextSelection`` and its source,
  so the reader can decide who coded it (:func:`attribute_coders`).

Examples
--------
>>> decode_source(b"\\xef\\xbb\\xbfja", "x", None)
'\\ufeffja'
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from researchkit.errors import ExchangeError, TranscriptError
from researchkit.io.text import decode_bytes
from researchkit.refi.model import ExchangeReport, norm_guid, stable_guid
from researchkit.refi.offsets import Convention, SourceText, choose_convention
from researchkit.refi.safety import MAX_MEMBER_BYTES, SafeArchive
from researchkit.refi.xmlread import kid, kids, note_refs, text_of

__all__ = ["MAX_POSITION", "decode_source", "SourceFiles", "source_text", "check_short", "read_selections", "attribute_coders",
           "passage_label", "note_passages", "annotation_notes"]

#: Largest selection position accepted (far beyond any text a program can hold).
MAX_POSITION = 2**40


def decode_source(data: bytes, where: str, report: ExchangeReport | None) -> str:
    """The text of a source file, keeping a leading byte-order mark as ``\\ufeff``."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return "\ufeff" + data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExchangeError("RK604", where, f"the source text starts with a {encoding.split('-sig')[0].upper()} "
                                    f"byte-order mark but is not valid {encoding.split('-sig')[0].upper()} ({exc.reason} at byte {exc.start})",
                                    hint="the file is damaged; export the project again from the QDA program") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, used = decode_bytes(data, where)
        except TranscriptError as exc:
            raise ExchangeError("RK604", where, f"the source text cannot be read ({exc.message if hasattr(exc, 'message') else exc})",
                                hint="export the project again from the QDA program") from None
        if report is not None:
            report.warnings.append(f"{where}: not UTF-8 as REFI-QDA requires; decoded as {used}")
        return text


class SourceFiles:
    """Source files of a .qdpx archive, or, for a bare .qde, of the folder it lies in.

    A project unpacked from its ``.qdpx`` (as often committed to a repository) is a
    ``project.qde`` with a ``Sources`` folder beside it: for a bare ``.qde`` the files are
    looked up in ``sources/`` (any case) and in the folder itself, never outside it and
    never through a symbolic link.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "Sources").mkdir()
    >>> _ = (d / "Sources" / "r01.txt").write_text("ja")
    >>> files = SourceFiles(None, str(d / "project.qde"), folder=d)
    >>> files.find("internal://r01.txt"), files.read("Sources/r01.txt")
    ('Sources/r01.txt', b'ja')
    """

    def __init__(self, archive: SafeArchive | None, path: str, *, folder: Path | None = None) -> None:
        self.archive, self.path, self.folder = archive, path, folder
        self._files: dict[str, Path] | None = None

    @property
    def place(self) -> str:
        """Where source files are looked for, for messages."""
        if self.archive is not None:
            return "in the archive"
        if self.folder is not None:
            found = sorted({n.split("/", 1)[0] for n in self._folder_files() if "/" in n})
            return f"beside {Path(self.path).name} (in {self.folder / (found[0] if found else 'Sources')} or {self.folder})"
        return "(no archive)"

    def _folder_files(self) -> dict[str, Path]:
        """``relative/posix/path -> file`` of the folder's own files and of its ``sources`` folder (any case)."""
        if self._files is None:
            files: dict[str, Path] = {}
            folder = self.folder
            if folder is not None and folder.is_dir():
                for entry in sorted(folder.iterdir()):
                    if entry.is_symlink():
                        continue
                    if entry.is_file():
                        files[entry.name] = entry
                    elif entry.is_dir() and entry.name.casefold() == "sources":
                        for top, dirs, names in os.walk(entry, followlinks=False):  # links to folders are not entered
                            dirs.sort()
                            for name in sorted(names):
                                sub = Path(top) / name
                                if sub.is_file() and not sub.is_symlink():
                                    files[sub.relative_to(folder).as_posix()] = sub
            self._files = files
        return self._files

    def _lookup(self, name: str) -> str | None:
        if self.archive is not None:
            return self.archive.find(name)
        files = self._folder_files()
        if name in files:
            return name
        hits = [n for n in files if n.casefold() == name.casefold()]
        return hits[0] if len(hits) == 1 else None

    def find(self, ref: str) -> str | None:
        """The archive member (or file beside a bare .qde) a ``plainTextPath`` refers to, or ``None``."""
        if self.archive is None and self.folder is None:
            return None
        ref = ref.strip()
        for scheme in ("internal://", "relative://", "file://"):
            if ref.lower().startswith(scheme):
                ref = ref[len(scheme):]
        ref = ref.lstrip("/").replace("\\", "/")
        for name in dict.fromkeys((ref, unquote(ref))):  # some programs percent-encode spaces
            for candidate in (f"sources/{name}", name):
                hit = self._lookup(candidate)
                if hit:
                    return hit
        return None

    def read(self, member: str) -> bytes:
        """The bytes of one member (or file beside a bare .qde; refused beyond the archive member limit)."""
        if self.archive is not None:
            return self.archive.read(member)
        path = self._folder_files()[member]
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise ExchangeError("RK601", self.path, f"source file {member} is larger than {MAX_MEMBER_BYTES // 2**20} MiB",
                                hint="no transcript is that large; check the file")
        return path.read_bytes()


def source_text(el: Any, files: SourceFiles, report: ExchangeReport) -> tuple[str | None, str, str]:
    """Raw text of a TextSource-like element, where it came from, and the sha256 of its bytes."""
    content = kid(el, "PlainTextContent")
    if content is not None:
        raw = content.text or ""
        return raw, "PlainTextContent", hashlib.sha256(raw.encode("utf-8")).hexdigest()
    ref = el.get("plainTextPath")
    if not ref:
        return None, "no plainTextPath or PlainTextContent", ""
    if ref.lower().startswith("absolute://"):
        return None, f"plainTextPath {ref!r} points outside the archive (absolute paths are not followed)", ""
    member = files.find(ref)
    if member is None:
        return None, f"plainTextPath {ref!r} not found {files.place}", ""
    data = files.read(member)
    return decode_source(data, f"{files.path}!{member}", report), member, hashlib.sha256(data).hexdigest()


def check_short(raw: str, name: str, origin_of_text: str, report: ExchangeReport) -> None:
    """Warn about a source whose text is at most one character, or blank: likely a broken export."""
    body = raw.lstrip("\ufeff")
    if len(body) <= 1 or not body.strip():
        report.warnings.append(f"source '{name}' ({origin_of_text}): its text is {len(body.encode('utf-8'))} byte(s)"
                               f"{', all blank' if body and not body.strip() else ''} ({body!r}); imported as it is -- "
                               "check that the other program exported the whole text")


def _sync_positions(s: Any, doc_id: str, report: ExchangeReport, sync: dict[str, Any]) -> tuple[Any, Any] | None:
    """A ``TranscriptSelection``'s two sync points' positions, the earlier first; ``None`` (listed) when one is unknown."""
    names = ("fromSyncPoint", "toSyncPoint")
    guids = [norm_guid(s.get(n)) or "" for n in names]
    unknown = [f"{n} {s.get(n)!r}" for n, g in zip(names, guids) if g not in sync]
    if unknown:
        report.not_carried.append(f"selection {s.get('guid')} in '{doc_id}': {' and '.join(unknown)} "
                                  f"{'is' if len(unknown) == 1 else 'are'} no sync point of the transcript; "
                                  f"{len(kids(s, 'Coding'))} coding(s) not imported")
        return None
    a, b = sync[guids[0]], sync[guids[1]]
    if isinstance(a, int) and isinstance(b, int) and a > b:
        report.warnings.append(f"selection {s.get('guid')} in '{doc_id}': fromSyncPoint (position {a}) comes after "
                               f"toSyncPoint (position {b}); read as the passage {b}-{a} between them")
        a, b = b, a
    return a, b


def _positions(s: Any, doc_id: str, where: str, report: ExchangeReport, sync: dict[str, Any] | None = None) -> tuple[int, int] | None:
    """A selection's start and end: its positions, or (a ``TranscriptSelection``) the positions of its sync points."""
    first, second = ("startPosition", "endPosition") if sync is None else ("fromSyncPoint", "toSyncPoint")
    a, b = s.get(first), s.get(second)
    if sync is not None:
        pair = _sync_positions(s, doc_id, report, sync)
        if pair is None:
            return None
        a, b = pair
    try:
        start, end = int(a), int(b)
    except (TypeError, ValueError):
        report.not_carried.append(f"selection {s.get('guid')} in '{doc_id}': {first} and {second} "
                                  f"{s.get(first)!r}-{s.get(second)!r} give no positions ({a!r}-{b!r}); "
                                  f"{len(kids(s, 'Coding'))} coding(s) not imported")
        return None
    if not (-MAX_POSITION <= start <= MAX_POSITION and -MAX_POSITION <= end <= MAX_POSITION):
        raise ExchangeError("RK605", where, f"selection {s.get('guid')} in '{doc_id}' has position {start}-{end}, "
                            f"beyond any text (limit {MAX_POSITION:,}); nothing was imported",
                            location=f"line {s.sourceline}", hint="the file is damaged or crafted; export it again from the QDA program")
    return start, end


def read_selections(text_el: Any, source: SourceText, doc_id: str, ctx: Any, *, sync: dict[str, Any] | None = None) -> list[dict]:
    """Coding rows of one source's ``PlainTextSelection``\\s, offsets in the canonical text.

    ``ctx`` is the reader's state (report, origin, code map, notes, sidecar, strict).
    ``sync`` (a transcript's sync point GUIDs and positions) reads its ``TranscriptSelection``\\s instead.
    """
    report, text = ctx.report, source.canonical
    sel_data = []
    for s in kids(text_el, "PlainTextSelection" if sync is None else "TranscriptSelection"):
        pos = _positions(s, doc_id, ctx.where, report, sync)
        if pos is not None:
            sel_data.append((s, *pos))
    starts, ends = [d[1] for d in sel_data], [d[2] for d in sel_data]
    choice = ctx.convention_for(source, starts, ends, [d[0].get("name") for d in sel_data])
    report.conventions[doc_id] = choice.describe()
    ctx.chosen[doc_id] = choice.convention  # sync points of a transcript are placed under it too (researchkit.refi.sync)
    if choice.weak:
        msg = (f"selections in '{doc_id}': no offset convention puts them on word boundaries (best: {choice.convention.label}, "
               f"{choice.on_boundary} of {2 * choice.fitting} ends); the imported passages may be shifted")
        if ctx.strict:
            raise ExchangeError("RK605", ctx.where, msg, hint="compare a few passages with the other program; "
                                "read without strict=True to import them anyway and check them")
        report.warnings.append(msg + " -- compare a few with the other program")
    cs, ce, ok = source.to_canonical(starts, ends, choice.convention)
    rows: list[dict] = []
    bare: list[tuple[Any, str, int, int]] = []
    for (s, start, end), a, b, fits in zip(sel_data, cs.tolist(), ce.tolist(), ok.tolist()):
        sel_guid = norm_guid(s.get("guid")) or ""
        codings = kids(s, "Coding")
        if not fits or a >= b:
            why = "does not fit the text" if not fits else "is empty"
            msg = (f"selection {sel_guid} in '{doc_id}' ({start}-{end}) {why} under {choice.convention.label}; "
                   f"{len(codings)} coding(s) not imported")
            if ctx.strict:
                raise ExchangeError("RK605", ctx.where, msg, hint="read without strict=True to import the rest")
            report.not_carried.append(msg)
            continue
        passage = text[a:b]
        spans = getattr(ctx, "selection_spans", None)
        if spans is not None and sync is None:
            spans[sel_guid] = (doc_id, a, b)  # a case's SelectionRef finds its passage here (researchkit.refi.cases)
        ctx.selection_places[sel_guid] = (f"selection {sel_guid}, the passage {passage if len(passage) <= 50 else passage[:49] + '…'!r} "
                                          f"(characters {a}-{b}) of '{doc_id}'")
        if not codings:
            bare.append((s, sel_guid, a, b))
            continue
        added = _selection_codings(s, codings, sel_guid, doc_id, text, a, b, ctx)
        memo, own_notes = text_of(s, "Description"), note_refs(s)
        if memo is not None:
            memo = ctx.memos.strip(memo, ctx.memos.blocks(own_notes + [g for c in codings for g in note_refs(c)]))
        for row in added:
            row["memo"] = memo
            if own_notes:
                ctx.memos.attach(own_notes, "coding", row["id"])  # notes on the selection belong to each of its codings
        rows.extend(added)
        ctx.selection_targets[sel_guid] = [("coding", row["id"]) for row in added]
    for s, sel_guid, a, b in bare:  # a comment in a selection of its own: on the codings of that very passage, if any
        same = [row for row in rows if row["start"] == a and row["end"] == b]
        ctx.selection_targets[sel_guid] = [("coding", row["id"]) for row in same] or [("document", doc_id)]
        if same:
            _comment_on_codings(s, same, ctx)
        else:
            _passage_notes(s, sel_guid, doc_id, text, a, b, ctx)
    return rows


def _comment_on_codings(s: Any, rows: list[dict], ctx: Any) -> None:
    """A selection without codings on exactly the passage of coded selections (f4 writes a memo on a coded passage so).

    Its comment is added to those codings' memos and its notes become memos on them,
    as for a comment written in the coded selection itself.
    """
    comment, notes = text_of(s, "Description"), note_refs(s)
    comment = ctx.memos.strip(comment, ctx.memos.blocks(notes)) if comment is not None else None
    for row in rows:
        if comment:
            row["memo"] = comment.strip() if not row["memo"] else f"{row['memo']}\n\n{comment.strip()}"
        if notes:
            ctx.memos.attach(notes, "coding", row["id"])


def _passage_notes(s: Any, sel_guid: str, doc_id: str, text: str, a: int, b: int, ctx: Any) -> None:
    """Notes and a comment on a passage nobody coded (MAXQDA comments, requal and QualCoder annotations).

    researchkit attaches memos to projects, documents, codes and codings, not to bare
    passages: each becomes a memo on the document, named after the passage, and the
    report lists the passage and its place, so nothing is lost silently.
    """
    notes, comment = note_refs(s), text_of(s, "Description")
    label, name = passage_label(text, a, b)
    place = f"the passage {label!r} (characters {a}-{b}) of '{doc_id}'"
    names = getattr(ctx, "passage_names", None)
    if names is not None:
        names[sel_guid] = name  # a note linked to this selection is named after its passage too (researchkit.refi.links)
    if notes:
        ctx.memos.attach(notes, "document", doc_id, place=name)
        ctx.report.not_carried.append(f"{len(notes)} note(s) on {place}, a selection without a coding: kept as memo(s) on the "
                                      "document, named after the passage (researchkit memos are not attached to passages)")
    if comment and comment.strip():
        ctx.memos.passage_comment(comment.strip(), doc_id, sel_guid, name,
                                  ctx.coder_of(s.get("creatingUser"), ctx.source_user), s.get("creationDateTime"))
        ctx.report.not_carried.append(f"the comment on {place}, a selection without a coding: kept as a memo on the document "
                                      "(researchkit memos are not attached to passages)")


def passage_label(text: str, a: int, b: int) -> tuple[str, str]:
    """A passage shortened for a report (50 characters at most) and the memo name of a note on it.

    Examples
    --------
    >>> passage_label("Wat zag u in de haven?", 13, 21)
    ('de haven', 'on «de haven» (13-21)')
    """
    passage = text[a:b]
    label = passage if len(passage) <= 50 else passage[:49] + "…"
    return label, f"on «{label}» ({a}-{b})"


def note_passages(note: Any) -> list[tuple[str, Any, Any]]:
    """The ``PlainTextSelection``\\s a ``<Note>`` holds itself, as ``(guid, start, end)`` as written.

    QualCoder writes an annotation (a note on a passage) so: a ``Note`` with the text in
    ``PlainTextContent`` and one ``PlainTextSelection`` giving the passage's positions in the
    text source whose ``NoteRef`` names the note.
    """
    return [(norm_guid(sel.get("guid")) or "", sel.get("startPosition"), sel.get("endPosition"))
            for sel in kids(note, "PlainTextSelection")]


def annotation_notes(refs: list[str], source: SourceText, doc_id: str, ctx: Any) -> list[str]:
    """Attach the notes ``refs`` that hold their own passage (:func:`note_passages`) to ``doc_id``, named after it.

    The positions are read under the document's offset convention (that of its coded
    selections, ``ctx.chosen``); the memo is named after the passage (``on «de haven» (19-27)``)
    and the report lists the passage and its characters. A position that does not fit the
    text is listed as written. Returns the other notes of ``refs``, to attach as usual.
    """
    held = getattr(ctx, "note_passages", {})
    rest: list[str] = []
    convention = ctx.chosen.get(doc_id) or Convention()
    text = source.canonical
    for g in refs:
        selections = held.get(g)
        if not selections:
            rest.append(g)
            continue
        label_note = ctx.memos.notes[g]["name"] or g
        places, names = [], []
        for sel_guid, start, end in selections:
            try:
                a_raw, b_raw = int(start), int(end)
            except (TypeError, ValueError):
                a_raw = b_raw = -1
            fits = False
            if 0 <= a_raw <= b_raw <= MAX_POSITION:
                cs, ce, ok = source.to_canonical([a_raw], [b_raw], convention)
                fits, a, b = bool(ok[0]), int(cs[0]), int(ce[0])
            if fits:
                label, name = passage_label(text, a, b)
                places.append(f"the passage {label!r} (characters {a}-{b})")
                names.append(name)
            else:
                places.append(f"positions {start!r}-{end!r} as written, which do not fit the text under {convention.label}")
        place = (names[0] + (f" and {len(names) - 1} more" if len(names) > 1 else "")) if names else None
        ctx.memos.attach([g], "document", doc_id, place=place)
        ctx.placed_notes.add(g)
        ctx.report.not_carried.append(f"note '{label_note}' (an annotation: {len(selections)} text selection(s) of its own) on "
                                      f"{', '.join(places)} of '{doc_id}': kept as a memo on "
                                      "the document" + (", named after the passage" if names else "")
                                      + " (researchkit memos are not attached to passages)")
    return rest


def _selection_codings(s: Any, codings: list, sel_guid: str, doc_id: str, text: str, a: int, b: int, ctx: Any) -> list[dict]:
    rows = []
    for c in codings:
        ref = kid(c, "CodeRef")
        code_guid = norm_guid(ref.get("targetGUID")) if ref is not None else None
        code_id = ctx.guid_to_code.get(code_guid or "")
        if code_id is None:
            ctx.report.not_carried.append(f"coding {c.get('guid')} in '{doc_id}' refers to unknown code {code_guid}")
            continue
        cid = norm_guid(c.get("guid")) or stable_guid("coding", sel_guid, code_guid or "")
        extra = ctx.side_codings.get(cid, {}) if isinstance(ctx.side_codings.get(cid), dict) else {}
        rows.append({"doc_id": doc_id, "start": a, "end": b, "code": code_id,
                     "_users": (c.get("creatingUser"), s.get("creatingUser"), ctx.source_user),
                     "_dates": (c.get("creationDateTime"), s.get("creationDateTime"), extra.get("created")),
                     "source": extra.get("source", "import"), "text": text[a:b], "id": cid, "memo": None,
                     "unit": extra.get("unit"), "rule_id": extra.get("rule_id"), "evidence": extra.get("evidence"),
                     "confidence": extra.get("confidence"), "origin": extra.get("origin")})
        refs = note_refs(c)
        if refs:
            ctx.memos.attach(refs, "coding", cid)
    return rows


def whole_source_codings(text_el: Any, guid: str, doc_id: str, text: str, ctx: Any) -> list[dict]:
    """Codings of a whole source (``<Coding>`` directly in the source)."""
    rows = []
    for c in kids(text_el, "Coding"):
        ref = kid(c, "CodeRef")
        code_id = ctx.guid_to_code.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
        if code_id is None or not text:
            ctx.report.not_carried.append(f"whole-document coding {c.get('guid')} in '{doc_id}': unknown code or empty text")
            continue
        cid = norm_guid(c.get("guid")) or stable_guid("coding", guid, code_id)
        rows.append({"doc_id": doc_id, "start": 0, "end": len(text), "code": code_id, "_users": (c.get("creatingUser"), None, None),
                     "_dates": (c.get("creationDateTime"), None, None), "source": "import", "text": text, "id": cid, "memo": None,
                     "unit": "document", "rule_id": None, "evidence": None, "confidence": None, "origin": None})
    return rows


def attribute_coders(rows: list[dict], coder_of: Callable[..., str], report: ExchangeReport, *, fallback: str = "") -> None:
    """Set each row's ``coder`` and ``created`` from the users and dates the file gives.

    The ``<Coding>``'s ``creatingUser`` is used, then the selection's, then the source's --
    except when the codings look like NVivo for Windows writes them: every ``<Coding>``
    names one and the same user at one and the same time (the export's), while the
    selections name other users. Then the selection's user (and date) is the coder. The
    report says which. (ATLAS.ti's codings also have one user when one person coded
    quotations that others made, but their times differ: the coding's user is kept.)
    Codings that name no user at all get ``coder_of()``'s default; the report says how
    many, to whom and why (``fallback``), so that agreement is not computed on a made-up coder.
    """
    coding_users = {norm_guid(g) for g in {r["_users"][0] for r in rows} if g}
    selection_users = {norm_guid(g) for g in {r["_users"][1] for r in rows} if g}
    coding_dates = {r["_dates"][0] for r in rows if r["_dates"][0]}
    uniform = (len(rows) >= 2 and len(coding_users) == 1 and len(coding_dates) <= 1
               and bool(selection_users) and selection_users != coding_users)
    names: dict[tuple, str] = {}
    nobody = 0
    for r in rows:
        users, dates = r.pop("_users"), r.pop("_dates")
        nobody += not any(users)
        if uniform:
            users, dates = (users[1], users[0], users[2]), (dates[1], dates[0], dates[2])
        if users not in names:
            names[users] = coder_of(*users)
        r["coder"] = names[users]
        r["created"] = dates[0] or dates[1] or dates[2] or None
    if not rows:
        return
    if uniform:
        report.attribution = (f"coders from each <PlainTextSelection>'s creatingUser: every <Coding> names the same user "
                              f"({coder_of(next(iter(coding_users)))}) at the same time while the selections name "
                              f"{len(selection_users)} user(s) (as NVivo for Windows exports)")
    else:
        report.attribution = "coders from each <Coding>'s creatingUser (else its selection's, else its source's)"
    if nobody:
        report.attribution += (f"; {nobody} coding(s) name no user (nor does their selection or source): credited to "
                               f"'{coder_of()}' ({fallback or 'default'})")


def source_name(src: Any, origin_of_text: str, guid: str) -> str:
    """The name a source is known by: its ``name``, else its file's stem, else its GUID."""
    return src.get("name") or Path(origin_of_text).stem or guid
