"""A seeded simulation of the G/G/c queue (FCFS, unlimited room): the statistical oracle for
erlangkit.ggc_approximation. Kiefer and Wolfowitz's recursion: keep the c servers' remaining
work as a sorted list; a customer arriving after an interarrival time A finds each server's
work reduced by A (not below 0), waits the smallest, and adds its service time to that server.
No formula is shared with the library. Mean waits are estimated by batch means (99% interval)."""
import bisect
import math
import random

from .simulate import Estimate


def sampler(mean, cv, rng):
    """A positive random time of the given mean and coefficient of variation: constant (cv 0),
    gamma (0 < cv <= 1 or any cv: shape 1/cv^2), so cv 1 is exponential."""
    if cv == 0:
        return lambda: mean
    shape = 1 / (cv * cv)
    scale = mean / shape
    return lambda: rng.gammavariate(shape, scale)


def simulate_ggc(arrival_rate, service_mean, servers, ca, cs, customers=400_000, batches=20, warmup=20_000,
                 seed=1):
    """Mean wait Wq (an Estimate) over `customers` after `warmup`, in `batches` batches."""
    rng = random.Random(seed)
    interarrival = sampler(1 / arrival_rate, ca, rng)
    service = sampler(service_mean, cs, rng)
    work = [0.0] * servers  # sorted remaining work
    per_batch = customers // batches
    sums = [0.0] * batches
    for i in range(warmup + per_batch * batches):
        a = interarrival()
        work = [max(0.0, w - a) for w in work]  # stays sorted
        wait = work[0]
        if i >= warmup:
            sums[(i - warmup) // per_batch] += wait
        del work[0]
        bisect.insort(work, wait + service())
    return Estimate([s / per_batch for s in sums])
