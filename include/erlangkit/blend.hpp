// Call blending (models/blend.hpp): agents shared by inbound calls and an
// endless backlog of outbound work, `threshold` agents kept idle for inbound.
// Every measure, convention and solver of the generic layers (the threshold
// held fixed), and the model's own outputs below.
//
//   erlangkit::models::blend<double> m{.arrival_rate = 7, .aht = 1, .outbound_aht = 2,
//                                      .threshold = 2, .patience = 2};
//   double sl = erlangkit::service_level(10, m, 0.2);
//   double jobs = erlangkit::outbound_throughput(10, m);
//   double s = erlangkit::threshold_for_service_level(10, m, 0.8, 0.2);
#pragma once

#include <cmath>
#include <type_traits>

#include "measures/measures.hpp"
#include "models/blend.hpp"
#include "staffing/agents.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Outbound jobs completed per time unit, E[outbound in service] /
/// outbound_aht, >= 0 (0 where threshold >= agents). agents: whole, >= 0;
/// errors as every measure (domain_error for bad input, evaluation_error past
/// models::blend_max_states). Exact to rounding (docs/blending.md).
template <class Real>
Real outbound_throughput(std::type_identity_t<Real> agents, const models::blend<Real>& model) {
  return measure::evaluate("outbound_throughput", agents, model,
                           [](const auto& s) { return s.outbound_throughput(); });
}

/// Inbound occupancy: mean agents on inbound calls / agents, in [0, 1].
/// occupancy() counts outbound work too. Arguments and errors as
/// outbound_throughput.
template <class Real>
Real inbound_occupancy(std::type_identity_t<Real> agents, const models::blend<Real>& model) {
  return measure::evaluate("inbound_occupancy", agents, model,
                           [&](const auto& s) { return agents == 0 ? Real(0) : s.inbound_occupancy(); });
}

/// The smallest threshold (agents kept idle for inbound) in 0..agents whose
/// inbound service level within target_time is at least target, with the
/// model's own threshold ignored: the setting that leaves the most agents to
/// outbound work while the inbound target holds. A larger threshold never
/// lowers the inbound service level (tests/test_blend.cpp,
/// ServiceLevelRisesWithTheThreshold), so the search bisects: about log2(n)
/// + 2 evaluations.
/// - target in (0, 1); target_time >= 0; agents whole, >= 0.
/// - errors: domain_error for bad input; infeasible_error when even
///   threshold = agents (pure inbound) misses the target.
template <class Real>
Real threshold_for_service_level(std::type_identity_t<Real> agents, const models::blend<Real>& model,
                                 std::type_identity_t<Real> target, std::type_identity_t<Real> target_time,
                                 sl_convention convention = sl_convention::offered) {
  constexpr auto fn = "threshold_for_service_level";
  if (std::isnan(agents) || model.has_nan() || std::isnan(target) || std::isnan(target_time))
    return math::nan_v<Real>;
  if (!detail::check_agents_and_model(fn, agents, model) ||
      !detail::check_probability_target<Real>(fn, "target", target) ||
      !detail::check_nonneg<Real>(fn, "target_time", target_time))
    return math::nan_v<Real>;
  auto meets = [&](Real s) {
    auto m = model;
    m.threshold = s;
    return measure::service_level_of(m.at(agents), Real(target_time), convention) >= target;
  };
  Real hi = agents;
  if (!meets(hi))
    return detail::raise_infeasible<Real>(fn, "the target is missed even with every agent kept for inbound");
  if (meets(0)) return 0;
  Real lo = 0;  // misses; hi meets
  while (hi - lo > 1) {
    const Real mid = std::floor((lo + hi) / 2);
    (meets(mid) ? hi : lo) = mid;
  }
  return hi;
}

ERLANGKIT_END_NAMESPACE
