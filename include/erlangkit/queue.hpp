// The description of one queue: how fast contacts arrive, how long they take,
// how long callers wait before hanging up. Times are in any one unit (seconds,
// minutes, ...) and rates are per that unit.
#pragma once

#include <limits>
#include <string_view>

#include "detail/check.hpp"

namespace erlangkit {

/// A queue with Poisson arrivals, exponential handle times and exponential
/// patience (M/M/n+M, "Erlang-A"); infinite patience is the Erlang-C queue.
///
///   erlangkit::queue_spec q{.arrival_rate = 100.0 / 1800, .aht = 180, .patience = 120};
template <class Real = double>
struct queue_spec {
  Real arrival_rate;                                      ///< lambda: arrivals per time unit, finite and >= 0
  Real aht;                                               ///< average handle time 1/mu, finite and > 0
  Real patience = std::numeric_limits<Real>::infinity();  ///< mean patience 1/theta, > 0

  /// Offered load R = lambda * AHT in Erlangs.
  constexpr Real offered_load() const { return arrival_rate * aht; }
};

template <class Real>
queue_spec(Real, Real) -> queue_spec<Real>;
template <class Real>
queue_spec(Real, Real, Real) -> queue_spec<Real>;

namespace detail {

template <class T>
bool queue_has_nan(T agents, const queue_spec<T>& q) {
  return any_nan(agents, q.arrival_rate, q.aht, q.patience);
}

template <class T>
bool check_queue(std::string_view fn, T agents, const queue_spec<T>& q) {
  return check_nonneg(fn, "agents", agents) && check_nonneg(fn, "arrival_rate", q.arrival_rate) &&
         check_positive(fn, "aht", q.aht) && check_patience(fn, q.patience);
}

}  // namespace detail
}  // namespace erlangkit
