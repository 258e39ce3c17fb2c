// Every queue measure as a function of one queue_state, so a caller that wants
// several of them (the measures() bundle, staffing searches) builds it once.
#pragma once

#include <algorithm>
#include <cmath>

#include "../conventions.hpp"
#include "queue_state.hpp"

namespace erlangkit::detail {

template <class T>
T occupancy_of(const queue_state<T>& s) {
  if (s.n == 0 || s.load == 0) return 0;
  if (s.erlang_c) return s.load >= s.n ? T(1) : s.load / s.n;
  return std::min(T(1), s.load / s.n * s.prob_served);  // carried load / agents
}

// Mean wait over all arrivals: E[W] = P(Ab)/theta (Erlang-A), C/(n mu - lambda) (Erlang-C).
template <class T>
T mean_wait_all(const queue_state<T>& s) {
  if (s.prob_wait == 0) return 0;
  if (s.erlang_c) return s.load >= s.n ? inf_v<T> : s.prob_wait * s.aht / (s.n - s.load);
  return s.prob_abandon * s.patience;
}

template <class T>
T mean_queue_length_of(const queue_state<T>& s) {
  return s.lambda == 0 ? T(0) : s.lambda * mean_wait_all(s);  // Little's law
}

template <class T>
T service_level_of(const queue_state<T>& s, T t, sl_convention c) {
  if (s.prob_wait == 0) return 1;
  if (s.n == 0) return 0;
  if (s.erlang_c) {
    if (s.load >= s.n) return 0;
    // 1 - C e^{-(n mu - lambda) t}: directly while the subtracted term is below
    // 1/2, else as the sum of the two non-negative parts (1 - C) + C (1 - e^...).
    const T late = s.prob_wait * std::exp(-(s.n - s.load) * t / s.aht);
    if (late < T(0.5)) return 1 - late;
    return s.prob_no_wait - s.prob_wait * std::expm1(-(s.n - s.load) * t / s.aht);
  }
  const auto r = make_tail_ratios(s, t);
  const T q = s.prob_wait;
  const T n_over_r = s.n / s.load;
  // P(S, W <= t) = 1 - [P(Ab) + P(S, W > t)] while that loss is below 1/2 (no
  // cancellation, never above 1); otherwise (1 - q) + q (n/R) served_within,
  // a sum of non-negative terms.
  const T loss = s.prob_abandon + q * n_over_r * r.served_tail;
  const T late = q * r.virtual_tail;  // P(V > t)
  within_ratios<T> w{};
  const bool need_within = c == sl_convention::virtual_wait ? late >= T(0.5) : loss >= T(0.5);
  if (need_within) w = make_within_ratios(s, t);
  const T answered_within = loss < T(0.5) ? 1 - loss : s.prob_no_wait + q * n_over_r * w.served_within;
  T v = nan_v<T>;
  switch (c) {
    case sl_convention::offered: v = answered_within; break;
    case sl_convention::answered: v = answered_within / s.prob_served; break;
    case sl_convention::virtual_wait:
      v = late < T(0.5) ? 1 - late : s.prob_no_wait + q * w.virtual_within;
      break;
    case sl_convention::excl_short_abandons:
      // 1 - P(Ab, W <= t) = P(S) + P(Ab, W > t)
      v = answered_within / (s.prob_served + q * r.abandon_tail / s.y);
      break;
  }
  // Each form above is accurate to a few ulps; rounding must not leave [0, 1].
  return std::clamp(v, T(0), T(1));
}

template <class T>
T asa_of(const queue_state<T>& s, asa_convention c) {
  if (s.prob_wait == 0) return 0;
  if (s.erlang_c) return mean_wait_all(s);  // all conventions coincide
  if (s.n == 0) return c == asa_convention::all ? s.patience : inf_v<T>;
  switch (c) {
    case asa_convention::all: return mean_wait_all(s);
    case asa_convention::answered:
      // E[W; S] / P(S) with E[W; S] = P(W>0) (x/(theta y)) sum_{m>=1} t_m G_m / A
      return s.prob_wait * s.patience * (s.n / s.load) * weighted_harmonic_mean(s) / s.prob_served;
    case asa_convention::virtual_wait:
      // E[V] = (P(W>0)/theta) (1/x + sum_{m>=1} t_m G_m / A)
      return s.prob_wait * s.patience * (1 / s.x + weighted_harmonic_mean(s));
  }
  return nan_v<T>;
}

}  // namespace erlangkit::detail
