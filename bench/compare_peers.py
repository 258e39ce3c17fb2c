#!/usr/bin/env python3
"""erlangkit against the tools people use today, side by side in one run.

    python bench/compare_peers.py            # sets up build/peers-venv, then measures

Creates its own venv (Python >= 3.12, which pyworkforce 0.5.4 requires) with
pyworkforce, scipy, mpmath and erlangkit built from this tree, and prints one
table: workload, erlangkit, peer, ratio, and accuracy against 50-digit mpmath.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
VENV = ROOT / "build" / "peers-venv"


def find_python312():
    pyenv = sorted(pathlib.Path(os.path.expanduser("~/.pyenv/versions")).glob("3.1[2-9]*/bin/python"))
    for exe in [*map(str, pyenv), shutil.which("python3.13"), shutil.which("python3.12")]:
        if exe and subprocess.run([exe, "-c", "import sys; assert sys.version_info >= (3, 12)"],
                                  capture_output=True).returncode == 0:
            return exe
    sys.exit("compare_peers: pyworkforce 0.5.4 needs Python >= 3.12 and none was found")


def setup():
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.check_call([find_python312(), "-m", "venv", str(VENV)])
    subprocess.check_call([str(py), "-m", "pip", "install", "-q", "pyworkforce==0.5.4", "scipy", "mpmath", str(ROOT)])
    os.execv(str(py), [str(py), __file__, "--worker"])


def best_of(f, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def worker():
    import mpmath as mp
    import numpy as np
    import scipy
    import scipy.special as sc
    from pyworkforce.queuing import ErlangA, ErlangC

    import erlangkit as ek

    mp.mp.dps = 50
    rows = []

    def erlang_c_ref(n, R):
        if R >= n:
            return mp.mpf(1)  # overload: everybody waits
        b = mp.mpf(1)
        for k in range(1, n + 1):
            b = R * b / (k + R * b)
        return n * b / (n - R * (1 - b))

    def rel(got, want):
        return float(abs((mp.mpf(got) - want) / want))

    # 1. A 96-interval day, peak 60 Erlangs, AHT 300 s, 80% within 20 s.
    i = np.arange(96)
    erlangs = 2 + 58 * np.exp(-0.5 * ((i - 40) / 12.0) ** 2)
    calls = erlangs * 900 / 300
    for label, patience in (("Erlang-C", None), ("Erlang-A, patience 180 s", 180.0)):
        def peer():
            out = []
            for c in calls:
                q = ErlangC(transactions=c, aht=300, asa=20, interval=900) if patience is None else \
                    ErlangA(transactions=c, aht=300, asa=20, interval=900, patience=patience)
                out.append(q.required_positions(service_level=0.8)["raw_positions"])
            return out

        def ours():
            return ek.agents_for_service_level(0.8, 20, calls / 900, 300, patience=patience or np.inf)

        t_peer = best_of(peer, 3 if patience is None else 1)
        t_ours = best_of(ours, 50)
        same = np.array_equal(np.asarray(peer(), dtype=np.int64) if patience is None else np.asarray(peer()), ours())
        rows.append((f"staff 96 intervals, {label}", t_ours, t_peer, "pyworkforce 0.5.4",
                     "same agents in every interval" if same else "AGENT COUNTS DIFFER"))

    # 2. P(wait) for one queue at 100 and 10,000 Erlangs.
    for R in (100, 10000):
        n = int(R + np.sqrt(R))
        q = ErlangC(transactions=R * 900 / 300, aht=300, asa=20, interval=900)
        t_peer = best_of(lambda: q.waiting_probability(positions=n), 20)
        t_ours = best_of(lambda: ek.prob_wait(n, R / 300, 300), 2000)
        want = erlang_c_ref(n, mp.mpf(R))
        acc = f"erlangkit {rel(ek.prob_wait(n, R / 300, 300), want):.1e}, peer {rel(q.waiting_probability(positions=n), want):.1e}"
        rows.append((f"P(wait) at {R} Erlangs, n = {n}", t_ours, t_peer, "pyworkforce 0.5.4", acc))

    # 3. erlang_c over a million (servers, load) pairs.
    rng = np.random.default_rng(42)
    ns = np.floor(1 + 999 * rng.random(1_000_000))
    loads = ns * (0.5 + 0.6 * rng.random(ns.size))

    def scipy_erlang_c(n, R):
        b = np.exp(n * np.log(R) - R - sc.gammaln(n + 1)) / sc.gammaincc(n + 1, R)
        return n * b / (n - R * (1 - b))

    t_peer = best_of(lambda: scipy_erlang_c(ns, loads), 3)
    t_ours = best_of(lambda: ek.erlang_c(ns, loads), 3)
    sample = rng.choice(np.flatnonzero(loads < ns), 300, replace=False)  # stable queues: C < 1
    refs = [erlang_c_ref(int(ns[j]), mp.mpf(loads[j])) for j in sample]
    ours_s, peer_s = ek.erlang_c(ns[sample], loads[sample]), scipy_erlang_c(ns[sample], loads[sample])
    worst = lambda vals: max(rel(v, w) for v, w in zip(vals, refs) if w > 0)  # noqa: E731
    rows.append(("erlang_c, 1e6 pairs from Python", t_ours, t_peer, f"numpy/scipy {scipy.__version__} formula",
                 f"erlangkit {worst(ours_s):.1e}, peer {worst(peer_s):.1e} (300 stable pairs)"))

    print(f"erlangkit {ek.__version__}, Python {sys.version.split()[0]}, threads {ek.get_num_threads()}, "
          f"{os.cpu_count()} CPUs")
    print(f"| workload | erlangkit | peer | peer time | ratio | accuracy vs mpmath |")
    print("|---|---|---|---|---|---|")
    fmt = lambda s: f"{s * 1e6:.1f} us" if s < 1e-3 else f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"  # noqa: E731
    for name, ours_t, peer_t, peer, acc in rows:
        ratio = peer_t / ours_t
        print(f"| {name} | {fmt(ours_t)} | {peer} | {fmt(peer_t)} | {ratio:,.1f}x | {acc} |" if ratio < 10 else
              f"| {name} | {fmt(ours_t)} | {peer} | {fmt(peer_t)} | {ratio:,.0f}x | {acc} |")


if __name__ == "__main__":
    worker() if "--worker" in sys.argv else setup()
