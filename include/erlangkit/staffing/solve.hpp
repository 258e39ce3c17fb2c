// The staffing machinery, written once for every model: targets (what a
// staff must achieve, as a margin that is >= 0 when it is met) and the solver
// that finds the fewest agents meeting a target and an occupancy cap
// (docs/staffing.md; the searches and their assumptions: docs/math/staffing.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "../core/check.hpp"
#include "../math/numeric.hpp"
#include "../math/roots.hpp"
#include "../measures/measures.hpp"

ERLANGKIT_BEGIN_NAMESPACE

/// How the solvers may answer: agents come back whole by default (the smallest
/// integer meeting every constraint); with fractional = true as the real agent
/// count, on the continuous extension of the model, where the binding target is
/// met exactly (whole-agent rounding overstaffs small queues, and fractional
/// counts are what a scheduler that pools several queues wants).
template <class Real = double>
struct staffing_options {
  /// Cap on agent occupancy, in (0, 1]; 1 means no cap.
  Real max_occupancy = 1;
  /// Return the real agent count where the binding target is met exactly.
  bool fractional = false;
  /// Largest staff the search may return; a target needing more throws
  /// erlangkit::infeasible_error naming this limit. 10^9 is more agents than
  /// any contact center employs, and the galloping search reaches it in ~30
  /// evaluations (tests/test_staffing.cpp, InfeasibleTargetNamesTheConstraint).
  Real max_agents = 1e9;
};

namespace staffing {

// Halfin-Whitt: n = R + beta sqrt(R) with P(wait) -> 1/(1 + beta Phi/phi).
// Solves for beta by bisection; the result is only a starting guess that gets
// rounded to whole agents, so 14 halvings of [0, 8] (beta to 5e-4) are plenty
// (bench: StaffDayErlangA, 50 -> 14 halvings with the same answers).
template <class T>
T square_root_staffing_guess(T load, T prob_wait_target) {
  const T p = std::clamp(prob_wait_target, T(1e-12), T(0.999));
  auto alpha = [](T beta) { return 1 / (1 + beta * math::normal_cdf(beta) / math::normal_pdf(beta)); };
  T lo = 0, hi = 8;
  for (int i = 0; i < 14; ++i) {
    const T mid = (lo + hi) / 2;
    (alpha(mid) > p ? lo : hi) = mid;
  }
  return load + hi * std::sqrt(load);
}

// A target: margin(model, n) >= 0 when n agents meet it. monotone() is false
// for the conventions that are not monotone in agents near n = 0 (the share of
// answered calls answered in time, and ASA of answered calls, tend to their
// best values as n -> 0+: the few calls answered are answered at once).
template <class T>
struct service_level_target {
  T goal, time;
  sl_convention convention;
  static constexpr std::string_view what = "service level";
  T value() const { return goal; }
  bool monotone() const {
    return convention == sl_convention::offered || convention == sl_convention::virtual_wait;
  }
  // Near 1 the service level is 1 - (a tail) rounded in steps of eps/2, too
  // coarse for a target within ~1e-12 of 1 (a fractional answer stopped where
  // the tail still missed: tests/test_fuzz_regressions.cpp,
  // FractionalServiceLevelTargetsNearOne). Where the tail is the model's own
  // P(V > t) (the virtual convention, and every convention when every caller
  // is served, in a model that blocks nobody: finite lines count the blocked
  // apart) the margin compares it with 1 - goal, exact for goal >= 1/2.
  // The same sign as SL - goal wherever SL rounds correctly, and SL >= goal
  // whenever this margin is >= 0.
  template <class M>
  T margin(const M& m, T n) const {
    const auto s = m.at(n);
    if (goal >= T(0.5) && n > 0 && !models::blocking_model<M> &&
        (convention == sl_convention::virtual_wait || s.prob_served() == 1)) {
      const T tail = s.at_time(time).virtual_tail();
      if (tail < T(0.5)) return (1 - goal) - tail;  // where 1 - tail is the service level itself
    }
    return measure::service_level_of(s, time, convention) - goal;
  }
  template <class M>
  T guess(const M& m) const {
    return square_root_staffing_guess(m.offered_load(), 1 - goal);
  }
};

template <class T>
struct asa_target {
  T goal;
  asa_convention convention;
  static constexpr std::string_view what = "ASA";
  T value() const { return goal; }
  bool monotone() const { return convention != asa_convention::answered; }
  // A staff that admits nobody (every line taken, none answering) answers
  // nobody, and misses an ASA target whatever the convention's ratio with
  // nothing to share gives (0; tests/test_fuzz_regressions.cpp,
  // AsaTargetMetByAdmittingNobody). Callers who are admitted, wait and
  // abandon (Erlang-A with no agent) have the convention's ASA: the patience
  // in the "all" convention, which may meet the target.
  template <class M>
  T margin(const M& m, T n) const {
    const auto s = m.at(n);
    if (n == 0 && m.offered_load() > 0 && models::prob_admitted_of(s) == 0) return -math::inf_v<T>;
    return goal - measure::asa_of(s, convention);
  }
  template <class M>
  T guess(const M& m) const {
    return m.offered_load() + std::sqrt(m.offered_load());
  }
};

template <class T>
struct abandon_target {
  T goal;
  static constexpr std::string_view what = "abandonment rate";
  T value() const { return goal; }
  bool monotone() const { return true; }
  template <class M>
  T margin(const M& m, T n) const {
    return goal - m.at(n).prob_abandon();
  }
  template <class M>
  T guess(const M& m) const {
    return m.offered_load() * (1 - goal);  // efficiency-driven regime (Whitt 2004)
  }
};

// Blocking falls with the staff n unless the model says it grows
// (blocking_grows_with_agents: finite lines whose callers hang up sooner than
// a call lasts); there the fewest agents that meet the target are 0 or none,
// and the margin is that of 0 agents at every n (margin(n) = goal - min over
// staffs <= n), which the monotone search answers exactly
// (tests/test_fuzz_regressions.cpp, FiniteLinesBlockingGrowsWithAgents).
template <class T>
struct blocking_target {
  T goal;
  static constexpr std::string_view what = "blocking";
  T value() const { return goal; }
  bool monotone() const { return true; }
  // Erlang-B is formed as 1/(1/B), which is 0 once 1/B overflows (B below
  // ~1/max), so a target below that was compared with 0. There the margin is
  // log(goal) + log(1/B), the same sign, with log(1/B) taken without forming
  // 1/B (tests/test_fuzz_regressions.cpp, ServersForSubnormalBlockingTarget).
  template <class M>
  T margin(const M& m, T n) const {
    if constexpr (requires { m.blocking_grows_with_agents(); })
      if (m.blocking_grows_with_agents()) return goal - m.at(T(0)).prob_blocked();
    if constexpr (std::is_same_v<M, models::erlang_b<T>>)
      if (goal < tiny_goal) return std::log(goal) + log_inverse_erlang_b(n, m.offered_load());
    return goal - m.at(n).prob_blocked();
  }
  template <class M>
  T guess(const M& m) const {
    return square_root_staffing_guess(m.offered_load(), goal);
  }
  // Below this a blocking probability near the target is not a normal
  // number with digits to compare (2^30 x the smallest normal).
  static constexpr T tiny_goal = std::numeric_limits<T>::min() * T(1 << 30);
  // log(1/B(n, R)), finite where 1/B overflows: there R < n + 1 and 1/B =
  // (1 - P(n + 1, R)) / pmf(n; R) (Jagerman's form, docs/math/erlang_b.md),
  // whose log is -log pmf + log1p(-P), P <= 1 - 1/e, with P's Kummer sum by
  // Temme's expansion where the series would need O(sqrt(n)) terms (math::kummer).
  // Accuracy: that of math::inverse_erlang_b, relative to log(1/B).
  static T log_inverse_erlang_b(T n, T R) {
    const T inv_b = math::inverse_erlang_b(n, R);
    if (std::isfinite(inv_b)) return std::log(inv_b);
    const T s = n + 1;
    const T log_inv_pmf = -math::log_poisson_pmf(n, R, n - R);
    const T lower = R / s * (1 + math::kummer(s, R, (R - n) - 1).m_minus_1) * std::exp(-log_inv_pmf);
    return log_inv_pmf + std::log1p(-lower);
  }
};

// Occupancy at most `max`. With load and no agents the agents would be busy
// all the time: n = 0 counts as occupancy 1 here (the limit n -> 0+), not as
// the 0 that occupancy() reports for a staff that carries nothing, so that
// the margin is monotone and the search never settles on 0 agents.
template <class T>
struct occupancy_target {
  T max;
  static constexpr std::string_view what = "max_occupancy";
  T value() const { return max; }
  bool monotone() const { return true; }
  template <class M>
  T margin(const M& m, T n) const {
    if (n == 0) return m.offered_load() > 0 ? max - 1 : max;
    return max - measure::occupancy_of(m, m.at(n), n);
  }
  template <class M>
  T guess(const M& m) const {
    return m.offered_load() / max;
  }
};

// Range checks of the options; NaN options are the caller's NaN-in, NaN-out.
template <class T>
bool check_options(std::string_view fn, const staffing_options<T>& o) {
  if (!(o.max_occupancy > 0 && o.max_occupancy <= 1)) {
    detail::raise_domain_error<T>(fn, "max_occupancy", o.max_occupancy, "in (0, 1]");
    return false;
  }
  if (!(o.max_agents >= 0)) {
    detail::raise_domain_error<T>(fn, "max_agents", o.max_agents, ">= 0");
    return false;
  }
  return true;
}

template <class T>
T raise_not_met(std::string_view fn, std::string_view what, T value, std::string_view limit, T cap) {
  return detail::raise_infeasible<T>(fn, std::string(what) + " " + detail::format_value(value) +
                                             " is not met by " + std::string(limit) + " = " +
                                             detail::format_value(cap) + " agents or fewer");
}

// Largest staff a search may try, and what sets it: the caller's max_agents,
// or the model's own limit (the lines of finite_lines).
template <class M>
std::pair<typename M::real_type, std::string_view> agent_cap(
    const M& m, const staffing_options<typename M::real_type>& o) {
  const typename M::real_type cap = std::floor(o.max_agents);
  if constexpr (requires { m.max_agents(); })
    if (m.max_agents() < cap) return {m.max_agents(), M::max_agents_name};
  return {cap, "max_agents"};
}

// How far below a staff of 1 the geometric scans look: 128 halvings, and no
// further than a quarter of the load or 2^-20 agents, whichever is smaller
// (the dips of the conventions that are not monotone, and the roots of the
// monotone targets near 0, lie at about the load; below 1e-6 agents the
// measures lose digits: docs/accuracy.md), then the floor itself. At most 129
// evaluations. The dips it has to reach are pinned by the tests
// FuzzRegressions.FractionalAnswersMissTheDip and
// KnownDefects.FractionalZeroWhereSmallStaffsMissTheTarget.
inline constexpr int scan_max_halvings = 128;

// Scans n = top/2, top/4, ... down to the floor above for the first (largest)
// staff whose margin is < 0. Returns {that staff, the one before it}, a
// bracket whose upper end meets the target, or nullopt when every staff of
// the scan meets it (top must meet it). `all_halvings` scans every halving
// (to 2^-128 of top) for a monotone target, whose root may lie below the floor
// (Erlang-B blocking within 1e-6 of 1 at 0.2 Erlangs has its root at 6.7e-7
// servers: tests/test_fuzz_regressions.cpp, FractionalBlockingTargetNearOne).
template <class M, class Margin>
std::optional<std::pair<typename M::real_type, typename M::real_type>> scan_down(const M& m, Margin margin,
                                                                                 typename M::real_type top,
                                                                                 bool all_halvings = false) {
  using T = typename M::real_type;
  const T floor = all_halvings ? T(0) : std::min(T(0x1p-20), m.offered_load() / 4);
  T ok_at = top;
  for (int k = 0; k < scan_max_halvings; ++k) {
    const T n = ok_at / 2;
    if (!(n >= floor) || n == 0) break;
    if (!(margin(n) >= 0)) return std::pair{n, ok_at};
    ok_at = n;
  }
  // A load below 2^-126 puts the floor past the halvings: the floor itself
  // (the root search then closes the wide bracket in exponent steps).
  if (floor > 0 && floor < ok_at && !(margin(floor) >= 0)) return std::pair{floor, ok_at};
  return std::nullopt;
}

// Where a target that is not monotone in agents dips below its goal, if it
// does, between 0 and `ok_at` (a staff that meets it): a bracket {fails,
// meets} with fails < meets, or nullopt when no failing staff was found. For
// a model with a continuous extension, first the geometric scan of
// scan_down (a dip near 0 where the margin is flat at the golden-section
// probes: tests/test_fuzz_regressions.cpp, FractionalAnswersMissTheDip), then
// the minimum of the margin by golden-section search, which the shape of
// these measures (best as n -> 0+, a single dip, then better again) makes
// unimodal. A model without a continuous extension (whole agents only, such
// as finite_lines) is probed at the nearest whole staff from 1 up: its state
// at a real n is not defined. At most 128 + 62 evaluations.
template <class M, class Target>
std::optional<std::pair<typename M::real_type, typename M::real_type>> find_dip(const M& m,
                                                                                const Target& target,
                                                                                typename M::real_type ok_at) {
  using T = typename M::real_type;
  constexpr T phi = T(0.6180339887498948482);
  auto staff = [](T n) {
    if constexpr (M::fractional_agents)
      return n;
    else
      return std::max(T(1), std::round(n));
  };
  auto margin = [&](T n) { return target.margin(m, staff(n)); };
  if constexpr (M::fractional_agents)
    if (const auto scanned = scan_down(m, margin, ok_at)) return scanned;
  auto found = [&](T n) { return std::optional{std::pair{staff(n), ok_at}}; };
  T a = 0, b = ok_at;
  T c = b - phi * (b - a), d = a + phi * (b - a);
  T fc = margin(c), fd = margin(d);
  for (int i = 0; i < 60 && b - a > 1e-9 * ok_at; ++i) {
    if (fc < 0) return found(c);
    if (fd < 0) return found(d);
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - phi * (b - a);
      fc = margin(c);
    } else {
      a = c, c = d, fc = fd;
      d = a + phi * (b - a);
      fd = margin(d);
    }
  }
  if (fc < 0) return found(c);
  if (fd < 0) return found(d);
  return std::nullopt;
}

// The fewest agents n (whole, or real with o.fractional) with
// target.margin(m, n) >= 0 for n and every larger staff, and the model's
// occupancy at most o.max_occupancy; NaN after raising infeasible_error when
// no staff up to the cap meets both.
template <class M, class Target>
typename M::real_type solve(std::string_view fn, const M& m, const Target& target,
                            const staffing_options<typename M::real_type>& o) {
  using T = typename M::real_type;
  // Not a structured binding: the lambdas below capture both, and Clang before
  // 16 rejects captured structured bindings (C++20's P1091), which CI's Clang 14
  // would refuse.
  const auto cap_and_limit = agent_cap(m, o);
  const T cap = cap_and_limit.first;
  const std::string_view limit = cap_and_limit.second;
  auto not_met = [&] { return raise_not_met(fn, Target::what, target.value(), limit, cap); };
  // The occupancy cap, itself a target: its real floor (whole for a model
  // without a continuous extension), then combined below.
  T occ = 0;
  if (o.max_occupancy < 1) {
    // Whole answers take the whole floor: the same ceil of the real one
    // where occupancy falls with agents, without a real search against the
    // jump at n = 0 where the model's occupancy as n -> 0+ is below the cap
    // (tests/test_properties.cpp, KnownDefects.OccupancyCapAboveTheSmallStaffLimit).
    const staffing_options<T> floor_options{
        .max_occupancy = 1, .fractional = o.fractional && M::fractional_agents, .max_agents = o.max_agents};
    occ = solve(fn, m, occupancy_target<T>{o.max_occupancy}, floor_options);
    if (std::isnan(occ)) return occ;
  }
  const T occ_floor = o.fractional ? occ : std::ceil(occ);
  if constexpr (requires { m.walk_for_service_level(T(), T(), T()); } &&
                std::is_same_v<Target, service_level_target<T>>) {
    if (!o.fractional)
      if (const auto walk = m.walk_for_service_level(target.goal, target.time, cap)) {
        if (std::isnan(*walk)) return not_met();
        return std::max(*walk, occ_floor);
      }
  }
  auto margin = [&](T n) { return target.margin(m, n); };
  auto ok = [&](T n) { return margin(n) >= 0; };
  T lo = 0;
  auto whole = math::min_integer<T>(ok, std::max(target.guess(m), occ), lo, cap);
  if (!whole) return not_met();
  // The answer promises the target for every larger staff up to the cap. A
  // convention that is not monotone may fall again where the model's own
  // limit binds (finite lines: with every line staffed nobody waits, the
  // blocked count as failures, and no short abandon is left out), and then
  // no staff keeps that promise (tests/test_fuzz_regressions.cpp,
  // ServiceLevelFallsAtTheLastLine; docs/staffing.md).
  if constexpr (requires { m.max_agents(); })
    if (!target.monotone() && limit == M::max_agents_name && *whole < cap && !ok(cap))
      return detail::raise_infeasible<T>(
          fn, std::string(Target::what) + " " + detail::format_value(target.value()) + " is met by " +
                  detail::format_value(*whole) + " agents but not by " + std::string(limit) + " = " +
                  detail::format_value(cap) + " agents, so by no staff for every larger one");
  // A target that is not monotone holds on (0, a), fails on [a, b) and holds
  // from b on. Whenever the search has seen a failing staff n > 0 its answer
  // is where a failure turns into success, which is b. If the only failure it
  // can have seen is n = 0 (answer 1 or less), look for the dip, and if there
  // is one, take b above it.
  if (!target.monotone() && *whole <= 1) {
    T top = std::max(*whole, std::min(cap, std::round(target.guess(m))));
    if (!ok(top)) top = *whole;
    if (const auto dip = find_dip(m, target, top)) {
      if constexpr (!M::fractional_agents) {
        // Whole staffs only: the first one above the dip from which the
        // target holds (it fails from the dip up to there, then holds up to
        // top, which meets it).
        const auto n = math::min_integer<T>(ok, top, dip->first + 1, top);
        return std::max(n ? *n : top, occ_floor);
      }
      const T b = math::bracketed_root<T>(fn, margin, dip->first, dip->second);
      if (o.fractional) return std::max(b, occ_floor);
      const T n = std::ceil(b);
      return std::max(n - 1 >= 1 && !ok(n - 1) ? n : *whole, occ_floor);
    }
    if (o.fractional) return occ_floor;  // met by every staff above 0
  }
  if (!o.fractional || *whole == 0) return std::max(*whole, occ_floor);
  const T below = *whole - 1;
  if (margin(below) >= 0) return std::max(below, occ_floor);
  if (below == 0) {
    // n = 0 may miss where every small staff meets the target (an occupancy
    // cap above the model's limit as n -> 0+, an ASA target: no agent
    // answers nobody), a jump no root search should converge to: look for a
    // failing staff first, and without one, every staff above 0 meets it.
    const auto bracket = scan_down(m, margin, *whole, target.monotone());
    if (!bracket) return occ_floor;
    return std::max(math::bracketed_root<T>(fn, margin, bracket->first, bracket->second), occ_floor);
  }
  return std::max(math::bracketed_root<T>(fn, margin, below, *whole), occ_floor);
}

}  // namespace staffing
ERLANGKIT_END_NAMESPACE
