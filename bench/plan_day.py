"""Time erlangkit.plan_day from Python: a 96-interval single-queue plan (issue 11's
bar: <= 1 ms) and 1,000 queues x 96 intervals on two threads (bar: <= 2 s).

    PYTHONPATH=python python bench/plan_day.py

The day: 15-minute intervals, a morning and an afternoon peak (20 to ~200 calls
an interval), AHT 240-300 s, 80% within 20 s, 35% shrinkage; Erlang-C (no
patience) and Erlang-A (patience 120 s). The many-queue day scales each queue's
volumes by a factor in [0.2, 2). Best of 5 runs (20 for the single plan).
"""
import time

import numpy as np

import erlangkit as ek


def day(n=96):
    x = np.arange(n) / n
    calls = np.round(20 + 180 * np.exp(-40 * (x - 0.35) ** 2) + 120 * np.exp(-40 * (x - 0.7) ** 2))
    return calls, np.linspace(240, 300, n)


def best(f, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


calls, aht = day()
for patience in (np.inf, 120.0):
    kw = dict(target=0.8, target_time=20, patience=patience, shrinkage=0.35)
    ek.plan_day(calls, aht, "15min", **kw)  # warm up (imports pandas)
    t = best(lambda: ek.plan_day(calls, aht, "15min", **kw), 20)
    print(f"plan_day, 96 intervals, patience {patience}: {t * 1e3:.2f} ms")

rng = np.random.default_rng(7)
grid = np.round(calls[:, None] * (0.2 + 1.8 * rng.random(1000))[None, :])  # intervals x queues
for patience in (np.inf, 120.0):
    for threads in (1, 2):
        ek.set_num_threads(threads)
        t = best(lambda: ek.plan_day(grid, aht, "15min", target=0.8, target_time=20, patience=patience,
                                     shrinkage=0.35), 5)
        print(f"plan_day, 1,000 queues x 96 intervals, patience {patience}, {threads} thread(s): {t:.3f} s")
ek.set_num_threads(0)
