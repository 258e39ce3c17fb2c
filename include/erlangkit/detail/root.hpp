// Searches used by the staffing solvers: the smallest integer meeting a
// monotone condition (galloping from a good first guess, then bisection),
// and a bracketed real root (Illinois variant of regula falsi).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>

#include "numeric.hpp"

namespace erlangkit::detail {

// Smallest integer n in [lo, hi] with ok(n), where ok is false then true as n
// grows; nullopt when even ok(hi) is false. The guess should be close (square-
// root staffing): the cost is O(log |answer - guess|) evaluations.
template <class T, class Ok>
std::optional<T> min_integer(Ok ok, T guess, T lo, T hi) {
  T n = std::clamp(std::round(guess), lo, hi);
  T good, bad = lo - 1;  // ok(good) holds; ok(bad) fails, or bad is below lo
  if (ok(n)) {
    good = n;
    for (T step = 1; good > lo; step *= 2) {
      const T cand = std::max(lo, good - step);
      if (!ok(cand)) {
        bad = cand;
        break;
      }
      good = cand;
    }
  } else {
    bad = n;
    for (T step = 1;; step *= 2) {
      const T cand = std::min(hi, bad + step);
      if (ok(cand)) {
        good = cand;
        break;
      }
      if (cand >= hi) return std::nullopt;
      bad = cand;
    }
  }
  while (good - bad > 1) {
    const T mid = std::floor((good + bad) / 2);
    (ok(mid) ? good : bad) = mid;
  }
  return good;
}

// Root of f on [a, b] given f(a) < 0 <= f(b) (either end may be the larger).
// Returns a point where f >= 0 within a few ulps of the root.
template <class T, class F>
T bracketed_root(F f, T a, T b) {
  T fa = f(a), fb = f(b);
  int side = 0;
  for (int i = 0; i < 200; ++i) {
    if (std::abs(b - a) <= 4 * eps_v<T> * std::max(std::abs(a), std::abs(b))) break;
    T c = (a * fb - b * fa) / (fb - fa);
    // Fall back to bisection when the secant point leaves the open bracket.
    if (!(c > std::min(a, b) && c < std::max(a, b))) c = (a + b) / 2;
    const T fc = f(c);
    if (fc >= 0) {
      b = c;
      fb = fc;
      if (side == 1) fa /= 2;  // Illinois: halve the stale end
      side = 1;
    } else {
      a = c;
      fa = fc;
      if (side == -1) fb /= 2;
      side = -1;
    }
    if (fc == 0) break;
  }
  return b;
}

// Halfin-Whitt: n = R + beta sqrt(R) with P(wait) -> 1/(1 + beta Phi/phi).
// Solves for beta by bisection; the result is only a starting guess that gets
// rounded to whole agents, so 14 halvings of [0, 8] (beta to 5e-4) are plenty.
template <class T>
T square_root_staffing_guess(T load, T prob_wait_target) {
  const T p = std::clamp(prob_wait_target, T(1e-12), T(0.999));
  auto alpha = [](T beta) { return 1 / (1 + beta * normal_cdf(beta) / normal_pdf(beta)); };
  T lo = 0, hi = 8;
  for (int i = 0; i < 14; ++i) {
    const T mid = (lo + hi) / 2;
    (alpha(mid) > p ? lo : hi) = mid;
  }
  return load + hi * std::sqrt(load);
}

}  // namespace erlangkit::detail
