"""Optional chapters, built only when ``report.chapters`` names them: co-occurrence of the
top-level themes, the framework matrix (:mod:`.framework`), the partner network and the
coding stripes. Counting per speaker (``report.count_per: speaker``) the first three count
every focus-group participant as a respondent: themes and partners go together only in one
participant's words, the framework matrix has a row per participant.

Each method returns ``False`` with a note when the inputs cannot carry the chapter; the
caller (:func:`researchkit.report.content.build_content`) turns that into ``RK531``, since
an optional chapter is always asked for by name.

Examples
--------
>>> OPTIONAL_CHAPTERS
('cooccurrence', 'framework', 'partner_network', 'coding_stripes')
"""

from __future__ import annotations

import warnings

import pandas as pd

from researchkit.errors import AnalysisWarning
from researchkit.report.blocks import Heading, PageBreak, Paragraph
from researchkit.report.chapters.framework import FrameworkChapter
from researchkit.report.formatting import _num

#: Chapters made only on request (never by default).
OPTIONAL_CHAPTERS: tuple[str, ...] = ("cooccurrence", "framework", "partner_network", "coding_stripes")

_TITLES = {
    "nl": {"cooccurrence": "Samenhang tussen thema's", "partner_network": "Netwerk van partners",
           "coding_stripes": "Verloop van de interviews"},
    "en": {"cooccurrence": "How the themes go together", "partner_network": "Network of partners",
           "coding_stripes": "The course of the interviews"},
}


class ExtraChapters(FrameworkChapter):
    """Mixin: the optional chapters (needs the state of :class:`researchkit.report.builder.BuilderCore`)."""

    def optional_chapter(self, name: str, chapter: int) -> bool:
        """Build optional chapter ``name`` as chapter number ``chapter``; ``False`` (with a note) if it cannot be."""
        return {"cooccurrence": self._cooccurrence, "framework": self._framework, "partner_network": self._partner_network,
                "coding_stripes": self._coding_stripes}[name](chapter)

    def _start(self, name: str, chapter: int) -> None:
        self.add(PageBreak())
        self.add(Heading(f"{chapter} {_TITLES[self.lang][name]}", 1))

    def _cooccurrence(self, chapter: int) -> bool:
        from researchkit import analysis
        from researchkit.figures import cooccurrence_heatmap

        top = [c.id for c in self.codebook.codes]
        level = 1 if self.codebook.depth > 1 else None
        used = set((self.codebook.rollup(self.codings, level=1) if level else self.codings)["code"].astype(str))
        if len([c for c in top if c in used]) < 2:
            self.notes.append("chapter cooccurrence left out: fewer than two top-level themes are coded")
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analysis.cooccurrence(self.codings, self.corpus, unit="sentence", level=level, codebook=self.codebook,
                                           units_table=self.sentences(), per=self.per)
        self.notes.extend(self.analysis_notes("cooccurrence", caught))
        pairs = result[result["code_a"] < result["code_b"]].dropna(subset=["c"])
        pairs = pairs.sort_values(["c", "count"], ascending=False, kind="mergesort")
        self._start("cooccurrence", chapter)
        nl = self.lang == "nl"
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        best = pairs.iloc[0] if len(pairs) and pairs.iloc[0]["count"] > 0 else None
        if nl:
            text = ("Twee thema's hangen samen als respondenten ze in dezelfde zin aansnijden; de c-coëfficiënt is het "
                    "aantal zinnen met beide gedeeld door het aantal zinnen met een van beide. ")
            if self.per == "speaker":
                text += "In een focusgroep tellen twee thema's alleen samen als dezelfde deelnemer ze noemt. "
            if best is not None:
                text += (f"De sterkste samenhang is die tussen {self.name(best['code_a'])} en {self.name(best['code_b'])} "
                         f"(c = {_num(float(best['c']), 2, 'nl')}, {int(best['count'])} zinnen). ")
            text += f"Tabel {table_no} geeft de paren, figuur {figure_no} het volledige beeld."
            columns, caption, fig_caption = ["Thema", "Thema", "Zinnen samen", "c"], "Samenhang tussen thema's (per zin)", "Samenhang tussen thema's (c-coëfficiënt)"
        else:
            text = ("Two themes go together when respondents raise them in the same sentence; the c-coefficient is the "
                    "number of sentences with both divided by the number with either. ")
            if self.per == "speaker":
                text += "In a focus group two themes count together only when the same participant raises both. "
            if best is not None:
                text += (f"The strongest link is between {self.name(best['code_a'])} and {self.name(best['code_b'])} "
                         f"(c = {_num(float(best['c']), 2, 'en')}, {int(best['count'])} sentences). ")
            text += f"Table {table_no} lists the pairs, figure {figure_no} shows the whole picture."
            columns, caption, fig_caption = ["Theme", "Theme", "Sentences together", "c"], "Themes together (per sentence)", "Themes together (c-coefficient)"
        self.add(Paragraph(text))
        shown = pairs[pairs["count"] > 0].head(15)
        rows = [[self.name(r.code_a), self.name(r.code_b), str(int(r.count)), _num(float(r.c), 2, self.lang)]
                for r in shown.itertuples(index=False)]
        self.table("cooccurrence", caption, columns, rows, shown.reset_index(drop=True))
        self.figure("cooccurrence", fig_caption, cooccurrence_heatmap(result, codebook=self.codebook, lang=self.lang))
        return True

    def _partner_network(self, chapter: int) -> bool:
        from researchkit import analysis
        from researchkit.figures import partner_network_plot

        partners = self.inputs.partners
        if not partners or partners not in self.codebook or not self.codebook[partners].children:
            self.notes.append(f"chapter partner_network left out: the codebook has no partner branch {partners!r} with codes")
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            edges = analysis.partner_network(self.codings, self.corpus, partners=partners, context=None,
                                             codebook=self.codebook, units_table=self.sentences(), per=self.per)
        # the analysis' own warnings only (counting per speaker the unattributed codings, noted once for the report)
        self.notes.extend(self.analysis_notes("partner_network", [w for w in caught if issubclass(w.category, AnalysisWarning)]))
        self._start("partner_network", chapter)
        nl = self.lang == "nl"
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        if nl:
            text = (f"Welke partners noemen respondenten in één adem? Twee partners zijn verbonden als ze in dezelfde zin "
                    f"worden genoemd" + (" door dezelfde deelnemer" if self.per == "speaker" else "") +
                    f". Tabel {table_no} en figuur {figure_no} tonen de verbindingen (aantal zinnen).")
            columns, caption, fig_caption = ["Partner", "Partner", "Zinnen", "Respondenten"], "Partners die samen worden genoemd", "Netwerk van partners (aantal zinnen)"
        else:
            text = (f"Which partners do respondents mention together? Two partners are linked when named in the same "
                    f"sentence" + (" by the same participant" if self.per == "speaker" else "") +
                    f". Table {table_no} and figure {figure_no} show the links (number of sentences).")
            columns, caption, fig_caption = ["Partner", "Partner", "Sentences", "Respondents"], "Partners mentioned together", "Network of partners (number of sentences)"
        if not len(edges):
            text += (" Geen twee partners worden samen genoemd." if nl else " No two partners are mentioned together.")
        self.add(Paragraph(text))
        rows = [[str(r.source_name), str(r.target_name), str(int(r.count)), str(int(r.respondents))]
                for r in edges.itertuples(index=False)]
        data = edges[["source", "target", "source_name", "target_name", "count", "documents", "respondents"]]
        self.table("partner_network", caption, columns, rows, pd.DataFrame(data).reset_index(drop=True))
        children = [c.id for c in self.codebook[partners].children]
        self.figure("partner_network", fig_caption, partner_network_plot(edges, partners=children, codebook=self.codebook))
        return True

    def _coding_stripes(self, chapter: int) -> bool:
        from researchkit.figures import coding_stripes

        if not len(self.codings):
            self.notes.append("chapter coding_stripes left out: there are no codings")
            return False
        self._start("coding_stripes", chapter)
        figure_no = self.n_figures + 1
        text = (f"Figuur {figure_no} toont per interview waar in het gesprek de thema's aan bod komen, van begin (links) "
                "tot eind (rechts)." if self.lang == "nl" else
                f"Figure {figure_no} shows for each interview where in the conversation the themes come up, from the "
                "start (left) to the end (right).")
        self.add(Paragraph(text))
        level = 1 if self.codebook.depth > 1 else None
        # the figure labels documents by their respondent codes, never by document id
        from researchkit.transcripts import Corpus, Transcript

        codings = self.codings.assign(doc_id=self.codings["doc_id"].map(self.codes))
        corpus = Corpus([Transcript(self.codes[t.doc_id], t.text) for t in self.corpus])
        fig = coding_stripes(codings, corpus, level=level, codebook=self.codebook, lang=self.lang)
        self.figure("coding_stripes", "Thema's in het verloop van de interviews" if self.lang == "nl" else
                    "Themes over the course of the interviews", fig)
        return True
