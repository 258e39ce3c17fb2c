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

#include <array>
#include <cmath>
#include <numbers>
#include <type_traits>

#include "numeric.hpp"
#include "temme_coefficients.hpp"

namespace erlangkit::detail {

// Scaled complementary error function erfcx(w) = e^{w^2} erfc(w).
// Both factors are taken at the same rounded w, so the product is as well
// conditioned as erfcx itself; w^2 is split exactly into hi + lo so that
// e^{w^2} carries no rounding of w^2. With glibc's erfc this stays within
// 4.5e-16 of 40-digit values on [-26, 26] (for w < 0 through 2 - erfc(-w),
// a hair closer there than erfc(w) itself). Past w = 26 erfc underflows; there Laplace's
// continued fraction erfcx(w) = (1/sqrt(pi)) / (w + (1/2)/(w + 1/(w + (3/2)/
// (w + ...)))) is within 2 ulp after 6 levels from w = 20 on; 8 are used
// (float: from w = 9, where 8 levels are still far below float's epsilon).
template <class T>
T erfcx(T w) {
  // Float overflows e^{w^2} already past w ~ 9.4.
  constexpr T w_cf = std::is_same_v<T, float> ? T(9) : T(26);
  if (w > w_cf) {
    T f = w;
    for (int k = 8; k >= 1; --k) f = w + (T(k) / 2) / f;
    return 1 / (std::sqrt(std::numbers::pi_v<T>) * f);
  }
  const T hi = w * w;
  const T lo = std::fma(w, w, -hi);
  const T e = std::exp(hi) * (1 + lo);
  return w >= 0 ? e * std::erfc(w) : e * (2 - std::erfc(-w));
}

// Where the expansion is used: z within 50% of a and a >= 100. Its error
// stays below 1.4e-15 above the transition and about (2 + a d^2) eps under it,
// d = (z-a)/a, the conditioning of K in d itself (tests/test_numeric.cpp). The
// series and the continued fraction need O(sqrt(a)) terms inside that window
// (290 ns at z = 0.7 a, a = 2000, against 80 ns here); under a = 100 whole n
// take the recursion and real n the few dozen terms of series or fraction.
template <class T>
bool temme_applies(T a, T z) {
  return a >= 100 && std::abs(z - a) <= T(0.5) * a;
}

// The coefficient table in T, converted once at compile time: reading the
// long double table in the loop costs x87 loads and conversions.
template <class T>
inline constexpr auto temme_table = [] {
  std::array<std::array<T, temme_n>, temme_k> t{};
  for (int k = 0; k < temme_k; ++k)
    for (int j = 0; j < temme_n; ++j) t[k][j] = static_cast<T>(temme_c[k][j]);
  return t;
}();

// How many powers of eta and of 1/a the sum needs. The sum enters K as a
// correction of relative size ~1/a next to the erfcx term, and the Taylor
// coefficients of c_k(eta) shrink like (2 sqrt(pi))^-j (the radius of
// convergence). Measured against all 22 x 12 terms over a = 100..1e6 and the
// whole window, K changes by less than 2e-16 with 7, 10, 11, 13, 15, 17, 18
// powers of eta for |eta| up to 0.015, 0.05, 0.12, 0.22, 0.3, 0.4, 0.5 (17 to
// 0.62, the window's edge), and with 7 terms k at a = 100, 5 at 1000, 3 from
// 1e5 on; one more power of eta is used, and the terms k while a^-(k+1) >
// eps/1000 (9 at a = 100, 6 at 1000, 3 from 1e5 on).
template <class T>
int temme_degree(T abs_eta) {
  if (abs_eta <= T(0.015)) return 8;
  if (abs_eta <= T(0.05)) return 11;
  if (abs_eta <= T(0.12)) return 12;
  if (abs_eta <= T(0.22)) return 14;
  if (abs_eta <= T(0.3)) return 16;
  if (abs_eta <= T(0.4)) return 18;
  return 19;
}

template <class T>
int temme_terms(T a) {
  const T u = 1 / a;
  int terms = 2;
  for (T u_pow = u * u * u; terms < temme_k && u_pow > eps_v<T> * T(1e-3); u_pow *= u) ++terms;
  return terms;
}

// K(a,z) = Gamma(a,z) / (z^a e^-z) by Temme's expansion; see temme_applies().
template <class T>
T upper_gamma_ratio_temme(T a, T z) {
  const T d = (z - a) / a;
  const T half_eta2 = -log1pmx(d);  // lambda - 1 - log(lambda) >= 0
  const T eta = std::copysign(std::sqrt(2 * half_eta2), d);
  // sum_k c_k(eta) a^-k = sum_j eta^j (sum_k c_kj a^-k): the inner sums over k
  // are independent of each other, so they run side by side and only the
  // outer Horner chain in eta is sequential.
  const T u = 1 / a;
  const int terms = temme_terms(a);
  const auto& c = temme_table<T>;
  T sum = 0;
  for (int j = temme_degree(std::abs(eta)) - 1; j >= 0; --j) {
    T cj = c[terms - 1][j];
    for (int k = terms - 2; k >= 0; --k) cj = muladd(cj, u, c[k][j]);
    sum = muladd(sum, eta, cj);
  }
  const T w = eta * std::sqrt(a / 2);
  return std::exp(stirlerr(a)) * (std::sqrt(std::numbers::pi_v<T> / (2 * a)) * erfcx(w) + sum / a);
}

}  // namespace erlangkit::detail
