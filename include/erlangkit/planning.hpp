// The day planner on a queue_spec (planning/day.hpp; docs/planning.md): the
// model of every interval is the one queue.hpp picks for the queue's
// patience, lines and redial at that interval's arrival rate and handle time.
#pragma once

#include "planning/day.hpp"
#include "queue.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace planning {

/// model_of for plan_day and capacity: the queue `shape` (its patience,
/// lines and redial; its arrival rate and aht are ignored) at a given
/// arrival rate (per second) and aht (seconds).
template <class Real>
auto queue_model_of(const queue_spec<Real>& shape) {
  return [shape](Real rate, Real aht, auto&& f) {
    queue_spec<Real> q = shape;
    q.arrival_rate = rate;
    q.aht = aht;
    return with_model(q, f);
  };
}

/// plan_day for one queue: see planning::plan_day in planning/day.hpp.
template <class Real>
day_plan<Real> plan_day(const queue_spec<Real>& shape, std::span<const interval<Real>> day,
                        const targets<Real>& tg, const staff_rules<Real>& rules,
                        std::span<const Real> agents = {}) {
  return plan_day_with<stationary>(queue_model_of(shape), day, tg, rules, agents);
}

/// capacity for one queue: see planning::capacity in planning/day.hpp.
template <class Real>
Real capacity(const queue_spec<Real>& shape, std::type_identity_t<Real> agents,
              std::type_identity_t<Real> aht, std::type_identity_t<Real> length, const targets<Real>& tg) {
  return capacity_with<Real>(queue_model_of(shape), agents, aht, length, tg);
}

}  // namespace planning
ERLANGKIT_END_NAMESPACE
