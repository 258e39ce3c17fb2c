// The searches the staffing and capacity solvers run: the smallest whole
// number meeting a monotone condition (galloping from a good first guess,
// then bisection), a bracketed real root (Illinois variant of regula falsi),
// and the expansion of a bracket (docs/math/staffing.md §3-§5, §8). Every loop
// here is bounded; none returns a point it has not verified.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <type_traits>

#include "../core/error.hpp"
#include "fp.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// Smallest whole n in [lo, hi] with ok(n), where ok is false then true as n
// grows; nullopt when even ok(hi) is false. The guess should be close (square-
// root staffing): the cost is O(log |answer - guess|) evaluations. The search
// runs in at least double, so that a float caller's counts past 2^24 (where
// float has no gaps of 1) still move and the bisection ends; ok receives T.
template <class T, class Ok>
std::optional<T> min_integer(Ok ok, T guess, T lo, T hi) {
  using W = std::common_type_t<T, double>;
  auto test = [&](W n) { return ok(static_cast<T>(n)); };
  const W wlo = lo, whi = hi;
  W n = std::clamp(std::round(W(guess)), wlo, whi);
  W good, bad = wlo - 1;  // test(good) holds; test(bad) fails, or bad is below lo
  if (test(n)) {
    good = n;
    for (W step = 1; good > wlo; step *= 2) {
      const W cand = std::max(wlo, good - step);
      if (!test(cand)) {
        bad = cand;
        break;
      }
      good = cand;
    }
  } else {
    bad = n;
    for (W step = 1;; step *= 2) {
      const W cand = std::min(whi, bad + step);
      if (test(cand)) {
        good = cand;
        break;
      }
      if (cand >= whi) return std::nullopt;
      bad = cand;
    }
  }
  // good - bad halves each time; past 2^53 (where W has no gaps of 1) the
  // midpoint is one of the ends, and the search stops at good.
  while (good - bad > 1) {
    const W mid = std::floor((good + bad) / 2);
    if (mid <= bad || mid >= good) break;
    (test(mid) ? good : bad) = mid;
  }
  return static_cast<T>(good);
}

// Iteration limit of bracketed_root: Illinois converges superlinearly, and
// bisection, its fallback, halves the bracket, so 200 steps take any bracket
// within the doubles to a few ulps (tests/test_math.cpp, RootsAreBounded).
inline constexpr int root_max_iterations = 200;

// Root of f on [a, b] given f(a) < 0 <= f(b) (either end may be the larger).
// Returns a point where f >= 0 within a few ulps of the root; raises
// evaluation_error for fn if the bracket does not close within the limit.
template <class T, class F>
T bracketed_root(std::string_view fn, F f, T a, T b) {
  T fa = f(a), fb = f(b);
  int side = 0;
  for (int i = 0; i < root_max_iterations; ++i) {
    if (std::abs(b - a) <= 4 * eps_v<T> * std::max(std::abs(a), std::abs(b))) return b;
    T c = (a * fb - b * fa) / (fb - fa);
    // Fall back to bisection when the secant point leaves the open bracket.
    if (!(c > std::min(a, b) && c < std::max(a, b))) c = a / 2 + b / 2;
    if (c == a || c == b) return b;  // no representable point in between
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
    if (fc == 0) return b;
  }
  detail::raise_evaluation_error<T>(fn, "root search did not converge", {{"a", a}, {"b", b}});
  return b;
}

// The first of start, 2 start, 4 start, ... (start > 0, up to limit) at
// which f turns negative, or nullopt when f stays >= 0 up to limit: the upper
// end of a bracket whose lower end holds. At most ~2100 doublings.
template <class T, class F>
std::optional<T> first_failure_by_doubling(F f, T start, T limit = max_v<T>) {
  for (T x = start; x < limit; x *= 2)
    if (!(f(x) >= 0)) return x;
  if (!(f(limit) >= 0)) return limit;
  return std::nullopt;
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
