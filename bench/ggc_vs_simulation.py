"""The G/G/c approximations of erlangkit.ggc_approximation against a seeded simulation
(python/tests/oracles/ggc_simulate.py): the table of docs/ggc.md.

    PYTHONPATH=python:python/tests python bench/ggc_vs_simulation.py

Each row: a queue (c servers, load rho, interarrival cv ca, service cv cs), the simulated
mean wait with its 99% interval, and each method's relative error against it."""
import itertools
import sys

import erlangkit as ek
from oracles.ggc_simulate import simulate_ggc

CASES = list(itertools.product([1, 5], [0.7, 0.9], [0.5, 1.0, 2.0], [0.0, 0.5, 2.0]))


def main(customers=400_000):
    print("| c | rho | ca | cs | simulated Wq (99%) | Allen-Cunneen | Kingman | KLB |")
    print("|---|---|---|---|---|---|---|---|")
    worst = {}
    for c, rho, ca, cs in CASES:
        est = simulate_ggc(rho * c, 1.0, c, ca, cs, customers=customers, seed=11)
        cells = []
        for method in ("allen_cunneen", "kingman", "kraemer_langenbach_belz"):
            if method != "allen_cunneen" and c != 1:
                cells.append("")
                continue
            wq = ek.ggc_approximation(rho * c, 1.0, servers=c, ca=ca, cs=cs, method=method).Wq
            err = (wq - est.mean) / est.mean
            worst[method] = max(worst.get(method, 0.0), abs(err))
            cells.append(f"{err:+.1%}")
        print(f"| {c} | {rho} | {ca} | {cs} | {est.mean:.4g} ± {est.half_width:.2g} | " + " | ".join(cells) + " |")
    print()
    print("worst |relative error|: " + ", ".join(f"{k} {v:.1%}" for k, v in worst.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400_000)
