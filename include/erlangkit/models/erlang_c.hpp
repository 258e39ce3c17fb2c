// Erlang-C: the M/M/n queue. Poisson arrivals at rate lambda, n agents with
// exponential handle times of mean aht, an unlimited queue, callers who never
// hang up (docs/erlang_c.md; derivations in docs/math/erlang_c.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "../math/erlang_b.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct erlang_c_state;

// Largest offered load (Erlangs) for which walk_for_service_level walks agent
// by agent instead of leaving the search to the general solver: the walk's
// cost grows with the agents above R, at worst ~beta sqrt(R) of them (a target
// time of 0), and at 10^5 Erlangs that worst case still costs less than the
// search (490 vs 557 ns; bench StaffErlangCWalkVsSearch), while a usual
// 20-second target takes ~25 steps at any load (90 vs 1450 ns).
inline constexpr double erlang_c_walk_max_load = 1e5;

template <class T = double>
struct erlang_c {
  using real_type = T;
  static constexpr std::string_view name = "erlang_c";
  static constexpr bool fractional_agents = true;  // Jagerman's extension of B
  static constexpr bool abandons = false;

  T arrival_rate;  ///< lambda: arrivals per time unit, finite and >= 0
  T aht;           ///< average handle time 1/mu, finite and > 0

  bool has_nan() const { return detail::any_nan(arrival_rate, aht); }
  bool validate(std::string_view fn) const {
    return detail::check_nonneg(fn, "arrival_rate", arrival_rate) && detail::check_positive(fn, "aht", aht);
  }
  T offered_load() const { return arrival_rate * aht; }
  erlang_c with_arrival_rate(T rate) const { return {rate, aht}; }
  /// The queue is stable only with more agents than Erlangs (n > R).
  T min_stable_agents() const { return offered_load(); }

  erlang_c_state<T> at(T n) const;

  /// Fewest whole agents with service level >= goal within t, by walking up
  /// from the first stable n (docs/math/staffing.md §7); nullopt where the
  /// general search is cheaper, NaN when no n <= cap meets the goal.
  std::optional<T> walk_for_service_level(T goal, T t, T cap, T max_load = erlang_c_walk_max_load) const;
};

template <class T>
erlang_c(T, T) -> erlang_c<T>;

template <class T>
struct erlang_c_state {
  T n, load, aht;
  T pw = 0, pnw = 1;  // P(W > 0) and 1 - P(W > 0), each formed without cancellation

  T prob_wait() const { return pw; }
  T prob_no_wait() const { return pnw; }
  T prob_abandon() const { return 0; }
  T prob_abandon_given_wait() const { return 0; }
  T prob_served() const { return 1; }
  // E[W] = C / (n mu - lambda); +inf in overload.
  T mean_wait() const {
    if (pw == 0) return 0;
    return load >= n ? math::inf_v<T> : pw * aht / (n - load);
  }
  T mean_wait_served() const { return mean_wait(); }
  T mean_virtual_wait() const { return mean_wait(); }
  T patience_survival(T) const { return 1; }

  // Every waiting caller is answered, so all service levels are one number,
  // 1 - C e^{-(n mu - lambda) t}.
  struct time_measures {
    T within, late;
    T answered_within() const { return within; }
    T virtual_within() const { return within; }
    T virtual_tail() const { return late; }
    T abandon_tail() const { return 0; }
  };
  time_measures at_time(T t) const {
    if (pw == 0) return {1, 0};
    if (load >= n) return {0, 1};
    // Directly while the subtracted term is below 1/2, else as the sum of the
    // two non-negative parts (1 - C) + C (1 - e^...).
    const T decay = -(n - load) * t / aht;
    const T late = pw * std::exp(decay);
    return {late < T(0.5) ? 1 - late : pnw - pw * std::expm1(decay), late};
  }
};

template <class T>
erlang_c_state<T> erlang_c<T>::at(T n) const {
  erlang_c_state<T> s{n, offered_load(), aht};
  const T R = s.load;
  // Overload, and no agent at all: everyone waits, for ever. With n = 0 this
  // holds at R = 0 too (the limit as the arrival rate -> 0, C(0, 0) = 1 as in
  // math::erlang_c): a (virtual) arrival finds nobody to answer it.
  if (R >= n) {
    s.pw = 1, s.pnw = 0;
    return s;
  }
  if (R == 0) return s;  // nobody arrives and an agent is free: a (virtual) arrival never waits
  const auto b = math::inverse_erlang_b_parts(n, R);
  if (std::isinf(b.inv_b)) return s;  // B underflowed: nobody waits
  const T denom = math::erlang_c_denominator(n, R, b.inv_b);
  s.pw = std::min(T(1), n / denom);  // an ulp above 1 where B -> 1 (math::erlang_c_from_inverse_b)
  s.pnw = (n - R) * b.inv_b_minus_1 / denom;
  return s;
}

// Walks n up from floor(R) + 1 (the first stable n) with every quantity
// updated in O(1) per agent:
//   1/B(n) = 1 + (n/R) 1/B(n-1),  e^{-(n-R) tau} = e^{-(n-1-R) tau} e^{-tau},
// and the test C e^{..} <= 1 - goal written without a division as
//   n e^{-(n-R) tau} <= (1 - goal)(R + (n - R)/B).
// The answer lies ~beta sqrt(R) agents above R (Halfin-Whitt), so for the
// loads of a usual queue this is a handful of multiply-adds per agent where
// the general search pays a square-root-staffing guess and several
// evaluations.
template <class T>
std::optional<T> erlang_c<T>::walk_for_service_level(T goal, T t, T cap, T max_load) const {
  const T R = offered_load();
  if (!(R <= max_load) || R == 0) return std::nullopt;
  const T tau = t / aht;
  const T p = 1 - goal;
  const T r = 1 / R;
  T n = std::floor(R) + 1;
  T inv_b = math::inverse_erlang_b(n, R);
  T late = std::exp(-(n - R) * tau);
  const T step = std::exp(-tau);
  // Bounded also where the goal needs far more agents than a usual queue: past
  // 2^20 steps the general search takes over.
  const T last = std::min(cap, n + T(1 << 20));
  for (; n <= last; n += 1) {
    if (n * late <= p * math::erlang_c_denominator(n, R, inv_b)) return n;  // inv_b = inf: C = 0
    inv_b = math::muladd((n + 1) * r, inv_b, T(1));
    late *= step;
  }
  if (last >= cap) return math::nan_v<T>;
  return std::nullopt;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
