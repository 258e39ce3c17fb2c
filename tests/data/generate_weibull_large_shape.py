"""Reference P(W > 0) and P(Ab) of M/M/n+G with Weibull patience of a large
shape (nearly deterministic at its scale), for
tests/test_general_patience.cpp, WeibullOfLargeShapeKeepsItsDigits.

Route, independent of the library: mpmath at 50 digits; eps = 1/B(n-1, R) by
the Erlang-B recursion; H(u) = int_0^u exp(-x^k) dx by its power series
u sum_j (-u^k)^j / (j! (k j + 1)) where u^k < 1 and by Gamma(1 + 1/k) -
Gamma(1/k, u^k)/k beyond; J = int_0^inf e^(lambda H(u) - n u) du and
J_F = int_0^inf e^(...) (1 - G(u)) du by mpmath's quadrature split at the
knee of G (scale 1, aht 1); P(W > 0) = lambda J / (eps + lambda J),
P(Ab) = lambda J_F / (eps + lambda J) (docs/math/general_patience.md).
Run: python tests/data/generate_weibull_large_shape.py
"""
import mpmath as mp

mp.mp.dps = 50


def reference(n, lam, k):
    R = mp.mpf(lam)
    b = mp.mpf(1)
    for j in range(1, n):  # B(n - 1, R)
        b = R * b / (j + R * b)
    eps = 1 / b
    k = mp.mpf(k)
    mean = mp.gamma(1 + 1 / k)

    def H(u):
        x = u ** k
        if x < 1:
            return u * mp.nsum(lambda j: (-x) ** j / (mp.factorial(j) * (k * j + 1)), [0, mp.inf])
        return mean - mp.gammainc(1 / k, x) / k

    def e(u):
        return mp.exp(lam * H(u) - n * u)

    pts = [0, 0.5, 0.9, 0.97, 0.99, 1, 1.01, 1.03, 1.1, 1.5, 3, 10, 30, 100]
    J = mp.quad(e, pts)
    J_F = mp.quad(lambda u: e(u) * (1 - mp.exp(-u ** k)), pts)
    return lam * J / (eps + lam * J), lam * J_F / (eps + lam * J)


if __name__ == "__main__":
    for n, lam, k in [(100, 100, 200), (10, 10, 1000), (100, 110, 200)]:
        pw, pab = reference(n, lam, k)
        print(f"{{{n}, {lam}, {k}, {mp.nstr(pw, 20)}, {mp.nstr(pab, 20)}}},")
