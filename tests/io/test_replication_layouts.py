"""Layouts of interview transcripts published in study repositories on GitHub (second sweep), read as written.

Each fixture is a short synthetic text in the layout of a real file:

- Spanish interviews with a time before a bold label and the speaker's later lines under their own time
  (``(0:02) **Sebastián:** ...`` then ``(0:26) y estoy ...``; Alejotxw/emprendeUIDEmovil);
- a Spanish thesis' interview template: a participant code with a note in round brackets (``**E2 (probe):**``)
  and the interviewer's observation notes as a bracketed bold label (``**[NOTAS DE OBSERVACIÓN]:**``;
  Dreamink-SNPP/BookThesis);
- a Spanish interview under a title whose metadata names the interviewer in Spanish
  (``Entrevistadora: Betty Huerta``), the turns labelled ``**BETTY:**`` on a line of their own (edgarbarrosoha/obs-ha);
- a Spanish appendix: two interviewers as ``EN:`` (initials that are also the particle *en*), the interviewee
  introduced as ``Fabiola Pineda, Administradora de A255:`` and then labelled by initials;
- a Swiss German group interview whose key to the codes is a Markdown list, the participants' descriptions links
  to their pages (``- P1: [Person YzCTXF](data/people/Person%20YzCTXF.md)``), times before the labels;
- German interviews with the time on the line above the label, or right after it (``[00:00:09]`` then ``I: ...``;
  ``I: [00:00] ...``; divekit/divekit-roadmap).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from researchkit.io import read_corpus, read_transcript
from researchkit.io.interviewers import person_names
from researchkit.io.legend import find_legend
from researchkit.io.roles import LabelMap, is_note_label
from researchkit.io.speakers import match_label


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


TIMED_BOLD = """# Transcripción de Entrevista con Ana

**Participantes:** Sebastián Ruiz (Entrevistador) y Ana Ordóñez (Docente)  

---

(0:02) **Sebastián:** Empezaríamos con su nombre, con quien tengo el gusto.  
(0:08) **Ana:** Mi nombre es Ana Ordóñez.  
(0:10) **Sebastián:** ¿Cuál es su cargo aquí?  
(0:12) **Ana:** Soy docente de la Escuela de Arquitectura.  
(0:19) **Sebastián:** Bien, más bien mi nombre es Sebastián, soy de la carrera de TI  
(0:26) y estoy haciendo esta entrevista por parte de la asignatura.  
(1:43) ¿Aceptarías esto?  
(1:45) **Ana:** Voy.  
(1:47) **Sebastián:** ¿Cómo prefiere usted el registro de la app?  
(2:02) **Ana:** Creo que por el número de teléfono.  
"""


def test_a_time_before_a_bold_label_opens_a_turn(tmp_path: Path) -> None:
    path = tmp_path / "entrevista.md"
    path.write_text(TIMED_BOLD, encoding="utf-8")
    t = read_transcript(path)
    speech = [(s, r, ts, x) for s, r, ts, x in _turns(t) if s]
    assert [(s, ts) for s, _, ts, _ in speech] == [("Sebastián", 2.0), ("Ana", 8.0), ("Sebastián", 10.0), ("Ana", 12.0),
                                                  ("Sebastián", 19.0), ("Ana", 105.0), ("Sebastián", 107.0),
                                                  ("Ana", 122.0)]
    assert speech[0][3] == "Empezaríamos con su nombre, con quien tengo el gusto."
    # the speaker's later lines under their own time go on in the turn, the times kept in the text
    assert speech[4][3].endswith("(0:26) y estoy haciendo esta entrevista por parte de la asignatura.\n(1:43) ¿Aceptarías esto?")
    # nobody is labelled interviewer: the one who asks is (io/questions.py)
    assert {s: r for s, r, _, _ in speech} == {"Sebastián": "interviewer", "Ana": "respondent"}


def test_a_time_before_a_bold_label_in_a_txt_file(tmp_path: Path) -> None:
    path = tmp_path / "entrevista.txt"
    path.write_text("[0:02] **Sebastián:** Empezaríamos.\n\n[0:08] **Ana:** Mi nombre es Ana.\n\n"
                    "[0:10] **Sebastián:** ¿Cuál es su cargo?\n\n[0:12] **Ana:** Docente.\n", encoding="utf-8")
    t = read_transcript(path)
    assert [(s, ts, x) for s, _, ts, x in _turns(t)] == [
        ("Sebastián", 2.0, "Empezaríamos."), ("Ana", 8.0, "Mi nombre es Ana."), ("Sebastián", 10.0, "¿Cuál es su cargo?"),
        ("Ana", 12.0, "Docente.")]


PROBE_TEMPLATE = """# Entrevista E2

**Fecha:** 2025-11-14

**Modalidad:** Virtual

---

### Pregunta 6

**ENTREVISTADOR:** ¿Cuántos proyectos de guion ha desarrollado?

**E2:** Unos quince. Producidos tengo seis cortometrajes.

**[NOTAS DE OBSERVACIÓN]:** Risa cómplice sobre el caos de archivos.

**E2 (probe):** Producidos, como te decía, son seis cortos.

**[NOTAS DE OBSERVACIÓN PROBE]:** Gesto de comillas con los dedos.

---

### Pregunta 7

**ENTREVISTADOR:** ¿Está trabajando en algún proyecto?

**E2:** Sí, siempre. Estoy con un piloto de serie.

**[NOTAS DE OBSERVACIÓN]:** Muestra entusiasmo.

**E2 (probe):** [NO APLICÓ]

**[NOTAS DE OBSERVACIÓN PROBE]:** [NO APLICÓ]
"""


def test_a_code_with_a_note_and_the_observation_notes_of_an_interview_template(tmp_path: Path) -> None:
    path = tmp_path / "Entrevista_E2.md"
    path.write_text(PROBE_TEMPLATE, encoding="utf-8")
    t = read_transcript(path)
    labelled = [(s, r, x) for s, r, _, x in _turns(t) if s]
    assert labelled[:5] == [
        ("ENTREVISTADOR", "interviewer", "¿Cuántos proyectos de guion ha desarrollado?"),
        ("E2", "respondent", "Unos quince. Producidos tengo seis cortometrajes."),
        ("NOTAS DE OBSERVACIÓN", "other", "Risa cómplice sobre el caos de archivos."),
        ("E2", "respondent", "Producidos, como te decía, son seis cortos."),
        ("NOTAS DE OBSERVACIÓN PROBE", "other", "Gesto de comillas con los dedos.\n---"),
    ]
    # the note "(probe)" is not part of the speaker; it stays in the text and is listed
    assert {s for s, _, _ in labelled} == {"ENTREVISTADOR", "E2", "NOTAS DE OBSERVACIÓN", "NOTAS DE OBSERVACIÓN PROBE"}
    assert t.attributes["speaker_qualifiers"] == "E2: probe"
    assert "**E2 (probe):**" in t.text
    # no observation note is inside the respondent's speech
    assert not any("NOTAS" in x for s, _, x in labelled if s == "E2")


def test_note_labels() -> None:
    assert is_note_label("NOTAS DE OBSERVACIÓN") and is_note_label("[Notas de observación probe]")
    assert is_note_label("Observations") and is_note_label("Notes of the interviewer") is False
    assert not is_note_label("Memo Garcia") and not is_note_label("Note taker") and not is_note_label("E2")
    assert LabelMap().role("NOTAS DE OBSERVACIÓN") == "other"
    assert LabelMap().role("Memo Garcia", has_interviewer=True) == "respondent"


def test_participant_code_with_a_round_note() -> None:
    m = match_label("E2 (probe): Producidos son seis.")
    assert (m.label, m.evidence) == ("E2 (probe)", "code")
    assert match_label("**E2 (probe):** Producidos son seis.", bold_prefix=15).label == "E2 (probe)"


TITLED_INTERVIEWER = """# Vero Saldaña

Entrevistadora: Betty Huerta
Rol: Dirección General Tec Leaders
Transcripción: https://docs.example.org/document/d/1RlMRKAt/edit

# **TRANSCRIPT DE ENTREVISTA**

## **Presentación**

**BETTY:**

¿Cómo quieres que te diga, Vero o Verónica?

**VERO:**

Vero está bien.

**BETTY:**

Vero, okay. Tengo tu CV, pero dime más. ¿Quién eres?

**VERO:**

Soy estudiante de cuarto año de medicina.
"""


def test_the_interviewer_named_in_spanish_metadata_under_a_title(tmp_path: Path) -> None:
    path = tmp_path / "vero.md"
    path.write_text(TITLED_INTERVIEWER, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["entrevistadora"] == "Betty Huerta"
    assert t.attributes["rol"] == "Dirección General Tec Leaders"
    labelled = [(s, r) for s, r, _, _ in _turns(t) if s]
    assert labelled == [("BETTY", "interviewer"), ("VERO", "respondent")] * 2
    # the metadata lines stay in the text, in the leading turn of nobody
    first = t.turns[0]
    assert first.speaker == "" and "Entrevistadora: Betty Huerta" in t.text[first.start : first.end]


@pytest.mark.parametrize("key", ["Interviewerin", "Enquêtrice", "Entrevistador", "Intervistatrice"])
def test_interviewer_keys_in_other_languages_name_the_interviewer(tmp_path: Path, key: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(f"{key}: Anna Berger\nDatum: 2021-05-11\n\nANNA: Wie war das?\n\nTOM: Gut.\n\nANNA: Und dann?\n\n"
                    "TOM: Nichts.\n", encoding="utf-8")
    t = read_transcript(path)
    assert {turn.speaker: turn.role for turn in t.turns if turn.speaker} == {"ANNA": "interviewer", "TOM": "respondent"}


def test_respondent_keys_in_other_languages_name_the_people_interviewed() -> None:
    assert person_names({"befragte": "Anna Berger", "entrevistada": "Rosa Díaz", "enquêté": "Luc Martin"}) == (
        "Anna Berger", "Rosa Díaz", "Luc Martin")


APPENDIX = """## Anexos

#### Transcripción de entrevista realizada a Fabiola Pineda, administradora de A255.

Sandra Salinas, Entrevistadora: Te vamos a platicar un poquito lo que estamos haciendo.
Fabiola Pineda, Administradora de A255: Pues ahorita tenemos el biométrico.
EN: ¿Es la huella de quienes trabajan…
FF: Los miembros. Los que tienen oficinas.
EN: ¿Y cómo te llega la información?
FF: Por correo electrónico.
#### Entrevista Indira Gutiérrez, colaboradora de EasyBroker.
Indira Gutiérrez, inquilina del coworking A255: (inaudible)… sin INE ni nada.
EN: ¿Pero el registro tú lo entregabas con la hoja?
IG: Aja, la ponía como en un Excel.
EN: (Inaudible)
IG: Si, aquí casi nada es de ir personalmente.
"""


def test_initials_that_are_particles_and_a_name_with_what_the_person_is(tmp_path: Path) -> None:
    path = tmp_path / "anexos.md"
    path.write_text(APPENDIX, encoding="utf-8")
    t = read_transcript(path)
    speakers = [s for s, _, _, _ in _turns(t)]
    assert speakers == ["", "Sandra Salinas, Entrevistadora", "Fabiola Pineda, Administradora de A255", "EN", "FF", "EN",
                        "FF", "", "Indira Gutiérrez, inquilina del coworking A255", "EN", "IG", "EN", "IG"]
    by_speaker = {s: x for s, _, _, x in _turns(t)}
    assert by_speaker["Fabiola Pineda, Administradora de A255"] == "Pues ahorita tenemos el biométrico."
    assert match_label("De pronto: no sé.") is None  # a sentence opener, not initials
    assert match_label("DE: Ja.").label == "DE"


def test_a_sentence_with_a_comma_and_a_colon_after_a_tab_separated_label_stays_speech() -> None:
    """The demo corpus's R03 (``Henk Zijlstra<TAB>Nee. Ja, misschien dit: ik hoop ...``): the name-with-a-description
    rule must not read ``Henk Zijlstra<TAB>Nee. Ja, misschien dit`` as one label."""
    t = read_transcript(Path(__file__).resolve().parents[2] / "transcripts" / "R03.docx")
    assert {u.speaker for u in t.turns if u.speaker} == {"Marieke Hoekstra", "Henk Zijlstra"}  # (and the title's)
    assert any(u.speaker == "Henk Zijlstra" and t.text[u.start:u.end].startswith("Nee. Ja, misschien dit: ik hoop")
               for u in t.turns)


GROUP_KEY = """# Voice Assistant Basics
*Conducted in Swiss-German*

- Photos: [2020-11-12 Photos](data/photos/2020-11-12%20Photos.md)
- I: Interviewer
- P1: [Person YzCTXF](data/people/Person%20YzCTXF.md)
- P2: [Person j5mWdx](data/people/Person%20j5mWdx.md)

---

00:02 I: Ich nehme ab jetzt auf

00:07 P1: Adi **lacht**

00:19 I: Ich erzähl noch ganz kurz etwas zu meinem Projekt

00:22 P1: Ja, ist gut, ein wenig Kontext

01:52 P2: Das kenne ich auch

02:03 I: Und wie ist das bei dir?

02:10 P2: Bei mir ist das mit dem Handy so
"""


def test_a_key_to_the_codes_as_a_markdown_list_with_links(tmp_path: Path) -> None:
    path = tmp_path / "voice.md"
    path.write_text(GROUP_KEY, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["legend"] == "I: Interviewer; P1: Person YzCTXF; P2: Person j5mWdx"
    turns = [(s, r, ts) for s, r, ts, _ in _turns(t)]
    assert turns[0] == ("", "other", None)
    assert turns[1:] == [("I", "interviewer", 2.0), ("P1", "respondent", 7.0), ("I", "interviewer", 19.0),
                         ("P1", "respondent", 22.0), ("P2", "respondent", 112.0), ("I", "interviewer", 123.0),
                         ("P2", "respondent", 130.0)]
    first = t.turns[0]
    assert "- P1: [Person YzCTXF](data/people/Person%20YzCTXF.md)" in t.text[first.start : first.end]
    assert find_legend(["- Photos: [x](y.md)", "- I: Interviewer", "- P1: [Person A](p.md)"]).entries == {
        "I": "Interviewer", "P1": "Person A"}


TIME_ABOVE = """---
acronym: mengelen
type: literature reference
---

## Transkript Prof. Dr. Monika Engelen

Datum 11.05.2021 15 Uhr
Ort: Zoom-Meeting

I = Interviewer
B = Befragte

---

[00:00:09]  
I: Wunderbar, dann heiße ich Sie herzlich Willkommen. Zu welchen Modulen geben Sie Lehrveranstaltungen?

[00:01:01]  
B: Also, Grundlagen der BWL, dann Marketing.

Ich hab aber dann auch teilweise sowas [00:06:47]. Das ist jetzt schon bearbeitet von mir.

[00:07:52]  
B: So Zuordnungsaufgaben mache ich manchmal auch.

[00:10:10]  
I: Exzellent?
"""

TIME_AFTER = """## Inhalt

I: [00:00] Zuerst einmal hätte ich eine sehr generelle Frage. Ein bisschen von oben drauf
geschaut, was findest du sind die wichtigsten Werkzeuge?

B: [00:22] Natürlich auf alle Fälle eine integrierte Entwicklungsumgebung kennenlernen,
im besten Fall auch mal zwei.

I: [14:39] Ja.

B: [14:41] Du kannst natürlich vorgeben, wie viele Klassen gebaut werden müssen.
"""


def test_german_interviews_with_the_time_above_or_after_the_label(tmp_path: Path) -> None:
    (tmp_path / "mengelen.md").write_text(TIME_ABOVE, encoding="utf-8")
    (tmp_path / "kohls.md").write_text(TIME_AFTER, encoding="utf-8")
    corpus = read_corpus(tmp_path)
    above = corpus["mengelen"]
    assert [(s, r, ts) for s, r, ts, _ in _turns(above)][1:] == [
        ("I", "interviewer", 9.0), ("B", "respondent", 61.0), ("B", "respondent", 472.0), ("I", "interviewer", 610.0)]
    assert above.attributes["legend"] == "I: Interviewer; B: Befragte"
    second = _turns(above)[2][3]
    assert second == "Also, Grundlagen der BWL, dann Marketing.\nIch hab aber dann auch teilweise sowas [00:06:47]. " \
                     "Das ist jetzt schon bearbeitet von mir."
    after = corpus["kohls"]
    assert [(s, ts) for s, _, ts, _ in _turns(after) if s] == [("I", 0.0), ("B", 22.0), ("I", 879.0), ("B", 881.0)]
    assert _turns(after)[1][3].startswith("Zuerst einmal hätte ich eine sehr generelle Frage. Ein bisschen von oben drauf")


OBSIDIAN_KEY = """# Voice Assistant Basics
*Conducted in Swiss-German*

With [[Person j5mWdx]]
Photos: [[2020-11-12 Photos at YzCTXF and j5mWdx]]

## Transkript

I: Interviewer
P1: [[Person j5mWdx]]
P2: [[Person YzCTXF]]
A: Amazon Alexa

---

00:10 I: P2 hat mir schon einige Dinge erzählt.

00:16 P1: Ja, ist gut ([[material sustainability]])

01:49 I: Du kochst gerne?

01:51 P1: Ja, ich koche gerne. **P2 lacht**

02:30 A: Die Temperatur beträgt 21 Grad.

02:33 P2: Siehst du, sie antwortet immer.
"""


def test_a_key_with_wiki_links_and_a_device_in_the_room(tmp_path: Path) -> None:
    path = tmp_path / "voice.md"
    path.write_text(OBSIDIAN_KEY, encoding="utf-8")
    t = read_transcript(path)
    assert t.attributes["legend"] == "I: Interviewer; P1: Person j5mWdx; P2: Person YzCTXF; A: Amazon Alexa"
    assert "i" not in t.attributes  # the legend line is not also a "Key: value" attribute
    assert [(s, ts) for s, _, ts, _ in _turns(t)][1:] == [("I", 10.0), ("P1", 16.0), ("I", 109.0), ("P1", 111.0),
                                                          ("A", 150.0), ("P2", 153.0)]
    first = t.turns[0]
    assert t.text[first.start : first.end].endswith("A: Amazon Alexa\n---")
