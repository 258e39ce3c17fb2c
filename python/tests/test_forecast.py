"""erlangkit.forecast against routes of its own: an mpmath quadrature of the same
expectation (30 digits), a seeded Monte-Carlo average over the law (99% interval),
scipy's gamma quantile for the staffing with a probability, and cv = 0."""
import math

import mpmath
import numpy as np
import pytest
import scipy.stats

import erlangkit as ek
from erlangkit import forecast as fc

LAM, AHT, T = 100 / 1800, 180.0, 20.0


def test_zero_cv_is_the_plain_measure_bit_for_bit():
    for pat in (math.inf, 120.0):
        assert fc.service_level(14, LAM, AHT, T, 0.0, patience=pat) == ek.service_level(14, LAM, AHT, T, patience=pat)
        assert fc.occupancy(14, LAM, AHT, 0.0, patience=pat) == ek.occupancy(14, LAM, AHT, patience=pat)


@pytest.mark.parametrize("cv", [0.1, 0.4])
def test_expected_service_level_against_mpmath_quadrature(cv):
    # E[L SL(L)] / E[L] for L = LAM * G, G ~ gamma(shape 1/cv^2, scale cv^2), Erlang-A (patience 120 s),
    # the integrand from erlangkit's plain service level at each rate, integrated by mpmath.
    mpmath.mp.dps = 30
    k = 1 / cv ** 2

    def density(g):
        return mpmath.exp((k - 1) * mpmath.log(g) - g * k + k * mpmath.log(k) - mpmath.loggamma(k))

    def sl(g):
        return ek.service_level(14, LAM * float(g), AHT, T, patience=120)

    num = mpmath.quad(lambda g: density(g) * g * sl(g), [0, 0.5, 1, 1.5, 2, 3, 5, mpmath.inf])
    den = mpmath.quad(lambda g: density(g) * g, [0, 0.5, 1, 1.5, 2, 3, 5, mpmath.inf])
    want = float(num / den)
    assert fc.service_level(14, LAM, AHT, T, cv, patience=120) == pytest.approx(want, rel=1e-9)


def test_expected_abandonment_inside_a_monte_carlo_interval():
    rng = np.random.default_rng(5)
    cv = 0.2
    g = rng.gamma(1 / cv ** 2, cv ** 2, 200_000)
    ab = ek.prob_abandon(12, LAM * g, AHT, patience=120)
    w = g * ab  # abandonments, in units of the mean rate
    mean = w.mean() / g.mean()
    half = 2.576 * w.std() / math.sqrt(g.size) / g.mean()
    assert abs(fc.prob_abandon(12, LAM, AHT, cv, patience=120) - mean) < half


def test_staffing_with_a_probability_is_the_plain_solver_at_the_quantile_rate():
    for cv, p in [(0.1, 0.8), (0.2, 0.95), (0.3, 0.5)]:
        q = scipy.stats.gamma.ppf(p, 1 / cv ** 2, scale=cv ** 2)
        want = ek.agents_for_service_level(0.8, T, LAM * q, AHT, patience=120)
        assert fc.agents_for_service_level(0.8, T, LAM, AHT, cv, meet_probability=p, patience=120) == want
        # and those agents meet the target with probability >= p, one fewer with less
        assert fc.prob_target_met(want, 0.8, T, LAM, AHT, cv, patience=120) >= p
        assert fc.prob_target_met(want - 1, 0.8, T, LAM, AHT, cv, patience=120) < p


def test_broadcasting_and_errors():
    out = fc.service_level(np.array([13, 14, 15]), LAM, AHT, T, [[0.05], [0.1]])
    assert out.shape == (2, 3) and (np.diff(out, axis=1) > 0).all()
    with pytest.raises(ek.DomainError, match="law is 'uniform', but must be gamma, normal or scenarios"):
        fc.occupancy(14, LAM, AHT, 0.1, law="uniform")
    with pytest.raises(ek.DomainError, match=r"\(at index 1\)"):
        fc.occupancy([14, 14], LAM, AHT, [0.1, 5.0])


def test_weighted_scenarios_are_the_weighted_sums():
    snow = ([1.0, 2.0], [0.9, 0.1])  # a snowstorm doubles the calls one day in ten
    sl = [ek.service_level(14, LAM * m, AHT, T, patience=120) for m in snow[0]]
    want = sum(w * m * s for m, w, s in zip(*snow, sl)) / sum(w * m for m, w in zip(*snow))
    got = fc.service_level(14, LAM, AHT, T, 0.0, patience=120, law="scenarios", scenarios=snow)
    assert got == pytest.approx(want, rel=1e-14)
    # 95% of days: the snowy one too, so the staff of the doubled rate; 85%: the plain day's.
    assert fc.agents_for_service_level(0.8, T, LAM, AHT, 0, meet_probability=0.95, patience=120, law="scenarios",
                                       scenarios=snow) == ek.agents_for_service_level(0.8, T, 2 * LAM, AHT, patience=120)
    assert fc.agents_for_service_level(0.8, T, LAM, AHT, 0, meet_probability=0.85, patience=120, law="scenarios",
                                       scenarios=snow) == ek.agents_for_service_level(0.8, T, LAM, AHT, patience=120)
    with pytest.raises(ValueError, match="law='scenarios' needs scenarios"):
        fc.occupancy(14, LAM, AHT, 0, law="scenarios")
