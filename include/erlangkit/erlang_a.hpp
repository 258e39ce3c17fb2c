// Queue measures of M/M/n+M (Erlang-A) and, with infinite patience, M/M/n
// (Erlang-C): probability of waiting, of abandoning, occupancy, queue length.
// Service level and ASA, which come in conventions, are in service_level.hpp.
//
// Common to every function here:
// - agents: n, real and >= 0 (the continuous extension; exact at integers).
// - q: the queue_spec (arrival_rate, aht, patience) in one time unit.
// - errors: erlangkit::domain_error for negative or infinite rates and times,
//   negative agents, patience <= 0. NaN in any argument gives NaN.
// - overload is not an error: with infinite patience and load >= agents,
//   prob_wait = 1 and waits are +inf; with finite patience the queue is always
//   stable.
// - formulas: Mandelbaum & Zeltyn, "The Palm/Erlang-A queue"; Garnett,
//   Mandelbaum & Reiman 2002 (see docs/erlang_a.md and detail/queue_state.hpp).
// - accuracy: relative error <= 1e-12 against 50-digit references for agents
//   up to 1e5 and patience from 1e-3 to 1e4 AHT (tests/data/erlang_a.csv).
#pragma once

#include <type_traits>

#include "detail/measures.hpp"
#include "erlang_c.hpp"
#include "queue.hpp"

namespace erlangkit {

#define ERLANGKIT_QUEUE_MEASURE(name, expr)                                 \
  template <class Real>                                                     \
  Real name(std::type_identity_t<Real> agents, const queue_spec<Real>& q) { \
    if (detail::queue_has_nan(agents, q)) return detail::nan_v<Real>;       \
    if (!detail::check_queue(#name, agents, q)) return detail::nan_v<Real>; \
    const auto s = detail::make_queue_state(static_cast<Real>(agents), q);  \
    return expr;                                                            \
  }

/// Probability that an arrival has to wait, P(W > 0) (Erlang-C: C(n, R)).
ERLANGKIT_QUEUE_MEASURE(prob_wait, s.prob_wait)

/// Probability that an arrival abandons, P(Ab) (0 for infinite patience).
ERLANGKIT_QUEUE_MEASURE(prob_abandon, s.prob_abandon)

/// Probability that a caller who waits abandons, P(Ab | W > 0).
ERLANGKIT_QUEUE_MEASURE(prob_abandon_given_wait, s.prob_abandon_given_wait)

/// Agent occupancy: carried load / agents = rho (1 - P(Ab)); 1 in Erlang-C overload.
ERLANGKIT_QUEUE_MEASURE(occupancy, detail::occupancy_of(s))

/// Mean number of callers waiting, E[Q] = lambda E[W] (Little); +inf in Erlang-C overload.
ERLANGKIT_QUEUE_MEASURE(mean_queue_length, detail::mean_queue_length_of(s))

#undef ERLANGKIT_QUEUE_MEASURE

}  // namespace erlangkit
