"""The optional framework-matrix chapter: cases x themes, each cell a count and a short excerpt.

Built on :func:`researchkit.analysis.framework_matrix` (the charting of the framework
method). A case is a respondent (shown by the respondent code, ``R01``) or a group of
respondents sharing an attribute value (``report.framework.rows: group``); the themes are
the top-level codes or the codes named in ``report.framework.codes``. Each cell gives the
number of coded passages and a short excerpt of one of them, pseudonymised like every
quote (names, key terms, identifier patterns) and leak-checked with every output by
``researchkit run``. Group rows never name respondent codes: that would tie a respondent
to a group the re-identification check may have hidden. The CSV behind the table holds
the shown cells only, never raw passages. With the re-identification check on, a group of
fewer than k respondents shows counts without excerpts. Counting per speaker
(``report.count_per: speaker``) every focus-group participant is a row of their own (their
participant code, ``R01-2``) or counts in their own group (the speaker sheet's value first).

The charting step of the method is the researcher's summary of each cell. Write the matrix
to Excel (``analysis.framework_matrix(...).to_excel("matrix.xlsx")``), fill in its
``summaries`` sheet and name the file in ``report.framework.summaries``: a cell with a
summary shows it (pseudonymised like the excerpts) instead of an excerpt, and the lead-in
text says so. The workbook is an input of the run (its digest is in the manifest).

Examples
--------
>>> excerpt("Ja. De kade is 's nachts open en niemand kijkt.", words=5)
'De kade is ’s nachts …'
"""

from __future__ import annotations

import re
import warnings

import pandas as pd

from pathlib import Path

from researchkit.report.blocks import Heading, PageBreak, Paragraph

#: Theme columns per table (a wider table does not fit an A4 page in portrait).
THEMES_PER_TABLE = 4
#: Words of a cell's excerpt.
EXCERPT_WORDS = 18

_FILLER = re.compile(r"^(?:(?:ja|nee|nou|ok[eé]?|yes|no|well|hmm|eh|uh)[,.!?]?\s+)+", re.IGNORECASE)

_TEXTS = {
    "nl": {"title": "Raamwerkmatrix", "case_respondent": "Respondent", "passages": ("fragment", "fragmenten"),
           "respondents": ("respondent", "respondenten"), "part": "deel"},
    "en": {"title": "Framework matrix", "case_respondent": "Respondent", "passages": ("passage", "passages"),
           "respondents": ("respondent", "respondents"), "part": "part"},
}


def excerpt(text: str, *, words: int = EXCERPT_WORDS) -> str:
    """A short excerpt: leading filler ("Ja.", "Nou,") left out, at most ``words`` words, ``…`` when cut.

    Examples
    --------
    >>> excerpt("Nou, dat zien we niet.")
    'dat zien we niet.'
    >>> excerpt("een twee drie vier", words=2)
    'een twee …'
    """
    text = " ".join(str(text).replace("'", "’").split())
    stripped = _FILLER.sub("", text)
    text = stripped or text
    parts = text.split(" ")
    return text if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + " …"


def _best_passage(passages: list[str], min_words: int) -> int:
    """Index of the passage to excerpt: the first with at least ``min_words`` words, else the longest."""
    lengths = [len(p.split()) for p in passages]
    for i, n in enumerate(lengths):
        if n >= min_words:
            return i
    return max(range(len(passages)), key=lambda i: (lengths[i], -i))


class FrameworkChapter:
    """Mixin: the framework-matrix chapter (needs the state of :class:`researchkit.report.builder.BuilderCore`)."""

    def _framework(self, chapter: int) -> bool:
        from researchkit import analysis
        from researchkit.privacy import pseudonymise_quotes
        from researchkit.report.texts import MIN_QUOTE_WORDS

        options = dict(self.inputs.framework or {})
        rows = str(options.get("rows") or "respondent")
        themes = [str(c) for c in (options.get("codes") or [c.id for c in self.codebook.codes])]
        unknown = [c for c in themes if c not in self.codebook]
        if unknown:
            self.notes.append(f"chapter framework left out: code(s) {', '.join(unknown)} of report.framework.codes are not in the codebook")
            return False
        attributes = list(self.attrs.columns) + sorted(self._speaker_columns() - set(self.attrs.columns))
        if rows != "respondent" and rows not in attributes:  # counting per speaker, a speaker-sheet column too
            self.notes.append(f"chapter framework left out: report.framework.rows {rows!r} is not 'respondent' nor an attribute "
                              f"(attributes: {', '.join(map(str, attributes))})")
            return False
        if not len(self.codings) or not self.codings["code"].isin(
                {c for t in themes for c in [t, *self.codebook.descendants(t)]}).any():
            self.notes.append("chapter framework left out: none of its themes is coded")
            return False
        # per document a row per interview (merged per respondent code below); per speaker one per respondent
        case_rows = rows if rows != "respondent" else "respondent" if self.per == "speaker" else "doc_id"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            matrix = analysis.framework_matrix(self.codings, self.corpus, rows=case_rows, codes=themes,
                                               codebook=self.codebook, per=self.per)
        self.notes.extend(self.analysis_notes("framework", caught))
        summaries = options.get("summaries")
        if summaries:
            if not Path(summaries).is_file():
                self.notes.append(f"chapter framework left out: the summaries workbook {summaries} (report.framework.summaries) "
                                  "does not exist; write it with analysis.framework_matrix(...).to_excel() and fill in "
                                  "its 'summaries' sheet, or remove the setting")
                return False
            matrix.read_summaries(summaries)
        cells = self._with_summaries(matrix.cells)
        # one excerpt per coded cell, pseudonymised by the same Pseudonymiser as every quote
        coded = cells[cells["n_passages"] > 0]
        picks = [_best_passage(p, MIN_QUOTE_WORDS) for p in coded["passages"]]
        chosen = pd.DataFrame({"doc_id": [d[0] for d in coded["doc_ids"]],
                               "text": [p[i] for p, i in zip(coded["passages"], picks)]})
        safe = pseudonymise_quotes(chosen, self.corpus, codes=self.codes, fields=[], pseudonymiser=self.pseudo)
        shown = dict(zip(coded.index, [excerpt(t) for t in safe["text"]]))
        cells = cells.assign(excerpt=[shown.get(i, "") for i in cells.index])
        self._summarised = bool((cells["summary"] != "").any())
        small = self._small_groups(rows)
        if small:  # an excerpt would tie a quote to a group of fewer than k respondents
            cells.loc[cells["case"].isin(small), ["excerpt", "summary"]] = ""
            self.notes.append(f"framework matrix: no excerpts for group(s) {', '.join(map(str, sorted(small)))} of "
                              f"fewer than {self.inputs.reidentification_k} respondents (re-identification check)")
        if rows == "respondent":
            cells = self._by_respondent(cells)
        return self._framework_tables(chapter, rows, themes, cells)

    def _with_summaries(self, cells: pd.DataFrame) -> pd.DataFrame:
        """The researcher's summaries (``summary``; ``""`` when none) pseudonymised like every quote."""
        from researchkit.privacy import pseudonymise_quotes

        cells = cells.assign(summary=cells["summary"].fillna("").astype(str).str.strip())
        written = cells[cells["summary"] != ""]
        if not len(written):
            return cells
        frame = pd.DataFrame({"doc_id": [d[0] if len(d) else "" for d in written["doc_ids"]],
                              "text": written["summary"].tolist()})
        safe = pseudonymise_quotes(frame, self.corpus, codes=self.codes, fields=[], pseudonymiser=self.pseudo)
        cells.loc[written.index, "summary"] = safe["text"].to_numpy()
        return cells

    def _by_respondent(self, cells: pd.DataFrame) -> pd.DataFrame:
        """Interview cases merged per respondent code (``R01``: never the ids), in code order;
        a respondent with two interviews is one row, the excerpt from the first. Counting per speaker
        the cases are respondents, each shown by their participant code (``R01-2``)."""
        if self.per == "speaker":
            cells = cells.assign(case=cells["case"].astype(str).map(self.respondent_code_of()))
        else:
            cells = cells.assign(case=cells["case"].map(self.codes))
        order = {c: i for i, c in enumerate(sorted(set(cells["case"])))}
        cells = cells.iloc[cells["case"].map(order).argsort(kind="mergesort")]
        merged = cells.groupby(["case", "code"], sort=False, as_index=False).agg(
            name=("name", "first"), n_passages=("n_passages", "sum"), doc_ids=("doc_ids", "sum"),
            excerpt=("excerpt", lambda e: next((x for x in e if x), "")),
            summary=("summary", lambda e: " ".join(x for x in e if x)))
        return merged

    def _framework_tables(self, chapter: int, rows: str, themes: list[str], cells: pd.DataFrame) -> bool:
        words = _TEXTS[self.lang]
        nl = self.lang == "nl"
        self.add(PageBreak())
        self.add(Heading(f"{chapter} {words['title']}", 1))
        case_label = words["case_respondent"] if rows == "respondent" else self.t.get(rows, rows.capitalize())
        chunks = [themes[i:i + THEMES_PER_TABLE] for i in range(0, len(themes), THEMES_PER_TABLE)]
        first = self.n_tables + 1
        last = first + len(chunks) - 1
        per = "respondent" if rows == "respondent" else case_label.lower()
        if nl:
            which = f"Tabel {first} zet" if last == first else f"Tabel {first} tot en met tabel {last} zetten"
            text = (f"{which} per {per} de thema's naast elkaar (de raamwerkmethode): per cel het aantal gecodeerde "
                    "fragmenten en " + ("de samenvatting van de onderzoekers of, waar die ontbreekt, " if self._summarised
                                        else "") + "een kort, gepseudonimiseerd fragment. "
                    "Een streepje betekent dat het thema niet is gecodeerd.")
        else:
            which = f"Table {first} sets" if last == first else f"Table {first} to table {last} set"
            text = (f"{which} out the themes per {per} (the framework method): each cell gives the number of coded "
                    "passages and " + ("the researchers' summary or, where there is none, " if self._summarised else "")
                    + "a short pseudonymised excerpt. A dash means the theme was not coded.")
        self.add(Paragraph(text))
        respondents = self._cell_respondents(cells) if rows != "respondent" else None
        cases = list(dict.fromkeys(cells["case"]))
        for k, chunk in enumerate(chunks, 1):
            part = cells[cells["code"].isin(chunk)]
            lookup = {(c, t): (n, e, s, r) for c, t, n, e, s, r in zip(
                part["case"], part["code"], part["n_passages"], part["excerpt"], part["summary"],
                respondents.loc[part.index] if respondents is not None else [None] * len(part))}
            table_rows = []
            for case in cases:
                row = [str(case)]
                for theme in chunk:
                    n, text_, summary, r = lookup.get((case, theme), (0, "", "", None))
                    row.append(self._cell(int(n), text_, r, summary=summary))
                table_rows.append(row)
            caption = (f"Raamwerkmatrix: thema's per {per}" if nl else f"Framework matrix: themes per {per}")
            if len(chunks) > 1:
                caption += f" ({words['part']} {k} / {len(chunks)})"
            data = part[["case", "code", "name", "n_passages", "excerpt", "summary"]].rename(columns={"case": rows})
            if respondents is not None:
                data = data.assign(respondents=respondents.loc[part.index].to_numpy())
            note = ("Aantal gecodeerde fragmenten en een kort fragment (gepseudonimiseerd)." if nl else
                    "Number of coded passages and a short excerpt (pseudonymised).")
            self.table(f"framework_{k}" if len(chunks) > 1 else "framework", caption,
                       [case_label] + [self.name(t) for t in chunk], table_rows, data.reset_index(drop=True), note)
        return True

    def _small_groups(self, rows: str) -> set:
        """Values of ``rows`` shared by fewer than k respondents (none for respondent rows or with the check off);
        counting per speaker the respondents are the participants, each with their own value."""
        if rows == "respondent" or self.inputs.reidentification == "off":
            return set()
        if self.per == "speaker":
            from researchkit.analysis.speakercases import respondent_cases

            cases = respondent_cases(self.codings.iloc[0:0], self.corpus, [rows], per="speaker", attributes=self.attrs).cases
            code_of = self.respondent_code_of()
            values, codes = cases[rows].to_numpy(), [code_of[str(r)] for r in cases["respondent"]]
        else:
            values, codes = self.attrs[rows].reindex(list(self.codes)).to_numpy(), list(self.codes.values())
        per_value = pd.DataFrame({"value": values, "code": codes}).groupby("value")["code"].nunique()
        return set(per_value[per_value < int(self.inputs.reidentification_k)].index)

    def _cell_respondents(self, cells: pd.DataFrame) -> pd.Series:
        """Respondents (codes, counted) behind each group cell (counting per speaker, participants)."""
        if self.per == "speaker":
            code_of = self.respondent_code_of()
            return pd.Series([len({code_of[str(r)] for r in ids}) for ids in cells["respondent_ids"]], index=cells.index)
        return pd.Series([len({self.codes[d] for d in docs}) for docs in cells["doc_ids"]], index=cells.index)

    def _cell(self, n: int, text: str, respondents: int | None, *, summary: str = "") -> str:
        """A cell's text: ``3 fragmenten (2 respondenten): “…”``, or the researcher's summary
        (unquoted) instead of the excerpt; ``–`` when not coded (with the summary, if written)."""
        if n == 0:
            return f"– {summary}" if summary else "–"
        words = _TEXTS[self.lang]
        head = f"{n} {words['passages'][n != 1]}"
        if respondents is not None:
            head += f" ({respondents} {words['respondents'][respondents != 1]})"
        if summary:
            return f"{head}: {summary}"
        return f"{head}: “{text}”" if text else head

