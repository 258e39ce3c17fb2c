// Chat concurrency (models/chat.hpp): agents holding up to k chats at once,
// with every measure, convention and solver of the generic layers, and the
// model's own chat utilisation.
//
//   erlangkit::models::chat<double> m{2.0, {4.0, 5.0, 6.5}, 3.0};  // per minute, minutes
//   double sl = erlangkit::service_level(12, m, 1.0);
//   double n = erlangkit::agents_for_service_level(m, 0.8, 1.0);
#pragma once

#include <type_traits>

#include "measures/measures.hpp"
#include "models/chat.hpp"
#include "staffing/agents.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Chat utilisation: mean chats in service / (agents x maximum concurrency),
/// in [0, 1]. agents: whole, >= 0; errors as every measure (domain_error for
/// bad input, evaluation_error past models::chat_max_states).
template <class Real>
Real chat_utilisation(std::type_identity_t<Real> agents, const models::chat<Real>& model) {
  return measure::evaluate("chat_utilisation", agents, model, [](const auto& s) { return s.utilisation(); });
}

ERLANGKIT_END_NAMESPACE
