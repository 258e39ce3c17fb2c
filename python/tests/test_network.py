"""erlangkit.jackson_network and erlangkit.mva against routes they do not share: the M/M/c queue,
a seeded simulation of the network (99% intervals), and Buzen's normalising constants in exact
rational arithmetic."""
import math
from fractions import Fraction

import numpy as np
import pytest

import erlangkit as ek
from oracles.network_sim import simulate_open_network


def test_one_node_is_the_mmc_queue():
    net = ek.jackson_network([8.0], [3.0], [[0.0]], servers=4)
    q = ek.queue_metrics(8.0, 3.0, servers=4)
    assert net.L[0] == pytest.approx(q.L, rel=1e-15)
    assert net.W_total == pytest.approx(q.W, rel=1e-15)


def test_three_nodes_against_a_simulation():
    # an entry node splitting into two, one of which feeds back to the entry
    gamma = [2.0, 0.5, 0.0]
    mu = [1.5, 2.5, 2.0]
    c = [2, 1, 1]
    P = [[0.0, 0.6, 0.3], [0.2, 0.0, 0.0], [0.0, 0.0, 0.0]]
    net = ek.jackson_network(gamma, mu, P, servers=c)
    est = simulate_open_network(gamma, mu, P, c, horizon=40000.0, batches=20, seed=7)
    for j in range(3):
        assert est[j].contains(net.L[j]), (j, net.L[j], est[j])
    total_L = sum(e.mean for e in est)
    assert abs(total_L / sum(gamma) - net.W_total) < 0.05 * net.W_total


def test_broadcast_servers_and_frame():
    net = ek.jackson_network([1.0, 0.0], [2.0, 3.0], [[0, 1], [0, 0]], servers=[1, math.inf])
    assert net.W[1] == pytest.approx(1 / 3, rel=1e-15)  # a delay node: no wait
    frame = net.to_frame()
    assert list(frame.columns) == ["arrival_rate", "utilization", "L", "Lq", "W", "Wq", "p_wait", "visits"]
    assert len(frame) == 2


def test_errors_name_the_problem():
    with pytest.raises(ek.DomainError, match="never leave"):
        ek.jackson_network([1.0, 0.0], [2.0, 2.0], [[0, 1], [0, 1]])
    with pytest.raises(ek.DomainError, match="node 1 is 2.*unstable"):
        ek.jackson_network([1.0, 2.0], [3.0, 1.5], [[0, 0], [0, 0]])
    with pytest.raises(ek.DomainError, match="2 x 2 matrix"):
        ek.jackson_network([1.0, 0.0], [2.0, 2.0], [[0, 1]])
    with pytest.raises(ek.DomainError, match="population is 2.5"):
        ek.mva([0.1], 2.5)


def buzen(demands, population, think):
    """X(N) and Q_k(N) from the normalising constants, in exact rationals (think time a delay)."""
    D = [Fraction(d) for d in demands]
    Z = Fraction(think)
    g = [Fraction(1)] + [Fraction(0)] * population
    for d in D:
        for n in range(1, population + 1):
            g[n] += d * g[n - 1]
    h = [sum(Z ** i / math.factorial(i) * g[n - i] for i in range(n + 1)) for n in range(population + 1)]
    X = h[population - 1] / h[population]
    Q = [sum(d ** i * h[population - i] for i in range(1, population + 1)) / h[population] for d in D]
    return X, Q


@pytest.mark.parametrize("demands,population,think", [([0.05, 0.1, 0.02], 20, 1.0), ([0.3, 0.3], 7, 0.0),
                                                       ([0.125, 0.5, 0.25, 0.0625], 30, 2.0)])
def test_mva_matches_buzen_in_rationals(demands, population, think):
    r = ek.mva(demands, population, think_time=think)
    X, Q = buzen(demands, population, think)
    assert float(r.throughput[-1]) == pytest.approx(float(X), rel=1e-14)
    assert np.allclose(r.queue_length, [float(q) for q in Q], rtol=1e-13, atol=0)
    assert list(r.to_frame().index[:3]) == [1, 2, 3]
