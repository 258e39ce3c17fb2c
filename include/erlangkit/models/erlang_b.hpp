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
  T inv_b;       // 1/B(n, R)
  T inv_b_prev;  // 1/B(n-1, R) for n >= 1 (else 0)

  T prob_blocked() const { return 1 / inv_b; }
  // 1 - B = (n/R) B(n)/B(n-1) by the recursion 1/B(n) = 1 + (n/R)/B(n-1): a
  // product, where 1 - B itself loses the digits of a small 1 - B in overload.
  T prob_served() const {
    if (load == 0) return n == 0 ? T(0) : T(1);
    if (std::isinf(inv_b)) return 1;  // B underflowed
    if (n < 1) return (inv_b - 1) / inv_b;
    return n / load * (inv_b_prev / inv_b);
  }
  // Carried load per server R (1 - B)/n, which by the same recursion is the
  // ratio B(n)/B(n-1): at most 1 without clamping.
  T occupancy() const {
    if (n == 0 || load == 0) return 0;
    if (std::isinf(inv_b)) return load / n;
    if (n < 1) return std::min(T(1), load / n * prob_served());
    return inv_b_prev / inv_b;
  }
};

template <class T>
erlang_b_state<T> erlang_b<T>::at(T n) const {
  const T R = offered_load();
  if (R == 0) return {n, R, n == 0 ? T(1) : math::inf_v<T>, 0};
  return {n, R, math::inverse_erlang_b(n, R), n >= 1 ? math::inverse_erlang_b(n - 1, R) : T(0)};
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
