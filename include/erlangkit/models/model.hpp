// What a queue model is: the one concept every model type satisfies, and the
// capabilities (families of measures) a model may have. Measures, staffing
// and batch evaluation are written once over these (docs/architecture.md).
//
// A model is a small aggregate of its parameters (rates and times in one time
// unit of the caller's choice) with
//   real_type                    the floating type of its parameters;
//   name                         used in error messages ("erlang_a");
//   fractional_agents            whether a real agent count is meaningful (a
//                                continuous extension exact at whole numbers);
//   has_nan(), validate(fn)      NaN test; parameter check raising
//                                erlangkit::domain_error that names fn;
//   arrival_rate, aht,           lambda and 1/mu, and R = lambda x aht;
//   offered_load()
//   at(n)                        its state with n agents: the few quantities
//                                every measure of the model is built from.
// Optional members: check_agents(fn, n) (limits on n beyond n >= 0, such as
// n <= lines), with_arrival_rate(l) (capacity inverses), min_stable_agents()
// (Erlang-C needs n > R), max_agents(), and solver shortcuts (staffing/).
//
// Capabilities are read off the state. A waiting model queues callers and
// defines P(wait), P(abandon), the service level in every convention and ASA
// in every convention; a blocking model turns callers away when it is full; an
// abandoning model has callers who hang up. Asking a model for a measure of a
// capability it lacks fails to compile, with a static_assert naming it.
#pragma once

#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../core/check.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class M>
concept queue_model = requires(const M& m, typename M::real_type n, std::string_view fn) {
  requires std::floating_point<typename M::real_type>;
  { M::name } -> std::convertible_to<std::string_view>;
  { M::fractional_agents } -> std::convertible_to<bool>;
  { m.has_nan() } -> std::same_as<bool>;
  { m.validate(fn) } -> std::same_as<bool>;
  { m.arrival_rate } -> std::convertible_to<typename M::real_type>;
  { m.aht } -> std::convertible_to<typename M::real_type>;
  { m.offered_load() } -> std::same_as<typename M::real_type>;
  m.at(n);
};

template <queue_model M>
using state_t = decltype(std::declval<const M&>().at(typename M::real_type{}));

// The measures at a target time t: P(served, W <= t), P(V <= t) and P(V > t)
// over all arrivals (V the wait of a caller who would never hang up), and
// P(abandon, W > t).
template <class W>
concept time_measures = requires(const W& w) {
  w.answered_within();
  w.virtual_within();
  w.virtual_tail();
  w.abandon_tail();
};

template <class M>
concept waiting_model = queue_model<M> && requires(const state_t<M>& s, typename M::real_type t) {
  s.prob_wait();                // P(W > 0): admitted and all agents busy
  s.prob_no_wait();             // P(answered at once), kept apart from 1 - P(W > 0)
  s.prob_abandon();             // P(Ab)
  s.prob_abandon_given_wait();  // P(Ab | W > 0)
  s.prob_served();              // P(S) = 1 - P(Ab) - P(blocked), without the cancellation
  s.mean_wait();                // E[W] over all arrivals (blocked callers wait 0)
  s.mean_wait_served();         // E[W; S]: the wait of answered calls, over all arrivals
  s.mean_virtual_wait();        // E[V] over admitted arrivals
  s.patience_survival(t);       // P(patience > t)
  requires time_measures<decltype(s.at_time(t))>;
};

template <class M>
concept abandoning_model = waiting_model<M> && M::abandons;

template <class M>
concept blocking_model = queue_model<M> && requires(const state_t<M>& s) {
  s.prob_blocked();
};

template <class M>
concept variable_arrival_model = queue_model<M> && requires(const M& m, typename M::real_type l) {
  { m.with_arrival_rate(l) } -> std::same_as<M>;
};

// P(blocked) of a state, 0 for models that never block.
template <class S>
auto prob_blocked_of(const S& s) {
  if constexpr (requires { s.prob_blocked(); })
    return s.prob_blocked();
  else
    return decltype(s.prob_served())(0);
}

// P(admitted) = P(no wait) + P(W > 0), both kept without cancellation.
template <class S>
auto prob_admitted_of(const S& s) {
  if constexpr (requires { s.prob_blocked(); })
    return s.prob_no_wait() + s.prob_wait();
  else
    return decltype(s.prob_served())(1);
}

}  // namespace models

namespace detail {

// The checks every measure and solver makes before it evaluates a model with
// `agents` agents: n >= 0 and finite, the model's parameters, a whole n where
// the model needs one, and the model's own limits on n. NaN is not checked
// here: NaN in gives NaN out, before any check.
template <models::queue_model M>
bool check_agents_and_model(std::string_view fn, typename M::real_type agents, const M& m) {
  if (!check_nonneg(fn, "agents", agents) || !m.validate(fn)) return false;
  if constexpr (!M::fractional_agents)
    if (!check_whole(fn, "agents", agents)) return false;
  if constexpr (requires { m.check_agents(fn, agents); })
    if (!m.check_agents(fn, agents)) return false;
  return true;
}

}  // namespace detail
ERLANGKIT_END_NAMESPACE
