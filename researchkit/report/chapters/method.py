"""The method chapter: interviews, codebook, coding procedure, agreement, pseudonymisation.

A mixin of the report builder (:class:`researchkit.report.builder.BuilderCore`).
"""

from __future__ import annotations

import re
from typing import Any

import warnings

import pandas as pd

from researchkit.errors import ResearchkitError
from researchkit.report.blocks import Heading, Paragraph
from researchkit.report.formatting import (
    _capitalize,
    _count_word,
    _counted,
    _join_and,
    _num,
    _people,
    format_date,
    interview_dates,
)
from researchkit.report.texts import _SOURCE_NAMES


class MethodChapter:
    """The method chapter: interviews, codebook, coding procedure, agreement, pseudonymisation."""

    def method(self, chapter: int) -> None:
        t, lang = self.t, self.lang
        self.add(Heading(f"{chapter} {t['method']}", 1))
        self.add(Heading(f"{chapter}.1 {t['interviews']}", 2))
        n = len(self.corpus)
        dates = interview_dates(self.corpus)
        people = _people(self.attrs["interviewer"]) if "interviewer" in self.attrs.columns else []
        interviewers = _interviewer_labels(people, self.key)
        n_resp = self.n_respondents
        if lang == "nl":
            text = f"Dit rapport is gebaseerd op {n} interview{'s' if n != 1 else ''} met {n_resp} respondent{'en' if n_resp != 1 else ''}"
            if dates:
                text += f", afgenomen tussen {format_date(dates[0], lang)} en {format_date(dates[-1], lang)}" if dates[0] != dates[-1] else f", afgenomen op {format_date(dates[0], lang)}"
            if people:
                k = len(people)
                text += f" door {_count_word(k, lang)} interviewer{'s' if k != 1 else ''}" + (f" ({_join_and(interviewers, lang)})" if interviewers else "")
            text += "."
        else:
            text = f"This report is based on {n} interview{'s' if n != 1 else ''} with {n_resp} respondent{'s' if n_resp != 1 else ''}"
            if dates:
                text += f", held between {format_date(dates[0], lang)} and {format_date(dates[-1], lang)}" if dates[0] != dates[-1] else f", held on {format_date(dates[0], lang)}"
            if people:
                k = len(people)
                text += f" by {_count_word(k, lang)} interviewer{'s' if k != 1 else ''}" + (f" ({_join_and(interviewers, lang)})" if interviewers else "")
            text += "."
        cols = [c for c in (self.doc_group, "port" if "port" in self.attrs.columns else None) if c]
        if cols:
            next_table = self.n_tables + 1
            words = {"nl": ("de respondentgroepen", "de havens"), "en": ("respondent groups", "ports")}[lang]
            what = _join_and([words[0] if c == self.doc_group else words[1] for c in cols], lang)
            text += (f" Tabel {next_table} toont hoe de interviews over {what} zijn verdeeld." if lang == "nl" else
                     f" Table {next_table} shows how the interviews are spread over {what}.")
        self.add(Paragraph(text))
        if cols:
            self._interview_table(cols)
        if self.key is not None or self.allow_unpseudonymised:
            self.add(Paragraph(self._privacy_text()))
        # codebook
        self.add(Heading(f"{chapter}.2 {t['codebook_h']}", 2))
        cb = self.codebook
        n_codes, n_top, depth = len(cb), len(cb.codes), cb.depth
        title = f" ‘{cb.title}’" if cb.title else ""
        version = f" (versie {cb.version})" if cb.version is not None and lang == "nl" else (f" (version {cb.version})" if cb.version is not None else "")
        if lang == "nl":
            self.add(Paragraph(f"De interviews zijn gecodeerd met het codeboek{title}{version}. Het telt {n_codes} codes in "
                               f"{n_top} hoofdthema’s en {depth} niveau{'s' if depth != 1 else ''}. Bijlage A geeft per code "
                               "de omschrijving, wanneer de code wel en niet wordt toegekend, en voorbeelden."))
        else:
            self.add(Paragraph(f"The interviews were coded with the codebook{title}{version}. It has {n_codes} codes in "
                               f"{n_top} top-level themes and {depth} level{'s' if depth != 1 else ''}. Appendix A gives "
                               "each code's description, when it is and is not applied, and examples."))
        # coding procedure
        self.add(Heading(f"{chapter}.3 {t['coding_h']}", 2))
        self._coding_procedure()
        # agreement
        table = self._agreement_table()
        if table is not None:
            self.add(Heading(f"{chapter}.4 {t['agreement_h']}", 2))
            agreement, coders = table
            self._agreement_section(agreement, coders)

    def _privacy_text(self) -> str:
        """The method section's account of the pseudonymisation (key version, patterns, opt-out)."""
        nl = self.lang == "nl"
        if nl:
            text = ("Citaten zijn gepseudonimiseerd: respondenten zijn aangeduid met een code en namen van sprekers "
                    "en interviewers zijn vervangen door [naam].")
        else:
            text = ("Quotes are pseudonymised: respondents are identified by a code and the names of speakers and "
                    "interviewers are replaced by [naam].")
        if self.key is not None:
            n = len(self.key)
            if nl:
                text += (f" Namen van personen, bedrijven, schepen en plaatsen uit de pseudonimiseringssleutel zijn "
                         f"vervangen door vaste pseudoniemen zoals [PERSOON-1] (sleutel {self.key.short_checksum}, "
                         f"{n} term{'en' if n != 1 else ''}).")
            else:
                text += (f" Names of persons, companies, vessels and places in the pseudonymisation key are replaced by "
                         f"consistent pseudonyms such as [PERSOON-1] (key {self.key.short_checksum}, {n} term{'s' if n != 1 else ''}).")
        if self.kinds:
            text += (" Telefoonnummers, kentekens, e-mailadressen en andere herleidbare nummers zijn vervangen door een "
                     "aanduiding zoals [TELEFOON]." if nl else
                     " Phone numbers, licence plates, e-mail addresses and other identifying numbers are replaced by a "
                     "label such as [TELEFOON].")
        if self.allow_unpseudonymised:
            text += (" Let op: dit rapport is gemaakt zonder de controle op herleidbare gegevens af te dwingen "
                     "(allow_unpseudonymised); het kan namen of nummers bevatten." if nl else
                     " Note: this report was made without enforcing the check for identifying data "
                     "(allow_unpseudonymised); it may contain names or numbers.")
        return text

    def _interview_table(self, cols: list[str]) -> None:
        t = self.t
        attrs = self.attrs.copy()
        for c in cols:
            attrs[c] = attrs[c].map(lambda v: "(onbekend)" if pd.isna(v) else str(v))
        attrs["respondent"] = [self.codes[d] for d in attrs.index]
        if len(cols) == 2:
            row_col, col_col = cols
            counts = pd.crosstab(attrs[row_col], attrs[col_col])
            row_order = sorted(counts.index, key=str)
            col_order = sorted(counts.columns, key=str)
            counts = counts.reindex(index=row_order, columns=col_order, fill_value=0)
            header = [t.get(row_col, row_col)] + [str(c) for c in col_order] + [t["total"]]
            rows = [[str(r)] + [str(int(v)) for v in counts.loc[r]] + [str(int(counts.loc[r].sum()))] for r in row_order]
            rows.append([t["total"]] + [str(int(counts[c].sum())) for c in col_order] + [str(int(counts.to_numpy().sum()))])
            data = counts.reset_index().melt(id_vars=row_col, var_name=col_col, value_name="interviews")
            caption = ("Interviews per respondentgroep en haven" if self.lang == "nl" else "Interviews per respondent group and port")
        else:
            (row_col,) = cols
            counts = attrs[row_col].value_counts()
            row_order = sorted(counts.index, key=str)
            header = [t.get(row_col, row_col), t["documents"]]
            rows = [[str(r), str(int(counts[r]))] for r in row_order] + [[t["total"], str(int(counts.sum()))]]
            data = pd.DataFrame({row_col: row_order, "interviews": [int(counts[r]) for r in row_order]})
            caption = "Interviews per respondentgroep" if self.lang == "nl" else "Interviews per respondent group"
        self.table("interviews", caption, header, rows, data.astype({"interviews": "int64"}))

    def _coding_procedure(self) -> None:
        t, lang = self.t, self.lang
        frame = self.all_codings
        rows, data_rows = [], []
        source_col = frame["source"].astype(str) if "source" in frame.columns else pd.Series(["manual"] * len(frame))
        coder_col = frame["coder"].astype(str) if "coder" in frame.columns else pd.Series(["?"] * len(frame))
        order = ["rules", "manual", "model", "import"]
        sources = sorted(set(source_col), key=lambda s: (order.index(s) if s in order else len(order), s))
        for source in sources:
            part = frame[source_col.to_numpy() == source]
            coders = sorted(set(coder_col[source_col == source]))
            rows.append([_SOURCE_NAMES[lang].get(source, source), ", ".join(_CODER_NAMES[lang].get(c, c) for c in coders), str(len(part)),
                         str(part["doc_id"].nunique()), str(part["code"].nunique())])
            data_rows.append({"source": source, "coders": "; ".join(coders), "codings": len(part),
                              "documents": int(part["doc_id"].nunique()), "codes": int(part["code"].nunique())})
        counts = {r["source"]: r for r in data_rows}
        parts = []
        unit = None
        if "unit" in frame.columns and "rules" in counts:
            units = frame.loc[source_col.to_numpy() == "rules", "unit"].dropna().astype(str).unique()
            unit = units[0] if len(units) == 1 else None
        if lang == "nl":
            unit_nl = {"sentence": "zin", "turn": "spreekbeurt", "paragraph": "alinea", "document": "interview"}
            if "rules" in counts:
                r = counts["rules"]
                parts.append(f"De transcripten zijn eerst automatisch voorgecodeerd met de zoekregels van het codeboek "
                             f"({_counted(r['codings'], 'codering', 'coderingen')} in {_counted(r['documents'], 'interview', 'interviews')}"
                             + (f", per {unit_nl.get(unit, unit)}" if unit else "") + ").")
            if "manual" in counts:
                r = counts["manual"]
                k = len(r["coders"].split("; "))
                parts.append(f"{_capitalize(_count_word(k, lang))} codeur{'s' if k != 1 else ''} codeerde{'n' if k != 1 else ''} "
                             f"handmatig {_counted(r['documents'], 'interview', 'interviews')} ({_counted(r['codings'], 'codering', 'coderingen')}).")
            if "model" in counts:
                r = counts["model"]
                parts.append(f"Een model deed {_counted(r['codings'], 'suggestie', 'suggesties')} in {_counted(r['documents'], 'interview', 'interviews')}; een onderzoeker beoordeelde ze.")
            if "import" in counts:
                r = counts["import"]
                parts.append(f"{_counted(r['codings'], 'codering is', 'coderingen zijn')} geïmporteerd uit andere QDA-programmatuur.")
            used = "alle codeurs" if self.inputs.coders is None else ", ".join(self.inputs.coders)
            parts.append(f"De analyses in de volgende hoofdstukken gebruiken de coderingen van {used}; een passage die door "
                         f"meerdere codeurs met dezelfde code is gecodeerd telt één keer ({_counted(len(self.codings), 'passage', 'passages')}). "
                         f"Tabel {self.n_tables + 1} vat de codering samen.")
            caption = "Coderingen per bron"
        else:
            if "rules" in counts:
                r = counts["rules"]
                parts.append(f"The transcripts were first pre-coded automatically with the codebook's rules "
                             f"({_counted(r['codings'], 'coding', 'codings')} in {_counted(r['documents'], 'interview', 'interviews')}" + (f", per {unit}" if unit else "") + ").")
            if "manual" in counts:
                r = counts["manual"]
                k = len(r["coders"].split("; "))
                parts.append(f"{_capitalize(_count_word(k, lang))} coder{'s' if k != 1 else ''} coded "
                             f"{_counted(r['documents'], 'interview', 'interviews')} by hand ({_counted(r['codings'], 'coding', 'codings')}).")
            if "model" in counts:
                r = counts["model"]
                parts.append(f"A model made {_counted(r['codings'], 'suggestion', 'suggestions')} in {_counted(r['documents'], 'interview', 'interviews')}, reviewed by a researcher.")
            if "import" in counts:
                r = counts["import"]
                parts.append(f"{_counted(r['codings'], 'coding was', 'codings were')} imported from other QDA software.")
            used = "all coders" if self.inputs.coders is None else ", ".join(self.inputs.coders)
            parts.append(f"The analyses in the following chapters use the codings of {used}; a passage coded with the same "
                         f"code by several coders counts once ({_counted(len(self.codings), 'passage', 'passages')}). Table {self.n_tables + 1} "
                         "summarises the coding.")
            caption = "Codings per source"
        parts.append(self._suggestions_text(frame, source_col))
        self.add(Paragraph(" ".join(p for p in parts if p)))
        data = pd.DataFrame(data_rows, columns=["source", "coders", "codings", "documents", "codes"])
        self.table("coding_by_source", caption, [t["source"], t["coders"], t["codings"], t["documents"], t["codes_used"]], rows, data)

    def _agreement_table(self) -> tuple[pd.DataFrame, list[str]] | None:
        if self.inputs.agreement is not None:
            table = self.inputs.agreement
            coders = list(table.attrs.get("coders", [])) if hasattr(table, "attrs") else []
            return table, coders
        frame = self.all_codings
        if "source" not in frame.columns or "coder" not in frame.columns:
            return None
        manual = frame[frame["source"].astype(str) == "manual"]
        coders = sorted(set(manual["coder"].astype(str)))
        if len(coders) < 2:
            return None
        from researchkit.agreement import agreement

        level = 1 if self.codebook.depth > 1 else None
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                table = agreement(manual, coders=coders, corpus=self.corpus, unit="sentence", level=level,
                                  codebook=self.codebook, lang=self.codebook.language or "nl",
                                  roles=list(self.inputs.agreement_roles) if self.inputs.agreement_roles else None)
            self.notes.extend(f"agreement: {w.message}" for w in caught)
        except ResearchkitError as exc:
            self.notes.append(f"no agreement table: {exc}")
            return None
        return table, coders

    def _agreement_section(self, table: pd.DataFrame, coders: list[str]) -> None:
        t, lang = self.t, self.lang
        kappa_col = "cohen_kappa" if "cohen_kappa" in table.columns else ("fleiss_kappa" if "fleiss_kappa" in table.columns else None)
        unit = str(table["unit"].iloc[0]) if "unit" in table.columns and len(table) else "sentence"
        overall = table[table["code"] == "(overall)"]
        per_code = table[table["code"] != "(overall)"]
        docs = table.attrs.get("documents") if hasattr(table, "attrs") else None
        n_docs = len(docs) if isinstance(docs, (list, tuple)) else None
        coders_text = _join_and(coders, lang) if coders else ("twee codeurs" if lang == "nl" else "two coders")
        alpha_overall = float(overall["alpha"].iloc[0]) if len(overall) and "alpha" in overall.columns else float("nan")
        if lang == "nl":
            unit_nl = {"sentence": "zin", "turn": "spreekbeurt", "paragraph": "alinea", "document": "interview", "character": "teken"}
            text = (f"De codeurs {coders_text} hebben dezelfde interviews{f' ({n_docs})' if n_docs else ''} onafhankelijk van "
                    f"elkaar gecodeerd. Per hoofdthema is de overeenstemming berekend over alle eenheden (per "
                    f"{unit_nl.get(unit, unit)}), gecodeerd of niet (tabel {self.n_tables + 1}).")
            if pd.notna(alpha_overall):
                text += f" Over alle thema’s samen is Krippendorffs alfa {_num(alpha_overall, 2, lang)}."
            text += " Waarden vanaf 0,80 gelden als goed, vanaf 0,67 als voldoende voor voorzichtige conclusies."
            caption = "Overeenstemming tussen codeurs per hoofdthema"
        else:
            text = (f"The coders {coders_text} coded the same interviews{f' ({n_docs})' if n_docs else ''} independently. "
                    f"Agreement per top-level theme is computed over every unit ({unit}), coded or not "
                    f"(table {self.n_tables + 1}).")
            if pd.notna(alpha_overall):
                text += f" Over all themes, Krippendorff's alpha is {_num(alpha_overall, 2, lang)}."
            text += " Values from 0.80 count as good, from 0.67 as acceptable for tentative conclusions."
            caption = "Inter-coder agreement per top-level theme"
        self.add(Paragraph(text))
        columns = [t["code"], t["name"], t["units"], t["pa"]] + ([t["kappa"]] if kappa_col else []) + [t["alpha"]]
        rows = []
        for _, r in pd.concat([per_code, overall]).iterrows():
            code = str(r["code"])
            name = self.name(code) if code in self.codebook else (t["total"] if code == "(overall)" else code)
            row = [code if code != "(overall)" else "", name, str(int(r["n_units"])), _num(float(r["percent_agreement"]), 2, lang)]
            if kappa_col:
                row.append(_num(float(r[kappa_col]), 2, lang))
            row.append(_num(float(r["alpha"]), 2, lang))
            rows.append(row)
        keep = [c for c in table.columns if c in ("code", "unit", "n_units", "both", "neither", "percent_agreement",
                                                   "cohen_kappa", "fleiss_kappa", "brennan_prediger", "alpha", "note")
                or c.startswith("n_")]
        self.table("agreement", caption, columns, rows, table[keep].reset_index(drop=True))

    def _suggestions_text(self, frame: pd.DataFrame, source_col: pd.Series) -> str:
        """Whether unreviewed suggestions count, and how good the rules are against the manual codings."""
        from researchkit.report.builder import SUGGESTION_SOURCES

        nl = self.lang == "nl"
        suggested = frame[source_col.isin(SUGGESTION_SOURCES).to_numpy()]
        review = self._review_text()
        if not len(suggested):
            return review
        if self.inputs.suggestions == "include":
            who = self.suggesters()
            return (review + " " if review else "") + (f"Let op: de {len(suggested)} niet beoordeelde suggesties van {who} tellen mee "
                    "in de analyses; de tabellen vermelden dat." if nl else
                    f"Note: the {len(suggested)} unreviewed suggestions of {who} count in the analyses; the tables say so.")
        text = (f"De analyses gebruiken alleen handmatige en beoordeelde coderingen; de {len(suggested)} niet beoordeelde "
                "suggesties tellen niet mee." if nl else
                f"The analyses use human and reviewed codings only; the {len(suggested)} unreviewed suggestions do not count.")
        if review:
            text = (review + " " + (f"De analyses gebruiken alleen handmatige en beoordeelde coderingen; niet beoordeelde "
                                    "suggesties tellen niet mee." if nl else
                                    "The analyses use human and reviewed codings only; unreviewed suggestions do not count."))
        manual = frame[(source_col == "manual").to_numpy()]
        human = manual
        if "origin" in manual.columns:  # an accepted suggestion is the rules' own work: no test of them
            human = manual[manual["origin"].isna().to_numpy() | (manual["origin"].astype(str) == "").to_numpy()]
        rules = frame[(source_col == "rules").to_numpy()]
        if len(manual) and not len(human) and len(rules):
            text += (" De handmatige coderingen zijn beoordeelde suggesties van de zoekregels en dus geen onafhankelijke "
                     "toets van die regels." if nl else
                     " The human codings are reviewed suggestions of the rules, so they are no independent test of them.")
        if len(human) and len(rules):
            from researchkit.evaluate import evaluate

            # the scores depend on the passages and codes only: the rules' evidence is not merged in the roll-up
            needed = ["doc_id", "start", "end", "code", "coder", "source"]
            if all(c in frame.columns for c in needed):
                rules, human = rules[needed], human[needed]
            scores = evaluate(rules, human, codebook=self.codebook, level=1 if self.codebook.depth > 1 else None)
            predicted, gold = int(scores["predicted"].sum()), int(scores["gold"].sum())
            if predicted and gold:
                precision = scores["matched_predicted"].sum() / predicted
                recall = scores["matched_gold"].sum() / gold
                n_docs = human["doc_id"].nunique()
                text += (f" Op {'het handmatig gecodeerde interview' if n_docs == 1 else 'de ' + _counted(n_docs, '', 'handmatig gecodeerde interviews')} vinden de zoekregels {round(100 * recall)}% van "
                         f"wat een codeur codeert (recall) en klopt {round(100 * precision)}% van hun suggesties "
                         "(precisie), per hoofdthema." if nl else
                         f" On the {'one hand-coded interview' if n_docs == 1 else _counted(n_docs, '', 'hand-coded interviews')} the rules find {round(100 * recall)}% of what a coder "
                         f"codes (recall) and {round(100 * precision)}% of their suggestions are right (precision), per "
                         "top-level theme.")
        return text

    def _review_text(self) -> str:
        """The share of the suggestions that a person reviewed (when the inputs say), e.g. from a project."""
        review = self.inputs.review
        if not review or not review.get("suggestions"):
            return ""
        n, done = int(review["suggestions"]), int(review.get("reviewed", 0))
        acc, rej = int(review.get("accepted", 0)), int(review.get("rejected", 0))
        share = _num(100 * done / n, 0, self.lang)
        who = self.suggesters()
        if self.lang == "nl":
            if not done:
                return f"Geen van de {n} suggesties van {who} is beoordeeld."
            return (f"Van de {n} suggesties van {who} is {share}% beoordeeld ({done}): {acc} overgenomen en "
                    f"{rej} verworpen; {n - done} zijn niet beoordeeld.")
        if not done:
            return f"None of the {n} suggestions of {who} has been reviewed."
        return (f"Of the {n} suggestions of {who}, {share}% were reviewed ({done}): {acc} accepted and {rej} "
                f"rejected; {n - done} were not reviewed.")


#: How the report names the non-person coders (and the demo's reference coding) in its language.
_CODER_NAMES = {
    "nl": {"rules": "zoekregels", "gold": "referentiecodering", "model": "model"},
    "en": {"rules": "rules", "gold": "reference coding", "model": "model"},
}


def _interviewer_labels(people: list[str], key: Any) -> list[str]:
    """How the interviewers may be named: their pseudonyms when every one is in the privacy key, else not at all.

    An interviewer not in the key is treated like a respondent: never named in the report
    (only counted), so that the method section cannot name anyone the key does not cover.

    Examples
    --------
    >>> _interviewer_labels(["Anna de Vries"], None)
    []
    """
    if key is None or not people:
        return []
    labels = [key.pseudonymise(p) for p in people]
    if any(label == person or not re.fullmatch(r"\[[^\]]+\]", label.strip()) for label, person in zip(labels, people)):
        return []
    return sorted(dict.fromkeys(label.strip() for label in labels))
