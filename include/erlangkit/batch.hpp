// Batch evaluation: Erlang-B and Erlang-C over arrays, vectorized.
//
// The scalar functions choose their method per call with branches, which keeps
// one evaluation cheap but stops a compiler from running eight of them in one
// AVX-512 register. The batch functions sort each block of 64 inputs by method
// and run the two methods that cover the usual queue as branch-free loops over
// the block, which the compiler vectorizes for whatever target it compiles for:
// - whole n <= 128: the forward recursion of 1/B, lanes masked past their own n;
// - n + 1 >= 100 with R in [(n+1)/2, n+1): Temme's expansion (detail/temme.hpp)
//   with the branch-free exp, erfcx and log1pmx of detail/simd_math.hpp.
// Everything else (real n under 100, loads far from n, Erlang-B overload) takes
// the scalar function, element by element. Results agree with the scalar
// functions to 2e-12 and stay within 1.05e-13 of the 50-digit tables
// (tests/test_batch.cpp); the scalar functions reach 4.9e-14 by carrying
// Temme's exponent in double-double, which the batch kernel does not.
//
// Work is split into chunks of chunk_size elements; an executor decides where
// the chunks run. The default runs them in order on the calling thread; any
// callable exec(chunks, run) that calls run(c) once for every c in [0, chunks),
// from any threads, in any order, will do (a thread pool, OpenMP, TBB, or
// std::for_each with std::execution::par over the chunk indices). Nothing is
// allocated per element. Compile with -fno-math-errno (so sqrt vectorizes) and
// for your target's vector width (-mavx2 -mfma, -march=native) to get the speed;
// without them the results are the same, only slower.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "detail/simd_math.hpp"
#include "detail/temme.hpp"
#include "erlang_c.hpp"

namespace erlangkit {
namespace detail::batch_kernels {

inline constexpr std::size_t block = 64;

// 1/B(n, R) = max(1, R K(n+1, R)) by Temme's expansion for m lanes (a multiple
// of 8) with a = n + 1 >= 100 and a/2 <= z < a, so eta < 0 and w < 0. The
// number of powers of 1/a and of eta is chosen once for the block, from its
// smallest a and largest |eta|, so every lane runs the same straight-line code.
inline void temme_inverse_b(const double* a, const double* z, double* out, std::size_t m) {
  double eta[block], u[block], sum[block];
  double a_min = a[0], eta_max = 0;
  for (std::size_t l = 0; l < m; ++l) {
    const double d = (z[l] - a[l]) / a[l];
    eta[l] = -std::sqrt(-2 * simd::log1pmx(d));
    u[l] = 1 / a[l];
  }
  for (std::size_t l = 0; l < m; ++l) {
    a_min = std::min(a_min, a[l]);
    eta_max = std::max(eta_max, -eta[l]);
  }
  const int terms = temme_terms(a_min);
  // Eight lanes at a time (m is a multiple of 8), so that the accumulators
  // stay in vector registers through the double loop over powers.
  const auto& c = temme_table<double>;
  const int degree = temme_degree(eta_max);
  for (std::size_t g = 0; g < m; g += 8) {
    double e[8], v[8], acc[8] = {};
    for (std::size_t l = 0; l < 8; ++l) e[l] = eta[g + l], v[l] = u[g + l];
    for (int j = degree - 1; j >= 0; --j) {
      double cj[8];
      for (std::size_t l = 0; l < 8; ++l) cj[l] = c[terms - 1][j];
      for (int k = terms - 2; k >= 0; --k)
        for (std::size_t l = 0; l < 8; ++l) cj[l] = muladd(cj[l], v[l], c[k][j]);
      for (std::size_t l = 0; l < 8; ++l) acc[l] = muladd(acc[l], e[l], cj[l]);
    }
    for (std::size_t l = 0; l < 8; ++l) sum[g + l] = acc[l];
  }
  for (std::size_t l = 0; l < m; ++l) {
    const double w = eta[l] * std::sqrt(a[l] / 2);
    const double k = simd::gamma_star(a[l]) *
                     (std::sqrt(std::numbers::pi / 2 * u[l]) * simd::erfcx_nonpositive(w) + sum[l] * u[l]);
    out[l] = std::max(1.0, z[l] * k);
  }
}

// 1/B(n, R) for m lanes (a multiple of 8) of whole n <= small_n_max by
// x_k = 1 + a_k x_{k-1}, a_k = k/R, four steps folded into one as in
// inverse_erlang_b_recursion (erlang_b.hpp). Every lane takes the block's n_max
// steps; a lane with smaller n starts late: its first n_max - n multipliers are
// max(k, 0)/R = 0, which leave x = 1 = x_0 (the fold is exact algebra for any
// multipliers, zeros included). No masks or selects, and eight lanes at a time
// so that x stays in a vector register.
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
        const double a1 = std::max(j - late[l], 0.0) * r[l], a2 = std::max(j + 1 - late[l], 0.0) * r[l];
        const double a3 = std::max(j + 2 - late[l], 0.0) * r[l], a4 = std::max(j + 3 - late[l], 0.0) * r[l];
        const double c0 = muladd(a4, muladd(a3, 1 + a2, 1.0), 1.0);
        x[l] = muladd((a4 * a3) * (a2 * a1), x[l], c0);
      }
    }
    for (std::size_t l = 0; l < 8; ++l) out[g + l] = x[l];
  }
}

// Evaluates Erlang-C (or Erlang-B) for count elements; invalid elements give
// NaN. Returns the index of the first invalid (negative or infinite) one, or
// count. Each block is first split by method without branches (the methods
// of neighbouring elements are as random as their inputs, and mispredicted
// branches cost more than the math): every element is appended to every list
// and the list's length grows only when it belongs there.
template <bool ErlangC>
std::size_t run(const double* servers, const double* load, double* out, std::size_t count) {
  std::size_t first_bad = count;
  for (std::size_t b0 = 0; b0 < count; b0 += block) {
    const std::size_t m = std::min(block, count - b0);
    double tn[block], ta[block], tz[block], tv[block];  // Temme lanes
    double sn[block], sz[block], sv[block];             // recursion lanes
    std::size_t ti[block], si[block], xi[block], nt = 0, ns = 0, nx = 0;
    for (std::size_t i = b0; i < b0 + m; ++i) {
      const double n = servers[i], R = load[i];
      const bool nan_in = std::isnan(n) | std::isnan(R);
      const bool ok = (n >= 0) & (R >= 0) & (n <= max_v<double>)&(R <= max_v<double>);  // false for NaN
      const bool over = ok & ErlangC & (R >= n);  // overload, and C(0, 0) = 1 as in erlang_c()
      const bool zero = ok & !over & (R == 0);
      const bool rest = ok & !over & !zero;
      const bool small = rest & recursion_applies(n, R);
      const bool temme =
          rest & !small & temme_applies(n + 1, R) & (R < n + 1);  // z < a: the kernel's erfcx is for w <= 0
      // Final values for NaN, invalid, overload and R = 0; the rest is overwritten below.
      const double zero_value = ErlangC ? 0.0 : (n == 0 ? 1.0 : 0.0);
      out[i] = !ok ? nan_v<double> : over ? 1.0 : zero_value;
      si[ns] = i, ns += small;
      ti[nt] = i, nt += temme;
      xi[nx] = i, nx += rest & !small & !temme;
      first_bad = std::min(first_bad, (!ok & !nan_in) ? i : count);
    }
    for (std::size_t l = 0; l < nx; ++l) {
      const double n = servers[xi[l]], R = load[xi[l]];
      out[xi[l]] = ErlangC ? erlang_c_unchecked(n, R) : 1 / inverse_erlang_b(n, R);
    }
    // Index lists padded to whole vectors (8 doubles: AVX-512) with their first
    // lane, so that no lane runs in a scalar remainder loop; then gathered.
    const std::size_t ps = std::min(block, (ns + 7) & ~std::size_t(7));
    const std::size_t pt = std::min(block, (nt + 7) & ~std::size_t(7));
    for (std::size_t l = ns; l < ps; ++l) si[l] = si[0];
    for (std::size_t l = nt; l < pt; ++l) ti[l] = ti[0];
    for (std::size_t l = 0; l < ps; ++l) sn[l] = servers[si[l]], sz[l] = load[si[l]];
    for (std::size_t l = 0; l < pt; ++l) tn[l] = servers[ti[l]], ta[l] = tn[l] + 1, tz[l] = load[ti[l]];
    if (ns) recursion_inverse_b(sn, sz, sv, ps);
    if (nt) temme_inverse_b(ta, tz, tv, pt);
    auto finish = [out](const std::size_t* idx, const double* n, const double* R, const double* inv_b,
                        std::size_t count) {
      for (std::size_t l = 0; l < count; ++l)
        out[idx[l]] = ErlangC ? erlang_c_from_inverse_b(n[l], R[l], inv_b[l]) : 1 / inv_b[l];
    };
    finish(si, sn, sz, sv, ns);
    finish(ti, tn, tz, tv, nt);
  }
  return first_bad;
}

template <bool ErlangC, class Executor>
void run_chunked(const char* fn, std::span<const double> servers, std::span<const double> load,
                 std::span<double> out, Executor&& exec, std::size_t chunk_size) {
  if (servers.size() != load.size() || out.size() != load.size()) {
    std::fill(out.begin(), out.end(), nan_v<double>);
    raise_domain_error<double>(fn, "servers, load and out", double(out.size()),
                               "of one size (sizes " + std::to_string(servers.size()) + ", " +
                                   std::to_string(load.size()) + ", " + std::to_string(out.size()) + ")");
    return;
  }
  const std::size_t n = out.size();
  if (n == 0) return;
  chunk_size = std::max<std::size_t>(chunk_size, 1);
  const std::size_t chunks = (n + chunk_size - 1) / chunk_size;
  std::vector<std::size_t> bad(chunks, n);  // per call, not per element
  exec(chunks, [&](std::size_t c) {
    const std::size_t lo = c * chunk_size, count = std::min(chunk_size, n - lo);
    const std::size_t b = run<ErlangC>(servers.data() + lo, load.data() + lo, out.data() + lo, count);
    if (b < count) bad[c] = lo + b;
  });
  const std::size_t first = *std::min_element(bad.begin(), bad.end());
  if (first == n) return;
#ifndef ERLANGKIT_NO_EXCEPTIONS
  // The scalar function words the error; the batch adds where it is.
  try {
    (void)(ErlangC ? erlangkit::erlang_c(servers[first], load[first])
                   : erlangkit::erlang_b(servers[first], load[first]));
  } catch (const domain_error& e) {
    throw domain_error(std::string(e.what()) + " (at index " + std::to_string(first) + ")");
  }
#endif
}

}  // namespace detail::batch_kernels

namespace batch {

/// Runs the chunks one after another on the calling thread.
struct sequential {
  template <class F>
  void operator()(std::size_t chunks, F&& run) const {
    for (std::size_t c = 0; c < chunks; ++c) run(c);
  }
};

inline constexpr std::size_t default_chunk_size = 16384;

/// out[i] = erlang_c(servers[i], load[i]) for every i.
///
/// - servers, load, out: equal sizes (else domain_error naming the sizes).
/// - exec: runs the chunks (see the top of this header); chunk_size: elements
///   per chunk.
/// - errors: a negative or infinite element gives NaN in out and, once every
///   chunk has run, domain_error for the lowest such index, worded as the
///   scalar function's with " (at index i)"; NaN in gives NaN out, quietly.
///   With ERLANGKIT_NO_EXCEPTIONS only the NaN.
/// - accuracy: <= 1e-12 relative, as erlang_c (worst 1.05e-13 on the tables of
///   tests/data, where erlang_c itself reaches 4.9e-14).
template <class Executor = sequential>
void erlang_c(std::span<const double> servers, std::span<const double> load, std::span<double> out,
              Executor&& exec = {}, std::size_t chunk_size = default_chunk_size) {
  detail::batch_kernels::run_chunked<true>("batch::erlang_c", servers, load, out, exec, chunk_size);
}

/// out[i] = erlang_b(servers[i], load[i]) for every i; as batch::erlang_c.
template <class Executor = sequential>
void erlang_b(std::span<const double> servers, std::span<const double> load, std::span<double> out,
              Executor&& exec = {}, std::size_t chunk_size = default_chunk_size) {
  detail::batch_kernels::run_chunked<false>("batch::erlang_b", servers, load, out, exec, chunk_size);
}

}  // namespace batch
}  // namespace erlangkit
