// Staffing and capacity solvers on a queue_spec and on Erlang-B's two
// numbers: the fewest agents that meet a target, the most traffic a given
// staff carries, and shrinkage. Thin layers over the generic solvers
// (staffing/agents.hpp) for the model the queue_spec picks (queue.hpp).
//
// Agents come back whole by default (the smallest integer meeting every
// constraint). With fractional = true they come back as the real agent count,
// on the continuous extension of the model, where the binding target is met
// exactly; whole-agent rounding overstaffs small queues and fractional counts
// are what a scheduler that pools several queues wants.
#pragma once

#include <cmath>
#include <string>
#include <type_traits>

#include "erlang_b.hpp"
#include "service_level.hpp"
#include "staffing/agents.hpp"
#include "staffing/shrinkage.hpp"

ERLANGKIT_BEGIN_NAMESPACE

namespace detail {
template <class Real>
bool staffing_has_nan(const queue_spec<Real>& q, const staffing_options<Real>& o) {
  return queue_has_nan(q) || std::isnan(o.max_occupancy) || std::isnan(o.max_agents);
}
}  // namespace detail

/// Fewest agents whose service level within target_time is at least target.
///
/// - target in (0, 1); target_time >= 0 in the queue's time unit.
/// - convention: see service_level(); options: max_occupancy, fractional, max_agents.
/// - returns agents (an integer unless options.fractional), 0 when nobody arrives.
/// - errors: domain_error for bad input; infeasible_error when max_agents is too few.
template <class Real>
Real agents_for_service_level(const queue_spec<Real>& q, std::type_identity_t<Real> target,
                              std::type_identity_t<Real> target_time,
                              sl_convention convention = sl_convention::offered,
                              const staffing_options<Real>& options = {}) {
  if (detail::staffing_has_nan(q, options)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) {
    return erlangkit::agents_for_service_level(m, target, target_time, convention, options);
  });
}

/// Fewest agents whose average speed of answer is at most target_asa (> 0,
/// in the queue's time unit), in the given ASA convention.
template <class Real>
Real agents_for_asa(const queue_spec<Real>& q, std::type_identity_t<Real> target_asa,
                    asa_convention convention = asa_convention::answered,
                    const staffing_options<Real>& options = {}) {
  if (detail::staffing_has_nan(q, options)) return math::nan_v<Real>;
  return with_model(
      q, [&](const auto& m) { return erlangkit::agents_for_asa(m, target_asa, convention, options); });
}

/// Fewest agents whose abandonment probability P(Ab) is at most target, in
/// (0, 1). Needs finite patience (with infinite patience nobody abandons).
template <class Real>
Real agents_for_abandon_rate(const queue_spec<Real>& q, std::type_identity_t<Real> target,
                             const staffing_options<Real>& options = {}) {
  constexpr auto fn = "agents_for_abandon_rate";
  if (detail::staffing_has_nan(q, options) || std::isnan(target)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) {
    using M = std::decay_t<decltype(m)>;
    if constexpr (models::abandoning_model<M>) {
      if (!q.patience_law && std::isinf(q.patience)) {  // finite lines without abandonment
        if (!m.validate(fn)) return math::nan_v<Real>;
        return detail::raise_domain_error<Real>(fn, "patience", q.patience,
                                                "finite for an abandonment target");
      }
      return erlangkit::agents_for_abandon_rate(m, target, options);
    } else {
      if (!m.validate(fn) || !detail::check_probability_target<Real>(fn, "target", target) ||
          !staffing::check_options(fn, options))
        return math::nan_v<Real>;
      return detail::raise_domain_error<Real>(fn, "patience", q.patience, "finite for an abandonment target");
    }
  });
}

/// Fewest agents whose occupancy is at most max_occupancy, in (0, 1].
template <class Real>
Real agents_for_occupancy(const queue_spec<Real>& q, std::type_identity_t<Real> max_occupancy,
                          bool fractional = false) {
  if (detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(
      q, [&](const auto& m) { return erlangkit::agents_for_occupancy(m, max_occupancy, fractional); });
}

/// Fewest servers whose Erlang-B blocking is at most target_blocking, in (0, 1),
/// for an offered load in Erlangs.
template <class L, class P>
detail::promote_t<L, P> servers_for_blocking(L load, P target_blocking, bool fractional = false) {
  using T = detail::promote_t<L, P>;
  constexpr auto fn = "servers_for_blocking";
  const T R = load, goal = target_blocking;
  if (detail::any_nan(R, goal)) return math::nan_v<T>;
  if (!detail::check_nonneg(fn, "load", R) || !detail::check_probability_target(fn, "target_blocking", goal))
    return math::nan_v<T>;
  if (R == 0) return 0;
  const models::erlang_b<T> m{R, 1};  // a load in Erlangs is a rate per mean holding time
  return staffing::solve(fn, m, staffing::blocking_target<T>{goal}, {.fractional = fractional});
}

/// Fewest servers whose extended Erlang-B blocking per attempt (blocked
/// callers call again with probability redial, in [0, 1); erlang_b_extended)
/// is at most target_blocking, in (0, 1), for a fresh offered load in Erlangs.
/// Published calculators: 100 Erlangs, 2.5%, redial 0.5 -> 113 servers.
template <class L, class P, class R>
requires(std::is_arithmetic_v<R> && !std::is_same_v<R, bool>) detail::promote_t<L, P, R> servers_for_blocking(
    L load, P target_blocking, R redial, bool fractional = false) {
  using T = detail::promote_t<L, P, R>;
  constexpr auto fn = "servers_for_blocking";
  const T load_t = load, goal = target_blocking, r = redial;
  if (detail::any_nan(load_t, goal, r)) return math::nan_v<T>;
  if (!detail::check_nonneg(fn, "load", load_t) ||
      !detail::check_probability_target(fn, "target_blocking", goal))
    return math::nan_v<T>;
  const models::redialing<models::erlang_b<T>> m{{load_t, 1}, r};
  if (!m.validate(fn)) return math::nan_v<T>;
  if (load_t == 0) return 0;
  return staffing::solve(fn, m, staffing::blocking_target<T>{goal}, {.fractional = fractional});
}

/// Largest offered load (Erlangs) that `servers` carry with Erlang-B blocking
/// at most target_blocking, in (0, 1).
template <class S, class P>
detail::promote_t<S, P> max_load_for_blocking(S servers, P target_blocking) {
  using T = detail::promote_t<S, P>;
  constexpr auto fn = "max_load_for_blocking";
  const T n = servers, goal = target_blocking;
  if (detail::any_nan(n, goal)) return math::nan_v<T>;
  if (!detail::check_nonneg(fn, "servers", n) ||
      !detail::check_probability_target(fn, "target_blocking", goal))
    return math::nan_v<T>;
  if (n == 0) return 0;  // B(0, R) = 1 for every load
  // Decreasing in R. Below ~1e-299 B is compared in logs, as the servers
  // solver does (staffing::blocking_target): 1/(1/B) is 0 once 1/B overflows.
  using target = staffing::blocking_target<T>;
  auto margin = [&](T R) {
    if (goal < target::tiny_goal) return std::log(goal) + target::log_inverse_erlang_b(n, R);
    return goal - 1 / math::inverse_erlang_b(n, R);
  };
  const auto fail = math::first_failure_by_doubling<T>(margin, n + 1);
  if (!fail) return math::inf_v<T>;
  return math::bracketed_root<T>(fn, margin, *fail, *fail / 2 < n + 1 ? T(0) : *fail / 2);
}

/// Largest arrival rate that `agents` answer at service level >= target within
/// target_time, for the queue `shape` (its aht, patience and lines; its own
/// arrival rate is ignored) and convention; +inf when every arrival rate
/// meets the target.
template <class Real>
Real max_arrival_rate_for_service_level(std::type_identity_t<Real> agents, std::type_identity_t<Real> target,
                                        std::type_identity_t<Real> target_time, const queue_spec<Real>& shape,
                                        sl_convention convention = sl_convention::offered) {
  const queue_spec<Real> q{0, shape.aht, shape.patience, shape.lines, shape.redial, shape.patience_law};
  if (detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) {
    return erlangkit::max_arrival_rate_for_service_level(Real(agents), m, target, target_time, convention);
  });
}

/// The same for a queue given by its handle time and mean patience.
template <class Real>
Real max_arrival_rate_for_service_level(std::type_identity_t<Real> agents, std::type_identity_t<Real> target,
                                        std::type_identity_t<Real> target_time, Real aht,
                                        std::type_identity_t<Real> patience = math::inf_v<Real>,
                                        sl_convention convention = sl_convention::offered) {
  return max_arrival_rate_for_service_level<Real>(
      agents, target, target_time, queue_spec<Real>{.arrival_rate = 0, .aht = aht, .patience = patience},
      convention);
}

ERLANGKIT_END_NAMESPACE
