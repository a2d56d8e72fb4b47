"""The information position per partner: table and heatmap.

A mixin of the report builder (:class:`researchkit.report.builder.BuilderCore`).
"""

from __future__ import annotations

import warnings


from researchkit.report.blocks import Heading, PageBreak, Paragraph
from researchkit.report.texts import _DIMENSIONS


class InformationPositionChapter:
    """The information position per partner: table and heatmap."""

    def information_position(self, chapter: int) -> bool:
        from researchkit import analysis, figures
        from researchkit.analysis import DEFAULT_DIMENSIONS

        cb, lang, t = self.codebook, self.lang, self.t
        dims = dict(self.inputs.dimensions or DEFAULT_DIMENSIONS)
        present = {k: v for k, v in dims.items() if v in cb}
        partners = self.inputs.partners
        if not partners or partners not in cb or not present:
            if not partners:
                why = ("no partners branch is named (report.information_position.partners: the code whose "
                       "subcodes are the partners)")
            elif partners not in cb:
                why = f"the codebook has no code {partners!r} (report.information_position.partners)"
            else:
                why = f"the codebook has none of the dimension codes {', '.join(dims.values())}"
            self.notes.append(f"chapter information_position left out: {why}")
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analysis.information_position(self.codings, self.corpus, partners=self.inputs.partners,
                                                   dimensions=present, codebook=cb, units_table=self.sentences(), per=self.per)
        self.notes.extend(self.analysis_notes("information_position", caught))
        dim_labels = {k: _DIMENSIONS[lang].get(k, k) for k in present}
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {t['info_h']}", 1))
        partner_totals = result.groupby("partner_name", sort=False)["respondents"].sum()
        top = result.sort_values(["respondents", "passages"], ascending=False, kind="mergesort").iloc[0]
        silent = [p for p, v in partner_totals.items() if v == 0]
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        if lang == "nl":
            text = (f"Dit hoofdstuk brengt in kaart wat respondenten zeggen over hoe partners informatie "
                    f"{', '.join(dim_labels[d] for d in list(present)[:-1])}{' en ' if len(present) > 1 else ''}{dim_labels[list(present)[-1]]}. "
                    f"Een partner en een dimensie tellen samen als ze in dezelfde zin zijn gecodeerd. ")
            if int(top["respondents"]) > 0:
                text += (f"Het vaakst gaat het over {dim_labels[top['dimension']]} door {top['partner_name']} "
                         f"({int(top['respondents'])} respondenten). ")
            if silent:
                text += f"Over {', '.join(silent)} zegt niemand iets in termen van de informatiepositie. "
            text += f"Tabel {table_no} en figuur {figure_no} geven het volledige beeld (aantal respondenten)."
            caption = "Informatiepositie per partner: aantal respondenten per dimensie"
            fig_caption = "Informatiepositie per partner (aantal respondenten)"
        else:
            text = (f"This chapter maps what respondents say about how partners "
                    f"{', '.join(dim_labels[d] for d in list(present)[:-1])}{' and ' if len(present) > 1 else ''}{dim_labels[list(present)[-1]]} "
                    f"information. A partner and a dimension count together when coded in the same sentence. ")
            if int(top["respondents"]) > 0:
                text += f"Most often this concerns {top['partner_name']} ({dim_labels[top['dimension']]}, {int(top['respondents'])} respondents). "
            if silent:
                text += f"Nobody discusses {', '.join(silent)} in terms of the information position. "
            text += f"Table {table_no} and figure {figure_no} give the full picture (number of respondents)."
            caption = "Information position per partner: respondents per dimension"
            fig_caption = "Information position per partner (respondents)"
        self.add(Paragraph(text))
        partners = list(dict.fromkeys(result["partner"]))
        header = [t["partner"]] + [dim_labels[d] for d in present]
        # a partner's name (of its first row) and the respondents of each (partner, dimension), read once
        name_of: dict = {}
        respondents: dict = {}
        for p, d, name, n in zip(result["partner"], result["dimension"], result["partner_name"], result["respondents"]):
            name_of.setdefault(p, name)
            respondents.setdefault((p, d), n)
        rows = [[str(name_of[p])] + [str(int(respondents[(p, d)])) for d in present] for p in partners]
        data = result.drop(columns=["respondent_ids"]).copy()
        code_of = self.respondent_code_of()  # counting per speaker, a participant's own code (R05-2)
        data["respondent_codes"] = [
            "; ".join(sorted({code_of.get(d, d) for d in ids.split("; ") if d})) for ids in result["respondent_ids"]
        ]
        self.table("information_position", caption, header, rows, data)
        self.figure("information_position", fig_caption, figures.information_position_heatmap(result, lang=lang))
        return True
