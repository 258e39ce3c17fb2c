#!/usr/bin/env python3
"""Generate tests/data/finite_lines.csv: 50-digit references for M/M/n/N+M.

    python tests/data/generate_finite_lines.py

N lines carry the n agents' calls and the callers waiting; an arrival that
finds all N lines taken is blocked; waiting callers hang up after an
exponential patience. Every value comes from the Markov chains themselves,
solved with mpmath at 50 digits, by routes that share nothing with the
library's formulas (docs/math/finite_lines.md):

* the stationary law from the balance equations of the birth-death chain
  (rates lambda up, min(k, n) mu + max(k - n, 0) theta down), solved as a
  linear system;
* for an arrival that finds k callers waiting, the absorbing chain of its own
  position (k..0 ahead, then answered; abandoning at rate theta on the way):
  absorption probabilities by time t from the matrix exponential of its
  generator, mean absorption times from its fundamental matrix (Q^-1, Q^-2).

The measures follow the library's conventions for blocked calls: they count
as not answered in time (offered, virtual, excl_short_abandons) and are left
out of the answered share and of ASA (which is over admitted calls).
"""
import csv
import itertools
import os

import mpmath as mp

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["prob_wait", "prob_blocked", "prob_abandon", "prob_abandon_given_wait", "occupancy",
           "mean_queue_length", "sl_offered", "sl_answered", "sl_virtual", "sl_excl_short_abandons",
           "asa_answered", "asa_all", "asa_virtual"]


def nstr(v):
    if v == mp.inf:
        return "inf"
    return mp.nstr(v, 25, min_fixed=-5, max_fixed=6) if v != 0 else "0"


def stationary(n, N, lam, mu, theta):
    """Solves pi Q = 0, sum pi = 1 for the birth-death chain on 0..N."""
    size = N + 1
    Q = mp.zeros(size, size)
    for k in range(size):
        if k < N:
            Q[k, k + 1] = lam
        if k > 0:
            Q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        Q[k, k] = -sum(Q[k, j] for j in range(size) if j != k)
    A = Q.T.copy()
    for j in range(size):  # replace one balance equation by the normalization
        A[size - 1, j] = 1
    b = mp.zeros(size, 1)
    b[size - 1] = 1
    pi = mp.lu_solve(A, b)
    return [pi[k] for k in range(size)]


def tagged(n, K, mu, theta, t, impatient):
    """For an arrival finding k = 0..K-1 waiting: P(answered by t), P(abandoned by
    t), P(abandoned eventually), E[T 1{answered}], E[T] (T the time to answer or
    abandon), from the chain of its position; impatient=False gives the virtual
    wait V (a caller who never hangs up)."""
    m = K  # transient states: j = 0..K-1 callers ahead
    ab = theta if impatient else mp.mpf(0)
    size = m + 2  # + answered (m), abandoned (m + 1)
    G = mp.zeros(size, size)
    for j in range(m):
        ahead = n * mu + j * theta
        if j == 0:
            G[j, m] = ahead
        else:
            G[j, j - 1] = ahead
        G[j, m + 1] = ab
        G[j, j] = -(ahead + ab)
    E = mp.expm(G * t)
    QT = G[:m, :m]
    inv = mp.inverse(QT)
    r_s = mp.zeros(m, 1)
    r_s[0] = n * mu
    r_a = mp.zeros(m, 1)
    for j in range(m):
        r_a[j] = ab
    served_by_t = [E[j, m] for j in range(m)]
    abandoned_by_t = [E[j, m + 1] for j in range(m)]
    abandoned_ever = -(inv * r_a)
    mean_t_served = inv * inv * r_s
    mean_t = -(inv * mp.ones(m, 1))
    return served_by_t, abandoned_by_t, [abandoned_ever[j] for j in range(m)], \
        [mean_t_served[j] for j in range(m)], [mean_t[j] for j in range(m)]


def measures(n, N, lam, aht, patience, t):
    # The chain's probabilities span up to ~60 orders of magnitude, and a
    # linear solve loses digits in the small ones relative to the largest:
    # 150 digits leave every reported value exact to 50.
    with mp.workdps(150):
        return _measures(mp.mpf(n), N, mp.mpf(lam), mp.mpf(aht), mp.mpf(patience), mp.mpf(t))


def _measures(n, N, lam, aht, patience, t):
    n = int(n)
    mu = 1 / aht
    theta = mp.mpf(0) if patience == mp.inf else 1 / patience
    pi = stationary(n, N, lam, mu, theta)
    K = N - n
    p_no_wait = sum(pi[:n])
    p_block = pi[N]
    queue = [pi[n + k] for k in range(K + 1)]
    p_wait = sum(queue[:K])
    e_q = sum(k * queue[k] for k in range(K + 1))
    p_ab = theta * e_q / lam
    p_served = 1 - p_ab - p_block
    admitted = 1 - p_block
    out = dict(prob_wait=p_wait, prob_blocked=p_block, prob_abandon=p_ab,
               prob_abandon_given_wait=p_ab / p_wait if p_wait > 0 else mp.mpf(0),
               occupancy=lam * aht * p_served / n, mean_queue_length=e_q)
    if K == 0:
        sl = p_no_wait
        out.update(sl_offered=sl, sl_answered=sl / p_served, sl_virtual=sl,
                   sl_excl_short_abandons=sl / (p_served + p_block), asa_answered=mp.mpf(0), asa_all=mp.mpf(0),
                   asa_virtual=mp.mpf(0))
        return out
    s_t, a_t, a_ever, w_s, w_all = tagged(n, K, mu, theta, t, True)
    v_t, _, _, _, v_mean = tagged(n, K, mu, theta, t, False)
    answered_in_t = p_no_wait + sum(queue[k] * s_t[k] for k in range(K))
    virtual_in_t = p_no_wait + sum(queue[k] * v_t[k] for k in range(K))
    abandon_after_t = sum(queue[k] * (a_ever[k] - a_t[k]) for k in range(K))
    out.update(sl_offered=answered_in_t, sl_answered=answered_in_t / p_served, sl_virtual=virtual_in_t,
               sl_excl_short_abandons=answered_in_t / (p_served + p_block + abandon_after_t),
               asa_answered=sum(queue[k] * w_s[k] for k in range(K)) / p_served,
               asa_all=sum(queue[k] * w_all[k] for k in range(K)) / admitted,
               asa_virtual=sum(queue[k] * v_mean[k] for k in range(K)) / admitted)
    return out


def cases():
    aht = mp.mpf(180)
    times = itertools.cycle([mp.mpf(9), mp.mpf(20), mp.mpf(90), mp.mpf(400)])
    for n, K, rho, pat in itertools.product([1, 3, 10, 25], [0, 1, 5, 20], ["0.5", "0.95", "1.5"],
                                            ["0.1", "1", "10", "inf"]):
        lam = mp.mpf(rho) * n / aht
        patience = mp.inf if pat == "inf" else mp.mpf(pat) * aht
        yield n, n + K, lam, aht, patience, next(times)
    yield 50, 80, mp.mpf("0.9") * 50 / aht, aht, mp.mpf(120), mp.mpf(20)
    yield 50, 80, mp.mpf("1.3") * 50 / aht, aht, mp.mpf(600), mp.mpf(20)


def main():
    rows = []
    for n, N, lam, aht, patience, t in cases():
        m = measures(n, N, lam, aht, patience, t)
        rows.append([str(n), str(N), nstr(lam), nstr(aht), nstr(patience), nstr(t)] + [nstr(m[c]) for c in COLUMNS])
    with open(os.path.join(HERE, "finite_lines.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["agents", "lines", "arrival_rate", "aht", "patience", "target_time"] + COLUMNS)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to finite_lines.csv")


if __name__ == "__main__":
    main()
