"""erlangkit.ggc_approximation against a seeded G/G/c simulation (python/tests/oracles/ggc_simulate.py):
exact where the formula is (Kingman with Poisson arrivals is Pollaczek-Khinchine: inside the 99% interval),
and within the error docs/ggc.md documents where it is an approximation."""
import pytest

import erlangkit as ek
from oracles.ggc_simulate import simulate_ggc


@pytest.mark.parametrize("rho,cs", [(0.7, 0.0), (0.7, 0.5), (0.8, 2.0)])
def test_kingman_with_poisson_arrivals_is_exact(rho, cs):
    est = simulate_ggc(rho, 1.0, 1, 1.0, cs, customers=200_000, seed=3)
    wq = ek.ggc_approximation(rho, 1.0, ca=1.0, cs=cs, method="kingman").Wq
    assert est.contains(wq), (wq, est)


def test_allen_cunneen_within_its_documented_error_at_load_09():
    # docs/ggc.md: at load 0.9 Allen-Cunneen is within 30% of the simulation over the table's cases
    for c, ca, cs in [(5, 0.5, 0.5), (5, 2.0, 0.5), (1, 0.5, 0.0)]:
        est = simulate_ggc(0.9 * c, 1.0, c, ca, cs, customers=200_000, seed=5)
        wq = ek.ggc_approximation(0.9 * c, 1.0, servers=c, ca=ca, cs=cs).Wq
        assert abs(wq - est.mean) <= 0.3 * est.mean, (c, ca, cs, wq, est)


def test_broadcast_and_errors():
    m = ek.ggc_approximation([0.5, 0.9], 1.0, ca=[[0.5], [1.0]], cs=0.5, method="kingman")
    assert m.Wq.shape == (2, 2)
    with pytest.raises(ek.DomainError, match="grows without bound"):
        ek.ggc_approximation(2.0, 1.0)
    with pytest.raises(ek.DomainError, match="method is 'whitt'"):
        ek.ggc_approximation(0.5, 1.0, method="whitt")
