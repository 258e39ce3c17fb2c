#!/usr/bin/env python3
"""Generate tests/data/redialing.csv and tests/data/erlang_b_extended.csv: 50-digit
references for redials (models/redialing.hpp, docs/math/redialing.md).

    python tests/data/generate_redialing.py

Erlang-X rows (finite lines, exponential patience, redial r): the total rate L
of the fixed point L = lambda + r L p(L), p = P(Ab) + P(blocked), is found at
50 digits by a bracketed root search on [lambda, lambda/(1 - r)] where p comes
from the birth-death chain's stationary law (its product form, at 60 digits);
every measure at L then comes from the chains of generate_finite_lines.py
(balance equations solved as a linear system, the tagged caller's absorbing
chain). Nothing here uses the library's formulas.

Extended Erlang-B rows: B(n, a) = a^n e^-a / Gamma(n + 1, a) (Jagerman's
extension, exact at whole n) at 50 digits, and the same fixed point on the
offered load a = L aht.
"""
import csv
import itertools
import os

import mpmath as mp

from generate_finite_lines import COLUMNS, measures, nstr

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))


def fixed_point(lam, r, lost):
    """L with L (1 - r lost(L)) = lam, to 50 digits; lost(L) in [0, 1]."""
    if r == 0 or lam == 0:
        return lam
    g = lambda L: L * (1 - r * lost(L)) - lam
    a, b = lam, lam / (1 - r)
    if g(a) >= 0:
        return a
    for _ in range(400):  # bisection to 2^-400 of the bracket: far below 50 digits
        mid = (a + b) / 2
        if g(mid) >= 0:
            b = mid
        else:
            a = mid
        if b - a < mp.mpf(10) ** -55 * b:
            break
    return b


def chain_lost(n, N, aht, patience):
    """p(L) = P(blocked) + P(Ab) of M/M/n/N+M from the product form of its
    stationary law."""
    mu = 1 / aht
    theta = mp.mpf(0) if patience == mp.inf else 1 / patience

    def lost(lam):
        w = [mp.mpf(1)]
        for k in range(1, N + 1):
            w.append(w[-1] * lam / (min(k, n) * mu + max(k - n, 0) * theta))
        total = sum(w)
        e_q = sum((k - n) * w[k] for k in range(n, N + 1)) / total
        return w[N] / total + theta * e_q / lam

    return lost


def erlang_x_cases():
    aht = mp.mpf(180)
    times = itertools.cycle([mp.mpf(9), mp.mpf(20), mp.mpf(90), mp.mpf(400)])
    for n, K, rho, pat, r in itertools.product([1, 4, 12, 30], [0, 3, 15], ["0.8", "1.3"], ["0.2", "3", "inf"],
                                               ["0.25", "0.8"]):
        lam = mp.mpf(rho) * n / aht
        patience = mp.inf if pat == "inf" else mp.mpf(pat) * aht
        yield n, n + K, lam, aht, patience, mp.mpf(r), next(times)


def erlang_x_rows():
    rows = []
    for n, N, lam, aht, patience, r, t in erlang_x_cases():
        with mp.workdps(60):
            L = fixed_point(lam, r, chain_lost(n, N, aht, patience))
        m = measures(n, N, L, aht, patience, t)
        p = m["prob_blocked"] + m["prob_abandon"]
        m["total_arrival_rate"] = L
        m["prob_finally_lost"] = (1 - r) * p / (1 - r * p)
        rows.append([str(n), str(N), nstr(lam), nstr(aht), nstr(patience), nstr(r), nstr(t)] +
                    [nstr(m[c]) for c in COLUMNS + ["total_arrival_rate", "prob_finally_lost"]])
    with open(os.path.join(HERE, "redialing.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agents", "lines", "arrival_rate", "aht", "patience", "redial", "target_time"] + COLUMNS +
                   ["total_arrival_rate", "prob_finally_lost"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to redialing.csv")


def erlang_b(n, a):
    return mp.exp(n * mp.log(a) - a) / mp.gammainc(n + 1, a)


def erlang_b_cases():
    for n, rho, r in itertools.product(["1", "2.5", "10", "37.5", "100", "1000", "20000"], ["0.3", "0.95", "1.5", "4"],
                                       ["0.1", "0.5", "0.9"]):
        yield mp.mpf(n), mp.mpf(rho) * mp.mpf(n), mp.mpf(r)
    yield mp.mpf(1000), mp.mpf(1500), mp.mpf("0.2")  # the published case (external_cases.csv BX1)


def erlang_b_rows():
    rows = []
    for n, load, r in erlang_b_cases():
        with mp.workdps(60):
            a = fixed_point(load, r, lambda x: erlang_b(n, x))
            b = erlang_b(n, a)
        rows.append([nstr(n), nstr(load), nstr(r), nstr(b), nstr(a), nstr((1 - r) * b / (1 - r * b))])
    with open(os.path.join(HERE, "erlang_b_extended.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["servers", "load", "redial", "blocking", "total_load", "prob_finally_lost"])
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to erlang_b_extended.csv")


def main():
    erlang_b_rows()
    erlang_x_rows()


if __name__ == "__main__":
    main()
