"""Time the Python calls the benchmarks quote: the 96-interval staffing day
(Erlang-C and Erlang-A, one call with the day's rates as an array), a scalar
service level, and erlang_c on a million pairs (as ErlangCMillionLoop in
bench_erlang.cpp).

    python bench/python_calls.py          # against the erlangkit on sys.path

Best of 7 (scalar: of 20,000 calls) on this machine; run it for two builds in
turn to compare them.
"""
import time

import numpy as np

import erlangkit as ek


def best(f, repeat=7, number=1):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            f()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


hour = np.arange(96) / 4
erlangs = 2 + 58 * np.exp(-0.5 * ((np.arange(96) - 40) / 12.0) ** 2)
rates = erlangs / 300
print(f"erlangkit {ek.__version__}")
t = best(lambda: ek.agents_for_service_level(0.8, 20, rates, 300), 20)
print(f"staff 96 intervals, Erlang-C: {t * 1e6:.1f} us")
t = best(lambda: ek.agents_for_service_level(0.8, 20, rates, 300, patience=180), 20)
print(f"staff 96 intervals, Erlang-A: {t * 1e6:.1f} us")
t = best(lambda: ek.service_level(110, 100 / 300, 300, 20, 180), 7, 20000)
print(f"one service level (Erlang-A, 110 agents), scalar call: {t * 1e6:.2f} us")
rng = np.random.default_rng(42)
n = np.floor(1 + 999 * rng.random(1_000_000))
load = n * (0.5 + 0.6 * rng.random(n.size))
ek.erlang_c(n[:1000], load[:1000])  # warm up
for threads in (1, 2):
    ek.set_num_threads(threads)
    t = best(lambda: ek.erlang_c(n, load), 5)
    print(f"erlang_c, 1e6 pairs, {threads} thread(s): {t * 1e3:.1f} ms")
ek.set_num_threads(0)
