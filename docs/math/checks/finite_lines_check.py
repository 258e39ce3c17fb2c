#!/usr/bin/env python3
"""Check the closed forms of docs/math/finite_lines.md and docs/math/erlang_a.md
against the birth-death chain solved directly, at 50 significant digits.

    python docs/math/checks/finite_lines_check.py      # needs mpmath; prints one line per case

Nothing here shares a formula with the pages it checks:

* the stationary law pi comes from solving pi G = 0, sum pi = 1 for the generator G
  of M/M/n/N+M (no product form);
* what happens to one admitted caller is a second, absorbing Markov chain on
  "number of callers ahead" with exits "served" and "abandoned"; its transition
  probabilities come from the matrix exponential, its absorption probabilities
  and expected occupation times from linear solves;
* PASTA weights the caller's starting state by pi.

The closed forms use the page's notation: x = n mu/theta, y = lambda/theta,
t_k(z) = prod_{i<=k} z/(x+i), K = N - n waiting places, y' = y e^{-theta t},
D = y - y', g = (y'/y)^x e^{D}. Erlang-A (N = infinity) is checked as the
chain with a waiting room so long that its truncation is below 1e-45.
Any disagreement above 1e-30 (relative) aborts the script.
"""
import sys

import mpmath as mp

mp.mp.dps = 50
TOL = mp.mpf(10) ** -30


# ------------------------------------------------------------------ the chain
def stationary(n, N, lam, mu, th):
    """pi of M/M/n/N+M from the generator (states 0..N), by a linear solve."""
    size = N + 1
    G = mp.zeros(size, size)
    for j in range(size):
        if j < N:
            G[j, j + 1] = lam
        if j > 0:
            G[j, j - 1] = min(j, n) * mu + max(0, j - n) * th
        G[j, j] = -sum(G[j, i] for i in range(size) if i != j)
    # pi G = 0 with the last balance equation replaced by sum pi = 1
    M = G.T
    for i in range(size):
        M[size - 1, i] = 1
    rhs = mp.zeros(size, 1)
    rhs[size - 1] = 1
    return mp.lu_solve(M, rhs)


def caller_chain(n, K, mu, th, patient):
    """Generator of one admitted caller who waits: transient states j = 0..K-1
    (callers ahead of it), then 'served' (index K) and 'abandoned' (K+1).
    Ahead of it, j callers leave at n mu + j theta; it abandons itself at
    theta unless `patient` (the offered wait V)."""
    size = K + 2
    G = mp.zeros(size, size)
    for j in range(K):
        if j > 0:
            G[j, j - 1] = n * mu + j * th
        else:
            G[j, K] = n * mu
        if not patient:
            G[j, K + 1] = th
        G[j, j] = -sum(G[j, i] for i in range(size) if i != j)
    return G


def chain_measures(n, N, lam, mu, th, t):
    K = N - n
    pi = stationary(n, N, lam, mu, th)
    no_wait = mp.fsum(pi[j] for j in range(n))
    block = pi[N]
    wait = mp.fsum(pi[n + k] for k in range(K))
    eq = mp.fsum(k * pi[n + k] for k in range(K + 1))
    out = dict(block=block, wait=wait, eq=eq)
    if K == 0:
        out.update(abandon=mp.mpf(0), served=no_wait)
        return out
    Gw = caller_chain(n, K, mu, th, patient=False)
    Gv = caller_chain(n, K, mu, th, patient=True)
    Ew, Ev = mp.expm(Gw * t), mp.expm(Gv * t)
    # Absorption probabilities and expected time in each transient state.
    T = mp.matrix([[-Gw[i, j] for j in range(K)] for i in range(K)])
    Tv = mp.matrix([[-Gv[i, j] for j in range(K)] for i in range(K)])
    Nw, Nv = T ** -1, Tv ** -1
    h_serve = Nw * mp.matrix([Gw[i, K] for i in range(K)])  # P(served | j ahead)
    h_ab = Nw * mp.matrix([Gw[i, K + 1] for i in range(K)])
    start = [pi[n + k] for k in range(K)]
    served = no_wait + mp.fsum(start[k] * h_serve[k] for k in range(K))
    abandon = mp.fsum(start[k] * h_ab[k] for k in range(K))
    out.update(
        abandon=abandon,
        served=served,
        served_within=no_wait + mp.fsum(start[k] * Ew[k, K] for k in range(K)),
        abandon_within=mp.fsum(start[k] * Ew[k, K + 1] for k in range(K)),
        virtual_tail=mp.fsum(start[k] * Ev[k, j] for k in range(K) for j in range(K)),
        mean_wait_admitted=mp.fsum(start[k] * Nw[k, j] for k in range(K) for j in range(K)) / (1 - block),
        mean_virtual_admitted=mp.fsum(start[k] * Nv[k, j] for k in range(K) for j in range(K)) / (1 - block),
        mean_wait_served=mp.fsum(start[k] * Nw[k, j] * h_serve[j] for k in range(K) for j in range(K)),
        transition=Ev,  # p_{k->j}(t) of the offered-wait chain
        served_given_k=h_serve,
        served_by_t_given_k=[Ew[k, K] for k in range(K)],
    )
    return out


# ------------------------------------------------------------ closed forms
def erlang_b(n, R):
    return mp.exp(n * mp.log(R) - R) / mp.gammainc(n + 1, R)  # Jagerman


def P(s, z):
    return mp.gammainc(s, 0, z, regularized=True)


def Q(s, z):
    return mp.gammainc(s, z, mp.inf, regularized=True)


def f(s, z):
    return mp.exp((s - 1) * mp.log(z) - z - mp.loggamma(s))


def t_k(x, z, k):
    return mp.exp(k * mp.log(z) + mp.loggamma(x + 1) - mp.loggamma(x + k + 1))


def upper_ratio(s, z):
    """K(s, z) = Gamma(s, z) / (z^s e^-z)."""
    return mp.gammainc(s, z, mp.inf) / (z**s * mp.exp(-z))


def I(a, b, q):
    """Regularized incomplete beta function I_q(a, b)."""
    return mp.betainc(a, b, 0, q, regularized=True)


def harmonic(x, lo, hi):
    """sum_{j=lo..hi} 1/(x+j)."""
    return mp.fsum(1 / (x + j) for j in range(lo, hi + 1))


def finite_lines_forms(n, N, lam, mu, th, t):
    """The closed forms of finite_lines.md (K = N - n waiting places)."""
    R, x, y, K = lam / mu, n * mu / th, lam / th, N - n
    E = erlang_b(n, R)
    A_K = (P(x, y) - P(x + K + 1, y)) / f(x + 1, y)  # section 4
    tK = t_k(x, y, K)
    pin = 1 / (1 / E - 1 + A_K)
    S1 = (y - x) * A_K + x - y * tK
    block = pin * tK
    abandon = pin * S1 / y
    served = 1 - abandon - block
    y2 = y * mp.exp(-th * t)
    D = y - y2
    g = (y2 / y) ** x * mp.exp(D)
    js = range(int(K))
    v_tail = pin * g * mp.fsum(t_k(x, y2, j) * Q(K - j, D) for j in js)
    s_tail = pin * g * (x / y) * mp.fsum(t_k(x, y2, j + 1) * Q(K - j, D) for j in js)
    a_tail = pin * g / y * mp.fsum((j + 1) * t_k(x, y2, j + 1) * Q(K - j, D) for j in js)
    ev = pin / th * mp.fsum(t_k(x, y, k) * harmonic(x, 0, k) for k in js)  # H_k
    ews = pin * x / (th * y) * mp.fsum(t_k(x, y, m) * harmonic(x, 1, m) for m in range(1, int(K) + 1))  # G_m
    return dict(
        block=block,
        wait=pin * (A_K - tK),
        eq=pin * S1,
        abandon=abandon,
        served=served,
        served_within=served - s_tail,
        abandon_within=abandon - a_tail,
        virtual_tail=v_tail,
        mean_wait_admitted=pin * S1 / (lam * (1 - block)),
        mean_virtual_admitted=ev / (1 - block),
        mean_wait_served=ews,
    )


def erlang_a_forms(n, lam, mu, th, t):
    """The closed forms of erlang_a.md (no limit on the queue)."""
    R, x, y = lam / mu, n * mu / th, lam / th
    E = erlang_b(n, R)
    A = P(x, y) / f(x + 1, y)
    pw = A * E / (1 + (A - 1) * E)
    S1 = (y - x) * A + x
    y2 = y * mp.exp(-th * t)
    g = (y2 / y) ** x * mp.exp(y - y2)
    A2 = P(x, y2) / f(x + 1, y2)
    S1b = (y2 - x) * A2 + x
    abandon = pw * S1 / (y * A)
    served = 1 - abandon
    Gbar = weighted_harmonic(x, y) / A
    return dict(
        wait=pw,
        eq=pw * S1 / A,
        abandon=abandon,
        served=served,
        served_within=served - pw * (x / y) * g * (A2 - 1) / A,
        abandon_within=abandon - pw * g * S1b / (y * A),
        virtual_tail=pw * P(x, y2) / P(x, y),
        mean_wait_admitted=abandon / th,
        mean_virtual_admitted=pw / th * (1 / x + Gbar),
        mean_wait_served=pw * x / (th * y) * Gbar,
    )


def weighted_harmonic(x, y):
    """sum_{m>=1} t_m(y) G_m, G_m = sum_{j=1..m} 1/(x+j), to 1e-45."""
    term, G, total = mp.mpf(1), mp.mpf(0), mp.mpf(0)
    m = 0
    while True:
        m += 1
        term *= y / (x + m)
        G += 1 / (x + m)
        total += term * G
        if x + m > 2 * y and term * G < mp.mpf(10) ** -45 * total:
            return total


# --------------------------------------------------------------- identities
def check_identities(n, N, lam, mu, th, t, chain):
    """The law of the linear death process (erlang_a.md section 6), one caller's tails
    (section 5), the per-state identity and the complete-minus-tail form (section 6),
    and the continuation of A_K (section 4)."""
    x, y, K = n * mu / th, lam / th, N - n
    y2 = y * mp.exp(-th * t)
    D = y - y2
    g = (y2 / y) ** x * mp.exp(D)
    q = mp.exp(-th * t)
    p = chain["transition"]
    worst = mp.mpf(0)
    for k in range(K):
        for j in range(k + 1):  # generalized binomial law of the linear death process
            closed = mp.binomial(x + k, k - j) * q ** (x + j) * (1 - q) ** (k - j)
            worst = max(worst, abs(closed - p[k, j]) / p[k, j])
    for k in range(K):  # one caller's tails as incomplete beta functions, section 5
        v_tail = mp.fsum(p[k, j] for j in range(k + 1))
        worst = max(worst, abs(I(x, k + 1, q) - v_tail) / v_tail)
        s_tail = chain["served_given_k"][k] - chain["served_by_t_given_k"][k]
        s_closed = x / (x + k + 1) * I(x + 1, k + 1, q)
        worst = max(worst, abs(s_closed - s_tail) / s_tail)
    for j in range(K):  # sum_{k=j}^{K-1} t_k(y) p_{k->j}(t) = g t_j(y') Q(K-j, D)
        lhs = mp.fsum(t_k(x, y, k) * p[k, j] for k in range(j, K))
        rhs = g * t_k(x, y2, j) * Q(K - j, D)
        worst = max(worst, abs(lhs - rhs) / rhs)
    # P(V > t, admitted, W > 0) as the complete sum minus its tail over k >= K (section 6)
    tail = mp.nsum(lambda i: t_k(x, y, K + i) * I(x, K + i + 1, q), [0, mp.inf])
    direct = g * mp.fsum(t_k(x, y2, j) * Q(K - j, D) for j in range(K))
    worst = max(worst, abs(g * P(x, y2) / f(x + 1, y2) - tail - direct) / direct)
    tail = mp.nsum(lambda i: t_k(x, y, K + i) * x / (x + K + i + 1) * I(x + 1, K + i + 1, q), [0, mp.inf])
    direct = g * (x / y) * mp.fsum(t_k(x, y2, j + 1) * Q(K - j, D) for j in range(K))
    worst = max(worst, abs(g * (x / y) * P(x + 1, y2) / f(x + 1, y2) - tail - direct) / direct)
    # the continuation in K, section 4: A_K - A_{K-1} = t_K also for real K, and the
    # two rearrangements (4.3), (4.4) of A_K
    for K_real in (mp.mpf(K), mp.mpf(K) + mp.mpf("0.37"), mp.mpf("2.5")):
        a = (P(x, y) - P(x + K_real + 1, y)) / f(x + 1, y)
        b = (P(x, y) - P(x + K_real, y)) / f(x + 1, y)
        worst = max(worst, abs((a - b) - t_k(x, y, K_real)) / t_k(x, y, K_real))
        kummer_tail = t_k(x, y, K_real + 1) * mp.hyp1f1(1, x + K_real + 2, y)
        worst = max(worst, abs(P(x, y) / f(x + 1, y) - kummer_tail - a) / a)
        worst = max(worst, abs(y * t_k(x, y, K_real) * upper_ratio(x + K_real + 1, y) - x * upper_ratio(x, y) - a) / a)
    return worst


def compare(label, chain, forms):
    worst = mp.mpf(0)
    for key, value in forms.items():
        if key not in chain:
            continue
        ref = chain[key]
        err = abs(value - ref) / abs(ref) if ref != 0 else abs(value)
        worst = max(worst, err)
        if err > TOL:
            sys.exit(f"{label}: {key} closed form {mp.nstr(value, 20)} vs chain {mp.nstr(ref, 20)}")
    return worst


def main():
    # (n, N, lambda, mu, theta, t): under- and overload, patience shorter and
    # longer than the handle time, and N = n + 1 (a single waiting place).
    cases = [
        (5, 8, 4, 1, mp.mpf("0.5"), mp.mpf("0.7")),
        (5, 8, 9, 1, 2, mp.mpf("0.3")),
        (5, 6, 3, 1, mp.mpf("0.1"), 1),
        (1, 4, mp.mpf("1.5"), 1, 3, mp.mpf("0.25")),
        (20, 30, 18, 1, mp.mpf("0.2"), mp.mpf("0.5")),
        (20, 30, 26, 1, mp.mpf("1.5"), mp.mpf("0.1")),
        (20, 30, 15, mp.mpf("0.5"), mp.mpf("0.05"), 2),
        (20, 20, 18, 1, 1, 1),  # K = 0: Erlang-B
        (5, 8, 6, 1, 1, mp.mpf("0.5")),  # theta = mu: P(block) = B(N, R) for every n
    ]
    overall = mp.mpf(0)
    for n, N, lam, mu, th, t in cases:
        lam, mu, th, t = map(mp.mpf, (lam, mu, th, t))
        chain = chain_measures(n, N, lam, mu, th, t)
        forms = finite_lines_forms(n, N, lam, mu, th, t)
        if N == n:
            forms = {k: forms[k] for k in ("block", "wait", "eq", "abandon", "served")}
            eb = erlang_b(n, lam / mu)
            worst = max(compare("K=0", chain, forms), abs(chain["block"] - eb) / eb)
        else:
            worst = max(compare(f"n={n} N={N}", chain, forms), check_identities(n, N, lam, mu, th, t, chain))
        if th == mu:
            eb = erlang_b(N, lam / mu)
            worst = max(worst, abs(chain["block"] - eb) / eb)
        overall = max(overall, worst)
        print(f"finite lines n={n:2} N={N:2} lambda={mp.nstr(lam, 3):>4} mu={mp.nstr(mu, 3):>3} "
              f"theta={mp.nstr(th, 3):>4} t={mp.nstr(t, 3):>4}: worst relative difference {mp.nstr(worst, 3)}")
    # Erlang-A: the chain with a waiting room long enough that the rest is below 1e-45.
    for n, lam, mu, th, t, N in [(5, 4, 1, mp.mpf("0.5"), mp.mpf("0.7"), 90),
                                 (5, 9, 1, 2, mp.mpf("0.3"), 75),
                                 (3, 2, 1, mp.mpf("0.25"), 1, 90)]:
        lam, mu, th, t = map(mp.mpf, (lam, mu, th, t))
        chain = chain_measures(n, N, lam, mu, th, t)
        assert chain["block"] < mp.mpf(10) ** -45, chain["block"]
        worst = compare(f"Erlang-A n={n}", chain, erlang_a_forms(n, lam, mu, th, t))
        overall = max(overall, worst)
        print(f"Erlang-A     n={n:2} (chain cut at {N}) lambda={mp.nstr(lam, 3):>4} mu={mp.nstr(mu, 3):>3} "
              f"theta={mp.nstr(th, 3):>4} t={mp.nstr(t, 3):>4}: worst relative difference {mp.nstr(worst, 3)}")
    if overall > TOL:
        sys.exit(f"an identity fails: worst relative difference {mp.nstr(overall, 3)}")
    print(f"all cases agree; worst relative difference {mp.nstr(overall, 3)}")


if __name__ == "__main__":
    main()
