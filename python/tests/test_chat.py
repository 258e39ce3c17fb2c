"""erlangkit.chat: the chat-concurrency model from Python. Concurrency 1 against the
top-level Erlang-A / Erlang-C functions; a small birth-death chain solved here with
mpmath at 40 digits (truncated where the weights fall below 1e-45 of the first
queue state) for P(wait), P(abandon) and occupancy; broadcasting, solvers, errors."""
import doctest
import math

import mpmath
import numpy as np
import pytest

import erlangkit as ek
from erlangkit import chat


def _chain(n, aht, lam, patience):
    """P(W > 0), P(abandon), occupancy of the chat chain, at 40 digits."""
    mpmath.mp.dps = 40
    k, top = len(aht), n * len(aht)
    theta = mpmath.mpf(0) if math.isinf(patience) else 1 / mpmath.mpf(patience)
    rate = [mpmath.mpf(0)] + [mpmath.mpf(m) / mpmath.mpf(a) for m, a in enumerate(aht, 1)]

    def mu(j):
        if j >= top:
            return n * rate[k] + (j - top) * theta
        q, r = divmod(j, n)
        return r * rate[q + 1] + (n - r) * rate[q]

    w = [mpmath.mpf(1)]
    j = 1
    while True:
        nxt = w[-1] * lam / mu(j)
        if j > top and nxt < w[top] * mpmath.mpf("1e-45"):
            break
        w.append(nxt)
        j += 1
    z = mpmath.fsum(w)
    pw = mpmath.fsum(w[top:]) / z
    queue = mpmath.fsum((i - top) * w[i] for i in range(top, len(w))) / z
    pab = theta * queue / lam
    occ = mpmath.fsum(min(i, n) * w[i] for i in range(len(w))) / z / n
    return float(pw), float(pab), float(occ)


@pytest.mark.parametrize("n,aht,lam,patience", [
    (10, [4.0, 5.0, 6.5], 4.8, 3.0),
    (6, [5.0, 4.0, 3.0], 5.0, 2.0),
    (25, [3.0, 3.5], 12.0, math.inf),
])
def test_measures_match_the_chain(n, aht, lam, patience):
    pw, pab, occ = _chain(n, aht, lam, patience)
    assert chat.prob_wait(n, lam, aht, patience) == pytest.approx(pw, rel=1e-9)
    assert chat.prob_abandon(n, lam, aht, patience) == pytest.approx(pab, rel=1e-9, abs=1e-300)
    assert chat.occupancy(n, lam, aht, patience) == pytest.approx(occ, rel=1e-9)


@pytest.mark.parametrize("patience", [0.5, 3.0, math.inf])
def test_concurrency_one_is_the_top_level_queue(patience):
    n = np.arange(5, 15)
    lam, aht = 2.5, 3.0
    for f in ("prob_wait", "prob_abandon", "occupancy"):
        got = getattr(chat, f)(n, lam, [aht], patience)
        want = getattr(ek, f)(n, lam, aht, patience)
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    for conv in ek.SL_CONVENTIONS:
        np.testing.assert_allclose(chat.service_level(n, lam, [aht], 0.5, patience, conv),
                                   ek.service_level(n, lam, aht, 0.5, patience, conv), rtol=1e-12, atol=0)
    for conv in ek.ASA_CONVENTIONS:
        np.testing.assert_allclose(chat.asa(n, lam, [aht], patience, conv),
                                   ek.asa(n, lam, aht, patience, conv), rtol=1e-12, atol=0)


def test_everything_but_the_list_broadcasts():
    aht = [4.0, 5.0, 6.5]
    lam = np.array([[4.0], [6.0]])
    out = chat.service_level(np.array([12, 13, 14]), lam, aht, 0.5, patience=3.0)
    assert out.shape == (2, 3)
    for i in range(2):
        for j, n in enumerate((12, 13, 14)):
            assert out[i, j] == chat.service_level(n, float(lam[i, 0]), aht, 0.5, patience=3.0)
    assert chat.utilisation(13, 6.0, aht, 3.0) < chat.occupancy(13, 6.0, aht, 3.0)


def test_solvers_give_the_fewest_agents():
    aht = [4.0, 5.0, 6.5]
    n = chat.agents_for_service_level(0.8, 0.5, 6.0, aht, patience=3.0)
    assert isinstance(n, int)
    assert chat.service_level(n, 6.0, aht, 0.5, 3.0) >= 0.8 > chat.service_level(n - 1, 6.0, aht, 0.5, 3.0)
    a = chat.agents_for_asa(0.2, 6.0, aht, patience=3.0)
    assert chat.asa(a, 6.0, aht, 3.0) <= 0.2 < chat.asa(a - 1, 6.0, aht, 3.0)
    b = chat.agents_for_abandon_rate(0.02, 6.0, aht, 3.0)
    assert chat.prob_abandon(b, 6.0, aht, 3.0) <= 0.02 < chat.prob_abandon(b - 1, 6.0, aht, 3.0)
    many = chat.agents_for_service_level(0.8, 0.5, np.array([3.0, 6.0, 9.0]), aht, patience=3.0)
    assert many.dtype == np.int64 and list(many)[1] == n


def test_bad_handle_times_are_refused_with_the_library_messages():
    with pytest.raises(ek.DomainError, match=r"number of handle times in aht is 0, but must be >= 1"):
        chat.prob_wait(3, 1.0, [], 2.0)
    with pytest.raises(ek.DomainError, match=r"aht\[1\] is -1, but must be finite and > 0"):
        chat.prob_wait(3, 1.0, [2.0, -1.0], 2.0)
    with pytest.raises(ek.DomainError, match=r"aht must be a list of handle times"):
        chat.prob_wait(3, 1.0, 2.0, 2.0)
    with pytest.raises(ek.DomainError, match=r"agents"):
        chat.prob_wait(3.5, 1.0, [2.0], 2.0)
    with pytest.raises(ek.DomainError, match=r"fractional"):
        chat.agents_for_service_level(0.8, 0.5, 6.0, [4.0, 5.0], patience=3.0, fractional=True)


def test_module_examples_run():
    assert doctest.testmod(chat).failed == 0
    assert ek.chat is chat
