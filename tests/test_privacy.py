"""Pseudonymisation: respondent codes, attributions, names out of quotes."""

import doctest
import importlib
import importlib.util
import pathlib

import pandas as pd
import pytest

import researchkit.privacy as privacy
from researchkit.errors import PrivacyError
from researchkit.privacy import (
    Pseudonymiser,
    attribute_names,
    attribution,
    name_variants,
    pseudonymise,
    pseudonymise_quotes,
    read_names,
    respondent_codes,
    respondent_overview,
    short_label,
    speaker_names,
)
from researchkit.transcripts import Corpus, Transcript

_spec = importlib.util.spec_from_file_location("report_small", pathlib.Path(__file__).parent / "data" / "report" / "small.py")
small = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(small)


@pytest.mark.parametrize("name", ["", ".names", ".nameforms", ".normalise", ".entry", ".keyfile", ".matcher", ".key", ".spans", ".anchored", ".patterns", ".detect", ".suggest", ".lexicons", ".apply", ".leakhtml", ".leakxml", ".leakread", ".leakcheck"])
def test_docstring_examples(name):
    module = importlib.import_module("researchkit.privacy" + name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted >= 2


def test_respondent_codes_follow_corpus_order_not_doc_ids():
    corpus = Corpus([Transcript("visser-jansen", "a"), Transcript("agent-bakker", "b"), Transcript("c", "c")])
    assert respondent_codes(corpus) == {"visser-jansen": "R01", "agent-bakker": "R02", "c": "R03"}
    assert respondent_codes(corpus, prefix="Resp", width=3)["c"] == "Resp003"


def test_respondent_codes_widen_for_many_respondents():
    corpus = Corpus([Transcript(f"d{i}", "x") for i in range(120)])
    codes = respondent_codes(corpus)
    assert codes["d0"] == "R001" and codes["d119"] == "R120"


def test_same_respondent_interviewed_twice_shares_a_code():
    corpus = Corpus([Transcript("a1", "x", attributes={"respondent": "P"}), Transcript("b", "y", attributes={"respondent": "Q"}),
                     Transcript("a2", "z", attributes={"respondent": "P"})])
    assert respondent_codes(corpus) == {"a1": "R01", "b": "R02", "a2": "R01"}
    overview = respondent_overview(corpus, fields=["respondent_missing"])
    assert overview["respondent"].tolist() == ["R01", "R02"]


def test_codes_from_an_attribute_and_its_errors():
    corpus = Corpus([Transcript("a", "x", attributes={"code": "K1"}), Transcript("b", "y", attributes={"code": "K2"})])
    assert respondent_codes(corpus, attribute="code") == {"a": "K1", "b": "K2"}
    with pytest.raises(PrivacyError, match=r"RK571.*'nope'.*available: code"):
        respondent_codes(corpus, attribute="nope")
    gap = Corpus([Transcript("a", "x", attributes={"code": "K1"}), Transcript("b", "y", attributes={"code": None})])
    with pytest.raises(PrivacyError, match=r"RK571.*'b'"):
        respondent_codes(gap, attribute="code")


def test_speaker_names_skip_generic_labels():
    corpus = small.corpus()
    assert speaker_names(corpus) == ["Henk Zijlstra"]
    assert attribute_names(corpus) == ["Jeroen Postma", "Marieke Hoekstra", "Sanne Dijkstra"]


def test_name_variants_keep_particles_with_surname_only():
    forms = name_variants(["Jan van der Berg", "A. de Vries"])
    assert "van" not in forms and "de" not in forms and "A." not in forms
    assert {"Jan van der Berg", "van der Berg", "Berg", "Jan", "A. de Vries", "de Vries", "Vries"} <= set(forms)
    assert forms.index("Jan van der Berg") < forms.index("Berg")


def test_pseudonymiser_removes_names_but_not_words():
    p = Pseudonymiser(["Klaas Visser", "Piet de Boer"])
    text = "Klaas Visser is geen visser. Visser zei: vraag het De Boer of Piet. Jansenweg blijft. Klaasje ook."
    assert p(text) == "[naam] is geen visser. [naam] zei: vraag het [naam] of [naam]. Jansenweg blijft. Klaasje ook."


def test_pseudonymiser_takes_names_from_the_corpus():
    corpus = small.corpus()
    p = Pseudonymiser(["Piet Jansen"], corpus=corpus)
    assert {"Henk Zijlstra", "Piet Jansen", "Marieke Hoekstra"} <= set(p.names)
    out = p(corpus["R1"].text + corpus["R2"].text)
    for name in small.NAMES_IN_TEXT + ["Hoekstra"]:
        assert name not in out
    assert "[naam]" in out
    only_user = Pseudonymiser(["Piet Jansen"], corpus=corpus, speakers=False, attributes=False)
    assert only_user.names == ["Piet Jansen"]
    assert "Henk" in only_user(corpus["R2"].text)


def test_transcriber_tokens_are_normalised():
    assert pseudonymise("Die [NAAM] en [ naam  Bedrijf ] en [Name].") == "Die [naam] en [naam bedrijf] en [naam]."
    assert pseudonymise("[00:12:03] blijft") == "[00:12:03] blijft"


def test_names_must_be_a_list():
    with pytest.raises(PrivacyError, match="RK570.*string"):
        Pseudonymiser("Piet Jansen")


def test_attribution_shortens_and_checks_fields():
    attrs = {"organisation": "Openbaar Ministerie (officier van justitie, ondermijning)", "port": "Delfzijl", "group": "handhaving"}
    assert attribution("R13", attrs) == "(R13, Openbaar Ministerie, Delfzijl)"
    assert attribution("R13", attrs, short=False).startswith("(R13, Openbaar Ministerie (officier")
    assert attribution("R13", {"organisation": None, "port": "Delfzijl"}) == "(R13, Delfzijl)"
    with pytest.raises(PrivacyError, match=r"RK571.*'haven'.*group, organisation, port"):
        attribution("R13", attrs, fields=["haven"])
    assert short_label("Landelijke Eenheid, Dienst Infrastructuur") == "Landelijke Eenheid, Dienst Infrastructuur"
    assert short_label("(alleen details)") == "(alleen details)"


def test_pseudonymise_quotes_drops_identifying_columns():
    corpus = small.corpus()
    text = corpus["R2"].text
    phrase = "Zeg maar niet tegen Henk dat ik dat zei."
    start = text.index(phrase)
    quotes = pd.DataFrame({"doc_id": ["R2"], "respondent": ["R2"], "speaker": ["Henk Zijlstra"], "text": [phrase],
                           "context_before": ["Drugs komen hier vast wel binnen."], "interviewer": ["Jeroen Postma"],
                           "start": [start]})
    out = pseudonymise_quotes(quotes, corpus)
    assert out.loc[0, "text"] == "Zeg maar niet tegen [naam] dat ik dat zei."
    assert out.loc[0, "attribution"] == "(R02, Douane, Harlingen)"
    assert not {"doc_id", "respondent", "speaker", "interviewer"} & set(out.columns)
    with pytest.raises(PrivacyError, match="RK571.*doc_id and text"):
        pseudonymise_quotes(pd.DataFrame({"x": [1]}), corpus)
    with pytest.raises(PrivacyError, match="RK571.*'R9'"):
        pseudonymise_quotes(pd.DataFrame({"doc_id": ["R9"], "text": ["x"]}), corpus, codes={"R1": "R01"})


def test_respondent_overview_has_no_names():
    overview = respondent_overview(small.corpus())
    assert list(overview.columns) == ["respondent", "group", "organisation", "port"]
    assert overview["organisation"].tolist() == ["Politie basisteam", "Douane", "Visser", "Politie districtsrecherche"]
    assert "interviewer" not in overview.columns


def test_read_names_text_and_csv(tmp_path):
    txt = tmp_path / "names.txt"
    txt.write_text("# namen\nPiet Jansen  # visser\n\nKlaas\n", encoding="utf-8")
    assert read_names(txt) == ["Piet Jansen", "Klaas"]
    csv = tmp_path / "names.csv"
    csv.write_text("naam,rol\nAnna Bos,agent\n,\n", encoding="utf-8")
    assert read_names(csv) == ["Anna Bos"]
    bad = tmp_path / "bad.csv"
    bad.write_text("wie\nAnna\n", encoding="utf-8")
    with pytest.raises(PrivacyError, match="RK570.*no 'name' column.*wie"):
        read_names(bad)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Jos\xe9".encode("latin-1"))
    with pytest.raises(PrivacyError, match="RK570.*not UTF-8"):
        read_names(latin)
    with pytest.raises(PrivacyError, match="RK570.*not found"):
        read_names(tmp_path / "missing.txt")


def test_public_api_follows_the_conventions():
    """Like tests/test_package_structure.py, for every public function and class of researchkit.privacy."""
    import inspect

    for name in privacy.__all__:
        obj = getattr(privacy, name)
        if not callable(obj) or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        doc = inspect.getdoc(obj)
        assert doc, f"{name} needs a docstring"
        if inspect.isclass(obj) and not hasattr(obj, "__dataclass_fields__") and not issubclass(obj, tuple):
            assert "Examples" in doc, f"{name} needs an example"
            func = obj.__init__
            params = list(inspect.signature(func).parameters.values())[1:]
        elif inspect.isfunction(obj):
            assert "Examples" in doc, f"{name} needs an example"
            params = list(inspect.signature(obj).parameters.values())
        else:
            continue
        assert all(p.annotation is not p.empty for p in params), f"{name}: parameters need type hints"
        assert all(p.kind is p.KEYWORD_ONLY for p in params[2:]), f"{name}: options must be keyword-only"
