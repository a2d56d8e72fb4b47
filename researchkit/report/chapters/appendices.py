"""The appendices: the codebook and the respondents.

A mixin of the report builder (:class:`researchkit.report.builder.BuilderCore`).
"""

from __future__ import annotations

from researchkit.report.chapters.theme import _description

from researchkit.privacy import respondent_overview, short_label
from researchkit.report.blocks import Heading, PageBreak, Paragraph
from researchkit.report.formatting import (
    _capitalize,
    _join_and,
    _plain_list,
    _sentence,
)


class AppendixChapters:
    """The appendices: the codebook and the respondents."""

    def appendix_codebook(self, letter: str) -> None:
        t = self.t
        cb = self.codebook
        self.add(PageBreak())
        self.add(Heading(f"{t['appendix']} {letter} {t['app_codebook']}", 1))
        intro = " ".join(_description(cb, self.lang).split())
        if intro:
            self.add(Paragraph(intro))
        for top in cb.codes:
            self.add(Heading(f"{top.id} {top.name}", 2, contents=False))
            for code in [top] + [cb[c] for c in cb.descendants(top.id)]:
                lines = []
                if _description(code, self.lang):
                    lines.append(("", " ".join(_description(code, self.lang).split())))
                if code.include:
                    lines.append((f"{t['include']}: ", _plain_list(code.include)))
                if code.exclude:
                    lines.append((f"{t['exclude']}: ", _plain_list(code.exclude)))
                if code.examples:
                    lines.append((f"{t['examples']}: ", " ".join(f"“{self.pseudo(e)}”" for e in code.examples)))
                text = " ".join(_sentence(f"{lead}{body}") for lead, body in lines) if lines else ""
                self.add(Paragraph(text, lead=f"{code.id} {code.name}.", style="codebook"))
        if cb.relations:  # named relations between codes (ATLAS.ti's code-code links)
            self.add(Heading(t["relations"], 2, contents=False))
            arrows = {"one-way": "→", "bidirectional": "↔", "associative": "—"}
            for rel in cb.relations:
                self.add(Paragraph(f"{rel.name} {arrows[rel.direction]} {rel.target} {cb[rel.target].name}.".lstrip(),
                                   lead=f"{rel.source} {cb[rel.source].name}", style="codebook"))

    def appendix_respondents(self, letter: str) -> None:
        t = self.t
        self.add(PageBreak())
        self.add(Heading(f"{t['appendix']} {letter} {t['app_respondents']}", 1))
        if self.participants:  # counting per speaker: the focus groups' participants are rows too (R05-1 under R05)
            fields = [f for f in dict.fromkeys((self.group, "organisation", "port"))
                      if f and (f in self.attrs.columns or f in self._speaker_columns())]
            overview = self._respondent_attributes(fields).map(short_label).rename_axis("respondent").reset_index()
            overview = overview.sort_values("respondent", kind="mergesort").reset_index(drop=True)
        else:
            fields = [f for f in (self.doc_group, "organisation", "port") if f]
            overview = respondent_overview(self.corpus, codes=self.codes, fields=fields)
        overview = overview.map(lambda v: self.pseudo(v) if isinstance(v, str) else v)
        coarsened: set[str] = set()
        for i, code in enumerate(overview.iloc[:, 0]):  # the re-identification check applies here too
            for f in [f for f in overview.columns[1:] if f not in self.shown_fields(code, list(overview.columns[1:]))]:
                overview.iat[i, overview.columns.get_loc(f)] = "–"
                coarsened.add(f)
        # a column the check emptied for every respondent says nothing: left out, and the text says why
        dropped = [f for f in overview.columns[1:] if f in coarsened and (overview[f].astype(str) == "–").all()]
        overview = overview.drop(columns=dropped)
        names = _join_and([t.get(f, f).lower() for f in dropped], self.lang)
        k, one = self.inputs.reidentification_k, len(dropped) == 1
        if self.lang == "nl":
            text = ("Respondenten zijn aangeduid met een code; organisaties zonder nadere functieaanduiding. "
                    f"Tabel {self.n_tables + 1} geeft het overzicht.")
            if dropped:
                text += (f" {_capitalize(names)} {'is' if one else 'zijn'} weggelaten: in combinatie met de andere "
                         f"kenmerken delen minder dan {k} respondenten {'dat gegeven' if one else 'die gegevens'}, zodat "
                         "respondenten herkenbaar zouden worden.")
        else:
            text = (f"Respondents are identified by a code; organisations without function details. Table {self.n_tables + 1} "
                    "lists them.")
            if dropped:
                text += (f" {_capitalize(names)} {'is' if one else 'are'} left out: combined with the other attributes, "
                         f"fewer than {k} respondents share {'it' if one else 'them'}, so respondents could be recognised.")
        self.add(Paragraph(text))
        header = [t["respondent"]] + [t.get(f, f) for f in overview.columns[1:]]
        rows = [[str(v) for v in r] for r in overview.itertuples(index=False)]
        caption = "Overzicht van de respondenten" if self.lang == "nl" else "Respondents"
        self.table("respondents", caption, header, rows, overview)
