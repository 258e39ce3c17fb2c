// Deferred work (e-mail, back office, callbacks): items that wait hours for an
// answer, worked first come first served, with a response-time goal such as
// "90% answered within 8 hours" and a backlog carried from interval to
// interval. Docs: docs/deferred_work.md.
//
// The model is a fluid one. Over hours the randomness of arrivals and handle
// times is small next to the backlog (a Poisson count of v items varies by
// sqrt(v)), so arrivals are a flow spread evenly over their interval and the
// agents a flow of n / h items per unit of time; the backlog is a list of
// segments of arrival time in the order they arrived. Everything is linear
// inside a segment, so the wait of every item, the share in time and the
// backlog are exact for this model: no time step, no tolerance.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <deque>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../core/check.hpp"
#include "../math/fp.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace planning {

/// A day (or any horizon) of deferred work. Times in any one unit (say
/// seconds), the same for every field.
template <class T = double>
struct deferred_work {
  std::vector<T> arrivals;     ///< items arriving in each interval, spread evenly over it; finite, >= 0
  std::vector<T> handle_time;  ///< agent time per item, one per interval or one for all; finite, > 0
  T interval = 900;            ///< length of every interval, finite and > 0
  T deadline = 28800;          ///< an item is in time when its handling starts within deadline - handle time
                               ///< of its arrival (so it is answered within deadline); > every handle time
  T initial_backlog = 0;       ///< items waiting at the start, counted as arrivals at time 0 of interval 0
};

/// What a staffing of deferred work achieves. Per interval of work: agents,
/// items handled, backlog at the end, occupancy (work done / agent time).
/// Per interval of arrival: items answered in time, late (answered late, or
/// unanswered past their deadline at the end), pending (unanswered at the
/// end, deadline not yet passed), and the mean wait of the answered ones.
template <class T = double>
struct deferred_outcome {
  std::vector<T> agents, handled, backlog, occupancy;
  /// At the end of each interval: in time / (in time + late) over the items
  /// answered so far and those waiting past the point of being in time —
  /// what agents_for_deferred_work keeps at or above its target.
  std::vector<T> running_share;
  std::vector<T> in_time, late, pending, mean_wait;
  T arrivals = 0, answered_in_time = 0, answered_late_or_overdue = 0, pending_at_end = 0;
  /// in time / (in time + late): the share of items whose fate is known
  /// that were in time (1 when there are none).
  T share_in_time = 1;
  /// Agent time over the horizon (agents x interval summed): agent-seconds
  /// when times are in seconds.
  T agent_time = 0;
};

/// How agents_for_deferred_work spreads the agents: each interval the fewest
/// that keep the target (work done as late as the goal allows), or the same
/// number in every interval.
enum class deferred_rule { just_in_time, level };

namespace detail_deferred {

// Items that arrived between a0 and a1 (a0 == a1: all at once), in FIFO order.
template <class T>
struct segment {
  T a0, a1, mass;
  std::size_t origin;  // the interval they arrived in
};

template <class T>
struct state {
  std::deque<segment<T>> queue;
  T in_time = 0, late = 0;  // running totals over answered items
};

template <class T>
struct tallies {
  std::vector<T> in_time, late, wait_sum, answered;
};

template <class T>
T handle_time_at(const deferred_work<T>& w, std::size_t i) {
  return w.handle_time.size() == 1 ? w.handle_time[0] : w.handle_time[i];
}

// Serves interval i with n agents from state s (arrivals of i appended
// first); returns the items handled. Each segment's items x in [0, mass]
// (x = how much of it is served) arrived at a(x) = a0 + x (a1 - a0) / mass and
// start at sigma(x) = max(a(x), t0 + x / r) with t0 = max(cursor, a0): the
// server works at rate r while items wait and keeps pace with arrivals once
// it has caught up (r above their rate). The wait w(x) = sigma(x) - a(x) =
// max(0, c0 + c1 x) is linear until it reaches 0, so the share with
// w <= deadline - h and the integral of w are exact.
template <class T>
T serve_interval(const deferred_work<T>& w, std::size_t i, T n, state<T>& s, tallies<T>* t) {
  const T start = T(i) * w.interval, end = start + w.interval;
  const T h = handle_time_at(w, i), slack = w.deadline - h;
  if (w.arrivals[i] > 0) s.queue.push_back({start, end, w.arrivals[i], i});
  const T r = n / h;
  T cursor = start, handled = 0;
  while (!s.queue.empty() && r > 0) {
    auto& g = s.queue.front();
    const T t0 = std::max(cursor, g.a0);
    if (t0 >= end) break;
    const T alpha = g.mass > 0 ? (g.a1 - g.a0) / g.mass : T(0);  // arrival time per item
    T x_end = std::min(g.mass, (end - t0) * r);
    if (alpha > 0) x_end = std::min(x_end, (end - g.a0) / alpha);
    const bool whole = x_end >= g.mass;
    if (whole) x_end = g.mass;
    // w(x) = max(0, c0 + c1 x), c0 >= 0.
    const T c0 = t0 - g.a0, c1 = 1 / r - alpha;
    T on_time, wait_integral;
    if (c1 >= 0) {
      on_time = c0 > slack ? T(0) : (c1 > 0 ? std::min(x_end, (slack - c0) / c1) : x_end);
      wait_integral = x_end * (c0 + c1 * x_end / 2);
    } else {
      const T zero = std::min(x_end, c0 / -c1);  // where the server has caught up
      on_time = c0 <= slack ? x_end : x_end - std::min(x_end, (c0 - slack) / -c1);
      wait_integral = zero * (c0 + c1 * zero / 2);
    }
    on_time = std::clamp(on_time, T(0), x_end);
    s.in_time += on_time;
    s.late += x_end - on_time;
    if (t) {
      t->in_time[g.origin] += on_time;
      t->late[g.origin] += x_end - on_time;
      t->wait_sum[g.origin] += wait_integral;
      t->answered[g.origin] += x_end;
    }
    handled += x_end;
    cursor = std::max(g.a0 + alpha * x_end, t0 + x_end / r);
    if (whole) {
      s.queue.pop_front();
      continue;
    }
    g.a0 += alpha * x_end;
    g.mass -= x_end;
    break;
  }
  return handled;
}

// Items still waiting at `time` whose start could no longer be in time.
template <class T>
T overdue(const state<T>& s, T time, T slack) {
  const T cut = time - slack;  // arrived at or before cut: late whatever happens now
  T m = 0;
  for (const auto& g : s.queue) {
    if (g.a0 > cut) break;
    m += g.a1 > g.a0 ? g.mass * std::min(T(1), (cut - g.a0) / (g.a1 - g.a0)) : g.mass;
  }
  return m;
}

// Late items at the end of interval i: answered late, or waiting past the
// point of being in time.
template <class T>
T late_at_end(const deferred_work<T>& w, std::size_t i, const state<T>& s) {
  return s.late + overdue(s, T(i + 1) * w.interval, w.deadline - handle_time_at(w, i));
}

// The target, read at the end of interval i: late at most (1 - target) of
// the items whose fate is known.
template <class T>
bool target_holds(const deferred_work<T>& w, std::size_t i, const state<T>& s, T target) {
  const T late = late_at_end(w, i, s);
  // Relative slack for the sums' rounding: a plan that meets the target
  // exactly (every item in time, target 1 - tiny) must not fail on ulps.
  return late <= (1 - target) * (s.in_time + late) + 64 * math::eps_v<T> * (s.in_time + late);
}

template <class T>
bool check(std::string_view fn, const deferred_work<T>& w) {
  using erlangkit::detail::raise_domain_error;
  if (w.arrivals.empty()) {
    raise_domain_error<T>(fn, "the number of intervals", std::size_t(0), ">= 1");
    return false;
  }
  if (!erlangkit::detail::check_positive(fn, "interval", w.interval) ||
      !erlangkit::detail::check_nonneg(fn, "initial_backlog", w.initial_backlog) ||
      !erlangkit::detail::check_positive(fn, "deadline", w.deadline))
    return false;
  for (std::size_t i = 0; i < w.arrivals.size(); ++i)
    if (!erlangkit::detail::check_nonneg(fn, "arrivals[" + std::to_string(i) + "]", w.arrivals[i]))
      return false;
  if (w.handle_time.size() != 1 && w.handle_time.size() != w.arrivals.size()) {
    raise_domain_error<T>(fn, "the number of handle times", w.handle_time.size(),
                          "1 or the number of intervals (" + std::to_string(w.arrivals.size()) + ")");
    return false;
  }
  for (std::size_t i = 0; i < w.handle_time.size(); ++i) {
    const T h = w.handle_time[i];
    if (!erlangkit::detail::check_positive(fn, "handle_time[" + std::to_string(i) + "]", h)) return false;
    if (!(h < w.deadline)) {
      raise_domain_error<T>(fn, "deadline", w.deadline,
                            "> every handle time (handle_time[" + std::to_string(i) + "] is " +
                                erlangkit::detail::format_value(h) + ")");
      return false;
    }
  }
  return true;
}

template <class T>
deferred_outcome<T> nan_outcome(std::size_t intervals) {
  deferred_outcome<T> o;
  for (auto* v : {&o.agents, &o.handled, &o.backlog, &o.occupancy, &o.running_share, &o.in_time, &o.late,
                  &o.pending, &o.mean_wait})
    v->assign(intervals, math::nan_v<T>);
  o.arrivals = o.answered_in_time = o.answered_late_or_overdue = o.pending_at_end = o.share_in_time =
      o.agent_time = math::nan_v<T>;
  return o;
}

}  // namespace detail_deferred

/// What `agents` (one per interval, finite and >= 0, real allowed) achieve on
/// the deferred work w: see deferred_outcome. Cost O(intervals x segments in
/// the backlog), the backlog holding at most one segment per interval.
/// Errors: domain_error for bad input (naming the field and index). Accuracy:
/// exact for the fluid model up to the rounding of sums (1e-13 relative in
/// tests/test_deferred.cpp against a fine discretisation of the same flow).
template <class T>
deferred_outcome<T> evaluate_deferred_work(const deferred_work<T>& w, std::span<const T> agents) {
  constexpr auto fn = "evaluate_deferred_work";
  namespace dd = detail_deferred;
  const std::size_t I = w.arrivals.size();
  if (!dd::check(fn, w)) return dd::nan_outcome<T>(I);
  if (agents.size() != I) {
    erlangkit::detail::raise_domain_error<T>(fn, "the number of agents", agents.size(),
                                             "the number of intervals (" + std::to_string(I) + ")");
    return dd::nan_outcome<T>(I);
  }
  for (std::size_t i = 0; i < I; ++i)
    if (!erlangkit::detail::check_nonneg(fn, "agents[" + std::to_string(i) + "]", agents[i]))
      return dd::nan_outcome<T>(I);
  deferred_outcome<T> o;
  o.agents.assign(agents.begin(), agents.end());
  o.handled.assign(I, 0);
  o.backlog.assign(I, 0);
  o.occupancy.assign(I, 0);
  o.running_share.assign(I, 0);
  dd::tallies<T> t{std::vector<T>(I, 0), std::vector<T>(I, 0), std::vector<T>(I, 0), std::vector<T>(I, 0)};
  dd::state<T> s;
  if (w.initial_backlog > 0) s.queue.push_back({0, 0, w.initial_backlog, 0});
  for (std::size_t i = 0; i < I; ++i) {
    o.handled[i] = dd::serve_interval(w, i, agents[i], s, &t);
    T b = 0;
    for (const auto& g : s.queue) b += g.mass;
    o.backlog[i] = b;
    const T late = dd::late_at_end(w, i, s);
    o.running_share[i] = s.in_time + late > 0 ? s.in_time / (s.in_time + late) : T(1);
    o.occupancy[i] =
        agents[i] > 0 ? o.handled[i] * dd::handle_time_at(w, i) / (agents[i] * w.interval) : T(0);
    o.agent_time += agents[i] * w.interval;
  }
  // Left at the end: overdue ones are late, the others pending.
  const T end = T(I) * w.interval, cut = end - (w.deadline - dd::handle_time_at(w, I - 1));
  o.in_time = t.in_time;
  o.late = t.late;
  o.pending.assign(I, 0);
  for (const auto& g : s.queue) {
    const T due = g.a1 > g.a0 ? g.mass * std::clamp((cut - g.a0) / (g.a1 - g.a0), T(0), T(1))
                              : (g.a0 <= cut ? g.mass : T(0));
    o.late[g.origin] += due;
    o.pending[g.origin] += g.mass - due;
  }
  o.mean_wait.assign(I, math::nan_v<T>);  // NaN where nothing that arrived then was answered
  for (std::size_t i = 0; i < I; ++i) {
    if (t.answered[i] > 0) o.mean_wait[i] = t.wait_sum[i] / t.answered[i];
    o.answered_in_time += o.in_time[i];
    o.answered_late_or_overdue += o.late[i];
    o.pending_at_end += o.pending[i];
    o.arrivals += w.arrivals[i];
  }
  o.arrivals += w.initial_backlog;
  const T known = o.answered_in_time + o.answered_late_or_overdue;
  o.share_in_time = known > 0 ? o.answered_in_time / known : T(1);
  return o;
}

// Most agents the staffing searches consider in one interval: the queue
// solvers' default max_agents, so that both report infeasible at the same
// size (tests/test_deferred.cpp staffs far below it).
inline constexpr double deferred_max_agents = 1e9;

/// Agents per interval for deferred work: the target (0 < target < 1) is met
/// when, at the end of every interval, at most (1 - target) of the items
/// whose fate is known are late (answered late, or waiting past the point
/// where they could still be in time). just_in_time: interval by interval,
/// the fewest agents keeping the target (work is done as late as the goal
/// allows; the fewest agent-hours for the horizon among plans that keep it
/// at every interval end, up to rounding to whole agents); level: the fewest
/// agents, the same in every interval, keeping it. Whole agents unless
/// `fractional`. `margin` (>= 0, same unit) plans against deadline - margin:
/// the fluid model has no randomness, and a plan with no slack loses about
/// half its items to chance (docs/deferred_work.md measures it against a
/// simulation); the outcome is then read at the true deadline by
/// evaluate_deferred_work. Errors: domain_error for bad input;
/// infeasible_error if more than deferred_max_agents would be needed. Cost:
/// O(intervals x backlog segments x log(agents)) (just in time) or O(that x
/// intervals) (level).
template <class T>
std::vector<T> agents_for_deferred_work(const deferred_work<T>& work, T target,
                                        deferred_rule rule = deferred_rule::just_in_time,
                                        bool fractional = false, T margin = 0) {
  constexpr auto fn = "agents_for_deferred_work";
  namespace dd = detail_deferred;
  const std::size_t I = work.arrivals.size();
  if (!dd::check(fn, work) || !erlangkit::detail::check_probability_target(fn, "target", target) ||
      !erlangkit::detail::check_nonneg(fn, "margin", margin))
    return std::vector<T>(I, math::nan_v<T>);
  deferred_work<T> w = work;
  w.deadline -= margin;
  if (!dd::check(fn, w)) return std::vector<T>(I, math::nan_v<T>);  // deadline - margin below a handle time
  const T limit = T(deferred_max_agents);
  // Smallest n in [0, limit] with ok(n), ok monotone; whole or real.
  auto smallest = [&](auto&& ok) -> T {
    if (ok(T(0))) return 0;
    T hi = 1;
    while (!ok(hi)) {
      if (hi >= limit) return math::nan_v<T>;
      hi = std::min(limit, hi * 2);
    }
    T lo = hi == 1 ? T(0) : hi / 2;  // the doubling's last failure
    if (fractional) {
      // Bisection to adjacent doubles (at most ~1100 steps; ~60 from [0, 2^k]).
      for (int k = 0; k < 2000; ++k) {
        const T mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) break;
        (ok(mid) ? hi : lo) = mid;
      }
      return hi;
    }
    while (hi - lo > 1) {  // ok(hi), !ok(lo)
      const T mid = std::floor(lo + (hi - lo) / 2);
      (ok(mid) ? hi : lo) = mid;
    }
    return hi;
  };
  auto infeasible = [&](std::size_t i) {
    erlangkit::detail::raise_infeasible<T>(
        fn, "the target " + erlangkit::detail::format_value(target) + " needs more than " +
                erlangkit::detail::format_value(limit) + " agents in interval " + std::to_string(i));
    return std::vector<T>(I, math::nan_v<T>);
  };
  dd::state<T> start;
  if (w.initial_backlog > 0) start.queue.push_back({0, 0, w.initial_backlog, 0});
  if (rule == deferred_rule::level) {
    auto ok = [&](T n) {
      dd::state<T> s = start;
      for (std::size_t i = 0; i < I; ++i) {
        dd::serve_interval(w, i, n, s, static_cast<dd::tallies<T>*>(nullptr));
        if (!dd::target_holds(w, i, s, target)) return false;
      }
      return true;
    };
    const T n = smallest(ok);
    if (std::isnan(n)) return infeasible(0);
    return std::vector<T>(I, n);
  }
  std::vector<T> out(I);
  dd::state<T> s = start;
  for (std::size_t i = 0; i < I; ++i) {
    auto ok = [&](T n) {
      dd::state<T> trial = s;
      dd::serve_interval(w, i, n, trial, static_cast<dd::tallies<T>*>(nullptr));
      return dd::target_holds(w, i, trial, target);
    };
    out[i] = smallest(ok);
    if (std::isnan(out[i])) return infeasible(i);
    dd::serve_interval(w, i, out[i], s, static_cast<dd::tallies<T>*>(nullptr));
  }
  return out;
}

}  // namespace planning
ERLANGKIT_END_NAMESPACE
