#!/usr/bin/env python3
"""Generate the 50-digit reference tables that the C++ and Python tests share.

    python tests/data/generate.py          # rewrites tests/data/erlang_bc.csv, erlang_a.csv

Everything is computed with mpmath at 50 significant digits, by routes that do
not share code (or algorithms, where that is possible) with the library:

* Erlang-B at integer n: the exact recursion B_k = R B_{k-1} / (k + R B_{k-1}).
  At real n: Jagerman's B = R^n e^-R / Gamma(n+1, R) with mpmath's gammainc,
  cross-checked against the recursion at neighbouring integers (monotone).
* Erlang-A: the closed forms of docs/math/erlang_a.md §3-§9 (Mandelbaum & Zeltyn),
  with P(x, z) = f(x+1, z) * 1F1(1; x+1; z) and the 1F1 sum done term by term
  outward from its largest term (mpmath's hyp1f1/gammainc stall for x ~ 1e9).
  For small queues the results are cross-checked against the truncated
  birth-death chain solved directly (P(W>0), P(Ab), E[Q], occupancy) and the
  E[V] sum (docs/math/erlang_a.md (9.1)) against its exchanged single-sum form.

Any cross-check failure aborts the script.
"""
import csv
import math
import os
import sys

import mpmath as mp

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
TINY = mp.mpf(10) ** -60


def nstr(v):
    if v == mp.inf:
        return "inf"
    return mp.nstr(v, 25, min_fixed=-5, max_fixed=6) if v != 0 else "0"


# ---------------------------------------------------------------- Erlang-B/C
def erlang_b_recursion(n, R):
    b = mp.mpf(1)
    for k in range(1, n + 1):
        b = R * b / (k + R * b)
    return b


def erlang_b_gamma(n, R):
    return mp.exp(n * mp.log(R) - R) / mp.gammainc(n + 1, R)


def erlang_b(n, R):
    n = mp.mpf(n)
    R = mp.mpf(R)
    if R == 0:
        return mp.mpf(1) if n == 0 else mp.mpf(0)
    if n == int(n):
        return erlang_b_recursion(int(n), R)
    return erlang_b_gamma(n, R)


def erlang_c(n, R):
    n, R = mp.mpf(n), mp.mpf(R)
    if R >= n:
        return mp.mpf(1)
    if R == 0:
        return mp.mpf(0)
    b = erlang_b(n, R)
    return n * b / (n - R * (1 - b))


def bc_rows():
    rows = []
    ns = [0, 0.5, 1, 2, 2.5, 3, 7.3, 10, 14, 50, 100, 123.4, 500, 1000, 2500.5, 10000, 100000, 1000000]
    ratios = [0.01, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0, 1.01, 1.1, 1.5, 3.0]
    for n in ns:
        if n == 0:
            loads = [0.0, 0.5, 2.0]
        else:
            loads = [0.0] + [float(mp.mpf(n) * mp.mpf(r)) for r in ratios]
            if n >= 10:
                loads.append(float(n - math.sqrt(n)))  # square-root staffing point
        for R in loads:
            if isinstance(n, float) and n != int(n) and n > 5000:
                continue
            b = erlang_b(n, R)
            c = erlang_c(n, R)
            rows.append([repr(float(n)), repr(R), nstr(b), nstr(c)])
    # real-n cross-check: B is increasing in n-between? No: decreasing in n; check bracketing
    for n in [0.5, 2.5, 7.3, 123.4, 2500.5]:
        for R in [0.3 * n, n, 2 * n]:
            lo, mid, hi = erlang_b(math.floor(n), R), erlang_b(n, R), erlang_b(math.ceil(n), R)
            assert hi <= mid <= lo, (n, R)
    # gammainc route equals the recursion at integers
    for n, R in [(10, 5), (14, 10), (100, 95), (1000, 1010)]:
        a, b = erlang_b_recursion(n, mp.mpf(R)), erlang_b_gamma(mp.mpf(n), mp.mpf(R))
        assert abs(a - b) <= mp.mpf(10) ** -40 * a, (n, R)
    return rows


# ---------------------------------------------------------------- Erlang-A
def kummer_terms(x, z):
    """Yield (m, t_m) for 1F1(1; x+1; z) = sum_m t_m, t_m = prod z/(x+i), starting at the
    largest term and walking outward until terms are below 1e-55 of the running sum."""
    m0 = max(0, int(mp.floor(z - x)))
    # log t_{m0} = m0 log z - (lgamma(x+m0+1) - lgamma(x+1))
    log_t0 = m0 * mp.log(z) - (mp.loggamma(x + m0 + 1) - mp.loggamma(x + 1)) if z > 0 else mp.mpf(0)
    return m0, log_t0


def kummer_sum(x, z, weight=None):
    """sum_m t_m scaled by 1/t_{m0}; returns (scaled sum, log t_{m0}), and with weight=True
    also sum_m t_m G_m (same scale), G_m = sum_{j=1..m} 1/(x+j)."""
    if weight is None:
        weight_fn = lambda m, G: 0
    else:
        weight_fn = lambda m, G: G
    res = _kummer(x, z, weight_fn)
    return res if weight else res[1:]


def _kummer(x, z, weight):
    if z == 0:
        return mp.mpf(0), mp.mpf(1), mp.mpf(0)
    m0, log_t0 = kummer_terms(x, z)
    G0 = mp.fsum(1 / (x + j) for j in range(1, m0 + 1)) if m0 < 200000 else (mp.digamma(x + m0 + 1) - mp.digamma(x + 1))
    total = mp.mpf(weight(m0, G0))
    norm = mp.mpf(1)
    weight = weight
    w, G, m = mp.mpf(1), G0, m0
    while True:  # upward
        m += 1
        w *= z / (x + m)
        G += 1 / (x + m)
        total += w * weight(m, G)
        norm += w
        if w < mp.eps * mp.mpf(10) ** -6 * norm:
            break
    w, G, m = mp.mpf(1), G0, m0
    while m > 0:  # downward
        w *= (x + m) / z
        G -= 1 / (x + m)
        m -= 1
        total += w * weight(m, G)
        norm += w
        if w < mp.eps * mp.mpf(10) ** -6 * norm:
            break
    return total, norm, log_t0


def log_f(s, z):
    """log f(s, z) = log(z^(s-1) e^-z / Gamma(s))."""
    return (s - 1) * mp.log(z) - z - mp.loggamma(s)


_P_CACHE = {}


def P(s, z):
    """Regularized lower incomplete gamma: f(s+1, z) * 1F1(1; s+1; z), cached; P(s+1, z) comes
    from P(s, z) by the exact recurrence P(s+1, z) = P(s, z) - f(s+1, z) (DLMF 8.8.5)."""
    if z == 0:
        return mp.mpf(0)
    key = (s, z)
    if key not in _P_CACHE:
        if (s - 1, z) in _P_CACHE:
            _P_CACHE[key] = _P_CACHE[(s - 1, z)] - mp.exp(log_f(s, z))
        else:
            scaled, log_t0 = kummer_sum(s, z)
            _P_CACHE[key] = mp.exp(log_f(s + 1, z) + log_t0) * scaled
    return _P_CACHE[key]


def Q_cf(s, z):
    """Regularized upper incomplete gamma by Legendre's continued fraction (DLMF 8.9.2),
    evaluated bottom-up at the working precision; for z well above s, where it converges fast."""
    # Number of terms: enough that a further doubling changes nothing at this precision.
    def evaluate(k):
        tail = mp.mpf(0)
        for i in range(k, 0, -1):
            tail = i * (i - s) / (z + 2 * i + 1 - s - tail)
        return 1 / (z + 1 - s - tail)

    k = 64
    prev = evaluate(k)
    while True:
        k *= 2
        cur = evaluate(k)
        if abs(cur - prev) <= mp.eps * abs(cur):
            break
        prev = cur
    return mp.exp(s * mp.log(z) - z - mp.loggamma(s)) * cur


def Q_upper(s, z):
    """Q(s, z) for z well above s: mpmath's gammainc, or where it gives up (values like
    1e-100000) the continued fraction; the two are cross-checked where both answer."""
    try:
        v = mp.gammainc(s, z, regularized=True)
    except (ValueError, mp.libmp.NoConvergence):
        return Q_cf(s, z)
    if s < 1e5:
        w = Q_cf(s, z)
        assert abs(v - w) <= mp.mpf(10) ** -40 * abs(v), (s, z, v, w)
    return v


def gamma_lower(s, z):
    return P(s, z) * mp.gamma(s)


def erlang_a(n, lam, aht, pat, t):
    n, lam, aht, pat, t = map(mp.mpf, (n, lam, aht, pat, t))
    mu, theta = 1 / aht, 1 / pat
    R = lam * aht
    x, y = n * mu / theta, lam / theta
    yt = y * mp.exp(-theta * t)
    E = erlang_b(n, R)
    Pxy = P(x, y)
    A = Pxy / mp.exp(log_f(x + 1, y))  # A(x,y) = P(x,y)/f(x+1,y)
    pw = A * E / (1 + (A - 1) * E)
    rho = R / n
    S1 = (y - x) * A + x
    pab_w = S1 / (y * A)
    pab = pw * pab_w
    occ = rho * (1 - pab)
    ew = pab / theta
    eq = lam * ew
    # Service levels (docs/math/erlang_a.md (8.5)-(8.7)). In heavy overload they can be 1e-130 or smaller, below
    # the ~1e-48 noise of "1 - P(W>0) + ..." at 50 digits, so every difference is formed
    # without cancellation: 1 - P(W>0) = (1 - E)/(1 + (A - 1) E) exactly, and
    # P(s,y) - P(s,y') = Q(s,y') - Q(s,y) with mpmath's upper gammainc when y' is well
    # above s (where it is fast and both Q values are small).
    no_wait = (1 - E) / (1 + (A - 1) * E)

    def p_diff(s_, hi, lo):  # P(s_, hi) - P(s_, lo), hi > lo
        if lo > s_ + 1 + 10 * mp.sqrt(s_):
            return Q_upper(s_, lo) - Q_upper(s_, hi)
        return P(s_, hi) - P(s_, lo)

    served_le = no_wait + pw * (x / y) * p_diff(x + 1, y, yt) / Pxy
    sl_virtual = no_wait + pw * p_diff(x, y, yt) / Pxy
    ab_le = pw / (y * gamma_lower(x, y)) * (
        (y * gamma_lower(x, y) - gamma_lower(x + 1, y)) - (yt * gamma_lower(x, yt) - gamma_lower(x + 1, yt)))
    sl_offered = served_le
    if served_le > mp.mpf(10) ** -20:  # the textbook form agrees where it is not cancelling
        textbook = 1 - pw + pw * (x / y) * (P(x + 1, y) - P(x + 1, yt)) / Pxy
        assert abs(textbook - served_le) <= mp.mpf(10) ** -40, (n, lam, pat, t)
    sl_answered = served_le / (1 - pab)
    sl_excl = served_le / (1 - ab_le)
    # mean waits: E[V] = (pw/theta) sum_j P(x+j,y)/((x+j) P(x,y)) = (pw/theta) sum_m t_m H_m / A,
    # H_m = sum_{j=0..m} 1/(x+j) (exchanged order); E[W;S] likewise with sum_{j=1..m}.
    num, den, _ = kummer_sum(x, y, weight=True)
    gbar = num / den
    ev = pw / theta * (1 / x + gbar)
    ews = pw * x / (theta * y) * gbar
    asa_answered = ews / (1 - pab)
    return dict(prob_wait=pw, prob_abandon=pab, prob_abandon_given_wait=pab_w, occupancy=occ,
                mean_queue_length=eq, sl_offered=sl_offered, sl_answered=sl_answered,
                sl_virtual=sl_virtual, sl_excl_short_abandons=sl_excl, asa_answered=asa_answered,
                asa_all=ew, asa_virtual=ev, _x=x, _y=y)


def chain_check(n, lam, aht, pat, got):
    """Solve the truncated birth-death chain of M/M/n+M directly."""
    n_int = int(n)
    mu, theta, lam = 1 / mp.mpf(aht), 1 / mp.mpf(pat), mp.mpf(lam)
    w = [mp.mpf(1)]
    k = 0
    while True:
        k += 1
        death = min(k, n_int) * mu + max(0, k - n_int) * theta
        w.append(w[-1] * lam / death)
        if k > n_int and w[-1] < mp.mpf(10) ** -60 * sum(w):
            break
    Z = mp.fsum(w)
    pi = [v / Z for v in w]
    pw = mp.fsum(pi[n_int:])
    eq = mp.fsum((j - n_int) * pi[j] for j in range(n_int, len(pi)))
    pab = theta * eq / lam
    busy = mp.fsum(min(j, n_int) * pi[j] for j in range(len(pi))) / n_int
    for name, v in [("prob_wait", pw), ("prob_abandon", pab), ("mean_queue_length", eq), ("occupancy", busy)]:
        assert abs(v - got[name]) <= mp.mpf(10) ** -40 * abs(v), (name, n, lam, aht, pat, v, got[name])


def ev_direct_check(got, n, pat):
    """E[V] by the double sum of docs/math/erlang_a.md (9.1), term by term (only where it is short)."""
    x, y = got["_x"], got["_y"]
    Pxy = P(x, y)
    terms = []
    j = 0
    while True:
        term = P(x + j, y) / ((x + j) * Pxy)
        terms.append(term)
        j += 1
        if term < mp.mpf(10) ** -45 * mp.fsum(terms) and x + j > y:
            break
    ev = got["prob_wait"] * mp.mpf(pat) * mp.fsum(terms)
    assert abs(ev - got["asa_virtual"]) <= mp.mpf(10) ** -35 * ev, (n, pat, ev, got["asa_virtual"])


A_COLUMNS = ["prob_wait", "prob_abandon", "prob_abandon_given_wait", "occupancy", "mean_queue_length",
             "sl_offered", "sl_answered", "sl_virtual", "sl_excl_short_abandons", "asa_answered",
             "asa_all", "asa_virtual"]


def a_rows():
    rows = []
    aht = 180.0
    for n in [1, 3, 14, 100, 1000, 10000, 100000]:
        for pat_ratio in [1e-3, 0.1, 1.0, 10.0, 1e4]:
            for rho in [0.5, 0.9, 1.0, 1.2, 2.0]:
                if n >= 10000 and pat_ratio == 1e4 and rho >= 1.2:
                    continue  # about 1e9 terms each side of the peak: out of reach at 50 digits
                lam = rho * n / aht
                pat = pat_ratio * aht
                for t in [20.0, 90.0]:
                    if t == 90.0 and n not in (3, 100, 10000):
                        continue
                    got = erlang_a(n, lam, aht, pat, t)
                    if n <= 100 and pat_ratio <= 10:
                        chain_check(n, lam, aht, pat, got)
                    if n <= 14 and pat_ratio <= 10 and t == 20.0:
                        ev_direct_check(got, n, pat)
                    rows.append([repr(float(n)), repr(lam), repr(aht), repr(pat), repr(t)] +
                                [nstr(got[c]) for c in A_COLUMNS])
                    print(n, pat_ratio, rho, t, file=sys.stderr, flush=True)
    return rows


def main():
    with open(os.path.join(HERE, "erlang_bc.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["servers", "load", "erlang_b", "erlang_c"])
        w.writerows(bc_rows())
    with open(os.path.join(HERE, "erlang_a.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agents", "arrival_rate", "aht", "patience", "target_time"] + A_COLUMNS)
        w.writerows(a_rows())


if __name__ == "__main__":
    main()
