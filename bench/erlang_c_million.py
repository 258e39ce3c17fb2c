"""Time erlangkit.erlang_c on a million (servers, load) pairs from Python.

    python bench/erlang_c_million.py

Same workload as ErlangCMillionLoop in bench_erlang.cpp (servers 1..1000, load
0.5..1.1 times the servers); compare the two in one run of .ci or by hand.
"""
import time

import numpy as np

import erlangkit as ek

rng = np.random.default_rng(42)
n = np.floor(1 + 999 * rng.random(1_000_000))
load = n * (0.5 + 0.6 * rng.random(n.size))
ek.erlang_c(n[:1000], load[:1000])  # warm up
for threads in (1, 2):
    ek.set_num_threads(threads)
    best = min((lambda t0: (ek.erlang_c(n, load), time.perf_counter() - t0)[1])(time.perf_counter())
               for _ in range(5))
    print(f"erlang_c from Python, 1e6 elements, {threads} thread(s): {best * 1e3:.1f} ms "
          f"({best * 1e3:.1f} ns per element)")
ek.set_num_threads(0)
