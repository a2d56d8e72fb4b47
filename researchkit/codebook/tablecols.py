"""Which column of a codebook sheet holds what: header names in English and Dutch, and QDA programs' exports.

A codebook kept as a spreadsheet ("Code | Definition | When to use | When not to use |
Example | Parent") or exported by a QDA program (NVivo: ``Name, Description, Files,
References``; ATLAS.ti: ``Code, Comment, Code Groups, Grounded, Density``; MAXQDA:
``Code, Memo``; Taguette: ``tag, description, number of highlights``) names its columns
in many ways. :func:`plan_columns` maps the header row to researchkit's fields (the
*roles*), says which columns give the hierarchy, which are kept as ``x_`` extras and
which are set aside (counts and dates a program adds, which describe a project rather than
the codebook). :func:`find_header` finds the header row below title lines.

Examples
--------
>>> plan = plan_columns(["Code", "Definitie", "Wanneer gebruiken", "Trefwoorden", "Files"])
>>> plan.roles
{'name': 0, 'description': 1, 'include': 2, 'keywords': 3}
>>> plan.ignored
[(4, 'Files', 'a count the QDA program adds')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Sequence

__all__ = ["ROLE_NAMES", "ColumnPlan", "header_key", "plan_columns", "find_header", "accepted_names"]

#: Header names per role, normalised by :func:`header_key`, best first.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("name", "naam", "code_name", "codenaam", "code_naam", "naam_code", "node", "node_name", "label",
             "title", "titel", "tag", "code", "codes", "codigo", "kode", "category_name", "code_title", "tag_name",
             # Spanish, Portuguese, French, German (a Mayring table's "Kategorie" is the code itself)
             "nombre", "nome", "nom", "nombre_del_codigo", "nome_do_codigo", "bezeichnung", "kategorie",
             "kategoriename", "kategorienname", "kategorienbezeichnung"),
    "id": ("id", "code_id", "codeid", "nr", "no", "number", "nummer", "code_number", "codenummer", "code_nr",
           "abbreviation", "afkorting", "short_code", "shortcode", "acronym"),
    "name_en": ("name_en", "english_name", "name_english", "engelse_naam", "naam_en", "naam_engels", "english",
                "label_en", "code_en", "name_in_english"),
    "description": ("definition", "definitie", "description", "omschrijving", "beschrijving", "code_memo", "memo",
                    "comment", "comments", "commentaar", "toelichting", "explanation", "uitleg", "meaning",
                    "betekenis", "comentario", "beschreibung", "kommentar", "definicion", "notes", "note", "code_description",
                    "code_definition", "code_comment", "tag_description", "code_memo_text", "descripcion", "descricao",
                    "definicao", "erlauterung", "kategoriendefinition", "operational_definition"),
    "description_en": ("description_en", "definition_en", "english_description", "english_definition",
                       "engelse_omschrijving", "omschrijving_en", "definitie_en", "omschrijving_engels"),
    "include": ("include", "inclusion", "inclusion_criteria", "when_to_use", "use_when", "apply_when",
                "wanneer_gebruiken", "wanneer_te_gebruiken", "gebruik_wanneer", "insluiten", "insluitcriteria",
                "inclusiecriteria", "includes", "inclusion_criterion", "criterios_de_inclusion", "kodierregel", "kodierregeln",
                "codierregel", "codierregeln", "decision_rule", "decision_rules", "coding_rule", "coding_rules"),
    "exclude": ("exclude", "exclusion", "exclusion_criteria", "when_not_to_use", "do_not_use_when",
                "dont_use_when", "don_t_use_when", "wanneer_niet_gebruiken", "wanneer_niet_te_gebruiken",
                "niet_gebruiken_wanneer", "uitsluiten", "uitsluitcriteria", "exclusiecriteria", "excludes",
                "exclusion_criterion", "criterios_de_exclusion", "abgrenzung", "abgrenzungen", "abgrenzungsregel",
                "abgrenzungsregeln"),
    "examples": ("examples", "example", "voorbeelden", "voorbeeld", "example_quote", "example_quotes", "quotes",
                 "quote", "citaat", "citaten", "exemplar", "typical_exemplar", "anchor_example", "ankerbeispiel",
                 "ankerbeispiele", "beispiel", "beispiele", "ejemplo", "ejemplos", "exemplo", "exemplos", "exemple",
                 "exemples"),
    "keywords": ("keywords", "keyword", "trefwoorden", "trefwoord", "zoekwoorden", "search_terms", "terms",
                 "termen", "kernwoorden"),
    "exclude_keywords": ("exclude_keywords", "excluded_keywords", "negative_keywords", "uitsluitwoorden",
                         "uitgesloten_trefwoorden", "exclude_terms"),
    "parent": ("parent", "parent_code", "parent_name", "parent_node", "parent_id", "bovenliggende_code",
               "bovenliggend", "ouder", "oudercode", "ouder_code", "parent_title", "obercode", "ubergeordneter_code",
               "parent_code_name", "ubergeordnete_kategorie", "codigo_padre", "codigo_pai", "parent_code_id", "parent_node_id"),
    "path": ("path", "pad", "hierarchical_name", "full_name", "volledige_naam", "code_path", "hierarchy",
             "hierarchie"),
    "level": ("level", "niveau", "depth", "diepte", "ebene", "hierarchy_level", "code_level"),
    "color": ("color", "colour", "kleur", "farbe", "code_color", "code_colour", "cor", "couleur"),
    "category": ("category", "categorie", "theme", "thema", "section", "sectie", "family", "code_family",
                 "hoofdcode", "main_code", "hoofdcategorie", "hoofdthema", "domain", "domein", "dimension",
                 "dimensie", "top_code", "hoofdgroep", "folder", "code_folder", "map", "codemap", "code_category",
                 "hauptkategorie", "oberkategorie", "hauptthema", "oberthema", "categoria", "tema"),
}
_LEVEL_COLUMN = re.compile(r"^(?:(?:code_)?(?:level|niveau|ebene|nivel)_?(\d+)|(?:sub_?|unter_?){1,3}(?:code|category|categorie|"
                           r"thema|theme|node|tag|kategorie|categoria|tema|codigo)[sn]?(?:_?\d+)?)$")
_GROUP_COLUMN = re.compile(r"^(?:code_?|kode_?)?(?:groups?|groepen|groep|gruppen?)(?:_\d+)?$|^grupos?_de_codigos(?:_\d+)?$|"
                           r"^codegroep(?:en)?$|^(?:kode|code)gruppen$")
#: Columns a QDA program adds about a project's coding (counts, dates, authors): set aside, and listed.
_STATISTICS = re.compile(
    r"^(?:files|references|coding_references|aggregate|number_of_highlights|highlights|grounded|groundedness|"
    r"density|magnitude|degree|magnitude_degree|number_of_groups|count|counts|frequency|frequencies|totals?|"
    r"coded_segments.*|segments|documents|docs|quotations|number_of_quotations|n|created|created_on|created_by|"
    r"modified|modified_on|modified_by|creation_date|modification_date|author|auteur|date|datum|"
    r"aangemaakt.*|gewijzigd.*|bestanden|verwijzingen|aantal.*|excerpts|media|cases)$"
)


def header_key(text: object) -> str:
    """A header cell as compared: accents folded, lower case, words joined by ``_``.

    Examples
    --------
    >>> header_key(" When NOT to use? "), header_key("Grupo de Códigos 1"), header_key("Naam (EN)")
    ('when_not_to_use', 'grupo_de_codigos_1', 'naam_en')
    """
    folded = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return "_".join(re.findall(r"[a-z0-9]+", folded.casefold()))


def accepted_names(role: str = "name") -> str:
    """The header names accepted for ``role``, for messages.

    Examples
    --------
    >>> accepted_names("parent")[:40]
    'parent, parent code, parent name, parent'
    """
    return ", ".join(n.replace("_", " ") for n in ROLE_NAMES[role])


@dataclass
class ColumnPlan:
    """What each column of a codebook sheet is used for.

    Attributes
    ----------
    headers
        The header cells as written.
    id_guessed
        ``True`` when a ``Code`` column beside a ``Name``/``Label`` column was taken for
        ids (the reader keeps it as ids only when its values look like ids).
    roles
        ``role -> column index`` for single-valued roles (``name``, ``description`` ...).
    levels
        Columns that together spell a code's path, shallow to deep (category columns,
        ``Level 1``/``Subcode`` columns, and the name column when level columns exist).
    outline
        ``True`` when the sheet has level columns (``Code | Subcode``): a blank cell
        left of a row's code repeats the row above.
    groups
        Code-group columns (ATLAS.ti ``Code Groups``), kept as ``x_groups``.
    extras
        ``(column, x_key)`` for other columns with a header, kept on each code.
    ignored
        ``(column, header, reason)`` for columns set aside.
    repeat
        ``True`` when the category columns stand left of the code column and a blank
        category cell repeats the row above (a sheet whose group cells were merged, saved
        as CSV); set from the data by :func:`researchkit.codebook.table.import_codebook_table`.
    parent_fields
        ``role -> column`` (``id``, ``description``) of the category in a wide two-level
        layout (``theme_id, theme_label, theme_description, sub_theme_id, sub_theme_label ...``):
        they describe the category code, not the row's code.
    """

    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    levels: list[int] = field(default_factory=list)
    outline: bool = False
    groups: list[int] = field(default_factory=list)
    extras: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[tuple[int, str, str]] = field(default_factory=list)
    id_guessed: bool = False
    repeat: bool = False
    parent_fields: dict[str, int] = field(default_factory=dict)

    def used(self) -> dict[str, str]:
        """``header -> what it became``, in column order (for reports).

        Examples
        --------
        >>> plan_columns(["Code", "Memo"]).used()
        {'Code': 'name', 'Memo': 'description'}
        """
        out: dict[int, str] = {}
        for role, i in self.roles.items():
            out[i] = f"{out[i]} and {role}" if i in out else role
        for i in self.levels:
            out.setdefault(i, "level in the path")
        for role, i in self.parent_fields.items():
            out[i] = f"{role} of the level above"
        for i in self.groups:
            out[i] = "x_groups"
        for i, key in self.extras:
            out[i] = key
        return {self.headers[i] or f"(column {i + 1})": out[i] for i in sorted(out)}


#: A header of several words that names no role is read by its last word ("Operational Definition",
#: "Outcome category") or first word ("Description for API", "Ejemplos de evidencia") when that word is one of these.
_HEAD_WORDS = {"definition": "description", "description": "description", "definitie": "description",
               "omschrijving": "description", "beschreibung": "description", "definicion": "description",
               "descripcion": "description", "examples": "examples", "example": "examples", "voorbeelden": "examples",
               "ejemplos": "examples", "exemplos": "examples", "beispiele": "examples", "category": "category",
               "categorie": "category", "theme": "category", "thema": "category", "include": "include",
               "inclusion": "include", "exclude": "exclude", "exclusion": "exclude"}
#: ... unless the header counts something ("Number of examples").
_COUNT_WORDS = {"n", "no", "nr", "number", "count", "aantal", "anzahl", "numero", "frequency", "total", "totaal"}


def _role_of(key: str, override: Mapping[str, str]) -> str | None:
    for role, wanted in override.items():
        if header_key(wanted) == key:
            return role
    for role, names in ROLE_NAMES.items():
        if key in names:
            return role
    words = key.split("_")
    if len(words) > 1 and not _COUNT_WORDS.intersection(words) and not _STATISTICS.match(key):
        first = _HEAD_WORDS.get(words[0])
        return _HEAD_WORDS.get(words[-1]) or (first if first != "category" else None)
    return None


#: The last word of a column in a wide two-level layout (``theme_id, theme_label, theme_description,
#: sub_theme_id, sub_theme_label, sub_theme_description``) and what it holds.
_PART_ROLES = {"label": "name", "name": "name", "title": "name", "id": "id", "nr": "id", "number": "id",
               "description": "description", "definition": "description", "desc": "description"}


def _wide_groups(keys: Sequence[str]) -> tuple[dict[str, int], dict[str, int]] | None:
    """The parent's and the child's columns (``role -> column``) of a wide two-level layout, or ``None``.

    Examples
    --------
    >>> _wide_groups(["theme_id", "theme_label", "sub_theme_id", "sub_theme_label", "sub_theme_description"])
    ({'id': 0, 'name': 1}, {'id': 2, 'name': 3, 'description': 4})
    >>> _wide_groups(["code_label", "description"]) is None
    True
    """
    groups: dict[str, dict[str, int]] = {}
    for i, key in enumerate(keys):
        head, _, tail = key.rpartition("_")
        if head and tail in _PART_ROLES:
            groups.setdefault(head, {}).setdefault(_PART_ROLES[tail], i)
    for head, parent in groups.items():
        child = groups.get(f"sub_{head}") or groups.get(f"sub{head}")
        if "name" in parent and child and "name" in child:
            return parent, child
    return None


#: Headers of a code column that may hold ids rather than names.
CODEISH = ("code", "codes", "codigo", "kode")


def _pick(candidates: dict[str, list[int]], keys: list[str], override: Mapping[str, str]) -> dict[str, int]:
    """One column per single-valued role: the override, else the best-ranked name, else the leftmost."""
    roles: dict[str, int] = {}
    for role, cols in candidates.items():
        if role == "category":
            continue
        if role in override:
            roles[role] = next((i for i in cols if keys[i] == header_key(override[role])), cols[0])
            continue
        rank = {name: n for n, name in enumerate(ROLE_NAMES[role])}
        roles[role] = min(cols, key=lambda i: (rank.get(keys[i], len(rank)), i))
    if "name" in roles and "name" not in override and "id" not in roles:
        codeish = [i for i in candidates["name"] if keys[i] in CODEISH]
        others = [i for i in candidates["name"] if keys[i] not in CODEISH]
        if codeish and others:  # "Code | Label": the code column may hold ids (checked on the values)
            roles["id"], roles["name"] = codeish[0], roles["name"] if roles["name"] in others else min(others)
    return roles


def plan_columns(headers: Sequence[object], columns: Mapping[str, str] | None = None) -> ColumnPlan:
    """Decide what every column is for (see the module docstring).

    Parameters
    ----------
    headers
        The header row's cells.
    columns
        ``role -> header`` to name columns the vocabulary does not know, e.g.
        ``{"name": "Competency"}``.

    Examples
    --------
    >>> p = plan_columns(["Thema", "Code", "Subcode", "Memo", "Code Groups", "Python content"])
    >>> p.levels, p.outline, p.groups, p.extras
    ([0, 1, 2], True, [4], [(5, 'x_python_content')])
    """
    override = dict(columns or {})
    texts = [str(h if h is not None else "").strip() for h in headers]
    keys = [header_key(h) for h in texts]
    plan = ColumnPlan(texts)
    candidates: dict[str, list[int]] = {}
    level_cols: list[int] = []
    for i, key in enumerate(keys):
        role = _role_of(key, override) if key else None
        if role is not None:
            candidates.setdefault(role, []).append(i)
        elif key and _LEVEL_COLUMN.match(key):
            level_cols.append(i)
        elif key and _GROUP_COLUMN.match(key):
            plan.groups.append(i)
    wide = _wide_groups(keys) if "name" not in override else None
    if wide and not level_cols and not candidates.get("category"):
        parent, child = wide
        drop = set(parent.values()) | set(child.values())
        candidates = {role: [i for i in cols if i not in drop] for role, cols in candidates.items()}
        candidates = {role: cols for role, cols in candidates.items() if cols}
        candidates.update({role: [i] for role, i in child.items()})
        candidates["category"] = [parent["name"]]
        plan.parent_fields = {role: i for role, i in parent.items() if role != "name"}
    names = candidates.get("name", [])
    kategorie = [i for i in names if keys[i].startswith("kategorie") and "name" not in override]
    if kategorie and len(kategorie) < len(names):  # "Kategorie | Code": the Kategorie column groups the codes
        candidates["name"] = [i for i in names if i not in kategorie]
        candidates["category"] = sorted(candidates.get("category", []) + kategorie)
    plan.roles = _pick(candidates, keys, override)
    if "name" not in plan.roles and "path" in plan.roles:  # Taguette's import: a 'path' column names the tags
        plan.roles["name"] = plan.roles.pop("path")
    plan.id_guessed = "id" in plan.roles and "id" not in candidates
    taken = (set(plan.roles.values()) | set(level_cols) | set(plan.groups) | set(candidates.get("category", []))
             | set(plan.parent_fields.values()))
    plan.levels = sorted(set(candidates.get("category", [])) | set(level_cols))
    if level_cols:
        plan.outline = True
        if "name" in plan.roles:
            plan.levels = sorted(set(plan.levels) | {plan.roles.pop("name")})
    for i, key in enumerate(keys):
        if i in taken:
            continue
        if not key:
            plan.extras.append((i, f"x_column_{i + 1}"))
        elif _STATISTICS.match(key):
            plan.ignored.append((i, texts[i], "a count the QDA program adds" if not re.search(r"dat|creat|modif|author|auteur|aangemaakt|gewijzigd", key)
                                 else "a date or author the QDA program adds"))
        else:
            role = next((r for r, cols in candidates.items() if i in cols), None)
            plan.extras.append((i, f"x_{key}" if role is None or key.startswith(role) else f"x_{role}_{key}"))
    plan.extras = _unique_keys(plan.extras)
    return plan


def _unique_keys(extras: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Two columns never share an ``x_`` key (the second ``Notes`` becomes ``x_notes_2``), nor take one the reader sets.

    Examples
    --------
    >>> _unique_keys([(3, "x_notes"), (4, "x_notes"), (5, "x_groups")])
    [(3, 'x_notes'), (4, 'x_notes_2'), (5, 'x_groups_2')]
    """
    used = {"x_groups", "x_color", "x_code"}
    out = []
    for i, key in extras:
        new, n = key, 2
        while new in used:
            new, n = f"{key}_{n}", n + 1
        used.add(new)
        out.append((i, new))
    return out


def find_header(rows: Sequence[Sequence[str]], columns: Mapping[str, str] | None = None, *, limit: int = 20) -> int | None:
    """Index of the header row among the first ``limit`` rows (title lines above it are skipped), or ``None``.

    The header is the first row with a column for the code name (or level columns) and
    another known column; failing that, the first row with a code-name column (a title line
    that is only "Codes" does not hide the real header below it).

    Examples
    --------
    >>> find_header([["Codes"], [], ["Name", "Description"], ["Haven", "x"]])
    2
    >>> find_header([["Code"], ["Haven"]])
    0
    """
    first_named = None
    for n, row in enumerate(rows[:limit]):
        if not any(str(c).strip() for c in row):
            continue
        plan = plan_columns(row, columns)
        if not ("name" in plan.roles or plan.outline):
            continue
        if len(plan.roles) + len(plan.levels) + len(plan.groups) + len(plan.ignored) >= 2:
            return n
        first_named = n if first_named is None else first_named
    return first_named
