// Service level ("80% answered within 20 s") and average speed of answer, in
// the conventions of docs/conventions.md, plus all measures in one call.
#pragma once

#include <type_traits>

#include "erlang_a.hpp"

namespace erlangkit {

/// Service level within target_time.
///
/// - target_time: t >= 0, finite, in the queue's time unit.
/// - convention: offered (default; abandons count as failures), answered,
///   virtual_wait, excl_short_abandons. All coincide for infinite patience.
/// - returns a probability in [0, 1]; 0 in Erlang-C overload.
/// - formula: Erlang-C 1 - C e^{-(n mu - lambda) t}; Erlang-A per
///   shared/math/formulas.md (Mandelbaum & Zeltyn).
/// - accuracy: relative error <= 1e-12 (tests/data/erlang_a.csv).
template <class Real>
Real service_level(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                   std::type_identity_t<Real> target_time,
                   sl_convention convention = sl_convention::offered) {
  if (detail::queue_has_nan(agents, q) || std::isnan(target_time)) return detail::nan_v<Real>;
  if (!detail::check_queue("service_level", agents, q) ||
      !detail::check_nonneg("service_level", "target_time", static_cast<Real>(target_time)))
    return detail::nan_v<Real>;
  const auto s = detail::make_queue_state(static_cast<Real>(agents), q);
  return detail::service_level_of(s, static_cast<Real>(target_time), convention);
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
  if (detail::queue_has_nan(agents, q)) return detail::nan_v<Real>;
  if (!detail::check_queue("asa", agents, q)) return detail::nan_v<Real>;
  const auto s = detail::make_queue_state(static_cast<Real>(agents), q);
  return detail::asa_of(s, convention);
}

/// Every measure of one queue at once (the state is built a single time).
template <class Real>
struct queue_measures {
  Real prob_wait;
  Real prob_abandon;
  Real occupancy;
  Real mean_queue_length;
  Real service_level;
  Real asa;
};

template <class Real>
queue_measures<Real> measures(std::type_identity_t<Real> agents, const queue_spec<Real>& q,
                              std::type_identity_t<Real> target_time,
                              sl_convention sl = sl_convention::offered,
                              asa_convention asa_conv = asa_convention::answered) {
  constexpr Real nan = detail::nan_v<Real>;
  if (detail::queue_has_nan(agents, q) || std::isnan(target_time)) return {nan, nan, nan, nan, nan, nan};
  if (!detail::check_queue("measures", agents, q) ||
      !detail::check_nonneg("measures", "target_time", static_cast<Real>(target_time)))
    return {nan, nan, nan, nan, nan, nan};
  const auto s = detail::make_queue_state(static_cast<Real>(agents), q);
  return {s.prob_wait,
          s.prob_abandon,
          detail::occupancy_of(s),
          detail::mean_queue_length_of(s),
          detail::service_level_of(s, static_cast<Real>(target_time), sl),
          detail::asa_of(s, asa_conv)};
}

}  // namespace erlangkit
