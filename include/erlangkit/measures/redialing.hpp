// The measures of a fresh caller where lost callers redial
// (models/redialing.hpp): the total rate of attempts and the probability of
// being finally lost. Every other measure of a redialing model is per attempt
// (measures.hpp). For a model without redials both are the plain ones: the
// arrival rate, and P(Ab) + P(blocked).
#pragma once

#include <type_traits>

#include "../models/redialing.hpp"
#include "measures.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Attempts per time unit, fresh calls plus redials: the L of the fixed point
/// L = lambda + r L (P(Ab) + P(blocked)) (docs/math/redialing.md §2), in the
/// model's time unit; lambda without redials. Cost: one state of the model.
template <models::queue_model M>
typename M::real_type total_arrival_rate(std::type_identity_t<typename M::real_type> agents, const M& model) {
  return measure::evaluate("total_arrival_rate", agents, model, [&](const auto& s) {
    if constexpr (requires { s.total_arrival_rate(); })
      return s.total_arrival_rate();
    else
      return typename M::real_type(model.arrival_rate);
  });
}

/// Probability that a fresh caller is lost for good: (1 - r) p / (1 - r p)
/// with p = P(Ab) + P(blocked) per attempt (docs/math/redialing.md §3); p
/// itself without redials.
template <models::queue_model M>
typename M::real_type prob_finally_lost(std::type_identity_t<typename M::real_type> agents, const M& model) {
  return measure::evaluate("prob_finally_lost", agents, model, [](const auto& s) {
    if constexpr (requires { s.prob_finally_lost(); })
      return measure::probability(s.prob_finally_lost());
    else
      return measure::probability(models::prob_lost_of(s));
  });
}

ERLANGKIT_END_NAMESPACE
