"""How far the fluid deferred-work model (erlangkit.deferred_work) is from a queue with chance in it.

    python bench/deferred_vs_simulation.py [--runs 40]

A morning of e-mail (12 intervals of 1 h, 3,450 items, 5-minute items, goal
90% answered within 4 h) is staffed by each rule and margin; each plan is
then run through a seeded simulation of the same day with chance in it:
Poisson arrivals spread uniformly over their hour, exponential handle
times, the planned agents in each hour (an agent busy at the end of its
hour finishes the item), first come first served. Printed per plan: its
agent-hours, the fluid model's share in time, and the simulated shares
(mean, 5th percentile, worst) over the runs. docs/deferred_work.md quotes
this table.
"""
import argparse
import heapq
import random

import numpy as np

import erlangkit as ek

L, DEADLINE, H = 3600.0, 4 * 3600.0, 300.0
ARRIVALS = [400, 600, 800, 500, 300, 200, 100, 50, 0, 0, 0, 0]


def simulate(agents, seed):
    """(in time, late) of one simulated day; items still waiting at the end count as late if overdue."""
    rng = random.Random(seed)
    items = []
    for i, v in enumerate(ARRIVALS):
        items += sorted(i * L + rng.random() * L for _ in range(np.random.default_rng(seed * 1000 + i).poisson(v)))
    horizon = len(ARRIVALS) * L
    busy = []  # finish times of the items in service
    t = 0.0  # start time of the previous item (first come first served)
    in_time = late = 0
    for a in items:
        t = max(t, a)
        while t < horizon:
            while busy and busy[0] <= t:
                heapq.heappop(busy)
            i = int(t // L)
            if len(busy) < agents[i]:
                break
            edge = (i + 1) * L
            t = min(busy[0], edge) if busy else edge
        if t >= horizon:
            late += a <= horizon - (DEADLINE - H)
            continue
        heapq.heappush(busy, t + rng.expovariate(1 / H))
        if t - a <= DEADLINE - H:
            in_time += 1
        else:
            late += 1
    return in_time / (in_time + late)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=40)
    runs = p.parse_args().runs
    print(f"{'rule':>13} {'margin':>6} {'agent-h':>7} {'fluid':>6} {'sim mean':>8} {'sim 5%':>6} {'worst':>6}")
    for rule in ("level", "just_in_time"):
        for margin in (0, 1800, 3600):
            plan = ek.deferred_work(ARRIVALS, H, L, DEADLINE, target=0.9, rule=rule, margin=margin)
            n = plan.intervals["agents"].to_numpy()
            shares = np.array([simulate(n, s) for s in range(runs)])
            print(f"{rule:>13} {margin / 60:>4.0f}min {n.sum():>7.0f} {plan.totals['share_in_time']:>6.1%} "
                  f"{shares.mean():>8.1%} {np.percentile(shares, 5):>6.1%} {shares.min():>6.1%}")


    # The cost of one call on a 96-interval day of 15-minute intervals (pandas frame included).
    import timeit

    day = [2] * 28 + [10 + 40 * float(np.exp(-0.5 * ((q / 4 - 10) / 2) ** 2)) for q in range(28, 88)] + [2] * 8
    calls = {"evaluate": dict(agents=[5] * 96), "level": dict(target=0.9), "just_in_time": dict(target=0.9,
                                                                                               rule="just_in_time")}
    for name, kw in calls.items():
        best = min(timeit.repeat(lambda: ek.deferred_work(day, 360, "15min", "8h", **kw), number=50, repeat=5)) / 50
        print(f"96 intervals, {name}: {best * 1e6:.0f} us a call")


if __name__ == "__main__":
    main()
