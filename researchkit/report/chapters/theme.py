"""A theme chapter: definition, summary, respondents per group, figure, quotes.

A mixin of the report builder (:class:`researchkit.report.builder.BuilderCore`).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from researchkit.errors import ReportError
from researchkit.privacy import attribution, pseudonymise_quotes
from researchkit.report.blocks import Heading, PageBreak, Paragraph, Quote
from researchkit.report.formatting import (
    _pct,
    _trim_quote,
)
from researchkit.report.texts import MIN_QUOTE_WORDS
from researchkit.timing import clock


class ThemeChapter:
    """A theme chapter: definition, summary, respondents per group, figure, quotes."""

    def theme(self, chapter: int, code: str) -> None:
        from researchkit import analysis, figures

        t, lang = self.t, self.lang
        cb = self.codebook
        label = self.name(code)
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {label}", 1))
        description = _description(cb[code], lang)
        if description:
            self.add(Paragraph(" ".join(description.split()), style="definition"))
        summary = self._summary(code)  # the sentence passes the pseudonymiser too
        text = self.pseudo(summary.text_nl if lang == "nl" else summary.text_en)
        children = [c.id for c in cb[code].children]
        rows_codes = children + [code]
        by = self.group
        grouped, overall = self._theme_frequencies(code)  # the rows of the children and of the theme only
        theme_rows = grouped["code"].to_numpy(dtype=object) == code
        theme_rows_all = overall["code"].to_numpy(dtype=object) == code
        table_no = self.n_tables + 1
        figure_no = self.n_figures + 1
        has_figure = summary.respondents > 0
        if lang == "nl":
            text += f" Tabel {table_no} geeft per {'sub' if children else ''}thema hoeveel respondenten{' per groep' if by else ''} het noemen"
            text += f"; figuur {figure_no} toont hetzelfde als aandeel van de groep." if has_figure and by else "."
        else:
            text += f" Table {table_no} shows how many respondents{' per group' if by else ''} mention each {'sub-' if children else ''}theme"
            text += f"; figure {figure_no} shows the same as a share of each group." if has_figure and by else "."
        self.add(Paragraph(text))
        # frequency table
        if by:
            theme_groups = grouped[by].to_numpy(dtype=object)[theme_rows]
            groups = list(dict.fromkeys(theme_groups))
            sizes = dict(zip(theme_groups, grouped["n_respondents"].to_numpy()[theme_rows].tolist()))
        else:
            groups, sizes = [], {}
        n_all = int(overall["n_respondents"].to_numpy()[theme_rows_all][0])
        header = [t["code"], t["name"]] + [f"{g} (n={sizes[g]})" for g in groups] + [f"{t['total']} (n={n_all})"]
        rows = []
        unused = []
        cells = _counts(grouped, by)  # (the theme's and its children's codes are distinct: one table each)
        totals = _counts(overall, None)
        for c in rows_codes:
            is_theme = c == code
            if not is_theme and totals[(c, None)][0] == 0:
                unused.append(c)  # collapsed into one line below (the CSV keeps every row)
                continue
            row = [c, (f"{t['total']}: {label}" if is_theme and children else self.name(c))]
            for g in groups:
                respondents, n = cells[(c, g)]
                row.append(f"{respondents} ({_pct(respondents, n)})")
            respondents, n = totals[(c, None)]
            row.append(f"{respondents} ({_pct(respondents, n)})")
            rows.append(row)
        if unused:
            names = ", ".join(f"{self.name(c)} ({c})" for c in unused)
            line = [("Niet genoemd: " if lang == "nl" else "Not mentioned: ") + names] + [""] * (len(header) - 2)
            rows.insert(len(rows) - 1, ["", *line])
        data = _children_first(grouped, theme_rows)
        data = data[[c for c in data.columns if c in ("code", "name", by, "codings", "documents", "respondents", "n_respondents", "share") and c]]
        caption = (f"Respondenten die {label} noemen{', per groep' if by else ''}" if lang == "nl"
                   else f"Respondents mentioning {label}{', per group' if by else ''}")
        note = ("Aantal respondenten (percentage van de groep)." if lang == "nl" else "Number of respondents (percentage of the group).")
        if (self.inputs.suggestions == "include" and "source" in self.codings.columns
                and self._branch(code)["source"].isin(["rules", "model"]).any()):
            note += (f" Inclusief niet beoordeelde suggesties van {self.suggesters()}." if lang == "nl" else
                     f" Includes unreviewed suggestions of {self.suggesters()}.")
        self.table(f"theme_{code}", caption, header, rows, data, note)
        # figure
        if has_figure and by:
            freq_fig = (_rows(grouped, ~theme_rows) if children else grouped).rename(columns={by: t.get(by, by)})
            fig = figures.frequency_bars(freq_fig, value="share", codebook=cb, lang=lang)
            cap = (f"Aandeel respondenten per groep dat {label} noemt" if lang == "nl" else f"Share of respondents per group mentioning {label}")
            self.figure(f"theme_{code}", cap, fig)
        elif has_figure:
            freq_fig = _rows(overall, ~theme_rows_all) if children else overall
            fig = figures.frequency_bars(freq_fig, value="respondents", codebook=cb, lang=lang)
            cap = (f"Respondenten die {label} noemen" if lang == "nl" else f"Respondents mentioning {label}")
            self.figure(f"theme_{code}", cap, fig)
        if has_figure and self.inputs.n_quotes:
            self._theme_quotes(code, self.doc_group)  # quotes are spread over the documents' groups

    def _branch(self, code: str) -> pd.DataFrame:
        """The analysis codings in the branch of ``code`` (the code and its descendants); selected once per code."""
        if code not in self.branches:
            self.branches[code] = self.codings[self.codings["code"].isin([code] + self.codebook.descendants(code))]
        return self.branches[code]

    def _counted(self, themes: list[str]) -> tuple[pd.DataFrame, dict[str, list[str]]]:
        """The rows the tables of ``themes`` count, stacked in their order: per theme its branch rolled up to its
        children (under their ids), then the whole branch under the theme's id; and each theme's ids (children
        first). Taken from the analysis codings in one step, their codes factorised once.
        """
        cb, frame = self.codebook, self.codings
        code_ids, uniques = pd.factorize(frame["code"].to_numpy(dtype=object), use_na_sentinel=False)
        uniques = list(uniques)
        taken: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        ids: dict[str, list[str]] = {}
        for theme in themes:
            children = [c.id for c in cb[theme].children]
            branch = {theme, *cb.descendants(theme)}
            inside = np.array([u in branch for u in uniques], dtype=bool)
            rows = np.flatnonzero(inside[code_ids]) if len(uniques) else np.zeros(0, dtype=np.intp)
            if children:  # roll the branch up to the children; the theme row counts the whole branch
                level = cb[theme].level
                up = np.array([(cb.ancestor(u, level + 1) if u != theme else theme) if inside[k] else None
                               for k, u in enumerate(uniques)], dtype=object)
                rolled = up[code_ids[rows]]
                below = rolled != theme
                taken.append(rows[below])
                codes.append(rolled[below])
            taken.append(rows)
            codes.append(np.full(len(rows), theme, dtype=object))
            ids[theme] = [*children, theme]
        # the children (rolled up) and the theme (the whole branch) have distinct codes: counted in one call
        out = frame.take(np.concatenate(taken)).reset_index(drop=True)
        out["code"] = np.concatenate(codes)
        return out, ids

    def _theme_frequencies(self, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The frequencies of a theme's rows (:meth:`_counted`) by the report's group and overall (the same table
        without a group).

        Counting per document, the rows of every theme chapter are counted together, once: each code's counts
        depend on its own codings only, so a theme's rows of the joint table are those of counting it alone
        (when no two themes share a row's code; else each theme is counted alone).
        """
        from researchkit import analysis

        if code not in self.theme_counts:
            themes = [c for c in dict.fromkeys([*self.theme_codes, code]) if c not in self.theme_counts]
            if self.per != "document":  # counting per speaker, a table notes its own unattributed codings
                themes = [code]
            counted = {c: [*(k.id for k in self.codebook[c].children), c] for c in themes}
            if len({i for codes in counted.values() for i in codes}) != sum(map(len, counted.values())):
                counted = {code: counted[code]}  # nested themes: a code would be counted twice
            rows, counted = self._counted(list(counted))
            ids = [i for codes in counted.values() for i in codes]
            cb, by = self.codebook, self.group
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", analysis.AnalysisWarning)  # counting per speaker: the notes say it once
                grouped = analysis.frequencies(rows, self.corpus, by=by, codes=ids, codebook=cb, per=self.per)
                overall = analysis.frequencies(rows, self.corpus, codes=ids, codebook=cb, per=self.per) if by else grouped
            if len(counted) == 1:
                self.theme_counts[code] = (grouped, overall)
            else:  # each table's codes factorised once for all themes
                ids_each = list(counted.values())
                parts = zip(_parts(grouped, ids_each), _parts(overall, ids_each) if by else [None] * len(counted))
                self.theme_counts.update(zip(counted, parts))
        grouped, overall = self.theme_counts[code]
        return grouped, (overall if overall is not None else grouped)

    def _summary(self, code: str) -> object:
        """The theme summary of ``code``; those of every theme chapter are made together, once."""
        from researchkit import analysis
        from researchkit.analysis.words import SPOKEN_STOP_WORDS

        if code not in self.summaries:
            cb = self.codebook
            codes = [c for c in dict.fromkeys([*self.theme_codes, code]) if c not in self.summaries]
            # names never count as distinctive words
            name_words = sorted({w.lower() for form in self.pseudo.forms for w in form.split()})
            shared = self.sentences() if (self.codebook.language or "nl") == "nl" else None  # theme_summary splits in Dutch
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", analysis.AnalysisWarning)  # counting per speaker: the notes say it once
                self.summaries.update(analysis.theme_summaries(
                    self.codings, self.corpus, codes=codes, codebook=cb, n_quotes=0, stop=name_words + sorted(SPOKEN_STOP_WORDS),
                    min_documents={c: min(2, max(n, 1)) for c, n in summary_docs_each(self.codings, cb, codes).items()},
                    units_table=shared,
                    per=self.per))
        return self.summaries[code]

    def _theme_quotes(self, code: str, by: str | None) -> None:
        """The theme's quotes: whole coded passages ranked by fit (pinned first, excluded never),
        pseudonymised and attributed."""
        choices = self.inputs.quote_choices
        mine = choices[choices["theme"] == code] if choices is not None else None
        pinned = mine[mine["action"] == "pin"] if mine is not None else None
        options = dict(code=code, by=by, codebook=self.codebook, context=0, roles=("respondent",), min_words=MIN_QUOTE_WORDS,
                       whole=True, max_words=self.inputs.quote_max_words, max_chars=self.inputs.quote_max_chars)
        # excluded spans, and the pinned ones (shown anyway), keep the automatic choice off those passages
        avoid = mine[["doc_id", "start", "end"]] if mine is not None and len(mine) else None
        quotes = self.quote_source().quotes(n=self.inputs.n_quotes, exclude=avoid, **options)
        if pinned is not None and len(pinned):
            quotes = self._pin(code, quotes, pinned, options)
        quotes = quotes.head(self.inputs.n_quotes).reset_index(drop=True)
        if len(quotes):
            safe = pseudonymise_quotes(quotes, self.corpus, codes=self.codes, fields=self.attribution, pseudonymiser=self.pseudo,
                                       per=self.per)
            self.chosen_quotes.append(pd.DataFrame({
                "theme": code, "doc_id": quotes["doc_id"].to_numpy(), "start": quotes["start"].to_numpy(),
                "end": quotes["end"].to_numpy(), "action": "", "quote": [_trim_quote(t) for t in safe["text"]]}))
            self.add(Paragraph(self.t["quotes_intro"]))
            changed = []
            speakers = quotes["speaker"] if "speaker" in quotes.columns else [None] * len(quotes)
            times = quotes["timestamp"] if self.inputs.quote_times and "timestamp" in quotes.columns else [None] * len(quotes)
            for number, (doc_id, speaker, when, text_, attr) in enumerate(
                    zip(quotes["doc_id"], speakers, times, safe["text"], safe["attribution"]), 1):
                respondent, attributes = self.respondent_of(doc_id, speaker)
                fields = self.shown_fields(respondent, self.attribution)
                if fields != self.attribution:
                    attr = self.pseudo(attribution(respondent, attributes, fields=fields))
                    dropped = [f for f in self.attribution if f not in fields]
                    changed.append(f"{number} ({respondent}, without {', '.join(dropped)})")
                if clock(when):  # the quote's time in the recording: "(R03, Douane, 0:12:34)"
                    attr = f"{attr[:-1]}, {clock(when)})"
                self.add(Quote(_trim_quote(text_), attr))
            if changed:
                self.coarsened_quotes.append(f"theme {code}: quote {'; '.join(changed)}")

    def _pin(self, code: str, quotes: pd.DataFrame, pinned: pd.DataFrame, options: dict) -> pd.DataFrame:
        """Pinned passages first, in file order: each must be a quote candidate of the theme (a row of
        ``tables/quotes.csv``) or a coded passage of it (``RK536``)."""
        from researchkit import analysis

        key = ["doc_id", "start", "end"]
        whole = self.quote_source().quotes(n=None, **options)
        coded = analysis.passages(self.codings, self.corpus, code=code, codebook=self.codebook, context=0)
        candidates = pd.concat([whole, coded[[c for c in whole.columns if c in coded.columns]]],
                               ignore_index=True).drop_duplicates(key)
        found = pinned[key].merge(candidates, on=key, how="left", indicator=True)
        missing = found[found["_merge"] != "both"]
        if len(missing):
            where = ", ".join(f"{r.doc_id} {r.start}-{r.end}" for r in missing.itertuples(index=False))
            raise ReportError("RK536", f"pinned quote(s) of theme {code} are not coded passages of that theme: {where}",
                              hint="copy the rows from out/tables/quotes.csv or the codings; offsets must match a coded passage")
        found = found.drop(columns="_merge")
        return pd.concat([found[[c for c in quotes.columns if c in found.columns]], quotes], ignore_index=True)


def _parts(freq: pd.DataFrame, code_lists: list[list[str]]) -> list[pd.DataFrame]:
    """The rows of each list of codes in a frequencies table (in the table's order, numbered from 0), the
    table's codes factorised once: ``freq[freq["code"].isin(codes)]`` for each of ``code_lists``.

    Examples
    --------
    >>> freq = pd.DataFrame({"code": ["A", "B", "C"], "respondents": [1, 2, 3]})
    >>> [part["respondents"].tolist() for part in _parts(freq, [["C", "A"], ["B"], []])]
    [[1, 3], [2], []]
    """
    ids, uniques = pd.factorize(freq["code"].to_numpy(dtype=object))  # a missing code is -1: in no list
    position = {c: i for i, c in enumerate(uniques.tolist())}
    out = []
    for codes in code_lists:
        wanted = np.zeros(len(uniques) + 1, dtype=bool)  # (the last place: the missing codes' -1)
        wanted[[position[c] for c in codes if c in position]] = True
        out.append(_rows(freq, wanted[ids]))
    return out


def _rows(freq: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``freq`` where ``mask`` holds, numbered from 0.

    Examples
    --------
    >>> _rows(pd.DataFrame({"code": ["A", "B"]}), np.array([False, True])).to_dict("records")
    [{'code': 'B'}]
    """
    return freq.take(np.flatnonzero(mask)).reset_index(drop=True)


def _children_first(freq: pd.DataFrame, is_theme: np.ndarray) -> pd.DataFrame:
    """A theme's frequencies (the rows of its children and its own, ``is_theme``) with the children's rows first,
    numbered from 0: the table itself when it has them in that order already (as :func:`researchkit.analysis.frequencies`
    lists the codes it is given).

    Examples
    --------
    >>> freq = pd.DataFrame({"code": ["T", "T.1"]})
    >>> _children_first(freq, np.array([True, False]))["code"].tolist()
    ['T.1', 'T']
    """
    n_children = int(len(is_theme) - is_theme.sum())
    if not is_theme[:n_children].any():  # children's rows, then the theme's
        return freq if freq.index.equals(pd.RangeIndex(len(freq))) else freq.reset_index(drop=True)
    return pd.concat([_rows(freq, ~is_theme), _rows(freq, is_theme)], ignore_index=True)


def _counts(freq: pd.DataFrame, by: str | None) -> dict[tuple[str, object], tuple[int, int]]:
    """``(code, group) -> (respondents, n_respondents)`` of a frequencies table (group ``None`` without ``by``;
    the first row of a pair when it repeats).

    Examples
    --------
    >>> _counts(pd.DataFrame({"code": ["A", "A"], "g": ["x", "y"], "respondents": [1, 2], "n_respondents": [4, 5]}), "g")
    {('A', 'x'): (1, 4), ('A', 'y'): (2, 5)}
    """
    groups = freq[by] if by else [None] * len(freq)
    out: dict[tuple[str, object], tuple[int, int]] = {}
    for c, g, r, n in zip(freq["code"], groups, freq["respondents"], freq["n_respondents"]):
        out.setdefault((c, g), (int(r), int(n)))
    return out


def summary_docs(codings: pd.DataFrame, codebook: object, code: str) -> int:
    """Interviews with a coding in the branch of ``code`` (a distinctive word must occur in two of them, when there are two).

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> summary_docs(pd.DataFrame({"doc_id": ["a", "b"], "code": ["S.1", "T"]}), Codebook.from_dict({"codes": [{"id": "S", "name": "S", "children": [{"id": "S.1", "name": "S1"}]},
    ...                                                  {"id": "T", "name": "T"}]}), "S")
    1
    """
    return summary_docs_each(codings, codebook, [code])[code]


def summary_docs_each(codings: pd.DataFrame, codebook: object, codes: list[str]) -> dict[str, int]:
    """:func:`summary_docs` of each of ``codes``, the codes and documents of the codings factorised once.

    Examples
    --------
    >>> from researchkit.codebook import Codebook
    >>> cb = Codebook.from_dict({"codes": [{"id": "S", "name": "S", "children": [{"id": "S.1", "name": "S1"}]},
    ...                                    {"id": "T", "name": "T"}]})
    >>> summary_docs_each(pd.DataFrame({"doc_id": ["a", "b", "b"], "code": ["S.1", "T", "S"]}), cb, ["S", "T"])
    {'S': 2, 'T': 1}
    """
    code_ids, uniques = pd.factorize(codings["code"].to_numpy(dtype=object), use_na_sentinel=False)
    doc_ids = pd.factorize(codings["doc_id"].to_numpy(dtype=object))[0]  # a missing document is none (-1)
    out = {}
    for code in codes:
        branch = {code, *codebook.descendants(code)}
        inside = np.array([u in branch for u in uniques], dtype=bool)[code_ids]
        found = doc_ids[inside]
        out[code] = int(len(np.unique(found[found >= 0])))
    return out


def _description(item: object, lang: str) -> str:
    """A code's or codebook's description in the report language: ``description_en`` for English
    (falling back to ``description``), ``description`` for Dutch.

    Examples
    --------
    >>> class C: description, description_en = "Omschrijving", "Description"
    >>> _description(C(), "en"), _description(C(), "nl")
    ('Description', 'Omschrijving')
    """
    if lang == "en":
        english = getattr(item, "description_en", None)
        if english:
            return str(english)
    return str(getattr(item, "description", None) or "")
