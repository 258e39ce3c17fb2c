// Chat concurrency: n agents, each holding up to k chats at once, the handle
// time of a chat depending on how many chats its agent holds. Poisson
// arrivals at rate lambda; chats are spread evenly over the agents; with all
// n k places taken, customers queue FCFS and hang up after an exponential
// patience (or never, with patience = +inf). Docs: docs/chat.md; derivations:
// docs/math/chat.md.
//
// Notation: a_m the mean handle time of a chat while its agent holds m chats
// (m = 1..k), c_m = m / a_m the completion rate of an agent holding m chats
// (c_0 = 0). With j chats in service, j = q n + r (0 <= r < n), r agents
// hold q + 1 chats and n - r hold q, so the chain of the number in system
// is birth-death with death rate
//   mu_j = r c_{q+1} + (n - r) c_q          (j <= n k)
//   mu_j = n c_k + (j - n k) theta          (j >= n k, theta = 1/patience).
// Above n k it is the Erlang-A (Erlang-C) tail of n' = n k servers of mean
// handle time a_k, so, with T_j = pi_j / pi_{nk}, S = sum_{j<nk} T_j and A
// the Erlang-A tail sum of that queue:
//   P(W > 0) = A / (S + A),  P(no wait) = S / (S + A),
// and every measure conditional on waiting is that queue's. The state is the
// Erlang-A (or Erlang-C) state at n' = n k, aht' = a_k with its P(W > 0) and
// the quantities built on it replaced, so every measure, convention and
// solver reads it unchanged.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../math/erlang_b.hpp"
#include "../math/gamma.hpp"
#include "erlang_a.hpp"
#include "erlang_c.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct chat_state;

// Most birth-death states one chat evaluation walks (below n k, above the
// Erlang-B block of single chats): 10^7 steps bound a call to ~30 ms; past it
// the call reports an evaluation_error instead of running on
// (tests/test_chat.cpp, HugeStateSpacesAreReportedNotSummed).
inline constexpr double chat_max_states = 1e7;

/// The chat queue. Times in any one unit, rates per that unit.
///
///   erlangkit::models::chat<double> m{100.0 / 60, {4.0, 5.0, 6.5}, 3.0};
///   erlangkit::service_level(40, m, 1.0);
template <class T = double>
struct chat {
  using real_type = T;
  static constexpr std::string_view name = "chat";
  static constexpr bool fractional_agents = false;
  static constexpr bool abandons = true;

  T arrival_rate;  ///< lambda: chats arriving per time unit, finite and >= 0
  T patience;      ///< mean patience 1/theta, > 0; +inf: customers never hang up
  /// a_k / k: agent time per chat at full concurrency (set from the handle
  /// times), so that offered_load() = lambda a_k / k is the staff at which
  /// the queue's capacity n k / a_k equals the arrival rate.
  T aht;

  /// handle_times[m-1]: mean handle time of a chat while its agent holds m
  /// chats (finite, > 0); its length is the maximum concurrency k (>= 1).
  chat(T rate, std::vector<T> handle_times, T mean_patience = std::numeric_limits<T>::infinity())
      : arrival_rate(rate), patience(mean_patience), aht(0), times_(std::move(handle_times)) {
    const std::size_t k = times_.size();
    if (k == 0) return;
    aht = times_.back() / T(k);
    rates_.assign(k + 1, T(0));
    top_.assign(k + 1, T(0));
    low_ = std::numeric_limits<T>::infinity();
    for (std::size_t m = 1; m <= k; ++m) {
      rates_[m] = T(m) / times_[m - 1];
      top_[m] = std::max(top_[m - 1], rates_[m]);
      low_ = std::min(low_, rates_[m]);
    }
  }

  const std::vector<T>& handle_times() const { return times_; }
  std::size_t concurrency() const { return times_.size(); }
  T rate(std::size_t m) const { return rates_[m]; }    // c_m = m / a_m, c_0 = 0
  T top_rate(std::size_t m) const { return top_[m]; }  // max(c_1, ..., c_m)
  T low_rate() const { return low_; }                  // min(c_1, ..., c_k)

  bool has_nan() const {
    if (detail::any_nan(arrival_rate, patience)) return true;
    return std::any_of(times_.begin(), times_.end(), [](T v) { return std::isnan(v); });
  }
  bool validate(std::string_view fn) const {
    if (!detail::check_nonneg(fn, "arrival_rate", arrival_rate) || !detail::check_patience(fn, patience))
      return false;
    if (times_.empty()) {
      detail::raise_domain_error<T>(fn, "the number of handle times in aht", std::size_t(0),
                                    ">= 1 (one a concurrency level)");
      return false;
    }
    for (std::size_t m = 0; m < times_.size(); ++m)
      if (!(times_[m] > 0 && std::isfinite(times_[m]))) {
        detail::raise_domain_error<T>(fn, "aht[" + std::to_string(m) + "]", times_[m], "finite and > 0");
        return false;
      }
    return true;
  }
  T offered_load() const { return arrival_rate * aht; }
  chat with_arrival_rate(T rate) const { return {rate, times_, patience}; }

  chat_state<T> at(T n) const;

 private:
  std::vector<T> times_;  // a_1..a_k
  std::vector<T> rates_;  // c_0..c_k
  std::vector<T> top_;    // prefix maxima of c_1..c_m (top_[0] = 0)
  T low_ = 0;
};

template <class T>
chat(T, std::vector<T>, T) -> chat<T>;
template <class T>
chat(T, std::vector<T>) -> chat<T>;

template <class T>
struct chat_state {
  bool no_abandon = false;  // patience = +inf: the tail is Erlang-C's
  erlang_a_state<T> a;      // the state read when customers abandon
  erlang_c_state<T> c{0, 0, 1};
  T poison = 0;  // NaN after an evaluation error: the constant answers of the Erlang-C tail turn NaN
  T busy = 0;    // mean busy agents / n (an agent holding one chat or more)
  T chats = 0;   // mean chats in service / (n k)

  T prob_wait() const { return no_abandon ? c.prob_wait() : a.prob_wait(); }
  T prob_no_wait() const { return no_abandon ? c.prob_no_wait() : a.prob_no_wait(); }
  T prob_abandon() const { return no_abandon ? c.prob_abandon() + poison : a.prob_abandon(); }
  T prob_abandon_given_wait() const {
    return no_abandon ? c.prob_abandon_given_wait() + poison : a.prob_abandon_given_wait();
  }
  T prob_served() const { return no_abandon ? c.prob_served() + poison : a.prob_served(); }
  T mean_wait() const { return no_abandon ? c.mean_wait() : a.mean_wait(); }
  T mean_wait_served() const { return no_abandon ? c.mean_wait_served() : a.mean_wait_served(); }
  T answered_wait() const { return no_abandon ? c.mean_wait() : a.answered_wait(); }
  T mean_virtual_wait() const { return no_abandon ? c.mean_virtual_wait() : a.mean_virtual_wait(); }
  T patience_survival(T t) const { return no_abandon ? T(1) : a.patience_survival(t); }
  /// Agent occupancy: mean busy agents / n, an agent busy while it holds at
  /// least one chat.
  T occupancy() const { return busy; }
  /// Chat utilisation: mean chats in service / (n k).
  T utilisation() const { return chats; }

  struct time_measures {
    bool no_abandon;
    typename erlang_a_state<T>::time_measures a;
    typename erlang_c_state<T>::time_measures c;
    T poison;
    T answered_within() const { return no_abandon ? c.answered_within() + poison : a.answered_within(); }
    T answered_share() const { return no_abandon ? c.answered_within() + poison : a.answered_share(); }
    T virtual_within() const { return no_abandon ? c.virtual_within() + poison : a.virtual_within(); }
    T virtual_tail() const { return no_abandon ? c.virtual_tail() + poison : a.virtual_tail(); }
    T abandon_tail() const { return no_abandon ? c.abandon_tail() + poison : a.abandon_tail(); }
  };
  time_measures at_time(T t) const {
    if (no_abandon) return {true, {a, t}, c.at_time(t), poison};
    return {false, a.at_time(t), {1, 0}, 0};
  }
};

namespace detail_chat {

// The states below n k in units of pi_{nk}: S = sum_{j<nk} T_j (scaled by
// 2^e), and, per unit of S, the busy agents sum_{j<nk} min(j, n) T_j / S and
// the chats in service sum_{j<nk} j T_j / S (sums of positive terms, so the
// occupancy keeps its digits when it is small as well as near 1).
template <class T>
struct below_sums {
  T s = 0;
  int e = 0;
  T busy = 0, chats = 0;
  bool ok = true;
};

// S by the recursion T_{j-1} = T_j mu_j / lambda from j = n k down to j = n,
// then the single-chat states j < n in closed form (they are Erlang-B's:
// sum_{j<n} T_j / T_n = 1/B(n, lambda a_1) - 1). The walk stops once the
// states left are below rounding: for i <= j, mu_i <= max(mu_j, n max_{m<=q}
// c_m) (mu is linear in r within a level), so with rho that bound over
// lambda, sum_{i<j} T_i <= T_j rho/(1 - rho). T_j keeps its own binary
// exponent, so neither a deep dip nor a steep rise of the weights over- or
// underflows. Cost: one multiply-add a state walked, at most n (k-1) of them
// (near capacity ~ 40 sqrt(n k)), and chat_max_states at the most.
template <class T>
below_sums<T> sum_below(const chat<T>& m, T n) {
  below_sums<T> out;
  const std::size_t k = m.concurrency();
  const T lambda = m.arrival_rate;
  const int half = std::numeric_limits<T>::max_exponent / 2;
  const T big = std::ldexp(T(1), half), small = std::ldexp(T(1), -half);
  const T tol = std::numeric_limits<T>::epsilon() / 16;
  // Weights above n: t = T_j 2^-te, s and p (sum of (nk - j) T_j) in units of 2^se.
  T t = 1, s = 0, p = 0, f = 1;  // f = 2^(te - se)
  int te = 0, se = 0;
  std::size_t q = k;  // level: j = q n + r
  T r = 0, d = 0;     // r, and nk - j
  int lambda_e = 0;
  const T lambda_m = std::frexp(lambda, &lambda_e);
  // Whether mu/lambda can be formed directly: t stays within [2^-half, 2^half],
  // and a ratio within (2^-(half-2), 2^(half-2)) can neither overflow nor
  // underflow the product (n c_min <= mu_j <= n c_max for j >= n).
  const T limit = (half - 2) * std::log(T(2));
  const bool direct = std::log(n) + std::log(m.top_rate(k)) - std::log(lambda) < limit &&
                      std::log(n) + std::log(m.low_rate()) - std::log(lambda) > -limit;
  const T inv_lambda = 1 / lambda;
  std::size_t steps = 0;
  bool reached = k == 1;
  while (!reached) {
    const T mu = r == 0 ? n * m.rate(q) : r * m.rate(q + 1) + (n - r) * m.rate(q);
    if (direct) {
      t *= mu * inv_lambda;
    } else {
      int mu_e = 0;
      t *= std::frexp(mu, &mu_e) / lambda_m;
      te += mu_e - lambda_e;
    }
    if (r == 0)
      --q, r = n - 1;
    else
      r -= 1;
    d += 1;
    if (!direct || !(t <= big && t >= small)) {  // renormalize T_j; keep s in the larger scale
      int x = 0;
      t = std::frexp(t, &x);
      te += x;
      if (te - se > half) {
        s = std::ldexp(s, se - te), p = std::ldexp(p, se - te);
        se = te;
      }
      f = std::ldexp(T(1), te - se);
    }
    s += t * f;
    p += d * t * f;
    reached = q == 1 && r == 0;
    if (reached) break;
    if (++steps > chat_max_states) {
      out.ok = false;
      return out;
    }
    if (t * f < tol * s) {                                        // the rest bounded by a geometric series
      const T mu_here = r * m.rate(q + 1) + (n - r) * m.rate(q);  // q < k here
      const T rho = std::max(mu_here, n * m.top_rate(q)) / lambda;
      if (rho < 1) {
        const T rest = t * f * rho / (1 - rho);
        const T rest_p = t * f * (d * rho / (1 - rho) + rho / ((1 - rho) * (1 - rho)));
        if (rest <= tol * s && rest_p <= tol * p) break;
      }
    }
  }
  const T nk = n * T(k);
  if (!reached) {  // the single-chat states are below rounding: every agent busy
    out.s = s, out.e = se;
    out.busy = n, out.chats = s > 0 ? nk - p / s : nk;
    return out;
  }
  // T_n = t 2^te; below it Erlang-B's weights (relative to T_n) z = 1/B - 1,
  // and y = sum_{j<n} j T_j / T_n (docs/math/chat.md §4).
  const T load1 = lambda * m.handle_times()[0];
  const auto b = math::inverse_erlang_b_parts(n, load1);
  const T z = b.inv_b_minus_1;
  T y_over_z;  // y / z, finite where both overflow
  if (n == 1) {
    y_over_z = 0;  // no state below n has a busy agent
  } else if (load1 <= n) {
    y_over_z = std::max(T(0), load1 - n / z);  // y = R1 z - n, at most ~1.6 bits lost for R1 <= n
  } else {  // sum_{i>=1} (n - i) prod_{l<i} (n - l)/R1 (i below n), falling at once: ratio (n - i)/R1 < 1
    T w = 1, y = 0;
    for (T i = 1; i < n; i += 1) {
      w *= (n - i + 1) / load1;
      y += (n - i) * w;
      const T rho = (n - i) / load1;
      if (n * w * rho / (1 - rho) <= tol * y) break;
      if (++steps > chat_max_states) {
        out.ok = false;
        return out;
      }
    }
    y_over_z = y / z;
  }
  // u = (sum_{n<=j<nk} T_j) / T_n; S / T_n = z + u.
  const T u = s == 0 ? T(0) : std::ldexp(s / t, se - te);
  if (!std::isfinite(u)) {  // T_n negligible against the states above it
    out.s = s, out.e = se;
    out.busy = n, out.chats = nk - p / s;
    return out;
  }
  const T share = 1 / (1 + u / z);  // (z T_n) / S
  const T above = u / z * share;    // (sum_{n<=j<nk} T_j) / S
  out.busy = n * above + y_over_z * share;
  out.chats = (s > 0 ? (nk - p / s) * above : T(0)) + y_over_z * share;
  // S = s 2^se + z t 2^te, in the larger of the two scales.
  if (s == 0) {
    out.s = z * t, out.e = te;
  } else {
    out.s = s + std::ldexp(z * t, te - se), out.e = se;
  }
  return out;
}

}  // namespace detail_chat

template <class T>
chat_state<T> chat<T>::at(T n) const {
  chat_state<T> s;
  const std::size_t k = concurrency();
  const T n_top = n * T(k), aht_top = times_.back();
  const T load_top = arrival_rate * aht_top;
  s.no_abandon = std::isinf(patience);
  if (s.no_abandon)
    s.c = erlang_c<T>{arrival_rate, aht_top}.at(n_top);
  else
    s.a = erlang_a<T>{arrival_rate, aht_top, patience}.at(n_top);
  if (arrival_rate == 0 || n == 0) return s;  // nobody arrives, or nobody serves: the tail's own answer
  // The tail: 1/A, and (A - 1)/A (P(S | W > 0) = (n'/R') (A - 1)/A), as
  // erlang_a::at forms them; none where the tail is infinite (overload
  // without abandonment, or Erlang-A's flooded limit): everyone waits.
  using regime = typename erlang_a_state<T>::regime;
  const bool c_tail = s.no_abandon || s.a.limit == regime::erlang_c_limit;
  if ((c_tail && load_top >= n_top) || (!s.no_abandon && s.a.limit == regime::flooded)) {
    s.busy = s.chats = 1;
    return s;
  }
  const auto below = detail_chat::sum_below(*this, n);
  if (!below.ok) {
    const T nan = detail::raise_evaluation_error<T>("chat", "too many chat states to sum",
                                                    {{"agents", n}, {"arrival_rate", arrival_rate}});
    s.c.pw = s.c.pnw = s.poison = s.busy = s.chats = nan;
    s.no_abandon = true;
    return s;
  }
  T inv_a, served_share;
  if (c_tail) {
    inv_a = (n_top - load_top) / n_top, served_share = 1;
  } else if (s.a.series) {
    const auto kk = math::kummer(s.a.x, s.a.y, -s.a.x_minus_y);
    inv_a = 1 / (1 + kk.m_minus_1);
    served_share = kk.m_minus_1 * inv_a;
  } else {
    inv_a = std::exp(math::log_poisson_pmf(s.a.x, s.a.y, s.a.x_minus_y)) / s.a.p_xy;
    served_share = 1 - inv_a;  // A >= 2 here
  }
  const T w = std::ldexp(below.s * inv_a, below.e);  // P(no wait) / P(W > 0) = S / A
  const T pw = 1 / (1 + w), pnw = std::isinf(w) ? T(1) : w / (1 + w);
  s.busy = std::min(T(1), pw + pnw * below.busy / n);
  s.chats = std::min(T(1), pw + pnw * below.chats / n_top);
  if (c_tail) {
    s.c.pw = pw, s.c.pnw = pnw;
    if (s.no_abandon) return s;
    s.a.c.pw = pw, s.a.c.pnw = pnw;  // Erlang-A's own Erlang-C limit
    s.a.pw = pw, s.a.pnw = pnw;
    s.a.no_wait_per_load = pnw * load_top / n_top;
    return s;
  }
  s.a.pw = pw, s.a.pnw = pnw;
  s.a.pab = pw * s.a.pab_w;
  s.a.no_wait_per_load = pnw * load_top / n_top;
  s.a.served_per_load = s.a.no_wait_per_load + pw * served_share;
  s.a.ps = pnw + pw * (n_top / load_top) * served_share;
  return s;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
