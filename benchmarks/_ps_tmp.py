import sys
sys.path.insert(0, "benchmarks")
import bench_autocode as b
from researchkit.codebook import Codebook
cb = Codebook.load(b.ROOT / "codebook/havens.yaml")
c = b.demo_times_ten()
for i in range(3): b.parallel_speedup(c, cb, 5, "x10")
g = b.make_corpus(1_000_000)
b.parallel_speedup(g, cb, 3, "1M")
