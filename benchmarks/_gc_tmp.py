import sys, gc, time
sys.path.insert(0,"benchmarks")
import bench_autocode as b
from researchkit.autocode import autocode
from researchkit.codebook import Codebook
corpus = b.make_corpus(1_000_000)
cb = Codebook.load(b.ROOT/"codebook/havens.yaml")
texts = b.respondent_texts(corpus) if hasattr(b, "respondent_texts") else None
autocode(corpus, cb)
def nogc():
    gc.disable()
    try: return autocode(corpus, cb)
    finally: gc.enable()
for i in range(3):
    for name, f in [("gc on", lambda: autocode(corpus, cb)), ("gc off", nogc)]:
        gc.collect(); c = time.process_time(); f(); print(name, round(time.process_time()-c, 3))
