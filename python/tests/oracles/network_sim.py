"""A seeded simulation of an open network of M/M/c nodes: the statistical oracle for
erlangkit.jackson_network. It shares no formula with the library: the state is the vector of
customers at each node, events are drawn one at a time from their rates (external arrivals,
service completions min(n_j, c_j) mu_j, each routed by its row of the routing matrix or leaving),
and the time-average number at each node is measured in batches (99% intervals by batch means)."""
import math
import random

from .simulate import Estimate


def simulate_open_network(arrival_rates, service_rates, routing, servers, horizon, batches=20, warmup=None,
                          seed=1):
    rng = random.Random(seed)
    k = len(arrival_rates)
    n = [0] * k
    gamma = sum(arrival_rates)
    warmup = horizon / 10 if warmup is None else warmup
    batch_len = horizon / batches
    t, area = 0.0, [[0.0] * k for _ in range(batches)]
    end = warmup + horizon
    while t < end:
        busy = [min(n[j], servers[j]) * service_rates[j] for j in range(k)]
        total = gamma + sum(busy)
        dt = rng.expovariate(total)
        # accumulate n over [t, t + dt) into the batches it overlaps (after the warm-up)
        lo, hi = max(t, warmup), min(t + dt, end)
        while lo < hi:
            b = int((lo - warmup) // batch_len)
            b_end = min(hi, warmup + (b + 1) * batch_len)
            for j in range(k):
                area[b][j] += n[j] * (b_end - lo)
            lo = b_end
        t += dt
        u = rng.random() * total
        if u < gamma:
            for j in range(k):
                u -= arrival_rates[j]
                if u < 0 or j == k - 1:
                    n[j] += 1
                    break
            continue
        u -= gamma
        for j in range(k):
            if u < busy[j] or j == k - 1:
                n[j] -= 1
                v = rng.random()
                for i in range(k):
                    v -= routing[j][i]
                    if v < 0:
                        n[i] += 1
                        break
                break
            u -= busy[j]
    return [Estimate([area[b][j] / batch_len for b in range(batches)]) for j in range(k)]
