"""The white spots: suspicions without signals per row and phenomenon.

A mixin of the report builder (:class:`researchkit.report.builder.BuilderCore`).
"""

from __future__ import annotations

import warnings


from researchkit.report.blocks import Bullets, Heading, PageBreak, Paragraph


class WhiteSpotsChapter:
    """The white spots: suspicions without signals per row and phenomenon."""

    def white_spots(self, chapter: int) -> bool:
        from researchkit import analysis, figures

        cb, lang, t, inp = self.codebook, self.lang, self.t, self.inputs
        settings = {"suspicion": inp.suspicion, "signal": inp.signal, "phenomena": inp.phenomena}
        unnamed = [k for k, v in settings.items() if not v]
        missing = [f"{v!r} (report.white_spots.{k})" for k, v in settings.items() if v and v not in cb]
        rows_attr = inp.white_spot_rows
        attributes = set(self.attrs.columns) | self._speaker_columns()  # counting per speaker, the speaker sheet's too
        if unnamed or missing or (rows_attr not in attributes and rows_attr not in cb):
            if unnamed:
                why = f"report.white_spots.{', '.join(unnamed)} not set (the code ids of those branches)"
            elif missing:
                why = f"the codebook has no code {', '.join(missing)}"
            else:
                why = f"no attribute or branch {rows_attr!r} (report.white_spots.rows)"
            self.notes.append(f"chapter white_spots left out: {why}")
            return False
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analysis.white_spots(self.codings, self.corpus, rows=rows_attr, cols="phenomenon", suspicion=inp.suspicion,
                                          signal=inp.signal, phenomena=inp.phenomena, codebook=cb,
                                          units_table=self.sentences(), per=self.per)
        self.notes.extend(self.analysis_notes("white_spots", caught))
        self.add(PageBreak())  # every chapter starts on a new page
        self.add(Heading(f"{chapter} {t['ws_h']}", 1))
        spots = result[result["white_spot"]]
        row_col, col_col = result.columns[0], result.columns[1]
        table_no, figure_no = self.n_tables + 1, self.n_figures + 1
        susp, sig = self.name(inp.suspicion).lower(), self.name(inp.signal).lower()
        items = [f"{r[row_col]} – {self.name(r[col_col])}: {int(r['suspicions'])} "
                 f"{'passage' if int(r['suspicions']) == 1 else 'passages'} {'met vermoedens' if lang == 'nl' else 'with suspicions'}"
                 for _, r in spots.iterrows()]
        if lang == "nl":
            text = (f"Een witte vlek is een combinatie van {t.get(row_col, row_col).lower()} en fenomeen waarover respondenten "
                    f"wel {susp} uiten, maar geen concrete {sig} noemen. Dat is een aanwijzing voor een gat in de "
                    f"informatiepositie, geen bewijs: het kan ook zijn dat het fenomeen er niet speelt. ")
            text += f"De analyse vindt {len(spots)} kandidaat-witte {'vlek' if len(spots) == 1 else 'vlekken'}" + (":" if len(spots) else ".")
            after = (f"Tabel {table_no} geeft per cel het aantal passages met {susp} en met {sig}; figuur {figure_no} toont "
                     "de kandidaat-witte vlekken in oranje.")
            caption = f"Vermoedens en signalen per {t.get(row_col, row_col).lower()} en fenomeen (passages)"
            fig_caption = "Kandidaat-witte vlekken: vermoedens zonder signalen"
        else:
            text = (f"A white spot is a combination of {row_col} and phenomenon about which respondents voice {susp} but "
                    f"mention no concrete {sig}: a hint at a gap in the information position, not proof; the phenomenon may "
                    "also be absent. ")
            text += f"The analysis finds {len(spots)} candidate white spot{'s' if len(spots) != 1 else ''}" + (":" if len(spots) else ".")
            after = (f"Table {table_no} gives, per cell, the passages with {susp} and with {sig}; figure {figure_no} shows "
                     "the candidate white spots in orange.")
            caption = f"Suspicions and signals per {row_col} and phenomenon (passages)"
            fig_caption = "Candidate white spots: suspicions without signals"
        self.add(Paragraph(text))
        if items:
            self.add(Bullets(tuple(items)))
        self.add(Paragraph(after))
        rows_order = list(dict.fromkeys(result[row_col].astype(str)))
        cols_order = list(dict.fromkeys(result[col_col].astype(str)))
        # phenomena down, rows (ports) across: a table that fits the width of a page
        phen_label = "Fenomeen" if lang == "nl" else "Phenomenon"
        header = [phen_label] + rows_order
        cells: dict[tuple[str, str], tuple] = {}  # (row, column) -> mentions, suspicions, signals, white spot; read once
        for r, c, *values in zip(result[row_col].astype(str), result[col_col].astype(str), result["mentions"],
                                 result["suspicions"], result["signals"], result["white_spot"]):
            cells.setdefault((r, c), tuple(values))
        rows = []
        for c in cols_order:
            row = [self.name(c) if c in cb else c]
            for r in rows_order:
                mentions, suspicions, signals, white_spot = cells[(r, c)]
                if int(mentions) == 0:
                    row.append("–")
                else:
                    row.append(f"{int(suspicions)} / {int(signals)}" + (" *" if bool(white_spot) else ""))
            rows.append(row)
        note = ("Per cel: passages met vermoedens / met signalen; * = kandidaat-witte vlek; – = niet genoemd." if lang == "nl"
                else "Per cell: passages with suspicions / with signals; * = candidate white spot; – = not mentioned.")
        self.table("white_spots", caption, header, rows, result.reset_index(drop=True), note)
        self.figure("white_spots", fig_caption, figures.white_spot_map(result, lang=lang, codebook=cb))
        return True
