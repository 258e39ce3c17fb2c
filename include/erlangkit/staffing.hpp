// Staffing and capacity solvers: the fewest agents that meet a target, the
// most traffic a given staff carries, and shrinkage.
//
// Agents come back whole by default (the smallest integer meeting every
// constraint). With fractional = true they come back as the real agent count,
// on the continuous extension of the model, where the binding target is met
// exactly; whole-agent rounding overstaffs small queues and fractional counts
// are what a scheduler that pools several queues wants.
//
// Every search starts from square-root staffing (Halfin & Whitt 1981) and
// brackets the answer by galloping, so its cost does not grow with the queue.
#pragma once

#include <cmath>
#include <string>
#include <type_traits>

#include "detail/root.hpp"
#include "service_level.hpp"

namespace erlangkit {

template <class Real = double>
struct staffing_options {
  /// Cap on agent occupancy, in (0, 1]; 1 means no cap.
  Real max_occupancy = 1;
  /// Return the real agent count where the binding target is met exactly.
  bool fractional = false;
  /// Largest staff the search may return; a target needing more throws
  /// erlangkit::infeasible_error naming this limit.
  Real max_agents = 1e9;
};

namespace detail {

template <class T>
bool check_options(std::string_view fn, const staffing_options<T>& o) {
  if (!(o.max_occupancy > 0 && o.max_occupancy <= 1)) {
    raise_domain_error<T>(fn, "max_occupancy", o.max_occupancy, "in (0, 1]");
    return false;
  }
  if (!(o.max_agents >= 0)) {
    raise_domain_error<T>(fn, "max_agents", o.max_agents, ">= 0");
    return false;
  }
  return true;
}

// Names a target in an infeasibility message ("service level 0.8"); the text is
// built only when the target cannot be met, never on the search's hot path.
template <class T>
struct target_label {
  std::string_view what;
  T value;
};

template <class T>
T raise_not_met(std::string_view fn, target_label<T> label, const staffing_options<T>& o) {
  return raise_infeasible<T>(fn, std::string(label.what) + " " + format_value(label.value) +
                                     " is not met by max_agents = " + format_value(o.max_agents) +
                                     " agents or fewer");
}

// Smallest staff n >= 0 with margin(n) >= 0 (margin increases with n): whole,
// or with o.fractional the real root inside the last whole step.
template <class T, class Margin>
T solve_staffing(std::string_view fn, target_label<T> label, Margin margin, T guess,
                 const staffing_options<T>& o) {
  const auto whole =
      min_integer<T>([&](T n) { return margin(n) >= 0; }, guess, T(0), std::floor(o.max_agents));
  if (!whole) return raise_not_met(fn, label, o);
  if (!o.fractional || *whole == 0) return *whole;
  const T below = *whole - 1;
  if (margin(below) >= 0) return below;
  return bracketed_root<T>(margin, below, *whole);
}

template <class T>
T occupancy_floor(std::string_view fn, const queue_spec<T>& q, const staffing_options<T>& o) {
  if (o.max_occupancy >= 1) return 0;
  staffing_options<T> o2 = o;
  o2.fractional = true;
  return solve_staffing<T>(
      fn, {"max_occupancy", o.max_occupancy},
      [&](T n) { return o.max_occupancy - occupancy_of(make_queue_state(n, q)); },
      q.offered_load() / o.max_occupancy, o2);
}

// Combines a target's margin with the occupancy cap: the smallest staff meeting
// both is the larger of the two smallest staffs.
template <class T, class Margin>
T staff_with_cap(std::string_view fn, target_label<T> label, const queue_spec<T>& q, Margin margin, T guess,
                 const staffing_options<T>& o) {
  const T occ = occupancy_floor(fn, q, o);
  const T need = solve_staffing<T>(fn, label, margin, std::max(guess, occ), o);
  return std::max(need, o.fractional ? occ : std::ceil(occ));
}

// Largest offered load for which the Erlang-C service-level search walks up
// agent by agent (below) instead of galloping from square-root staffing.
inline constexpr int erlang_c_walk_max_load = 1000;

// Fewest whole agents with Erlang-C service level 1 - C(n) e^{-(n - R) tau} >=
// goal, tau = t/AHT, by walking up from n = floor(R) + 1 (the first stable n)
// with every quantity updated in O(1) per agent:
//   1/B(n) = 1 + (n/R) 1/B(n-1),  e^{-(n-R) tau} = e^{-(n-1-R) tau} e^{-tau},
// and the test C e^{..} <= 1 - goal written without a division as
//   n e^{-(n-R) tau} <= (1 - goal)(R + (n - R)/B)   (C = n / (R + (n-R)/B)).
// The answer lies ~beta sqrt(R) agents above R (Halfin-Whitt), so for the loads
// of a usual queue this is a handful of multiply-adds per agent where the
// general search pays a square-root-staffing guess and several evaluations.
// Returns nan when no n <= cap meets the goal.
template <class T>
T erlang_c_walk_for_service_level(T R, T tau, T goal, T cap) {
  const T p = 1 - goal;
  const T r = 1 / R;
  T n = std::floor(R) + 1;
  T inv_b = inverse_erlang_b(n, R);
  T late = std::exp(-(n - R) * tau);
  const T step = std::exp(-tau);
  for (; n <= cap; n += 1) {
    if (n * late <= p * (R + (n - R) * inv_b)) return n;  // inv_b = inf: B underflowed, C = 0
    inv_b = muladd((n + 1) * r, inv_b, T(1));
    late *= step;
  }
  return nan_v<T>;
}

template <class T>
bool check_staffing_queue(std::string_view fn, const queue_spec<T>& q) {
  return check_queue(fn, T(0), q);
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
  constexpr auto fn = "agents_for_service_level";
  if (detail::queue_has_nan(Real(0), q) || detail::any_nan(Real(target), Real(target_time)))
    return detail::nan_v<Real>;
  if (!detail::check_staffing_queue(fn, q) || !detail::check_probability_target<Real>(fn, "target", target) ||
      !detail::check_nonneg<Real>(fn, "target_time", target_time) || !detail::check_options(fn, options))
    return detail::nan_v<Real>;
  if (q.arrival_rate == 0) return 0;
  const Real t = target_time, goal = target;
  if (std::isinf(q.patience) && !options.fractional && q.offered_load() <= detail::erlang_c_walk_max_load) {
    const Real occ = detail::occupancy_floor(fn, q, options);  // all conventions coincide in Erlang-C
    const Real need = detail::erlang_c_walk_for_service_level(q.offered_load(), t / q.aht, goal,
                                                              std::floor(options.max_agents));
    if (std::isnan(need)) return detail::raise_not_met<Real>(fn, {"service level", goal}, options);
    return std::max(need, std::ceil(occ));
  }
  auto margin = [&](Real n) {
    return detail::service_level_of(detail::make_queue_state(n, q), t, convention) - goal;
  };
  const Real guess = detail::square_root_staffing_guess(q.offered_load(), 1 - goal);
  return detail::staff_with_cap<Real>(fn, {"service level", goal}, q, margin, guess, options);
}

/// Fewest agents whose average speed of answer is at most target_asa (> 0,
/// in the queue's time unit), in the given ASA convention.
template <class Real>
Real agents_for_asa(const queue_spec<Real>& q, std::type_identity_t<Real> target_asa,
                    asa_convention convention = asa_convention::answered,
                    const staffing_options<Real>& options = {}) {
  constexpr auto fn = "agents_for_asa";
  if (detail::queue_has_nan(Real(0), q) || std::isnan(target_asa)) return detail::nan_v<Real>;
  if (!detail::check_staffing_queue(fn, q) || !detail::check_positive<Real>(fn, "target_asa", target_asa) ||
      !detail::check_options(fn, options))
    return detail::nan_v<Real>;
  if (q.arrival_rate == 0) return 0;
  const Real goal = target_asa;
  auto margin = [&](Real n) { return goal - detail::asa_of(detail::make_queue_state(n, q), convention); };
  const Real guess = q.offered_load() + std::sqrt(q.offered_load());
  return detail::staff_with_cap<Real>(fn, {"ASA", goal}, q, margin, guess, options);
}

/// Fewest agents whose abandonment probability P(Ab) is at most target, in
/// (0, 1). Needs finite patience (with infinite patience nobody abandons).
template <class Real>
Real agents_for_abandon_rate(const queue_spec<Real>& q, std::type_identity_t<Real> target,
                             const staffing_options<Real>& options = {}) {
  constexpr auto fn = "agents_for_abandon_rate";
  if (detail::queue_has_nan(Real(0), q) || std::isnan(target)) return detail::nan_v<Real>;
  if (!detail::check_staffing_queue(fn, q) || !detail::check_probability_target<Real>(fn, "target", target) ||
      !detail::check_options(fn, options))
    return detail::nan_v<Real>;
  if (std::isinf(q.patience))
    return detail::raise_domain_error<Real>(fn, "patience", q.patience, "finite for an abandonment target");
  if (q.arrival_rate == 0) return 0;
  const Real goal = target;
  auto margin = [&](Real n) { return goal - detail::make_queue_state(n, q).prob_abandon; };
  const Real guess = q.offered_load() * (1 - goal);  // efficiency-driven regime (Whitt 2004)
  return detail::staff_with_cap<Real>(fn, {"abandonment rate", goal}, q, margin, guess, options);
}

/// Fewest agents whose occupancy is at most max_occupancy, in (0, 1].
template <class Real>
Real agents_for_occupancy(const queue_spec<Real>& q, std::type_identity_t<Real> max_occupancy,
                          bool fractional = false) {
  constexpr auto fn = "agents_for_occupancy";
  if (detail::queue_has_nan(Real(0), q) || std::isnan(max_occupancy)) return detail::nan_v<Real>;
  staffing_options<Real> o{.max_occupancy = max_occupancy, .fractional = fractional};
  if (!detail::check_staffing_queue(fn, q) || !detail::check_options(fn, o)) return detail::nan_v<Real>;
  if (q.arrival_rate == 0) return 0;
  if (max_occupancy >= 1 && std::isinf(q.patience)) {
    // Occupancy 1 is reached at n = R; a stable Erlang-C queue needs n > R.
    const Real r = q.offered_load();
    return fractional ? r : std::floor(r) + 1;
  }
  o.max_occupancy = max_occupancy;
  const Real occ = detail::occupancy_floor(fn, q, o);
  return fractional ? occ : std::ceil(occ);
}

/// Fewest servers whose Erlang-B blocking is at most target_blocking, in (0, 1),
/// for an offered load in Erlangs.
template <class L, class P>
detail::promote_t<L, P> servers_for_blocking(L load, P target_blocking, bool fractional = false) {
  using T = detail::promote_t<L, P>;
  constexpr auto fn = "servers_for_blocking";
  const T R = load, goal = target_blocking;
  if (detail::any_nan(R, goal)) return detail::nan_v<T>;
  if (!detail::check_nonneg(fn, "load", R) || !detail::check_probability_target(fn, "target_blocking", goal))
    return detail::nan_v<T>;
  if (R == 0) return 0;
  staffing_options<T> o{.fractional = fractional};
  auto margin = [&](T n) { return goal - 1 / detail::inverse_erlang_b(n, R); };
  return detail::solve_staffing<T>(fn, {"blocking", goal}, margin,
                                   detail::square_root_staffing_guess(R, goal), o);
}

/// Largest offered load (Erlangs) that `servers` carry with Erlang-B blocking
/// at most target_blocking, in (0, 1).
template <class S, class P>
detail::promote_t<S, P> max_load_for_blocking(S servers, P target_blocking) {
  using T = detail::promote_t<S, P>;
  constexpr auto fn = "max_load_for_blocking";
  const T n = servers, goal = target_blocking;
  if (detail::any_nan(n, goal)) return detail::nan_v<T>;
  if (!detail::check_nonneg(fn, "servers", n) ||
      !detail::check_probability_target(fn, "target_blocking", goal))
    return detail::nan_v<T>;
  if (n == 0) return 0;                                                          // B(0, R) = 1 for every load
  auto margin = [&](T R) { return goal - 1 / detail::inverse_erlang_b(n, R); };  // decreasing in R
  T hi = n + 1;
  while (margin(hi) >= 0) hi *= 2;
  return detail::bracketed_root<T>(margin, hi, T(0));
}

/// Largest arrival rate that `agents` answer at service level >= target within
/// target_time (same units as aht), for the given patience and convention.
template <class Real>
Real max_arrival_rate_for_service_level(std::type_identity_t<Real> agents, std::type_identity_t<Real> target,
                                        std::type_identity_t<Real> target_time, Real aht,
                                        std::type_identity_t<Real> patience = detail::inf_v<Real>,
                                        sl_convention convention = sl_convention::offered) {
  constexpr auto fn = "max_arrival_rate_for_service_level";
  const queue_spec<Real> probe{.arrival_rate = 0, .aht = aht, .patience = patience};
  if (detail::any_nan(Real(agents), Real(target), Real(target_time), aht, Real(patience)))
    return detail::nan_v<Real>;
  if (!detail::check_queue(fn, Real(agents), probe) ||
      !detail::check_probability_target<Real>(fn, "target", target) ||
      !detail::check_nonneg<Real>(fn, "target_time", target_time))
    return detail::nan_v<Real>;
  if (agents == 0)
    return detail::raise_infeasible<Real>(fn, "no arrival rate meets a service level with 0 agents");
  auto margin = [&](Real lambda) {
    const queue_spec<Real> q{.arrival_rate = lambda, .aht = aht, .patience = patience};
    return detail::service_level_of(detail::make_queue_state(Real(agents), q), Real(target_time),
                                    convention) -
           Real(target);
  };  // decreasing in lambda
  Real hi = agents / aht;
  while (margin(hi) >= 0) hi *= 2;
  return detail::bracketed_root<Real>(margin, hi, Real(0));
}

/// Scheduled staff for a required number of agents and a shrinkage share in
/// [0, 1): ceil(agents / (1 - shrinkage)). A quotient within a few ulps of an
/// integer counts as that integer (14 / 0.7 is 20.000000000000004 in doubles).
template <class A, class S>
detail::promote_t<A, S> scheduled_agents(A agents, S shrinkage) {
  using T = detail::promote_t<A, S>;
  constexpr auto fn = "scheduled_agents";
  const T n = agents, s = shrinkage;
  if (detail::any_nan(n, s)) return detail::nan_v<T>;
  if (!detail::check_nonneg(fn, "agents", n)) return detail::nan_v<T>;
  if (!(s >= 0 && s < 1)) return detail::raise_domain_error<T>(fn, "shrinkage", s, "in [0, 1)");
  const T raw = n / (1 - s);
  const T nearest = std::round(raw);
  if (std::abs(raw - nearest) <= 8 * detail::eps_v<T> * std::max(T(1), raw)) return nearest;
  return std::ceil(raw);
}

}  // namespace erlangkit
