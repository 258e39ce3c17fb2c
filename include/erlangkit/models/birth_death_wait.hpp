// The waiting- and sojourn-time distributions (FCFS) of the birth-death
// family of birth_death.hpp, and their quantiles. Derivation:
// docs/classic_queues.md, "Waiting and sojourn times".
//
// An admitted arrival finds j in the system with the arrival-weighted law
// lambda_j pi_j / sum_{i<K} lambda_i pi_i (PASTA for Poisson arrivals; for m
// sources, the law of the others). With j >= c it waits for m = j - c + 1
// completions at rate a = c mu (every server stays busy meanwhile, and later
// arrivals queue behind it), an Erlang(m, a) time; then it is served, an
// Exp(mu) time. With alpha_0 = P(no wait) and alpha_m = P(m completions to
// wait for), and N(x) ~ Poisson(x):
//   P(Wq > t) = sum_m alpha_m P(N(at) <= m - 1) = sum_k P(N(at) = k) T(k+1),
//   T(i) = sum_{m >= i} alpha_m;
//   P(W > t)  = alpha_0 e^{-mu t} + sum_k P(N(at) = k) (T(k+1) + H(k)),
//   H(k) = H(k-1) / r + alpha_k, H(0) = 0, r = c / (c - 1) (H(k) = alpha_k at c = 1).
// The sums run over the k where the Poisson pmf is not negligible: a window
// of about 80 sqrt(at) terms, whatever the chain's length.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../math/numeric.hpp"
#include "../math/roots.hpp"
#include "birth_death.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

// Longest finite chain whose time distributions are built: the law over 1e7
// states takes ~0.45 s and ~0.25 GB (bench ClassicWait: K = 1e4 0.3 ms,
// K = 1e6 25 ms, both linear in K); beyond, an evaluation_error.
inline constexpr double birth_death_wait_max_states = 1e7;

/// The waiting time Wq and the sojourn time W = Wq + service of an admitted
/// customer, FCFS. Build once (birth_death_times(q)) and evaluate at many t.
template <class T>
struct birth_death_time_law {
  T mu = 1, a = 1;      // service rate, completion rate c mu while all c are busy
  T c = 1;              // servers
  bool closed = false;  // M/M/c (closed forms) or M/M/inf (no wait)
  T C = 0, theta = 0;   // M/M/c: P(wait), c mu - lambda
  T no_wait = 1;        // alpha_0
  std::vector<T> tail;  // T(i), i = 1..M (tail[i-1]); finite chains
  std::vector<T> h;     // H(k), k = 1..M; past M, H(k) = H(M) r^-(k - M)
  T r = 0;              // c / (c - 1), +inf at c = 1
  bool valid = false;

  /// P(Wq > t).
  T wait_survival(T t) const {
    if (!valid || std::isnan(t)) return math::nan_v<T>;
    if (t < 0) return 1;
    if (t == std::numeric_limits<T>::infinity()) return 0;
    if (closed) return C == 0 ? T(0) : C * std::exp(-theta * t);
    // the suffix sums' rounding can pass 1 by an ulp or two (a random hunt over 3,000 queues)
    return std::min(T(1), poisson_mix(t, false));
  }
  /// P(W > t), W = Wq + an Exp(mu) service.
  T sojourn_survival(T t) const {
    if (!valid || std::isnan(t)) return math::nan_v<T>;
    if (t <= 0) return 1;
    if (t == std::numeric_limits<T>::infinity()) return 0;
    const T served = std::exp(-mu * t);
    if (closed) {
      if (C == 0) return served;
      // P(E + B > t), E ~ Exp(theta), B ~ Exp(mu): e^{-theta t} + theta e^{-mu t}
      // (1 - e^{-(theta - mu) t}) / (theta - mu), the fraction as t times
      // -expm1(-x)/x, x = (theta - mu) t, stable through theta = mu.
      const T x = (theta - mu) * t;
      const T g = x == 0 ? t : t * -std::expm1(-x) / x;
      return (1 - C) * served + C * (std::exp(-theta * t) + theta * served * g);
    }
    return std::min(T(1), no_wait * served + poisson_mix(t, true));
  }

 private:
  // sum_k pmf(k; a t) (T(k+1) + [with_h] H(k)) over the pmf's window.
  T poisson_mix(T t, bool with_h) const {
    const std::size_t M = tail.size();
    if (M == 0) return 0;
    const T x = a * t;
    const T spread = 40 * std::sqrt(x) + 60;  // P(|N - x| > spread) < e^-90: below any sum's rounding
    const T lo_k = std::max(T(0), std::floor(x - spread));
    // Past M only H is left, falling by 1/r a step (nothing at c = 1).
    const T hi_k = with_h && r < std::numeric_limits<T>::infinity() ? std::ceil(x + spread)
                                                                    : std::min(T(M), std::ceil(x + spread));
    T sum = 0;
    // k stays a T until it is known to index the tables (k <= M): far out
    // (t huge) it is beyond any integer type, and there the first weight
    // already underflows and ends the loop.
    for (T kk = lo_k; kk <= hi_k; kk += 1) {
      T weight = 0;
      if (kk <= T(M)) {
        const auto k = static_cast<std::size_t>(kk);
        if (k < M) weight = tail[k];
        if (with_h && k >= 1) weight += h[k - 1];
      } else if (with_h) {
        weight = h[M - 1] * std::pow(r, -(kk - T(M)));
      }
      if (weight == 0) {
        if (kk > T(M)) break;  // past M only H is left, and it only falls
        continue;
      }
      sum += weight * (x == 0 ? T(kk == 0) : std::exp(math::log_poisson_pmf(kk, x)));
    }
    return sum;
  }
};

namespace detail_bd {

// A time t >= 0 (+inf allowed: the survival there is 0); NaN passes on as NaN.
template <class T>
bool check_time(std::string_view fn, T t) {
  if (std::isnan(t) || t >= 0) return true;
  erlangkit::detail::raise_domain_error<T>(fn, "t", t, ">= 0");
  return false;
}

}  // namespace detail_bd

/// Builds the time law of q. Errors as models::metrics (domain_error for bad
/// parameters or an unstable M/M/c); evaluation_error for a finite chain
/// longer than birth_death_wait_max_states. Cost O(min(K, m)) to build, then
/// O(sqrt(c mu t)) a survival value (O(1) for M/M/c and M/M/inf).
template <class T>
birth_death_time_law<T> birth_death_times(const birth_death_queue<T>& q,
                                          std::string_view fn = "birth_death_times") {
  birth_death_time_law<T> law;
  const T inf = std::numeric_limits<T>::infinity();
  if (erlangkit::detail::any_nan(q.arrival_rate, q.service_rate, q.servers, q.capacity, q.sources) ||
      !detail_bd::check(fn, q))
    return law;
  const T lam = q.arrival_rate, mu = q.service_rate, c = q.servers, K = q.capacity, m = q.sources;
  law.mu = mu, law.c = c, law.a = c * mu;
  if (c == inf || (K == inf && m == inf)) {
    law.closed = true;
    if (c < inf) law.C = math::erlang_c(c, lam / mu), law.theta = c * mu - lam;
    law.no_wait = 1 - law.C;
    law.valid = true;
    return law;
  }
  const T last = std::min(K, m);
  if (last > T(birth_death_wait_max_states)) {
    erlangkit::detail::raise_evaluation_error<T>(fn, "the chain is longer than 1e7 states",
                                                 {{"capacity", K}, {"sources", m}});
    return law;
  }
  const auto n = static_cast<std::size_t>(last);
  const auto p = state_probabilities(q, n);
  // Admitted arrivals in state j: lambda_j p_j for j < K (a finite source
  // arrives at (m - j) lambda; at j = m nobody is left to arrive).
  T total = 0, waiting = 0;
  const auto cs = static_cast<std::size_t>(c);
  // Waiting arrivals find j = c .. min(K - 1, last) (at j = m no source is left to arrive).
  const T jmax = std::min(K - 1, last);
  const std::size_t M = jmax >= c ? static_cast<std::size_t>(jmax - c) + 1 : 0;
  law.tail.assign(M, T(0));
  for (std::size_t j = 0; j <= n; ++j) {
    if (T(j) >= K) break;
    const T rate = (m == inf ? lam : (m - T(j)) * lam) * p[j];
    total += rate;
    if (j >= cs) law.tail[j - cs] = rate, waiting += rate;  // alpha_{j - c + 1}, unnormalised
  }
  if (!(total > 0)) {  // nobody arrives: an arrival (virtual) finds the system empty
    law.no_wait = 1, law.tail.clear(), law.valid = true;
    return law;
  }
  law.no_wait = (total - waiting) / total;
  for (T& v : law.tail) v /= total;
  law.h.assign(M, T(0));
  const T r = c == 1 ? inf : c / (c - 1);
  law.r = r;
  for (std::size_t i = 0; i < M; ++i) law.h[i] = (i > 0 && r < inf ? law.h[i - 1] / r : T(0)) + law.tail[i];
  for (std::size_t i = M; i-- > 1;) law.tail[i - 1] += law.tail[i];  // suffix sums: T(i)
  law.valid = true;
  return law;
}

/// P(Wq > t): the probability that an admitted customer waits longer than t
/// (units of the rates). Exact (docs/classic_queues.md): M/M/c C e^{-(c mu -
/// lambda) t}; M/M/inf 0; a finite chain a Poisson mixture of its
/// arrival-weighted law. Accuracy ~1e-14 relative (tests/test_birth_death_wait.cpp).
template <class T>
T waiting_time_survival(const birth_death_queue<T>& q, T t) {
  if (!detail_bd::check_time("waiting_time_survival", t)) return math::nan_v<T>;
  return birth_death_times(q, "waiting_time_survival").wait_survival(t);
}

/// P(W > t): the probability that an admitted customer spends longer than t
/// in the system (wait and service).
template <class T>
T sojourn_time_survival(const birth_death_queue<T>& q, T t) {
  if (!detail_bd::check_time("sojourn_time_survival", t)) return math::nan_v<T>;
  return birth_death_times(q, "sojourn_time_survival").sojourn_survival(t);
}

namespace detail_bd {

// The smallest t with P(X <= t) >= p, for a survival function S that falls
// from S(0) to 0: 0 where 1 - S(0) >= p already, else a bracketed root of
// (1 - S(t)) - p, the bracket found by doubling from `start`.
template <class T, class S>
T quantile(std::string_view fn, T p, S survival, T start) {
  if (std::isnan(p)) return math::nan_v<T>;
  if (!erlangkit::detail::check_probability_target<T>(fn, "p", p)) return math::nan_v<T>;
  auto margin = [&](T t) { return (1 - survival(t)) - p; };
  if (margin(0) >= 0) return T(0);
  if (!(start > 0 && std::isfinite(start))) start = 1;
  const auto fail = math::first_failure_by_doubling<T>([&](T t) { return -margin(t); }, start);
  if (!fail) return math::inf_v<T>;
  const T lo = *fail > start ? *fail / 2 : T(0);
  return math::bracketed_root<T>(fn, margin, lo, *fail);
}

}  // namespace detail_bd

/// The p-quantile of the wait of an admitted customer: the smallest t with
/// P(Wq <= t) >= p (0 when P(no wait) >= p), p strictly between 0 and 1.
/// A bracketed root (math/roots.hpp) of the exact distribution, to a few
/// ulps of t. Errors: domain_error for p outside (0, 1) and as metrics().
template <class T>
T waiting_time_quantile(const birth_death_queue<T>& q, T p) {
  constexpr auto fn = "waiting_time_quantile";
  const auto law = birth_death_times(q, fn);
  if (!law.valid) return math::nan_v<T>;
  return detail_bd::quantile<T>(
      fn, p, [&](T t) { return law.wait_survival(t); }, 1 / law.a);
}

/// The p-quantile of the sojourn time (wait and service) of an admitted
/// customer, as waiting_time_quantile.
template <class T>
T sojourn_time_quantile(const birth_death_queue<T>& q, T p) {
  constexpr auto fn = "sojourn_time_quantile";
  const auto law = birth_death_times(q, fn);
  if (!law.valid) return math::nan_v<T>;
  return detail_bd::quantile<T>(
      fn, p, [&](T t) { return law.sojourn_survival(t); }, 1 / law.mu);
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
