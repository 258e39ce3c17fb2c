// Staffing and capacity solvers for any model: the fewest agents that meet a
// target, and the most traffic a given staff carries (docs/staffing.md).
// Every search starts from a model-free first guess (square-root staffing,
// Halfin & Whitt 1981) and brackets the answer by galloping, so its cost
// does not grow with the queue.
#pragma once

#include <cmath>
#include <optional>
#include <string_view>
#include <type_traits>

#include "solve.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace staffing {

// The checks and early answers every "agents for ..." solver shares: NaN in
// gives NaN; the model, the options, and (for models without a continuous
// extension) fractional = false; no arrivals need no agents. Returns the
// early answer, or nullopt to go on and solve.
template <models::queue_model M>
std::optional<typename M::real_type> precheck(std::string_view fn, const M& m,
                                              const staffing_options<typename M::real_type>& o,
                                              bool targets_ok) {
  using T = typename M::real_type;
  if (!targets_ok) return math::nan_v<T>;
  if (!check_options(fn, o)) return math::nan_v<T>;
  if constexpr (!M::fractional_agents)
    if (o.fractional) {
      detail::raise_domain_error<T>(fn, "fractional", true, "false for this model (its agents are whole)");
      return math::nan_v<T>;
    }
  if (m.arrival_rate == 0) return T(0);
  return std::nullopt;
}

template <models::queue_model M>
bool has_nan(const M& m, const staffing_options<typename M::real_type>& o) {
  return m.has_nan() || std::isnan(o.max_occupancy) || std::isnan(o.max_agents);
}

}  // namespace staffing

namespace staffing {

// The names a service-level solve reports its errors under: the function,
// its share and its time (agents_for_service_level: target, target_time;
// agents_for_wait_quantile: q, max_wait).
struct service_level_names {
  const char* fn;
  const char* share;
  const char* time;
};

template <models::queue_model M>
typename M::real_type solve_service_level(service_level_names names, const M& model,
                                          typename M::real_type share, typename M::real_type time,
                                          sl_convention convention,
                                          const staffing_options<typename M::real_type>& options) {
  using T = typename M::real_type;
  if (has_nan(model, options) || detail::any_nan(share, time)) return math::nan_v<T>;
  const bool ok = model.validate(names.fn) &&
                  detail::check_probability_target<T>(names.fn, names.share, share) &&
                  detail::check_nonneg<T>(names.fn, names.time, time);
  if (const auto early = precheck(names.fn, model, options, ok)) return *early;
  return solve(names.fn, model, service_level_target<T>{share, time, convention}, options);
}

}  // namespace staffing

/// Fewest agents whose service level within target_time is at least target.
///
/// - target in (0, 1); target_time >= 0 in the model's time unit.
/// - convention: see service_level(); options: max_occupancy, fractional, max_agents.
/// - returns agents (whole unless options.fractional): the smallest staff from
///   which the target holds for every larger staff (docs/staffing.md on the
///   conventions that are not monotone in agents); 0 when nobody arrives.
/// - errors: domain_error for bad input; infeasible_error when max_agents is too few.
template <models::queue_model M>
typename M::real_type agents_for_service_level(const M& model,
                                               std::type_identity_t<typename M::real_type> target,
                                               std::type_identity_t<typename M::real_type> target_time,
                                               sl_convention convention = sl_convention::offered,
                                               const staffing_options<typename M::real_type>& options = {}) {
  ERLANGKIT_REQUIRE_WAITING(M, "agents_for_service_level");
  return staffing::solve_service_level({"agents_for_service_level", "target", "target_time"}, model, target,
                                       target_time, convention, options);
}

/// Fewest agents whose q-quantile of the answer time (wait_quantile, in the
/// convention) is at most max_wait: "90% answered within 30 s". The quantile
/// is at most max_wait exactly when service_level(max_wait) >= q, so this is
/// the service-level solver under the quantile's names (its errors name q and
/// max_wait). Default convention: answered, as wait_quantile's.
template <models::queue_model M>
typename M::real_type agents_for_wait_quantile(const M& model, std::type_identity_t<typename M::real_type> q,
                                               std::type_identity_t<typename M::real_type> max_wait,
                                               sl_convention convention = sl_convention::answered,
                                               const staffing_options<typename M::real_type>& options = {}) {
  ERLANGKIT_REQUIRE_WAITING(M, "agents_for_wait_quantile");
  return staffing::solve_service_level({"agents_for_wait_quantile", "q", "max_wait"}, model, q, max_wait,
                                       convention, options);
}

/// Fewest agents whose average speed of answer is at most target_asa (> 0,
/// in the model's time unit), in the given ASA convention.
template <models::queue_model M>
typename M::real_type agents_for_asa(const M& model, std::type_identity_t<typename M::real_type> target_asa,
                                     asa_convention convention = asa_convention::answered,
                                     const staffing_options<typename M::real_type>& options = {}) {
  ERLANGKIT_REQUIRE_WAITING(M, "agents_for_asa");
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_asa";
  if (staffing::has_nan(model, options) || std::isnan(target_asa)) return math::nan_v<T>;
  const bool ok = model.validate(fn) && detail::check_positive<T>(fn, "target_asa", target_asa);
  if (const auto early = staffing::precheck(fn, model, options, ok)) return *early;
  return staffing::solve(fn, model, staffing::asa_target<T>{target_asa, convention}, options);
}

/// Fewest agents whose abandonment probability P(Ab) is at most target, in (0, 1).
template <models::queue_model M>
typename M::real_type agents_for_abandon_rate(const M& model,
                                              std::type_identity_t<typename M::real_type> target,
                                              const staffing_options<typename M::real_type>& options = {}) {
  static_assert(
      models::abandoning_model<M>,
      "erlangkit::agents_for_abandon_rate: callers of this model never hang up, so no staff changes "
      "its abandonment rate");
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_abandon_rate";
  if (staffing::has_nan(model, options) || std::isnan(target)) return math::nan_v<T>;
  const bool ok = model.validate(fn) && detail::check_probability_target<T>(fn, "target", target);
  if (const auto early = staffing::precheck(fn, model, options, ok)) return *early;
  return staffing::solve(fn, model, staffing::abandon_target<T>{target}, options);
}

/// Fewest agents (servers) whose blocking probability is at most target, in (0, 1).
template <models::queue_model M>
typename M::real_type agents_for_blocking(const M& model, std::type_identity_t<typename M::real_type> target,
                                          const staffing_options<typename M::real_type>& options = {}) {
  static_assert(
      models::blocking_model<M>,
      "erlangkit::agents_for_blocking: this model never turns a caller away (its queue is unlimited)");
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_blocking";
  if (staffing::has_nan(model, options) || std::isnan(target)) return math::nan_v<T>;
  const bool ok = model.validate(fn) && detail::check_probability_target<T>(fn, "target_blocking", target);
  if (const auto early = staffing::precheck(fn, model, options, ok)) return *early;
  return staffing::solve(fn, model, staffing::blocking_target<T>{target}, options);
}

/// Fewest agents whose occupancy is at most max_occupancy, in (0, 1]. With
/// max_occupancy 1 a model that needs more agents than Erlangs to be stable
/// (Erlang-C) gets the first stable staff, others 0.
template <models::queue_model M>
typename M::real_type agents_for_occupancy(const M& model,
                                           std::type_identity_t<typename M::real_type> max_occupancy,
                                           bool fractional = false) {
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_occupancy";
  const staffing_options<T> o{.max_occupancy = max_occupancy, .fractional = fractional};
  if (staffing::has_nan(model, o)) return math::nan_v<T>;
  if (const auto early = staffing::precheck(fn, model, o, model.validate(fn))) return *early;
  if (max_occupancy >= 1) {
    if constexpr (requires { model.min_stable_agents(); }) {
      const T r = model.min_stable_agents();  // occupancy 1 at n = R; stable from n > R
      return fractional ? r : std::floor(r) + 1;
    }
    return 0;
  }
  return staffing::solve(fn, model, staffing::occupancy_target<T>{max_occupancy}, {.fractional = fractional});
}

/// Largest arrival rate that `agents` answer at a service level >= target
/// within target_time, for the model's other parameters (its own arrival rate
/// is ignored). +inf when every arrival rate meets the target (the answered
/// convention with a target time far beyond the patience, for one), or every
/// rate up to ~max_double / (1024 max(aht, patience)), past which the model's
/// numbers leave the doubles.
template <models::variable_arrival_model M>
typename M::real_type max_arrival_rate_for_service_level(
    std::type_identity_t<typename M::real_type> agents, const M& model,
    std::type_identity_t<typename M::real_type> target,
    std::type_identity_t<typename M::real_type> target_time,
    sl_convention convention = sl_convention::offered) {
  ERLANGKIT_REQUIRE_WAITING(M, "max_arrival_rate_for_service_level");
  using T = typename M::real_type;
  constexpr auto fn = "max_arrival_rate_for_service_level";
  const M probe = model.with_arrival_rate(0);
  if (probe.has_nan() || detail::any_nan(T(agents), T(target), T(target_time))) return math::nan_v<T>;
  if (!detail::check_agents_and_model<M>(fn, agents, probe) ||
      !detail::check_probability_target<T>(fn, "target", target) ||
      !detail::check_nonneg<T>(fn, "target_time", target_time))
    return math::nan_v<T>;
  if (agents == 0)
    return detail::raise_infeasible<T>(fn, "no arrival rate meets a service level with 0 agents");
  const staffing::service_level_target<T> goal{target, target_time, convention};
  auto margin = [&](T rate) { return goal.margin(model.with_arrival_rate(rate), T(agents)); };  // decreasing
  // The search stops where the model's own numbers (lambda aht, lambda
  // patience) would leave the doubles, with room (1024) for what it derives
  // from them; a target still met there is met by every rate a double holds.
  T scale = model.aht;
  if constexpr (requires { model.patience; })
    if (std::isfinite(model.patience)) scale = std::max(scale, T(model.patience));
  const T limit =
      math::max_v<T> / 1024 / std::max(T(1), scale);  // 1024 x scale could overflow to inf (limit 0)
  // In the answered convention with finite patience the limit rate -> inf is
  // known: a caller answered after t had a patience > t, which is
  // independent of his wait, so P(S, W > t) <= e^{-t/patience}, and P(S) =
  // busy / (rate aht) (Little), busy = E[busy agents] = occupancy x agents,
  // which does not fall as the rate grows. From any rate r0 that passes,
  // 1 - SL(rate) <= e^{-t/patience} rate aht / busy(r0) keeps every rate up to
  // (1 - target) busy(r0) e^{t/patience} / aht at or above the target; when
  // that passes the limit, every rate does (+inf), and the search never
  // evaluates the model where its numbers leave the doubles
  // (tests/test_fuzz_regressions.cpp, MaxArrivalRateWhenEveryRateMeetsTheTarget).
  auto proves_every_rate = [&](T rate) {
    if constexpr (requires { model.patience; }) {
      // excl_short_abandons too where nobody is blocked: 1 - SL = (P(S, W > t)
      // + P(Ab, W > t)) / (1 - P(Ab, W <= t)), both parts need a patience > t,
      // and the denominator is at least P(S).
      const bool bounded = convention == sl_convention::answered ||
                           (convention == sl_convention::excl_short_abandons && !models::blocking_model<M>);
      if (!bounded || !std::isfinite(model.patience)) return false;
      const M at_rate = model.with_arrival_rate(rate);
      const T busy = measure::occupancy_of(at_rate, at_rate.at(T(agents)), T(agents)) * agents;
      const T log_up_to =
          std::log1p(-target) + std::log(busy) + target_time / model.patience - std::log(model.aht);
      return log_up_to >= std::log(limit);
    }
    return false;
  };
  // first_failure_by_doubling with that proof at every passing rate: at most
  // ~2100 doublings, each one or two evaluations.
  std::optional<T> fail;
  for (T x = std::min(limit, agents / model.aht);; x = std::min(limit, 2 * x)) {
    if (!(margin(x) >= 0)) {
      fail = x;
      break;
    }
    if (x >= limit || proves_every_rate(x)) break;
  }
  if (!fail) return math::inf_v<T>;
  return math::bracketed_root<T>(fn, margin, *fail, *fail / 2 < agents / model.aht ? T(0) : *fail / 2);
}

ERLANGKIT_END_NAMESPACE
