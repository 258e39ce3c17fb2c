// The measures of a queue, written once for every model (models/model.hpp):
// probability of waiting, of abandoning, of being blocked, occupancy, queue
// length, service level in each convention, ASA in each convention, and the
// waiting-time distribution. A model supplies a handful of quantities at n
// agents (its state); the conventions are defined here, in one place
// (docs/conventions.md, docs/math/conventions.md).
//
// Common to every function:
// - agents: n >= 0 and finite (real where the model has a continuous
//   extension, else whole); model: its parameters, checked by the model.
// - errors: erlangkit::domain_error naming the function, the parameter and the
//   value; NaN in any argument gives NaN.
// - overload is not an error: where waits are unbounded the measures say so
//   (P(wait) = 1, ASA = +inf, service level 0).
#pragma once

#include <algorithm>
#include <cmath>
#include <string_view>
#include <type_traits>

#include "../core/conventions.hpp"
#include "../math/fp.hpp"
#include "../math/roots.hpp"
#include "../models/model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace measure {

#define ERLANGKIT_REQUIRE_WAITING(M, fn)                                                               \
  static_assert(models::waiting_model<M>, "erlangkit::" fn                                             \
                                          ": this model queues nobody (callers who find every server " \
                                          "busy are turned away), so it has no waits; ask it for "     \
                                          "prob_blocked or occupancy")

// A probability as reported: the models' forms are accurate to a few ulps, and
// rounding must not leave [0, 1] (P(Ab | W > 0) = 1 - O(x) came out as
// 1 + 2^-52 for a vanishing staff).
template <class T>
T probability(T v) {
  return std::clamp(v, T(0), T(1));
}

// Occupancy: carried load / agents = R P(S) / n (a model may define its own).
template <class M, class S>
typename M::real_type occupancy_of(const M& m, const S& s, typename M::real_type n) {
  using T = typename M::real_type;
  if constexpr (requires { s.occupancy(); }) {
    return s.occupancy();
  } else {
    const T R = m.offered_load();
    if (n == 0 || R == 0) return 0;
    return std::min(T(1), R / n * s.prob_served());
  }
}

// Mean number of callers waiting, lambda E[W] (Little's law; blocked callers
// wait 0, so E[W] is taken over all arrivals).
template <class M, class S>
typename M::real_type mean_queue_length_of(const M& m, const S& s) {
  using T = typename M::real_type;
  if constexpr (requires { s.mean_queue_length(); }) return s.mean_queue_length();  // a model's own rate
  return m.arrival_rate == 0 ? T(0) : m.arrival_rate * s.mean_wait();
}

// The service-level conventions, over all arrivals (docs/math/conventions.md):
//   offered              P(S, W <= t)
//   answered             P(S, W <= t) / P(S)
//   virtual              P(V <= t)
//   excl_short_abandons  P(S, W <= t) / (1 - P(Ab, W <= t)),
//                        1 - P(Ab, W <= t) = P(S) + P(blocked) + P(Ab, W > t)
// A ratio with nothing to share (no call answered) is 0. Each form is
// accurate to a few ulps; rounding must not leave [0, 1].
template <class S, class T>
T service_level_of(const S& s, T t, sl_convention c) {
  const auto w = s.at_time(t);
  T v = math::nan_v<T>;
  switch (c) {
    case sl_convention::offered: v = w.answered_within(); break;
    case sl_convention::answered:
      if constexpr (requires { w.answered_share(); }) {  // a model's own, where both parts vanish together
        v = w.answered_share();
      } else {
        const T served = s.prob_served();
        v = served == 0 ? T(0) : w.answered_within() / served;
      }
      break;
    case sl_convention::virtual_wait: v = w.virtual_within(); break;
    case sl_convention::excl_short_abandons: {
      const T within = w.answered_within();
      v = within == 0 ? T(0) : within / (s.prob_served() + models::prob_blocked_of(s) + w.abandon_tail());
      break;
    }
  }
  return std::clamp(v, T(0), T(1));
}

// The ASA conventions: answered E[W; S] / P(S) (the industry's ASA), all
// E[W | admitted] (abandons included), virtual E[V].
template <class S>
auto asa_of(const S& s, asa_convention c) {
  using T = decltype(s.prob_served());
  switch (c) {
    case asa_convention::answered: {
      if constexpr (requires { s.answered_wait(); }) return s.answered_wait();  // a model's own ratio form
      const T served = s.prob_served();
      if (s.prob_wait() == 0) return T(0);
      return served == 0 ? math::inf_v<T> : s.mean_wait_served() / served;
    }
    case asa_convention::all: {
      // Nobody admitted (every line taken, none answering): nobody waits, and
      // the ratio with nothing to share is 0, not 0/0.
      const T admitted = models::prob_admitted_of(s);
      return admitted == 0 ? T(0) : s.mean_wait() / admitted;
    }
    case asa_convention::virtual_wait: return s.mean_virtual_wait();
  }
  return math::nan_v<T>;
}

// P(W > t) over all arrivals, W the wait until answered or abandoned:
// P(V > t) P(patience > t) (patience independent of the virtual wait).
template <class S, class T>
T wait_tail_of(const S& s, T t) {
  if (s.prob_wait() == 0) return 0;
  return s.at_time(t).virtual_tail() * s.patience_survival(t);
}

// Agents as the models see them: -0 (which passes n >= 0) as +0, so that no
// model forms R/n = -inf (finite_lines' log(R/n) was NaN at n = -0).
template <class T>
T agents_of(T n) {
  return n + T(0);
}

// Evaluates f(state) after the checks shared by every measure.
template <class M, class F>
typename M::real_type evaluate(std::string_view fn, typename M::real_type n, const M& m, F&& f) {
  using T = typename M::real_type;
  if (std::isnan(n) || m.has_nan()) return math::nan_v<T>;
  if (!detail::check_agents_and_model(fn, n, m)) return math::nan_v<T>;
  return f(m.at(agents_of(n)));
}

}  // namespace measure

/// Probability that an arrival waits, P(W > 0) (Erlang-C: C(n, R)).
template <models::queue_model M>
typename M::real_type prob_wait(std::type_identity_t<typename M::real_type> agents, const M& model) {
  ERLANGKIT_REQUIRE_WAITING(M, "prob_wait");
  return measure::evaluate("prob_wait", agents, model,
                           [](const auto& s) { return measure::probability(s.prob_wait()); });
}

/// Probability that an arrival abandons, P(Ab) (0 where callers never hang up).
template <models::queue_model M>
typename M::real_type prob_abandon(std::type_identity_t<typename M::real_type> agents, const M& model) {
  ERLANGKIT_REQUIRE_WAITING(M, "prob_abandon");
  return measure::evaluate("prob_abandon", agents, model,
                           [](const auto& s) { return measure::probability(s.prob_abandon()); });
}

/// Probability that a caller who waits abandons, P(Ab | W > 0).
template <models::queue_model M>
typename M::real_type prob_abandon_given_wait(std::type_identity_t<typename M::real_type> agents,
                                              const M& model) {
  ERLANGKIT_REQUIRE_WAITING(M, "prob_abandon_given_wait");
  return measure::evaluate("prob_abandon_given_wait", agents, model,
                           [](const auto& s) { return measure::probability(s.prob_abandon_given_wait()); });
}

/// Probability that an arrival is turned away because the system is full.
template <models::queue_model M>
typename M::real_type prob_blocked(std::type_identity_t<typename M::real_type> agents, const M& model) {
  static_assert(models::blocking_model<M>,
                "erlangkit::prob_blocked: this model never turns a caller away (its queue is unlimited)");
  return measure::evaluate("prob_blocked", agents, model,
                           [](const auto& s) { return measure::probability(s.prob_blocked()); });
}

/// Agent occupancy: carried load / agents, in [0, 1] (0 with no agents).
template <models::queue_model M>
typename M::real_type occupancy(std::type_identity_t<typename M::real_type> agents, const M& model) {
  return measure::evaluate("occupancy", agents, model,
                           [&](const auto& s) { return measure::occupancy_of(model, s, agents); });
}

/// Mean number of callers waiting, E[Q] = lambda E[W] (Little's law).
template <models::queue_model M>
typename M::real_type mean_queue_length(std::type_identity_t<typename M::real_type> agents, const M& model) {
  ERLANGKIT_REQUIRE_WAITING(M, "mean_queue_length");
  return measure::evaluate("mean_queue_length", agents, model,
                           [&](const auto& s) { return measure::mean_queue_length_of(model, s); });
}

/// Service level within target_time (>= 0, the model's time unit) in the
/// given convention; a probability in [0, 1].
template <models::queue_model M>
typename M::real_type service_level(std::type_identity_t<typename M::real_type> agents, const M& model,
                                    std::type_identity_t<typename M::real_type> target_time,
                                    sl_convention convention = sl_convention::offered) {
  ERLANGKIT_REQUIRE_WAITING(M, "service_level");
  using T = typename M::real_type;
  if (std::isnan(target_time)) return math::nan_v<T>;
  return measure::evaluate("service_level", agents, model, [&](const auto& s) {
    if (!detail::check_nonneg<T>("service_level", "target_time", target_time)) return math::nan_v<T>;
    return measure::service_level_of(s, T(target_time), convention);
  });
}

/// Average speed of answer in the given convention, >= 0, in the model's time
/// unit; +inf where no call is answered or waits are unbounded.
template <models::queue_model M>
typename M::real_type asa(std::type_identity_t<typename M::real_type> agents, const M& model,
                          asa_convention convention = asa_convention::answered) {
  ERLANGKIT_REQUIRE_WAITING(M, "asa");
  return measure::evaluate("asa", agents, model,
                           [&](const auto& s) { return measure::asa_of(s, convention); });
}

/// The waiting-time distribution: P(W > t) over all arrivals, W the time from
/// arrival until the call is answered or abandoned (0 for blocked calls).
template <models::queue_model M>
typename M::real_type prob_wait_longer_than(std::type_identity_t<typename M::real_type> agents,
                                            const M& model, std::type_identity_t<typename M::real_type> t) {
  ERLANGKIT_REQUIRE_WAITING(M, "prob_wait_longer_than");
  using T = typename M::real_type;
  if (std::isnan(t)) return math::nan_v<T>;
  return measure::evaluate("prob_wait_longer_than", agents, model, [&](const auto& s) {
    if (!detail::check_nonneg<T>("prob_wait_longer_than", "t", t)) return math::nan_v<T>;
    return measure::wait_tail_of(s, T(t));
  });
}

/// The q-quantile of the answer time in a service-level convention: the
/// smallest t >= 0 with service_level(t, convention) >= q — "the time within
/// which q of the callers are answered" (answered, the default: among
/// answered calls; virtual: the wait of a caller who never hangs up; offered:
/// among all calls, +inf when fewer than q are ever answered). 0 when
/// service_level(0) >= q already.
///
/// - q in (0, 1); returns a time in the model's unit, or +inf.
/// - method: the service level is increasing in t, so the quantile is the
///   root of service_level(t) - q, bracketed by doubling from the model's
///   mean wait and found to adjacent doubles (math/roots.hpp).
/// - accuracy: service_level at the answer is within a few ulps of q
///   (tests/test_wait_quantile.cpp; Erlang-C against its closed form
///   ln(C / (1 - q)) / (n mu - lambda) to 1e-13).
/// - errors: domain_error for bad input.
template <models::queue_model M>
typename M::real_type wait_quantile(std::type_identity_t<typename M::real_type> agents, const M& model,
                                    std::type_identity_t<typename M::real_type> q,
                                    sl_convention convention = sl_convention::answered) {
  ERLANGKIT_REQUIRE_WAITING(M, "wait_quantile");
  using T = typename M::real_type;
  constexpr auto fn = "wait_quantile";
  if (std::isnan(q)) return math::nan_v<T>;
  return measure::evaluate(fn, agents, model, [&](const auto& s) {
    if (!detail::check_probability_target<T>(fn, "q", q)) return math::nan_v<T>;
    auto margin = [&](T t) { return measure::service_level_of(s, t, convention) - T(q); };
    if (margin(0) >= 0) return T(0);
    // Start the doubling at the mean wait of an answered call (any positive
    // scale works; this one is within a few doublings of the answer).
    T start = T(measure::asa_of(s, asa_convention::answered));
    if (!(start > 0 && std::isfinite(start))) start = 1;
    const auto fail = math::first_failure_by_doubling<T>([&](T t) { return -margin(t); }, start);
    if (!fail) return math::inf_v<T>;  // never reaches q (offered: too many are lost)
    const T lo = *fail > start ? *fail / 2 : T(0);
    return math::bracketed_root<T>(fn, margin, lo, *fail);
  });
}

/// Every measure of one queue at once (the state is built a single time).
template <class Real>
struct queue_measures {
  Real prob_wait;
  Real prob_abandon;
  Real occupancy;
  Real mean_queue_length;
  Real service_level;
  Real asa;
};

template <models::queue_model M>
queue_measures<typename M::real_type> measures(std::type_identity_t<typename M::real_type> agents,
                                               const M& model,
                                               std::type_identity_t<typename M::real_type> target_time,
                                               sl_convention sl = sl_convention::offered,
                                               asa_convention asa_conv = asa_convention::answered) {
  ERLANGKIT_REQUIRE_WAITING(M, "measures");
  using T = typename M::real_type;
  constexpr T nan = math::nan_v<T>;
  if (std::isnan(agents) || std::isnan(target_time) || model.has_nan()) return {nan, nan, nan, nan, nan, nan};
  if (!detail::check_agents_and_model<M>("measures", agents, model) ||
      !detail::check_nonneg<T>("measures", "target_time", target_time))
    return {nan, nan, nan, nan, nan, nan};
  const auto s = model.at(measure::agents_of(T(agents)));
  return {measure::probability(s.prob_wait()),
          measure::probability(s.prob_abandon()),
          measure::occupancy_of(model, s, T(agents)),
          measure::mean_queue_length_of(model, s),
          measure::service_level_of(s, T(target_time), sl),
          measure::asa_of(s, asa_conv)};
}

ERLANGKIT_END_NAMESPACE
