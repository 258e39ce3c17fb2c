// Redials over any model that loses callers: a caller who abandons or is
// blocked calls again with probability r (0 <= r < 1), independently of
// everything else, and every attempt - fresh or redial - joins one Poisson
// stream of total rate L. L solves the fixed point
//   L = lambda + r L p(L),   p(L) = P(Ab)(L) + P(blocked)(L),
// which has exactly one root in [lambda, lambda/(1 - r)] (docs/math/redialing.md
// §2), and every measure is then the base model's at rate L: a measure is per
// attempt. Per fresh caller: the total_arrival_rate L and the probability of
// being finally lost, (1 - r) p / (1 - r p) (§3). With r = 0, or a base model
// that loses nobody (Erlang-C), the adaptor is the base model.
//
// Erlang-X is redialing<finite_lines> (finite lines, exponential patience,
// redials); extended Erlang-B is redialing<erlang_b> (blocked callers retry).
//
// The adaptor derives from its base model, so it has the base's parameters
// (arrival_rate is the fresh rate lambda, aht, patience, lines, ...) and its
// agent limits; what depends on the arrival rate (the state, with_arrival_rate,
// solver shortcuts) is its own. A shortcut of the base (Erlang-C's walk) is
// kept only where the adaptor is the identity.
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

#include "../math/roots.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

// A base model that can lose a caller (so that a redial changes anything).
template <class M>
inline constexpr bool loses_callers = M::abandons || blocking_model<M>;

// P(Ab) + P(blocked) of one attempt, for a state that has either or both.
template <class S>
auto prob_lost_of(const S& s) {
  if constexpr (requires { s.prob_abandon(); })
    return s.prob_abandon() + prob_blocked_of(s);
  else
    return prob_blocked_of(s);
}

// The base model's state at the total rate L, plus what a fresh caller sees.
// Everything a measure reads from the base state is inherited; occupancy and
// queue length, which the generic measures would form from the fresh rate,
// are formed here from L.
template <class S>
struct redialing_state : S {
  using T = decltype(std::declval<const S&>().prob_served());
  T fresh_rate = 0;   // lambda
  T total_rate = 0;   // L: fresh calls plus redials
  T redial = 0;       // r
  T handle_time = 1;  // the base model's aht (a base state need not keep it)
  T agents = 0;

  /// L = lambda / (1 - r p): attempts per time unit, fresh and redialled.
  T total_arrival_rate() const { return total_rate; }
  /// P(Ab) + P(blocked) of one attempt.
  T prob_lost() const { return prob_lost_of(static_cast<const S&>(*this)); }
  /// A fresh caller is lost when an attempt is lost and not redialled: the sum
  /// over k >= 0 of (r p)^k p (1 - r) = (1 - r) p / (1 - r p).
  /// The denominator as 1 - r p = (1 - r) + r P(S), which keeps its digits
  /// where r -> 1 and p -> 1 together (overload: p = 1 - O(1/L)).
  T prob_finally_lost() const {
    return (1 - redial) * prob_lost() / ((1 - redial) + redial * this->prob_served());
  }
  /// Carried load per agent: L aht P(S) / n (every answered attempt is one
  /// fresh caller answered, so this is also lambda aht P(finally answered) / n).
  T occupancy() const {
    if constexpr (requires(const S& s) { s.occupancy(); }) {
      return S::occupancy();
    } else {
      if (agents == 0 || total_rate == 0) return 0;
      return std::min(T(1), total_rate * handle_time / agents * this->prob_served());
    }
  }
  /// Little's law on the stream of attempts: L E[W].
  T mean_queue_length() const { return total_rate == 0 ? T(0) : total_rate * this->mean_wait(); }
};

template <queue_model M>
struct redialing : M {
  using base_model = M;
  using T = typename M::real_type;
  static constexpr std::string_view name = "redialing";

  T redial = 0;  ///< r: probability that a lost caller calls again, in [0, 1)

  const M& base() const { return *this; }
  bool has_nan() const { return M::has_nan() || std::isnan(redial); }
  bool validate(std::string_view fn) const {
    if (!M::validate(fn)) return false;
    if (redial >= 0 && redial < 1) return true;
    detail::raise_domain_error<T>(fn, "redial", redial, "in [0, 1)");
    return false;
  }
  redialing with_arrival_rate(T rate) const { return {base().with_arrival_rate(rate), redial}; }
  // Erlang-C's walk, where nobody is lost and the adaptor changes nothing.
  std::optional<T> walk_for_service_level(T goal, T t, T cap) const
      requires(!loses_callers<M> && requires(const M& m) { m.walk_for_service_level(goal, t, cap); }) {
    return base().walk_for_service_level(goal, t, cap);
  }

  /// The base model's state at the total rate L of the fixed point; cost: the
  /// base model's, times the 4-14 evaluations of the root search measured
  /// (bench Redialing; bounded by math::root_max_iterations). Errors: the
  /// base model's, and evaluation_error where the base has no value at a rate
  /// the search visits. Accuracy: L to a few ulps (docs/redialing.md).
  redialing_state<state_t<M>> at(T n) const;
};

template <class M>
redialing(M, typename M::real_type) -> redialing<M>;

template <queue_model M>
redialing_state<state_t<M>> redialing<M>::at(T n) const {
  using S = state_t<M>;
  const T lambda = this->arrival_rate, r = redial;
  auto wrap = [&](S s, T L) {
    redialing_state<S> out{std::move(s)};
    out.fresh_rate = lambda, out.total_rate = L, out.redial = r, out.handle_time = this->aht, out.agents = n;
    return out;
  };
  S s0 = base().at(n);
  if constexpr (!loses_callers<M>) {
    return wrap(std::move(s0), lambda);
  } else {
    auto lost = [](const S& s) { return prob_lost_of(s); };
    const T p0 = lost(s0);
    // Nobody lost (or nobody arrives, or no redials): L = lambda. NaN (a base
    // evaluation error already raised) passes through.
    if (r == 0 || lambda == 0 || !(p0 > 0)) return wrap(std::move(s0), lambda);
    // g(L) = L (1 - r p(L)) - lambda: increasing (§2), g(lambda) = -r lambda p0 < 0,
    // g(lambda/(1-r)) >= 0. L1 = lambda/(1 - r p0) is the first plain iteration
    // and a close first guess: it splits the bracket, and the side it falls on
    // is kept. 1 - r p is formed as (1 - r) + r P(S), exact as r, p -> 1.
    auto kept = [r](const S& s) { return (1 - r) + r * s.prob_served(); };
    std::optional<S> last;  // state at the last L with g(L) >= 0: the root search returns that L
    T last_L = -1;
    bool base_failed = false;  // the base model has no value at some L of the search
    auto g = [&](T L) {
      S s = base().with_arrival_rate(L).at(n);
      const T v = L * kept(s) - lambda;
      if (std::isnan(v)) {  // stop the search here (g = 0 ends it) and report below
        base_failed = true;
        return T(0);
      }
      if (v >= 0) last.emplace(std::move(s)), last_L = L;
      return v;
    };
    const T L1 = lambda / kept(s0), g1 = g(L1);
    const T hi = lambda / (1 - r);
    T a = lambda, b = hi;
    (g1 >= 0 ? b : a) = L1;
    // The ends already known are not evaluated again.
    auto f = [&](T L) { return L == L1 ? g1 : L == lambda ? -r * lambda * p0 : g(L); };
    const T L = math::bracketed_root<T>("redialing", f, a, b);
    // The rates the search visits can be far above lambda (up to lambda/(1 - r)),
    // where a base model may have no value; that is an error, not a NaN.
    if (base_failed) {
      detail::raise_evaluation_error<T>("redialing",
                                        "the base model has no value at a total rate of the search",
                                        {{"agents", n}, {"total rate", L}, {"redial", r}});
      S bad = base().with_arrival_rate(L).at(n);
      return wrap(std::move(bad), math::nan_v<T>);
    }
    if (last && last_L == L) return wrap(std::move(*last), L);
    return wrap(base().with_arrival_rate(L).at(n), L);
  }
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
