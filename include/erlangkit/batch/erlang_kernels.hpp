// Vectorized Erlang-B and Erlang-C over arrays (docs/batch.md).
//
// The scalar functions choose their method per call with branches, which keeps
// one evaluation cheap but stops a compiler from running eight of them in one
// AVX-512 register. These kernels sort each block of 64 inputs by method and
// run the two methods that cover the usual queue as branch-free loops over
// the block, which the compiler vectorizes for whatever target it compiles for:
// - whole n <= 128: the forward recursion of 1/B (math/erlang_b.hpp's fold),
//   lanes masked past their own n;
// - n + 1 >= 100 with R in [(n+1)/2, n+1): Temme's expansion (math/temme.hpp's
//   sum and assembly) with the branch-free exp, erfcx and log1pmx of math/simd.hpp.
// Everything else (real n under 100, loads far from n, Erlang-B overload) takes
// the scalar kernel, element by element. Results agree with the scalar
// functions to 2e-12 and stay within 1.05e-13 of the 50-digit tables
// (tests/test_batch.cpp); the scalar functions reach 4.9e-14 by carrying
// Temme's exponent in double-double, which these kernels do not.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "../math/erlang_b.hpp"
#include "../math/simd.hpp"
#include "../math/temme.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace batch::kernels {

// Inputs a block sorts by method: one cache-resident set of lane arrays, and
// a multiple of 8 (an AVX-512 register of doubles) (bench: ErlangCBatch).
inline constexpr std::size_t block = 64;

// 1/B(n, R) = max(1, R K(n+1, R)) by Temme's expansion for m lanes (a multiple
// of 8) with a = n + 1 >= 100 and a/2 <= z < a, so eta < 0 and w < 0. The
// number of powers of 1/a and of eta is chosen once for the block, from its
// smallest a and largest |eta|, so every lane runs the same straight-line code.
inline void temme_inverse_b(const double* a, const double* z, const double* z_minus_a, double* out,
                            std::size_t m) {
  double eta[block], u[block], sum[block];
  double a_min = a[0], eta_max = 0;
  for (std::size_t l = 0; l < m; ++l) {
    const double d = z_minus_a[l] / a[l];
    eta[l] = -std::sqrt(-2 * math::simd::log1pmx(d));
    u[l] = 1 / a[l];
  }
  for (std::size_t l = 0; l < m; ++l) {
    a_min = std::min(a_min, a[l]);
    eta_max = std::max(eta_max, -eta[l]);
  }
  const int terms = math::temme_terms(a_min), degree = math::temme_degree(eta_max);
  // Eight lanes at a time, so that the accumulators stay in vector registers
  // through the double loop over powers.
  for (std::size_t g = 0; g < m; g += 8)
    math::temme_sum_lanes<8, false>(eta + g, u + g, degree, terms, sum + g, static_cast<double*>(nullptr));
  for (std::size_t l = 0; l < m; ++l) {
    const double w = eta[l] * std::sqrt(a[l] / 2);
    const double k =
        math::temme_combine(math::simd::gamma_star(a[l]), u[l], math::simd::erfcx_nonpositive(w), sum[l]);
    out[l] = std::max(1.0, z[l] * k);
  }
}

// 1/B(n, R) for m lanes (a multiple of 8) of whole n <= small_n_max by
// x_k = 1 + a_k x_{k-1}, a_k = k/R, four steps at a time (math::fold4). Every
// lane takes the block's n_max steps; a lane with smaller n starts late: its
// first n_max - n multipliers are max(k, 0)/R = 0, which leave x = 1 = x_0
// (the fold is exact algebra for any multipliers, zeros included). No masks
// or selects, and eight lanes at a time so that x stays in a vector register.
inline void recursion_inverse_b(const double* n, const double* R, double* out, std::size_t m) {
  double n_max = 0;
  for (std::size_t l = 0; l < m; ++l) n_max = std::max(n_max, n[l]);
  // Steps are counted from 1 - pad, pad = (4 - n_max % 4) % 4, so that their
  // number is a multiple of 4; the extra leading steps have multiplier 0 too.
  const double pad = std::fmod(4 - std::fmod(n_max, 4), 4);
  for (std::size_t g = 0; g < m; g += 8) {
    double r[8], late[8], x[8];
    for (std::size_t l = 0; l < 8; ++l) r[l] = 1 / R[g + l], late[l] = n_max - n[g + l], x[l] = 1;
    for (double j = 1 - pad; j <= n_max; j += 4) {
      for (std::size_t l = 0; l < 8; ++l) {
        auto a = [&](double k) { return std::max(k - late[l], 0.0) * r[l]; };
        x[l] = math::fold4(a(j), a(j + 1), a(j + 2), a(j + 3), x[l]);
      }
    }
    for (std::size_t l = 0; l < 8; ++l) out[g + l] = x[l];
  }
}

// Evaluates Erlang-C (or Erlang-B) for count elements; invalid elements, and
// those whose evaluation fails, give NaN. Returns the index of the first
// invalid (negative or infinite) or failed one, or count. Each block is first split by method without
// branches (the methods of neighbouring elements are as random as their inputs, and mispredicted branches
// cost more than the math): every element is appended to every list and the list's length grows only when it
// belongs there.
template <bool ErlangC>
std::size_t run(const double* servers, const double* load, double* out, std::size_t count) {
  std::size_t first_bad = count;
  for (std::size_t b0 = 0; b0 < count; b0 += block) {
    const std::size_t m = std::min(block, count - b0);
    double tn[block], ta[block], tz[block], td[block], tv[block];  // Temme lanes
    double sn[block], sz[block], sv[block];                        // recursion lanes
    std::size_t ti[block], si[block], xi[block], nt = 0, ns = 0, nx = 0;
    for (std::size_t i = b0; i < b0 + m; ++i) {
      const double n = servers[i], R = load[i];
      const bool nan_in = (n != n) | (R != R);  // isnan, without a call on either side of |
      const bool ok = (n >= 0) & (R >= 0) & (n <= math::max_v<double>)&(R <= math::max_v<double>);
      const bool over = ok & ErlangC & (R >= n);  // overload, and C(0, 0) = 1 as in erlang_c()
      const bool zero = ok & !over & (R == 0);
      const bool rest = ok & !over & !zero;
      const bool small = rest & math::recursion_applies(n, R);
      const bool temme = rest & !small & math::temme_applies(n + 1, R) &
                         (R < n + 1);  // z < a: the kernel's erfcx is for w <= 0
      // Final values for NaN, invalid, overload and R = 0; the rest is overwritten below.
      const double zero_value = ErlangC ? 0.0 : (n == 0 ? 1.0 : 0.0);
      out[i] = !ok ? math::nan_v<double> : over ? 1.0 : zero_value;
      si[ns] = i, ns += small;
      ti[nt] = i, nt += temme;
      xi[nx] = i, nx += rest & !small & !temme;
      first_bad = std::min(first_bad, (!ok & !nan_in) ? i : count);
    }
    // The scalar kernel, element by element. An element whose evaluation
    // raises (evaluation_error: an iteration limit) gives NaN and counts as
    // bad, as an invalid one does, and the rest of the batch goes on; the
    // caller raises it again with its index (batch.hpp). Without exceptions
    // the failed evaluation is the NaN out of valid, non-NaN input.
    for (std::size_t l = 0; l < nx; ++l) {
      const double n = servers[xi[l]], R = load[xi[l]];
      double v;
#ifdef ERLANGKIT_NO_EXCEPTIONS
      v = ErlangC ? math::erlang_c(n, R) : 1 / math::inverse_erlang_b(n, R);
#else
      try {
        v = ErlangC ? math::erlang_c(n, R) : 1 / math::inverse_erlang_b(n, R);
      } catch (const evaluation_error&) {
        v = math::nan_v<double>;
      }
#endif
      out[xi[l]] = v;
      if (std::isnan(v)) first_bad = std::min(first_bad, xi[l]);
    }
    // Index lists padded to whole vectors (8 doubles: AVX-512) with their first
    // lane, so that no lane runs in a scalar remainder loop; then gathered.
    const std::size_t ps = std::min(block, (ns + 7) & ~std::size_t(7));
    const std::size_t pt = std::min(block, (nt + 7) & ~std::size_t(7));
    for (std::size_t l = ns; l < ps; ++l) si[l] = si[0];
    for (std::size_t l = nt; l < pt; ++l) ti[l] = ti[0];
    for (std::size_t l = 0; l < ps; ++l) sn[l] = servers[si[l]], sz[l] = load[si[l]];
    for (std::size_t l = 0; l < pt; ++l) {
      tn[l] = servers[ti[l]], ta[l] = tn[l] + 1, tz[l] = load[ti[l]];
      td[l] = (tz[l] - tn[l]) - 1;  // z - a from the inputs: a = n + 1 is rounded past 2^53
    }
    if (ns) recursion_inverse_b(sn, sz, sv, ps);
    if (nt) temme_inverse_b(ta, tz, td, tv, pt);
    auto finish = [out](const std::size_t* idx, const double* n, const double* R, const double* inv_b,
                        std::size_t lanes) {
      for (std::size_t l = 0; l < lanes; ++l)
        out[idx[l]] = ErlangC ? math::erlang_c_from_inverse_b(n[l], R[l], inv_b[l]) : 1 / inv_b[l];
    };
    finish(si, sn, sz, sv, ns);
    finish(ti, tn, tz, tv, nt);
  }
  return first_bad;
}

}  // namespace batch::kernels
ERLANGKIT_END_NAMESPACE
