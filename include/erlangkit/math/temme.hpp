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
// with no exponential of a large number on the z >= a side. Derivations,
// the coefficients and the truncation: docs/math/temme.md.
#pragma once

#include <array>
#include <cmath>
#include <numbers>
#include <type_traits>

#include "erfcx.hpp"
#include "fp.hpp"
#include "numeric.hpp"
#include "temme_coefficients.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// Where the expansion is used: z within 50% of a and a >= 100, where the series
// and the continued fraction need O(sqrt(a)) terms. Its error stays below
// 2e-15 above the transition and below 2e-15 + 4.5e-16 a |d|^3 under it,
// d = (z-a)/a (tests/test_math.cpp). Under a = 100 whole n take the
// recursion and real n the few dozen terms of series or fraction.
template <class T>
bool temme_applies(T a, T z) {
  return (a >= 100) & (std::abs(z - a) <= T(0.5) * a);  // & : no branches (batch kernels)
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
// convergence). Against all 22 x 12 terms, over a = 100..1e6 and the whole
// window, K changes by less than 2e-16 with one power of eta fewer than
// temme_degree gives, and the terms k while a^-(k+1) > eps/1000 (9 at a = 100,
// 6 at 1000, 3 from 1e5 on) are enough with room to spare
// (tests/test_math.cpp, TemmeTruncationChangesKByLessThanAnUlp).
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

// sum_k c_k(eta) a^-k, and with Slope its eta-derivative, for L lanes side by
// side (L = 1 for the scalar functions, 8 for the batch kernels), over
// `degree` powers of eta and `terms` powers of u = 1/a. Written as
// sum_j eta^j (sum_k c_kj u^k): the inner sums over k are independent of each
// other, so they run side by side and only the outer Horner chain in eta (one
// pass for the value and the slope) is sequential.
template <int L, bool Slope, class T>
void temme_sum_lanes(const T* eta, const T* u, int degree, int terms, T* sum, T* slope) {
  const auto& c = temme_table<T>;
  // Lanes copied into local arrays, so that the compiler keeps them in vector
  // registers through the double loop (reading them through the pointers
  // measured 1.5x slower in the batch kernel: bench ErlangCBatch).
  T e[L], v[L], acc[L] = {}, acc_slope[L] = {};
  for (int l = 0; l < L; ++l) e[l] = eta[l], v[l] = u[l];
  for (int j = degree - 1; j >= 0; --j) {
    T cj[L];
    for (int l = 0; l < L; ++l) cj[l] = c[terms - 1][j];
    for (int k = terms - 2; k >= 0; --k)
      for (int l = 0; l < L; ++l) cj[l] = muladd(cj[l], v[l], c[k][j]);
    for (int l = 0; l < L; ++l) {
      if constexpr (Slope) acc_slope[l] = muladd(acc_slope[l], e[l], acc[l]);
      acc[l] = muladd(acc[l], e[l], cj[l]);
    }
  }
  for (int l = 0; l < L; ++l) {
    sum[l] = acc[l];
    if constexpr (Slope) slope[l] = acc_slope[l];
  }
}

template <class T>
struct temme_sums {
  T sum, slope;
};

// One lane, over `degree` powers of eta and `terms` powers of 1/a (by default
// what K needs, above).
template <bool Slope, class T>
temme_sums<T> temme_sum(T a, T eta, int degree, int terms) {
  const T u = 1 / a;
  temme_sums<T> s{0, 0};
  temme_sum_lanes<1, Slope>(&eta, &u, degree, terms, &s.sum, &s.slope);
  return s;
}

template <bool Slope, class T>
temme_sums<T> temme_sum(T a, T eta) {
  return temme_sum<Slope>(a, eta, temme_degree(std::abs(eta)), temme_terms(a));
}

// Temme's assembly K = Gamma*(a) [sqrt(pi u/2) E + u S] (u = 1/a, E the scaled
// erfc term, S the sum above); with -S it is the lower-side J. One formula for
// the scalar functions and the batch kernels.
template <class T>
T temme_combine(T gamma_star, T u, T scaled_erfc, T sum) {
  return gamma_star * (std::sqrt(std::numbers::pi_v<T> / 2 * u) * scaled_erfc + sum * u);
}

// a h = a (lambda - 1 - ln lambda) = -a log1pmx(d), d = (z - a)/a, as a
// double-double e_hi + e_lo (|d| <= 1/2), from log1pmx's atanh form
// h = r (d - q), r = d/(2+d). d is taken exactly as d + d_lo, and r and
// d - q are carried in double-double; q, about |d|/6 of d - q, stays in
// double, which leaves ~a |d|^3 eps in a h (the bound tests/test_math.cpp
// checks K against), where the rounding of d alone would cost a d^2 eps.
template <class T>
void exponent_a_h(T a, T z_minus_a, T d, atanh_form<T> f, T& e_hi, T& e_lo) {
  T p, pe;
  two_prod(d, a, p, pe);
  const T d_lo = ((z_minus_a - p) - pe) / a;  // z - a = a (d + d_lo) exactly to ~eps^2
  T s, se;                                    // 2 + d as s + se; f.r = d / s
  two_sum(T(2), d, s, se);
  se += d_lo;
  T rs, rse;
  two_prod(f.r, s, rs, rse);
  const T r_lo = ((d - rs) - rse + d_lo - f.r * se) / s;  // f.r + r_lo = (d + d_lo)/(s + se)
  T x, xe;                                                // d + d_lo - q
  two_sum(d, -f.q, x, xe);
  xe += d_lo;
  T h, he;  // (f.r + r_lo)(x + xe)
  two_prod(f.r, x, h, he);
  he += f.r * xe + r_lo * x;
  T hs, hse;
  two_sum(h, he, hs, hse);
  two_prod(a, hs, e_hi, e_lo);
  e_lo += a * hse;
}

// K(a,z) = Gamma(a,z) / (z^a e^-z) by Temme's expansion; see temme_applies().
// Below the transition K ~ 2 e^{w^2} with w^2 = a h: an error of a few ulp in
// h (the rounding of d alone is one) would become a h times that in K, 1e-13
// at a h = 500. There (w < -2) the exponent is carried in double-double and
// erfcx(w) = e^{w^2} (2 - erfc(|w|)).
//
// z_minus_a is z - a as the caller knows it: where a itself is a rounded
// n + 1 or x + 1 (past 2^53 the + 1 is lost) or z a rounded product, the
// caller forms the difference from its inputs (docs/math/temme.md §9), since
// the result is sensitive to it at ~1/sqrt(a) and to a and z alone at ~eps.
template <class T>
T upper_gamma_ratio_temme(T a, [[maybe_unused]] T z, T z_minus_a) {
  const T d = z_minus_a / a;
  const auto f = log1pmx_atanh(d);
  const T eta = std::copysign(std::sqrt(2 * f.r * (d - f.q)), d);  // eta^2/2 = -log1pmx(d)
  const T sum = temme_sum<false>(a, eta).sum;
  const T w = eta * std::sqrt(a / 2);
  T scaled_erfc;
  if (w < -2) {
    T e_hi, e_lo;
    exponent_a_h(a, z_minus_a, d, f, e_hi, e_lo);
    // Past log(max) K overflows; there e_lo can exceed 1 and 1 + e_lo is no
    // longer e^e_lo (it could even change the sign).
    if (e_hi > std::log(max_v<T>)) return inf_v<T>;
    scaled_erfc = std::exp(e_hi) * (1 + e_lo) * (2 - std::erfc(-w));
  } else {
    scaled_erfc = erfcx(w);
  }
  return temme_combine(std::exp(stirlerr(a)), 1 / a, scaled_erfc, sum);
}

template <class T>
T upper_gamma_ratio_temme(T a, T z) {
  return upper_gamma_ratio_temme(a, z, z - a);  // exact: z is within a factor 2 of a (Sterbenz)
}

// The lower-side ratio J(a,z) = gamma(a,z) / (z^a e^-z) and its slope
// D(a,z) = z dJ/dz = 1 + (z - a) J, by Temme's expansion (same window as
// temme_applies). They give Kummer's M(1, a+1, z) = a J and its first moment
// sum_k k t_k = a D, which the series needs O(sqrt(a)) terms for near z = a.
// With P(a,z) = erfc(-w)/2 - e^{-w^2} sum_k c_k a^-k / sqrt(2 pi a), w = eta sqrt(a/2),
// the same algebra as for K gives
//   J = Gamma*(a) [sqrt(pi/(2a)) erfcx(-w) - (1/a) sum_k c_k(eta) a^-k],
// and differentiating in eta (z deta/dz = (lambda - 1)/eta, d erfcx(v)/dv =
// 2 v erfcx(v) - 2/sqrt(pi)):
//   D = ((lambda - 1)/eta) Gamma*(a) [m(-w) - (1/a) sum_k c_k'(eta) a^-k].
// For z < a, J's bracket is a sum of positive terms (c_0 ~ -1/3 against
// m ~ 1/(a eta^2)), and in D's the subtracted term is at most 4.3% of m
// (condition below 1.09; docs/math/temme.md §7), so neither is formed by
// cancellation; D is what 1 + (z - a) J would lose all digits of when
// J ~ 1/(a - z).
template <class T>
struct lower_gamma_ratios {
  T j, d;
};

template <class T>
lower_gamma_ratios<T> lower_gamma_ratio_temme(T a, [[maybe_unused]] T z, T z_minus_a) {
  const T d = z_minus_a / a;
  const T eta = std::copysign(std::sqrt(-2 * log1pmx(d)), d);
  const auto s = temme_sum<true>(a, eta);
  const T v = -eta * std::sqrt(a / 2);
  const T gamma_star = std::exp(stirlerr(a));
  const T m = v >= 0 ? mills_complement(v) : 1 - std::sqrt(std::numbers::pi_v<T>) * v * erfcx(v);
  // (lambda - 1)/eta -> 1 as d -> 0; eta ~ |d| underflows to 0 first where
  // d is subnormal (d^2/2 is 0): z - a of 5e-309 at a = 1e11 gave d/0 = inf.
  const T lambda_minus_1_over_eta = eta == 0 ? T(1) : d / eta;
  return {temme_combine(gamma_star, 1 / a, erfcx(v), -s.sum),
          lambda_minus_1_over_eta * gamma_star * (m - s.slope / a)};
}

template <class T>
lower_gamma_ratios<T> lower_gamma_ratio_temme(T a, T z) {
  return lower_gamma_ratio_temme(a, z, z - a);
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
