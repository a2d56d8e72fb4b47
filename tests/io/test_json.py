"""``.json`` transcripts as transcription tools write them (``researchkit/io/asrjson.py``).

Each fixture is shaped like a real file or the tool's documented output, named in its test.
"""

from __future__ import annotations

import json

import pytest

from researchkit import read_corpus
from researchkit.errors import CorpusError, TranscriptError
from researchkit.io import read_transcript, skip_reason


def _write(tmp_path, name, obj):
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _turns(t):
    return [(turn.speaker, turn.role, turn.timestamp, t.text[turn.start : turn.end]) for turn in t.turns]


def test_openai_whisper_segments_without_speakers(tmp_path):
    """openai-whisper's result as ArtemKhadris/diarization_test_task transcript.json holds it:
    ``text``, ``segments`` with ``id``, ``seek``, ``start``, ``end``, ``text`` (a leading space), ``tokens``..., ``language``."""
    segment = dict(seek=0, tokens=[50365, 43104], temperature=0.0, avg_logprob=-0.14, compression_ratio=1.86, no_speech_prob=0.07)
    path = _write(tmp_path, "call.json", {
        "text": " Алло, здравствуйте, это кто? Здравствуйте, Юрий.",
        "segments": [dict(id=0, start=0.0, end=3.54, text=" Алло, здравствуйте, это кто?", **segment),
                     dict(id=1, start=4.32, end=12.540000000000001, text=" Здравствуйте, Юрий.", **segment)],
        "language": "ru"})
    t = read_transcript(path)
    assert t.source.format == "json"
    assert t.text == "Алло, здравствуйте, это кто?\nЗдравствуйте, Юрий."
    assert [(turn.speaker, turn.timestamp) for turn in t.turns] == [("", 0.0), ("", 4.32)]
    assert t.attributes == {"language": "ru"}
    assert t.notes[0] == "read as Whisper JSON: 2 segment(s) from 'segments'"


def test_whisperx_speakers_join_consecutive_segments_and_missing_speaker_continues(tmp_path):
    """WhisperX's ``--diarize`` JSON: ``segments`` with ``speaker`` (``SPEAKER_00``) and ``words`` (``word``, ``start``,
    ``end``, ``score``, ``speaker``), and ``word_segments`` (as in the index's WhisperX fixtures, id 3602599863);
    a segment the diarization did not cover has no ``speaker``."""
    def seg(start, text, speaker=None):
        s = {"start": start, "end": start + 2, "text": text,
             "words": [{"word": w, "start": start, "end": start + 0.3, "score": 0.7} for w in text.split()]}
        if speaker:
            s["speaker"] = speaker
        return s
    segments = [seg(1.238, " How did you start at the port?", "SPEAKER_00"), seg(4.0, " In 2004.", "SPEAKER_01"),
                seg(6.5, " As a mechanic.", "SPEAKER_01"), seg(9.0, " Mm.", None), seg(11.0, " And then?", "SPEAKER_00"),
                seg(13.0, "", "SPEAKER_00"), seg(14.0, " Customs.", "SPEAKER_01"), seg(16.0, " Why customs?", "SPEAKER_00"),
                seg(18.0, " Better hours.", "SPEAKER_01"), seg(20.0, " Who asked you?", "SPEAKER_00")]
    path = _write(tmp_path, "R07.json", {"segments": segments, "word_segments": [], "language": "en"})
    t = read_transcript(path)
    assert _turns(t)[:3] == [
        ("SPEAKER_00", "interviewer", 1.238, "How did you start at the port?"),
        ("SPEAKER_01", "respondent", 4.0, "In 2004.\nAs a mechanic.\nMm."),
        ("SPEAKER_00", "interviewer", 11.0, "And then?"),
    ]
    assert t.text.startswith("SPEAKER_00: How did you start at the port?\nSPEAKER_01: In 2004.\nAs a mechanic.\nMm.\n")
    assert t.notes[0] == "read as WhisperX JSON: 10 segment(s) from 'segments'"
    assert "1 segment(s) without text: segments[5]; nothing of them is in the text" in t.notes
    assert "1 segment(s) have no speaker; they continue the previous speaker's turn" in t.notes
    assert any("'SPEAKER_00' ends 4 of 4 turns with a question" in n for n in t.notes)


def test_whisperx_words_only_when_there_are_no_segments(tmp_path):
    """WhisperX's ``word_segments`` without segments (a shape seen in the index: ``"segments": [], "word_segments": [...]``)."""
    words = [{"word": "Hello", "start": 0.0, "end": 0.5, "speaker": "SPEAKER_00"},
             {"word": "there.", "start": 0.55, "end": 1.0, "speaker": "SPEAKER_00"},
             {"word": "Go", "start": 1.1, "end": 1.5, "speaker": "SPEAKER_01"},
             {"word": "away.", "start": 1.55, "end": 2.0, "speaker": "SPEAKER_01"},
             {"word": "Now.", "start": 4.0, "end": 4.3, "speaker": "SPEAKER_01"}]
    t = read_transcript(_write(tmp_path, "ep.json", {"language": "en", "segments": [], "word_segments": words}))
    assert t.text == "SPEAKER_00: Hello there.\nSPEAKER_01: Go away.\nNow."
    assert [(turn.speaker, turn.timestamp) for turn in t.turns] == [("SPEAKER_00", 0.0), ("SPEAKER_01", 1.1)]
    assert t.notes[0] == "read as WhisperX JSON: 5 word(s) of 'word_segments' in 3 paragraph(s)"


def test_segments_with_speaker_id_and_metadata(tmp_path):
    """MDGrey33/PyHearingAI transcript.json: ``metadata`` (``transcriber``, ``diarizer``, ``duration``) and
    ``segments`` with ``speaker_id`` (``Speaker 1``)."""
    path = _write(tmp_path, "pyhearing.json", {
        "metadata": {"transcriber": "whisper_openai", "diarizer": "pyannote", "duration": 43.79999923706055},
        "segments": [{"text": " So, Yaacob, the conversation started.", "start": 0.0, "end": 4.56, "speaker_id": "Speaker 1"},
                     {"text": " What did I tell you?", "start": 4.56, "end": 6.88, "speaker_id": "Speaker 1"},
                     {"text": " You told me you would ask.", "start": 6.88, "end": 14.52, "speaker_id": "Speaker 2"}]})
    t = read_transcript(path)
    assert [(turn.speaker, turn.timestamp) for turn in t.turns] == [("Speaker 1", 0.0), ("Speaker 2", 6.88)]
    assert t.attributes == {"duration": 43.8, "model": "whisper_openai"}


def test_whisper_cpp_oj_with_stereo_diarization_and_tinydiarize_note(tmp_path):
    """whisper.cpp ``-oj`` as Sparkplugx1904/Whisper-CPP transcript.json holds it (``systeminfo``, ``model``, ``params``,
    ``result``, ``transcription`` with ``timestamps`` and ``offsets`` in ms); ``speaker`` and ``speaker_turn_next`` as
    examples/cli/cli.cpp writes them with ``--diarize`` / ``-tdrz``."""
    def entry(ms, text, **extra):
        return {"timestamps": {"from": "00:00:00,000", "to": "00:00:05,000"}, "offsets": {"from": ms, "to": ms + 3000},
                "text": text, **extra}
    root = {"systeminfo": "WHISPER : COREML = 0 | ", "model": {"type": "medium", "multilingual": True, "vocab": 51865},
            "params": {"model": "models/ggml-medium.bin", "language": "nl", "translate": False}, "result": {"language": "nl"}}
    t = read_transcript(_write(tmp_path, "stereo.json", {**root, "transcription": [
        entry(0, " Waar werkt u?", speaker="0"), entry(3000, " In de haven.", speaker="1"),
        entry(6000, " Al lang.", speaker="1"), entry(9000, " Hm.", speaker="?")]}))
    assert [(turn.speaker, turn.timestamp) for turn in t.turns] == [("speaker 0", 0.0), ("speaker 1", 3.0), ("speaker ?", 9.0)]
    assert t.attributes == {"language": "nl", "model": "models/ggml-medium.bin"}
    tdrz = read_transcript(_write(tmp_path, "tdrz.json", {**root, "transcription": [
        entry(0, " So what about Friday? [SPEAKER_TURN]", speaker_turn_next=True), entry(2380, " Friday works.", speaker_turn_next=False)]}))
    assert tdrz.text == "So what about Friday? [SPEAKER_TURN]\nFriday works."
    assert any("marked 1 speaker turn(s) (tinydiarize" in n for n in tdrz.notes)


def test_assemblyai_utterances_in_milliseconds_with_letter_speakers(tmp_path):
    """AssemblyAI's transcript (``id``, ``status``, ``text``, ``words``, ``utterances`` with ``speaker`` ``A``, ``start``
    and ``end`` in ms, ``language_code``, ``audio_duration`` in seconds), as its API documents it. ``A`` and ``B`` only
    number the speakers: the one who asks is the interviewer, not ``A`` as "answer"."""
    utterances = [("A", 250, "Where were you that night?"), ("B", 2300, "At the quay."), ("A", 4100, "Who was with you?"),
                  ("B", 5600, "Nobody."), ("A", 7000, "And the van?"), ("B", 8200, "I never saw it.")]
    root = {"id": "6rlr3", "status": "completed", "language_code": "en_us", "audio_duration": 10, "speech_model": "best",
            "text": " ".join(u[2] for u in utterances),
            "words": [{"text": "Where", "start": 250, "end": 500, "confidence": 0.99, "speaker": "A"}],
            "utterances": [{"speaker": s, "start": ms, "end": ms + 1500, "confidence": 0.9, "text": text, "words": []}
                           for s, ms, text in utterances]}
    t = read_transcript(_write(tmp_path, "aai.json", root))
    assert _turns(t)[:2] == [("A", "interviewer", 0.25, "Where were you that night?"), ("B", "respondent", 2.3, "At the quay.")]
    assert t.attributes == {"language": "en_us", "duration": 10.0, "model": "best"}
    assert "the times are whole milliseconds; read as seconds" in t.notes
    # the user's labels still win over the tool's letters
    mapped = read_transcript(_write(tmp_path, "aai2.json", root), labels={"B": "interviewer"})
    assert [turn.role for turn in mapped.turns[:2]] == ["respondent", "interviewer"]


def test_speakers_named_by_role_or_name_keep_their_roles(tmp_path):
    """A pipeline that names the speakers after diarization (``speaker`` ``Interviewer``, a name): role words keep their
    roles; only a tool's codes (``A``, ``S1``, ``SPEAKER_00``) are read as numbering the speakers."""
    segments = [{"start": 0, "end": 2, "text": "Where do you work?", "speaker": "Interviewer"},
                {"start": 2, "end": 4, "text": "At the port.", "speaker": "Anna de Boer"},
                {"start": 4, "end": 6, "text": "Since when?", "speaker": "Interviewer"},
                {"start": 6, "end": 8, "text": "2004.", "speaker": "Anna de Boer"}]
    t = read_transcript(_write(tmp_path, "named.json", {"segments": segments}))
    assert [(turn.speaker, turn.role) for turn in t.turns][:2] == [("Interviewer", "interviewer"), ("Anna de Boer", "respondent")]


def test_assemblyai_without_speaker_labels_uses_words(tmp_path):
    """AssemblyAI with ``speaker_labels`` off: ``utterances`` is ``null``; the ``words`` are read."""
    words = [{"text": t, "start": s, "end": s + 300, "confidence": 0.9, "speaker": None}
             for t, s in (("Hello.", 0), ("Welcome", 2500), ("back.", 2900))]
    t = read_transcript(_write(tmp_path, "nolabels.json", {"id": "x", "status": "completed", "text": "Hello. Welcome back.",
                                                           "utterances": None, "words": words, "audio_duration": 4}))
    assert t.text == "Hello.\nWelcome back."
    assert [turn.timestamp for turn in t.turns] == [0.0, 2.5]


def test_deepgram_utterances_paragraphs_and_words(tmp_path):
    """Deepgram's prerecorded response (``metadata`` with ``duration``, ``models``, ``model_info``; ``results.channels``
    with ``alternatives`` holding ``transcript``, ``words`` with ``punctuated_word`` and integer ``speaker``, ``paragraphs``;
    ``results.utterances`` with ``transcript``), as the index's Deepgram fixtures quote it."""
    words = [{"word": "hello", "punctuated_word": "Hello.", "start": 0.0, "end": 0.4, "confidence": 0.99, "speaker": 0},
             {"word": "hi", "punctuated_word": "Hi,", "start": 1.2, "end": 1.4, "confidence": 0.97, "speaker": 1},
             {"word": "there", "punctuated_word": "there.", "start": 1.4, "end": 1.6, "confidence": 0.97, "speaker": 1}]
    meta = {"request_id": "r1", "duration": 2.5, "channels": 1, "models": ["m1"],
            "model_info": {"m1": {"name": "2-general-nova", "version": "2024", "arch": "nova-2"}}}
    channel = {"detected_language": "en", "alternatives": [{"transcript": "Hello. Hi, there.", "confidence": 0.98, "words": words}]}
    t = read_transcript(_write(tmp_path, "dg_words.json", {"metadata": meta, "results": {"channels": [channel]}}))
    assert t.text == "Speaker 0: Hello.\nSpeaker 1: Hi, there."
    assert t.attributes == {"language": "en", "duration": 2.5, "model": "2-general-nova"}
    paragraphs = {"transcript": "...", "paragraphs": [
        {"sentences": [{"text": "Hello.", "start": 0.0, "end": 0.4}], "speaker": 0, "start": 0.0, "end": 0.4, "num_words": 1},
        {"sentences": [{"text": "Hi, there.", "start": 1.2, "end": 1.6}, {"text": "Welcome.", "start": 1.7, "end": 2.0}],
         "speaker": 1, "start": 1.2, "end": 2.0, "num_words": 3}]}
    channel_p = {"alternatives": [{"transcript": "x", "words": words, "paragraphs": paragraphs}]}
    tp = read_transcript(_write(tmp_path, "dg_par.json", {"metadata": meta, "results": {"channels": [channel_p]}}))
    assert tp.text == "Speaker 0: Hello.\nSpeaker 1: Hi, there. Welcome."
    utt = [{"start": 0.0, "end": 0.4, "confidence": 0.9, "channel": 0, "transcript": "Hello.", "words": [], "speaker": 0, "id": "u1"},
           {"start": 1.2, "end": 1.6, "confidence": 0.9, "channel": 0, "transcript": "Hi, there.", "words": [], "speaker": 1, "id": "u2"}]
    tu = read_transcript(_write(tmp_path, "dg_utt.json", {"metadata": meta, "results": {"channels": [channel], "utterances": utt}}))
    assert [(turn.speaker, turn.timestamp) for turn in tu.turns] == [("Speaker 0", 0.0), ("Speaker 1", 1.2)]


def test_deepgram_two_channels_without_diarization_are_merged_by_time(tmp_path):
    """Deepgram ``multichannel=true``: one ``channels`` entry per channel, words without ``speaker``."""
    def channel(words):
        return {"alternatives": [{"transcript": "", "words": [{"word": w, "punctuated_word": w, "start": s, "end": s + 0.5}
                                                             for w, s in words]}]}
    root = {"results": {"channels": [channel([("Where?", 0.0), ("Why?", 4.0)]), channel([("Here.", 2.0)])]}}
    t = read_transcript(_write(tmp_path, "dg2.json", root))
    assert t.text == "Channel 0: Where?\nChannel 1: Here.\nChannel 0: Why?"


def test_aws_transcribe_items_with_speaker_label_segments(tmp_path):
    """AWS Transcribe's batch output with diarization, as docs.aws.amazon.com/transcribe/latest/dg/diarization-output-batch.html
    shows it: ``jobName``, ``results.transcripts``, ``results.speaker_labels.segments``, ``results.items`` (times as
    strings, punctuation items). The older items carry no ``speaker_label``: the segment they fall in gives it."""
    def item(content, start=None, end=None, kind="pronunciation", speaker=None):
        it = {"alternatives": [{"confidence": "1.0", "content": content}], "type": kind}
        if start is not None:
            it.update(start_time=start, end_time=end)
        if speaker:
            it["speaker_label"] = speaker
        return it
    items = [item("I've", "4.87", "5.02"), item("been", "5.02", "5.17"), item("on", "5.17", "5.29"), item("hold", "5.29", "5.64"),
             item(".", kind="punctuation"), item("Sorry", "8.49", "8.88"), item("about", "8.88", "9.05"),
             item("that", "9.05", "9.24"), item(".", kind="punctuation")]
    root = {"jobName": "my-first-transcription-job", "accountId": "111122223333", "status": "COMPLETED", "results": {
        "transcripts": [{"transcript": "I've been on hold. Sorry about that."}],
        "speaker_labels": {"channel_label": "ch_0", "speakers": 2, "segments": [
            {"start_time": "4.87", "speaker_label": "spk_0", "end_time": "6.88", "items": []},
            {"start_time": "8.49", "speaker_label": "spk_1", "end_time": "9.24", "items": []}]},
        "items": items}}
    t = read_transcript(_write(tmp_path, "aws.json", root))
    assert t.text == "spk_0: I've been on hold.\nspk_1: Sorry about that."
    assert [(turn.speaker, turn.timestamp) for turn in t.turns] == [("spk_0", 4.87), ("spk_1", 8.49)]
    assert t.notes[0] == "read as AWS Transcribe JSON: 9 word(s) of 'results.items' in 2 paragraph(s)"
    # newer outputs: items carry speaker_label, and audio_segments give the tool's own segments
    root["results"]["audio_segments"] = [
        {"id": 0, "transcript": "I've been on hold.", "start_time": "4.87", "end_time": "5.64", "speaker_label": "spk_0", "items": [0, 1, 2, 3, 4]},
        {"id": 1, "transcript": "Sorry about that.", "start_time": "8.49", "end_time": "9.24", "speaker_label": "spk_1", "items": [5, 6, 7, 8]}]
    t2 = read_transcript(_write(tmp_path, "aws2.json", root))
    assert t2.text == t.text and t2.notes[0] == "read as AWS Transcribe JSON: 2 segment(s) from 'results.audio_segments'"


def test_rev_ai_monologues(tmp_path):
    """Rev.ai's transcript JSON as its API documents it (``monologues`` with integer ``speaker``, ``speaker_name``
    when named, ``elements`` of ``text`` with ``ts``/``end_ts`` and ``punct`` carrying the spaces)."""
    def text(v, ts):
        return {"type": "text", "value": v, "ts": ts, "end_ts": ts + 0.5, "confidence": 1}
    def punct(v):
        return {"type": "punct", "value": v}
    root = {"monologues": [
        {"speaker": 1, "elements": [text("Hello", 0.5), punct(" "), text("World", 1.75), punct(".")]},
        {"speaker": 2, "speaker_name": "Ann de Vries", "elements": [punct(" "), text("Hi", 3.0), punct("!")]}]}
    t = read_transcript(_write(tmp_path, "rev.json", root))
    assert t.text == "Speaker 1: Hello World.\nAnn de Vries: Hi!"
    assert [turn.timestamp for turn in t.turns] == [0.5, 3.0]


def test_speechmatics_json_v2_words_punctuation_and_speakers(tmp_path):
    """Speechmatics json-v2 (``format`` ``2.9``, ``metadata.transcription_config.language``, ``results`` of ``word`` and
    ``punctuation`` with ``attaches_to`` and the speaker ``S1`` in the first alternative), as the index's fixtures show it."""
    def word(content, start, speaker):
        return {"type": "word", "start_time": start, "end_time": start + 0.3,
                "alternatives": [{"content": content, "confidence": 0.9, "language": "en", "speaker": speaker}]}
    def punct(content, at, speaker, attaches="previous"):
        return {"type": "punctuation", "start_time": at, "end_time": at, "attaches_to": attaches, "is_eos": content == ".",
                "alternatives": [{"content": content, "confidence": 1, "language": "en", "speaker": speaker}]}
    root = {"format": "2.9", "job": {"duration": 6}, "metadata": {"transcription_config": {"language": "en"}, "type": "transcription"},
            "results": [word("Where", 0.1, "S1"), word("to", 0.5, "S1"), punct("?", 0.8, "S1"),
                        word("Home", 1.2, "S2"), punct(".", 1.5, "S2"), punct("“", 1.6, "S2", "next"),
                        word("Now", 1.7, "S2"), punct("”", 2.0, "S2")]}
    t = read_transcript(_write(tmp_path, "sm.json", root))
    assert t.text == "S1: Where to?\nS2: Home. “Now”"
    assert t.attributes == {"language": "en", "duration": 6.0}
    assert [turn.role for turn in t.turns] == ["other", "other"]  # S1, S2 only number the speakers: no participant codes


def test_read_corpus_folder_with_json_transcripts_and_a_package_json(tmp_path):
    """A folder with Whisper, AssemblyAI and Rev.ai transcripts, a text transcript and a ``package.json``-like file."""
    _write(tmp_path, "R01.json", {"segments": [{"start": 0, "end": 1.5, "text": " Where?", "speaker": "SPEAKER_00"},
                                               {"start": 1.5, "end": 3, "text": " Here.", "speaker": "SPEAKER_01"}]})
    _write(tmp_path, "R02.json", {"utterances": [{"speaker": "A", "start": 0, "end": 1500, "text": "When?"},
                                                 {"speaker": "B", "start": 1600, "end": 3000, "text": "Now."}]})
    (tmp_path / "R03.txt").write_text("I: Vraag?\nR: Antwoord.\n", encoding="utf-8")
    _write(tmp_path, "R04.json", {"monologues": [{"speaker": 0, "elements": [{"type": "text", "value": "Hi", "ts": 0.1}]},
                                                 {"speaker": 1, "elements": [{"type": "text", "value": "Hello", "ts": 1.0}]}]})
    _write(tmp_path, "package.json", {"name": "site", "version": "1.0.0", "dependencies": {"left-pad": "^1.3.0"}})
    corpus = read_corpus(tmp_path)
    assert corpus.doc_ids == ["R01", "R02", "R03", "R04"]
    forked = read_corpus(tmp_path, n_process=2)  # the same corpus read in worker processes
    assert [(t.doc_id, t.text, t.turns) for t in forked] == [(t.doc_id, t.text, t.turns) for t in corpus]
    assert corpus["R02"].turns[1].timestamp == 1.6
    assert any("package.json (JSON without a transcription tool's layout (keys: name, version, dependencies))" in n
               for n in corpus.notes)
    assert skip_reason(tmp_path / "R01.json") is None
    # a video editor's project with "segments" of times and no text is not a transcript either
    _write(tmp_path, "cuts.json", {"segments": [{"start": 0, "end": 4.2, "clip": "a.mp4"}]})
    assert skip_reason(tmp_path / "cuts.json").startswith("JSON without a transcription tool's layout (keys: segments)")
    # read on its own, the package.json is a clear error naming the keys and the layouts expected
    with pytest.raises(TranscriptError, match=r"RK102.*package\.json.*keys found: 'name', 'version', 'dependencies'.*"
                                              r"expected 'segments' \(Whisper"):
        read_transcript(tmp_path / "package.json")


def test_broken_deep_and_odd_json_are_clear_errors(tmp_path):
    """Cut-short exports, hostile nesting, wrong item types, a transcript without text."""
    cut = tmp_path / "cut.json"
    cut.write_text('{"segments": [{"start": 0, "text": "Hello"}', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK162.*cut\.json, line 1, column \d+: is not valid JSON"):
        read_transcript(cut)
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"segments": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    with pytest.raises(TranscriptError, match=r"RK162.*nested too deeply"):
        read_transcript(deep)
    odd = _write(tmp_path, "odd.json", {"segments": [{"start": 0, "text": "ok"}, {"start": 1, "text": ["not", "a", "string"]}]})
    with pytest.raises(TranscriptError, match=r"RK162.*odd\.json, segments\[1\]: the text is a JSON array"):
        read_transcript(odd)
    items = _write(tmp_path, "items.json", {"segments": ["just text"]})
    with pytest.raises(TranscriptError, match=r"RK102.*items\.json: has 'segments', but not as a transcription tool writes "
                                              r"it: expected an array of objects with 'text' or 'words', found an array of 1"):
        read_transcript(items)
    mixed = _write(tmp_path, "mixed.json", {"segments": [{"start": 0, "text": "ok"}, "just text"]})
    with pytest.raises(TranscriptError, match=r"RK162.*segments\[1\]: the item is a JSON string, not an object: 'just text'"):
        read_transcript(mixed)
    speaker = _write(tmp_path, "speaker.json", {"segments": [{"start": 0, "text": "Hi.", "speaker": ["A", "B"]}]})
    with pytest.raises(TranscriptError, match=r"RK162.*speaker\.json: a speaker is a JSON array, not a label or a number"):
        read_transcript(speaker)
    empty = _write(tmp_path, "empty.json", {"segments": [{"start": 0, "end": 1, "text": " "}]})
    with pytest.raises(TranscriptError, match=r"RK104.*no text in segments"):
        read_transcript(empty)
    scalar = _write(tmp_path, "scalar.json", [1, 2, 3])
    with pytest.raises(TranscriptError, match=r"RK102.*the top level is an array"):
        read_transcript(scalar)
    jsonl = tmp_path / "lines.json"
    jsonl.write_text('{"text": "one"}\n{"text": "two"}\n', encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"RK162.*line 2, column 1: is not valid JSON: Extra data.*JSON Lines"):
        read_transcript(jsonl)
    # a folder: the broken file is a problem named with its error, never skipped silently
    folder = tmp_path / "folder"
    folder.mkdir()
    _write(folder, "R01.json", {"segments": [{"start": 0, "text": "Hi."}]})
    (folder / "R02.json").write_text('{"segments": [', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"RK162\] \S*R02\.json"):
        read_corpus(folder)


def test_odd_times_are_left_empty_and_text_is_never_lost(tmp_path):
    """Times that are not numbers, NaN, negative; line breaks inside a segment; a speaker given as a number."""
    path = tmp_path / "times.json"
    path.write_text('{"segments": [{"start": "later", "text": "One\\ntwo", "speaker": 3},'
                    ' {"start": NaN, "text": "three", "speaker": 3}, {"start": -4, "text": "four", "speaker": 4}]}', encoding="utf-8")
    t = read_transcript(path)
    assert t.text == "Speaker 3: One two\nthree\nSpeaker 4: four"
    assert [turn.timestamp for turn in t.turns] == [None, None]
