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
#include "../math/gamma.hpp"
#include "../math/numeric.hpp"
#include "../math/series.hpp"
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
  // Each death rate with j > n callers in, min(j, n)/aht + (j - n)/patience,
  // changes by 1/aht - 1/patience when an agent is added: it falls, and
  // P(blocked) grows, when callers hang up sooner than a call lasts
  // (staffing::blocking_target; tests/test_fuzz_regressions.cpp,
  // FiniteLinesBlockingGrowsWithAgents).
  bool blocking_grows_with_agents() const { return patience < aht; }
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
  // P(S | k waiting) = n / (n + (k+1) c) and P(Ab | k) = (k+1) c / (n + (k+1) c),
  // written so that c = +inf (patience below 1/DBL_MAX of the AHT) gives 0
  // and 1, not inf/inf; with no agents and no abandonment nobody leaves.
  T served_given(T k) const { return n == 0 ? T(0) : n / (n + (k + 1) * c); }
  T abandon_given(T k) const {
    if (n == 0) return c == 0 ? T(0) : T(1);
    return 1 / (1 + n / ((k + 1) * c));
  }
  T prob_blocked() const {
    return lo + T(q.size()) - 1 == k_max && !q.empty() ? q.back() : std::exp(log_blocked);
  }
  // A probability above 1/2 is taken as the complement of the others, which
  // are then below 1/2 and summed without cancellation: the direct sum would
  // carry its rounding (a few ulps) past 1 where nearly every caller waits.
  T prob_wait() const {
    const T waiting = sum_waiting([](T) { return T(1); });
    return waiting <= T(0.5) ? waiting : std::max(T(0), 1 - p_no_wait - prob_blocked());
  }
  T prob_no_wait() const { return p_no_wait; }
  T prob_served() const {
    return p_no_wait + sum_waiting([&](T k) { return served_given(k); });
  }
  // Over the arrivals (PASTA): sum_k q_k P(Ab | k), which is theta E[queue]/lambda
  // without the factor c/R that overflows at tiny loads.
  T prob_abandon() const {
    const T abandoning = sum_waiting([&](T k) { return abandon_given(k); });
    return abandoning <= T(0.5) ? abandoning : std::max(T(0), 1 - prob_served() - prob_blocked());
  }
  // P(Ab | k) <= 1 term by term, so a ratio above 1 is rounding.
  T prob_abandon_given_wait() const {
    const T w = prob_wait();
    return w == 0 ? T(0) : std::min(T(1), prob_abandon() / w);
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
    T answered, virtual_in, virtual_out, abandon_out, share;
    T answered_within() const { return answered; }
    T answered_share() const { return share; }
    T virtual_within() const { return virtual_in; }
    T virtual_tail() const { return virtual_out; }
    T abandon_tail() const { return abandon_out; }
  };
  time_measures at_time(T t) const;

 private:
  // sum_k q_k f(k) over the kept states k < K: non-negative terms, so each
  // sum keeps its relative accuracy.
  template <class F>
  T sum_waiting(F f) const {
    T s = 0;
    for (std::size_t i = 0; i < q.size() && state(i) < k_max; ++i) s += q[i] * f(state(i));
    return s;
  }
  // sum_{j=0..k} 1/(n + (j + first) c) in closed form: (k+1)/n without
  // abandonment, else a difference of digamma values (math::harmonic_shift,
  // x = n/c), so that its cost does not grow with k.
  T harmonic(T k, int first) const {
    if (c == 0) return (k + 1) / n;
    const T x = n / c;
    return first == 0 ? 1 / n + math::harmonic_shift(x, k) / c : math::harmonic_shift(x, k + 1) / c;
  }
  // The sums above from the first kept state's closed form, then one term per
  // kept state: O(states kept), not O(K) (the lines can number 2^52).
  T harmonic_weighted(int first, bool served) const {
    if (n == 0) return 0;
    T s = 0, h = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
      const T k = state(i);
      if (k >= k_max) break;
      h = i == 0 ? harmonic(k, first) : h + 1 / (n + (k + first) * c);
      s += q[i] * (served ? served_given(k) : T(1)) * aht * h;
    }
    return s;
  }
};

// log t_k = log prod_{i=1..k} R/(n + i c) for the queue state k: k log(R/n)
// without abandonment; with it k log(R/n) - log((x+1)_k / x^k), x = n/c,
// whose second term is x [(1+d) log(1+d) - d] + log(1+d)/2 + stirlerr(x+k) -
// stirlerr(x), d = k/x (Stirling's form of log Gamma; each part keeps its
// relative accuracy, so it stays exact as x -> inf, where the terms of the
// Poisson-pmf form below, each of size ~x, cancel: P(blocked) 18% off from
// x ~ 1e17, tests/test_fuzz_regressions.cpp,
// FiniteLinesBlockingWithHugePatience). Below x = 15, where stirlerr is
// lgamma's, y^k Gamma(x+1)/Gamma(x+k+1) (y = R/c) as a ratio of two Poisson
// pmf values in Loader's form.
template <class T>
T finite_lines_log_weight(T k, T n, T R, T c) {
  if (k == 0) return 0;
  if (c == 0) return k * std::log(R / n);
  const T x = n / c;
  if (x >= 15) {
    const T d = k / x, l1 = std::log1p(d);
    return k * std::log(R / n) -
           (x * (math::log1pmx(d) + d * l1) + l1 / 2 + (math::stirlerr(x + k) - math::stirlerr(x)));
  }
  const T w = math::log_poisson_pmf(x + k, R / c) - math::log_poisson_pmf(x, R / c);
  if (std::isfinite(w)) return w;
  // R/c underflowed (a patience near the smallest doubles at a tiny load: the
  // two log-pmfs are -inf, their difference NaN): log R and log c apart, and
  // log (x+1)_k as a gamma difference, which x < 15 keeps small
  // (tests/test_fuzz_regressions.cpp, FiniteLinesBlockingAtPatienceNearZero).
  return k * (std::log(R) - std::log(c)) - (math::log_gamma(x + k + 1) - math::log_gamma(x + 1));
}

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
  auto log_t = [&](T k) { return finite_lines_log_weight(k, n, R, s.c); };
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

// The continued fraction 1/(1 + d_1/(1 + d_2/(1 + ...))) of the regularized
// incomplete beta function, I_z(a, b) = z^a (1-z)^b / (a B(a, b)) times it
// (DLMF 8.17.22), by the modified Lentz algorithm, for z < (a+1)/(a+b+2), the
// only place it is called, where it converges fast: 367 steps at most for a
// up to 1e6 and b up to 1e12 at z 0.1% below the bound (measured when it was
// written); past the library's term limit it raises evaluation_error.
template <class T>
T incomplete_beta_cf(T a, T b, T z) {
  return math::continued_fraction<T>("finite_lines service level", {{"a", a}, {"b", b}, {"z", z}}, [&](T i) {
    if (i == 1) return math::fraction_term<T>{1, 1};
    const T j = i - 1;
    if (std::fmod(j, T(2)) == 1) {  // d_{2m+1} = -(a+m)(a+b+m) z / ((a+2m)(a+2m+1))
      const T m = (j - 1) / 2;
      return math::fraction_term<T>{-(a + m) * ((a + b + m) * z) / ((a + 2 * m) * (a + 2 * m + 1)), 1};
    }
    const T m = j / 2;  // d_{2m} = m(b-m) z / ((a+2m-1)(a+2m))
    return math::fraction_term<T>{m * ((b - m) * z) / ((a + 2 * m - 1) * (a + 2 * m)), 1};
  });
}

// Distribution function F(k) = P(X <= k) and its complement G(k) = P(X > k),
// k = 0..k_last, of a law on 0, 1, 2, ... given its pmf p[0..k_last] (in
// place: p becomes G) and G(k_last): F summed upward, G downward from
// G(k_last), both sums of non-negative terms.
template <class T>
void cdf_from_pmf(std::vector<T>& p, T g_last, std::vector<T>& F, std::vector<T>& G) {
  const std::size_t size = p.size();
  F.resize(size);
  T acc = 0;
  for (std::size_t j = 0; j < size; ++j) F[j] = std::min(T(1), acc += p[j]);
  T back = g_last;
  for (std::size_t j = size; j-- > 0;) {
    const T pj = p[j];
    p[j] = std::min(T(1), back);
    back += pj;
  }
  G.swap(p);
}

// The tables of X ~ NB(s, e^{-u}) (P(X = j) = Gamma(s+j)/(Gamma(s) j!) q^s
// z^j, q = e^{-u}, z = 1 - q; log_p0 = -s u given by the caller from its
// inputs). G(k) = I_z(k+1, s) = P(X = k+1) times the continued fraction above
// where that converges fast; elsewhere X's mass sits above k (z >= (k+2)/(k+s+3)
// puts k below the mean, up to one), and G(k) = (1 - q^s) - sum_{1<=j<=k} P(X = j)
// loses at most a factor ~log(k+3) to cancellation (the share of the tail
// in the whole when s -> 0, the worst case). No sum runs over the tail, whose
// ratios tend to z -> 1 as u grows (~40 e^u terms: 10^7 at u = 12).
// With log_p0 = -inf (t or n t/aht past the doubles) X is +inf: F = 0, G = 1.
template <class T>
void negative_binomial_tables(T s, T z, T log_p0, std::size_t k_last, std::vector<T>& F, std::vector<T>& G) {
  if (!(log_p0 > -math::inf_v<T>)) {
    F.assign(k_last + 1, T(0)), G.assign(k_last + 1, T(1));
    return;
  }
  auto ratio = [&](T j) { return (s + j - 1) * z / j; };
  std::vector<T> p(k_last + 1);
  T lp = log_p0;
  p[0] = std::exp(lp);
  for (std::size_t j = 1; j <= k_last; ++j) p[j] = std::exp(lp += std::log(ratio(T(j))));
  const T k = T(k_last);
  T g_last;
  if (z < (k + 2) / (k + s + 3)) {
    g_last = std::exp(lp + std::log(ratio(k + 1))) * incomplete_beta_cf(k + 1, s, z);
  } else {
    T head = 0;
    for (std::size_t j = 1; j <= k_last; ++j) head += p[j];
    g_last = std::max(T(0), -std::expm1(log_p0) - head);
  }
  cdf_from_pmf(p, g_last, F, G);
}

// The same for X ~ Poisson(mean): G(k) = P(k+1, mean), the regularized
// lower incomplete gamma function (math::gamma_p).
template <class T>
void poisson_tables(T mean, std::size_t k_last, std::vector<T>& F, std::vector<T>& G) {
  if (!(mean < math::inf_v<T>)) {
    F.assign(k_last + 1, T(0)), G.assign(k_last + 1, T(1));
    return;
  }
  std::vector<T> p(k_last + 1);
  T lp = -mean;
  p[0] = std::exp(lp);
  for (std::size_t j = 1; j <= k_last; ++j) p[j] = std::exp(lp += std::log(mean / T(j)));
  cdf_from_pmf(p, math::gamma_p(T(k_last) + 1, mean), F, G);
}

template <class T>
typename finite_lines_state<T>::time_measures finite_lines_state<T>::at_time(T t) const {
  // Nobody waits (blocked or answered at once): every answered call is
  // answered at once, which holds even where P(S) underflows (agents and
  // arrivals answer some).
  time_measures m{p_no_wait, p_no_wait, 0, 0, n > 0 || p_no_wait > 0 ? T(1) : T(0)};
  if (q.empty() || lo >= k_max) return m;
  const T last = std::min(lo + T(q.size()) - 1, k_max - 1);
  if (last + 1 > finite_lines_max_states) {
    const T nan = detail::raise_evaluation_error<T>("finite_lines", "too many queue states to sum",
                                                    {{"agents", n}, {"waiting places", k_max}});
    return {nan, nan, nan, nan, nan};
  }
  const auto k_last = static_cast<std::size_t>(last);
  const T qt = std::exp(-t / patience);
  if (n == 0) {  // nobody is answered; the admitted wait until they hang up (or for ever)
    const T admitted = prob_wait();
    return {0, 0, admitted, admitted * qt, 0};
  }
  std::vector<T> F, G, F1, G1;
  if (c == 0) {  // Poisson(n t / aht) service completions in t
    poisson_tables(n * t / aht, k_last, F, G);
    F1 = F, G1 = G;
  } else {
    const T x = n / c, one_minus_q = -std::expm1(-t / patience);
    if (one_minus_q == 0) {  // t = 0: nothing happens in no time
      F.assign(k_last + 1, T(1)), G.assign(k_last + 1, T(0));
      F1 = F, G1 = G;
    } else {
      negative_binomial_tables(x, one_minus_q, -n * t / aht, k_last, F, G);
      negative_binomial_tables(x + 1, one_minus_q, -(n + c) * t / aht, k_last, F1, G1);
    }
  }
  auto add = [&](T k, T qk) {
    const auto j = static_cast<std::size_t>(k);
    const T served = served_given(k);
    m.answered += qk * served * G1[j];
    m.virtual_in += qk * G[j];
    m.virtual_out += qk * F[j];
    // P(W > t | k) - P(S, W > t | k); its rounding is eps-small against the
    // denominator 1 - P(Ab, W <= t) it is used in (excl_short_abandons).
    m.abandon_out += qk * std::max(T(0), qt * F[j] - served * F1[j]);
  };
  for (std::size_t i = 0; i < q.size(); ++i) {
    const T k = state(i);
    if (k >= k_max) break;
    add(k, q[i]);
  }
  // The states below those kept: negligible in the probabilities, but where
  // the service level is below ~1e-6 (overload) they can carry all of it,
  // since a caller who finds few waiting is the one answered in time. Their
  // weights fall going down (the ratios R/(n + k c) are >= 1 below the peak),
  // so the walk stops where they underflow; the tables span 0..k_last anyway.
  // The walk multiplies (no log and exp per state): it rounds by an ulp a
  // step, as the sums of log ratios would. q[0] is at least eps/3000 of the
  // peak, which is at least 1/(states + 1) unless nearly every caller finds
  // an idle agent.
  T qk = q[0];
  for (T k = lo; k > 0 && qk > 0;) {
    qk *= (n + k * c) / load;
    k -= 1;
    add(k, qk);
  }
  // Each table entry is a probability, so P(S, W <= t) <= P(S) and
  // P(V > t) <= P(W > 0) term by term; past them is rounding (or the states
  // below those kept, which P(S) and P(W > 0) leave out as negligible).
  const T served_all = prob_served();
  m.answered = std::min(m.answered, served_all);
  m.virtual_out = std::min(m.virtual_out, prob_wait());
  m.share = served_all == 0 ? T(0) : m.answered / served_all;
  return m;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
