// The Erlang-B kernel: 1/B(n, R) for real n >= 0 and R >= 0, and Erlang-C
// from it, shared by the scalar functions, the models and the batch kernels
// (docs/math/erlang_b.md, docs/math/erlang_c.md §2).
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "fp.hpp"
#include "gamma.hpp"
#include "numeric.hpp"
#include "temme.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace math {

// Largest whole n for which inverse_erlang_b takes the recursion below: past it
// the special-function route is cheaper (bench: InverseErlangBRoutes).
inline constexpr int small_n_max = 128;

// Smallest load the recursion takes. Its folded step multiplies four a_k = k/R
// (k <= small_n_max), which overflows below R = 128 / max^(1/4) ~ 1e-75, and
// an overflowed product times a lane's leading zero multiplier is NaN in the
// batch kernel; below this load B ~ R^n/n! is far below the smallest double
// anyway, which the special-function route returns as 0
// (tests/test_batch.cpp, TinyLoadsGiveZeroNotNan).
inline constexpr double recursion_min_load = 1e-70;

// Whether the recursion takes (n, R): whole n up to small_n_max and R >=
// recursion_min_load.
template <class T>
bool recursion_applies(T n, T R) {
  return (n <= small_n_max) & (R >= T(recursion_min_load)) & (n == std::floor(n));  // & : no branches (batch)
}

// Four steps of x_k = 1 + a_k x_{k-1} folded into one, x_k = c0 + c1 x_{k-4}
// with c1 = a1 a2 a3 a4 and c0 = 1 + a4 (1 + a3 (1 + a2)): the dependent chain
// is one multiply-add per four agents. All terms are positive, so rounding
// errors never cancel into a loss. The one fold of the scalar recursion and of
// the batch kernel's lanes.
template <class T>
T fold4(T a1, T a2, T a3, T a4, T x) {
  const T c0 = muladd(a4, muladd(a3, 1 + a2, T(1)), T(1));
  return muladd((a4 * a3) * (a2 * a1), x, c0);
}

// 1/B(n, R) for whole n by the forward recursion x_k = 1 + a_k x_{k-1},
// a_k = k/R, x_0 = 1 (docs/math/erlang_b.md §2), four steps at a time, instead
// of the textbook B_k = R B_{k-1} / (k + R B_{k-1}) with a division in every
// step. Within (n + 2) eps / 2 of a long-double sum for n <= 128
// (tests/test_erlang_b.cpp; mostly the rounding of 1/R, which every a_k
// shares). Evaluated in at least double so float callers keep full float
// precision. Overflows to +inf only when 1/B itself does.
template <class T>
T inverse_erlang_b_recursion(int n, T R) {
  using W = std::common_type_t<T, double>;
  const W r = 1 / W(R);
  W x = 1;
  int k = 1;
  for (; k <= n % 4; ++k) x = muladd(W(k) * r, x, W(1));
  // k as a floating counter: int-to-double conversions cost more than the
  // math here. k + 1, k + 2, k + 3 are exact.
  for (W kf = k; kf <= n; kf += 4) x = fold4(kf * r, (kf + 1) * r, (kf + 2) * r, (kf + 3) * r, x);
  return static_cast<T>(x);
}

// 1/B(n, R) for real n >= 0, R > 0 through the incomplete gamma function;
// +inf when B underflows.
//
// Jagerman's continuous extension B(n,R) = pmf(n;R) / Q(n+1,R) gives
//   1/B = R K(n+1, R)                                   (R >= n+1)
//   1/B = 1/pmf(n;R) - R/(n+1) M(1, n+2, R)             (R <  n+1)
// with K and M as in gamma.hpp (docs/math/erlang_b.md §5-§6). In the second
// form the subtracted term is P(n+1,R)/pmf(n;R) with P(n+1,R) <= 1 - 1/e
// (about 0.51-0.54 once n >= 10), so at most ~1.5 bits are lost. Near the
// transition, where the series and the continued fraction need O(sqrt(n))
// terms, K comes from Temme's expansion on both sides (upper_gamma_ratio),
// which costs the same at every n.
//
// s = n + 1 is rounded past 2^53, where n + 1 == n; so is R - s. Both the
// expansion and the pmf take R - s as (R - n) - 1 instead, exact where R and n
// are close (Sterbenz), where the results are sensitive to it.
template <class T>
T inverse_erlang_b_gamma(T n, T R) {
  const T s = n + 1;
  const T r_minus_n = R - n;
  // 1/B >= 1 always (B(0,R) = 1 exactly); rounding must not push B above 1.
  if (R >= s || temme_applies(s, R)) return std::max(T(1), R * upper_gamma_ratio(s, R, r_minus_n - 1));
  const T inv_pmf = std::exp(-log_poisson_pmf(n, R, -r_minus_n));
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

// 1/B(n, R) and 1/B(n, R) - 1 = sum_{j<n} pi_j / pi_n, the odds of a free
// agent, each to full relative accuracy: 1/B - 1 taken as a difference loses
// everything where B -> 1 (few agents, or n -> 0 on the continuous
// extension: occupancy(1e-12, ...) lost 4 digits). By the recursion
// 1/B(n) - 1 = (n/R) / B(n-1); below n = 1 as n K(n, R) (docs/math/erlang_b.md
// §6). Also the odds per agent, (1/B - 1)/n, finite as n -> 0 (K(0, R) =
// e^R E1(R)), for measures that are ratios of two O(n) quantities there.
template <class T>
struct inverse_b_parts {
  T inv_b, inv_b_minus_1, odds_per_agent;
};

// Gamma(n, R) for 0 < n <= 0.2 and 0 < R < 2, by DLMF 8.7.3 written so that
// nothing cancels or overflows as n -> 0: (Gamma(1+n) - 1)/n - (R^n - 1)/n -
// R^n sum_{k>=1} (-R)^k / (k! (n+k)). The alternating sum's terms stay below e^2.
template <class T>
T small_order_upper_gamma(T n, T R) {
  T term = 1, sum = 0;
  sum_series<T>("inverse_erlang_b", {{"n", n}, {"R", R}}, [&](T k) {
    term *= -R / k;
    sum += term / (n + k);
    return series_part<T>{sum, std::abs(term) * R / (k + 1)};
  });
  const T log_r = std::log(R);
  return gamma1pm1_over_a(n) - log_r * exprel(n * log_r) - std::exp(n * log_r) * sum;
}

template <class T>
inverse_b_parts<T> inverse_erlang_b_parts(T n, T R) {
  if (R == 0)
    return n == 0 ? inverse_b_parts<T>{1, 0, inf_v<T>} : inverse_b_parts<T>{inf_v<T>, inf_v<T>, inf_v<T>};
  if (recursion_applies(n, R) && n >= 1) {
    const T before = inverse_erlang_b_recursion(static_cast<int>(n) - 1, R);
    return {1 + n / R * before, n / R * before, before / R};
  }
  const T inv_b = n == 0 ? T(1) : inverse_erlang_b_gamma(n, R);
  if (inv_b >= 2 && n >= 1) return {inv_b, inv_b - 1, (inv_b - 1) / n};  // at most one bit lost
  if (n >= 1) {
    const T before = inverse_erlang_b(n - 1, R);
    return {inv_b, n / R * before, before / R};
  }
  // 0 <= n < 1: 1/B - 1 = n K(n, R), K(n, R) = Gamma(n, R) e^R R^-n.
  T k;
  if (R >= n + 1)
    k = upper_gamma_cf(n, R);
  else if (n > T(0.2))  // R < n + 1 < 2: Gamma(n) Q(n, R) e^R R^-n; Q = 1 - P loses at most ~1.5 digits
    k = std::tgamma(n) * gamma_q(n, R) * std::exp(R - n * std::log(R));
  else
    k = small_order_upper_gamma(n, R) * std::exp(R - n * std::log(R));
  return {inv_b, n * k, k};
}

// Erlang-C's denominator R + (n - R)/B for R < n (docs/math/erlang_c.md §2):
// C = n / it and 1 - C = (n - R)(1/B - 1) / it. Both terms are positive, so
// nothing cancels near R = n, and neither C nor 1 - C is formed by
// subtracting from 1.
template <class T>
T erlang_c_denominator(T n, T R, T inv_b) {
  return R + (n - R) * inv_b;
}

template <class T>
T erlang_c_from_inverse_b(T n, T R, T inv_b) {
  return n / erlang_c_denominator(n, R, inv_b);
}

// C(n, R) for n, R >= 0: 1 in overload (R >= n, C(0, 0) included), 0 without load.
template <class T>
T erlang_c(T n, T R) {
  if (R >= n) return 1;
  if (R == 0) return 0;
  // C <= 1 as the denominator is at least n; rounded, R + (n - R)/B can come
  // out an ulp below n where B -> 1, i.e. n far below 1 (C(6.1e-183, 1.6e-183)
  // was 1 + 2^-52), so it is held at 1. Not in erlang_c_from_inverse_b: the
  // batch kernels' lanes (whole n >= 1, or n >= 99) never reach B -> 1, and
  // the clamp there cost 10% (bench ErlangCBatch); their other elements come
  // here.
  return std::min(T(1), erlang_c_from_inverse_b(n, R, inverse_erlang_b(n, R)));
}

}  // namespace math
ERLANGKIT_END_NAMESPACE
