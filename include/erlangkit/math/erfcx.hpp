// The scaled complementary error function and the complement of the Mills
// ratio, which Temme's expansion (temme.hpp) is written in
// (docs/math/temme.md §10-§11).
#pragma once

#include <cmath>
#include <numbers>
#include <type_traits>

#include "erfcx_coefficients.hpp"
#include "fp.hpp"
#include "series.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// Scaled complementary error function erfcx(w) = e^{w^2} erfc(w).
// Both factors are taken at the same rounded w, so the product is as well
// conditioned as erfcx itself; w^2 is split exactly into hi + lo so that
// e^{w^2} carries no rounding of w^2. With glibc's erfc this stays within
// 4.5e-16 of 40-digit values on [-26, 26] (for w < 0 through 2 - erfc(-w), a
// hair closer there than erfc(w) itself; tests/test_math.cpp). Past w = 26 erfc
// underflows; there Laplace's continued fraction erfcx(w) = (1/sqrt(pi)) /
// (w + (1/2)/(w + 1/(w + (3/2)/(w + ...)))) is within 2 ulp after 6 levels
// from w = 20 on; 8 are used (float: from w = 9, where 8 levels are still far
// below float's epsilon).
template <class T>
T erfcx(T w) {
  // Float overflows e^{w^2} already past w ~ 9.4.
  constexpr T w_cf = std::is_same_v<T, float> ? T(9) : T(26);
  if (w > w_cf) {
    T f = w;
    for (int k = 8; k >= 1; --k) f = w + (T(k) / 2) / f;
    return 1 / (std::sqrt(std::numbers::pi_v<T>) * f);
  }
  T hi, lo;
  two_prod(w, w, hi, lo);
  const T e = std::exp(hi) * (1 + lo);
  return w >= 0 ? e * std::erfc(w) : e * (2 - std::erfc(-w));
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
  return clenshaw<mills_degree>(mills_cheb, u) / (1 + 2 * v * v);
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
