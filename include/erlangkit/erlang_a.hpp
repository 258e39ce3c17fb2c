// Queue measures on a queue_spec: probability of waiting, of abandoning, of
// being blocked, occupancy, queue length. The queue_spec picks the model
// (queue.hpp: Erlang-C, Erlang-A, finite lines) and the measure is the
// generic one of measures/measures.hpp. Service level and ASA, which come in
// conventions, are in service_level.hpp.
//
// Common to every function here:
// - agents: n, real and >= 0 (the continuous extension; exact at integers;
//   whole and <= lines with finite lines).
// - q: the queue_spec (arrival_rate, aht, patience, lines) in one time unit.
// - errors: erlangkit::domain_error for negative or infinite rates and times,
//   negative agents, patience <= 0. NaN in any argument gives NaN.
// - overload is not an error: with infinite patience and load >= agents,
//   prob_wait = 1 and waits are +inf; with finite patience the queue is always
//   stable.
// - formulas: docs/math/erlang_c.md, docs/math/erlang_a.md, docs/math/finite_lines.md.
// - accuracy: relative error <= 1e-12 against 50-digit references for agents
//   up to 1e5 and patience from 1e-3 to 1e4 AHT (tests/data/erlang_a.csv).
#pragma once

#include <type_traits>

#include "erlang_c.hpp"
#include "measures/measures.hpp"
#include "queue.hpp"

ERLANGKIT_BEGIN_NAMESPACE

#define ERLANGKIT_QUEUE_MEASURE(name)                                                      \
  template <class Real>                                                                    \
  Real name(std::type_identity_t<Real> agents, const queue_spec<Real>& q) {                \
    if (std::isnan(agents) || detail::queue_has_nan(q)) return math::nan_v<Real>;          \
    return with_model(q, [&](const auto& m) { return erlangkit::name(Real(agents), m); }); \
  }

/// Probability that an arrival has to wait, P(W > 0) (Erlang-C: C(n, R)).
ERLANGKIT_QUEUE_MEASURE(prob_wait)

/// Probability that an arrival abandons, P(Ab) (0 for infinite patience).
ERLANGKIT_QUEUE_MEASURE(prob_abandon)

/// Probability that a caller who waits abandons, P(Ab | W > 0).
ERLANGKIT_QUEUE_MEASURE(prob_abandon_given_wait)

/// Agent occupancy: carried load / agents = rho (1 - P(Ab) - P(blocked)); 1 in Erlang-C overload.
ERLANGKIT_QUEUE_MEASURE(occupancy)

/// Mean number of callers waiting, E[Q] = lambda E[W] (Little); +inf in Erlang-C overload.
ERLANGKIT_QUEUE_MEASURE(mean_queue_length)

#undef ERLANGKIT_QUEUE_MEASURE

/// Probability that an arrival finds all lines taken (0 with unlimited lines).
template <class Real>
Real prob_blocked(std::type_identity_t<Real> agents, const queue_spec<Real>& q) {
  if (std::isnan(agents) || detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) {
    using M = std::decay_t<decltype(m)>;
    if constexpr (models::blocking_model<M>)
      return erlangkit::prob_blocked(Real(agents), m);
    else
      return measure::evaluate("prob_blocked", Real(agents), m, [](const auto&) { return Real(0); });
  });
}

ERLANGKIT_END_NAMESPACE
