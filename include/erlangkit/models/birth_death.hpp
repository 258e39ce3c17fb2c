// The classic birth-death queues: M/M/1, M/M/c, M/M/1/K, M/M/c/K, M/M/c/c
// (Erlang-B), M/M/inf and the finite-source M/M/c/K/m (Engset in the loss
// case), with every textbook measure. Docs: docs/classic_queues.md.
//
// One chain covers them all. With j customers in the system, arrivals come
// at lambda_j = lambda (unlimited sources) or (m - j) lambda (m sources, each
// arriving at rate lambda while not in the system) and are admitted while
// j < K; departures leave at mu_j = min(j, c) mu. The stationary law is
// pi_j proportional to w_j = prod_{i<j} lambda_i / mu_{i+1}, and the ratio
// w_{j+1}/w_j = lambda_j / mu_{j+1} never grows with j (lambda_j does not
// grow, mu_j does not fall), so the weights rise to one mode and then fall
// at least geometrically: past the mode the sums walk on until the weights
// underflow, a few hundred states. With unlimited room and sources the closed
// forms of M/M/c and M/M/inf are used instead.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

#include "../core/check.hpp"
#include "../math/erlang_b.hpp"
#include "../math/fp.hpp"
#include "../math/gamma.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

/// M/M/c/K/m. Rates in any one unit of time; the measures' times in that unit.
template <class T = double>
struct birth_death_queue {
  T arrival_rate;  ///< lambda: per source while not in the system (finite sources), else in total; finite, >=
                   ///< 0
  T service_rate;  ///< mu: per server, finite and > 0
  T servers = 1;   ///< c: whole and >= 1, or +inf (M/M/inf)
  T capacity = std::numeric_limits<T>::infinity();  ///< K: places in the system, whole and >= c, or +inf
  T sources = std::numeric_limits<T>::infinity();   ///< m: whole and >= 1, or +inf (Poisson arrivals)
};

/// The textbook measures of a birth-death queue in equilibrium. Times in the
/// unit of the rates. Per-customer measures are over admitted customers:
/// W = L / throughput, Wq = Lq / throughput (Little's law). Arrival
/// probabilities (p_wait, p_block) are what an arriving customer sees: with
/// finite sources, arrivals see the system without themselves, the law
/// weighted by (m - j).
template <class T = double>
struct birth_death_metrics {
  T L;            ///< mean number in the system
  T Lq;           ///< mean number waiting
  T W;            ///< mean time in the system of an admitted customer
  T Wq;           ///< mean wait of an admitted customer
  T throughput;   ///< admitted (= served) customers per unit of time
  T utilization;  ///< mean busy servers / c (0 for M/M/inf: use L, the mean busy servers)
  T p0;           ///< P(empty system)
  T p_wait;       ///< P(an arrival is admitted and waits: all c busy, a place free)
  T p_block;      ///< P(an arrival finds all K places taken)
};

namespace detail_bd {

// Largest chain the sums walk before reporting an evaluation_error: 1e8
// states bound a call to ~0.5 s (the sizes, K up to 1e6, take ~5 ms;
// bench ClassicQueue).
inline constexpr double max_states = 1e8;

// Weights are rescaled past 2^e: 7/8 of the exponent range leaves room for a
// sum of 1e8 of them and for the next weight's growth (any ratio below 2^e/8).
template <class T>
inline constexpr int rescale_exponent = std::numeric_limits<T>::max_exponent * 7 / 8;

template <class T>
bool check(std::string_view fn, const birth_death_queue<T>& q) {
  using erlangkit::detail::raise_domain_error;
  const T inf = std::numeric_limits<T>::infinity();
  if (!erlangkit::detail::check_nonneg(fn, "arrival_rate", q.arrival_rate) ||
      !erlangkit::detail::check_positive(fn, "service_rate", q.service_rate))
    return false;
  auto whole_or_inf = [&](std::string_view name, T v, T low, const char* need) {
    if ((v == inf) || (v >= low && v == std::floor(v) && std::isfinite(v))) return true;
    raise_domain_error<T>(fn, name, v, need);
    return false;
  };
  if (!whole_or_inf("servers", q.servers, 1, "a whole number >= 1, or inf") ||
      !whole_or_inf("sources", q.sources, 1, "a whole number >= 1, or inf") ||
      !whole_or_inf("capacity", q.capacity, 1, "a whole number >= servers, or inf"))
    return false;
  if (q.capacity < q.servers) {
    raise_domain_error<T>(fn, "capacity", q.capacity, "a whole number >= servers, or inf");
    return false;
  }
  if (q.capacity == inf && q.sources == inf && q.servers < inf &&
      !(q.arrival_rate < q.servers * q.service_rate)) {
    raise_domain_error<T>(fn, "arrival_rate", q.arrival_rate,
                          "< servers * service_rate (" +
                              erlangkit::detail::format_value(q.servers * q.service_rate) +
                              ") with unlimited capacity and sources: the queue grows without bound");
    return false;
  }
  return true;
}

// The sums over the chain, all scaled by one factor: S0 = sum w_j, S1 = sum j
// w_j, Sq = sum (j - c)+ w_j, A = sum of arrival rates lambda_j' w_j (blocked
// arrivals included), Aw = that over the states where an admitted arrival
// waits, Ab = that over the full state, B = sum min(j, c) w_j (busy servers).
template <class T>
struct chain_sums {
  math::compensated_sum<T> S0, S1, Sq, A, Aw, Ab, B;
  T w0 = 0;
  int shrinks = 0;  // how many times the sums were scaled by 2^-e
};

template <class T>
chain_sums<T> sums(std::string_view fn, const birth_death_queue<T>& q, bool& ok) {
  const T inf = std::numeric_limits<T>::infinity();
  const T lam = q.arrival_rate, mu = q.service_rate, c = q.servers, K = q.capacity, m = q.sources;
  const T last = std::min(K, m);  // the largest state (inf with neither: the walk ends by underflow)
  chain_sums<T> s;
  T w = 1;
  s.w0 = 1;
  // Weights above 2^e are rescaled, sums and all, by 2^-e (e = 896 for double).
  const T big = std::ldexp(T(1), rescale_exponent<T>), shrink = std::ldexp(T(1), -rescale_exponent<T>);
  for (T j = 0;; j += 1) {
    if (j > T(max_states)) {
      erlangkit::detail::raise_evaluation_error<T>(fn, "the chain is longer than 1e8 states",
                                                   {{"arrival_rate", lam}, {"capacity", K}, {"sources", m}});
      ok = false;
      return s;
    }
    const T arrive = m == inf ? lam : (m - j) * lam;  // arrivals seen in state j (blocked ones too)
    const T busy = std::min(j, c);
    s.S0 += w;
    s.S1 += j * w;
    s.B += busy * w;
    if (j > c) s.Sq += (j - c) * w;
    s.A += arrive * w;
    if (j == K)
      s.Ab += arrive * w;
    else if (j >= c)
      s.Aw += arrive * w;
    if (j >= last) break;
    const T ratio = (j < K ? arrive : T(0)) / (std::min(j + 1, c) * mu);
    const T next = w * ratio;
    // Past the mode the weights fall at least geometrically (the ratio never
    // grows), so walking on until they underflow costs a few hundred states
    // more and leaves every sum, Lq's and P(block)'s included, to the last bit.
    if (next == 0) break;
    w = next;
    if (w > big) {
      w *= shrink;
      for (auto* v : {&s.S0, &s.S1, &s.Sq, &s.A, &s.Aw, &s.Ab, &s.B}) *v *= shrink;
      s.w0 *= shrink;
      ++s.shrinks;
    }
  }
  return s;
}

}  // namespace detail_bd

/// Every measure of birth_death_metrics for q. Exact formulas summed over
/// the chain (closed forms for M/M/c and M/M/inf with unlimited room and
/// sources); cost O(states up to where the law's tail drops below 2^-60),
/// at most O(min(K, m)). Errors: domain_error for bad parameters or an
/// unstable queue (lambda >= c mu with unlimited room and sources);
/// evaluation_error past 1e8 states. Accuracy: ~1e-14 relative
/// (tests/test_birth_death.cpp against 50-digit tables).
template <class T>
birth_death_metrics<T> metrics(const birth_death_queue<T>& q) {
  constexpr auto fn = "queue_metrics";
  const T nan = math::nan_v<T>, inf = std::numeric_limits<T>::infinity();
  birth_death_metrics<T> out{nan, nan, nan, nan, nan, nan, nan, nan, nan};
  if (erlangkit::detail::any_nan(q.arrival_rate, q.service_rate, q.servers, q.capacity, q.sources) ||
      !detail_bd::check(fn, q))
    return out;
  const T lam = q.arrival_rate, mu = q.service_rate, c = q.servers;
  const T R = lam / mu;
  if (q.capacity == inf && q.sources == inf) {
    if (c == inf) {  // M/M/inf: Poisson(R) in the system, nobody waits
      return {R, 0, 1 / mu, 0, lam, 0, std::exp(-R), 0, 0};
    }
    // M/M/c: C = Erlang-C = P(j >= c), Lq = C R / (c - R), Wq = C / (c mu - lambda),
    // and p0 = P(j < c) / sum_{j<c} R^j/j! = (1 - C) e^-R / Q(c, R), where
    // 1 - C = (1 - rho)(1 - B) / (1 - rho + rho B) keeps its digits as C -> 1.
    const T C = math::erlang_c(c, R);
    const T Lq = C * R / (c - R);
    const T Wq = C / (c * mu - lam);
    const T B = 1 / math::inverse_erlang_b(c, R), rho = R / c, one_minus_rho = (c - R) / c;
    const T p0 =
        R == 0 ? T(1)
               : one_minus_rho * (1 - B) / (one_minus_rho + rho * B) * std::exp(-R) / math::gamma_q(c, R);
    return {Lq + R, Lq, Wq + 1 / mu, Wq, lam, R / c, p0, C, 0};
  }
  bool ok = true;
  const auto s = detail_bd::sums(fn, q, ok);
  if (!ok) return out;
  const T S0 = s.S0, A = s.A, Ab = s.Ab;
  const T L = T(s.S1) / S0, Lq = T(s.Sq) / S0;
  // A - Ab as the admitted part summed on its own where it is the smaller (load > 1: most are blocked)
  const T throughput = (A - Ab) / S0;
  const T p_block = A > 0 ? Ab / A : T(0);
  const T p_wait = A > 0 ? T(s.Aw) / A : T(0);
  const T busy = T(s.B) / S0;
  const T W = throughput > 0 ? L / throughput : 1 / mu, Wq = throughput > 0 ? Lq / throughput : T(0);
  return {L, Lq, W, Wq, throughput, c == inf ? T(0) : busy / c, s.w0 / S0, p_wait, p_block};
}

/// P(j in the system) for j = 0..max_state (those past the last state are
/// 0). Finite chains normalise the weights by their sum; M/M/c with unlimited
/// room and sources by sum_{j<c} w_j + w_c c / (c - R) (geometric past c);
/// M/M/inf is Poisson(R). Cost O(max_state + min(c, K, m)). Errors as
/// metrics(). Accuracy: relative error growing like j eps (1e-12 at j = 1e4).
template <class T>
std::vector<T> state_probabilities(const birth_death_queue<T>& q, std::size_t max_state) {
  constexpr auto fn = "state_probabilities";
  const T inf = std::numeric_limits<T>::infinity();
  std::vector<T> p(max_state + 1, T(0));
  if (erlangkit::detail::any_nan(q.arrival_rate, q.service_rate, q.servers, q.capacity, q.sources) ||
      !detail_bd::check(fn, q)) {
    std::fill(p.begin(), p.end(), math::nan_v<T>);
    return p;
  }
  const T lam = q.arrival_rate, mu = q.service_rate, c = q.servers, K = q.capacity, m = q.sources;
  const T R = lam / mu;
  if (c == inf && K == inf && m == inf) {  // Poisson(R)
    for (std::size_t j = 0; j <= max_state; ++j)
      p[j] = R == 0 ? T(j == 0) : std::exp(T(j) * std::log(R) - R - std::lgamma(T(j) + 1));
    return p;
  }
  const T last = std::min(K, m);
  // Weights w_j (w_0 = 1), rescaled by 2^-e when they pass 2^e: walk to
  // the end of a finite chain, or to c for M/M/c (the rest is geometric).
  const int e = detail_bd::rescale_exponent<T>;
  const T big = std::ldexp(T(1), e);
  const T stop = last < inf ? last : c;
  if (stop > T(detail_bd::max_states)) {
    erlangkit::detail::raise_evaluation_error<T>(fn, "the chain is longer than 1e8 states",
                                                 {{"servers", c}, {"capacity", K}, {"sources", m}});
    std::fill(p.begin(), p.end(), math::nan_v<T>);
    return p;
  }
  std::vector<int> shrinks_at(max_state + 1, 0);
  T w = 1;
  math::compensated_sum<T> S0;
  int shrinks = 0;
  for (T j = 0;; j += 1) {
    S0 += w;
    if (j <= T(max_state)) {
      p[std::size_t(j)] = w;
      shrinks_at[std::size_t(j)] = shrinks;
    }
    if (j >= stop) break;
    const T arrive = m == inf ? lam : (m - j) * lam;
    w *= arrive / (std::min(j + 1, c) * mu);
    if (w == 0) break;  // the rest are 0 (already in p) and add nothing to S0
    if (w > big) {
      w /= big;
      S0 *= 1 / big;
      ++shrinks;
    }
  }
  T wc = w;           // at j = stop
  if (last == inf) {  // M/M/c: the geometric tail past c, w_c rho / (1 - rho)
    const T rho = R / c;
    S0 += wc * R / (c - R);
    for (std::size_t j = std::size_t(c) + 1; j <= max_state; ++j) {
      wc *= rho;
      p[j] = wc;
      shrinks_at[j] = shrinks;
    }
  }
  for (std::size_t j = 0; j <= max_state; ++j)
    if (T(j) <= last) p[j] = std::ldexp(p[j] / S0.value(), -e * (shrinks - shrinks_at[j]));
  return p;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
