// Series, continued fractions and Chebyshev sums: the one place where the
// library decides when a sum has converged and what happens when it does not.
//
// The rule (docs/math/incomplete_gamma.md §3, §5): a series stops once a proven upper
// bound of the rest of the series is at most series_tolerance = eps/8 of the
// sum, so that truncation stays below rounding; a continued fraction stops
// once one more level changes the value by at most eps (Lentz). A sum that
// reaches its term limit is never returned as if it had converged: it raises
// erlangkit::evaluation_error naming the function and its inputs (in the
// no-exceptions mode: NaN, with the message in erlangkit::last_error()).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "../core/error.hpp"
#include "fp.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

template <class T>
inline constexpr T series_tolerance = eps_v<T> / 8;

// Term limit of every series and continued fraction. Within the documented
// domain the longest sums are the outward sums of the Erlang-A mean waits in
// overload, O(sqrt(y)) terms (y = lambda x patience); 10^7 terms (~40 ms)
// keeps every call bounded (tests/test_series.cpp, SeriesLimitIsReported).
inline constexpr std::uint64_t series_max_terms = 10'000'000;

// One step of a series: the sum so far and a bound on everything after it.
template <class T>
struct series_part {
  T sum;
  T tail;
};

template <class T>
bool converged(series_part<T> p) {
  // Written so that a NaN bound counts as converged: NaN then propagates
  // through the sum instead of running the loop to its limit.
  return !(p.tail > series_tolerance<T> * std::abs(p.sum));
}

// Calls step(k) for k = 1, 2, ... (k as T); step adds term k of each of its
// series and returns their parts (one series_part, or an array of them for
// sums taken side by side). Returns true when every part has converged and
// false, after raising evaluation_error for fn and inputs, at the limit.
template <class T, class Step>
bool sum_series(std::string_view fn, std::initializer_list<detail::named_value<T>> inputs, Step&& step,
                std::uint64_t max_terms = series_max_terms) {
  T k = 1;
  for (std::uint64_t i = 0; i < max_terms; ++i, k += 1) {
    const auto parts = step(k);
    if constexpr (std::is_same_v<std::decay_t<decltype(parts)>, series_part<T>>) {
      if (converged(parts)) return true;
    } else {
      bool all = true;
      for (const auto& p : parts) all = all && converged(p);
      if (all) return true;
    }
  }
  detail::raise_evaluation_error<T>(fn, "series did not converge", inputs);
  return false;
}

// The continued fraction a_1/(b_1 + a_2/(b_2 + ...)), next(i) giving {a_i, b_i}
// for i = 1, 2, ..., by the modified Lentz algorithm (Thompson & Barnett 1986).
// NaN, after evaluation_error, when it does not settle within the limit.
template <class T>
struct fraction_term {
  T a, b;
};

template <class T, class Next>
T continued_fraction(std::string_view fn, std::initializer_list<detail::named_value<T>> inputs, Next&& next,
                     std::uint64_t max_terms = series_max_terms) {
  // a_1 / g with g = b_1 + a_2/(b_2 + ...) by Lentz from g_0 = b_1: starting
  // from b_1 itself (not from a tiny stand-in for b_0 = 0) keeps every
  // intermediate product near the size of the result.
  constexpr T tiny = std::numeric_limits<T>::min() * 16;
  const fraction_term<T> first = next(T(1));
  T g = std::abs(first.b) < tiny ? tiny : first.b;
  T c = g, d = 0;
  T i = 2;
  for (std::uint64_t k = 0; k < max_terms; ++k, i += 1) {
    const fraction_term<T> t = next(i);
    d = t.b + t.a * d;
    if (std::abs(d) < tiny) d = tiny;
    c = t.b + t.a / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const T delta = c * d;
    g *= delta;
    if (!(std::abs(delta - 1) > eps_v<T>)) return first.a / g;
  }
  return detail::raise_evaluation_error<T>(fn, "continued fraction did not converge", inputs);
}

// Clenshaw's recurrence for c_0 + sum_{j=1..Degree} c_j T_j(u) (c_0 with
// weight 1, as tools/erfcx_coefficients.py writes its tables). The degree is a
// constant so that the loop unrolls into straight-line code, which a loop
// over SIMD lanes calling this vectorizes (batch kernels).
template <int Degree, class T, class C>
T clenshaw(const C& c, T u) {
  T b1 = 0, b2 = 0;
  ERLANGKIT_UNROLL
  for (int j = Degree; j >= 1; --j) {
    const T b0 = muladd(2 * u, b1, T(c[j]) - b2);
    b2 = b1;
    b1 = b0;
  }
  return muladd(u, b1, T(c[0]) - b2);
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
