// Redials on plain numbers: extended Erlang-B (blocked callers retry) and
// the fresh-caller measures of a queue_spec with a redial probability
// (Erlang-X with finite lines). The models: models/redialing.hpp; the math:
// docs/math/redialing.md.
#pragma once

#include <type_traits>

#include "core/check.hpp"
#include "measures/redialing.hpp"
#include "models/erlang_b.hpp"
#include "queue.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Extended Erlang-B: the blocking probability of one attempt at an M/M/n/n
/// loss system whose blocked callers call again with probability `redial`.
///
/// - servers: n, real and >= 0 (Jagerman's extension, as erlang_b).
/// - load: fresh offered load R in Erlangs, >= 0.
/// - redial: r in [0, 1).
/// - returns B(n, L aht) in [0, 1], L the total rate of the fixed point
///   L = lambda (1 + r B L / lambda) (docs/math/redialing.md §2, §4): the
///   blocking per attempt that published extended Erlang-B calculators report
///   (1000 servers, 1500 Erlangs, r = 0.2: 0.386). A fresh caller is lost for
///   good with (1 - r) B / (1 - r B) (prob_finally_lost).
/// - errors: erlangkit::domain_error naming the argument; NaN in gives NaN.
/// - accuracy: B to ~1e-12 relative (erlang_b's), the fixed point to a few
///   ulps (tests/test_redialing.cpp).
template <class S, class L, class P>
detail::promote_t<S, L, P> erlang_b_extended(S servers, L load, P redial) {
  using T = detail::promote_t<S, L, P>;
  constexpr auto fn = "erlang_b_extended";
  const T n = servers, R = load, r = redial;
  if (detail::any_nan(n, R, r)) return math::nan_v<T>;
  if (!detail::check_nonneg(fn, "servers", n) || !detail::check_nonneg(fn, "load", R)) return math::nan_v<T>;
  // A load in Erlangs is a rate per mean holding time.
  const models::redialing<models::erlang_b<T>> m{{R, 1}, r};
  return measure::evaluate(fn, n, m, [](const auto& s) { return measure::probability(s.prob_blocked()); });
}

/// Attempts per time unit (fresh calls plus redials) at `agents` agents, in
/// the queue's time unit: the arrival rate unless q.redial > 0 and callers
/// can be lost (finite patience or lines).
template <class Real>
Real total_arrival_rate(std::type_identity_t<Real> agents, const queue_spec<Real>& q) {
  if (std::isnan(agents) || detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) { return erlangkit::total_arrival_rate(Real(agents), m); });
}

/// Probability that a fresh caller is lost for good (abandons or is blocked
/// on the last attempt and does not call again).
template <class Real>
Real prob_finally_lost(std::type_identity_t<Real> agents, const queue_spec<Real>& q) {
  if (std::isnan(agents) || detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) { return erlangkit::prob_finally_lost(Real(agents), m); });
}

ERLANGKIT_END_NAMESPACE
