"""Which column of a coded-segment table holds what, and which program wrote it.

QDA programs export their coded segments as spreadsheets with their own column names,
localised in German and Dutch where the program is:

========== ==========================================================================
producer   columns (English; German/Dutch where localised)
========== ==========================================================================
MAXQDA     Color, Document group, Document name, Code, Beginning, End, Weight score,
           Segment, Comment, Created by, Created, Area, Coverage % (MAXQDA 24 may add
           Other codes assigned to segment and one ``Code: <path>`` column per code, 1/0)
           (Farbe, Dokumentgruppe, Dokumentname, Anfang, Ende, Gewicht, Kommentar,
           Erstellt von, Erstellt am; Kleur, Documentgroep, Documentnaam, Begin, Einde; French
           Couleur, Groupe de documents, Nom du document, Début, Fin, Poids, Commentaire, Créé par,
           Créé le; Spanish Grupo de documentos, Nombre del documento, Código, Inicio, Fin, Peso,
           Segmento, Comentario, Creado por, Creado el)
ATLAS.ti   ID (``1:5``), Quotation Name, Quotation Content, Document, Codes (several,
           one per line), Comment, Created by, Reference / Start Position; the quotation
           manager's export of ATLAS.ti 23 and later: Number (``1:5``), Reference, Name,
           Text Content, Document, Codes, Number of Codes, Comment, Initial Position,
           Final Position, Length, Creation Date, Modification Date
QualCoder  its coding report (CSV, xlsx): File (or Case, Filename), Coder, Coded, Id
           (``ctid:12``; ``imid:``/``avid:`` for image and A/V codings), Codename,
           Coded_Memo, then one Category column per level above the code (leaf to root);
           its SQL dialog's export (``sql_report.csv``, the query's column names: the
           default "CODED TEXT WITH EACH CASE" gives codename, casename, pos0, pos1, fid,
           coded text, owner; docs/exchange.md gives a query for codename, coder, file,
           pos0, pos1, text); its "Codes by text segments" report
           (xlsx): caseid, case name, fileid, file name, pos0, pos1, text, then one
           column per code holding 1 where the code is applied, 0 where not
Dedoose    Media Title, Excerpt Copy, Excerpt Range (``120-245``), Excerpt Creator,
           one ``Code: <name> Applied`` column per code (True/False); Codes Applied Combined
           (the codes' names joined by ``, ``) is read only when there are no code columns
Taguette   id, document, tag, content
MAXQDA     the codings of a MAXQDA exchange file (``.mex``) as the R package maxqdar
(.mex)     extracts them: ID, TextID, WordID, Preview (the segment's first 63 characters),
           start, end (character offsets), file_name, tag
RQDA       its coding table as R's ``RQDA::getCodingTable()`` returns it and ``write.csv``
           writes it: (row names,) rowid, cid, fid, codename, filename, index1, index2
           (character offsets, 0-based, end exclusive), CodingLength; RQDAassist's
           ``retrieve_codingtable`` adds codecat (the code's category, ``NA`` for none) and
           coder. No passage: the segment is the text at the offsets
========== ==========================================================================

:func:`plan_columns` maps a header row to *roles* (``document``, ``text``, ``code``,
``coder``, ``memo``, ``start``, ``end``, ``range``, ``ref``) and names the producer.
Header cells are compared with :func:`researchkit.codebook.tablecols.header_key` (accents
folded, lower case, words joined by ``_``).

Examples
--------
>>> plan = plan_columns(["Farbe", "Dokumentgruppe", "Dokumentname", "Code", "Anfang", "Ende", "Segment"])
>>> plan.producer, plan.roles["document"], plan.roles["text"], plan.unit
('MAXQDA', 2, 6, 'paragraph')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from researchkit.codebook.tablecols import header_key

__all__ = ["ROLE_NAMES", "SegmentColumns", "plan_columns", "accepted_names"]

#: Header names per role (normalised by ``header_key``), best first.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "document": ("document_name", "dokumentname", "documentnaam", "document_naam", "media_title", "document",
                 "dokument", "file", "filename", "file_name", "bestand", "bestandsnaam", "datei", "source",
                 "source_name", "bron", "doc", "doc_id", "transcript", "interview", "primary_document",
                 "casename",  # QualCoder's SQL dialog, default query "CODED TEXT WITH EACH CASE"
                 "nom_du_document", "nombre_del_documento", "documento"),  # MAXQDA, ATLAS.ti in French and Spanish
    "text": ("segment", "quotation_content", "text_content", "zitatinhalt", "zitat_inhalt", "citaatinhoud", "excerpt_copy",
             "coded_text", "codierter_text", "gecodeerde_tekst", "text", "tekst", "content", "inhalt", "inhoud",
             "seltext", "passage", "quotation", "quote", "zitat", "citaat", "fragment", "excerpt", "selected_text",
             "segmento", "contenu_de_la_citation", "contenido_de_la_cita", "texte", "texto"),
    "name_text": ("quotation_name", "zitatname", "zitat_name", "citaatnaam", "nom_de_la_citation", "nombre_de_la_cita", "name"),
    "preview": ("preview",),  # the first characters of the segment (MAXQDA's exchange file: 63 at most)
    "code": ("code", "codes", "codename", "code_name", "codenaam", "kode", "kodes", "tag", "tags", "node", "nodes",
             "knoten", "codes_applied", "codigo", "codigos"),
    "coder": ("created_by", "erstellt_von", "aangemaakt_door", "gemaakt_door", "coder", "codierer", "codeur",
              "excerpt_creator", "owner", "author", "auteur", "autor", "user", "benutzer", "gebruiker", "coded_by",
              "cree_par", "creado_por"),
    "memo": ("comment", "kommentar", "commentaar", "opmerking", "memo", "excerpt_memo", "note", "notes", "notiz",
             "commentaire", "comentario"),
    "start": ("beginning", "anfang", "begin", "start", "pos0", "index1", "selfirst", "start_position", "startposition", "start_pos", "initial_position",
              "from", "von", "van", "start_paragraph", "first_paragraph", "absatz_von", "debut", "inicio"),
    "end": ("end", "ende", "einde", "pos1", "index2", "selend", "end_position", "endposition", "end_pos", "final_position", "to", "bis", "tot",
            "end_paragraph", "last_paragraph", "absatz_bis", "fin"),
    "range": ("excerpt_range", "range", "reference", "referenz", "referentie", "position", "referencia"),
    "ref": ("id", "quotation_id", "zitat_id", "nr", "no", "number"),
    "length": ("codinglength", "coding_length"),  # RQDA: the characters between the offsets
}

#: Columns of the exports that say nothing about where a segment is or how it is coded.
_SET_ASIDE = re.compile(
    r"^(?:color|colour|farbe|kleur|couleur|document_group|dokumentgruppe|documentgroep|groupe_de_documents|"
    r"grupo_de_documentos|weight(?:_score)?|gewicht|poids|peso|cree_le|creado_el|"
    r"area|flache|oppervlakte|coverage.*|abdeckung.*|dekking.*|created|created_on|erstellt_am|aangemaakt_op|"
    r"modified.*|geandert.*|gewijzigd.*|excerpt_date|resource_creator|resource_date|date|datum|density|"
    r"groundedness|document_groups|code_groups|dokumentgruppen|codegruppen|documentgroepen|codegroepen|dichte|"
    r"fundierung|erstellt|.*_weight|.*_range|caseid|case_name|fileid|"
    r"creation_date|modification_date|number_of_codes|length|extension|extensao|other_codes_assigned_to_segment|"
    r"textid|wordid|preview_length|rowid|cid|fid)$"
)
_DEDOOSE_CODE = re.compile(r"code\s*:\s*(.+)", re.IGNORECASE | re.DOTALL)
#: Which of Dedoose's columns of one code says it is applied, best first.
_WIDE_KINDS = ("applied", "weight", "")

#: The fixed columns of QualCoder's "Codes by text segments" report (``report_codes_by_segments.py``,
#: ``fill_table``); every column after ``text`` is a code, 1 where applied.
_QUALCODER_MATRIX = ("caseid", "case_name", "fileid", "file_name", "pos0", "pos1", "text")

#: The columns of QualCoder's coding report (``report_codes.py``, ``export_csv_file``/``export_xlsx_file``):
#: the passage is ``Coded``, the code's parents are the ``Category`` columns (leaf to root).
_QUALCODER_REPORT = ("coder", "coded", "id", "codename")

#: Producer -> header keys that, all present, name it (checked in this order).
_SIGNATURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("QualCoder", ("codename", "pos0", "pos1")),
    ("QualCoder", _QUALCODER_MATRIX),
    ("QualCoder", _QUALCODER_REPORT),
    ("Dedoose", ("excerpt_copy",)),
    ("Dedoose", ("media_title",)),
    ("ATLAS.ti", ("quotation_content",)),
    ("ATLAS.ti", ("quotation_name",)),
    ("ATLAS.ti", ("text_content", "number_of_codes")),
    ("ATLAS.ti", ("text_content", "initial_position")),
    ("ATLAS.ti", ("zitatname",)),
    ("ATLAS.ti", ("zitat_name",)),
    ("ATLAS.ti", ("zitatinhalt",)),
    ("ATLAS.ti", ("citaatnaam",)),
    ("ATLAS.ti", ("citaatinhoud",)),
    ("MAXQDA", ("document_name", "segment")),
    ("MAXQDA", ("dokumentname", "segment")),
    ("MAXQDA", ("documentnaam", "segment")),
    ("MAXQDA", ("nom_du_document", "segment")),
    ("MAXQDA", ("nombre_del_documento", "segmento")),
    ("ATLAS.ti", ("nom_de_la_citation",)),
    ("ATLAS.ti", ("contenu_de_la_citation",)),
    ("ATLAS.ti", ("nombre_de_la_cita",)),
    ("ATLAS.ti", ("contenido_de_la_cita",)),
    ("Taguette", ("id", "document", "tag", "content")),
    ("MAXQDA exchange file", ("textid", "wordid", "preview")),  # a .mex file's codings as the R package maxqdar writes them
    ("RQDA", ("codename", "filename", "index1", "index2")),  # RQDA::getCodingTable()
    ("RQDA", ("selfirst", "selend")),  # RQDA's coding table as stored
)
#: Start columns that hold character offsets whatever else the table holds (RQDA's ``index1`` and
#: ``selfirst``, QualCoder's ``pos0``): only with one of them is a table without passages read.
_CHAR_OFFSETS = ("index1", "selfirst", "pos0")
#: RQDA's column naming a code's category (RQDAassist's ``codecat``): the code's parent.
_RQDA_CATEGORY = "codecat"
#: How each producer counts the positions it writes (``None``: no positions).
_UNITS = {"MAXQDA": "paragraph", "ATLAS.ti": "paragraph", "QualCoder": "char", "Dedoose": "char",
          "Taguette": None, "table": "char", "MAXQDA exchange file": "char", "RQDA": "char"}


def accepted_names(role: str) -> str:
    """The header names accepted for ``role``, for messages.

    Examples
    --------
    >>> accepted_names("code")[:30]
    'code, codes, codename, code na'
    """
    return ", ".join(n.replace("_", " ") for n in ROLE_NAMES[role])


@dataclass
class SegmentColumns:
    """What each column of a coded-segment table is used for.

    Attributes
    ----------
    headers
        The header cells as written.
    producer
        ``MAXQDA``, ``ATLAS.ti``, ``QualCoder``, ``Dedoose``, ``Taguette``, ``RQDA`` or
        ``table`` (columns recognised, program unknown).
    roles
        ``role -> column index``.
    code_columns
        One column per code, ``(column index, code name)``: Dedoose's ``Code: X Applied``
        column (True/False), else its ``Code: X Weight`` column (a weight when applied), else
        ``Code: X``; in QualCoder's "Codes by text segments" report every column after ``text``
        (1 where applied).
    path_columns
        Columns naming the code's parents, nearest first (QualCoder's ``Category`` columns,
        RQDA's ``codecat``).
    unit
        What the table's positions count: ``"paragraph"``, ``"char"`` or ``None``.
    ignored
        ``(column index, header)`` of columns set aside (colours, weights, dates, variables).
    code_separator
        What separates the codes of one code cell besides line breaks (``","`` in Dedoose's
        Codes Applied Combined), else ``None``.
    """

    headers: list[str]
    producer: str = "table"
    roles: dict[str, int] = field(default_factory=dict)
    code_columns: list[tuple[int, str]] = field(default_factory=list)
    path_columns: list[int] = field(default_factory=list)
    unit: str | None = None
    ignored: list[tuple[int, str]] = field(default_factory=list)
    code_separator: str | None = None

    def used(self) -> dict[str, str]:
        """``header -> role`` for the columns read (for the report).

        Examples
        --------
        >>> plan_columns(["id", "document", "tag", "content"]).used()
        {'id': 'ref', 'document': 'document', 'tag': 'code', 'content': 'text'}
        """
        out = {i: role for role, i in self.roles.items()}
        out.update({i: f"code {name!r}" for i, name in self.code_columns})
        out.update({i: "parent of the code" for i in self.path_columns})
        return {self.headers[i] or f"(column {i + 1})": out[i] for i in sorted(out)}

    def usable(self) -> bool:
        """A document column, a passage column (or character offsets) and at least one code column.

        A table without passages is usable when it gives each segment's start and end as
        character offsets under a name that can mean nothing else (RQDA's coding table:
        ``index1``/``index2``): the segment is then the text at the offsets.

        Examples
        --------
        >>> plan_columns(["document", "code"]).usable(), plan_columns(["filename", "codename", "index1", "index2"]).usable()
        (False, True)
        """
        has_text = "text" in self.roles or "name_text" in self.roles or "preview" in self.roles
        return "document" in self.roles and (has_text or self.by_offsets()) and ("code" in self.roles or bool(self.code_columns))

    def by_offsets(self) -> bool:
        """No passage column, but each segment's start and end as character offsets.

        Examples
        --------
        >>> plan_columns(["codename", "filename", "index1", "index2"]).by_offsets()
        True
        >>> plan_columns(["Dokumentname", "Code", "Anfang", "Ende"]).by_offsets()  # MAXQDA: paragraphs, not characters
        False
        >>> plan_columns(["document", "code", "start", "end"]).by_offsets()  # what the numbers count is not known
        False
        """
        has_text = "text" in self.roles or "name_text" in self.roles or "preview" in self.roles
        if has_text or "start" not in self.roles or "end" not in self.roles or self.unit != "char":
            return False
        return header_key(self.headers[self.roles["start"]]) in _CHAR_OFFSETS


def _dedoose_code(header: str) -> tuple[str, str] | None:
    """``(code name, kind)`` of a Dedoose ``Code: X Applied`` header (kind ``applied``, ``weight``, ``range`` or ``""``).

    Plain string work after one anchored match: a lazy group before ``\\s*$`` took time
    quadratic in a run of spaces (a header cell padded with 20 000 spaces: 16 s).

    Examples
    --------
    >>> _dedoose_code(" Code: Haven\\\\Noord  Applied "), _dedoose_code("Code:Rust"), _dedoose_code("Codes")
    (('Haven\\\\Noord', 'applied'), ('Rust', ''), None)
    """
    found = _DEDOOSE_CODE.fullmatch(header.strip())
    if found is None:
        return None
    words = found.group(1).rsplit(None, 1)
    if len(words) == 2 and words[1].casefold() in ("applied", "weight", "range"):
        return words[0].strip(), words[1].casefold()
    return found.group(1).strip(), ""


def _producer(keys: set[str]) -> str:
    for name, wanted in _SIGNATURES:
        if all(k in keys for k in wanted):
            return name
    return "table"


def plan_columns(headers: Sequence[object]) -> SegmentColumns:
    """Decide what every column is for and which program wrote the table.

    The first column whose header is a known name of a role takes it (a second
    ``Document name`` column, as MAXQDA writes when document variables are exported,
    is set aside); ``Code: X Applied`` columns are Dedoose's codes.

    Examples
    --------
    >>> p = plan_columns(["ID", "Quotation Name", "Quotation Content", "Document", "Codes", "Comment"])
    >>> p.producer, p.roles["text"], p.roles["code"], p.roles["memo"]
    ('ATLAS.ti', 2, 4, 5)
    >>> plan_columns(["Media Title", "Excerpt Copy", "Code: Haven\\\\Noord Applied", "Code: Haven\\\\Noord Weight",
    ...               "Code: Rust Weight"]).code_columns
    [(2, 'Haven\\\\Noord'), (4, 'Rust')]
    >>> r = plan_columns(["File", "Coder", "Coded", "Id", "Codename", "Coded_Memo", "Category", "Category", "FileVar_age"])
    >>> r.producer, r.roles["text"], r.roles["memo"], r.path_columns, r.unit
    ('QualCoder', 2, 5, [6, 7], None)
    >>> q = plan_columns(["caseid", "case name", "fileid", "file name", "pos0", "pos1", "text", "Haven", "Coder", "code"])
    >>> q.producer, q.roles["document"], q.code_columns, q.unit, "code" in q.roles
    ('QualCoder', 3, [(7, 'Haven'), (8, 'Coder'), (9, 'code')], 'char', False)
    """
    texts = [str(h if h is not None else "").strip() for h in headers]
    keys = [header_key(h) for h in texts]
    plan = SegmentColumns(texts, producer=_producer(set(keys)))
    rank = {role: {name: n for n, name in enumerate(names)} for role, names in ROLE_NAMES.items()}
    best: dict[str, tuple[int, int]] = {}
    wide: dict[str, dict[str, int]] = {}
    for i, key in enumerate(keys):
        found = _dedoose_code(texts[i])
        if found:
            wide.setdefault(found[0], {})[found[1]] = i
            continue
        for role, names in rank.items():
            if key in names and (role not in best or names[key] < best[role][0]):
                best[role] = (names[key], i)
                break
    plan.roles = {role: i for role, (_, i) in best.items()}
    plan.code_columns = sorted((next(cols[k] for k in _WIDE_KINDS if k in cols), name)
                               for name, cols in wide.items() if any(k in cols for k in _WIDE_KINDS))
    if plan.producer == "MAXQDA" and "code" in plan.roles:
        # MAXQDA 24 adds one ``Code: <path>`` column per code (1 where the segment's code is it or
        # below it) beside the Code column that names the segment's own code: not more codes.
        plan.code_columns = []
    if "codes_applied_combined" in keys and "code" not in plan.roles and not plan.code_columns:
        # Dedoose: the names of the excerpt's codes joined by ', ' (read only when no Code: X Applied columns say it)
        plan.roles["code"], plan.code_separator = keys.index("codes_applied_combined"), ","
    last = keys.index("text") if all(k in keys for k in _QUALCODER_MATRIX) else -1
    if last >= 0 and plan.roles.get("code", len(keys)) > last:  # the code columns follow 'text', whatever their names
        plan.roles = {role: i for role, i in plan.roles.items() if i <= last}
        plan.code_columns += [(i, texts[i]) for i in range(last + 1, len(texts)) if texts[i]]
    if plan.producer == "RQDA" and _RQDA_CATEGORY in keys:  # the code's category is its parent
        plan.path_columns = [keys.index(_RQDA_CATEGORY)]
    if all(k in keys for k in _QUALCODER_REPORT) and "text" not in plan.roles:
        plan.roles["text"] = keys.index("coded")
        if "coded_memo" in keys:
            plan.roles["memo"] = keys.index("coded_memo")
        plan.path_columns = [i for i, k in enumerate(keys) if k == "category"]
    plan.unit = _UNITS.get(plan.producer, "char") if ({"start", "range"} & set(plan.roles)) else None
    if plan.unit and any(word in keys[plan.roles.get("start", plan.roles.get("range", 0))] for word in ("paragraph", "absatz")):
        plan.unit = "paragraph"
    taken = set(plan.roles.values()) | {i for i, _ in plan.code_columns} | set(plan.path_columns)
    plan.ignored = [(i, texts[i]) for i in range(len(texts)) if i not in taken and texts[i]]
    return plan


def set_aside_reason(header: str) -> str:
    """Why a column is not read: a program's own bookkeeping, or a variable or unknown column.

    Examples
    --------
    >>> set_aside_reason("Weight score"), set_aside_reason("Leeftijd")
    ('bookkeeping of the program (colour, weight, coverage, date)', 'not a column of coded segments')
    >>> set_aside_reason("Code: Social_self > Partner")[:45]
    'one column per code beside the Code column (M'
    """
    if _SET_ASIDE.match(header_key(header)):
        return "bookkeeping of the program (colour, weight, coverage, date)"
    if header_key(header) == "codes_applied_combined":
        return "the excerpt's codes without their parents (Dedoose): the Code: X Applied columns name them with their paths"
    if _dedoose_code(header):
        return "one column per code beside the Code column (MAXQDA): the Code column names the segment's code"
    return "not a column of coded segments"
