// Branch-free double-precision pieces for the batch kernels (batch.hpp).
//
// Everything here is straight-line arithmetic, min/max, selects and integer
// bit operations on the representation: no library calls, no data-dependent
// branches, so a loop applying them to an array vectorizes (SSE2, AVX2,
// AVX-512: whatever the including target is compiled for). The scalar
// functions of numeric.hpp, erfcx.hpp and temme.hpp stay the reference; these trade
// their generality for a fixed domain, stated on each.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>

#include "erfcx_coefficients.hpp"
#include "fp.hpp"
#include "numeric.hpp"
#include "series.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math::simd {

// e^x for x in [-700, 709.78], +inf above (within 2 ulp: tests/test_batch.cpp).
// x = k ln2 + r with k = round(x / ln2) (by adding 1.5 2^52, which leaves k in
// the low bits of the sum), |r| <= ln2/2; e^r by its Taylor series to r^13
// (truncation 4e-18); 2^(k-1) built in the exponent field and doubled, so that
// k = 1024 (x just under the overflow threshold) needs no special case.
inline double exp(double x) {
  constexpr double shifter = 0x1.8p52;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  const double xc = std::min(std::max(x, -700.0), 709.782712893384);  // log(DBL_MAX)
  const double kd = muladd(xc, 0x1.71547652b82fep0, shifter);
  const double k = kd - shifter;
  const double r = (xc - k * ln2_hi) - k * ln2_lo;
  double p = 1.0 / 6227020800;  // 1/13!
  constexpr double inv_fact[] = {
      1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040, 1.0 / 720,
      1.0 / 120,       1.0 / 24,       1.0 / 6,       0.5,          1.0,         1.0};
  ERLANGKIT_UNROLL
  for (double c : inv_fact) p = muladd(p, r, c);
  const std::int64_t ki = std::bit_cast<std::int64_t>(kd) - std::bit_cast<std::int64_t>(shifter);
  const double scale = std::bit_cast<double>((ki + 1022) << 52);  // 2^(k-1)
  const double v = p * scale * 2;
  return x > 709.782712893384 ? std::numeric_limits<double>::infinity() : v;
}

// log(1+d) - d for |d| <= 1/2 by the same atanh form as numeric.hpp's
// log1pmx, without its data-dependent stop: all 18 terms are always summed
// (r^2 <= 1/9: the last is < 1e-17), so a loop over lanes vectorizes.
inline double log1pmx(double d) {
  const double r = d / (2 + d);
  const double r2 = r * r;
  double s = 1.0 / 37;
  ERLANGKIT_UNROLL
  for (int j = 16; j >= 0; --j) s = muladd(s, r2, 1.0 / (2 * j + 3));
  return r * (2 * r2 * s - d);
}

// erfcx(w) = e^{w^2} erfc(w) for w <= 0, as 2 e^{w^2} - erfcx(|w|). erfcx(x)
// for x in [0, 6] is the Chebyshev series of tools/erfcx_coefficients.py
// (truncation 1.1e-18) summed by Clenshaw's recurrence; past x = 6 it is below
// 1e-17 of 2 e^{w^2}, so the series is simply held at x = 6 there.
inline double erfcx_nonpositive(double w) {
  const double x = std::min(-w, erfcx_x_max);
  const double t = (x - erfcx_k) / (x + erfcx_k);
  const double u = (t + 1) * 1.5 - 1;  // [-1, 1/3] onto [-1, 1]
  const double pos = clenshaw<erfcx_degree>(erfcx_cheb, u) / (1 + 2 * x);
  double hi, lo;  // w^2 exactly, so that e^{w^2} carries no rounding of w^2
  two_prod(w, w, hi, lo);
  const double e = exp(hi) * (1 + lo);
  return 2 * e - pos;
}

// e^{stirlerr(a)} = Gamma*(a) for a >= 100: the Stirling series of numeric.hpp's
// stirlerr to a^-7 (the next term is below 1e-21), then e^s by Taylor to s^5
// (s <= 8.4e-4: the next term is below 1e-21).
inline double gamma_star(double a) {
  const auto& c = stirling_series<double>;
  const double inv = 1 / a, inv2 = inv * inv;
  const double s = inv * (c[0] + inv2 * (c[1] + inv2 * (c[2] + inv2 * c[3])));
  return 1 + s * (1 + s * (0.5 + s * (1.0 / 6 + s * (1.0 / 24 + s * (1.0 / 120)))));
}

}  // namespace math::simd
ERLANGKIT_END_NAMESPACE
