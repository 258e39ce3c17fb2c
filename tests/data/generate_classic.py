#!/usr/bin/env python3
"""Generate tests/data/classic.csv: 50-digit references for the birth-death queues
M/M/1, M/M/c, M/M/1/K, M/M/c/K, M/M/c/c, M/M/inf and the finite-source M/M/c/K/m.

    python tests/data/generate_classic.py

Routes that share nothing with the library's (which walks the chain in doubles with
rescaling, or uses Erlang-C):

* unlimited sources: the stationary weights R^j/j! below c and R^c/c! rho^(j-c) above
  summed in closed form — sum_{j<c} R^j/j! = e^R Q(c, R) (mpmath's regularised
  incomplete gamma) and the geometric sums sum rho^i, sum i rho^i over c..K — so
  c = 1e5 and K = 1e6 cost nothing;
* finite sources: the weights C(m, j) R^j below c and m!/(m-j)! R^j / (c! c^(j-c))
  above, summed term by term (m up to 2,000);
* M/M/inf: Poisson(R).

Measures as docs/classic_queues.md defines them (arrival-weighted p_wait and p_block;
W and Wq over admitted customers). For chains of at most 400 states and for M/M/c,
also P(Wq > t) and P(W > t) at t = one mean service time: M/M/c in closed form, the
finite chains by the per-state Erlang(j - c + 1, c mu) wait (plus an Exp(mu) service)
with mpmath's incomplete gamma.
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 50
INF = mp.inf


def geometric(rho, n):
    """sum_{i=0..n} rho^i and sum_{i=0..n} i rho^i."""
    if rho == 1:
        return mp.mpf(n + 1), mp.mpf(n) * (n + 1) / 2
    g0 = (1 - rho ** (n + 1)) / (1 - rho)
    g1 = rho * (1 - (n + 1) * rho ** n + n * rho ** (n + 1)) / (1 - rho) ** 2
    return g0, g1


def lower_sum(c, R):
    """sum_{j<c} R^j / j! = e^R Q(c, R) (0 for c = 0)."""
    if c == 0:
        return mp.mpf(0)
    return mp.exp(R) * mp.gammainc(c, R, INF, regularized=True)


def unlimited_sources(lam, mu, c, K):
    """M/M/c/K (K may be inf): the measures from the closed-form sums."""
    lam, mu = mp.mpf(lam), mp.mpf(mu)
    R = lam / mu
    if c == INF:  # M/M/inf
        return dict(L=R, Lq=0, W=1 / mu, Wq=0, throughput=lam, utilization=0, p0=mp.exp(-R), p_wait=0, p_block=0)
    rho = R / c
    top = R ** c / mp.factorial(c)  # w_c
    below0 = lower_sum(c, R)  # sum_{j<c} w_j
    below1 = R * lower_sum(c - 1, R)  # sum_{j<c} j w_j
    if K == INF:
        assert rho < 1
        g0, g1 = 1 / (1 - rho), rho / (1 - rho) ** 2
        last = mp.mpf(0)
        tail_wait = top * g0  # arrivals that wait: j >= c
    else:
        n = int(K - c)
        g0, g1 = geometric(rho, n)
        last = top * rho ** n  # w_K
        tail_wait = top * g0 - last  # c <= j < K
    S0 = below0 + top * g0
    L = (below1 + top * (c * g0 + g1)) / S0
    Lq = top * g1 / S0
    p_block = last / S0
    throughput = lam * (1 - p_block)
    return dict(L=L, Lq=Lq, W=L / throughput, Wq=Lq / throughput, throughput=throughput,
                utilization=(L - Lq) / c, p0=1 / S0, p_wait=tail_wait / S0, p_block=p_block)


def finite_weights(lam, mu, c, K, m):
    """w_j for j = 0..min(K, m) of the finite-source chain, and the arrival rates (m - j) lambda."""
    R = mp.mpf(lam) / mp.mpf(mu)
    last = int(min(K, m))
    w, cur = [], mp.mpf(1)
    for j in range(last + 1):
        w.append(cur)
        cur = cur * (m - j) * R / min(j + 1, c)
    return w, [(m - j) * mp.mpf(lam) for j in range(last + 1)]


def finite_sources(lam, mu, c, K, m):
    w, arrive = finite_weights(lam, mu, c, K, m)
    S0 = mp.fsum(w)
    pi = [x / S0 for x in w]
    L = mp.fsum(j * p for j, p in enumerate(pi))
    Lq = mp.fsum(max(j - c, 0) * p for j, p in enumerate(pi))
    A = mp.fsum(a * p for a, p in zip(arrive, pi))
    admitted = mp.fsum(a * p for j, (a, p) in enumerate(zip(arrive, pi)) if j < K)
    waiting = mp.fsum(a * p for j, (a, p) in enumerate(zip(arrive, pi)) if c <= j < K)
    p_block = (A - admitted) / A
    busy = mp.fsum(min(j, c) * p for j, p in enumerate(pi))
    return dict(L=L, Lq=Lq, W=L / admitted, Wq=Lq / admitted, throughput=admitted, utilization=busy / c,
                p0=pi[0], p_wait=waiting / A, p_block=p_block)


def time_laws(lam, mu, c, K, m, t):
    """P(Wq > t), P(W > t) of an admitted customer, or None where the table leaves them out."""
    lam, mu, t = mp.mpf(lam), mp.mpf(mu), mp.mpf(t)
    if c == INF:
        return mp.mpf(0), mp.exp(-mu * t)
    if K == INF and m == INF:
        R = lam / mu
        top = R ** c / mp.factorial(c)
        C = top / (1 - R / c) / (lower_sum(c, R) + top / (1 - R / c))
        theta = c * mu - lam
        if theta == mu:
            soj = (1 - C) * mp.exp(-mu * t) + C * (mp.exp(-theta * t) + theta * t * mp.exp(-mu * t))
        else:
            soj = (1 - C) * mp.exp(-mu * t) + C * (mp.exp(-theta * t) + theta * mp.exp(-mu * t) *
                                                   (1 - mp.exp(-(theta - mu) * t)) / (theta - mu))
        return C * mp.exp(-theta * t), soj
    last = int(min(K, m))
    if last > 400:
        return None
    if m == INF:
        R = lam / mu
        w = [R ** j / mp.factorial(j) if j <= c else R ** c / mp.factorial(c) * (R / c) ** (j - c)
             for j in range(last + 1)]
        arrive = [lam] * (last + 1)
    else:
        w, arrive = finite_weights(lam, mu, c, K, m)
    a = c * mu
    total = wait = soj = mp.mpf(0)
    for j in range(last + 1):
        if j >= K:
            break
        rate = arrive[j] * w[j]
        total += rate
        if j < c:
            soj += rate * mp.exp(-mu * t)
            continue
        k = j - c + 1
        q = mp.gammainc(k, a * t, INF, regularized=True)
        wait += rate * q
        if c == 1:
            extra = mp.exp(-a * t) * (a * t) ** k / mp.factorial(k)
        else:
            extra = mp.exp(-mu * t) * (a / (a - mu)) ** k * mp.gammainc(k, 0, (a - mu) * t, regularized=True)
        soj += rate * (q + extra)
    return wait / total, soj / total


CASES = [
    # M/M/1
    (0.5, 1, 1, INF, INF), (0.9, 1, 1, INF, INF), (0.999, 1, 1, INF, INF),
    # M/M/c, up to c = 1e5
    (8, 4, 5, INF, INF), (90, 1, 100, INF, INF), (990, 1, 1000, INF, INF), (95000, 1, 100000, INF, INF),
    (99900, 1, 100000, INF, INF),
    # M/M/1/K, up to K = 1e6, below, at and above load 1
    (0.9, 1, 1, 10, INF), (1, 1, 1, 10, INF), (3, 2, 1, 10, INF), (0.9, 1, 1, 1000000, INF),
    (1, 1, 1, 1000000, INF), (1.1, 1, 1, 1000000, INF),
    # M/M/c/K: the textbook case, and large ones
    (8, 4, 5, 12, INF), (30, 4, 5, 40, INF), (95, 1, 100, 1000, INF), (120, 1, 100, 150, INF),
    (95000, 1, 100000, 1000000, INF), (100000, 1, 100000, 1000000, INF), (105000, 1, 100000, 1000000, INF),
    # M/M/c/c (Erlang-B)
    (8, 1, 10, 10, INF), (9500, 1, 10000, 10000, INF), (90000, 1, 100000, 100000, INF),
    # M/M/inf
    (5, 1, INF, INF, INF), (3000, 2, INF, INF, INF),
    # finite sources M/M/c/K/m (Engset where K = c)
    (0.1, 1, 3, 25, 25), (0.5, 1, 2, 6, 6), (0.05, 1, 10, 50, 200), (0.02, 1, 50, 2000, 2000),
    (0.3, 1, 5, 5, 40),
]

COLUMNS = ["arrival_rate", "service_rate", "servers", "capacity", "sources", "t", "L", "Lq", "W", "Wq",
           "throughput", "utilization", "p0", "p_wait", "p_block", "wait_survival", "sojourn_survival"]


def fmt(v):
    if v is None:
        return ""
    if v == INF:
        return "inf"
    return mp.nstr(mp.mpf(v), 25, strip_zeros=False) if v != 0 else "0"


def main():
    rows = []
    for lam, mu, c, K, m in CASES:
        measures = unlimited_sources(lam, mu, c, K) if m == INF else finite_sources(lam, mu, c, K, m)
        t = mp.mpf(1) / mu
        laws = time_laws(lam, mu, c, K, m, t)
        row = dict(arrival_rate=lam, service_rate=mu, servers=c, capacity=K, sources=m, t=t, **measures,
                   wait_survival=laws[0] if laws else None, sojourn_survival=laws[1] if laws else None)
        rows.append({k: fmt(row[k]) for k in COLUMNS})
        print(lam, mu, c, K, m, mp.nstr(row["L"], 12))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "classic.csv")
    with open(path, "w", newline="") as f:
        out = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


if __name__ == "__main__":
    main()
