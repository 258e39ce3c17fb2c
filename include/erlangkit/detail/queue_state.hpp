// The M/M/n+M queue reduced to the few ratios every measure is built from.
//
// Notation (shared/math/formulas.md): R = lambda*AHT, x = n mu/theta,
// y = lambda/theta, E = B(n, R), and A = M(1, x+1, y) = sum_k t_k with
// t_k = prod_{i<=k} y/(x+i), the unnormalized probabilities of k callers in
// queue relative to n in service. Then (Mandelbaum & Zeltyn):
//   P(W>0)     = A / (1/E + A - 1)
//   P(Ab|W>0)  = S1/(y A),  S1 = sum k t_k = (y - x) A + x
// For y < x+1 the series for A, S1 converge from the first term and are summed
// directly (no cancellation even when A - 1 is tiny). For y >= x+1, A grows like
// e^y and is handled as A = P(x,y)/pmf(x;y) through the continued fraction.
// Infinite patience is the Erlang-C limit and uses its closed forms.
#pragma once

#include <cmath>

#include "../erlang_c.hpp"
#include "../queue.hpp"
#include "gamma.hpp"
#include "numeric.hpp"

namespace erlangkit::detail {

template <class T>
struct queue_state {
  T n, lambda, aht, patience;
  T load;  // R
  bool erlang_c;
  // Erlang-A only
  T x, y;
  bool series;  // y < x + 1
  T a;          // series region: A
  T p_xy;       // continued-fraction region: P(x,y)
  // All models
  T prob_wait;
  T prob_no_wait;  // 1 - P(W>0), kept separately: it is the small one in overload
  T prob_abandon_given_wait;
  T prob_abandon;
  T prob_served;  // 1 - P(Ab), formed so that it keeps its digits at both ends
};

template <class T>
queue_state<T> make_queue_state(T n, const queue_spec<T>& q) {
  queue_state<T> s{};
  s.n = n;
  s.lambda = q.arrival_rate;
  s.aht = q.aht;
  s.patience = q.patience;
  s.load = q.arrival_rate * q.aht;
  s.erlang_c = std::isinf(q.patience);
  const T R = s.load;
  if (R == 0) {  // nobody arrives: a (virtual) arrival never waits
    s.prob_wait = 0;
    s.prob_no_wait = 1;
    s.prob_served = 1;
    return s;
  }
  if (n == 0) {  // nobody serves: everyone waits and, if impatient, abandons
    s.prob_wait = 1;
    s.prob_no_wait = 0;
    s.prob_abandon_given_wait = s.prob_abandon = s.erlang_c ? T(0) : T(1);
    s.prob_served = 0;  // nobody is ever answered
    return s;
  }
  if (s.erlang_c) {
    // C = n / (R + (n - R)/B) and 1 - C = (n - R)(1/B - 1) / (R + (n - R)/B),
    // neither formed by subtracting from 1; one Erlang-B evaluation for both.
    s.prob_served = 1;
    if (R >= n) {
      s.prob_wait = 1;
      s.prob_no_wait = 0;
      return s;
    }
    const T inv_b = inverse_erlang_b(n, R);
    if (std::isinf(inv_b)) {
      s.prob_wait = 0;
      s.prob_no_wait = 1;
      return s;
    }
    const T denom = R + (n - R) * inv_b;
    s.prob_wait = n / denom;
    s.prob_no_wait = (n - R) * (inv_b - 1) / denom;
    return s;
  }
  s.x = n * q.patience / q.aht;
  s.y = q.arrival_rate * q.patience;
  s.series = s.y < s.x + 1;
  const T inv_b_m1 = inverse_erlang_b(n, R) - 1;  // sum_{k<n} pi_k / pi_n
  T w;                                            // (1/E - 1) / A, the odds of not waiting
  T served_given_wait;                            // P(S | W>0) = (x/y)(A-1)/A = (n/R) P(x+1,y)/P(x,y)
  if (s.series) {
    const auto k = kummer(s.x, s.y);
    s.a = 1 + k.m_minus_1;
    w = inv_b_m1 / s.a;
    s.prob_abandon_given_wait = k.first_moment / (s.y * s.a);  // S1 summed, never (y-x)A + x
    served_given_wait = n / R * (k.m_minus_1 / s.a);
  } else {
    s.p_xy = gamma_p(s.x, s.y);
    const T inv_a = std::exp(log_poisson_pmf(s.x, s.y)) / s.p_xy;  // 1/A = pmf(x;y)/P(x,y)
    w = inv_b_m1 * inv_a;
    // (y - x)/y + x/(y A): both terms positive here.
    s.prob_abandon_given_wait = (s.y - s.x) / s.y + s.x / s.y * inv_a;
    // (A-1)/A = 1 - 1/A (= P(x+1,y)/P(x,y) by DLMF 8.8.5); A >= 2 here, so no cancellation.
    served_given_wait = n / R * (1 - inv_a);
  }
  s.prob_wait = 1 / (1 + w);
  s.prob_no_wait = std::isinf(w) ? T(1) : w / (1 + w);  // w = inf when E underflows
  s.prob_abandon = s.prob_wait * s.prob_abandon_given_wait;
  // P(no wait) + P(W>0) P(S|W>0): non-negative terms, so it keeps its digits
  // whether few or most calls are answered. (A branch on P(Ab) here measured
  // 20% slower in the service-level benchmark; service_level_of clamps the
  // ulp by which ratios built on this can exceed 1.)
  s.prob_served = s.prob_no_wait + s.prob_wait * served_given_wait;
  return s;
}

// log g with g = (y'/y)^x e^(y - y'), u = t/patience, written as
// -(x - y) u - y (e^-u - 1 + u) so nothing cancels as theta -> 0.
template <class T>
T log_g_of(const queue_state<T>& s, T u) {
  const T x_minus_y = (s.n - s.load) * s.patience / s.aht;
  return -x_minus_y * u - s.y * (std::expm1(-u) + u);
}

// Ratios for a target time t (Erlang-A): with u = t/patience, y' = y e^-u and
// g = (y'/y)^x e^(y - y') = f(x+1,y')/f(x+1,y):
//   virtual_tail = g A'/A = P(x,y')/P(x,y)          P(V > t)     = P(W>0) * this
//   served_tail  = g (A'-1)/A                        P(S, W > t)  = P(W>0) (n/R) * this
//   abandon_tail = g S1'/A                           P(Ab, W > t) = P(W>0) / y * this
//   served_within  = (A - 1 - g (A'-1))/A      P(S, W <= t) = 1 - P(W>0) + P(W>0) (n/R) * this
//   virtual_within = 1 - virtual_tail           P(V <= t)    = 1 - P(W>0) + P(W>0) * this
// The two "within" ratios are summed term by term (series region) or taken as
// a difference of two incomplete gamma values on the side where both are small,
// so that neither is formed as 1 minus a number close to 1.
template <class T>
struct tail_ratios {
  T virtual_tail, served_tail, abandon_tail;
};

template <class T>
struct within_ratios {
  T served_within, virtual_within;
};

template <class T>
tail_ratios<T> make_tail_ratios(const queue_state<T>& s, T t) {
  const T u = t / s.patience;
  const T y2 = s.y * std::exp(-u);
  tail_ratios<T> r{};
  if (s.series) {
    const T g = std::exp(log_g_of(s, u));
    const auto k2 = kummer(s.x, y2);
    r.virtual_tail = g * (1 + k2.m_minus_1) / s.a;
    r.served_tail = g * k2.m_minus_1 / s.a;
    r.abandon_tail = g * k2.first_moment / s.a;
    return r;
  }
  const T h = std::exp(log_poisson_pmf(s.x, y2)) / s.p_xy;  // g / A
  if (y2 < s.x + 1) {
    const auto k2 = kummer(s.x, y2);
    r.virtual_tail = h * (1 + k2.m_minus_1);
    r.served_tail = h * k2.m_minus_1;
    r.abandon_tail = h * k2.first_moment;
  } else {
    r.virtual_tail = gamma_p(s.x, y2) / s.p_xy;
    r.served_tail = r.virtual_tail - h;
    r.abandon_tail = (y2 - s.x) * r.virtual_tail + s.x * h;
  }
  return r;
}

// The "within" ratios, needed only when the tails are not small (then 1 minus
// them would cancel): summed term by term in the series region, where each
// factor -expm1(log g - k u) is in (0, 1] because x + k - y > 0 for k >= 1;
// otherwise a difference of two incomplete gamma values taken on the side
// where both are small.
template <class T>
within_ratios<T> make_within_ratios(const queue_state<T>& s, T t) {
  const T u = t / s.patience;
  const T y2 = s.y * std::exp(-u);
  if (s.series) {
    const T log_g = log_g_of(s, u);
    T term = 1, sum = 0;
    for (T k = 1;; k += 1) {
      term *= s.y / (s.x + k);
      const T add = term * -std::expm1(log_g - k * u);
      sum += add;
      if (add <= eps_v<T> * sum / 8 && term * s.y / (s.x + k + 1 - s.y) <= eps_v<T> * sum / 8) break;
      if (term == 0) break;
    }
    return {sum / s.a, sum / s.a - std::expm1(log_g) / s.a};
  }
  // Where both Q values are small (y' >= a+1) the difference is
  // Q(a,y') (1 - Q(a,y)/Q(a,y')) with the log of the ratio formed directly,
  // a log1p(D/y') - D + log(K(a,y)/K(a,y')), D = y - y' = -y expm1(-u): the two
  // log pmf values (each with an error of a few ulps of bd0) never meet.
  const T gap = -s.y * std::expm1(-u);
  auto within = [&](T a) {
    if (y2 < a + 1) return (gamma_p(a, s.y) - gamma_p(a, y2)) / s.p_xy;
    const T k2 = upper_gamma_ratio(a, y2);
    const T log_ratio = a * std::log1p(gap / y2) - gap + std::log(upper_gamma_ratio(a, s.y) / k2);
    const T q2 = a * std::exp(log_poisson_pmf(a, y2)) * k2;
    return q2 * -std::expm1(log_ratio) / s.p_xy;
  };
  return {within(s.x + 1), within(s.x)};
}

// Sum_{m>=1} t_m G_m / A with G_m = sum_{j=1..m} 1/(x+j): the mean-wait sums of
// E[V] and E[W; served] after exchanging the order of the double sums.
// Series region: summed from m = 1. Otherwise the terms peak at m0 = floor(y-x)
// (t_m/t_{m-1} = y/(x+m)); they are summed outward from the peak, scaled by
// t_{m0}, so nothing overflows, and the cost is O(sqrt(y)) terms.
template <class T>
T weighted_harmonic_mean(const queue_state<T>& s) {
  const T x = s.x, y = s.y;
  if (s.series) {
    T term = 1, g = 0, sum = 0;
    for (T m = 1;; m += 1) {
      term *= y / (x + m);
      g += 1 / (x + m);
      const T add = term * g;
      sum += add;
      const T gap = x + m + 1 - y;
      if (term == 0 || (add * (1 + y / gap) * (1 + 1 / (g * gap)) <= eps_v<T> * sum / 8)) break;
    }
    return sum / s.a;
  }
  const T m0 = std::floor(y - x);
  const T g0 = harmonic_shift(x, m0);
  T num = g0, den = 1;
  {  // upward from the peak
    T w = 1, g = g0;
    for (T m = m0 + 1;; m += 1) {
      w *= y / (x + m);
      g += 1 / (x + m);
      num += w * g;
      den += w;
      if (w * g <= eps_v<T> * num / 16 || w == 0) break;
    }
  }
  {  // downward to m = 0 (the t_0 = 1 term carries G_0 = 0)
    T w = 1, g = g0;
    for (T m = m0; m >= 1; m -= 1) {
      w *= (x + m) / y;
      g -= 1 / (x + m);
      if (m - 1 >= 1) num += w * g;
      den += w;
      if (w <= eps_v<T> * den / 16) break;
    }
  }
  return num / den;
}

}  // namespace erlangkit::detail
