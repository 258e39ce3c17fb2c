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
#include <limits>
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
  /// Lines in total: only +inf (unlimited) for now. The field is here so that a
  /// queue_spec with both a law and finite lines is refused by name, in the
  /// call's own function (finite lines take an exponential patience:
  /// models/finite_lines.hpp).
  T lines = std::numeric_limits<T>::infinity();

  bool has_nan() const { return detail::any_nan(arrival_rate, aht, lines) || patience_law.has_nan(); }
  bool validate(std::string_view fn) const {
    if (lines != std::numeric_limits<T>::infinity()) {
      detail::raise_domain_error<T>(fn, "lines", lines,
                                    "inf with a patience distribution (finite lines take a patience mean)");
      return false;
    }
    return detail::check_nonneg(fn, "arrival_rate", arrival_rate) && detail::check_positive(fn, "aht", aht) &&
           patience_law.validate(fn);
  }
  T offered_load() const { return arrival_rate * aht; }
  general_patience with_arrival_rate(T rate) const { return {rate, aht, patience_law, lines}; }

  /// The state at n agents; reference_route = true integrates on the
  /// reference grid (general_patience_reference_fall), for tests.
  general_patience_state<T> at(T n, bool reference_route = false) const;
};

// Relative error the adaptive quadrature aims at, on its own (pessimistic)
// Gauss-Kronrod estimate. 5e-12 keeps every measure within 1e-11 of the
// reference grid (tests/test_general_patience.cpp,
// ProductionRouteMatchesTheReferenceGrid: 1e-11 left 1.3e-11 for gamma of cv
// 1.5, a singular law, in a service level at 1,000 agents and load 1.5; the
// estimate is optimistic next to the singular point) and within 1e-10 of
// Erlang-A and of the Erlang-k chains (QuadratureMatchesErlangA,
// ErlangKPatienceMatchesItsChain), at ~2% more law evaluations over that grid
// and none more in bench GeneralPatience.
inline constexpr double general_patience_tolerance = 5e-12;

// Most Gauss-Kronrod pieces one integral may use before it reports an
// evaluation_error: the smooth laws take a few dozen, an empirical table one
// or two per table point within the integrand's range, so this bounds a call
// to ~0.1 s (bench GeneralPatience*).
inline constexpr int general_patience_max_pieces = 20000;

// The fall of phi (a factor e^-9 of the integrand) that closes one piece of
// the initial grid: a 15-point Gauss rule integrates e^{-9x} over [0, 1] to
// ~1e-13, inside what the error estimate accepts, and wider pieces get
// bisected. Among 3, 6, 9, 12 and 20, 9 takes the fewest evaluations over
// bench GeneralPatience (gamma, lognormal, deterministic at n = 100 and
// 10,000), every test of tests/test_general_patience.cpp passing.
inline constexpr double general_patience_piece_drop = 9;

// The reference route's piece fall and tolerance (tests only:
// ProductionRouteMatchesTheReferenceGrid): pieces of e^-3 and a 1e-13
// tolerance, each piece far inside the reach of either rule, so that the
// production grid (general_patience_piece_drop) is checked against a layout
// it does not share.
inline constexpr double general_patience_reference_fall = 3;
// The reference route's tolerance (tests only, as above).
inline constexpr double general_patience_reference_tolerance = 1e-13;

// Most grid points (piece ends and a law's breakpoints) for which an integral
// takes the (15-31) rule, above it the (7-15): the smooth laws have ~5, a
// deterministic or uniform law one or two more, an empirical table one per
// point in the integrand's range (bench GeneralPatience: empirical 200 points
// 1.6x faster on (7-15), deterministic 1.7x on (15-31)).
inline constexpr int general_patience_fine_grid = 12;

// Bisections of an initial piece after which its halves take the (7-15)
// rule: a piece still split three times is at a singular point (gamma with
// cv > 1 or Weibull with shape < 1 at t = 0, where G has an infinite slope),
// where halving, not order, gains, and 15 points a level cost half of 31.
// Over 3,000 random cases (1 to 20,000 agents, load 0.5-1.5, every smooth
// law, cv 0.2-2.2) 3 took 17-46% fewer evaluations than (7-15) everywhere,
// for every law; 1 and 2 a few % fewer still for gamma and Weibull but up to
// 2x more in bench GeneralPatience at n = 100 (lognormal, deterministic).
inline constexpr int general_patience_high_order_depth = 3;

namespace gp_detail {

// One accepted piece of an integral whose first two components are e^phi and
// e^phi G (the state's J and J_G), kept so that int_0^t of the same two can
// reuse every piece below t (general_patience_state::within).
template <class T>
struct kept_piece {
  T lo, hi;
  std::array<T, 2> value, error;
};

// Adaptive Gauss-Kronrod over the pieces between consecutive points, (15-31)
// if HighOrder (until general_patience_high_order_depth bisections), else
// (7-15), of K functions at once (f(u) returns all K values: they share the
// costly patience evaluation), each to rel_tol of its own total. The piece whose
// worst component error is largest against that component's total is
// bisected until every estimate is within tolerance.
template <std::size_t K, bool HighOrder, class T, class F>
std::array<T, K> integrate_pieces(std::string_view fn, const std::vector<T>& points, F&& f, T rel_tol,
                                  std::vector<kept_piece<T>>* keep, int& bisections) {
  struct piece {
    T lo, hi;
    std::array<T, K> value, error;
    int depth;  // bisections from an initial piece
  };
  auto rule = [&](T a, T b, int depth) {
    piece p{a, b, {}, {}, depth};
    const T mid = (a + b) / 2, half = (b - a) / 2;
    std::array<T, K> k{}, g{};
    const bool high = HighOrder && depth < general_patience_high_order_depth;
    const int nodes = high ? 31 : 15;
    for (int i = 0; i < nodes; ++i) {
      const T x = static_cast<T>(high ? math::kronrod_31_x[i] : math::kronrod_15_x[i]);
      const std::array<T, K> v = f(mid + half * x);
      const T wk = static_cast<T>(high ? math::kronrod_31_w[i] : math::kronrod_15_w[i]),
              wg =
                  static_cast<T>(high ? math::gauss_15_in_kronrod_31_w[i] : math::gauss_7_in_kronrod_15_w[i]);
      for (std::size_t c = 0; c < K; ++c) k[c] += wk * v[c], g[c] += wg * v[c];
    }
    // |K - G| bounds the error of the Gauss rule; Kronrod's own is far
    // smaller. As in QUADPACK, the estimate is (200 |K - G| / |K|)^1.5 of |K|
    // (the integrands are positive, so |K| is the integral of |f|).
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
    if (points[i + 1] > points[i]) pieces.push_back(rule(points[i], points[i + 1], 0));
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
    if (done) {
      if constexpr (K >= 2) {
        if (keep)
          for (const auto& p : pieces)
            keep->push_back({p.lo, p.hi, {p.value[0], p.value[1]}, {p.error[0], p.error[1]}});
      }
      return value;
    }
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
    const int depth = pieces[worst].depth + 1;
    ++bisections;
    pieces[worst] = rule(lo, mid, depth);
    pieces.push_back(rule(mid, hi, depth));
  }
}

// The two moments E1 = int_0^1 e^{z x} dx = (e^z - 1)/z and E2 = int_0^1 x
// e^{z x} dx = (z e^z - (e^z - 1))/z^2 for z <= 0: the exact integrals of a
// step table's pieces, where phi is linear (docs/math/general_patience.md
// §8). The closed forms cancel as z -> 0 (E2's numerator is ~z^2/2: ~2 eps/|z|
// relative), so above z = -1/8 both are the series sum z^k/(k+1)! and
// sum z^k/(k! (k+2)), 12 terms each (the 12th is below 1e-17 at |z| = 1/8);
// below it the closed forms lose at most ~15 eps. Horner over fixed
// coefficients, no division: a 200-point table's pieces mostly have |z| < 1,
// where summing the series term by term cost ~40 ns a piece (bench
// GeneralPatience, empirical table, 100 agents).
inline constexpr double step_moment_series_bound = -0.125;

template <class T>
struct step_moments {
  T e1, e2;
};

template <class T>
step_moments<T> piece_moments(T z) {
  constexpr int terms = 12;
  constexpr auto coefficients = [] {
    std::array<std::array<double, terms>, 2> c{};
    double factorial = 1;  // k!
    for (int k = 0; k < terms; ++k) {
      if (k > 0) factorial *= k;
      c[0][k] = 1 / (factorial * (k + 1));
      c[1][k] = 1 / (factorial * (k + 2));
    }
    return c;
  }();
  if (z > T(step_moment_series_bound)) {
    T e1 = T(coefficients[0][terms - 1]), e2 = T(coefficients[1][terms - 1]);
    for (int k = terms - 2; k >= 0; --k)
      e1 = e1 * z + T(coefficients[0][k]), e2 = e2 * z + T(coefficients[1][k]);
    return {e1, e2};
  }
  const T ez = std::exp(z), em1 = ez - 1;
  return {em1 / z, (z * ez - em1) / (z * z)};
}

// The law's evaluation at a node, with what does not depend on the node
// computed once: a law offering at(t, mean) (Weibull, whose mean takes a
// tgamma) gets its mean here, the others are called as they are.
template <class L>
auto node_evaluator(const L& l) {
  using T = decltype(l.expected());
  if constexpr (requires { l.at(T(), T()); })
    return [&l, mean = l.expected()](T u) { return l.at(u, mean); };
  else
    return [&l](T u) { return l.at(u); };
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
      if (std::holds_alternative<patience::empirical<T>>(s->law.law)) {
        // A table's G is flat on the piece after t, where G(t) r0 - r1 below
        // cancels to rounding of the tail's larger part: the difference is
        // integrated instead (exact from the table's values, G(t) - G(u) = 0
        // on that piece).
        const T gt = s->law.survival(t);
        const auto d = s->template integral<1>(t, math::inf_v<T>, [gt](const patience::values<T>& v, T, T e) {
          return std::array<T, 1>{e * (gt - v.survival)};
        });
        return s->pw * std::max(T(0), d[0]) / s->j;
      }
      const auto r = s->beyond(t);
      return s->pw * std::max(T(0), s->law.survival(t) * r[0] - r[1]) / s->j;
    }
  };
  time_measures at_time(T t) const;

  // int_0^t and int_t^inf of e^phi and e^phi G, scaled as j.
  std::array<T, 2> within(T t) const;
  // int_from^to of e^phi and e^phi G, scaled as j, for [from, to] inside one
  // of J's pieces: no grid search (the piece is already within the rule's
  // reach; 3 of ~35 law evaluations fewer for a service level).
  std::array<T, 2> inside_piece(T from, T to) const;
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
  std::array<T, K> integral(T lo, T hi, W&& weights,
                            std::vector<gp_detail::kept_piece<T>>* keep = nullptr) const;
  // The same integral for a step table (patience::empirical, not linear):
  // exact, piece by piece (docs/math/general_patience.md §8).
  template <std::size_t K, class W>
  std::array<T, K> step_table_integral(const patience::empirical<T>& table, T lo, T hi, W&& weights,
                                       std::vector<gp_detail::kept_piece<T>>* keep) const;
  const patience::empirical<T>* step_table() const {
    const auto* e = std::get_if<patience::empirical<T>>(&law.law);
    return !reference && e && !e->linear ? e : nullptr;
  }
  // The pieces of J's integral, sorted by lo (empty for the closed forms).
  std::vector<gp_detail::kept_piece<T>> pieces;
  // The reference route (general_patience_reference_fall; tests only), and
  // how many pieces the adaptive loop has bisected so far (0: every piece of
  // the initial grid met its error estimate as placed).
  bool reference = false;
  mutable int bisections = 0;
};

template <class T>
template <std::size_t K, class W>
std::array<T, K> general_patience_state<T>::integral(T lo, T hi, W&& weights,
                                                     std::vector<gp_detail::kept_piece<T>>* keep) const {
  if (const auto* table = step_table()) return step_table_integral<K>(*table, lo, hi, weights, keep);
  constexpr auto fn = "general_patience";
  const T p = std::clamp(peak, lo, hi);
  const T top = phi(p);  // the largest value of phi on [lo, hi]: it is concave with its peak at u*
  // |phi'| <= lambda + n mu, so e^phi stays within a factor e of its top for
  // h = 1/(lambda + n mu) on one side of p: the integral is at least h/e
  // (scaled). Steps h 2^k outward from p find the integrand's own scale; of
  // them, a point becomes a piece boundary once phi has fallen by
  // general_patience_piece_drop since the last boundary, so that each piece
  // starts within the 15-31 rule's reach and the adaptive loop rarely bisects.
  // The grid goes left down to lo, and right until the tangent bound on the
  // rest, e^phi(u) / |phi'(u)| (phi concave), is below 1e-17 of h/e.
  const T h = 1 / (lambda + n_mu);
  const T drop = T(reference ? general_patience_reference_fall : general_patience_piece_drop);
  std::vector<T> points{lo, p};
  T kept = top;
  for (int k = 0; k < 128; ++k) {  // 2^128 h: the far end of any double range
    const T u = p - h * std::ldexp(T(1), k);
    if (u <= lo) break;
    const T f = phi(u);
    if (f - top < -60) {  // e^-60: what remains is below rounding of the integral
      points.push_back(u);
      break;
    }
    if (kept - f >= drop) points.push_back(u), kept = f;
  }
  T end = hi;
  bool bounded = false;
  kept = top;
  // Right of the peak phi' >= -n mu, so a step u with n mu (u - p) < drop
  // can be neither a boundary nor the end (which needs a fall of ~40): such
  // steps are skipped unevaluated, the grid unchanged (4 of 9 evaluations of
  // the search at 100 agents, 5 of 13 at 10,000, in bench GeneralPatience).
  int first = 0;
  while (first < 1024 && n_mu * h * std::ldexp(T(1), first) < drop) ++first;
  // the previous step and grid point, for the cut below
  T last_u = first == 0 ? p : p + h * std::ldexp(T(1), first - 1), last_point = p;
  for (int k = first; k < 8192; ++k) {  // 8192 doublings: past the long double range
    const T u = p + h * std::ldexp(T(1), k);
    if (!std::isfinite(u) || u >= hi) {
      bounded = std::isfinite(hi);
      break;
    }
    const auto v = law.at(u);  // one law evaluation gives phi and its slope
    const T f = lambda * v.integrated - n_mu * u - log_scale, slope = lambda * v.survival - n_mu;
    if (slope < 0 && std::exp(f - top) * (lambda + n_mu) / -slope <= T(3e-18)) {
      end = u, bounded = true;
      break;
    }
    if (kept - f >= drop) {
      // A doubling that overshoots the drop (from the top by e^-17.6 at 100
      // agents in bench GeneralPatience, every smooth law) fails its error
      // estimate and is halved, its 31 evaluations wasted: such a piece is
      // cut at the previous step instead, which is that halving without the
      // waste (no law evaluation is spent). 1.5 drops: the same bench's
      // pieces of 10.8 pass as they are. Only pieces that start within
      // e^-drop of the top are cut: below, a piece holds too little of the
      // integral for its rule's error to matter (its last piece, from
      // e^-17.6 falling by e^-57, passes).
      if (kept - f > T(1.5) * drop && kept - top > -drop && last_u > last_point) points.push_back(last_u);
      points.push_back(u), kept = f, last_point = u;
    }
    last_u = u;
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
  const T tol = std::max(T(reference ? general_patience_reference_tolerance : general_patience_tolerance),
                         64 * math::eps_v<T>);
  const T shift = log_scale + top;
  // The error estimate of the 15-31 pair comes from a 15-point Gauss rule,
  // which reaches it over ~6x the span of the 7-point one (e^{-9x} against
  // e^{-1.5x} on [0, 1]): a smooth law takes 3-4 pieces of 31 points instead
  // of ~15 of 15, 2x fewer evaluations (bench GeneralPatience, gamma and
  // lognormal). Between the breakpoints of a table the integrand is short
  // and gentle, and 15 points a piece do (bench GeneralPatience, empirical:
  // 1.6x slower with 31); general_patience_fine_grid pieces decide.
  const bool high_order = points.size() <= std::size_t(general_patience_fine_grid);
  auto result = law.visit([&](const auto& l) {
    auto integrand = [&, at = gp_detail::node_evaluator(l)](T u) {
      const auto v = at(u);
      const T e = std::exp(lambda * v.integrated - n_mu * u - shift);
      return weights(v, u, e);
    };
    return high_order
               ? gp_detail::integrate_pieces<K, true, T>(fn, points, integrand, tol, keep, bisections)
               : gp_detail::integrate_pieces<K, false, T>(fn, points, integrand, tol, keep, bisections);
  });
  const T back = std::exp(top);
  for (T& v : result) v *= back;
  if (keep) {
    for (auto& piece : *keep)
      for (int c = 0; c < 2; ++c) piece.value[c] *= back, piece.error[c] *= back;
    std::sort(keep->begin(), keep->end(), [](const auto& x, const auto& y) { return x.lo < y.lo; });
  }
  return result;
}

// Between two times of a step table G is a constant g, so H rises linearly
// and phi(u) = phi(a) + (lambda g - n mu)(u - a) is linear; every weight the
// integrals use (1, G, 1 - G, H, u, u G) is affine in u there. Each piece
// [a, b] then integrates exactly: with L = b - a and z = (lambda g - n mu) L,
// taken from the end where phi is larger so that z <= 0,
//   int_a^b e^phi w = e^{phi(end)} L (w(end) E1(z) + (w(other) - w(end)) E2(z)),
// E1, E2 the two moments of piece_moments. The piece past
// the last time has G = 0 (the table ends at 0) and phi' = -n mu:
//   int_a^inf e^phi w = e^{phi(a)} (w(a) / (n mu) + w' / (n mu)^2).
// One pass over the table: O(table size), no law evaluation, no error
// estimate (each piece is exact to rounding; tests/test_general_patience.cpp,
// StepTableRouteMatchesTheReferenceGrid).
template <class T>
template <std::size_t K, class W>
std::array<T, K> general_patience_state<T>::step_table_integral(
    const patience::empirical<T>& table, T lo, T hi, W&& weights,
    std::vector<gp_detail::kept_piece<T>>* keep) const {
  std::array<T, K> out{};
  const auto& times = table.times;
  const std::size_t m = times.size();
  // Piece i covers [times[i-1], times[i]) (piece 0 from 0, piece m to +inf)
  // with G = surv[i-1] (1 for piece 0) and H = cum[i-1] + G (u - times[i-1]).
  // The first piece holding lo: the number of times <= lo.
  std::size_t i = static_cast<std::size_t>(std::upper_bound(times.begin(), times.end(), lo) - times.begin());
  T e_carry = -1, carry_at = 0;  // e^phi at the previous piece's end, shared with this one's start
  for (; i <= m; ++i) {
    const T start = i == 0 ? T(0) : times[i - 1];
    const T stop = i == m ? math::inf_v<T> : times[i];
    const T from = std::max(start, lo), to = std::min(stop, hi);
    if (!(to > from)) {
      if (stop >= hi) break;
      continue;
    }
    const T g = i == 0 ? T(1) : table.surv[i - 1];
    const T h0 = i == 0 ? T(0) : table.cum[i - 1];
    auto values_at = [&](T u) { return patience::values<T>{g, 1 - g, h0 + g * (u - start)}; };
    auto exp_phi_at = [&](T u) {
      return e_carry >= 0 && u == carry_at
                 ? e_carry
                 : std::exp(lambda * values_at(u).integrated - n_mu * u - log_scale);
    };
    const T slope = lambda * g - n_mu;
    const T e_from = exp_phi_at(from);
    const auto wa = weights(values_at(from), from, T(1));
    std::array<T, K> part;
    if (std::isinf(to)) {
      // Only the last piece reaches +inf, where g = 0 and the slope is -n mu.
      const T d = from > 0 ? from : T(1);  // any step gives w' (w is affine); 2a and a + 1 are exact
      const auto wd = weights(values_at(from + d), from + d, T(1));
      const T r = 1 / -slope;
      for (std::size_t c = 0; c < K; ++c) part[c] = e_from * r * (wa[c] + (wd[c] - wa[c]) / d * r);
    } else {
      const T e_to = exp_phi_at(to);
      e_carry = e_to, carry_at = to;
      const bool rising = slope > 0;
      const T e_end = rising ? e_to : e_from;  // the larger end
      if (e_end == 0) {
        // Below the doubles at its larger end: the piece adds nothing, and
        // past the peak (phi concave, falling) neither does any piece after it.
        if (!rising) break;
        continue;
      }
      const T len = to - from, z = -std::abs(slope) * len;
      // from z itself, not from the ends' ratio: e^phi at each end carries
      // phi's rounding (~1e-12 at 10,000 agents), which (e^z - 1)/z would
      // magnify by 1/|z|
      const auto [m0, m1] = gp_detail::piece_moments(z);
      const auto wb = weights(values_at(to), to, T(1));
      for (std::size_t c = 0; c < K; ++c) {
        const T w_end = rising ? wb[c] : wa[c], w_other = rising ? wa[c] : wb[c];
        part[c] = e_end * len * (w_end * m0 + (w_other - w_end) * m1);
      }
    }
    for (std::size_t c = 0; c < K; ++c) out[c] += part[c];
    if constexpr (K >= 2) {
      if (keep) keep->push_back({from, to, {part[0], part[1]}, {T(0), T(0)}});
    }
    if (stop >= hi) break;
  }
  return out;
}

// int_0^t e^phi and e^phi G. J's pieces below t are summed as they are, and
// only the piece across t integrated again, over [lo, t] (the service level
// then costs one piece's evaluations on top of the state, not a whole
// integral: bench GeneralPatience, n = 10,000, 1.5x faster); the kept pieces' error estimates
// must then be within the tolerance of their own sum, else (a t where the
// included pieces hold little of J) the whole of [0, t] is integrated anew.
template <class T>
std::array<T, 2> general_patience_state<T>::within(T t) const {
  if (pieces.empty() || !(t > 0)) return integral<2>(T(0), t, survival_weights);
  const T tol = std::max(T(general_patience_tolerance), 64 * math::eps_v<T>);
  std::array<T, 2> value{}, error{};
  std::array<T, 2> partial{};
  for (const auto& p : pieces) {
    if (p.hi <= t) {
      for (int c = 0; c < 2; ++c) value[c] += p.value[c], error[c] += p.error[c];
      continue;
    }
    // The integrand is positive, so the part of this piece below t is at
    // most its whole, value + error: where that is below tol/8 of the sum
    // (t in the far tail: a 60 s target at 10,000 agents in the setting of
    // bench GeneralPatience, 25% fewer evaluations), it is left out and
    // counted as error instead of integrated.
    if (p.lo < t) {
      if (p.value[0] + p.error[0] <= tol / 8 * value[0] && p.value[1] + p.error[1] <= tol / 8 * value[1])
        for (int c = 0; c < 2; ++c) error[c] += p.value[c] + p.error[c];
      else
        partial = inside_piece(p.lo, t);
    }
    break;
  }
  for (int c = 0; c < 2; ++c)
    if (!(error[c] <= tol * value[c])) return integral<2>(T(0), t, survival_weights);
  return {value[0] + partial[0], value[1] + partial[1]};
}

template <class T>
std::array<T, 2> general_patience_state<T>::inside_piece(T from, T to) const {
  if (step_table()) return integral<2>(from, to, survival_weights);
  const T top = phi(std::clamp(peak, from, to)), shift = log_scale + top;
  const T tol = std::max(T(reference ? general_patience_reference_tolerance : general_patience_tolerance),
                         64 * math::eps_v<T>);
  const std::vector<T> points{from, to};
  // A part of a piece over which e^phi falls by at most e^-1.5 is within the
  // (7-15) pair's reach (its error estimate, the 7-point Gauss rule, holds
  // e^{-1.5x} on [0, 1] to ~1e-13): 15 evaluations and one for phi at the
  // low end instead of 31 (bench GeneralPatience, a 20 s service level at
  // 100 agents, where phi falls by ~0.4 over [0, 20]).
  const T c = std::clamp(peak, from, to);
  const T low = std::min(c == from ? top : phi(from), c == to ? top : phi(to)) - top;
  const bool gentle = low >= T(-1.5);
  auto result = law.visit([&](const auto& l) {
    auto integrand = [&, at = gp_detail::node_evaluator(l)](T u) {
      const auto v = at(u);
      return survival_weights(v, u, std::exp(lambda * v.integrated - n_mu * u - shift));
    };
    return gentle ? gp_detail::integrate_pieces<2, false, T>("general_patience", points, integrand, tol,
                                                             nullptr, bisections)
                  : gp_detail::integrate_pieces<2, true, T>("general_patience", points, integrand, tol,
                                                            nullptr, bisections);
  });
  const T back = std::exp(top);
  for (T& v : result) v *= back;
  return result;
}

template <class T>
general_patience_state<T> general_patience<T>::at(T n, bool reference_route) const {
  general_patience_state<T> s;
  s.reference = reference_route;
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
  // may jump), to 1e-7 relative or 1/8 of h = 1/(lambda + n mu), whichever
  // is wider: |phi'| <= 1/h, so phi there is within 1/8 of its top, which
  // only scales the integrals (by at most e^1/8) and places one grid point.
  const T level = s.n_mu / arrival_rate;
  const auto* table = std::get_if<patience::empirical<T>>(&patience_law.law);
  if (table && !table->linear) {
    // A step table's G falls through the level at a time of the table: the
    // first whose survival is at or below it (survival does not rise, so a
    // binary search; level >= 1: the peak stays at 0).
    const auto& sv = table->surv;
    const auto k = std::partition_point(sv.begin(), sv.end(), [&](T v) { return v > level; }) - sv.begin();
    if (level < 1 && k < static_cast<std::ptrdiff_t>(sv.size()))
      s.peak = table->times[static_cast<std::size_t>(k)];
  } else if (level < patience_law.survival(T(0))) {
    T lo = 0, hi = patience_law.expected();
    for (int k = 0; k < 8192 && patience_law.survival(hi) > level; ++k) lo = hi, hi *= 2;
    const T close = std::max(T(1e-7) * hi, 1 / (8 * (arrival_rate + s.n_mu)));
    for (int k = 0; k < 80 && hi - lo > close; ++k) {
      const T mid = (lo + hi) / 2;
      (patience_law.survival(mid) > level ? lo : hi) = mid;
    }
    s.peak = (lo + hi) / 2;
  }
  const T R = offered_load();
  const T eps = R * math::inverse_erlang_b_parts(n, R).odds_per_agent;
  if (std::isinf(eps)) return s;  // B(n-1, R) below the doubles: nobody waits to within them
  s.log_scale = arrival_rate * patience_law.at(s.peak).integrated - s.n_mu * s.peak;
  const auto r = s.template integral<6>(
      T(0), math::inf_v<T>,
      [](const patience::values<T>& v, T u, T e) {
        return std::array<T, 6>{e, e * v.survival, e * v.cdf, e * v.integrated, e * u, e * u * v.survival};
      },
      &s.pieces);
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
