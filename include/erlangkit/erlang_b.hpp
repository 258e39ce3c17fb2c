// Erlang-B: blocking probability of the M/M/n/n loss system.
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "detail/check.hpp"
#include "detail/gamma.hpp"
#include "detail/temme.hpp"

namespace erlangkit {
namespace detail {

// Largest whole n for which inverse_erlang_b takes the recursion below: past it
// the special-function route is cheaper (bench: InverseErlangBRoutes).
inline constexpr int small_n_max = 128;

// Whether the recursion takes (n, R): whole n up to small_n_max, and R not so
// small that 1/R overflows (the special-function route keeps B's subnormal
// values there).
template <class T>
bool recursion_applies(T n, T R) {
  return (n <= small_n_max) & (R >= T(1e-300)) & (n == std::floor(n));  // & : no branches (batch.hpp)
}

// 1/B(n, R) for whole n by the forward recursion x_k = 1 + a_k x_{k-1},
// a_k = k/R, x_0 = 1. Four steps fold into one, x_k = c0 + c1 x_{k-4} with
// c1 = a_k a_{k-1} a_{k-2} a_{k-3} and c0 = 1 + a_k (1 + a_{k-1} (1 + a_{k-2})),
// so the dependent chain is one FMA per four agents instead of the textbook
// B_k = R B_{k-1} / (k + R B_{k-1}) with a division in every step. All terms
// are positive, so rounding errors never cancel into a loss: within
// (n + 2) eps / 2 of a long-double sum for n <= 128 (tests/test_erlang_b.cpp; mostly the
// rounding of 1/R, which every a_k shares). Evaluated in at least double so
// float callers keep full float precision. Overflows to +inf only when 1/B
// itself does.
template <class T>
T inverse_erlang_b_recursion(int n, T R) {
  using W = std::common_type_t<T, double>;
  const W r = 1 / W(R);
  W x = 1;
  int k = 1;
  for (; k <= n % 4; ++k) x = muladd(W(k) * r, x, W(1));
  // k as a floating counter: int-to-double conversions cost more than the
  // math here. k + 1, k + 2, k + 3 are exact.
  for (W kf = k; kf <= n; kf += 4) {
    const W a1 = kf * r, a2 = (kf + 1) * r, a3 = (kf + 2) * r, a4 = (kf + 3) * r;
    const W c0 = muladd(a4, muladd(a3, 1 + a2, W(1)), W(1));
    x = muladd((a4 * a3) * (a2 * a1), x, c0);
  }
  return static_cast<T>(x);
}

// 1/B(n, R) for real n >= 0, R > 0 through the incomplete gamma function;
// +inf when B underflows.
//
// Jagerman's continuous extension B(n,R) = pmf(n;R) / Q(n+1,R) gives
//   1/B = R K(n+1, R)                                   (R >= n+1)
//   1/B = 1/pmf(n;R) - R/(n+1) M(1, n+2, R)             (R <  n+1)
// with K and M as in detail/gamma.hpp. In the second form the subtracted
// term is P(n+1,R)/pmf(n;R) with P <= ~0.53, so at most one bit is lost.
// Near the transition, where the series and the continued fraction need
// O(sqrt(n)) terms, K comes from Temme's expansion on both sides
// (upper_gamma_ratio), which costs the same at every n.
template <class T>
T inverse_erlang_b_gamma(T n, T R) {
  const T s = n + 1;
  // 1/B >= 1 always (B(0,R) = 1 exactly); rounding must not push B above 1.
  if (R >= s || temme_applies(s, R)) return std::max(T(1), R * upper_gamma_ratio(s, R));
  const T inv_pmf = std::exp(-log_poisson_pmf(n, R));
  if (std::isinf(inv_pmf)) return inv_pmf;
  return std::max(T(1), inv_pmf - R / s * (1 + kummer_series(s, R).m_minus_1));
}

// 1/B(n, R) for real n >= 0, R >= 0: the recursion for small whole n (the
// usual queue, where its few multiply-adds beat any special function), the
// incomplete gamma function otherwise.
template <class T>
T inverse_erlang_b(T n, T R) {
  if (R == 0) return n == 0 ? T(1) : inf_v<T>;
  if (recursion_applies(n, R)) return inverse_erlang_b_recursion(static_cast<int>(n), R);
  return inverse_erlang_b_gamma(n, R);
}

}  // namespace detail

/// Erlang-B blocking probability B(servers, load) of the M/M/n/n loss system:
/// the share of calls that find all `servers` busy and are lost.
///
/// - servers: number of servers n, real and >= 0 (Jagerman's continuous
///   extension: exact at integers, smooth and increasing-in-n between them).
/// - load: offered load R = arrival rate x mean holding time, in Erlangs, >= 0.
/// - returns B in [0, 1]; B(0, R) = 1 and B(n > 0, 0) = 0. Values below the
///   smallest double come back as 0.
/// - errors: erlangkit::domain_error for negative or infinite arguments; NaN
///   in gives NaN out.
/// - formula: B = R^n e^-R / Gamma(n+1, R) (Jagerman 1974), evaluated through
///   the ratio of the Poisson pmf to the regularized upper incomplete gamma
///   function (series, continued fraction, or Temme's uniform expansion near
///   R ~ n for n >= 99); for whole n <= 128 the forward recursion of 1/B, whose
///   few fused multiply-adds are cheaper there. The cost does not grow with n.
/// - accuracy: relative error <= 1e-12 against 50-digit references for n up to
///   1e6 (tests/data/erlang_bc.csv).
template <class S, class L>
detail::promote_t<S, L> erlang_b(S servers, L load) {
  using T = detail::promote_t<S, L>;
  const T n = servers, R = load;
  if (detail::any_nan(n, R)) return detail::nan_v<T>;
  if (!detail::check_nonneg("erlang_b", "servers", n) || !detail::check_nonneg("erlang_b", "load", R))
    return detail::nan_v<T>;
  return 1 / detail::inverse_erlang_b(n, R);
}

}  // namespace erlangkit
