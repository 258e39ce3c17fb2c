// A day plan: per interval, the fewest agents meeting every target, the
// measures they achieve, and the day's totals (docs/planning.md). The
// inverse gives the measures of a given staff; capacity gives the most calls
// a staff handles at the targets.
//
// Times are in seconds (handle times, interval lengths, target times,
// patience), because the totals report hours. The model of an interval is
// chosen by a caller-supplied `model_of(arrival_rate, aht, f)` that calls f
// with the model (the API header planning.hpp passes queue.hpp's with_model):
// this layer stays below the public headers.
//
// The two per-interval steps, "solve agents" and "evaluate measures", are the
// members of a method (stationary below: each interval in equilibrium); a
// method that solves differently (forecast uncertainty, the transient day)
// is another struct with the same two members.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "../batch/executor.hpp"
#include "../staffing/agents.hpp"
#include "../staffing/shrinkage.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace planning {

/// One interval of the forecast: calls offered in it (a volume, not a rate),
/// their average handle time and the interval's length, both in seconds.
template <class T>
struct interval {
  T calls;   ///< finite and >= 0
  T aht;     ///< seconds, finite and > 0
  T length;  ///< seconds, finite and > 0
};

/// What each interval must achieve; any subset, at least one for planning.
/// `target_time` is also where the service-level column is measured.
template <class T>
struct targets {
  std::optional<T> service_level = std::nullopt;  ///< in (0, 1); needs target_time
  std::optional<T> target_time = std::nullopt;    ///< seconds, finite and >= 0
  sl_convention sl = sl_convention::offered;
  std::optional<T> asa = std::nullopt;  ///< seconds, finite and > 0
  asa_convention asa_conv = asa_convention::answered;
  std::optional<T> abandon_rate = std::nullopt;   ///< P(Ab) at most this, in (0, 1); needs finite patience
  std::optional<T> max_occupancy = std::nullopt;  ///< in (0, 1]

  bool any() const { return service_level || asa || abandon_rate || max_occupancy; }
};

/// From agents to people: shrinkage in [0, 1), paid hours per FTE > 0, and the
/// largest staff a search may return (staffing_options::max_agents).
template <class T>
struct staff_rules {
  T shrinkage = 0;
  T paid_hours_per_fte = 8;  // one person's paid day: FTE = people for the day
  T max_agents = T(1e9);     // as staffing_options (tests/test_staffing.cpp)
};

/// Which target set an interval's agents.
enum class bound_kind : std::uint8_t { none, service_level, asa, abandon_rate, occupancy };
/// ok: every target met; missed: a given staff misses a target (inverse);
/// infeasible: no staff up to the cap meets the targets (agents and measures NaN).
enum class interval_status : std::uint8_t { ok, missed, infeasible };

constexpr std::string_view to_string(bound_kind b) {
  switch (b) {
    case bound_kind::none: return "none";
    case bound_kind::service_level: return "service_level";
    case bound_kind::asa: return "asa";
    case bound_kind::abandon_rate: return "abandon_rate";
    case bound_kind::occupancy: return "occupancy";
  }
  return "?";
}

constexpr std::string_view to_string(interval_status s) {
  switch (s) {
    case interval_status::ok: return "ok";
    case interval_status::missed: return "missed";
    case interval_status::infeasible: return "infeasible";
  }
  return "?";
}

/// One interval of a plan. `answered` is the expected number of calls
/// answered (calls x P(S)), the weight of the day's ASA.
template <class T>
struct interval_result {
  T calls, agents, scheduled, service_level, asa, abandon_rate, occupancy, answered;
  bound_kind bound = bound_kind::none;
  interval_status status = interval_status::ok;
};

/// The day (docs/planning.md defines each): calls; service level, abandonment
/// weighted by calls; ASA weighted by answered calls (answered convention) or
/// by calls (the others); occupancy = busy agent-hours / agent-hours;
/// agent-hours and scheduled hours; FTE = scheduled hours / paid hours per FTE.
/// The rates are over the intervals with measures (not infeasible); the
/// counts say how many were infeasible or missed a target.
template <class T>
struct day_totals {
  T calls = 0, service_level = 0, asa = 0, abandon_rate = 0, occupancy = 0;
  T agent_hours = 0, scheduled_hours = 0, fte = 0;
  std::size_t infeasible = 0, missed = 0;
};

/// The measures of one interval at n agents.
template <class T>
struct interval_measures {
  T service_level, asa, abandon_rate, occupancy, answered;
  bool met;  ///< every given target met, by the solvers' own margins (staffing/solve.hpp)
};

/// Agents and the target that set them.
template <class T>
struct interval_staff {
  T agents;
  bound_kind bound;
};

namespace detail_day {

// Runs f and reports whether it raised infeasible_error (no-exceptions mode:
// recorded one), which the plan turns into a flagged interval; any other
// error is the caller's bad input and goes on up.
template <class F>
bool infeasible(F&& f) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
  clear_last_error();
  f();
  if (last_error().kind == error_kind::infeasible) {
    clear_last_error();
    return true;
  }
  return false;
#else
  try {
    f();
  } catch (const infeasible_error&) {
    return true;
  }
  return false;
#endif
}

template <class T>
bool check_targets(std::string_view fn, const targets<T>& tg, bool need_one) {
  using erlangkit::detail::raise_domain_error;
  if (need_one && !tg.any()) {
    erlangkit::detail::raise<T>(error_kind::domain, std::string(fn) +
                                                        ": no target given, but at least one of service "
                                                        "level, ASA, abandonment or max occupancy must be");
    return false;
  }
  if (tg.service_level) {
    if (!erlangkit::detail::check_probability_target<T>(fn, "target", *tg.service_level)) return false;
    if (!tg.target_time) {
      erlangkit::detail::raise<T>(
          error_kind::domain,
          std::string(fn) + ": target_time is missing, but must be given with a service-level target");
      return false;
    }
  }
  if (tg.target_time && !erlangkit::detail::check_nonneg<T>(fn, "target_time", *tg.target_time)) return false;
  if (tg.asa && !erlangkit::detail::check_positive<T>(fn, "asa_target", *tg.asa)) return false;
  if (tg.abandon_rate &&
      !erlangkit::detail::check_probability_target<T>(fn, "abandon_target", *tg.abandon_rate))
    return false;
  if (tg.max_occupancy && !(*tg.max_occupancy > 0 && *tg.max_occupancy <= 1)) {
    raise_domain_error<T>(fn, "max_occupancy", *tg.max_occupancy, "in (0, 1]");
    return false;
  }
  return true;
}

template <class T>
bool check_interval(std::string_view fn, const interval<T>& iv, std::size_t i) {
  const std::string at = " (interval " + std::to_string(i) + ")";
  if (!(std::isfinite(iv.calls) && iv.calls >= 0)) {
    erlangkit::detail::raise_domain_error<T>(fn, "calls", iv.calls, "finite and >= 0" + at);
    return false;
  }
  if (!(std::isfinite(iv.aht) && iv.aht > 0)) {
    erlangkit::detail::raise_domain_error<T>(fn, "aht", iv.aht, "finite and > 0" + at);
    return false;
  }
  if (!(std::isfinite(iv.length) && iv.length > 0)) {
    erlangkit::detail::raise_domain_error<T>(fn, "interval", iv.length, "finite and > 0" + at);
    return false;
  }
  return true;
}

template <class T>
bool check_rules(std::string_view fn, const staff_rules<T>& r) {
  if (!(r.shrinkage >= 0 && r.shrinkage < 1)) {
    erlangkit::detail::raise_domain_error<T>(fn, "shrinkage", r.shrinkage, "in [0, 1)");
    return false;
  }
  if (!erlangkit::detail::check_positive<T>(fn, "paid_hours_per_fte", r.paid_hours_per_fte)) return false;
  if (!(r.max_agents >= 0)) {
    erlangkit::detail::raise_domain_error<T>(fn, "max_agents", r.max_agents, ">= 0");
    return false;
  }
  return true;
}

// An abandonment target needs a model whose callers hang up.
template <class M>
bool abandons(const M& m) {
  if constexpr (!models::abandoning_model<M>)
    return false;
  else if constexpr (requires { m.patience; })
    return std::isfinite(m.patience);
  else
    return true;
}

}  // namespace detail_day

/// The per-interval method where each interval is in equilibrium at its own
/// arrival rate calls / length (the classic per-interval Erlang plan).
struct stationary {
  /// Fewest agents meeting every target: the largest of the library's
  /// solvers' answers (agents_for_service_level, agents_for_asa,
  /// agents_for_abandon_rate with the occupancy cap as their option, and
  /// agents_for_occupancy), and the target that needs it (the occupancy cap
  /// when it alone needs as many, else the first of service level, ASA and
  /// abandonment that does). Raises what the solvers raise
  /// (infeasible_error when no staff up to rules.max_agents, or the lines,
  /// meets a target). Cost: that of the solvers, O(log agents) evaluations each.
  template <class T, class ModelOf>
  static interval_staff<T> agents(const ModelOf& model_of, const interval<T>& iv, const targets<T>& tg,
                                  const staff_rules<T>& rules) {
    if (iv.calls == 0) return {T(0), bound_kind::none};
    return model_of(iv.calls / iv.length, iv.aht, [&](const auto& m) -> interval_staff<T> {
      using M = std::decay_t<decltype(m)>;
      const staffing_options<T> o{.max_occupancy = tg.max_occupancy.value_or(T(1)),
                                  .max_agents = rules.max_agents};
      T best = 0;
      bound_kind bound = bound_kind::none;
      auto take = [&](T n, bound_kind b) {
        if (std::isnan(n)) best = n;  // no-exceptions mode: the solver recorded why
        if (n > best) best = n, bound = b;
      };
      if (tg.service_level)
        take(agents_for_service_level(m, *tg.service_level, *tg.target_time, tg.sl, o),
             bound_kind::service_level);
      if (tg.asa) take(agents_for_asa(m, *tg.asa, tg.asa_conv, o), bound_kind::asa);
      if (tg.abandon_rate) {
        if constexpr (models::abandoning_model<M>)
          take(agents_for_abandon_rate(m, *tg.abandon_rate, o), bound_kind::abandon_rate);
      }
      if (tg.max_occupancy) {
        const T occ = agents_for_occupancy(m, *tg.max_occupancy);
        if (std::isnan(occ)) return {occ, bound_kind::occupancy};
        if (occ >= best) best = occ, bound = bound_kind::occupancy;
      }
      return {best, bound};
    });
  }

  /// The measures at n agents (n >= 0), and whether they meet the targets:
  /// service level within target_time in
  /// the targets' convention (NaN when no target_time is given), ASA in its
  /// convention, P(Ab), occupancy, and calls x P(S). An interval without calls
  /// has service level 1, ASA 0, abandonment 0, occupancy 0 (nobody waits).
  template <class T, class ModelOf>
  static interval_measures<T> evaluate(const ModelOf& model_of, const interval<T>& iv, T n,
                                       const targets<T>& tg) {
    if (iv.calls == 0) return {T(1), T(0), T(0), T(0), T(0), true};
    return model_of(iv.calls / iv.length, iv.aht, [&](const auto& m) -> interval_measures<T> {
      const auto q = erlangkit::measures(n, m, tg.target_time.value_or(T(0)), tg.sl, tg.asa_conv);
      const auto s = m.at(measure::agents_of(n));
      // "Met" as the solvers decide it, so that a staff a solver returns, or
      // a capacity's volume, is met here too: their margins keep digits the
      // measures round away near the target (staffing/solve.hpp).
      bool met = true;
      if (tg.service_level)
        met = met &&
              staffing::service_level_target<T>{*tg.service_level, *tg.target_time, tg.sl}.margin(m, n) >= 0;
      if (tg.asa) met = met && staffing::asa_target<T>{*tg.asa, tg.asa_conv}.margin(m, n) >= 0;
      if (tg.abandon_rate) met = met && *tg.abandon_rate - s.prob_abandon() >= 0;
      if (tg.max_occupancy) met = met && staffing::occupancy_target<T>{*tg.max_occupancy}.margin(m, n) >= 0;
      return {tg.target_time ? q.service_level : math::nan_v<T>, q.asa, q.prob_abandon, q.occupancy,
              iv.calls * measure::probability(s.prob_served()),  met};
    });
  }
};

/// One interval of a plan: solve (or take the given agents), evaluate, and
/// apply shrinkage. The one place a plan's per-interval work is done.
template <class Method = stationary, class T, class ModelOf>
interval_result<T> plan_interval(const ModelOf& model_of, const interval<T>& iv, const targets<T>& tg,
                                 const staff_rules<T>& rules, std::optional<T> given_agents = std::nullopt) {
  constexpr T nan = math::nan_v<T>;
  interval_result<T> out{iv.calls, nan, nan, nan, nan, nan, nan, nan};
  interval_staff<T> staff{nan, bound_kind::none};
  if (given_agents) {
    staff = {*given_agents, bound_kind::none};
  } else if (detail_day::infeasible([&] { staff = Method::agents(model_of, iv, tg, rules); })) {
    out.status = interval_status::infeasible;
    return out;
  }
  out.agents = staff.agents;
  out.bound = staff.bound;
  out.scheduled = scheduled_agents(staff.agents, rules.shrinkage);
  const auto r = Method::evaluate(model_of, iv, staff.agents, tg);
  out.service_level = r.service_level, out.asa = r.asa, out.abandon_rate = r.abandon_rate;
  out.occupancy = r.occupancy, out.answered = r.answered;
  if (given_agents && !r.met) out.status = interval_status::missed;
  return out;
}

/// The totals of a plan's intervals (lengths in seconds), as day_totals defines them.
template <class T>
day_totals<T> totals_of(std::span<const interval_result<T>> rows, std::span<const T> lengths,
                        const targets<T>& tg, const staff_rules<T>& rules) {
  day_totals<T> d;
  T weighed = 0, asa_weight = 0, busy = 0, agent_seconds = 0, scheduled_seconds = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    d.calls += r.calls;
    if (r.status == interval_status::infeasible) {
      ++d.infeasible;
      continue;
    }
    if (r.status == interval_status::missed) ++d.missed;
    weighed += r.calls;
    d.service_level += r.calls * r.service_level;
    d.abandon_rate += r.calls * r.abandon_rate;
    const T w = tg.asa_conv == asa_convention::answered ? r.answered : r.calls;
    if (w > 0) d.asa += w * r.asa;  // an interval nobody is answered in weighs nothing
    asa_weight += w;
    busy += r.occupancy * r.agents * lengths[i];
    agent_seconds += r.agents * lengths[i];
    scheduled_seconds += r.scheduled * lengths[i];
  }
  // No calls at all: nobody waited, as for an interval without calls.
  d.service_level = weighed > 0 ? d.service_level / weighed : T(1);
  d.abandon_rate = weighed > 0 ? d.abandon_rate / weighed : T(0);
  d.asa = asa_weight > 0 ? d.asa / asa_weight : T(0);
  d.occupancy = agent_seconds > 0 ? busy / agent_seconds : T(0);
  d.agent_hours = agent_seconds / 3600;
  d.scheduled_hours = scheduled_seconds / 3600;
  d.fte = d.scheduled_hours / rules.paid_hours_per_fte;
  return d;
}

/// A day: its intervals and totals.
template <class T>
struct day_plan {
  std::vector<interval_result<T>> intervals;
  day_totals<T> totals;
};

/// Plans a day: per interval the fewest agents meeting every target
/// (`agents` empty), or the measures of the given agents per interval (the
/// inverse: `agents` one count >= 0 a interval; targets optional, and an
/// interval that misses one is marked missed). Errors: domain_error naming
/// the function and value for bad input (negative or non-finite calls, aht
/// or length <= 0, no target when planning, a target out of range,
/// mismatched lengths, an abandonment target without patience); an interval
/// no staff meets is marked infeasible, never an exception for the day.
/// Accuracy: agents exactly the solvers' answers, measures those of
/// measures() (docs/accuracy.md); totals as day_totals defines them, summed
/// in order. Cost: one solve per interval and target (O(log agents)
/// evaluations each); bench/plan_day.py: 96 intervals in well under 1 ms.
template <class Method = stationary, class T, class ModelOf>
day_plan<T> plan_day_with(const ModelOf& model_of, std::span<const interval<T>> day, const targets<T>& tg,
                          const staff_rules<T>& rules, std::span<const T> agents = {}) {
  constexpr auto fn = "plan_day";
  day_plan<T> out;
  const bool inverse = !agents.empty();
  if (!detail_day::check_targets(fn, tg, !inverse) || !detail_day::check_rules(fn, rules)) return out;
  if (inverse && agents.size() != day.size()) {
    erlangkit::detail::raise_domain_error<T>(fn, "len(agents)", agents.size(),
                                             "len(calls) = " + std::to_string(day.size()));
    return out;
  }
  for (std::size_t i = 0; i < day.size(); ++i) {
    if (!detail_day::check_interval(fn, day[i], i)) return out;
    if (inverse && !(std::isfinite(agents[i]) && agents[i] >= 0)) {
      erlangkit::detail::raise_domain_error<T>(fn, "agents", agents[i],
                                               "finite and >= 0 (interval " + std::to_string(i) + ")");
      return out;
    }
  }
  if (tg.abandon_rate && !day.empty() &&
      !model_of(T(0), day[0].aht, [](const auto& m) { return detail_day::abandons(m); })) {
    erlangkit::detail::raise<T>(
        error_kind::domain,
        std::string(fn) + ": patience is inf, but must be finite for an abandonment target");
    return out;
  }
  out.intervals.reserve(day.size());
  std::vector<T> lengths(day.size());
  for (std::size_t i = 0; i < day.size(); ++i) {
    lengths[i] = day[i].length;
    out.intervals.push_back(plan_interval<Method>(model_of, day[i], tg, rules,
                                                  inverse ? std::optional<T>(agents[i]) : std::nullopt));
  }
  out.totals = totals_of<T>(out.intervals, lengths, tg, rules);
  return out;
}

/// Many queues at once: queues x intervals, row-major (queue q's interval i
/// at q * intervals + i), one model_of, targets and rules per queue
/// (model_of(q, rate, aht, f)), run through the batch executor in chunks of
/// whole queues. Returns one day_plan per queue. Errors: as plan_day, the
/// first bad queue's raised once every chunk has run ("(at index q)").
template <class Method = stationary, class T, class ModelOfQueue, class Executor = batch::sequential>
std::vector<day_plan<T>> plan_days(const ModelOfQueue& model_of, std::span<const interval<T>> cells,
                                   std::size_t intervals, std::span<const targets<T>> tg,
                                   std::span<const staff_rules<T>> rules, std::span<const T> agents = {},
                                   Executor&& exec = {}) {
  constexpr auto fn = "plan_days";
  const std::size_t queues = intervals == 0 ? 0 : cells.size() / intervals;
  if (queues * intervals != cells.size() || tg.size() != queues || rules.size() != queues ||
      (!agents.empty() && agents.size() != cells.size())) {
    erlangkit::detail::raise_domain_error<T>(fn, "cells", cells.size(),
                                             "queues x intervals with one targets and rules per queue");
    return {};
  }
  std::vector<day_plan<T>> out(queues);
  auto one = [&](std::size_t q) {
    const auto bound = [&](T rate, T aht, auto&& f) { return model_of(q, rate, aht, f); };
    out[q] = plan_day_with<Method>(bound, cells.subspan(q * intervals, intervals), tg[q], rules[q],
                                   agents.empty() ? agents : agents.subspan(q * intervals, intervals));
  };
  // Chunks of queues sized so that two cores share a 1,000-queue day
  // (bench/plan_day.py): 8 queues of 96 intervals is ~1.5 ms of Erlang-C or
  // ~10 ms of Erlang-A work, far above the cost of handing out a chunk.
  constexpr std::size_t queues_per_chunk = 8;
  std::vector<std::uint8_t> bad(queues, 0);
  const std::size_t first =
      batch::run_chunks(queues, queues_per_chunk, exec, [&](std::size_t lo, std::size_t hi) {
        std::size_t b = hi;
        for (std::size_t q = lo; q < hi; ++q) {
#ifdef ERLANGKIT_NO_EXCEPTIONS
          clear_last_error();
          one(q);
          if (last_error().kind != error_kind::none && b == hi) b = q;
#else
      try {
        one(q);
      } catch (const std::exception&) {
        if (b == hi) b = q;
      }
#endif
        }
        return b;
      });
  if (first < queues) batch::detail::raise_at_index(first, [&] { return (one(first), T(0)); });
  return out;
}

/// The most calls per interval (a volume, over `length` seconds) that n
/// agents handle meeting every given target: the smallest of the largest
/// arrival rates meeting each (max_arrival_rate_for_service_level for the
/// service level; the same doubling-then-root search over the target's
/// margin for ASA, abandonment and occupancy), times length. +inf when every
/// volume up to the doubles' limit meets them. Errors: domain_error for bad
/// input, infeasible_error when no volume above 0 meets a target (0 agents).
/// Accuracy: the root to ~2 ulps of the rate.
template <class T, class ModelOf>
T capacity_with(const ModelOf& model_of, T n, T aht, T length, const targets<T>& tg) {
  constexpr auto fn = "capacity";
  if (!detail_day::check_targets(fn, tg, true) || !erlangkit::detail::check_nonneg<T>(fn, "agents", n) ||
      !erlangkit::detail::check_positive<T>(fn, "aht", aht) ||
      !erlangkit::detail::check_positive<T>(fn, "interval", length))
    return math::nan_v<T>;
  if (n == 0)
    return erlangkit::detail::raise_infeasible<T>(fn, "no volume above 0 meets a target with 0 agents");
  // The rate where lambda aht, lambda patience leave the doubles, with room
  // for what the models derive (as max_arrival_rate_for_service_level).
  T scale = aht;
  model_of(T(0), aht, [&](const auto& m) {
    if constexpr (requires { m.patience; })
      if (std::isfinite(m.patience)) scale = std::max(scale, T(m.patience));
    return 0;
  });
  const T limit = math::max_v<T> / 1024 / std::max(T(1), scale);
  auto largest_rate = [&](auto&& margin_at) {  // margin_at(model) >= 0: met; falls with the rate
    auto margin = [&](T rate) { return model_of(rate, aht, margin_at); };
    const auto fail = math::first_failure_by_doubling<T>(margin, std::min(limit, n / aht), limit);
    if (!fail) return math::inf_v<T>;
    return math::bracketed_root<T>(fn, margin, *fail, *fail / 2 < n / aht ? T(0) : *fail / 2);
  };
  T rate = math::inf_v<T>;
  if (tg.service_level) {
    const staffing::service_level_target<T> goal{*tg.service_level, *tg.target_time, tg.sl};
    rate = std::min(rate, model_of(T(0), aht, [&](const auto& m) -> T {
                      if constexpr (models::variable_arrival_model<std::decay_t<decltype(m)>>)
                        return max_arrival_rate_for_service_level(n, m, *tg.service_level, *tg.target_time,
                                                                  tg.sl);
                      else  // redials: the model is rebuilt at every rate
                        return largest_rate([&](const auto& at) { return goal.margin(at, n); });
                    }));
  }
  if (tg.asa) {
    const staffing::asa_target<T> goal{*tg.asa, tg.asa_conv};
    rate = std::min(rate, largest_rate([&](const auto& at) { return goal.margin(at, n); }));
  }
  if (tg.abandon_rate) {
    if (!model_of(T(0), aht, [](const auto& m) { return detail_day::abandons(m); }))
      return erlangkit::detail::raise<T>(
          error_kind::domain,
          std::string(fn) + ": patience is inf, but must be finite for an abandonment target");
    const T goal = *tg.abandon_rate;
    rate = std::min(rate, largest_rate([&](const auto& at) { return goal - at.at(n).prob_abandon(); }));
  }
  if (tg.max_occupancy) {
    const staffing::occupancy_target<T> goal{*tg.max_occupancy};
    rate = std::min(rate, largest_rate([&](const auto& at) { return goal.margin(at, n); }));
  }
  // The volume's rate, calls / length, must not round above the rate found
  // (tests/test_plan_day.cpp, Capacity.RoundTripEveryTargetKind): a few
  // ulps down at most, as the product and quotient each round by half an ulp.
  T calls = rate * length;
  for (int i = 0; i < 4 && std::isfinite(calls) && calls / length > rate; ++i)
    calls = std::nextafter(calls, T(0));
  return calls;
}

}  // namespace planning
ERLANGKIT_END_NAMESPACE
