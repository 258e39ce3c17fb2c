// The description of one queue as plain numbers, and the one place that
// decides which model those numbers describe. Times are in any one unit
// (seconds, minutes, ...) and rates are per that unit.
#pragma once

#include <cmath>
#include <limits>

#include "core/check.hpp"
#include "models/erlang_a.hpp"
#include "models/erlang_c.hpp"
#include "models/finite_lines.hpp"
#include "models/general_patience.hpp"
#include "models/redialing.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// A queue with Poisson arrivals and exponential handle times: Erlang-C
/// (M/M/n) with the defaults, Erlang-A (M/M/n+M) with a finite mean patience,
/// and with finite `lines` the M/M/n/N+M queue whose callers are blocked when
/// all N lines are taken (agents talking plus callers waiting). With a
/// `redial` probability r in (0, 1), callers who abandon or are blocked call
/// again (models/redialing.hpp: Erlang-X with finite lines); measures are then
/// per attempt. With a `patience_law`, patience follows that distribution
/// (M/M/n+G, models/general_patience.hpp) and `patience` is not read.
///
///   erlangkit::queue_spec q{.arrival_rate = 100.0 / 1800, .aht = 180, .patience = 120};
///   const erlangkit::models::patience::distribution<double> law =
///   erlangkit::models::patience::gamma<double>{120, 0.5}; erlangkit::queue_spec g{.arrival_rate = 100.0 /
///   1800, .aht = 180, .patience_law = &law};
template <class Real = double>
struct queue_spec {
  Real arrival_rate;                                      ///< lambda: arrivals per time unit, finite and >= 0
  Real aht;                                               ///< average handle time 1/mu, finite and > 0
  Real patience = std::numeric_limits<Real>::infinity();  ///< mean patience 1/theta, > 0; +inf: never hang up
  Real lines =
      std::numeric_limits<Real>::infinity();  ///< N: lines in total, whole and >= agents; +inf: unlimited
  Real redial = 0;                            ///< r: share of lost callers who call again, in [0, 1)
  /// A patience distribution (M/M/n+G) in place of the exponential mean `patience`; not owned:
  /// it must outlive the calls that read this queue_spec. Needs unlimited lines.
  const models::patience::distribution<Real>* patience_law = nullptr;

  /// Offered load R = lambda * AHT in Erlangs.
  constexpr Real offered_load() const { return arrival_rate * aht; }
};

template <class Real>
queue_spec(Real, Real) -> queue_spec<Real>;
template <class Real>
queue_spec(Real, Real, Real) -> queue_spec<Real>;
template <class Real>
queue_spec(Real, Real, Real, Real) -> queue_spec<Real>;
template <class Real>
queue_spec(Real, Real, Real, Real, Real) -> queue_spec<Real>;

namespace detail {

template <class T>
bool queue_has_nan(const queue_spec<T>& q) {
  return any_nan(q.arrival_rate, q.aht, q.lines, q.redial) ||
         (q.patience_law ? q.patience_law->has_nan() : std::isnan(q.patience));
}

}  // namespace detail

/// Calls f with the model the queue_spec describes, and returns its result:
/// the registry of the models that plain numbers select (one line a model).
template <bool redials = true, class Real, class F>
decltype(auto) with_model(const queue_spec<Real>& q, F&& f) {
  // A redial probability wraps whichever model the other numbers pick.
  if constexpr (redials)
    if (q.redial != 0)
      return with_model<false>(q, [&](const auto& m) { return f(models::redialing{m, q.redial}); });
  if (q.patience_law)
    return f(models::general_patience<Real>{q.arrival_rate, q.aht, *q.patience_law, q.lines});
  if (q.lines < std::numeric_limits<Real>::infinity())
    return f(models::finite_lines<Real>{q.arrival_rate, q.aht, q.patience, q.lines});
  // +inf only: -inf goes on to Erlang-A, whose check refuses a patience <= 0.
  if (q.patience == std::numeric_limits<Real>::infinity())
    return f(models::erlang_c<Real>{q.arrival_rate, q.aht});
  return f(models::erlang_a<Real>{q.arrival_rate, q.aht, q.patience});
}

ERLANGKIT_END_NAMESPACE
