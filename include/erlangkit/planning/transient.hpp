// The transient day: Erlang-A (exponential patience, or none) with an arrival
// rate, a handle time and a whole number of agents that change from interval
// to interval, solved through the day so that the queue left at the end of one
// interval is carried into the next (docs/transient.md).
//
// The chain: k = calls in the system, k -> k+1 at rate lambda_i, k -> k-1 at
// rate mu_i min(k, n_i) + theta max(k - n_i, 0). Inside an interval it is a
// fixed chain, solved by uniformisation: with Lambda >= every exit rate and
// P = I + Q/Lambda, pi(t) = sum_j Pois(j; Lambda t) pi0 P^j and
// integral_0^L pi = (1/Lambda) sum_j P(N > j) pi0 P^j, N ~ Pois(Lambda L),
// so one sweep of matrix-vector products gives the end distribution and the
// time integral that every interval measure is built from.
//
// Error budget per interval (all of it a loss of probability mass, tallied and
// reported as error_bound): the Poisson weights cut where the left and right
// tails are bounded by a geometric series; states whose probability falls
// below a threshold trimmed off the ends of the band that is carried. A
// measure bounded by F is then off by at most F * error_bound; queue-length
// measures by at most (highest state) * error_bound.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "../models/erlang_a.hpp"
#include "../models/erlang_b.hpp"
#include "../models/erlang_c.hpp"
#include "../staffing/agents.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace planning {

/// Options of transient_day.
template <class T = double>
struct transient_options {
  T patience = std::numeric_limits<T>::infinity();  ///< mean patience 1/theta (> 0; +inf: nobody abandons)
  T target_time = 20;                               ///< service-level threshold tau (finite, >= 0)
  std::span<const T> initial = {};  ///< P(k calls in system) at the start; empty: the day starts empty
  /// Most states the chain may use; reaching it raises evaluation_error. The
  /// cost of a day grows with the states in use (docs/transient.md).
  std::size_t max_states = std::size_t(1) << 20;
};

/// Time-averaged measures of one interval.
template <class T = double>
struct transient_interval {
  T arrivals = 0;       ///< expected arrivals, lambda_i L
  T answered = 0;       ///< expected calls that start service in the interval
  T abandoned = 0;      ///< expected abandonments, theta * integral E[queue]
  T completed = 0;      ///< expected service completions, mu_i * integral E[busy]
  T service_level = 1;  ///< share of the interval's arrivals answered within target_time (1 with no arrivals)
  T asa = 0;  ///< mean wait of the interval's answered arrivals (0 with no arrivals; +inf with no agents)
  T abandon_rate = 0;               ///< abandoned / arrivals (0 with no arrivals)
  T occupancy = 0;                  ///< integral E[busy] / (n_i L) (0 with no agents)
  T mean_queue = 0;                 ///< time-averaged E[calls waiting]
  T mean_in_system_start = 0;       ///< E[calls in system] at the interval's start
  T mean_in_system_end = 0;         ///< E[calls in system] at the interval's end
  T error_bound = 0;                ///< probability mass given up by the truncations in this interval
  std::vector<T> end_distribution;  ///< P(k calls in system) at the interval's end, k = 0, 1, ...
};

template <class T = double>
struct transient_day_result {
  std::vector<transient_interval<T>> intervals;  ///< empty after an error in the no-exceptions mode
  std::size_t states = 0;                        ///< highest state count used by any interval
};

namespace detail_transient {

// Normalised Poisson(q) weights w[j - left], j = left..right, from the mode
// outward (Fox & Glynn 1988: no underflow, no cancellation); the cut tails
// are bounded by geometric series (ratio w_{j+1}/w_j = q/(j+1) < 1 above the
// mode, w_{j-1}/w_j = j/q < 1 below) and their sum returned in `cut`.
template <class T>
struct poisson_window {
  std::size_t left = 0, right = 0;
  std::vector<T> w;
  T cut = 0;
};

template <class T>
poisson_window<T> poisson_weights(T q, T eps) {
  poisson_window<T> p;
  const auto mode = static_cast<std::size_t>(std::floor(q));
  std::vector<T> up{T(1)}, down;
  T total = 1, left_tail = 0, right_tail = 0;
  // Right: stop once w_j r/(1 - r), r = q/(j + 2), bounds the rest.
  for (std::size_t j = mode;; ++j) {
    const T r = q / T(j + 2);
    const T next = up.back() * q / T(j + 1);
    if (r < 1 && up.back() * r / (1 - r) <= eps * total) {
      right_tail = up.back() * r / (1 - r);
      break;
    }
    up.push_back(next);
    total += next;
  }
  // Left: w_{j-1} = w_j j/q; the rest below j is <= w_j r/(1 - r), r = (j - 1)/q.
  T cur = 1;
  for (std::size_t j = mode; j > 0; --j) {
    const T r = T(j - 1) / q;
    if (cur * (T(j) / q) / (1 - r) <= eps * total) {
      left_tail = cur * (T(j) / q) / (1 - r);
      break;
    }
    cur *= T(j) / q;
    down.push_back(cur);
    total += cur;
  }
  p.left = mode - down.size();
  p.right = mode + up.size() - 1;
  p.w.reserve(down.size() + up.size());
  for (auto it = down.rbegin(); it != down.rend(); ++it) p.w.push_back(*it / total);
  for (const T v : up) p.w.push_back(v / total);
  p.cut = (left_tail + right_tail) / total;
  return p;
}

// Per-state answer measures for an arrival that finds k calls in the system,
// with n agents held for its wait: it is answered once the M = k - n + 1
// phases ahead of it end (rates r_m = n mu + theta m, m = k - n .. 0) before
// its own exp(theta) patience. p_k = P(answered) = prod r_m/(r_m + theta),
// e_k = E[W; answered] = p_k sum 1/(r_m + theta) (the tilted phases are
// exp(r_m + theta)), s_k = P(answered, W <= tau) by backward uniformisation
// of the phase chain (s_k = 1 for k < n).
template <class T>
struct answer_table {
  std::vector<T> p, e, s;
};

template <class T>
answer_table<T> answer_measures(std::size_t states, std::size_t n, T mu, T theta, T tau, T eps) {
  answer_table<T> a;
  a.p.assign(states, T(1));
  a.e.assign(states, T(0));
  a.s.assign(states, T(1));
  if (states <= n) return a;
  const std::size_t queued = states - n;  // queue positions m = 0 .. queued - 1
  if (n == 0) {
    std::fill(a.p.begin(), a.p.end(), T(0));
    std::fill(a.s.begin(), a.s.end(), T(0));
    return a;
  }
  const T nmu = T(n) * mu;
  T prod = 1, sum = 0;
  for (std::size_t m = 0; m < queued; ++m) {
    const T r = nmu + theta * T(m);
    prod *= r / (r + theta);
    sum += 1 / (r + theta);
    a.p[n + m] = prod;
    a.e[n + m] = prod * sum;
  }
  std::vector<T> u(queued, T(0));
  if (tau > 0) {
    const T rate = nmu + theta * T(queued);  // >= every exit rate r_m + theta
    const auto win = poisson_weights(rate * tau, eps);
    std::vector<T> h(queued, T(0)), g(queued);
    // h_j(m) = P(answered by step j | position m); answered is absorbing (h = 1).
    for (std::size_t j = 0; j <= win.right; ++j) {
      if (j >= win.left) {
        const T w = win.w[j - win.left];
        for (std::size_t m = 0; m < queued; ++m) u[m] += w * h[m];
      }
      const std::size_t top =
          std::min(queued, j + 1);  // positions >= j + 1 cannot be answered in j + 1 steps
      for (std::size_t m = 0; m < top; ++m) {
        const T r = nmu + theta * T(m);
        const T below = m == 0 ? T(1) : h[m - 1];
        g[m] = (1 - (r + theta) / rate) * h[m] + (r / rate) * below;
      }
      std::copy(g.begin(), g.begin() + static_cast<std::ptrdiff_t>(top), h.begin());
    }
  }
  for (std::size_t m = 0; m < queued; ++m) a.s[n + m] = u[m];
  return a;
}

}  // namespace detail_transient

/// Solves a day of Erlang-A (or Erlang-C with patience = +inf) with
/// piecewise-constant parameters, carrying the state from interval to interval.
///
/// - arrival_rate[i]: lambda_i per time unit (finite, >= 0); agents[i]: whole,
///   >= 0 (real agents have no meaning for the chain); aht: one value for the
///   day or one per interval (finite, > 0); length: the interval length
///   (finite, > 0), all in one time unit.
/// - options: patience, target_time, initial distribution (sums to 1 within
///   1e-9, entries >= 0), max_states.
/// - returns per interval the time-averaged measures of transient_interval.
///   Service level and ASA: an arrival at time t sees pi(t) (PASTA) and waits
///   with the agents of its own interval held for its whole wait (exact inside
///   an interval; at a boundary where agents change, an approximation that
///   errs in the direction of the change).
/// - accuracy: each interval gives up at most error_bound of probability mass
///   (<= max(1e-14, 64 eps) per interval by construction); the measures are
///   accurate to ~1e-12 (tests/test_transient.cpp: against a matrix
///   exponential in long double and a stationary Erlang-A day).
/// - cost: per interval about Lambda L + 8 sqrt(Lambda L) tridiagonal sweeps
///   over the states carrying probability, Lambda = the largest exit rate.
/// - errors: domain_error for bad input; evaluation_error when the chain needs
///   more than max_states states.
template <class T>
transient_day_result<T> transient_day(std::span<const T> arrival_rate, std::span<const T> agents,
                                      std::span<const T> aht, T length,
                                      const transient_options<T>& options = {}) {
  constexpr auto fn = "transient_day";
  transient_day_result<T> out;
  const std::size_t days = arrival_rate.size();
  if (agents.size() != days) {
    detail::raise_domain_error<T>(fn, "the number of agents", agents.size(),
                                  "one per interval (" + std::to_string(days) + ")");
    return out;
  }
  if (aht.size() != 1 && aht.size() != days) {
    detail::raise_domain_error<T>(fn, "the number of aht values", aht.size(),
                                  "1 or one per interval (" + std::to_string(days) + ")");
    return out;
  }
  if (!detail::check_positive<T>(fn, "length", length) || !detail::check_patience<T>(fn, options.patience) ||
      !detail::check_nonneg<T>(fn, "target_time", options.target_time))
    return out;
  for (std::size_t i = 0; i < days; ++i) {
    const std::string at = "[" + std::to_string(i) + "]";
    if (!detail::check_nonneg<T>(fn, "arrival_rate" + at, arrival_rate[i]) ||
        !detail::check_nonneg<T>(fn, "agents" + at, agents[i]) ||
        !detail::check_whole<T>(fn, "agents" + at, agents[i]))
      return out;
    if (i < aht.size() && !detail::check_positive<T>(fn, "aht" + at, aht[i])) return out;
    if (agents[i] + 2 >= T(options.max_states)) {
      detail::raise_domain_error<T>(fn, "agents" + at, agents[i], "below max_states - 2");
      return out;
    }
  }
  // Mass each interval may give up: 1e-14 keeps every measure 1e-10 from the
  // dense exponential (Transient.MatchesDenseExponential*) with room for
  // rounding; 64 eps is where float's own rounding takes over (FloatAndLongDouble).
  const T eps = std::max(T(1e-14), 64 * std::numeric_limits<T>::epsilon());
  std::vector<T> v;
  if (options.initial.empty()) {
    v.assign(1, T(1));
  } else {
    T total = 0;
    for (std::size_t k = 0; k < options.initial.size(); ++k) {
      if (!(options.initial[k] >= 0 && options.initial[k] <= 1)) {
        detail::raise_domain_error<T>(fn, "initial[" + std::to_string(k) + "]", options.initial[k],
                                      "a probability in [0, 1]");
        return out;
      }
      total += options.initial[k];
    }
    if (!(std::abs(total - 1) <= T(1e-9)) || options.initial.size() > options.max_states) {
      detail::raise_domain_error<T>(fn, "the sum of initial", total,
                                    "1 within 1e-9, over at most max_states states");
      return out;
    }
    v.assign(options.initial.begin(), options.initial.end());
    for (T& x : v) x /= total;
  }
  const T theta = std::isinf(options.patience) ? T(0) : 1 / options.patience;
  const T tau = options.target_time;
  out.intervals.reserve(days);
  std::vector<T> a, b, c, next, integral, end;
  for (std::size_t i = 0; i < days; ++i) {
    const T lambda = arrival_rate[i];
    const T mu = 1 / aht[aht.size() == 1 ? 0 : i];
    const auto n = static_cast<std::size_t>(agents[i]);
    const auto death = [&](std::size_t k) { return k <= n ? mu * T(k) : mu * T(n) + theta * T(k - n); };
    // Highest state the interval may reach; with patience, the uniformisation
    // rate grows with it, so it starts near where the queue can go (the
    // queue is at most M/M/inf with rate theta: mean lambda/theta) and is
    // doubled (the interval redone) if the band reaches it.
    // The margins only set where a redo happens (correctness does not depend
    // on them): 8 standard deviations of the Poisson queue and 32 states made
    // no interval of bench/transient_day.py redo, while a tighter cap keeps
    // Lambda (and the sweeps) low.
    std::size_t cap = std::max(v.size() + 16, n + 32);
    if (theta > 0) {
      const T spread = lambda / theta;
      cap = std::max(cap, n + static_cast<std::size_t>(std::ceil(spread + 8 * std::sqrt(spread))) + 32);
    }
    const std::size_t start_states = v.size();
    transient_interval<T> res;
    for (std::size_t k = 0; k < v.size(); ++k) res.mean_in_system_start += T(k) * v[k];
    for (;;) {
      if (cap > options.max_states) cap = options.max_states;
      const T big_lambda = theta > 0 ? lambda + death(cap) : lambda + mu * T(n);
      const T trim_budget = eps / 4;
      T lost = 0;
      bool reached_cap = false;
      std::size_t lo = 0, hi = start_states;  // band [lo, hi)
      std::vector<T> cur(v);
      cur.resize(cap, T(0));
      next.assign(cap, T(0));
      integral.assign(cap, T(0));
      end.assign(cap, T(0));
      const std::size_t top_used_start = hi;
      std::size_t top_used = top_used_start;
      if (big_lambda > 0) {
        const T q = big_lambda * length;
        const auto win = detail_transient::poisson_weights(q, eps / 4);
        lost += win.cut;
        // G[j] = P(N > j) from the normalised weights, summed from the top.
        std::vector<T> tail(win.right + 1, T(0));
        T acc = 0;
        for (std::size_t j = win.right + 1; j-- > 0;) {
          tail[j] = acc;  // P(N > j)
          if (j >= win.left) acc += win.w[j - win.left];
        }
        a.resize(cap);
        b.resize(cap);
        c.resize(cap);
        for (std::size_t k = 0; k < cap; ++k) {
          const T d = death(k);
          a[k] = 1 - (lambda + d) / big_lambda;
          b[k] = lambda / big_lambda;  // up from k
          c[k] = d / big_lambda;       // down from k
        }
        // A state is dropped below a quarter of the budget's share per step,
        // so the budget lasts the whole sweep (error_bound < 1e-13 in every
        // test of tests/test_transient.cpp).
        const T trim_each = trim_budget / T(4 * (win.right + 1));
        T trimmed = 0;
        for (std::size_t j = 0;; ++j) {
          const T g = tail[j];
          for (std::size_t k = lo; k < hi; ++k) integral[k] += g * cur[k];
          if (j >= win.left) {
            const T w = win.w[j - win.left];
            for (std::size_t k = lo; k < hi; ++k) end[k] += w * cur[k];
          }
          if (j == win.right) break;
          // One step of P on the band; it widens by one state each way.
          const std::size_t nlo = lo > 0 ? lo - 1 : 0;
          std::size_t nhi = std::min(cap, hi + 1);
          if (hi == cap && cur[cap - 1] > 0) {
            reached_cap = true;
            break;
          }
          for (std::size_t k = nlo; k < nhi; ++k) {
            T x = a[k] * cur[k];
            if (k > 0) x += b[k - 1] * cur[k - 1];
            if (k + 1 < cap) x += c[k + 1] * cur[k + 1];
            next[k] = x;
          }
          // cur outside [lo, hi) is zero, so reading it above was exact.
          std::swap(cur, next);
          for (std::size_t k = nlo; k < nhi; ++k) next[k] = 0;
          lo = nlo;
          hi = nhi;
          // Trim negligible ends while the budget lasts.
          while (hi > lo + 1 && cur[hi - 1] < trim_each && trimmed + cur[hi - 1] <= trim_budget) {
            trimmed += cur[hi - 1];
            cur[--hi] = 0;
          }
          while (lo + 1 < hi && cur[lo] < trim_each && trimmed + cur[lo] <= trim_budget) {
            trimmed += cur[lo];
            cur[lo++] = 0;
          }
          top_used = std::max(top_used, hi);
        }
        lost += trimmed;
        for (std::size_t k = 0; k < cap; ++k) integral[k] /= big_lambda;
      } else {
        // Nothing moves: no arrivals, and no agents with no abandonment.
        for (std::size_t k = 0; k < start_states; ++k) {
          integral[k] = v[k] * length;
          end[k] = v[k];
        }
      }
      if (reached_cap) {
        if (cap >= options.max_states) {
          detail::raise_evaluation_error<T>(fn, "the queue needs more states than max_states",
                                            {{"interval", T(i)}, {"max_states", T(options.max_states)}});
          out.intervals.clear();
          return out;
        }
        cap *= 2;
        continue;
      }
      res.error_bound = lost;
      (void)top_used;
      break;
    }
    // Trailing zeros of the end distribution are dropped.
    std::size_t used = end.size();
    while (used > 1 && end[used - 1] == 0) --used;
    end.resize(used);
    const std::size_t states = std::max(used, integral.size());
    out.states = std::max(out.states, states);
    const auto ans = detail_transient::answer_measures<T>(integral.size(), n, mu, theta, tau, eps / 4);
    T busy = 0, queue = 0, starts_below = 0, queued_states = 0, s = 0, p = 0, e = 0;
    for (std::size_t k = 0; k < integral.size(); ++k) {
      const T x = integral[k];
      if (x == 0) continue;
      busy += T(std::min(k, n)) * x;
      if (k > n) {
        queue += T(k - n) * x;
        queued_states += x;
      }
      if (k < n) starts_below += x;
      s += ans.s[k] * x;
      p += ans.p[k] * x;
      e += ans.e[k] * x;
    }
    res.arrivals = lambda * length;
    res.abandoned = theta * queue;
    res.completed = mu * busy;
    res.answered = lambda * starts_below + mu * T(n) * queued_states;
    res.mean_queue = queue / length;
    res.occupancy = n > 0 ? busy / (T(n) * length) : T(0);
    if (lambda > 0) {
      res.service_level = s / length;
      res.abandon_rate = res.abandoned / res.arrivals;
      res.asa = p > 0 ? e / p : std::numeric_limits<T>::infinity();
    }
    for (std::size_t k = 0; k < end.size(); ++k) res.mean_in_system_end += T(k) * end[k];
    res.end_distribution = end;
    v = std::move(end);
    end = {};
    out.intervals.push_back(std::move(res));
  }
  return out;
}

/// Whole agents per interval for a service-level target on the transient day.
///
/// - Start: the modified offered load (MOL). The infinite-server queue with the
///   day's arrival rates has mean busy m(t), dm/dt = lambda_i - mu_i m, so over
///   interval i its time average is R_i = lambda_i/mu_i + (m_i - lambda_i/mu_i)
///   (1 - e^{-mu_i L})/(mu_i L) from m_0 = 0 (or the initial distribution's
///   mean); each interval gets the stationary Erlang-A (Erlang-C) staffing for
///   the offered convention at load R_i.
/// - Check and adjust, in time order (later intervals cannot change earlier
///   ones): given the state carried in from the staffing already fixed, interval
///   i gets the fewest agents whose transient service level meets the target,
///   searched one agent at a time from the MOL value (down while it holds, up
///   until it holds). Cost: (|change| + 2) interval solves per interval.
/// - met[i] is false where max_agents did not meet the target (agents[i] =
///   max_agents there); intervals with no arrivals meet it vacuously.
/// - errors: as transient_day; domain_error for target outside (0, 1).
template <class T>
struct transient_staffing_result {
  std::vector<T> agents;
  std::vector<T> mol_agents;  ///< the MOL starting point
  std::vector<bool> met;
  transient_day_result<T> day;  ///< the transient day at the returned agents
};

template <class T>
transient_staffing_result<T> transient_staffing(std::span<const T> arrival_rate, std::span<const T> aht,
                                                T length, T target, const transient_options<T>& options = {},
                                                T max_agents = T(100000)) {
  constexpr auto fn = "transient_staffing";
  transient_staffing_result<T> out;
  const std::size_t days = arrival_rate.size();
  if (!detail::check_probability_target<T>(fn, "target", target) ||
      !detail::check_positive<T>(fn, "length", length) || !detail::check_patience<T>(fn, options.patience) ||
      !detail::check_nonneg<T>(fn, "target_time", options.target_time) ||
      !detail::check_nonneg<T>(fn, "max_agents", max_agents) ||
      !detail::check_whole<T>(fn, "max_agents", max_agents))
    return out;
  if (aht.size() != 1 && aht.size() != days) {
    detail::raise_domain_error<T>(fn, "the number of aht values", aht.size(),
                                  "1 or one per interval (" + std::to_string(days) + ")");
    return out;
  }
  for (std::size_t i = 0; i < days; ++i) {
    const std::string at = "[" + std::to_string(i) + "]";
    if (!detail::check_nonneg<T>(fn, "arrival_rate" + at, arrival_rate[i])) return out;
    if (i < aht.size() && !detail::check_positive<T>(fn, "aht" + at, aht[i])) return out;
  }
  // MOL loads and their stationary staffing.
  T m = 0;
  for (std::size_t k = 0; k < options.initial.size(); ++k) m += T(k) * options.initial[k];
  const staffing_options<T> sopt{.max_agents = max_agents};
  for (std::size_t i = 0; i < days; ++i) {
    const T lambda = arrival_rate[i];
    const T h = aht[aht.size() == 1 ? 0 : i];
    const T mu = 1 / h;
    const T x = mu * length;
    const T steady = lambda * h;
    const T frac = -std::expm1(-x) / x;
    const T load = steady + (m - steady) * frac;
    m = steady + (m - steady) * std::exp(-x);
    T n = 0;
    if (load > 0) {
      const auto staff = [&] {
        if (std::isinf(options.patience))
          return agents_for_service_level(models::erlang_c<T>{load / h, h}, target, options.target_time,
                                          sl_convention::offered, sopt);
        return agents_for_service_level(models::erlang_a<T>{load / h, h, options.patience}, target,
                                        options.target_time, sl_convention::offered, sopt);
      };
      // Beyond max_agents the transient check below starts from max_agents.
#ifdef ERLANGKIT_NO_EXCEPTIONS
      n = staff();
      if (std::isnan(n)) clear_last_error();
#else
      try {
        n = staff();
      } catch (const infeasible_error&) {
        n = max_agents;
      }
#endif
    }
    out.mol_agents.push_back(std::isnan(n) ? max_agents : n);
  }
  // Forward sweep.
  transient_options<T> o = options;
  std::vector<T> start(options.initial.begin(), options.initial.end());
  for (std::size_t i = 0; i < days; ++i) {
    const T lambda = arrival_rate[i];
    const T h = aht[aht.size() == 1 ? 0 : i];
    o.initial = std::span<const T>(start);
    const T one_rate[1] = {lambda};
    const T one_aht[1] = {h};
    const auto solve = [&](T n) {
      const T one_agents[1] = {n};
      return transient_day<T>(one_rate, one_agents, one_aht, length, o);
    };
    const auto meets = [&](const transient_day_result<T>& r) {
      return lambda == 0 || r.intervals.front().service_level >= target;
    };
    T n = std::min(out.mol_agents[i], max_agents);
    auto r = solve(n);
    if (r.intervals.empty()) return {};
    bool ok = meets(r);
    if (ok) {
      while (n > 0) {
        auto down = solve(n - 1);
        if (down.intervals.empty()) return {};
        if (!meets(down)) break;
        n -= 1;
        r = std::move(down);
      }
    } else {
      while (n < max_agents) {
        n += 1;
        r = solve(n);
        if (r.intervals.empty()) return {};
        if (meets(r)) {
          ok = true;
          break;
        }
      }
    }
    out.agents.push_back(n);
    out.met.push_back(ok);
    start = r.intervals.front().end_distribution;
    out.day.states = std::max(out.day.states, r.states);
    out.day.intervals.push_back(std::move(r.intervals.front()));
  }
  return out;
}

}  // namespace planning
ERLANGKIT_END_NAMESPACE
