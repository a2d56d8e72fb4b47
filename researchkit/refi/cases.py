"""Variables and cases of a REFI-QDA project, made into document attributes.

Values may sit on the sources themselves, in named cases, or in unnamed cases with one
source (MAXQDA, Quirkos); they all become attributes of the documents the case refers
to. A case that covers only part of a document (a person in a focus group: selections,
or the codings of a case that is also a code) is handed on as a
:class:`~researchkit.refi.speakercases.SpeakerClaim`: its values go to the one speaker whose
turns it covers, never to the document. A value given twice differently keeps the first (warned). researchkit's extension
restores the types researchkit exported (an integer stays an integer), unless the value
was edited elsewhere.

Examples
--------
>>> typed_value_of("IntegerValue", "12"), typed_value_of("BooleanValue", "false")
(12, False)
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from researchkit.refi.model import ExchangeReport, attribute_text, norm_guid
from researchkit.refi.speakercases import SpeakerClaim, code_spans, covers
from researchkit.refi.xmlread import kid, kids, note_refs

__all__ = ["document_attributes", "case_code_documents", "typed_value_of", "merge_side_attributes"]



def _bool(text: str) -> bool:
    if text.lower() in ("true", "1"):
        return True
    if text.lower() in ("false", "0"):
        return False
    raise ValueError(text)


def typed_value_of(tag: str, text: str | None) -> Any:
    """A ``VariableValue``'s value as Python (text kept as written; a bad number stays text)."""
    convert = {"TextValue": str, "IntegerValue": int, "FloatValue": float, "BooleanValue": _bool,
               "DateValue": str, "DateTimeValue": str}[tag]
    try:
        return convert((text or "").strip() if tag != "TextValue" else (text or ""))
    except ValueError:
        return text


def _typed_value(vv: Any) -> Any:
    for tag in ("TextValue", "IntegerValue", "FloatValue", "BooleanValue", "DateValue", "DateTimeValue"):
        el = kid(vv, tag)
        if el is not None:
            return typed_value_of(tag, el.text)
    return None


class _Values:
    def __init__(self, variables: dict[str, tuple[str, str]], doc_ids: list[str], report: ExchangeReport) -> None:
        self.variables, self.report = variables, report
        self.attributes: dict[str, dict] = {d: {} for d in doc_ids}
        self.origins: dict[tuple[str, str], str] = {}

    def put(self, doc_id: str, values: list, label: str) -> None:
        for vv in values:
            ref = kid(vv, "VariableRef")
            var = self.variables.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
            if var is None:
                self.report.warnings.append(f"{label}: value for an unknown variable; ignored")
                continue
            value = _typed_value(vv)
            if value is None:
                continue
            if isinstance(value, str) and var[1] in ("Integer", "Float", "Boolean"):
                value = typed_value_of(f"{var[1]}Value", value)  # a number or yes/no written as text keeps the declared type
            key, attrs = (doc_id, var[0]), self.attributes[doc_id]
            if key in self.origins and attrs.get(var[0]) != value:
                self.report.warnings.append(f"'{doc_id}': variable '{var[0]}' is {attrs[var[0]]!r} in {self.origins[key]} "
                                            f"and {value!r} in {label}; the first is kept")
                continue
            self.origins[key] = label
            attrs[var[0]] = value


def case_code_documents(root: Any, guid_to_code: dict[str, str], rows: list[dict], texts: dict[str, str]) -> dict[str, tuple[list, list]]:
    """For each case that is also a code (the same GUID, as NVivo writes its cases): the documents it codes whole, and in part.

    QualCoder's importer (``clean_up_case_codes_and_case_text``) notes that some exporters
    write each case also as a code and mark the case's text by codings on it. A document
    coded whole by such a code belongs to the case; one coded only in part (a speaker in a
    focus group) does not get the case's values.

    Examples
    --------
    >>> from lxml import etree
    >>> root = etree.fromstring('<Project xmlns="urn:QDA-XML:project:1.0"><Cases><Case guid="C" name="Anna"/></Cases></Project>')
    >>> rows = [{"doc_id": "R1", "start": 0, "end": 5, "code": "Anna"}, {"doc_id": "G1", "start": 0, "end": 2, "code": "Anna"}]
    >>> case_code_documents(root, {"c": "Anna"}, rows, {"R1": "ja ja ", "G1": "A: ja B: nee"})
    {'c': (['R1'], ['G1'])}
    """
    cases_el = kid(root, "Cases")
    case_guids = {norm_guid(c.get("guid")) for c in (kids(cases_el, "Case") if cases_el is not None else [])}
    case_codes = {guid_to_code[g]: g for g in case_guids if g in guid_to_code}
    if not case_codes:
        return {}
    bounds = {d: (len(t) - len(t.lstrip()), len(t.rstrip())) for d, t in texts.items()}  # first and last non-blank
    found: dict[str, tuple[set, set]] = {g: (set(), set()) for g in case_codes.values()}
    for r in rows:  # one pass over the codings
        guid = case_codes.get(r["code"])
        if guid is None or r["doc_id"] not in bounds:
            continue
        first, last = bounds[r["doc_id"]]
        whole, part = found[guid]
        (whole if int(r["start"]) <= first and int(r["end"]) >= last else part).add(r["doc_id"])
    return {g: (sorted(whole), sorted(part - whole)) for g, (whole, part) in sorted(found.items())}


def document_attributes(root: Any, direct_values: dict[str, list], guid_to_doc: dict[str, str], report: ExchangeReport,
                        attach: Callable[[list[str], str, str], None],
                        case_codes: dict[str, tuple[list, list]] | None = None, *,
                        selections: Mapping[str, tuple[str, int, int]] | None = None,
                        texts: Mapping[str, str] | None = None, rows: list[dict] | None = None,
                        code_names: Mapping[str, str] | None = None,
                        claims: list[SpeakerClaim] | None = None) -> dict[str, dict]:
    """``doc_id -> attributes`` from values on sources and in cases (see module docstring).

    ``case_codes`` (:func:`case_code_documents`): a case that is also a code gives its
    values to the documents that code codes whole, besides those its ``SourceRef`` elements name.
    ``selections`` (text selection GUID -> ``(doc_id, start, end)``, canonical offsets) places
    a case's ``SelectionRef`` elements: selections that cover a whole document (``texts``) make it
    one of the case's documents. With ``claims`` (a list), each document a case covers only in
    part, through its selections or its codings (``rows``, the case's code named in
    ``code_names``: GUID -> code id), is appended as a
    :class:`~researchkit.refi.speakercases.SpeakerClaim` for
    :func:`~researchkit.refi.speakercases.claimed_speakers`; without it they are listed.
    """
    variables: dict[str, tuple[str, str]] = {}
    vars_el = kid(root, "Variables")
    for v in kids(vars_el, "Variable") if vars_el is not None else []:
        variables[norm_guid(v.get("guid")) or ""] = (v.get("name") or "variable", v.get("typeOfVariable") or "Text")
    values = _Values(variables, list(direct_values), report)
    for doc_id, found in direct_values.items():
        values.put(doc_id, found, f"source '{doc_id}'")
    cases_el = kid(root, "Cases")
    by_code: dict[tuple[str, str], list[dict]] | None = None
    for case in kids(cases_el, "Case") if cases_el is not None else []:
        cname = case.get("name") or ""
        label = f"case '{cname}'" if cname else f"unnamed case {norm_guid(case.get('guid'))}"
        targets = [guid_to_doc[g] for g in (norm_guid(r.get("targetGUID")) for r in kids(case, "SourceRef")) if g in guid_to_doc]
        guid = norm_guid(case.get("guid")) or ""
        whole, part = (case_codes or {}).get(guid, ([], []))
        if whole or part:
            targets += [d for d in whole if d not in targets]
            report.warnings.append(f"{label} is also a code (the same GUID, as NVivo writes cases): its codings kept; "
                                   + (f"the {len(whole)} document(s) it codes whole belong to it ({', '.join(whole[:5])})" if whole else "")
                                   + ("; " if whole and part else "")
                                   + (f"{len(part)} document(s) it codes only in part ({', '.join(part[:5])}) do not get its values"
                                      + ("; each is read as one speaker's case where its codings match one speaker's turns" if claims is not None else "")
                                      if part else ""))
        if part and by_code is None:  # the codings of every code per document, gathered once
            by_code = {}
            for r in rows or []:
                by_code.setdefault((r["code"], r["doc_id"]), []).append(r)
        in_part = {d: code_spans((by_code or {}).get(((code_names or {}).get(guid, ""), d), []), (code_names or {}).get(guid, ""), d)
                   for d in part}
        sel_part = _selection_documents(case, selections or {}, texts or {}, label, report)
        for doc_id, spans in sel_part.items():
            if spans is None:
                targets += [doc_id] if doc_id not in targets else []
            elif doc_id not in targets:
                in_part[doc_id] = tuple(sorted(set(in_part.get(doc_id, ())) | set(spans)))
        if in_part:
            case_values = _case_values(values, kids(case, "VariableValue"), label) if claims is not None else ()
            for doc_id, spans in sorted(in_part.items()):
                if doc_id in targets:
                    continue
                if claims is not None:
                    claims.append(SpeakerClaim(cname, label, doc_id, spans, case_values))
                elif doc_id in sel_part:
                    report.not_carried.append(f"{label} covers only part of '{doc_id}' (characters "
                                              f"{', '.join(f'{a}-{b}' for a, b in spans[:5])}): the document does not get its values")
        if kids(case, "CodeRef"):
            report.not_carried.append(f"{label}: case-level code references (researchkit cases are documents)")
        if not targets and claims is not None and (in_part or sel_part):  # its documents' speakers, if any, get its values
            attach(note_refs(case), "document", sorted(in_part or sel_part)[0])
            continue
        if not targets and cname in values.attributes:
            targets = [cname]
        if not targets:
            report.not_carried.append(f"{label}: no source of the project belongs to it; its {len(kids(case, 'VariableValue'))} value(s) not imported")
            continue
        for doc_id in targets:
            values.put(doc_id, kids(case, "VariableValue"), label)
            if cname and cname != doc_id and "case" not in values.attributes[doc_id]:
                values.attributes[doc_id]["case"] = cname
        attach(note_refs(case), "document", targets[0])
    return values.attributes


def _case_values(values: _Values, found: list, label: str) -> tuple[tuple[str, Any], ...]:
    """A case's values as ``(variable name, typed value)`` pairs, read as for a document."""
    scratch = _Values(values.variables, ["\x00case"], values.report)
    scratch.put("\x00case", found, label)
    return tuple(scratch.attributes["\x00case"].items())


def _selection_documents(case: Any, selections: Mapping[str, tuple[str, int, int]], texts: Mapping[str, str],
                         label: str, report: ExchangeReport) -> dict[str, tuple[tuple[int, int], ...] | None]:
    """``doc_id -> spans`` of a case's ``SelectionRef`` elements per document; ``None`` for a document they cover whole.

    A reference to no text selection that was read is listed in the report.
    """
    refs = [norm_guid(r.get("targetGUID")) or "" for r in kids(case, "SelectionRef")]
    by_doc: dict[str, list[tuple[int, int]]] = {}
    unknown = [g for g in refs if g not in selections]
    for g in refs:
        if g in selections:
            doc_id, a, b = selections[g]
            by_doc.setdefault(doc_id, []).append((a, b))
    if unknown:
        report.not_carried.append(f"{label}: {len(unknown)} selection reference(s) to no text selection that was read "
                                  f"({', '.join(unknown[:3])}{', ...' if len(unknown) > 3 else ''})")
    out: dict[str, tuple[tuple[int, int], ...] | None] = {}
    for doc_id, spans in by_doc.items():
        text = texts.get(doc_id, "")
        whole = bool(text.strip()) and covers(spans, len(text) - len(text.lstrip()), len(text.rstrip()))
        out[doc_id] = None if whole else tuple(sorted(set(spans)))
    return out


def merge_side_attributes(attrs: dict, side_attrs: dict) -> dict:
    """Attributes with researchkit's typed values from the extension, unless edited elsewhere."""
    merged = {}
    for k, v in side_attrs.items():
        if k in attrs and attribute_text(v) == attribute_text(attrs[k]):
            merged[k] = v
        elif k not in attrs and (v is None or (isinstance(v, float) and v != v)):
            merged[k] = v
    for k, v in attrs.items():
        merged.setdefault(k, v)
    return {k: merged[k] for k in list(side_attrs) + [k for k in merged if k not in side_attrs] if k in merged}
