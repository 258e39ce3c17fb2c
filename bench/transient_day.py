"""The transient day: speed of a 96-interval day at 100 agents (issue bar: <= 50 ms),
and the stationary per-interval staffing judged by the transient solution.

    PYTHONPATH=python python bench/transient_day.py            # timing
    PYTHONPATH=python python bench/transient_day.py --compare  # docs/transient.md's table
"""
import sys
import time

import numpy as np

import erlangkit as ek

AHT, PATIENCE, TARGET, TAU = 300.0, 180.0, 0.8, 20.0


def morning_peak_day():
    """96 quarter hours: quiet night, a sharp 10:00 peak of 400 calls, a smaller afternoon one."""
    t = np.arange(96) / 4.0  # hour of day
    calls = 20 + 380 * np.exp(-0.5 * ((t - 10) / 1.2) ** 2) + 180 * np.exp(-0.5 * ((t - 15) / 2.0) ** 2)
    return np.round(calls)


def timing():
    calls = morning_peak_day()
    agents = ek.transient_staffing(calls, AHT, "15min", TARGET, TAU, patience=PATIENCE)
    ek.transient_day(calls, agents, AHT, "15min", patience=PATIENCE)
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        ek.transient_day(calls, agents, AHT, "15min", patience=PATIENCE)
        runs.append(time.perf_counter() - start)
    start = time.perf_counter()
    ek.transient_staffing(calls, AHT, "15min", TARGET, TAU, patience=PATIENCE)
    staffing = time.perf_counter() - start
    print(f"transient_day, 96 intervals, peak {agents.max()} agents: "
          f"min {min(runs) * 1e3:.1f} ms, median {np.median(runs) * 1e3:.1f} ms (bar 50 ms)")
    print(f"transient_staffing, same day: {staffing * 1e3:.0f} ms")


def compare():
    calls = morning_peak_day()
    stationary = np.asarray(ek.agents_for_service_level(TARGET, TAU, arrival_rate=calls / 900, aht=AHT,
                                                        patience=PATIENCE), dtype=int)
    transient = ek.transient_staffing(calls, AHT, "15min", TARGET, TAU, patience=PATIENCE)
    judged = ek.transient_day(calls, stationary, AHT, "15min", patience=PATIENCE)
    print("| time | calls | stationary agents | its transient SL | transient agents | difference |")
    print("|---|---|---|---|---|---|")
    for i in range(28, 76, 2):
        hh, mm = divmod(i * 15, 60)
        print(f"| {hh:02d}:{mm:02d} | {calls[i]:.0f} | {stationary[i]} | {judged.service_level[i]:.3f} | "
              f"{transient[i]} | {transient[i] - stationary[i]:+d} |")
    print(f"agent-intervals: stationary {stationary.sum()}, transient {transient.sum()}; "
          f"intervals where the stationary staff misses 80/20 on the transient day: "
          f"{int((judged.service_level < TARGET).sum())} of 96")


if __name__ == "__main__":
    compare() if "--compare" in sys.argv else timing()
