// The searches the staffing and capacity solvers run: the smallest whole
// number meeting a monotone condition (galloping from a good first guess,
// then bisection), a bracketed real root (Illinois variant of regula falsi
// with a bisection fallback that ends at adjacent numbers), and the expansion of a bracket
// (docs/math/staffing.md §3-§5, §8). Every loop here is bounded; none returns a point it has not verified.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
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

// The point that bisection takes between lo < hi, in the order of the
// floating-point numbers rather than on the real line, so that a bracket
// spanning many orders of magnitude (a load between 0 and 1e308, a blocking
// probability between 1e-300 and 1) closes as fast as a narrow one: 0 when
// the ends have opposite signs; when they lie more than a factor 4 apart, the
// power of two halfway between their exponents (strictly inside); else the
// arithmetic midpoint. Returns lo or hi only when no number lies in between.
// Repeated, this ends at adjacent numbers within bisection_max_steps<T>.
template <class T>
T bracket_midpoint(T lo, T hi) {
  if (lo < 0 && hi > 0) return 0;
  if (hi <= 0) return -bracket_midpoint(-hi, -lo);
  int e_lo =
      std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits - 1;  // below 0's neighbour
  int e_hi = 0;
  if (lo > 0) std::frexp(lo, &e_lo);
  std::frexp(hi, &e_hi);
  // lo < 2^e_lo and hi >= 2^(e_hi - 1): 2^k lies strictly inside for e_lo <= k <= e_hi - 2.
  if (e_hi - e_lo > 2) return std::ldexp(T(1), e_lo + (e_hi - e_lo) / 2);
  return lo + (hi - lo) / 2;
}

// Steps of bracket_midpoint that take any bracket of T to adjacent numbers:
// the exponent gap (at most ~2^11 for double, 2^15 for long double) halves
// per step down to 2, then the at most 3 x 2^digits numbers in between do.
template <class T>
inline constexpr int bisection_max_steps = 16 + std::numeric_limits<T>::digits + 3 +
                                           (std::numeric_limits<T>::max_exponent > 16384 ? 4 : 0);

// Iteration limit of bracketed_root: a step of bisection (bracket_midpoint) is
// forced whenever two steps in a row did not shrink the bracket past the
// point bisection would have taken, so every three evaluations do at least
// what one bisection does, and 3 bisection_max_steps<T> evaluations end at
// adjacent numbers: 225 for double (tests/test_math.cpp, Roots.BoundedOnAnyBracket
// and Roots.EndAtAdjacentNumbers). Reaching it means f is not a function of its
// argument (it answers differently for the same point).
template <class T>
inline constexpr int root_max_iterations = 3 * bisection_max_steps<T>;

// Root of f on [a, b] given f(a) < 0 <= f(b) (either end may be the larger).
// Returns a point where f >= 0 that is within 4 ulps of one where f < 0 (or
// its neighbour), whatever f looks like in between: the Illinois variant of
// regula falsi where it converges (superlinearly, on smooth margins), with a
// bisection step in the order of the doubles whenever it does not (a jump, a
// margin that is flat at rounding level, ends of wildly different size).
// Cost: at most root_max_iterations<T> + 2 evaluations of f. A NaN from f
// counts as a miss (f < 0). Raises evaluation_error for fn only if f is not
// a function (see root_max_iterations).
template <class T, class F>
T bracketed_root(std::string_view fn, F f, T a, T b) {
  T fa = f(a), fb = f(b);
  int side = 0, stalls = 0;
  for (int i = 0; i < root_max_iterations<T>; ++i) {
    if (std::abs(b - a) <= 2 * eps_v<T> * std::max(std::abs(a), std::abs(b))) return b;
    const T lo = std::min(a, b), hi = std::max(a, b);
    const T mid = bracket_midpoint(lo, hi);
    if (mid <= lo || mid >= hi) return b;  // no representable point in between
    T c = mid;
    if (stalls < 2) {
      const T secant = b - fb * ((b - a) / (fb - fa));
      if (secant > lo && secant < hi) c = secant;  // else (NaN, outside) the bisection point
    }
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
    // Progress when the new bracket no longer has mid inside it.
    stalls = (mid > std::min(a, b) && mid < std::max(a, b)) ? stalls + 1 : 0;
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
