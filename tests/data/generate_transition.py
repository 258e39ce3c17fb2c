#!/usr/bin/env python3
"""Generate tests/data/erlang_a_transition.csv: Erlang-A probes at the
transition (offered load within a hair of the agents) where x = n patience/aht
is large, the regime where the service level depends on y - x at the scale of
sqrt(x) and a rounded y' loses digits (the reliability issue's random search
found 31 of 600 such probes above 1e-12). Same columns and same 50-digit
closed forms as erlang_a.csv (generate.py's erlang_a).

    python tests/data/generate_transition.py     # ~4 minutes
"""
import csv
import os
import sys

import generate as g

HERE = os.path.dirname(os.path.abspath(__file__))


def rows():
    out = []
    aht = 1.0
    for n in [1000.0, 10000.0]:
        for pat in [10.0, 1000.0]:
            for delta in [-1e-3, -1e-5, -2e-9, 0.0, 2e-9, 1e-5, 1e-3]:
                lam = n * (1 + delta) / aht
                for t in [3e-6, 1e-3, 0.1]:
                    got = g.erlang_a(n, lam, aht, pat, t)
                    out.append([repr(n), repr(lam), repr(aht), repr(pat), repr(t)] + [g.nstr(got[c]) for c in g.A_COLUMNS])
                    print(n, pat, delta, t, file=sys.stderr, flush=True)
    # the issue's own probe (x = 1e9)
    got = g.erlang_a(100000.0, 100000.0002, 1.0, 10000.0, 3.0000002477711128e-06)
    out.append(["100000.0", "100000.0002", "1.0", "10000.0", "3.0000002477711128e-06"] +
               [g.nstr(got[c]) for c in g.A_COLUMNS])
    return out


def main():
    with open(os.path.join(HERE, "erlang_a_transition.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agents", "arrival_rate", "aht", "patience", "target_time"] + g.A_COLUMNS)
        w.writerows(rows())


if __name__ == "__main__":
    main()
