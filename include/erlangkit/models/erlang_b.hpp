// Erlang-B: the M/M/n/n loss system. Poisson arrivals at rate lambda, n
// servers with exponential holding times of mean aht, no queue: a call that
// finds every server busy is blocked and lost (Erlang 1917; docs/erlang_b.md,
// docs/math/erlang_b.md). It queues nobody, so it defines blocking and
// occupancy but no waiting measures: asking for a service level or an ASA
// does not compile.
#pragma once

#include <algorithm>
#include <cmath>
#include <string_view>

#include "../math/erlang_b.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct erlang_b_state;

template <class T = double>
struct erlang_b {
  using real_type = T;
  static constexpr std::string_view name = "erlang_b";
  static constexpr bool fractional_agents = true;  // Jagerman's extension
  static constexpr bool abandons = false;

  T arrival_rate;  ///< lambda: arrivals per time unit, finite and >= 0
  T aht;           ///< mean holding time, finite and > 0

  bool has_nan() const { return detail::any_nan(arrival_rate, aht); }
  bool validate(std::string_view fn) const {
    return detail::check_nonneg(fn, "arrival_rate", arrival_rate) && detail::check_positive(fn, "aht", aht);
  }
  T offered_load() const { return arrival_rate * aht; }
  erlang_b with_arrival_rate(T rate) const { return {rate, aht}; }

  erlang_b_state<T> at(T n) const;
};

template <class T>
erlang_b(T, T) -> erlang_b<T>;

template <class T>
struct erlang_b_state {
  T n, load;
  T inv_b;          // 1/B(n, R)
  T inv_b_minus_1;  // 1/B - 1, the odds of a free server, kept to full accuracy

  T prob_blocked() const { return 1 / inv_b; }
  // 1 - B = (1/B - 1)/(1/B): a ratio, where 1 - B itself loses the digits of
  // a small 1 - B in overload.
  T prob_served() const {
    if (load == 0) return n == 0 ? T(0) : T(1);
    if (std::isinf(inv_b)) return 1;  // B underflowed
    return inv_b_minus_1 / inv_b;
  }
  // Carried load per server R (1 - B)/n, at most 1 (for whole n it is
  // B(n)/B(n-1) by the recursion).
  T occupancy() const {
    if (n == 0 || load == 0) return 0;
    return std::min(T(1), load / n * prob_served());
  }
};

template <class T>
erlang_b_state<T> erlang_b<T>::at(T n) const {
  const T R = offered_load();
  const auto b = math::inverse_erlang_b_parts(n, R);
  return {n, R, b.inv_b, b.inv_b_minus_1};
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
