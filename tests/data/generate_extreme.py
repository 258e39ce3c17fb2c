#!/usr/bin/env python3
"""Generate tests/data/extreme.csv: 50-digit references at the edges of the
domain, to measure (not only bound) the accuracy there:

* Erlang-B and Erlang-C at n = 1e9 and 1e12 servers with the load within a few
  standard deviations (sqrt(n)) of n, by mpmath's regularized incomplete gamma
  (B = pmf(n; R) / Q(n+1, R));
* Erlang-A at vanishing real staffs (n = 1e-6, 1e-12, 1e-300) by the closed forms
  of generate.py.

    python tests/data/generate_extreme.py      # ~1 minute
"""
import csv
import os

import mpmath as mp

import generate as g

HERE = os.path.dirname(os.path.abspath(__file__))
mp.mp.dps = 50


def erlang_b_big(n, R):
    n, R = mp.mpf(n), mp.mpf(R)
    log_pmf = n * mp.log(R) - R - mp.loggamma(n + 1)
    return mp.exp(log_pmf) / mp.gammainc(n + 1, R, mp.inf, regularized=True)


def main():
    with open(os.path.join(HERE, "extreme.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "agents", "arrival_rate", "aht", "patience", "target_time", "measure", "value"])
        for n in [1e9, 1e12]:
            for k in [-3.0, -0.5, 0.0, 0.5, 3.0]:
                R = float(n + k * n ** 0.5)
                b = erlang_b_big(n, R)
                w.writerow(["erlang_b", repr(n), repr(R), "1.0", "inf", "0", "erlang_b", g.nstr(b)])
                if R < n:
                    c = n * b / (n - mp.mpf(R) * (1 - b))
                    w.writerow(["erlang_c", repr(n), repr(R), "1.0", "inf", "0", "erlang_c", g.nstr(c)])
        for n in [1e-6, 1e-12, 1e-300]:
            for lam, aht, pat, t in [(100 / 1800, 180.0, 120.0, 20.0), (1.0, 1.0, 1.0, 0.5), (60.0, 10.0, 0.5, 1.0)]:
                # P(served) ~ n: 1 - P(Ab) needs more digits than 50 at n = 1e-300
                with mp.workdps(50 + int(-mp.log10(n)) + 20):
                    got = g.erlang_a(n, lam, aht, pat, t)
                for col in ["prob_wait", "prob_abandon", "occupancy", "sl_offered", "sl_answered", "sl_virtual",
                            "asa_answered", "asa_all"]:
                    w.writerow(["erlang_a", repr(n), repr(lam), repr(aht), repr(pat), repr(t), col, g.nstr(got[col])])


if __name__ == "__main__":
    main()
