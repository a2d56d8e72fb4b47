"""``.json`` of the cloud speech services (``researchkit/io/asrcloud.py``): Azure AI Speech, Google Cloud
Speech-to-Text, IBM Watson Speech to Text.

Each fixture follows the service's documented result layout, named in its test; the values are
made up (an interview at the port of Rotterdam).
"""

from __future__ import annotations

import json

import pytest

from researchkit.errors import TranscriptError
from researchkit.io import read_transcript


def _write(tmp_path, name, obj):
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _turns(t):
    for turn in t.turns:
        assert t.turn_text(turn) == t.text[turn.start : turn.end]
    return [(turn.speaker, turn.timestamp, t.turn_text(turn)) for turn in t.turns]


def _azure_phrase(speaker, seconds, display, channel=0, status="Success", **extra):
    """A ``recognizedPhrases`` item as Azure's batch transcription result file documents it
    (MicrosoftDocs azure-docs, batch-transcription-get.md: ``offset`` ISO 8601, ``offsetInTicks``, ``nBest``
    with ``lexical``/``itn``/``maskedITN``/``display``; ``speaker`` with diarization)."""
    phrase = {"recognitionStatus": status, "channel": channel, "offset": f"PT{seconds}S", "duration": "PT2.1S",
              "offsetInTicks": seconds * 10_000_000.0, "durationInTicks": 21_000_000.0,
              "nBest": [{"confidence": 0.91, "lexical": display.lower().strip(".?"), "itn": display.lower(),
                         "maskedITN": display.lower(), "display": display},
                        {"confidence": 0.2, "lexical": "other", "itn": "other", "maskedITN": "other", "display": "Other."}],
              **extra}
    if speaker is not None:
        phrase["speaker"] = speaker
    return phrase


def test_azure_batch_transcription_with_diarization(tmp_path):
    path = _write(tmp_path, "contenturl_0.json", {
        "source": "https://example.blob.core.windows.net/audio/R04.wav", "timestamp": "2024-03-12T10:03:16Z",
        "durationInTicks": 1_230_000_000, "duration": "PT2M3S",
        "combinedRecognizedPhrases": [{"channel": 0, "lexical": "...", "itn": "...", "maskedITN": "...",
                                       "display": "How did you start at the port? In 2004. As a mechanic."}],
        "recognizedPhrases": [_azure_phrase(1, 0.76, "How did you start at the port?", locale="en-US"),
                              _azure_phrase(2, 3.4, "In 2004."), _azure_phrase(2, 5.02, "As a mechanic.")]})
    t = read_transcript(path)
    assert _turns(t) == [("Speaker 1", 0.76, "How did you start at the port?"),
                         ("Speaker 2", 3.4, "In 2004.\nAs a mechanic.")]
    assert t.attributes == {"duration": 123.0, "language": "en-US"}
    assert t.notes[0] == "read as Azure AI Speech JSON: 3 segment(s) from 'recognizedPhrases'"
    assert "Other." not in t.text  # only the best of nBest


def test_azure_stereo_channels_in_time_order_and_a_failed_phrase_noted(tmp_path):
    """Without diarization a stereo file's phrases are listed channel by channel; they are read in time order,
    each channel a speaker. A phrase that was not recognised has no ``nBest``."""
    phrases = [_azure_phrase(None, 0.5, "Where do you work?", channel=0), _azure_phrase(None, 6.0, "And before?", channel=0),
               _azure_phrase(None, 2.0, "At the quay.", channel=1), _azure_phrase(None, 8.0, "On a ship.", channel=1),
               {"recognitionStatus": "NoMatch", "channel": 1, "offsetInTicks": 90_000_000.0, "durationInTicks": 1_000_000.0}]
    t = read_transcript(_write(tmp_path, "stereo.json", {"durationInTicks": 100_000_000, "recognizedPhrases": phrases}))
    assert _turns(t) == [("Channel 0", 0.5, "Where do you work?"), ("Channel 1", 2.0, "At the quay."),
                         ("Channel 0", 6.0, "And before?"), ("Channel 1", 8.0, "On a ship.")]
    assert any("not in time order" in n for n in t.notes)
    assert any("1 phrase(s) were not recognised" in n for n in t.notes)
    assert any("1 segment(s) without text: recognizedPhrases[4]" in n for n in t.notes)


def test_azure_offset_without_ticks_is_read_from_iso_duration(tmp_path):
    phrase = _azure_phrase(1, 0, "Hello.")
    del phrase["offsetInTicks"]
    phrase["offset"] = "PT1M2.5S"
    t = read_transcript(_write(tmp_path, "a.json", {"recognizedPhrases": [phrase]}))
    assert _turns(t) == [("Speaker 1", 62.5, "Hello.")]


def test_azure_fast_transcription_phrases(tmp_path):
    """Fast transcription's response (``durationMilliseconds``, ``combinedPhrases``, ``phrases`` with
    ``offsetMilliseconds``, ``text``, ``speaker``, ``locale``), as the public parsers written for it read it."""
    t = read_transcript(_write(tmp_path, "fast.json", {
        "durationMilliseconds": 14000, "combinedPhrases": [{"text": "Goedemorgen. Dag."}],
        "phrases": [{"offsetMilliseconds": 120, "durationMilliseconds": 2500, "text": "Goedemorgen.", "speaker": 1,
                     "locale": "nl-NL", "confidence": 0.93, "words": [{"text": "Goedemorgen.", "offsetMilliseconds": 120}]},
                    {"offsetMilliseconds": 2900, "durationMilliseconds": 900, "text": "Dag.", "speaker": 2, "locale": "nl-NL"}]}))
    assert _turns(t) == [("Speaker 1", 0.12, "Goedemorgen."), ("Speaker 2", 2.9, "Dag.")]
    assert t.attributes == {"duration": 14.0, "language": "nl-NL"}


def _gword(word, start, end, tag=None):
    w = {"startTime": f"{start:.3f}s", "endTime": f"{end:.3f}s", "word": word}
    if tag is not None:
        w["speakerTag"] = tag
    return w


def test_google_v1_diarization_reads_the_last_result_only(tmp_path):
    """Speech-to-Text v1 with ``enableSpeakerDiarization``: each result has its ``transcript`` and words without
    speakers; the final result's top alternative repeats all the words from the start with ``speakerTag``
    (Google's reference: "the diarization results will be provided only in the top alternative of the FINAL
    SpeechRecognitionResult"). Durations are protobuf JSON strings (``"1.400s"``)."""
    words1 = [("How", 0.2, 0.4), ("did", 0.4, 0.5), ("you", 0.5, 0.6), ("start?", 0.6, 1.1)]
    words2 = [("In", 1.9, 2.0), ("2004.", 2.0, 2.8), ("As", 4.6, 4.7), ("a", 4.7, 4.8), ("mechanic.", 4.8, 5.4)]
    root = {"results": [
        {"alternatives": [{"transcript": "How did you start?", "confidence": 0.93,
                           "words": [_gword(*w) for w in words1]}], "resultEndTime": "1.200s", "languageCode": "en-us"},
        {"alternatives": [{"transcript": " In 2004. As a mechanic.", "confidence": 0.9,
                           "words": [_gword(*w) for w in words2]}], "resultEndTime": "5.500s", "languageCode": "en-us"},
        {"alternatives": [{"words": [_gword(*w, tag=1) for w in words1] + [_gword(*w, tag=2) for w in words2]}],
         "resultEndTime": "5.500s", "languageCode": "en-us"}],
        "totalBilledTime": "6s"}
    t = read_transcript(_write(tmp_path, "gcp.json", root))
    assert _turns(t) == [("Speaker 1", 0.2, "How did you start?"), ("Speaker 2", 1.9, "In 2004.\nAs a mechanic.")]
    assert t.attributes == {"language": "en-us"}
    assert any("the last result repeats the file's words" in n and "2 result(s)" in n for n in t.notes)
    assert t.text.count("2004") == 1


def test_google_results_without_diarization_start_where_the_previous_ended(tmp_path):
    """Without word times a result's start is the end of the one before it (``resultEndTime``); an operation's
    ``response`` (``longrunningrecognize`` as gcloud prints it) holds the results."""
    root = {"name": "123", "done": True, "metadata": {"progressPercent": 100},
            "response": {"@type": "type.googleapis.com/google.cloud.speech.v1.LongRunningRecognizeResponse",
                         "results": [{"alternatives": [{"transcript": "Where do you work?", "confidence": 0.9}],
                                      "resultEndTime": "2.100s"},
                                     {"alternatives": [{"transcript": " At the quay, since 2004.", "confidence": 0.8}],
                                      "resultEndTime": "6.350s"}]}}
    t = read_transcript(_write(tmp_path, "op.json", root))
    assert _turns(t) == [("", 0.0, "Where do you work?"), ("", 2.1, "At the quay, since 2004.")]
    assert [p for p in t.notes if "no word times" in p]
    assert t.notes[0] == "read as Google Speech-to-Text JSON: 2 segment(s) from 'response.results'"


def test_google_v2_speaker_labels_and_offsets_per_result(tmp_path):
    """Speech-to-Text v2 ``BatchRecognize`` output: ``words`` with ``startOffset``/``endOffset`` and a string
    ``speakerLabel``; ``resultEndOffset``."""
    def word(w, s, e, label):
        return {"startOffset": f"{s}s", "endOffset": f"{e}s", "word": w, "speakerLabel": label}
    root = {"results": [{"alternatives": [{"transcript": "Where do you work? At the quay.", "words": [
        word("Where", 0.3, 0.5, "1"), word("do", 0.5, 0.6, "1"), word("you", 0.6, 0.7, "1"), word("work?", 0.7, 1.0, "1"),
        word("At", 1.6, 1.7, "2"), word("the", 1.7, 1.8, "2"), word("quay.", 1.8, 2.2, "2")]}],
        "resultEndOffset": "2.300s", "languageCode": "nl-nl"}], "metadata": {"totalBilledDuration": "3s"}}
    t = read_transcript(_write(tmp_path, "v2.json", root))
    assert _turns(t) == [("Speaker 1", 0.3, "Where do you work?"), ("Speaker 2", 1.6, "At the quay.")]


def test_watson_speaker_labels_matched_to_word_times(tmp_path):
    """IBM Watson Speech to Text with ``speaker_labels=true``: ``result_index``, ``results`` with ``final`` and
    alternatives holding ``transcript`` and ``timestamps`` ``[word, from, to]`` (as rbrisita/Watson_Closed_Captioning's
    test transcripts), and the top-level ``speaker_labels`` (``from``, ``to``, ``speaker``, ``confidence``, ``final``,
    IBM's speaker-labels documentation)."""
    stamps = [["where", 0.28, 0.55], ["do", 0.55, 0.68], ["you", 0.68, 0.8], ["work", 0.8, 1.2],
              ["at", 1.9, 2.05], ["the", 2.05, 2.14], ["quay", 2.14, 2.6], ["%HESITATION", 2.7, 3.0]]
    speakers = [0, 0, 0, 0, 1, 1, 1, 1]
    root = {"result_index": 0,
            "results": [{"final": True, "alternatives": [{"transcript": "where do you work ", "confidence": 0.88,
                                                          "timestamps": stamps[:4]}]},
                        {"final": True, "alternatives": [{"transcript": "at the quay %HESITATION ", "confidence": 0.8,
                                                          "timestamps": stamps[4:]}]}],
            "speaker_labels": [{"from": s[1], "to": s[2], "speaker": k, "confidence": 0.6, "final": False}
                               for s, k in zip(stamps, speakers)]}
    t = read_transcript(_write(tmp_path, "watson.json", root))
    assert _turns(t) == [("Speaker 0", 0.28, "where do you work"), ("Speaker 1", 1.9, "at the quay %HESITATION")]
    assert t.notes[0] == "read as IBM Watson Speech to Text JSON: 8 word(s) of 'results' in 2 paragraph(s)"


def test_watson_without_speaker_labels_reads_each_result(tmp_path):
    root = {"result_index": 0, "results": [
        {"final": True, "alternatives": [{"transcript": "where do you work ", "confidence": 0.88}]},
        {"final": True, "alternatives": [{"transcript": "at the quay ", "confidence": 0.8}]}]}
    t = read_transcript(_write(tmp_path, "watson.json", root))
    assert t.text == "where do you work\nat the quay"
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("", None), ("", None)]


def test_speechmatics_results_still_read_as_speechmatics(tmp_path):
    """A ``results`` list whose alternatives hold ``content`` is Speechmatics', not Google's."""
    root = {"format": "2.9", "results": [
        {"type": "word", "start_time": 0.1, "end_time": 0.4, "alternatives": [{"content": "Hello", "speaker": "S1"}]},
        {"type": "punctuation", "start_time": 0.4, "end_time": 0.4, "attaches_to": "previous",
         "alternatives": [{"content": ".", "speaker": "S1"}]}]}
    t = read_transcript(_write(tmp_path, "sm.json", root))
    assert t.text == "S1: Hello."
    assert t.notes[0].startswith("read as Speechmatics JSON")


@pytest.mark.parametrize("root, place", [
    ({"recognizedPhrases": [{"offsetInTicks": 0, "nBest": [{"display": ["Hi"]}]}]}, "recognizedPhrases[0].nBest[0]"),
    ({"recognizedPhrases": [{"offsetInTicks": 0, "nBest": "Hi"}]}, None),
    ({"results": [{"alternatives": [{"transcript": "Hi", "words": ["Hi"]}]}]}, "results[0].alternatives[0].words[0]"),
    ({"result_index": 0, "results": [{"alternatives": [{"transcript": 5}]}]}, "results[0].alternatives[0].transcript"),
])
def test_damaged_cloud_json_is_rk162_with_the_place(tmp_path, root, place):
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "bad.json", root))
    assert err.value.code == "RK162"
    assert place is None or place in str(err.value)


def test_cloud_json_with_no_text_is_rk104(tmp_path):
    root = {"recognizedPhrases": [{"recognitionStatus": "NoMatch", "offsetInTicks": 0.0}]}
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "silent.json", root))
    assert err.value.code == "RK104"


def test_unknown_layout_error_names_the_cloud_layouts(tmp_path):
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "x.json", {"phrases": [], "name": "x"}))
    assert err.value.code == "RK102" and "recognizedPhrases" in str(err.value) and "IBM Watson" in str(err.value)


def test_azure_speech_sdk_results_saved_as_an_array(tmp_path):
    """The Speech SDK's detailed JSON per phrase (``Id``, ``RecognitionStatus``, ``Offset``/``Duration`` in ticks,
    ``DisplayText``, ``NBest`` with ``Display``; ``SpeakerId`` from the conversation transcriber), as the SDK's
    ``IDetailedSpeechPhrase`` declares it and programs that log each phrase save it. ``Guest-1`` only numbers a
    speaker: the one who asks the questions is the interviewer."""
    def phrase(i, ticks, text, speaker):
        return {"Id": f"id{i}", "RecognitionStatus": "Success", "Offset": ticks, "Duration": 5_000_000, "Channel": 0,
                "DisplayText": text, "SpeakerId": speaker,
                "NBest": [{"Confidence": 0.8, "Lexical": text.lower(), "ITN": text.lower(), "MaskedITN": text.lower(),
                           "Display": text}]}
    root = [phrase(0, 1_300_000, "What do you do at the port?", "Guest-1"), phrase(1, 40_000_000, "I drive a crane.", "Guest-2"),
            phrase(2, 80_000_000, "Since when?", "Guest-1"), phrase(3, 99_000_000, "Since 2010.", "Guest-2"),
            phrase(4, 130_000_000, "And before that?", "Guest-1"), phrase(5, 140_000_000, "On a ship.", "Guest-2"),
            phrase(6, 150_000_000, "Mm.", "Unknown")]
    t = read_transcript(_write(tmp_path, "sdk.json", root))
    assert _turns(t)[:2] == [("Guest-1", 0.13, "What do you do at the port?"), ("Guest-2", 4.0, "I drive a crane.")]
    assert {x.speaker: x.role for x in t.turns}["Guest-1"] == "interviewer"
    assert any("1 phrase(s) have the speaker 'Unknown'" in n for n in t.notes)


def test_fireflies_api_transcript_saved_as_json(tmp_path):
    """Fireflies.ai's GraphQL ``transcript`` (docs.fireflies.ai schema: ``sentences`` with ``index``, ``text``,
    ``raw_text``, ``start_time``, ``end_time``, ``speaker_id``, ``speaker_name``; ``duration`` in minutes) as a
    program saves the API's answer (``{"data": {"transcript": ...}}``); the edited ``text`` wins over ``raw_text``."""
    def sentence(i, start, name, text, raw=None):
        return {"index": i, "text": text, "raw_text": raw or text.lower(), "start_time": start, "end_time": start + 2,
                "speaker_id": 0 if name.startswith("Anna") else 1, "speaker_name": name}
    root = {"data": {"transcript": {"id": "OvwNiwrXXWzo6q1v", "title": "Interview haven", "duration": 0.75,
                                    "speakers": [{"id": 0, "name": "Anna de Boer"}, {"id": 1, "name": "Kees Visser"}],
                                    "sentences": [sentence(0, 0.32, "Anna de Boer", "Where do you work?"),
                                                  sentence(1, 2.5, "Kees Visser", "At the quay in Rotterdam.", "at the key in rotterdam"),
                                                  sentence(2, 5.1, "Kees Visser", "Since 2004."),
                                                  sentence(3, 8.0, "Anna de Boer", "And before?")]}}}
    t = read_transcript(_write(tmp_path, "fireflies.json", root))
    assert _turns(t) == [("Anna de Boer", 0.32, "Where do you work?"),
                         ("Kees Visser", 2.5, "At the quay in Rotterdam.\nSince 2004."), ("Anna de Boer", 8.0, "And before?")]
    assert t.attributes == {"title": "Interview haven", "duration": 45.0}
    alone = read_transcript(_write(tmp_path, "alone.json", root["data"]["transcript"]))
    assert alone.text == t.text and alone.attributes["duration"] == 45.0


def test_fireflies_sentence_without_a_name_is_numbered(tmp_path):
    root = {"sentences": [{"text": "Hello.", "start_time": "1.5", "speaker_id": 2, "speaker_name": None},
                          {"text": "Hi.", "start_time": "3.0", "speaker_id": 1, "speaker_name": "Ann"}]}
    t = read_transcript(_write(tmp_path, "ff.json", root))
    assert _turns(t) == [("Speaker 2", 1.5, "Hello."), ("Ann", 3.0, "Hi.")]


def test_hostile_times_and_labels_are_no_times_not_crashes(tmp_path):
    """Durations as protobuf objects with absurd nanos, Watson labels with a missing ``to`` or a repeated ``from``,
    a result whose alternatives are not an array: read, never a crash."""
    google = {"results": [{"alternatives": [{"transcript": "Where?", "words": [
        {"startTime": {"seconds": "1", "nanos": 10**400}, "endTime": "2s", "word": "Where?", "speakerTag": 1}]}]},
        {"alternatives": {"transcript": "lost"}, "resultEndTime": "PT9S"},
        {"alternatives": [{"transcript": "Here.", "words": [{"startTime": {"seconds": 3, "nanos": 500000000}, "word": "Here.",
                                                              "speakerTag": 2}]}]}]}
    t = read_transcript(_write(tmp_path, "g.json", google))
    assert [(x.speaker, x.timestamp) for x in t.turns] == [("Speaker 1", None), ("Speaker 2", 3.5)]
    assert any("1 segment(s) without text: results[1]" in n for n in t.notes)
    watson = {"result_index": 0, "results": [{"alternatives": [{"transcript": "a b ", "timestamps": [["a", 0.1, 0.2], ["b", 0.3, 0.4]]}]}],
              "speaker_labels": [{"from": 0.1, "to": None, "speaker": 0}, {"from": 0.1, "to": 0.2, "speaker": 1}, {"from": "x", "speaker": 2}]}
    t = read_transcript(_write(tmp_path, "w.json", watson))
    assert [(x.speaker, x.timestamp, t.turn_text(x)) for x in t.turns] == [("Speaker 1", 0.1, "a\nb")]  # the last label at 0.1 wins
    assert any("1 word(s) have no speaker label" in n for n in t.notes)
    assert any("1 segment(s) have no speaker; they continue" in n for n in t.notes)


def test_a_graphql_error_response_is_rk102_naming_its_keys(tmp_path):
    with pytest.raises(TranscriptError) as err:
        read_transcript(_write(tmp_path, "ff.json", {"data": {"transcript": None}, "errors": [{"message": "object_not_found"}]}))
    assert err.value.code == "RK102" and "'data', 'errors'" in str(err.value)
