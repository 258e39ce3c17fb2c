// M/M/n+G: Erlang-A with a general patience distribution. Poisson arrivals
// at rate lambda, n agents with exponential handle times of mean aht, callers
// who hang up once they have waited longer than their patience, drawn from
// any law of models/patience.hpp (Baccelli & Hebuterne 1981; Zeltyn &
// Mandelbaum 2005). Docs: docs/general_patience.md; derivation:
// docs/math/general_patience.md.
//
// With G the patience survival function, H(u) = int_0^u G, phi(u) = lambda
// H(u) - n mu u, J = int_0^inf e^phi and eps = 1/B(n-1, R) (Erlang-B on the
// continuous extension: eps = R (1/B(n, R) - 1)/n, defined for every real
// n > 0), the offered wait V of an arrival is 0 with probability eps/(eps +
// lambda J) and has the density f(u) = lambda e^phi(u)/(eps + lambda J) for
// u > 0. Every measure is an integral of f against G, 1 - G, H, u or u G
// over [0, inf) or a part of it. phi is concave (phi' = lambda G - n mu
// falls), so e^phi is unimodal: its peak u* solves G(u*) = n mu / lambda (0
// when n mu >= lambda), and everything is scaled by e^{-phi(u*)} so that
// nothing overflows where phi(u*) ~ 1e4.
//
// Exponential patience takes Erlang-A's closed forms (models/erlang_a.hpp);
// every other law the quadrature below.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "../math/erlang_b.hpp"
#include "../math/quadrature.hpp"
#include "erlang_a.hpp"
#include "model.hpp"
#include "patience.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct general_patience_state;

/// The M/M/n+G queue. Agents may be fractional (eps above is defined for
/// real n; whole n give the queue).
template <class T = double>
struct general_patience {
  using real_type = T;
  static constexpr std::string_view name = "general_patience";
  static constexpr bool fractional_agents = true;
  static constexpr bool abandons = true;

  T arrival_rate;                          ///< lambda: arrivals per time unit, finite and >= 0
  T aht;                                   ///< average handle time 1/mu, finite and > 0
  patience::distribution<T> patience_law;  ///< the patience distribution (times in the same unit)

  bool has_nan() const { return detail::any_nan(arrival_rate, aht) || patience_law.has_nan(); }
  bool validate(std::string_view fn) const {
    return detail::check_nonneg(fn, "arrival_rate", arrival_rate) && detail::check_positive(fn, "aht", aht) &&
           patience_law.validate(fn);
  }
  T offered_load() const { return arrival_rate * aht; }
  general_patience with_arrival_rate(T rate) const { return {rate, aht, patience_law}; }

  general_patience_state<T> at(T n) const;
};

// Relative error the adaptive quadrature aims at, on its own (pessimistic)
// Gauss-Kronrod estimate: 1e-11 leaves every measure within 1e-10 of
// Erlang-A and of the Erlang-k chains (tests/test_general_patience.cpp,
// QuadratureMatchesErlangA, ErlangKPatienceMatchesItsChain).
inline constexpr double general_patience_tolerance = 1e-11;

// Most Gauss-Kronrod pieces one integral may use before it reports an
// evaluation_error: the smooth laws take a few dozen, an empirical table one
// or two per table point within the integrand's range, so this bounds a call
// to ~0.1 s (bench GeneralPatience*).
inline constexpr int general_patience_max_pieces = 20000;

namespace gp_detail {

// Adaptive Gauss-Kronrod (7-15) over the pieces between consecutive points,
// of K functions at once (f(u) returns all K values: they share the costly
// patience evaluation), each to rel_tol of its own total. The piece whose
// worst component error is largest against that component's total is
// bisected until every estimate is within tolerance.
template <std::size_t K, class T, class F>
std::array<T, K> integrate_pieces(std::string_view fn, const std::vector<T>& points, F&& f, T rel_tol) {
  struct piece {
    T lo, hi;
    std::array<T, K> value, error;
  };
  auto rule = [&](T a, T b) {
    piece p{a, b, {}, {}};
    const T mid = (a + b) / 2, half = (b - a) / 2;
    std::array<T, K> k{}, g{};
    for (int i = 0; i < 15; ++i) {
      const std::array<T, K> v = f(mid + half * static_cast<T>(math::kronrod_15_x[i]));
      const T wk = static_cast<T>(math::kronrod_15_w[i]),
              wg = static_cast<T>(math::gauss_7_in_kronrod_15_w[i]);
      for (std::size_t c = 0; c < K; ++c) k[c] += wk * v[c], g[c] += wg * v[c];
    }
    // |K15 - G7| bounds the error of G7; K15's own is far smaller. As in
    // QUADPACK, the estimate is (200 |K15 - G7| / |K15|)^1.5 of |K15| (the
    // integrands are positive, so |K15| is the integral of |f|): 10% faster
    // (bench GeneralPatience, n = 100) at the same measured accuracy
    // (tests/test_general_patience.cpp, QuadratureMatchesErlangA: 3.2e-14).
    for (std::size_t c = 0; c < K; ++c) {
      p.value[c] = k[c] * half;
      const T size = std::abs(p.value[c]), raw = std::abs((k[c] - g[c]) * half);
      p.error[c] = size == 0 ? raw : size * std::min(T(1), std::pow(200 * raw / size, T(1.5)));
    }
    return p;
  };
  std::vector<piece> pieces;
  pieces.reserve(points.size() + 16);
  for (std::size_t i = 0; i + 1 < points.size(); ++i)
    if (points[i + 1] > points[i]) pieces.push_back(rule(points[i], points[i + 1]));
  for (;;) {
    std::array<T, K> value{}, error{};
    for (const auto& p : pieces)
      for (std::size_t c = 0; c < K; ++c) value[c] += p.value[c], error[c] += p.error[c];
    std::array<T, K> scale{};
    bool done = true;
    for (std::size_t c = 0; c < K; ++c) {
      if (error[c] > rel_tol * std::abs(value[c])) done = false;
      scale[c] = value[c] == 0 ? T(0) : 1 / std::abs(value[c]);
    }
    if (done) return value;
    std::size_t worst = 0;
    T worst_error = -1;
    for (std::size_t i = 0; i < pieces.size(); ++i)
      for (std::size_t c = 0; c < K; ++c)
        if (pieces[i].error[c] * scale[c] > worst_error)
          worst_error = pieces[i].error[c] * scale[c], worst = i;
    const T lo = pieces[worst].lo, hi = pieces[worst].hi, mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi || pieces.size() >= std::size_t(general_patience_max_pieces)) {
      const T nan = detail::raise_evaluation_error<T>(fn, "integral did not converge", {{"near", mid}});
      std::array<T, K> out;
      out.fill(nan);
      return out;
    }
    pieces[worst] = rule(lo, mid);
    pieces.push_back(rule(mid, hi));
  }
}

}  // namespace gp_detail

template <class T>
struct general_patience_state {
  T n = 0, lambda = 0, n_mu = 0;
  bool closed = false;  // exponential patience: Erlang-A's state `a`
  erlang_a_state<T> a{};
  patience::distribution<T> law;
  T peak = 0;       // u*, where e^phi is largest
  T log_scale = 0;  // phi(u*): every integral below is scaled by e^-phi(u*)
  // int_0^inf e^phi w for w = 1, G, 1 - G, H, u, u G (scaled)
  T j = 0, j_survival = 0, j_cdf = 0, j_integrated = 0, j_u = 0, j_u_survival = 0;
  T pw = 0, pnw = 1, pab = 0, pab_w = 0, ps = 1;

  T prob_wait() const { return closed ? a.prob_wait() : pw; }
  T prob_no_wait() const { return closed ? a.prob_no_wait() : pnw; }
  T prob_abandon() const { return closed ? a.prob_abandon() : pab; }
  T prob_abandon_given_wait() const { return closed ? a.prob_abandon_given_wait() : pab_w; }
  T prob_served() const { return closed ? a.prob_served() : ps; }
  // E[W] = E[min(V, patience)] = int f H.
  T mean_wait() const {
    if (closed) return a.mean_wait();
    if (pw == 0) return 0;
    return n == 0 ? law.expected() : pw * j_integrated / j;
  }
  // E[W; S] = int f u G.
  T mean_wait_served() const {
    if (closed) return a.mean_wait_served();
    return pw == 0 || n == 0 ? T(0) : pw * j_u_survival / j;
  }
  T answered_wait() const {
    if (closed) return a.answered_wait();
    if (pw == 0) return 0;
    return ps == 0 ? math::inf_v<T> : mean_wait_served() / ps;
  }
  // E[V] = int f u.
  T mean_virtual_wait() const {
    if (closed) return a.mean_virtual_wait();
    if (pw == 0) return 0;
    return n == 0 ? math::inf_v<T> : pw * j_u / j;
  }
  T patience_survival(T t) const { return closed ? a.patience_survival(t) : law.survival(t); }

  // The measures at t, each integral taken when asked for (a convention
  // needs one or two of the four): valid while this state lives, as the
  // measures use it.
  struct time_measures {
    const general_patience_state* s;
    T t;
    typename erlang_a_state<T>::time_measures a;
    T answered_within() const {
      if (s->closed) return a.answered_within();
      if (s->pw == 0 || s->n == 0) return s->pnw;
      return s->pnw + s->pw * s->within(t)[1] / s->j;
    }
    T answered_share() const {
      if (s->closed) return a.answered_share();
      return s->ps == 0 ? T(0) : answered_within() / s->ps;
    }
    T virtual_within() const {
      if (s->closed) return a.virtual_within();
      if (s->pw == 0 || s->n == 0) return s->pnw;
      return s->pnw + s->pw * s->within(t)[0] / s->j;
    }
    T virtual_tail() const {
      if (s->closed) return a.virtual_tail();
      if (s->pw == 0 || s->n == 0) return s->pw;
      return s->pw * s->beyond(t)[0] / s->j;
    }
    // P(Ab, W > t) = int_t^inf f(u) (G(t) - G(u)) du; the difference's rounding
    // is eps-small against the denominator P(S) + P(Ab, W > t) it is used in
    // (excl_short_abandons).
    T abandon_tail() const {
      if (s->closed) return a.abandon_tail();
      if (s->pw == 0) return 0;
      if (s->n == 0) return s->law.survival(t);  // everyone waits until they hang up
      const auto r = s->beyond(t);
      return s->pw * std::max(T(0), s->law.survival(t) * r[0] - r[1]) / s->j;
    }
  };
  time_measures at_time(T t) const;

  // int_0^t and int_t^inf of e^phi and e^phi G, scaled as j.
  std::array<T, 2> within(T t) const { return integral<2>(T(0), t, survival_weights); }
  std::array<T, 2> beyond(T t) const { return integral<2>(t, math::inf_v<T>, survival_weights); }
  static std::array<T, 2> survival_weights(const patience::values<T>& v, T, T e) {
    return {e, e * v.survival};
  }

  // phi(u) - phi(u*) and phi'(u) = lambda G(u) - n mu.
  T phi(T u) const { return lambda * law.at(u).integrated - n_mu * u - log_scale; }

  // int_lo^hi e^{phi - phi(u*)} w(u) du for the K weights w(values, u) given,
  // hi = +inf allowed. Scaled by the integrand's largest value on [lo, hi]
  // (e^phi there), and that scale put back at the end, so a far tail keeps
  // its digits until its true value underflows.
  template <std::size_t K, class W>
  std::array<T, K> integral(T lo, T hi, W&& weights) const;
};

template <class T>
template <std::size_t K, class W>
std::array<T, K> general_patience_state<T>::integral(T lo, T hi, W&& weights) const {
  constexpr auto fn = "general_patience";
  const T p = std::clamp(peak, lo, hi);
  const T top = phi(p);  // the largest value of phi on [lo, hi]: it is concave with its peak at u*
  // |phi'| <= lambda + n mu, so e^phi stays within a factor e of its top for
  // h = 1/(lambda + n mu) on one side of p: the integral is at least h/e
  // (scaled). A grid of steps h 4^k outward from p starts the quadrature at
  // the integrand's own scale; it goes left down to lo, and right until the
  // tangent bound on the rest, e^phi(u) / |phi'(u)| (phi concave), is below
  // 1e-17 of h/e.
  const T h = 1 / (lambda + n_mu);
  std::vector<T> points{lo, p};
  for (int k = 0; k < 64; ++k) {  // 4^64 h: the far end of any double range
    const T u = p - h * std::ldexp(T(1), 2 * k);
    if (u <= lo) break;
    points.push_back(u);
    if (phi(u) - top < -60) break;  // e^-60: what remains is below rounding of the integral
  }
  T end = hi;
  bool bounded = false;
  for (int k = 0; k < 8192; ++k) {  // 8192 doublings: past the long double range
    const T u = p + h * std::ldexp(T(1), k);
    if (!std::isfinite(u) || u >= hi) {
      bounded = std::isfinite(hi);
      break;
    }
    if (k % 2 == 0) points.push_back(u);
    const T slope = lambda * law.survival(u) - n_mu;
    if (slope < 0 && std::exp(phi(u) - top) * (lambda + n_mu) / -slope <= T(3e-18)) {
      end = u, bounded = true;
      break;
    }
  }
  if (!bounded) {
    const T nan = detail::raise_evaluation_error<T>(fn, "could not bound the tail of an integral",
                                                    {{"agents", n}, {"arrival_rate", lambda}});
    std::array<T, K> out;
    out.fill(nan);
    return out;
  }
  points.push_back(end);
  law.visit([&](const auto& l) {
    l.for_each_breakpoint([&](T b) {
      if (b > lo && b < end) points.push_back(b);
    });
  });
  std::sort(points.begin(), points.end());
  points.erase(std::remove_if(points.begin(), points.end(), [&](T v) { return v > end; }), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  const T tol = std::max(T(general_patience_tolerance), 64 * math::eps_v<T>);
  const T shift = log_scale + top;
  auto result = law.visit([&](const auto& l) {
    return gp_detail::integrate_pieces<K, T>(
        fn, points,
        [&](T u) {
          const auto v = l.at(u);
          const T e = std::exp(lambda * v.integrated - n_mu * u - shift);
          return weights(v, u, e);
        },
        tol);
  });
  const T back = std::exp(top);
  for (T& v : result) v *= back;
  return result;
}

template <class T>
general_patience_state<T> general_patience<T>::at(T n) const {
  general_patience_state<T> s;
  s.n = n, s.lambda = arrival_rate, s.n_mu = n / aht;
  if (const auto* e = std::get_if<patience::exponential<T>>(&patience_law.law)) {
    s.closed = true;
    s.a = erlang_a<T>{arrival_rate, aht, e->mean}.at(n);
    return s;
  }
  s.law = patience_law;
  if (arrival_rate == 0) return s;  // nobody arrives: a (virtual) arrival never waits
  if (n == 0) {                     // nobody serves: everyone waits and abandons (every patience is finite)
    s.pw = 1, s.pnw = 0, s.pab = 1, s.pab_w = 1, s.ps = 0;
    return s;
  }
  // u*: where G falls through n mu / lambda, by bisection (G is monotone but
  // may jump); 1e-7 relative places it far inside the integrand's peak, whose
  // width is at least ~1/(lambda + n mu) relative to u* <= a few means.
  const T level = s.n_mu / arrival_rate;
  if (level < patience_law.survival(T(0))) {
    T lo = 0, hi = patience_law.expected();
    for (int k = 0; k < 8192 && patience_law.survival(hi) > level; ++k) lo = hi, hi *= 2;
    for (int k = 0; k < 80 && hi - lo > T(1e-7) * hi; ++k) {
      const T mid = (lo + hi) / 2;
      (patience_law.survival(mid) > level ? lo : hi) = mid;
    }
    s.peak = (lo + hi) / 2;
  }
  const T R = offered_load();
  const T eps = R * math::inverse_erlang_b_parts(n, R).odds_per_agent;
  if (std::isinf(eps)) return s;  // B(n-1, R) below the doubles: nobody waits to within them
  s.log_scale = arrival_rate * patience_law.at(s.peak).integrated - s.n_mu * s.peak;
  const auto r = s.template integral<6>(T(0), math::inf_v<T>, [](const patience::values<T>& v, T u, T e) {
    return std::array<T, 6>{e, e * v.survival, e * v.cdf, e * v.integrated, e * u, e * u * v.survival};
  });
  s.j = r[0], s.j_survival = r[1], s.j_cdf = r[2], s.j_integrated = r[3], s.j_u = r[4], s.j_u_survival = r[5];
  // eps e^-phi(u*) / (lambda J): the odds of not waiting. eps = R (1/B(n,R) - 1)/n.
  const T w = std::exp(std::log(eps) - s.log_scale) / (arrival_rate * s.j);
  s.pw = 1 / (1 + w);
  s.pnw = std::isinf(w) ? T(1) : w / (1 + w);
  s.pab_w = s.j_cdf / s.j;
  s.pab = s.pw * s.pab_w;
  s.ps = s.pnw + s.pw * (s.j_survival / s.j);
  return s;
}

template <class T>
typename general_patience_state<T>::time_measures general_patience_state<T>::at_time(T t) const {
  return {this, t, closed ? a.at_time(t) : typename erlang_a_state<T>::time_measures{}};
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
