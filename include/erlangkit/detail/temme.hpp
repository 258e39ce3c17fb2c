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

#include "erfcx_coefficients.hpp"
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

// Where the expansion is used: z within 50% of a and a >= 100, where the series
// and the continued fraction need O(sqrt(a)) terms. Its error stays below
// 2e-15 above the transition and below 2e-15 + 4.5e-16 a |d|^3 under it,
// d = (z-a)/a (tests/test_numeric.cpp). Under a = 100 whole n take the
// recursion and real n the few dozen terms of series or fraction.
template <class T>
bool temme_applies(T a, T z) {
  return (a >= 100) & (std::abs(z - a) <= T(0.5) * a);  // & : no branches (batch.hpp)
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
// (tests/test_numeric.cpp, TemmeTruncationChangesKByLessThanAnUlp).
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

// sum_k c_k(eta) a^-k, and with Slope its eta-derivative, over `degree` powers
// of eta and `terms` powers of 1/a (by default what K needs, above). Written
// as sum_j eta^j (sum_k c_kj a^-k): the inner sums over k are independent of
// each other, so they run side by side and only the outer Horner chain in eta
// (one pass for the value and the slope) is sequential.
template <class T>
struct temme_sums {
  T sum, slope;
};

template <bool Slope, class T>
temme_sums<T> temme_sum(T a, T eta, int degree, int terms) {
  const T u = 1 / a;
  const auto& c = temme_table<T>;
  temme_sums<T> s{0, 0};
  for (int j = degree - 1; j >= 0; --j) {
    T cj = c[terms - 1][j];
    for (int k = terms - 2; k >= 0; --k) cj = muladd(cj, u, c[k][j]);
    if constexpr (Slope) s.slope = muladd(s.slope, eta, s.sum);
    s.sum = muladd(s.sum, eta, cj);
  }
  return s;
}

template <bool Slope, class T>
temme_sums<T> temme_sum(T a, T eta) {
  return temme_sum<Slope>(a, eta, temme_degree(std::abs(eta)), temme_terms(a));
}

// a h = a (lambda - 1 - ln lambda) = -a log1pmx(d), d = (z - a)/a, as a
// double-double e_hi + e_lo (|d| <= 1/2), from log1pmx's atanh form
// h = r (d - q), r = d/(2+d). d is taken exactly as d + d_lo, and r and
// d - q are carried in double-double; q, about |d|/6 of d - q, stays in
// double, which leaves ~a |d|^3 eps in a h (the bound tests/test_numeric.cpp
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
template <class T>
T upper_gamma_ratio_temme(T a, T z) {
  const T z_minus_a = z - a;  // exact: z is within a factor 2 of a (Sterbenz)
  const T d = z_minus_a / a;
  const auto f = log1pmx_atanh(d);
  const T eta = std::copysign(std::sqrt(2 * f.r * (d - f.q)), d);  // eta^2/2 = -log1pmx(d)
  const T sum = temme_sum<false>(a, eta).sum;
  const T w = eta * std::sqrt(a / 2);
  T scaled_erfc;
  if (w < -2) {
    T e_hi, e_lo;
    exponent_a_h(a, z_minus_a, d, f, e_hi, e_lo);
    scaled_erfc = std::exp(e_hi) * (1 + e_lo) * (2 - std::erfc(-w));
  } else {
    scaled_erfc = erfcx(w);
  }
  return std::exp(stirlerr(a)) * (std::sqrt(std::numbers::pi_v<T> / (2 * a)) * scaled_erfc + sum / a);
}

// m(v) = 1 - sqrt(pi) v erfcx(v) for v >= 0, the complement of the Mills
// ratio (m(0) = 1, m ~ 1/(2 v^2) as v grows), which the derivative of
// Temme's expansion needs. As 1 minus sqrt(pi) v erfcx(v) it would lose all
// digits for large v, so: v <= 40, the Chebyshev series of (1 + 2v^2) m(v) in
// t = (v - 4)/(v + 4) from tools/erfcx_coefficients.py (truncation 1.2e-18);
// past 40, the asymptotic series m = s - 3 s^2 + 15 s^3 - ..., s = 1/(2 v^2),
// to 8 terms (the next is below 1e-20 of the sum there).
template <class T>
T mills_complement(T v) {
  if (v > T(mills_v_max)) {
    const T s = 1 / (2 * v * v);
    T p = 1;
    for (int k = 7; k >= 1; --k) p = 1 - T(2 * k + 1) * s * p;
    return s * p;
  }
  const T t = (v - T(mills_k)) / (v + T(mills_k));
  constexpr T t1 = T((mills_v_max - mills_k) / (mills_v_max + mills_k));
  const T u = 2 * (t + 1) / (t1 + 1) - 1;
  T b1 = 0, b2 = 0;
  for (int j = mills_degree; j >= 1; --j) {
    const T b0 = 2 * u * b1 - b2 + T(mills_cheb[j]);
    b2 = b1;
    b1 = b0;
  }
  return (u * b1 - b2 + T(mills_cheb[0])) / (1 + 2 * v * v);
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
// For z < a both brackets are sums of positive terms (c_0 ~ -1/3, c_0' ~ 1/12
// against m ~ 1/(a eta^2)), so neither J nor D is formed by cancellation; D is
// what 1 + (z - a) J would lose all digits of when J ~ 1/(a - z).
template <class T>
struct lower_gamma_ratios {
  T j, d;
};

template <class T>
lower_gamma_ratios<T> lower_gamma_ratio_temme(T a, T z) {
  const T d = (z - a) / a;
  const T eta = std::copysign(std::sqrt(-2 * log1pmx(d)), d);
  const auto s = temme_sum<true>(a, eta);
  const T v = -eta * std::sqrt(a / 2);
  const T gamma_star = std::exp(stirlerr(a));
  const T m = v >= 0 ? mills_complement(v) : 1 - std::sqrt(std::numbers::pi_v<T>) * v * erfcx(v);
  const T lambda_minus_1_over_eta = d == 0 ? T(1) : d / eta;
  return {gamma_star * (std::sqrt(std::numbers::pi_v<T> / (2 * a)) * erfcx(v) - s.sum / a),
          lambda_minus_1_over_eta * gamma_star * (m - s.slope / a)};
}

}  // namespace erlangkit::detail
