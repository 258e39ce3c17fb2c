// M/M/n/N+M: Erlang-A with a finite number of lines. N lines in total carry
// the n agents' calls and the callers waiting; a caller who finds all N lines
// taken is blocked (hears a busy tone) and lost. Waiting callers hang up after
// an exponential patience (or never, with patience = +inf: M/M/n/N). The
// model of every real trunk group, and the first model added through the
// generic layers: this file plus one line in queue.hpp (docs/architecture.md).
// Derivations: docs/math/finite_lines.md.
//
// The state space is finite, so every measure is a finite sum over the K = N - n
// queue states; agents are whole (fractional_agents = false). With q_k the
// stationary probability of k callers waiting (all n agents busy), and
// starting from k waiting, the offered wait V of a new caller is a sum of
// exponentials with rates (n + i c)/aht, i = 0..k, c = aht/patience:
//   P(V > t | k)        = P(NB(x, q) <= k)      x = n/c, q = e^{-t/patience}
//   P(S | k)            = n / (n + (k+1) c)
//   P(S, W > t | k)     = P(S | k) P(NB(x+1, q) <= k)
// (NB the negative binomial law, which becomes Poisson(n t/aht) as c -> 0),
// and the measures are these, weighted by q_k and summed (PASTA).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "../math/erlang_b.hpp"
#include "../math/numeric.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct finite_lines_state;

template <class T = double>
struct finite_lines {
  using real_type = T;
  static constexpr std::string_view name = "finite_lines";
  static constexpr bool fractional_agents = false;
  static constexpr bool abandons = true;

  T arrival_rate;  ///< lambda: arrivals per time unit, finite and >= 0
  T aht;           ///< average handle time 1/mu, finite and > 0
  T patience;      ///< mean patience 1/theta, > 0; +inf: callers never hang up
  T lines;         ///< N: lines in total (talking and waiting), whole, finite, >= agents

  bool has_nan() const { return detail::any_nan(arrival_rate, aht, patience, lines); }
  bool validate(std::string_view fn) const {
    if (!detail::check_nonneg(fn, "arrival_rate", arrival_rate) || !detail::check_positive(fn, "aht", aht) ||
        !detail::check_patience(fn, patience) || !detail::check_nonneg(fn, "lines", lines))
      return false;
    return detail::check_whole(fn, "lines", lines);
  }
  bool check_agents(std::string_view fn, T n) const {
    if (n <= lines) return true;
    detail::raise_domain_error<T>(fn, "lines", lines, ">= agents (" + detail::format_value(n) + ")");
    return false;
  }
  T max_agents() const { return lines; }  // an agent needs a line
  static constexpr std::string_view max_agents_name = "lines";
  T offered_load() const { return arrival_rate * aht; }
  finite_lines with_arrival_rate(T rate) const { return {rate, aht, patience, lines}; }

  finite_lines_state<T> at(T n) const;
};

template <class T>
finite_lines(T, T, T, T) -> finite_lines<T>;

// Most queue states a finite_lines evaluation sums over (after dropping those
// of negligible probability): 10^6 states bound each call to ~50 ms and
// ~40 MB; past it the call reports an evaluation_error instead of running on
// (tests/test_finite_lines.cpp, HugeStateSpacesAreReportedNotSummed).
inline constexpr double finite_lines_max_states = 1e6;

template <class T>
struct finite_lines_state {
  T n = 0, load = 0, aht = 1, patience = 1;
  T c = 0;                          // aht / patience: abandonment rate over service rate of one agent
  T k_max = 0;                      // K = N - n waiting places
  T p_no_wait = 1;                  // P(admitted and answered at once)
  T lo = 0;                         // first queue state kept; q[i] = P(k = lo + i waiting)
  std::vector<T> q;                 // stationary probabilities of the queue states lo..hi
  T log_blocked = -math::inf_v<T>;  // log P(K waiting), kept where q leaves it out

  T state(std::size_t i) const { return lo + T(i); }
  T served_given(T k) const { return n / (n + (k + 1) * c); }  // P(S | k waiting)
  T prob_blocked() const {
    return lo + T(q.size()) - 1 == k_max && !q.empty() ? q.back() : std::exp(log_blocked);
  }
  T prob_wait() const {
    T s = 0;
    for (std::size_t i = 0; i < q.size(); ++i)
      if (state(i) < k_max) s += q[i];
    return s;
  }
  T prob_no_wait() const { return p_no_wait; }
  // theta E[queue] / lambda = (c/R) sum k q_k.
  T prob_abandon() const {
    if (n == 0 && c == 0) return 0;
    T s = 0;
    for (std::size_t i = 0; i < q.size(); ++i) s += state(i) * q[i];
    if (load == 0) return n == 0 ? prob_wait() : T(0);  // R -> 0 without agents: every admitted caller
    return c / load * s;
  }
  T prob_abandon_given_wait() const {
    const T w = prob_wait();
    return w == 0 ? T(0) : prob_abandon() / w;
  }
  T prob_served() const {
    T s = p_no_wait;
    for (std::size_t i = 0; i < q.size(); ++i)
      if (state(i) < k_max && n > 0) s += q[i] * served_given(state(i));
    return s;
  }
  // E[W | k] = (k+1) aht / (n + (k+1) c): E[min(V, patience)].
  T mean_wait() const {
    T s = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
      const T k = state(i);
      if (k >= k_max) continue;
      if (n == 0) {
        s += q[i] * (c == 0 ? math::inf_v<T> : patience);
        continue;
      }
      s += q[i] * (k + 1) * aht / (n + (k + 1) * c);
    }
    return s;
  }
  // E[W; S | k] = P(S|k) aht sum_{i=1..k+1} 1/(n + i c) (the tilted rates).
  T mean_wait_served() const { return harmonic_weighted(1, true); }
  // E[V | admitted], E[V | k] = aht sum_{i=0..k} 1/(n + i c).
  T mean_virtual_wait() const {
    if (n == 0) return prob_wait() > 0 ? math::inf_v<T> : T(0);
    const T admitted = p_no_wait + prob_wait();
    return admitted == 0 ? T(0) : harmonic_weighted(0, false) / admitted;
  }
  T patience_survival(T t) const { return std::exp(-t / patience); }

  struct time_measures {
    T answered, virtual_in, virtual_out, abandon_out;
    T answered_within() const { return answered; }
    T virtual_within() const { return virtual_in; }
    T virtual_tail() const { return virtual_out; }
    T abandon_tail() const { return abandon_out; }
  };
  time_measures at_time(T t) const;

 private:
  T harmonic_weighted(int first, bool served) const {
    if (n == 0) return 0;
    T s = 0, h = 0;
    T k_next = 0;  // harmonic sums accumulate from k = 0
    for (std::size_t i = 0; i < q.size(); ++i) {
      const T k = state(i);
      if (k >= k_max) break;
      for (; k_next <= k; k_next += 1) h += 1 / (n + (k_next + first) * c);
      s += q[i] * (served ? served_given(k) : T(1)) * aht * h;
    }
    return s;
  }
};

template <class T>
finite_lines_state<T> finite_lines<T>::at(T n) const {
  finite_lines_state<T> s;
  s.n = n, s.load = offered_load(), s.aht = aht, s.patience = patience;
  s.c = std::isinf(patience) ? T(0) : aht / patience;
  s.k_max = lines - n;
  const T R = s.load;
  if (R == 0) {  // nobody arrives: a (virtual) arrival finds the system empty
    // Without agents, the limit as the arrival rate -> 0, as Erlang-C's
    // C(0, 0) = 1: a caller who hangs up waits (or is blocked without a
    // line); one who never does is blocked, as the lines fill at any load.
    if (n == 0) s.lo = s.c == 0 ? s.k_max : T(0), s.q.assign(1, T(1)), s.p_no_wait = 0;
    return s;
  }
  // Relative weights of the queue states: t_k = prod_{i<=k} R/(n + i c),
  // t_0 = 1, against sum_{j<n} pi_j/pi_n = 1/B(n,R) - 1 for the states with
  // idle agents. Ratios fall with k, so the weights peak at the k where they
  // cross 1 and fall at least geometrically on each side: sum outward from
  // the peak (in logs, so no weight overflows) and drop what is below
  // rounding.
  auto log_ratio = [&](T k) { return std::log(R / (n + k * s.c)); };  // log t_k - log t_{k-1}
  T peak;
  if (s.c > 0)
    peak = std::clamp(std::floor((R - n) / s.c), T(0), s.k_max);
  else
    peak = R > n ? s.k_max : T(0);
  if (n == 0 && s.c == 0) peak = s.k_max;         // nobody serves, nobody leaves: the lines fill
  const T cutoff = std::log(math::eps_v<T>) - 8;  // terms below eps/3000 of the peak change nothing
  T lo = peak, hi = peak;
  std::vector<T> down, up;  // log weights relative to the peak, below and above it
  const auto room = static_cast<std::size_t>(finite_lines_max_states);
  for (T k = peak, lw = 0; k > 0 && lw > cutoff && down.size() < room;) {
    lw -= log_ratio(k);
    k -= 1;
    if (lw > cutoff) down.push_back(lw), lo = k;
  }
  for (T k = peak, lw = 0; k < s.k_max && lw > cutoff && down.size() + up.size() < room;) {
    k += 1;
    lw += log_ratio(k);
    if (lw > cutoff) up.push_back(lw), hi = k;
  }
  if (down.size() + up.size() >= room) {
    detail::raise_evaluation_error<T>("finite_lines", "too many queue states to sum",
                                      {{"agents", n}, {"lines", lines}, {"load", R}});
    s.q.assign(1, math::nan_v<T>);
    s.p_no_wait = math::nan_v<T>;
    return s;
  }
  // log t_k: k log(R/n) without abandonment, else y^k Gamma(x+1)/Gamma(x+k+1)
  // (x = n/c, y = R/c) as a ratio of two Poisson pmf values in Loader's form.
  auto log_t = [&](T k) {
    if (k == 0) return T(0);
    if (s.c == 0) return k * std::log(R / n);
    return math::log_poisson_pmf(n / s.c + k, R / s.c) - math::log_poisson_pmf(n / s.c, R / s.c);
  };
  const T log_t_peak = log_t(peak);
  const T idle = n == 0 ? T(0) : math::inverse_erlang_b(n, R) - 1;  // sum_{j<n} pi_j / pi_n
  s.lo = lo;
  s.q.resize(static_cast<std::size_t>(hi - lo + 1));
  T total = 0;
  for (std::size_t i = 0; i < down.size(); ++i) s.q[down.size() - 1 - i] = std::exp(down[i]);
  s.q[down.size()] = 1;
  for (std::size_t i = 0; i < up.size(); ++i) s.q[down.size() + 1 + i] = std::exp(up[i]);
  for (T v : s.q) total += v;
  // pi_n t_peak = 1 / (idle / t_peak + total); idle / t_peak underflows to 0
  // when the queue states dominate, and is +inf when B underflows.
  const T idle_scaled = std::isinf(idle) ? idle : idle * std::exp(-log_t_peak);
  if (std::isinf(idle_scaled)) {
    s.q.assign(s.q.size(), T(0));
    return s;  // all callers find an idle agent
  }
  const T norm = 1 / (idle_scaled + total);
  for (T& v : s.q) v *= norm;
  s.p_no_wait = idle_scaled * norm;
  // Blocking below the states kept: pi_N = pi_n t_K, from the same log form.
  if (hi < s.k_max) s.log_blocked = std::log(norm) + log_t(s.k_max) - log_t_peak;
  return s;
}

// Distribution function F(k) = P(X <= k) and its complement G(k) = P(X > k)
// for k = 0..k_last of a law on 0, 1, 2, ... with P(X = 0) = e^{log_p0} and
// P(X = j)/P(X = j-1) = ratio(j), each kept without cancellation: F summed
// upward, G downward from the tail beyond k_last (summed until below
// rounding; the ratios fall below 1 past the mode and stay below their
// limit, bounded by `ratio_limit`).
template <class T, class Ratio>
void cdf_both(T log_p0, Ratio ratio, T ratio_limit, std::size_t k_last, std::vector<T>& F,
              std::vector<T>& G) {
  std::vector<T> lp(k_last + 1);
  lp[0] = log_p0;
  for (std::size_t j = 1; j <= k_last; ++j) lp[j] = lp[j - 1] + std::log(ratio(T(j)));
  // The tail beyond k_last, in logs relative to lp[k_last].
  T tail = 0;
  {
    T l = 0;
    T j = T(k_last) + 1;
    math::sum_series<T>("finite_lines service level", {{"k", T(k_last)}}, [&](T) {
      const T r = ratio(j);
      l += std::log(r);
      const T term = std::exp(l);
      tail += term;
      j += 1;
      const T next = std::max(ratio(j), ratio_limit);
      return math::series_part<T>{tail, next < 1 ? term * next / (1 - next) : math::inf_v<T>};
    });
  }
  F.resize(k_last + 1);
  G.resize(k_last + 1);
  T acc = 0;
  const T top = *std::max_element(lp.begin(), lp.end());
  for (std::size_t j = 0; j <= k_last; ++j) {
    acc += std::exp(lp[j] - top);
    F[j] = std::min(T(1), acc * std::exp(top));
  }
  T back = tail * std::exp(lp[k_last]);
  for (std::size_t j = k_last + 1; j-- > 0;) {
    G[j] = std::min(T(1), back);
    back += std::exp(lp[j]);
  }
}

template <class T>
typename finite_lines_state<T>::time_measures finite_lines_state<T>::at_time(T t) const {
  time_measures m{p_no_wait, p_no_wait, 0, 0};
  if (q.empty() || lo >= k_max) return m;  // nobody waits (blocked or answered at once)
  const T last = std::min(lo + T(q.size()) - 1, k_max - 1);
  if (last + 1 > finite_lines_max_states) {
    const T nan = detail::raise_evaluation_error<T>("finite_lines", "too many queue states to sum",
                                                    {{"agents", n}, {"waiting places", k_max}});
    return {nan, nan, nan, nan};
  }
  const auto k_last = static_cast<std::size_t>(last);
  const T qt = std::exp(-t / patience);
  if (n == 0) {  // nobody is answered; the admitted wait until they hang up (or for ever)
    const T admitted = prob_wait();
    return {0, 0, admitted, admitted * qt};
  }
  std::vector<T> F, G, F1, G1;
  if (c == 0) {  // Poisson(n t / aht) service completions in t
    const T mean = n * t / aht;
    auto ratio = [&](T j) { return mean / j; };
    cdf_both<T>(-mean, ratio, T(0), k_last, F, G);
    F1 = F, G1 = G;
  } else {
    const T x = n / c, one_minus_q = -std::expm1(-t / patience);
    if (one_minus_q == 0) {  // t = 0: nothing happens in no time
      F.assign(k_last + 1, T(1)), G.assign(k_last + 1, T(0));
      F1 = F, G1 = G;
    } else {
      auto ratio = [&](T j) { return (x + j - 1) * one_minus_q / j; };
      auto ratio1 = [&](T j) { return (x + j) * one_minus_q / j; };
      cdf_both<T>(-n * t / aht, ratio, one_minus_q, k_last, F, G);
      cdf_both<T>(-(n + c) * t / aht, ratio1, one_minus_q, k_last, F1, G1);
    }
  }
  for (std::size_t i = 0; i < q.size(); ++i) {
    const T k = state(i);
    if (k >= k_max) break;
    const auto j = static_cast<std::size_t>(k);
    const T served = served_given(k);
    m.answered += q[i] * served * G1[j];
    m.virtual_in += q[i] * G[j];
    m.virtual_out += q[i] * F[j];
    // P(W > t | k) - P(S, W > t | k); its rounding is eps-small against the
    // denominator 1 - P(Ab, W <= t) it is used in (excl_short_abandons).
    m.abandon_out += q[i] * std::max(T(0), qt * F[j] - served * F1[j]);
  }
  return m;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
