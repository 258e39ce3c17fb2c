// Incomplete-gamma machinery in the ratio forms the Erlang formulas need.
//
// With f(s,z) = z^(s-1) e^(-z) / Gamma(s) (so f(s+1,z) is the Poisson pmf at
// s with mean z), every Erlang quantity is a ratio of a regularized
// incomplete gamma function to f:
//   P(s,z) = f(s+1,z) * M(1, s+1, z),  M(1,s+1,z) = sum_k z^k / (s+1)_k
//   Q(s,z) = s f(s+1,z) * K(s,z),      K(s,z) = Gamma(s,z) / (z^s e^-z)
// (DLMF 8.5.1, 8.7.1 and 8.9.2). The series M converges fast for z < s+1, the
// Legendre continued fraction K for z > s+1, so each ratio is computed where
// it converges and the prefactor f comes from Loader's log pmf.
#pragma once

#include <array>
#include <cmath>
#include <numbers>

#include "fp.hpp"
#include "numeric.hpp"
#include "quadrature.hpp"
#include "series.hpp"
#include "temme.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// Terms t_k = prod_{i=1..k} z/(s+i) of M(1, s+1, z) = 1 + sum_{k>=1} t_k.
// Returns sum_{k>=1} t_k (M - 1, exact even when tiny) and sum_{k>=1} k t_k.
// Only for z < s + 1, where t_k decreases from the first term on.
template <class T>
struct kummer_sums {
  T m_minus_1;
  T first_moment;
};

// s_minus_z: s - z as the caller knows it; each term's ratio z/(s+k) is
// taken as 1/(1 + (s - z + k)/z), so that where s and z are large and close
// the series sees their exact difference, not that of their roundings.
template <class T>
kummer_sums<T> kummer_series(T s, T z, T s_minus_z) {
  T term = 1, sum = 0, moment = 0;
  const T r = 1 / z;
  sum_series<T>("kummer_series", {{"s", s}, {"z", z}}, [&](T k) {
    // z/(s+k); the division depends only on k, so it runs ahead of the
    // multiplication chain (term /= ... put it on the chain: bench StaffDayErlangA 141 -> 187 us).
    term *= 1 / (1 + (s_minus_z + k) * r);
    sum += term;
    moment += k * term;
    // Later terms fall at least geometrically with ratio q = z/(s+k+1), so
    // the tails are below term q/(1-q) and k term (q/(1-q) + q/(k (1-q)^2)).
    const T gap = s_minus_z + k + 1;  // (s+k+1)(1-q) > 0
    const T q_over_1mq = z / gap;
    return std::array{series_part<T>{sum, term * q_over_1mq},
                      series_part<T>{moment, k * term * q_over_1mq * (1 + (s + k + 1) / (k * gap))}};
  });
  return {sum, moment};
}

template <class T>
kummer_sums<T> kummer_series(T s, T z) {
  return kummer_series(s, z, s - z);
}

// M(1, s+1, z) - 1 and sum_k k t_k for z < s + 1: Temme's expansion where
// the series would need O(sqrt(s)) terms (s >= 100, z within s/2 of s), the
// series elsewhere. M = s J(s,z), first moment = s D(s,z) (temme.hpp).
// z_minus_s: z - s as the caller knows it (see upper_gamma_ratio_temme).
template <class T>
kummer_sums<T> kummer(T s, T z, T z_minus_s) {
  if (temme_applies(s, z)) {
    const auto r = lower_gamma_ratio_temme(s, z, z_minus_s);
    return {s * r.j - 1, s * r.d};  // M >= 1 + z/(s+1) >= ~1.5 here: nothing cancels
  }
  return kummer_series(s, z, -z_minus_s);
}

template <class T>
kummer_sums<T> kummer(T s, T z) {
  return kummer(s, z, z - s);
}

// K(s,z) = Gamma(s,z) / (z^s e^-z) by the Legendre continued fraction
// 1/(z+1-s- 1(1-s)/(z+3-s- 2(2-s)/(z+5-s- ...))) evaluated with the modified
// Lentz algorithm (series.hpp), each level divided by z (an equivalence
// transformation: the same convergents, K = (1/z) 1/(1 + (1-s)/z - ...)) so
// that nothing under- or overflows for z up to the largest double. Converges
// for z > 0; used for z >= s+1.
template <class T>
T upper_gamma_cf(T s, T z) {
  const T u = 1 / z;
  return u * continued_fraction<T>("upper_gamma_cf", {{"s", s}, {"z", z}}, [&](T i) {
           // a_1 = 1, b_1 = (z + 1 - s)/z; a_i = -(i-1)(i-1-s)/z^2, b_i = (z + 2i - 1 - s)/z.
           return i == 1 ? fraction_term<T>{1, 1 + (1 - s) * u}
                         : fraction_term<T>{-(i - 1) * u * ((i - 1 - s) * u), 1 + (2 * i - 1 - s) * u};
         });
}

// K(s,z) = Gamma(s,z) / (z^s e^-z): Temme's expansion where it applies (s >=
// 100, z within s/2 of s; either side of the transition), where the continued
// fraction would need O(sqrt(s)) iterations; else the continued fraction,
// which is for z >= s + 1.
template <class T>
T upper_gamma_ratio(T s, T z, T z_minus_s) {
  return temme_applies(s, z) ? upper_gamma_ratio_temme(s, z, z_minus_s) : upper_gamma_cf(s, z);
}

template <class T>
T upper_gamma_ratio(T s, T z) {
  return upper_gamma_ratio(s, z, z - s);
}

// Regularized lower and upper incomplete gamma functions P(s,z), Q(s,z) for
// s > 0, z >= 0 (DLMF 8.2.4), each computed directly on its own side so that
// a small value keeps its relative accuracy.
template <class T>
T gamma_q(T s, T z, T z_minus_s);

template <class T>
T gamma_p(T s, T z, T z_minus_s) {
  if (z == 0) return 0;
  if (z < s + 1) return std::exp(log_poisson_pmf(s, z, -z_minus_s)) * (1 + kummer(s, z, z_minus_s).m_minus_1);
  return 1 - gamma_q(s, z, z_minus_s);
}

template <class T>
T gamma_q(T s, T z, T z_minus_s) {
  if (z == 0) return 1;
  if (z < s + 1) return 1 - gamma_p(s, z, z_minus_s);
  return s * std::exp(log_poisson_pmf(s, z, -z_minus_s)) * upper_gamma_ratio(s, z, z_minus_s);
}

template <class T>
T gamma_p(T s, T z) {
  return gamma_p(s, z, z - s);
}

template <class T>
T gamma_q(T s, T z) {
  return gamma_q(s, z, z - s);
}

// log P(s, z), finite where P underflows: below the transition as the log of
// its ratio form pmf(s; z) M(1, s+1, z); above it as log(1 - Q).
template <class T>
T log_gamma_p(T s, T z, T z_minus_s) {
  if (z == 0) return -inf_v<T>;
  if (z < s + 1) return log_poisson_pmf(s, z, -z_minus_s) + std::log1p(kummer(s, z, z_minus_s).m_minus_1);
  return std::log1p(-gamma_q(s, z, z_minus_s));
}

// int_0^u exp(h(v)) dv for the exponent h(v) = (y - a) v - y (e^-v - 1 + v)
// of the gamma difference below, where |h(u)| <= 4. Over u <= 1 the integrand
// is a gentle exponential (its curvature y e^-v scaled by u^2), which 16-point
// Gauss-Legendre takes to rounding; past 1 the e^-v inside h has structure on
// a scale of 1 that a fixed rule over [0, u] misses (2e-9 at u = 111:
// tests/test_service_level.cpp, VirtualMatchesReference), so the adaptive
// rule, up to c = 40 + log y, beyond which y e^-v < e^-40 and h is the line
// y - a v, integrated in closed form.
template <class T, class H>
T integral_of_exp(H&& h, T a, T y, T u) {
  auto f = [&](T v) { return std::exp(h(v)); };
  if (u <= 1) return gauss_legendre_16<T>(f, T(0), u);
  const T c = 40 + std::max(T(0), std::log(y));
  // 64 eps (1.4e-14 in double): the Kronrod-Gauss difference overestimates the
  // error of a smooth integrand by orders, and 1e-15 was out of reach of its
  // rounding at u ~ 1 (tests/test_properties.cpp, SolverAnswersAreMinimal).
  const T head = integrate<T>("lower_gamma_difference", {{"a", a}, {"y", y}, {"u", u}}, f, T(0),
                              std::min(u, c), 64 * eps_v<T>);
  if (u <= c) return head;
  const T width = u - c;  // int_c^u e^{y - a v} dv = e^{y - a c} width exprel(-a width)
  return head + std::exp(y - a * c) * width * exprel(-a * width);
}

// P(a, y) - P(a, y e^-u) for u >= 0, without the cancellation of the two
// values when few arrivals (y u) fall in the interval: as the integral
//   a pmf(a; y) int_0^u exp(h(v)) dv,   h(v) = y (1 - e^-v) - a v
//                                             = (y - a) v - y (e^-v - 1 + v)
// (substitute w = y e^-v in the integral of the gamma density;
// docs/math/erlang_a.md §10), while h varies by at most 4 over [0, u], which
// is exactly where the difference is small; the direct difference elsewhere.
// y_minus_a: y - a as the caller knows it.
//
// The direct difference is taken first: where it keeps all but a digit (it is
// at least a tenth of P(a, y)) it is the answer, and cheaper than the integral
// (bench StaffDayErlangA: 190 -> 141 us).
// y' - a for y' = y e^-u, from the caller's exact y - a while y' > y/2;
// past u = log 2 directly, as there y - a and y (1 - e^-u) cancel to an
// error of eps y against eps max(y', a) (y = 3.6e306, y' = 5.4e61 lost every
// digit, and a Kummer series ran to its limit: tests/test_fuzz_regressions.cpp,
// ErlangAServiceLevelWhereArrivalsFarOutnumberTheStaff).
template <class T>
T shifted_difference(T a, T y, T u, T y2, T y_minus_a) {
  return u > std::numbers::ln2_v<T> ? y2 - a : y_minus_a + y * std::expm1(-u);
}

template <class T>
T lower_gamma_difference(T a, T y, T u, T y_minus_a) {
  const T p1 = gamma_p(a, y, y_minus_a);
  const T y2 = y * std::exp(-u);
  const T direct = p1 - gamma_p(a, y2, shifted_difference(a, y, u, y2, y_minus_a));
  auto h = [&](T v) { return y_minus_a * v - y * (std::expm1(-v) + v); };
  if (direct >= T(0.1) * p1 || !(std::abs(h(u)) <= 4)) return direct;
  return a * std::exp(log_poisson_pmf(a, y, -y_minus_a)) * integral_of_exp(h, a, y, u);
}

// The same difference divided by pmf(a; y) = y^a e^-y / Gamma(a+1), finite
// where both P values underflow (a far below-the-transition tail, where their
// ratio to P(x, y) is still wanted): the integral without its prefactor, or
// M(1, a+1, y) - M(1, a+1, y') pmf(a; y')/pmf(a; y) below the transition.
template <class T>
T lower_gamma_difference_over_pmf(T a, T y, T u, T y_minus_a) {
  const T y2 = y * std::exp(-u);
  const T y2_minus_a = shifted_difference(a, y, u, y2, y_minus_a);
  T first, direct;
  if (y < a + 1) {
    const T m1 = kummer(a, y, y_minus_a).m_minus_1, m2 = kummer(a, y2, y2_minus_a).m_minus_1;
    first = 1 + m1;
    // pmf(a; y')/pmf(a; y) = e^{-a u - y (e^-u - 1)}: from the two pmf values
    // while y' is a normal number; where y' underflows (u past ~700) the pmf
    // at y' is 0 or a few bits, but for a small a the ratio is not small (a =
    // 2.5e-4, u = 1000: e^-0.25; the virtual service level came out 1).
    const T log_ratio = y2 < std::numeric_limits<T>::min()
                            ? -a * u - y * std::expm1(-u)
                            : log_poisson_pmf(a, y2, -y2_minus_a) - log_poisson_pmf(a, y, -y_minus_a);
    direct = first - (1 + m2) * std::exp(log_ratio);
  } else {
    const T scale = std::exp(-log_poisson_pmf(a, y, -y_minus_a));
    first = gamma_p(a, y, y_minus_a) * scale;
    direct = first - gamma_p(a, y2, y2_minus_a) * scale;
  }
  auto h = [&](T v) { return y_minus_a * v - y * (std::expm1(-v) + v); };
  if (direct >= T(0.1) * first || !(std::abs(h(u)) <= 4)) return direct;  // as lower_gamma_difference
  return a * integral_of_exp(h, a, y, u);
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
