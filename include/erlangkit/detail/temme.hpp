// Temme's uniform asymptotic expansion of the upper incomplete gamma function
// for large a with z near a, where the series and the continued fraction of
// gamma.hpp need O(sqrt(a)) terms. With lambda = z/a and
// eta^2/2 = lambda - 1 - log(lambda) (sign of lambda - 1), Temme (1979, SIAM J.
// Math. Anal. 10:757; DLMF 8.12.3-8.12.8) gives
//   Q(a,z) = erfc(eta sqrt(a/2))/2 + e^{-a eta^2/2}/sqrt(2 pi a) sum_k c_k(eta) a^-k.
// Dividing by f = z^a e^-z / Gamma(a) (Gamma(a) = sqrt(2pi/a)(a/e)^a Gamma*(a),
// log Gamma*(a) = stirlerr(a)) leaves the ratio the Erlang formulas need,
//   K(a,z) = Gamma(a,z)/(z^a e^-z)
//          = Gamma*(a) [sqrt(pi/(2a)) erfcx(eta sqrt(a/2)) + (1/a) sum_k c_k(eta) a^-k],
// with no exponential of a large number on the z >= a side.
#pragma once

#include <cmath>
#include <numbers>

#include "numeric.hpp"
#include "temme_coefficients.hpp"

namespace erlangkit::detail {

// Scaled complementary error function erfcx(w) = e^{w^2} erfc(w).
// For w > 3 Laplace's continued fraction erfcx(w) = (1/sqrt(pi)) /
// (w + (1/2)/(w + 1/(w + (3/2)/(w + ...)))) keeps the relative accuracy that
// e^{w^2} erfc(w) would lose (rounding in w is amplified by 2 w^2 there).
template <class T>
T erfcx(T w) {
  if (w > 3) {
    T f = w;  // evaluated bottom-up: 40 levels give full double precision for w > 3
    for (int k = 40; k >= 1; --k) f = w + (T(k) / 2) / f;
    return 1 / (std::sqrt(std::numbers::pi_v<T>) * f);
  }
  // w^2 split exactly into hi + lo so e^{w^2} carries no rounding of w^2.
  const T hi = w * w;
  const T lo = std::fma(w, w, -hi);
  const T e = std::exp(hi) * (1 + lo);
  if (w >= 0) return e * std::erfc(w);
  return 2 * e - erfcx(-w);
}

// Where the expansion is used: z within 30% of a and a >= 100. It is accurate
// from a = 10 on (below 1.4e-15 above the transition, about a d^2 eps under it,
// d = (z-a)/a: tests/test_numeric.cpp), but under a = 100 the few dozen terms of
// the series or continued fraction are cheaper (bench: 108 ns vs 450 ns at n = 10).
template <class T>
bool temme_applies(T a, T z) {
  return a >= 100 && std::abs(z - a) <= T(0.3) * a;
}

// K(a,z) = Gamma(a,z) / (z^a e^-z) by Temme's expansion; see temme_applies().
template <class T>
T upper_gamma_ratio_temme(T a, T z) {
  const T d = (z - a) / a;
  const T half_eta2 = -log1pmx(d);  // lambda - 1 - log(lambda) >= 0
  const T eta = std::copysign(std::sqrt(2 * half_eta2), d);
  T sum = 0, a_pow = 1;
  for (int k = 0; k < temme_k && a_pow > eps_v<T> * T(1e-3); ++k) {
    T c = static_cast<T>(temme_c[k][temme_n - 1]);
    for (int j = temme_n - 2; j >= 0; --j) c = c * eta + static_cast<T>(temme_c[k][j]);
    sum += c * a_pow;
    a_pow /= a;
  }
  const T w = eta * std::sqrt(a / 2);
  return std::exp(stirlerr(a)) * (std::sqrt(std::numbers::pi_v<T> / (2 * a)) * erfcx(w) + sum / a);
}

}  // namespace erlangkit::detail
