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

#include "fp.hpp"
#include "numeric.hpp"
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

template <class T>
kummer_sums<T> kummer_series(T s, T z) {
  T term = 1, sum = 0, moment = 0;
  sum_series<T>("kummer_series", {{"s", s}, {"z", z}}, [&](T k) {
    term *= z / (s + k);
    sum += term;
    moment += k * term;
    // Later terms fall at least geometrically with ratio r = z/(s+k+1), so
    // the tails are below term r/(1-r) and k term (r/(1-r) + r/(k (1-r)^2)).
    const T gap = s + k + 1 - z;  // (s+k+1)(1-r) > 0
    const T r_over_1mr = z / gap;
    return std::array{series_part<T>{sum, term * r_over_1mr},
                      series_part<T>{moment, k * term * r_over_1mr * (1 + (s + k + 1) / (k * gap))}};
  });
  return {sum, moment};
}

// M(1, s+1, z) - 1 and sum_k k t_k for z < s + 1: Temme's expansion where
// the series would need O(sqrt(s)) terms (s >= 100, z within s/2 of s), the
// series elsewhere. M = s J(s,z), first moment = s D(s,z) (temme.hpp).
template <class T>
kummer_sums<T> kummer(T s, T z) {
  if (temme_applies(s, z)) {
    const auto r = lower_gamma_ratio_temme(s, z);
    return {s * r.j - 1, s * r.d};  // M >= 1 + z/(s+1) >= ~1.5 here: nothing cancels
  }
  return kummer_series(s, z);
}

// K(s,z) = Gamma(s,z) / (z^s e^-z) by the Legendre continued fraction
// 1/(z+1-s- 1(1-s)/(z+3-s- 2(2-s)/(z+5-s- ...))) evaluated with the modified
// Lentz algorithm (series.hpp). Converges for z > 0; used for z >= s+1.
template <class T>
T upper_gamma_cf(T s, T z) {
  return continued_fraction<T>("upper_gamma_cf", {{"s", s}, {"z", z}}, [&](T i) {
    // a_1 = 1, b_1 = z + 1 - s; a_i = -(i-1)(i-1-s), b_i = z + 2i - 1 - s.
    return i == 1 ? fraction_term<T>{1, z + 1 - s}
                  : fraction_term<T>{-(i - 1) * (i - 1 - s), z + 2 * i - 1 - s};
  });
}

// K(s,z) = Gamma(s,z) / (z^s e^-z): Temme's expansion where it applies (s >=
// 100, z within s/2 of s; either side of the transition), where the continued
// fraction would need O(sqrt(s)) iterations; else the continued fraction,
// which is for z >= s + 1.
template <class T>
T upper_gamma_ratio(T s, T z) {
  return temme_applies(s, z) ? upper_gamma_ratio_temme(s, z) : upper_gamma_cf(s, z);
}

// Regularized lower and upper incomplete gamma functions P(s,z), Q(s,z) for
// s > 0, z >= 0 (DLMF 8.2.4), each computed directly on its own side so that
// a small value keeps its relative accuracy.
template <class T>
T gamma_q(T s, T z);

template <class T>
T gamma_p(T s, T z) {
  if (z == 0) return 0;
  if (z < s + 1) {
    return std::exp(log_poisson_pmf(s, z)) * (1 + kummer(s, z).m_minus_1);
  }
  return 1 - gamma_q(s, z);
}

template <class T>
T gamma_q(T s, T z) {
  if (z == 0) return 1;
  if (z < s + 1) return 1 - gamma_p(s, z);
  return s * std::exp(log_poisson_pmf(s, z)) * upper_gamma_ratio(s, z);
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
