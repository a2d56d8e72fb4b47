"""Variant spellings of key terms (issue 21.2): the key, the pseudonymiser and the leak check in every format.

Soft hyphen, zero-width space and joiners, the ĳ ligature, added or removed accents, lower
case, a name hyphenated across a line break and NFD text are matched on a normalised
shadow of the text and mapped back to the exact original span.
"""

from __future__ import annotations

import csv
import html
import random
import re
import unicodedata
import zipfile

import docx
import pytest

from researchkit.privacy import KeyEntry, PrivacyKey, apply_key, check_outputs, pseudonymise_text, shadow
from researchkit.privacy.matcher import common_word
from researchkit.transcripts import Corpus, Transcript

KEY = PrivacyKey([KeyEntry("Henk Zijlstra"), KeyEntry("Piet de Boer"), KeyEntry("Zeester", kind="vessel")]).assigned()

#: (how, written) pairs: every one must be found as the key term.
VARIANTS = [
    ("soft hyphen", "Zijl\u00adstra"),
    ("zero-width space", "Zijl\u200bstra"),
    ("zero-width joiner", "Zij\u200dlstra"),
    ("zero-width non-joiner", "Z\u200cijlstra"),
    ("word joiner", "Zijlst\u2060ra"),
    ("ij ligature", "Z\u0133lstra"),
    ("capital IJ ligature", "Z\u0132LSTRA"),
    ("added accent", "Zíjlstra"),
    ("accent on another letter", "Zijlstrá"),
    ("lower case", "zijlstra"),
    ("upper case", "ZIJLSTRA"),
    ("line-break hyphen", "Zijl-\nstra"),
    ("line-break hyphen with CRLF and indent", "Zijl-\r\n   stra"),
    ("NFD", unicodedata.normalize("NFD", "Zíjlstra")),
    ("NFD at the end", unicodedata.normalize("NFD", "Zijlstrá")),
    ("full-width", "Ｚｉｊｌｓｔｒａ"),
    ("no-break space in the full name", "Henk\u00a0Zijlstra"),
    ("possessive with variant", "Zijl\u00adstra's"),
]


@pytest.mark.parametrize(("how", "written"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_key_finds_each_variant_with_exact_offsets(how, written):
    text = f"Toen belde {written} mij op."
    hits = KEY.find(text)
    assert len(hits) == 1, how
    start = text.index(written)
    assert (hits[0].start, hits[0].end) == (start, start + len(written))
    assert hits[0].text == written and hits[0].pseudonym == "[PERSOON-1]"


@pytest.mark.parametrize(("how", "written"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_pseudonymiser_replaces_each_variant(how, written):
    out = pseudonymise_text(f"Toen belde {written} mij op.", KEY, kinds=())
    assert out.startswith("Toen belde [PERSOON-1]") and out.endswith(" mij op."), (how, out)


def test_common_words_keep_their_case_rule():
    """Lower case is matched only for names that are no common word: the farmer and the fisher stay."""
    assert common_word("boer") and common_word("Visser") and not common_word("Zijlstra")
    key = PrivacyKey([KeyEntry("Piet de Boer"), KeyEntry("Klaas Visser"), KeyEntry("Zijlstra")]).assigned()
    text = "de boer en de visser spraken zijlstra; De Boer en Visser niet."
    assert [h.text for h in key.find(text)] == ["zijlstra", "De Boer", "Visser"]


def test_variants_do_not_join_separate_words():
    """Hyphenation is joined only at a line end between letters; ordinary hyphens and spaces stay."""
    key = PrivacyKey([KeyEntry("Zijlstra")]).assigned()
    assert key.find("Zijl-stra") == [] and key.find("Zijl stra") == [] and key.find("Zijl-\n2stra") == []


def test_shadow_maps_every_span_back_exactly():
    rng = random.Random(5)
    alphabet = ["a", "b", "Z", "ij", "\u0133", "é", "e\u0301", "\u00ad", "\u200b", " ", "-\n", "\n", "’", "ß", "Ｚ"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        view = shadow(text)
        for start in range(len(view.text)):
            for end in range(start + 1, len(view.text) + 1):
                s, e = view.span(start, end)
                assert 0 <= s < e <= len(text)
                # the original span normalises to (at least) the shadow span
                assert view.text[start:end].replace(" ", "") in shadow(text[s:e]).text.replace(" ", "") or \
                    shadow(text[s:e]).text.replace(" ", "") in view.text.replace(" ", "")


def test_apply_key_keeps_codings_on_variant_text():
    import pandas as pd

    text = "R: Zijl\u00adstra belde. Z\u0133lstra weer. Daarna niets."
    corpus = Corpus([Transcript("R1", text)])
    codings = pd.DataFrame([{"doc_id": "R1", "start": text.index("Daarna"), "end": len(text), "code": "X", "coder": "a",
                             "source": "manual"}])
    view = apply_key(corpus, KEY, codings=codings, kinds=())
    assert view.corpus["R1"].text == "R: [PERSOON-1] belde. [PERSOON-1] weer. Daarna niets."
    row = view.codings.iloc[0]
    assert view.corpus["R1"].text[row["start"] : row["end"]] == "Daarna niets."


# --------------------------------------------------------------------------- every output format

def _write_outputs(folder, written: str) -> dict[str, object]:
    sentence = f"Toen belde {written} mij op."
    paths = {}
    md = folder / "report.md"
    md.write_text(f"# Rapport\n\n{sentence}\n", encoding="utf-8")
    paths["md"] = md
    page = folder / "transcripts.html"
    page.write_text(f"<html><body><p>Eerst</p><p>{html.escape(sentence)}</p></body></html>", encoding="utf-8")
    paths["html"] = page
    table = folder / "quotes.csv"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([["quote", "who"], [sentence, "R01"]])
    paths["csv"] = table
    document = docx.Document()
    document.add_paragraph("Inleiding")
    document.add_paragraph(sentence)
    word = folder / "report.docx"
    document.save(word)
    paths["docx"] = word
    project = folder / "export.qdpx"
    with zipfile.ZipFile(project, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", '<?xml version="1.0" encoding="utf-8"?>\n<Project name="Havens">'
                         f"<Description>{html.escape(sentence)}</Description></Project>")
        archive.writestr("sources/s1.txt", "I: Vertel.\nR: " + sentence + "\n")
    paths["qdpx"] = project
    return paths


@pytest.mark.parametrize(("how", "written"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_leak_check_finds_each_variant_in_every_format(tmp_path, how, written):
    paths = _write_outputs(tmp_path, written)
    for fmt, path in paths.items():
        found = check_outputs([path], KEY, kinds=())
        texts = list(found["text"])
        expected = 2 if fmt == "qdpx" else 1
        assert len(found) == expected, (how, fmt, texts)
        assert all(shadow(t).text.lower().replace("\n", "").replace(" ", "").replace("-", "").endswith("zijlstra")
                   or shadow(t).text.lower().endswith("zijlstra's") for t in texts), (how, fmt, texts)


_AS_WRITTEN = [v for v in VARIANTS if v[0] not in ("lower case", "upper case", "capital IJ ligature")]


@pytest.mark.parametrize(("how", "written"), _AS_WRITTEN, ids=[v[0] for v in _AS_WRITTEN])
def test_the_name_list_replacement_catches_variants_too(how, written):
    """Speakers' and listed names (``[naam]``, case as written) are matched on the shadow as well."""
    from researchkit.privacy import Pseudonymiser

    out = Pseudonymiser(["Henk Zijlstra"])(f"Toen belde {written} mij op.")
    suffix = "'s" if written.endswith("'s") else ""
    assert out == f"Toen belde [naam]{suffix} mij op.", (how, out)


def test_one_for_one_shadow_is_the_piecewise_shadow_without_a_map():
    """Text whose non-ASCII characters each shadow to one character (é, ë, ï, ’, ø ...) takes the
    quick path: the same shadow text as the general piecewise one, and every span maps back
    to the same original span (the identity); combining marks, ligatures, invisible characters
    and line-end hyphens still take the general path."""
    from researchkit.privacy.normalise import _piecewise

    rng = random.Random(12)
    alphabet = ["a", "Z", "k", " ", "é", "ë", "ï", "Ó", "ø", "’", "ç", "-", ".", "\n", "ü"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        quick, general = shadow(text), _piecewise(text)
        one_for_one = re.search(r"-[ \t]*\n", text) is None  # else a line-end hyphen may go
        assert quick.text == general.text and (quick.shadow_starts == () or not one_for_one)
        for start in range(len(quick.text)):
            for end in range(start + 1, len(quick.text) + 1):
                assert quick.span(start, end) == general.span(start, end)
                assert not one_for_one or quick.span(start, end) == (start, end)
    for text in ("Zi\u0301jlstra", "\u0133sselmeer", "Zijl\u00adstra", "Zijl-\nstra", "ﬁets"):
        assert shadow(text).shadow_starts != ()  # the general path, with its map
    key = PrivacyKey([KeyEntry("Zijlstra")]).assigned()
    assert [h.text for h in key.find("Toen belde Zíjlstra, daarna ZIJLSTRÁ.")] == ["Zíjlstra", "ZIJLSTRÁ"]
    assert pseudonymise_text("Toen belde Zíjlstra.", key, kinds=()) == "Toen belde [PERSOON-1]."


def _shadow_by_character(text):
    """The reference: the shadow text, and for each of its characters the original character it comes from."""
    import unicodedata

    from researchkit.privacy.normalise import _SPECIAL, _fold

    dropped = set()
    for m in _SPECIAL.finditer(text):
        if m.group()[0] == "-":  # a line-end hyphen goes with its break
            dropped.update(range(m.start(), m.end()))
    chars, origin = [], []
    for p, ch in enumerate(text):
        if p in dropped:
            continue
        folded = ch if ch.isascii() else _fold(ch)
        chars.extend(folded)
        origin.extend([p] * len(folded))

    def span(start, end):
        stop = origin[end - 1] + 1
        while stop < len(text) and unicodedata.combining(text[stop]):
            stop += 1
        return origin[start], stop

    return "".join(chars), span


def test_piecewise_shadow_maps_every_span_as_folding_character_by_character():
    """The general shadow translates the one-for-one characters in bulk; its text and every span it maps
    back equal folding character by character and mapping each shadow character to its original one
    (accents, ligatures, invisible characters, combining marks, line-end hyphens with LF and CRLF)."""
    from researchkit.privacy.normalise import _piecewise

    rng = random.Random(31)
    alphabet = ["a", "Z", "k", " ", "é", "ë", "Ó", "ø", "’", "ĳ", "ﬁ", "\u00ad", "\u200b", "i\u0301", "\u0301",
                "-", "-\n", "-\r\n", "- \n ", ".", "\n", "\t", "ß", "Ĳ"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 24)))
        fast = _piecewise(text)
        reference_text, reference_span = _shadow_by_character(text)
        assert fast.text == reference_text, text
        for start in range(len(fast.text)):
            for end in range(start + 1, len(fast.text) + 1):
                assert fast.span(start, end) == reference_span(start, end), (text, start, end)


def test_non_ascii_runs_are_found_as_before():
    """The runs of non-ASCII characters (written "X X*" for speed) and the fold table equal the plain "X+" scan."""
    import random
    import re

    from researchkit.privacy.normalise import _NON_ASCII, _fold, _fold_table

    plain = re.compile(r"[^\x00-\x7f]+")
    rng = random.Random(11)
    pieces = ["a", "Zijl\u00adstra", "Zi\u0301jl", "\u0133s", "\u212a", "\u0130", "\u017f", "\ufb01", "\n", "-\n", " ", "\x7f",
              "\x80", "\U0001f600", "é" * 50, "x" * 200, "\u200b\u200d"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        assert [m.span() for m in _NON_ASCII.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert _fold_table(text) == {ord(ch): _fold(ch) for ch in set("".join(plain.findall(text)))}
