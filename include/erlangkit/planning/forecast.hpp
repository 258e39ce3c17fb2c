// Forecast uncertainty: the arrival rate of an interval is itself random, and
// the measures a planner reports are averages over its law
// (docs/forecast_uncertainty.md).
//
// The law of the arrival rate Lambda is given relative to the model's own
// arrival rate lambda (its mean):
//   gamma(cv)      Lambda ~ Gamma(shape k = 1/cv^2, scale lambda cv^2), cv in [0, 1];
//   normal(cv)     Lambda ~ N(lambda, (cv lambda)^2) conditioned on Lambda > 0,
//                  cv in [0, 0.15] (the mass below 0, at most Phi(-1/0.15) =
//                  1.3e-11, moves the mean by less than 1e-11 relative);
//   scenarios      Lambda = m_i lambda with probability w_i / sum w (m_i >= 0,
//                  w_i >= 0, sum w > 0): a snowstorm that doubles the calls
//                  with weight 0.1 is {multipliers {1, 2}, weights {0.9, 0.1}}.
// cv = 0 (and a single scenario of multiplier 1) is the plain model.
//
// Expected measures count calls, not intervals: a measure that is a share of
// calls is the share of all calls of the forecast law, E[W X(Lambda)] /
// E[W], with W the calls it is a share of (Lambda for the offered service
// level, P(abandon) and the virtual service level; Lambda P(S) for the
// answered conventions; Lambda P(admitted) for ASA over all admitted callers
// and the virtual wait). Occupancy, a share of agent time, is the plain
// expectation E[occ(Lambda)].
//
// Integration: adaptive Gauss-Kronrod (math::integrate) over the law's
// density in the standardised variable x (Lambda = lambda (1 + cv x)), in
// pieces, split at a model's stability limit (Erlang-C: lambda aht = n) where
// the measures have a kink. A Gauss rule fitted to the law (Golub-Welsch
// nodes) was tried first and dropped: at order 48 it missed 1e-10 on Erlang-A
// at cv = 1 (2e-3 on occupancy) and with the normal law at cv = 0.15.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "../math/gamma.hpp"
#include "../math/numeric.hpp"
#include "../math/quadrature.hpp"
#include "../math/roots.hpp"
#include "../measures/measures.hpp"
#include "../staffing/agents.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace planning {

enum class forecast_kind { gamma, normal, scenarios };

/// The law of the arrival rate relative to the model's arrival rate (see the
/// file comment for each kind and its domain).
template <class T>
struct forecast_law {
  forecast_kind kind = forecast_kind::gamma;
  T cv = 0;
  std::vector<T> multipliers{};
  std::vector<T> weights{};

  static forecast_law gamma(T cv) { return {forecast_kind::gamma, cv, {}, {}}; }
  static forecast_law normal(T cv) { return {forecast_kind::normal, cv, {}, {}}; }
  static forecast_law scenarios(std::vector<T> m, std::vector<T> w) {
    return {forecast_kind::scenarios, 0, std::move(m), std::move(w)};
  }
};

/// Largest cv of the gamma law: past 1 its density is infinite at 0 and the
/// quadrature's 1e-10 is no longer shown (tests/test_forecast.cpp covers cv 0.05-1).
inline constexpr double forecast_gamma_max_cv = 1;
/// Largest cv of the normal law: at 0.15 the cut at 0 lies 6.7 sd below the
/// mean (mass < 1e-11), so "normal" still means it (tests/test_forecast.cpp covers 0.05-0.15).
inline constexpr double forecast_normal_max_cv = 0.15;

/// Relative tolerance of the adaptive route (models with a stability limit);
/// 1e-12 leaves the 1e-10 the tests ask for (ExpectationAcrossTheStabilityKink).
inline constexpr double forecast_adaptive_tolerance = 1e-12;

namespace detail_forecast {

// Checks the law; raises domain_error naming fn.
template <class T>
bool check_law(std::string_view fn, const forecast_law<T>& law) {
  switch (law.kind) {
    case forecast_kind::gamma:
      if (!(law.cv >= 0 && law.cv <= T(forecast_gamma_max_cv)))
        return detail::raise_domain_error<bool>(fn, "forecast_cv", law.cv, "in [0, 1] for the gamma law");
      return true;
    case forecast_kind::normal:
      if (!(law.cv >= 0 && law.cv <= T(forecast_normal_max_cv)))
        return detail::raise_domain_error<bool>(
            fn, "forecast_cv", law.cv, "in [0, 0.15] for the normal law (the gamma law takes up to 1)");
      return true;
    case forecast_kind::scenarios: {
      if (law.multipliers.empty() || law.multipliers.size() != law.weights.size())
        return detail::raise_domain_error<bool>(fn, "scenarios", law.multipliers.size(),
                                                "as many multipliers as weights, at least one");
      T total = 0;
      for (std::size_t i = 0; i < law.multipliers.size(); ++i) {
        if (!(law.multipliers[i] >= 0 && std::isfinite(law.multipliers[i])))
          return detail::raise_domain_error<bool>(fn, "scenario multiplier", law.multipliers[i],
                                                  "finite and >= 0");
        if (!(law.weights[i] >= 0 && std::isfinite(law.weights[i])))
          return detail::raise_domain_error<bool>(fn, "scenario weight", law.weights[i], "finite and >= 0");
        total += law.weights[i];
      }
      if (!(total > 0 && std::isfinite(total)))
        return detail::raise_domain_error<bool>(fn, "scenario weights' sum", total, "finite and > 0");
      return true;
    }
  }
  return false;
}

template <class T>
bool law_has_nan(const forecast_law<T>& law) {
  if (std::isnan(law.cv)) return true;
  for (T v : law.multipliers)
    if (std::isnan(v)) return true;
  for (T v : law.weights)
    if (std::isnan(v)) return true;
  return false;
}

template <class T>
bool is_plain(const forecast_law<T>& law) {
  return law.kind != forecast_kind::scenarios && law.cv == 0;
}

template <class T>
T density(const forecast_law<T>& law, T x) {
  const T u = law.cv * x;
  if (!(1 + u > 0)) return 0;
  if (law.kind == forecast_kind::normal) return std::exp(-x * x / 2);
  // (1 + u)^(k-1) e^{-k u} = exp(k (log1p(u) - u) - log1p(u)): k log1pmx
  // keeps its digits as cv -> 0, where k u^2 / 2 = x^2 / 2.
  const T k = 1 / (law.cv * law.cv);
  return std::exp(k * math::log1pmx(u) - std::log1p(u));
}

// Where the adaptive route cuts the x axis: the pieces are a few standard
// deviations wide around the mean and widen in the right tail; beyond x = 48
// the gamma law with cv <= 1 holds less than e^{-49} = 5e-22 of its mass,
// below x = -10 the normal law 8e-24.
inline constexpr double forecast_breaks[] = {-10, -8, -6, -5, -4, -3, -2, -1, 0,  1,  2,
                                             3,   4,  5,  6,  8,  10, 12, 16, 24, 32, 48};

}  // namespace detail_forecast

/// A term of an expected measure at one arrival rate: the measure and the
/// calls (or time) it is a share of.
template <class T>
struct forecast_term {
  T value, weight;
};

/// E[W X] / E[W] over the forecast law, where term(model at rate Lambda,
/// state with `agents` agents) gives {X, W} (W = 1: the plain expectation).
///
/// - agents >= 0 as the model takes them; law: see forecast_law.
/// - returns the plain term's value exactly when the law is degenerate (cv =
///   0); +inf when X is +inf on a part of the law with positive mass (ASA past
///   Erlang-C's stability limit, which a gamma or normal law always reaches).
/// - accuracy: 1e-10 relative (tests/test_forecast.cpp).
/// - cost: adaptive Gauss-Kronrod over ~20 pieces of the law, a few hundred
///   evaluations of the model's state in all.
/// - errors: domain_error for bad input (naming fn); evaluation_error if the
///   quadrature does not converge.
template <models::variable_arrival_model M, class Term>
typename M::real_type expected(std::string_view fn, std::type_identity_t<typename M::real_type> agents,
                               const M& model, const forecast_law<typename M::real_type>& law, Term term) {
  using T = typename M::real_type;
  if (std::isnan(agents) || model.has_nan() || detail_forecast::law_has_nan(law)) return math::nan_v<T>;
  if (!detail::check_agents_and_model(fn, T(agents), model) || !detail_forecast::check_law(fn, law))
    return math::nan_v<T>;
  const T n = measure::agents_of(T(agents));
  if (detail_forecast::is_plain(law)) return term(model, model.at(n)).value;
  const T mean = model.arrival_rate;
  auto at = [&](T rate) {
    const M m = model.with_arrival_rate(rate);
    return term(m, m.at(n));
  };
  T num = 0, den = 0;
  auto add = [&](T p, const forecast_term<T>& t) {
    const T pw = p * t.weight;
    if (pw == 0) return;  // no mass: its value (inf past a stability limit) does not count
    num += pw * t.value;
    den += pw;
  };
  if (law.kind == forecast_kind::scenarios) {
    for (std::size_t i = 0; i < law.multipliers.size(); ++i)
      if (law.weights[i] > 0) add(law.weights[i], at(mean * law.multipliers[i]));
  } else if (mean == 0) {
    return term(model, model.at(n)).value;  // every multiple of no calls is no calls
  } else {
    // Adaptive on every model: a Gauss rule fitted to the law missed 1e-10 on
    // Erlang-A at cv 1 and at the normal law's cut (tests/test_forecast.cpp).
    {
      // The stability limit lambda aht = n, at x* = (n / (lambda aht) - 1) / cv.
      T x_kink = math::inf_v<T>;
      if constexpr (requires { model.min_stable_agents(); }) x_kink = (n / model.offered_load() - 1) / law.cv;
      const T x_lo = law.kind == forecast_kind::gamma ? std::max(T(-1) / law.cv, T(-10)) : T(-10);
      std::vector<T> cuts{x_lo};
      for (double b : detail_forecast::forecast_breaks)
        if (T(b) > x_lo) cuts.push_back(T(b));
      if (x_kink > x_lo && x_kink < cuts.back()) cuts.push_back(x_kink);
      // A measure that is +inf past the limit (Erlang-C's ASA) grows like
      // 1 / (n - lambda aht) below it, whose integral diverges: its mean is
      // +inf whenever the law reaches the limit, as a gamma or normal law does.
      if (x_kink < T(detail_forecast::forecast_breaks[std::size(detail_forecast::forecast_breaks) - 1])) {
        const auto over = at(std::max(n / model.aht, mean * (1 + law.cv * x_lo)) * 2);
        if (std::isinf(over.value) && over.weight > 0) return over.value;
      }
      std::sort(cuts.begin(), cuts.end());
      cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
      const T tol = T(forecast_adaptive_tolerance);
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        // Numerator and denominator over the piece, the term evaluated once per node.
        T piece_num = 0, piece_den = 0;
        const T piece_den_int = math::integrate<T>(
            fn, {{"x", cuts[i]}},
            [&](T x) {
              const T g = detail_forecast::density(law, x);
              if (g == 0) return T(0);
              const auto t = at(mean * (1 + law.cv * x));
              return g * t.weight;
            },
            cuts[i], cuts[i + 1], tol);
        if (piece_den_int == 0) continue;
        piece_den = piece_den_int;
        piece_num = math::integrate<T>(
            fn, {{"x", cuts[i]}},
            [&](T x) {
              const T g = detail_forecast::density(law, x);
              if (g == 0) return T(0);
              const auto t = at(mean * (1 + law.cv * x));
              const T gw = g * t.weight;
              return gw == 0 ? T(0) : gw * t.value;
            },
            cuts[i], cuts[i + 1], tol);
        num += piece_num;
        den += piece_den;
      }
    }
  }
  if (!(den > 0)) return term(model, model.at(n)).value;  // nothing to share: the plain convention
  if (std::isinf(num)) return num;
  return num / den;
}

/// Expected service level within target_time over the forecast law: the
/// share of all calls of the law that the convention counts as answered in
/// time, E[W SL(Lambda)] / E[W] with W = Lambda (offered, virtual), Lambda
/// P(S) (answered), Lambda (1 - P(Ab, W <= t)) (excl_short_abandons). In
/// [0, 1]; arguments as service_level(); cv = 0 gives service_level() exactly.
template <models::variable_arrival_model M>
typename M::real_type expected_service_level(std::type_identity_t<typename M::real_type> agents,
                                             const M& model, const forecast_law<typename M::real_type>& law,
                                             std::type_identity_t<typename M::real_type> target_time,
                                             sl_convention convention = sl_convention::offered) {
  ERLANGKIT_REQUIRE_WAITING(M, "expected_service_level");
  using T = typename M::real_type;
  constexpr auto fn = "expected_service_level";
  if (std::isnan(target_time)) return math::nan_v<T>;
  if (!detail::check_nonneg<T>(fn, "target_time", target_time)) return math::nan_v<T>;
  const T t = target_time;
  const T v = expected(fn, agents, model, law, [&](const M& m, const auto& s) {
    T w = m.arrival_rate;
    if (convention == sl_convention::answered) w *= s.prob_served();
    if (convention == sl_convention::excl_short_abandons)
      w *= s.prob_served() + models::prob_blocked_of(s) + s.at_time(t).abandon_tail();
    return forecast_term<T>{measure::service_level_of(s, t, convention), w};
  });
  return std::isnan(v) ? v : measure::probability(v);
}

/// Expected abandonment: the share of all calls of the law that abandon,
/// E[Lambda P(Ab)] / E[Lambda], in [0, 1].
template <models::variable_arrival_model M>
typename M::real_type expected_prob_abandon(std::type_identity_t<typename M::real_type> agents,
                                            const M& model, const forecast_law<typename M::real_type>& law) {
  ERLANGKIT_REQUIRE_WAITING(M, "expected_prob_abandon");
  using T = typename M::real_type;
  const T v = expected("expected_prob_abandon", agents, model, law, [](const M& m, const auto& s) {
    return forecast_term<T>{measure::probability(s.prob_abandon()), m.arrival_rate};
  });
  return std::isnan(v) ? v : measure::probability(v);
}

/// Expected ASA over the calls the convention averages over: E[W ASA] / E[W]
/// with W = Lambda P(S) (answered), Lambda P(admitted) (all, virtual), in the
/// model's time unit; +inf where the law reaches an unstable rate (Erlang-C
/// with a gamma or normal law).
template <models::variable_arrival_model M>
typename M::real_type expected_asa(std::type_identity_t<typename M::real_type> agents, const M& model,
                                   const forecast_law<typename M::real_type>& law,
                                   asa_convention convention = asa_convention::answered) {
  ERLANGKIT_REQUIRE_WAITING(M, "expected_asa");
  using T = typename M::real_type;
  return expected("expected_asa", agents, model, law, [&](const M& m, const auto& s) {
    const T w = convention == asa_convention::answered ? s.prob_served() : models::prob_admitted_of(s);
    return forecast_term<T>{measure::asa_of(s, convention), m.arrival_rate * w};
  });
}

/// Expected occupancy, the share of agent time busy: E[occupancy(Lambda)].
template <models::variable_arrival_model M>
typename M::real_type expected_occupancy(std::type_identity_t<typename M::real_type> agents, const M& model,
                                         const forecast_law<typename M::real_type>& law) {
  using T = typename M::real_type;
  const T n = measure::agents_of(T(agents));
  return expected("expected_occupancy", agents, model, law, [&](const M& m, const auto& s) {
    return forecast_term<T>{measure::occupancy_of(m, s, n), T(1)};
  });
}

/// P(Lambda <= x lambda): the law's CDF at x times the mean (x >= 0).
/// Gamma: the regularised incomplete gamma P(k, k x); normal: (Phi((x - 1) /
/// cv) - Phi(-1/cv)) / Phi(1/cv); scenarios: the weight of multipliers <= x.
template <class T>
T forecast_cdf(const forecast_law<T>& law, T x) {
  if (law.kind == forecast_kind::scenarios) {
    T in = 0, total = 0;
    for (std::size_t i = 0; i < law.multipliers.size(); ++i) {
      total += law.weights[i];
      if (law.multipliers[i] <= x) in += law.weights[i];
    }
    return in / total;
  }
  if (law.cv == 0) return x >= 1 ? T(1) : T(0);
  if (std::isinf(x)) return 1;
  if (law.kind == forecast_kind::gamma) {
    const T k = 1 / (law.cv * law.cv);
    return math::gamma_p(k, k * x, k * (x - 1));
  }
  const T below = math::normal_cdf(-1 / law.cv);
  return std::clamp((math::normal_cdf((x - 1) / law.cv) - below) / math::normal_cdf(1 / law.cv), T(0), T(1));
}

/// The p-quantile of the law relative to its mean: the smallest x with
/// forecast_cdf(law, x) >= p, p in (0, 1). Gamma and normal by the
/// library's bracketed root of the CDF (to a few ulps); scenarios the
/// smallest multiplier whose cumulative weight reaches p.
template <class T>
T forecast_quantile(std::string_view fn, const forecast_law<T>& law, T p) {
  if (law.kind == forecast_kind::scenarios) {
    std::vector<std::size_t> order(law.multipliers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return law.multipliers[a] < law.multipliers[b]; });
    T total = 0, acc = 0;
    for (T w : law.weights) total += w;
    for (std::size_t i : order) {
      acc += law.weights[i];
      if (acc / total >= p) return law.multipliers[i];
    }
    return law.multipliers[order.back()];
  }
  if (law.cv == 0) return 1;
  // The bracket: the quantile lies in (0, 1 + 60 cv] (mass beyond < e^{-60}).
  const T hi = 1 + 60 * law.cv;
  return math::bracketed_root<T>(
      fn, [&](T x) { return forecast_cdf(law, x) - p; }, T(0), hi);
}

/// Probability over the forecast law that `agents` meet the service level
/// target: P(Lambda <= c) with c = max_arrival_rate_for_service_level(agents,
/// ...), the law's CDF there (exact for the conventions in which the service
/// level falls as the rate grows: offered, virtual). In [0, 1]. Errors as
/// max_arrival_rate_for_service_level (infeasible_error with no agents).
template <models::variable_arrival_model M>
typename M::real_type prob_service_level_met(std::type_identity_t<typename M::real_type> agents,
                                             const M& model, const forecast_law<typename M::real_type>& law,
                                             std::type_identity_t<typename M::real_type> target,
                                             std::type_identity_t<typename M::real_type> target_time,
                                             sl_convention convention = sl_convention::offered) {
  using T = typename M::real_type;
  constexpr auto fn = "prob_service_level_met";
  if (detail_forecast::law_has_nan(law) || model.has_nan()) return math::nan_v<T>;
  if (!detail_forecast::check_law(fn, law) || !model.validate(fn)) return math::nan_v<T>;
  const T cap = max_arrival_rate_for_service_level(agents, model, target, target_time, convention);
  if (std::isnan(cap)) return cap;
  if (model.arrival_rate == 0) return 1;
  return forecast_cdf(law, cap / model.arrival_rate);
}

/// Fewest agents whose service level meets target with probability at least
/// meet_probability over the forecast law: the plain solver at the rate
/// lambda q, q the law's meet_probability-quantile relative to its mean
/// (P(Lambda <= c(n)) >= p iff c(n) >= lambda q, for a service level that
/// falls as the rate grows). meet_probability in (0, 1); the rest as
/// agents_for_service_level().
template <models::variable_arrival_model M>
typename M::real_type agents_for_service_level_with_probability(
    const M& model, const forecast_law<typename M::real_type>& law,
    std::type_identity_t<typename M::real_type> target,
    std::type_identity_t<typename M::real_type> target_time,
    std::type_identity_t<typename M::real_type> meet_probability,
    sl_convention convention = sl_convention::offered,
    const staffing_options<typename M::real_type>& options = {}) {
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_service_level_with_probability";
  if (detail_forecast::law_has_nan(law) || std::isnan(meet_probability)) return math::nan_v<T>;
  if (!detail_forecast::check_law(fn, law) ||
      !detail::check_probability_target<T>(fn, "meet_probability", meet_probability))
    return math::nan_v<T>;
  const T q = forecast_quantile(fn, law, T(meet_probability));
  if (std::isnan(q)) return q;
  return agents_for_service_level(model.with_arrival_rate(model.arrival_rate * q), target, target_time,
                                  convention, options);
}

/// Fewest whole agents whose expected service level (expected_service_level,
/// offered or virtual convention: those that grow with the staff) is at least
/// target, in (0, 1). Galloping from the plain answer at the mean rate, then
/// bisection: O(log |answer - plain answer|) expected measures. Errors:
/// domain_error for bad input or another convention; infeasible_error past
/// max_agents.
template <models::variable_arrival_model M>
typename M::real_type agents_for_expected_service_level(
    const M& model, const forecast_law<typename M::real_type>& law,
    std::type_identity_t<typename M::real_type> target,
    std::type_identity_t<typename M::real_type> target_time,
    sl_convention convention = sl_convention::offered, typename M::real_type max_agents = 1e9) {
  using T = typename M::real_type;
  constexpr auto fn = "agents_for_expected_service_level";
  if (detail_forecast::law_has_nan(law) || model.has_nan() || detail::any_nan(T(target), T(target_time)))
    return math::nan_v<T>;
  if (!detail_forecast::check_law(fn, law) || !model.validate(fn) ||
      !detail::check_probability_target<T>(fn, "target", target) ||
      !detail::check_nonneg<T>(fn, "target_time", target_time))
    return math::nan_v<T>;
  if (convention != sl_convention::offered && convention != sl_convention::virtual_wait)
    return detail::raise_domain_error<T>(fn, "convention", static_cast<int>(convention),
                                         "offered or virtual (the conventions that grow with the staff)");
  if (model.arrival_rate == 0) return 0;
  const T guess =
      agents_for_service_level(model, target, target_time, convention, {.max_agents = max_agents});
  if (std::isnan(guess)) return guess;
  const auto n = math::min_integer<T>(
      [&](T k) { return expected_service_level(k, model, law, target_time, convention) >= target; }, guess,
      T(0), max_agents);
  if (!n)
    return detail::raise_infeasible<T>(fn, "no staff up to max_agents meets the expected service level");
  return *n;
}

}  // namespace planning
ERLANGKIT_END_NAMESPACE
