// Service level ("80% answered within 20 s"), average speed of answer and the
// waiting-time distribution on a queue_spec, in the conventions of
// docs/conventions.md, plus all measures in one call. Thin layers over the
// generic measures (measures/measures.hpp) of the model the queue_spec picks.
#pragma once

#include <type_traits>

#include "erlang_a.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// Service level within target_time.
///
/// - target_time: t >= 0, finite, in the queue's time unit.
/// - convention: offered (default; abandons count as failures), answered,
///   virtual_wait, excl_short_abandons. All coincide for infinite patience.
/// - returns a probability in [0, 1]; 0 in Erlang-C overload.
/// - formula: Erlang-C 1 - C e^{-(n mu - lambda) t}; Erlang-A by Mandelbaum &
///   Zeltyn's incomplete-gamma forms (docs/math/erlang_a.md §5).
/// - accuracy: relative error <= 1e-12 (tests/data/erlang_a.csv).
template <class Real>
Real service_level(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                   std::type_identity_t<Real> target_time,
                   sl_convention convention = sl_convention::offered) {
  if (std::isnan(agents) || detail::queue_has_nan(q) || std::isnan(target_time)) return math::nan_v<Real>;
  return with_model(
      q, [&](const auto& m) { return erlangkit::service_level(Real(agents), m, target_time, convention); });
}

/// Average speed of answer (mean wait) in the queue's time unit.
///
/// - convention: answered (default; mean wait of answered calls, the industry
///   ASA), all (mean wait over all arrivals, E[W] = P(Ab) x patience), or
///   virtual_wait (E[V], the wait of a caller who never hangs up).
/// - returns >= 0; +inf in Erlang-C overload or with no agents.
template <class Real>
Real asa(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
         asa_convention convention = asa_convention::answered) {
  if (std::isnan(agents) || detail::queue_has_nan(q)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) { return erlangkit::asa(Real(agents), m, convention); });
}

/// The waiting-time distribution P(W > t) over all arrivals (W ends when the
/// call is answered or abandoned).
template <class Real>
Real prob_wait_longer_than(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                           std::type_identity_t<Real> t) {
  if (std::isnan(agents) || detail::queue_has_nan(q) || std::isnan(t)) return math::nan_v<Real>;
  return with_model(q, [&](const auto& m) { return erlangkit::prob_wait_longer_than(Real(agents), m, t); });
}

/// The q-quantile of the answer time in a convention (see the model form):
/// the smallest t with service_level(t, convention) >= q, or +inf.
template <class Real>
Real wait_quantile(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                   std::type_identity_t<Real> quantile, sl_convention convention = sl_convention::answered) {
  if (std::isnan(agents) || detail::queue_has_nan(q) || std::isnan(quantile)) return math::nan_v<Real>;
  return with_model(
      q, [&](const auto& m) { return erlangkit::wait_quantile(Real(agents), m, quantile, convention); });
}

/// Every measure of one queue at once (the state is built a single time).
template <class Real>
queue_measures<Real> measures(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                              std::type_identity_t<Real> target_time,
                              sl_convention sl = sl_convention::offered,
                              asa_convention asa_conv = asa_convention::answered) {
  constexpr Real nan = math::nan_v<Real>;
  if (std::isnan(agents) || detail::queue_has_nan(q) || std::isnan(target_time))
    return {nan, nan, nan, nan, nan, nan};
  return with_model(
      q, [&](const auto& m) { return erlangkit::measures(Real(agents), m, target_time, sl, asa_conv); });
}

ERLANGKIT_END_NAMESPACE
