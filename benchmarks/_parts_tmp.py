import sys, gc, time, importlib, warnings
warnings.simplefilter("ignore")
sys.path.insert(0,"benchmarks")
import bench_autocode as b
from researchkit.codebook import Codebook
from researchkit.autocode import autocode
st = importlib.import_module("researchkit.autocode.stream")
from researchkit.autocode.document import segments
corpus = b.make_corpus(1_000_000)
cb = Codebook.load(b.ROOT/"codebook/havens.yaml")
rules, roles = st.prepare(cb, "sentence", ("respondent",), 1, None)
nlp = rules.nlp
texts = [t.text[s:e] for t in corpus for _, _, s, e in segments(t, rules.active_roles)]
def pipe_gen():
    def g():
        for t in corpus:
            for _, _, s, e in segments(t, rules.active_roles): yield t.text[s:e]
    for d in nlp.pipe(g(), batch_size=256, disable=rules.skip_in_pipe): pass
def match_only_docs():
    pass
fns = {"a bare": lambda: b.bare_pass(texts, nlp), "a' tok+sent": lambda: b.bare_pass_without_lemmatizer(texts, nlp),
       "pipe gen skip": pipe_gen, "code_transcripts": lambda: [None for _ in st.code_transcripts(rules, corpus, "sentence", compact=True)],
       "autocode": lambda: autocode(corpus, cb)}
res = {k: [] for k in fns}
for f in fns.values(): f()
for _ in range(5):
    for k, f in fns.items():
        gc.collect(); c = time.process_time(); f(); res[k].append(time.process_time() - c)
for k, v in res.items(): print(f"{k:20} min {min(v):.3f} med {sorted(v)[2]:.3f}")
