"""Issue 10's models against the other routes a user has: the Markov chain solved
numerically (python/tests/oracles/queues.py) and a discrete-event simulation
(python/tests/oracles/simulate.py), in one run, side by side.

    pip install .[test]   # numpy, scipy
    python bench/models_vs_oracles.py

For each case: erlangkit's time per call (P(Ab) or blocking, the median of
repeated timings), the chain's build-and-solve time, and the simulation's time
with the half-width of its 99% interval on the same number; the last column
scales the simulation to the half-width 1e-4 (time grows as 1/half-width^2),
still ten million times coarser than the 1e-10 of the library and the chain.
"""
from __future__ import annotations

import math
import os
import statistics
import sys
import time

import erlangkit as ek

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python", "tests"))
from oracles import queues, simulate  # noqa: E402


def per_call(f, min_time=0.2):
    """Median seconds per call of f() over batches lasting ~min_time/5 each."""
    reps, samples = 1, []
    while True:
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        dt = time.perf_counter() - t0
        if dt > min_time / 5:
            break
        reps *= 4
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        samples.append((time.perf_counter() - t0) / reps)
    return statistics.median(samples)


def once(f):
    t0 = time.perf_counter()
    value = f()
    return value, time.perf_counter() - t0


def row(name, lib, chain, sim, key):
    value = lib()
    t_lib = per_call(lib)
    if chain is not None:
        c, t_chain = once(chain)
        chain_txt = f"{c:.10g} in {t_chain * 1e3:.1f} ms"
    else:
        chain_txt = "no finite chain"
    est, t_sim = once(sim)
    e = est[key]
    hw = (e.high - e.low) / 2
    scaled = t_sim * (hw / 1e-4) ** 2
    print(f"| {name} | {value:.10g} | {t_lib * 1e6:.1f} us | {chain_txt} | "
          f"{e.mean:.5f} +- {hw:.5f} in {t_sim:.1f} s | {scaled / 60:.0f} min |")


def main():
    print("| case | erlangkit | per call | chain | simulation (99% CI) | simulation to +-1e-4 |")
    print("|---|---|---|---|---|---|")
    n, aht = 20, 1.0
    lam = 19.0
    # M/M/n+G: deterministic and lognormal patience have no finite chain.
    d = ek.patience.deterministic(0.5)
    row("M/M/20+D, 19/s, patience 0.5: P(Ab)",
        lambda: ek.prob_abandon(n, lam, aht, patience=d), None,
        lambda: simulate.simulate(n, lam, aht, patience=simulate.deterministic(0.5), batches=30, seed=1),
        "prob_abandon")
    ln = ek.patience.lognormal(0.5, 1.0)
    row("M/M/20+LN(0.5, cv 1), 19/s: P(Ab)",
        lambda: ek.prob_abandon(n, lam, aht, patience=ln), None,
        lambda: simulate.simulate(n, lam, aht, patience=simulate.lognormal(0.5, 1.0), batches=30, seed=2),
        "prob_abandon")
    # Erlang-2 patience: a chain exists (phase type), but it grows as 2^(waiting
    # places): only light queues (the oracle refuses past 10^4 states).
    e2 = ek.patience.gamma(0.5, 1 / math.sqrt(2))
    row("M/M/2+E2(0.5), 0.8/s: P(Ab)",
        lambda: ek.prob_abandon(2, 0.8, aht, patience=e2),
        lambda: queues.mmn(2, 0.8, aht, patience=queues.PhaseType.erlang(2, 0.5), tol=1e-13).prob_abandon(),
        lambda: simulate.simulate(2, 0.8, aht, patience=simulate.erlang(2, 0.5), batches=30, seed=3),
        "prob_abandon")
    # Erlang-X: finite lines, exponential patience, redials.
    row("Erlang-X 20 agents, 24 lines, 19/s, patience 2, redial 0.5: P(blocked)",
        lambda: ek.prob_blocked(n, lam, aht, 2.0, lines=24, redial=0.5),
        lambda: queues.erlang_x(n, lam, aht, patience=2.0, lines=24, redial=0.5).prob_blocked(),
        lambda: simulate.simulate(n, lam, aht, patience=simulate.exponential(2.0), lines=24, redial=0.5,
                                  redial_delay=50.0, batches=30, seed=4),
        "prob_blocked")
    # Chat, three chats an agent.
    chat_aht = [1.0, 1.4, 2.0]
    row("chat 10 agents x 3, 13/s, patience 1: P(Ab)",
        lambda: ek.chat.prob_abandon(10, 13.0, chat_aht, patience=1.0),
        lambda: queues.chat(10, 13.0, chat_aht, patience=1.0).prob_abandon(),
        lambda: simulate.simulate(10, 13.0, 1.0, patience=simulate.exponential(1.0), chat_aht=chat_aht,
                                  batches=30, seed=5),
        "prob_abandon")
    # Blending: 10 agents, 2 kept idle for inbound, outbound jobs of 2 handle times.
    row("blend 10 agents, 7/s, threshold 2, outbound_aht 2, patience 2: P(Ab)",
        lambda: ek.blend.prob_abandon(10, 7.0, 1.0, threshold=2, outbound_aht=2.0, patience=2.0),
        lambda: queues.blend(10, 7.0, 1.0, 2.0, 2, patience=2.0).prob_abandon(),
        lambda: simulate.simulate(10, 7.0, 1.0, patience=simulate.exponential(2.0), threshold=2, outbound_aht=2.0,
                                  batches=30, seed=6),
        "prob_abandon")


if __name__ == "__main__":
    main()
