// Numerical integration: a fixed 16-point Gauss-Legendre rule for integrands
// known to be smooth and gently varying, and adaptive Gauss-Kronrod (7-15)
// with a reported subdivision limit for the rest (docs/math/numerics.md §2).
// Nodes and weights: tools/quadrature_nodes.py.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "fp.hpp"
#include "quadrature_nodes.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

template <class T>
inline constexpr auto gl16_x = [] {
  std::array<T, 16> x{};
  for (int i = 0; i < 16; ++i) x[i] = static_cast<T>(gauss_legendre_16_x[i]);
  return x;
}();
template <class T>
inline constexpr auto gl16_w = [] {
  std::array<T, 16> w{};
  for (int i = 0; i < 16; ++i) w[i] = static_cast<T>(gauss_legendre_16_w[i]);
  return w;
}();

// Integral of f over [lo, hi] by 16-point Gauss-Legendre: exact for
// polynomials of degree 31; for e^{c x} with |c (hi - lo)| <= 4 the error is
// below 1e-16 relative (tests/test_math.cpp, GaussLegendreOnExponentials).
template <class T, class F>
T gauss_legendre_16(F&& f, T lo, T hi) {
  const T mid = (lo + hi) / 2, half = (hi - lo) / 2;
  T sum = 0;
  for (int i = 0; i < 16; ++i) sum += gl16_w<T>[i] * f(mid + half * gl16_x<T>[i]);
  return sum * half;
}

// Most subintervals integrate() splits [lo, hi] into before it reports an
// evaluation_error: smooth integrands need a few dozen (tests/test_math.cpp,
// AdaptiveQuadrature), so 2000 is a bound, not a budget.
inline constexpr int quadrature_max_intervals = 2000;

// Adaptive Gauss-Kronrod (7-15): the interval with the largest error estimate
// |K15 - G7| is bisected until the total estimate is at most rel_tol of the
// integral (or the intervals reach rounding). Returns the integral; raises
// evaluation_error for fn at the limit.
template <class T, class F>
T integrate(std::string_view fn, std::initializer_list<detail::named_value<T>> inputs, F&& f, T lo, T hi,
            T rel_tol) {
  struct piece {
    T lo, hi, value, error;
  };
  auto rule = [&](T a, T b) {
    const T mid = (a + b) / 2, half = (b - a) / 2;
    T k = 0, g = 0;
    for (int i = 0; i < 15; ++i) {
      const T v = f(mid + half * static_cast<T>(kronrod_15_x[i]));
      k += static_cast<T>(kronrod_15_w[i]) * v;
      g += static_cast<T>(gauss_7_in_kronrod_15_w[i]) * v;
    }
    return piece{a, b, k * half, std::abs((k - g) * half)};
  };
  std::vector<piece> pieces{rule(lo, hi)};
  for (int n = 1;; ++n) {
    T value = 0, error = 0;
    for (const auto& p : pieces) value += p.value, error += p.error;
    if (!(error > rel_tol * std::abs(value))) return value;
    auto worst = std::max_element(pieces.begin(), pieces.end(),
                                  [](const piece& a, const piece& b) { return a.error < b.error; });
    const T mid = (worst->lo + worst->hi) / 2;
    if (mid == worst->lo || mid == worst->hi || n >= quadrature_max_intervals)
      return detail::raise_evaluation_error<T>(fn, "integral did not converge", inputs);
    const piece left = rule(worst->lo, mid), right = rule(mid, worst->hi);
    *worst = left;
    pieces.push_back(right);
  }
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
