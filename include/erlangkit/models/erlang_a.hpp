// Erlang-A: the M/M/n+M queue. Poisson arrivals at rate lambda, n agents with
// exponential handle times of mean aht, callers who hang up after an
// exponential patience of mean `patience` if not answered by then (Palm 1946;
// Garnett, Mandelbaum & Reiman 2002). Docs: docs/erlang_a.md; derivations,
// notation and sources: docs/math/erlang_a.md.
//
// Notation: R = lambda aht, x = n patience/aht (= n mu/theta), y = lambda
// patience (= lambda/theta), E = B(n, R), and A = M(1, x+1, y) = sum_k t_k
// with t_k = prod_{i<=k} y/(x+i), the unnormalized probabilities of k callers
// in queue relative to n in service. Then
//   P(W>0)     = A / (1/E + A - 1)
//   P(Ab|W>0)  = S1/(y A),  S1 = sum k t_k = (y - x) A + x
// For y < x+1 the series for A, S1 converge from the first term and are summed
// directly (no cancellation even when A - 1 is tiny). For y >= x+1, A grows
// like e^y and is handled as A = P(x,y)/pmf(x;y) through the continued
// fraction.
#pragma once

#include <algorithm>
#include <cmath>
#include <string_view>

#include "../math/erlang_b.hpp"
#include "../math/gamma.hpp"
#include "erlang_c.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct erlang_a_state;

// Largest x and y for which the mean waits sum H (and the service level its "within" ratios) term by term (at
// most a few hundred terms near y = x); beyond, a closed form in deep overload and an integral elsewhere
// (bench ErlangAAsaRoutes).
inline constexpr double erlang_a_mean_wait_sum_max = 2e4;

template <class T = double>
struct erlang_a {
  using real_type = T;
  static constexpr std::string_view name = "erlang_a";
  static constexpr bool fractional_agents = true;
  static constexpr bool abandons = true;

  T arrival_rate;  ///< lambda: arrivals per time unit, finite and >= 0
  T aht;           ///< average handle time 1/mu, finite and > 0
  T patience;      ///< mean patience 1/theta, finite and > 0

  bool has_nan() const { return detail::any_nan(arrival_rate, aht, patience); }
  bool validate(std::string_view fn) const {
    if (!detail::check_nonneg(fn, "arrival_rate", arrival_rate) || !detail::check_positive(fn, "aht", aht) ||
        !detail::check_patience(fn, patience))
      return false;
    if (std::isfinite(patience)) return true;
    detail::raise_domain_error<T>(fn, "patience", patience,
                                  "finite in Erlang-A (erlang_c is the infinite limit)");
    return false;
  }
  T offered_load() const { return arrival_rate * aht; }
  erlang_a with_arrival_rate(T rate) const { return {rate, aht, patience}; }

  erlang_a_state<T> at(T n) const;
};

template <class T>
erlang_a(T, T, T) -> erlang_a<T>;

template <class T>
struct erlang_a_state {
  T n = 0, lambda = 0, aht = 1, patience = 1, load = 0;
  T x = 0, y = 0;
  T x_minus_y = 0;     // x - y = (n - R) patience/aht, formed from the inputs: the results
                       // are sensitive to it where x and y are large and close
  bool series = true;  // y < x + 1
  T a = 1;             // series region: A
  T p_xy = 0;          // continued-fraction region: P(x,y)
  T pw = 0, pnw = 1;   // P(W > 0) and 1 - P(W > 0), kept apart: the small one in overload is pnw
  T pab_w = 0, pab = 0;
  T ps = 1;  // 1 - P(Ab), formed so that it keeps its digits at both ends
  // P(no wait) R/n and P(S) R/n: finite as n -> 0, where P(S) and every
  // answered quantity are O(n); the answered conventions are ratios of them.
  T no_wait_per_load = 0, served_per_load = 1;
  // Where x = n patience/aht or y = lambda patience exceeds 1e300, the queue
  // is at its limit theta/mu -> 0: Erlang-C's when n > R, flooded (everyone
  // waits, the excess abandons) when n <= R.
  enum class regime { normal, erlang_c_limit, flooded } limit = regime::normal;
  erlang_c_state<T> c{0, 0, 1};  // the Erlang-C limit's state

  T prob_wait() const { return pw; }
  T prob_no_wait() const { return pnw; }
  T prob_abandon() const { return pab; }
  T prob_abandon_given_wait() const { return pab_w; }
  T prob_served() const { return ps; }
  // E[W] = P(Ab)/theta: callers abandon at rate theta E[Q] = lambda P(Ab).
  T mean_wait() const {
    if (limit == regime::erlang_c_limit) return c.mean_wait();
    return pw == 0 ? T(0) : pab * patience;
  }
  // E[W; S] = P(W>0) (x/(theta y)) sum_{m>=1} t_m G_m / A, G_m = sum_{j<=m} 1/(x+j).
  T mean_wait_served() const {
    if (limit == regime::erlang_c_limit) return c.mean_wait();
    if (pw == 0 || n == 0) return 0;
    return pw * patience * (n / load) * weighted_harmonic_mean();
  }
  // ASA of answered calls E[W; S] / P(S), with the factor n/R of both taken
  // out so that it keeps its (finite) limit as n -> 0.
  T answered_wait() const {
    if (limit == regime::erlang_c_limit) return c.mean_wait();
    if (pw == 0) return 0;
    if (n == 0) return math::inf_v<T>;
    if (tiny_y()) {
      // H and P(S) R/n both vanish with y (the first as y/((x+1)^2 A)); as
      // y -> 0 the ratio is pw patience (H/y) (x/P(S)), y/(P(S) R/n) = x/P(S).
      const T num = pw * patience * (x / ((1 + x) * (1 + x) * a));
      return num == 0 ? T(0) : num / ps;
    }
    return pw * patience * weighted_harmonic_mean() / served_per_load;
  }
  // E[V] = (P(W>0)/theta) (1/x + sum_{m>=1} t_m G_m / A), 1/(theta x) = aht/n.
  T mean_virtual_wait() const {
    if (limit == regime::erlang_c_limit) return c.mean_wait();
    if (pw == 0) return 0;
    if (n == 0) return math::inf_v<T>;
    return pw * (aht / n + patience * weighted_harmonic_mean());  // patience/x = aht/n: no x to underflow
  }
  T patience_survival(T t) const { return std::exp(-t / patience); }

  struct time_measures;
  time_measures at_time(T t) const;

  // log g with g = (y'/y)^x e^(y - y'), u = t/patience, written as
  // -(x - y) u - y (e^-u - 1 + u) so nothing cancels as theta -> 0.
  // (Past u = 1, -x u - y expm1(-u): nothing cancels there either, and y u,
  // which can overflow for a huge y, is never formed.)
  T log_g(T u) const {
    return u <= 1 ? -x_minus_y * u - y * (std::expm1(-u) + u) : -x * u - y * std::expm1(-u);
  }
  // u = t/patience, held at 1e300 (where e^-u is long 0) so that a subnormal
  // patience gives no infinity to multiply by zero.
  T time_ratio(T t) const { return std::min(t / patience, T(1e300)); }
  // Whether y is below eps, where the sums over t_k divided by y take their
  // limits as y -> 0: (A-1)/y = M(1,x+2,y)/(x+1) and S1/y -> 1/(x+1), within
  // y/(x+2) relative. There A - 1 and S1 are tiny, subnormal or 0 (a subnormal
  // load), and dividing them by y would lose their digits or give 0/0.
  bool tiny_y() const { return y < math::eps_v<T>; }
  T weighted_harmonic_mean() const;
};

template <class T>
erlang_a_state<T> erlang_a<T>::at(T n) const {
  erlang_a_state<T> s{n, arrival_rate, aht, patience, offered_load()};
  const T R = s.load;
  // Nobody serves: everyone waits and abandons. At R = 0 too, as the limit of
  // every measure as the arrival rate -> 0 (Erlang-C's C(0, 0) = 1): a
  // (virtual) arrival finds nobody to answer it.
  if (n == 0) {
    s.pw = 1, s.pnw = 0, s.pab_w = 1, s.pab = 1, s.ps = 0;
    return s;
  }
  if (R == 0) return s;            // nobody arrives and an agent is free: a (virtual) arrival never waits
  const T ratio = patience / aht;  // mu/theta first: n patience could underflow before / aht
  s.x = n * ratio;
  s.y = arrival_rate * patience;
  T p, e;  // lambda aht = p + e exactly, so n - R is rounded once
  math::two_prod(arrival_rate, aht, p, e);
  // An offered load past the doubles leaves e = inf - inf: n - R is -inf.
  const T n_minus_R = std::isfinite(p) ? (n - p) - e : n - p;
  s.x_minus_y = n_minus_R * ratio;
  if (std::isinf(ratio)) {  // aht below patience/DBL_MAX: x itself may be finite (a subnormal staff)
    s.x = n / aht * patience;
    s.x_minus_y = s.x - s.y;  // y/x = R/n past 1e300 here unless x overflows too: nothing to cancel
  }
  // Past x = 1e300 (theta/mu -> 0) the formulas' own sums and products would
  // overflow, and the limit takes over. Erlang-C's (n > R): abandonment moves
  // the measures by O(theta E[W | W > 0]) = O(n / (x (n - R))) relative, below
  // 1e-284 as n - R is at least an ulp of n where the two differ. Flooded
  // (n <= R): P(W > 0) = 1 and P(Ab) = 1 - n/R to O(sqrt(n/x)), below 1e-142
  // for n < 2^53 (the Halfin-Whitt scale at n = R, exponentially less in
  // overload). A y beyond the doubles (lambda patience overflowing) is the
  // same flood.
  if (!(s.x <= T(1e300)) || !std::isfinite(s.y)) {
    if (n_minus_R > 0) {
      s.limit = erlang_a_state<T>::regime::erlang_c_limit;
      s.c = erlang_c<T>{arrival_rate, aht}.at(n);
      s.pw = s.c.pw, s.pnw = s.c.pnw, s.pab_w = 0, s.pab = 0, s.ps = 1;
      s.no_wait_per_load = s.pnw * R / n, s.served_per_load = R / n;
    } else {
      s.limit = erlang_a_state<T>::regime::flooded;
      // (R - n)/R, as 1 - n/R where R overflowed (inf/inf otherwise).
      s.pw = 1, s.pnw = 0, s.pab_w = s.pab = std::isinf(R) ? 1 - n / R : -n_minus_R / R, s.ps = n / R;
      s.no_wait_per_load = 0, s.served_per_load = 1;
      // Near critical load (x finite): P(Ab) = (y - x)/y + x/(y A) = H, the
      // mean-wait sum, to O(1/sqrt(x)) (A = sqrt(x) cdf/pdf(delta)); 1 - n/R
      // alone drops the x/(y A) = O(1/sqrt(x)) that makes E[W] = P(Ab) patience.
      if (std::isfinite(s.x) && std::isfinite(s.y) && -s.x_minus_y <= 10 * std::sqrt(s.y) + 10)
        s.pab_w = s.pab = s.weighted_harmonic_mean(), s.ps = 1 - s.pab;
    }
    return s;
  }
  s.series = s.y < s.x + 1;
  const auto b = math::inverse_erlang_b_parts(n, R);  // 1/E - 1 = sum_{k<n} pi_k / pi_n
  T inv_a;                                            // 1/A
  T served_share;  // (A-1)/A = P(x+1,y)/P(x,y) (DLMF 8.8.5); P(S | W>0) = (n/R) this
  T served_given_wait;
  if (s.series) {
    const auto k = math::kummer(s.x, s.y, -s.x_minus_y);
    s.a = 1 + k.m_minus_1;
    inv_a = 1 / s.a;
    // S1 summed, never (y-x)A + x; as y -> 0 (or underflows) S1/y -> 1/(x+1).
    const bool tiny = s.tiny_y();
    s.pab_w = tiny ? 1 / (1 + s.x) : k.first_moment / (s.y * s.a);
    served_share = k.m_minus_1 / s.a;
    // (n/R) (A-1)/A as x ((A-1)/y)/A: n/R overflows at subnormal loads, where
    // A - 1 underflows to 0 (inf x 0 was NaN).
    served_given_wait = s.x * (tiny ? 1 / (1 + s.x) : k.m_minus_1 / s.y) / s.a;
  } else {
    s.p_xy = math::gamma_p(s.x, s.y, -s.x_minus_y);
    inv_a = std::exp(math::log_poisson_pmf(s.x, s.y, s.x_minus_y)) / s.p_xy;  // pmf(x;y)/P(x,y)
    // (y - x)/y + x/(y A): both terms positive here.
    s.pab_w = -s.x_minus_y / s.y + s.x / s.y * inv_a;
    served_share = 1 - inv_a;                  // A >= 2 here, so no cancellation
    served_given_wait = n / R * served_share;  // y >= 1: n/R = x/y <= 1e300
  }
  const T w = b.inv_b_minus_1 * inv_a;  // (1/E - 1) / A, the odds of not waiting
  s.pw = 1 / (1 + w);
  s.pnw = std::isinf(w) ? T(1) : w / (1 + w);  // w = inf when E underflows
  s.pab = s.pw * s.pab_w;
  s.no_wait_per_load = std::isinf(w) ? R / n : b.odds_per_agent * R * inv_a / (1 + w);
  s.served_per_load = s.no_wait_per_load + s.pw * served_share;
  // P(no wait) + P(W>0) P(S|W>0): non-negative terms, so it keeps its digits
  // whether few or most calls are answered. (A branch on P(Ab) here measured
  // 20% slower in the service-level benchmark; the service level clamps the
  // ulp by which ratios built on this can exceed 1.)
  s.ps = s.pnw + s.pw * served_given_wait;
  return s;
}

// The measures at a target time t (docs/math/erlang_a.md §7-§8). With u =
// t/patience, y' = y e^-u and g = (y'/y)^x e^(y - y') = f(x+1,y')/f(x+1,y):
//   virtual_tail = g A'/A = P(x,y')/P(x,y)         P(V > t)     = P(W>0) * this
//   served_tail  = g (A'-1)/A                       P(S, W > t)  = P(W>0) (n/R) * this
//   abandon_tail = g S1'/A                          P(Ab, W > t) = P(W>0) / y * this
//   served_within  = (A - 1 - g (A'-1))/A     P(S, W <= t) = 1 - P(W>0) + P(W>0) (n/R) * this
//   virtual_within = 1 - virtual_tail          P(V <= t)    = 1 - P(W>0) + P(W>0) * this
// The tails are taken at construction; the two "within" ratios, needed only
// when a tail is not small (then 1 minus it would cancel), are summed term by
// term (series region) or taken as a difference of two incomplete gamma
// values on the side where both are small, on demand.
template <class T>
struct erlang_a_state<T>::time_measures {
  erlang_a_state s;
  T t;
  T virtual_ratio = 0, served_ratio = 0, abandon_ratio = 0;
  T loss = 0, late = 0;  // P(Ab) + P(S, W > t) and P(V > t)
  T c_within = 0;        // the Erlang-C limit's service level

  T answered_within() const {
    if (s.pw == 0) return 1;
    if (s.n == 0 || s.limit == regime::flooded) return 0;
    if (s.limit == regime::erlang_c_limit) return c_within;
    if (loss < T(0.5)) return 1 - loss;  // no cancellation, never above 1
    return s.pnw + s.pw * served_within_given_wait();
  }
  // P(W <= t | S), with the factor n/R of both parts taken out (finite as n -> 0).
  T answered_share() const {
    if (s.pw == 0) return 1;
    if (s.n == 0 || s.limit == regime::flooded) return 0;
    if (s.limit == regime::erlang_c_limit) return c_within;
    if (loss < T(0.5)) return (1 - loss) / s.ps;
    // The parts per load are subnormal where y is tiny: P(S) itself is not.
    if (s.tiny_y()) return s.ps == 0 ? T(0) : (s.pnw + s.pw * served_within_given_wait()) / s.ps;
    return (s.no_wait_per_load + s.pw * within_ratio(true)) / s.served_per_load;
  }
  T virtual_within() const {
    if (s.pw == 0) return 1;
    if (s.n == 0 || s.limit == regime::flooded) return 0;
    if (s.limit == regime::erlang_c_limit) return c_within;
    if (late < T(0.5)) return 1 - late;
    return s.pnw + s.pw * within_ratio(false);
  }
  T virtual_tail() const { return late; }
  T abandon_tail() const {
    if (s.pw == 0 || s.limit == regime::erlang_c_limit) return 0;
    if (s.n == 0) return std::exp(-t / s.patience);
    if (s.limit == regime::flooded) return s.pab;  // every abandonment comes after t
    if (s.tiny_y())                                // S1'/y -> e^-u / (x+1), the first term
      return s.pw * std::exp(s.log_g(s.time_ratio(t)) - s.time_ratio(t)) / ((1 + s.x) * s.a);
    return s.pw * abandon_ratio / s.y;
  }

 private:
  // P(S, W <= t | W > 0) = (n/R) within_ratio(true), as x (ratio/y): n/R
  // overflows at subnormal loads. As y -> 0 (tiny_y) the one caller waiting
  // is answered before he hangs up and within t: x/(x+1) (1 - g e^-u).
  T served_within_given_wait() const {
    if (!s.tiny_y()) return s.x * (within_ratio(true) / s.y);
    const T u = s.time_ratio(t);
    return s.x / (1 + s.x) * -std::expm1(s.log_g(u) - u) / s.a;
  }
  // (A - 1 - g (A'-1))/A (served) or (A - g A')/A (virtual): computed on demand,
  // only the one a convention needs.
  T within_ratio(bool served) const;
};

template <class T>
typename erlang_a_state<T>::time_measures erlang_a_state<T>::at_time(T t) const {
  time_measures m{*this, t};
  if (pw == 0) return m;
  if (n == 0) {  // nobody is ever answered: V = +inf, and every caller is lost
    m.late = 1;
    m.loss = 1;
    return m;
  }
  if (limit == regime::erlang_c_limit) {  // Erlang-C's: nobody abandons
    const auto ct = c.at_time(t);
    m.late = ct.late;
    m.loss = 1 - ct.within;
    m.c_within = ct.within;
    return m;
  }
  if (limit == regime::flooded) {  // the served waited ~patience log(R/n): beyond any finite t
    m.late = 1;
    m.loss = 1;
    return m;
  }
  const T u = time_ratio(t);
  const T y2 = y * std::exp(-u);
  const T y2_minus_x = math::shifted_difference(x, y, u, y2, -x_minus_y);
  T served_scaled = 0;  // (n/R) served_ratio = P(S, W > t | W > 0)
  if (series) {
    const T g = std::exp(log_g(u));
    const auto k2 = math::kummer(x, y2, y2_minus_x);
    m.virtual_ratio = g * (1 + k2.m_minus_1) / a;
    m.served_ratio = g * k2.m_minus_1 / a;
    m.abandon_ratio = g * k2.first_moment / a;
    // (n/R) g (A'-1)/A as x g ((A'-1)/y)/A, n/R overflowing at subnormal
    // loads; (A'-1)/y -> e^-u/(x+1) as y -> 0 (tiny_y).
    served_scaled = x * g * (tiny_y() ? std::exp(-u) / (1 + x) : k2.m_minus_1 / y) / a;
  } else {
    // g / A. y' = y e^-u underflows to 0 long before x ln y' is large when x
    // is tiny (a vanishing fractional staff): then its log is ln y - u
    // (FuzzRegressions' VirtualServiceLevelOfAVanishingStaff).
    const T log_h = y2 > 0 || !(x < 1) ? math::log_poisson_pmf(x, y2, -y2_minus_x)
                                       : x * (std::log(y) - u) - math::log_gamma(x + 1);
    const T h = std::exp(log_h) / p_xy;
    if (y2 < x + 1) {
      const auto k2 = math::kummer(x, y2, y2_minus_x);
      m.virtual_ratio = h * (1 + k2.m_minus_1);
      m.served_ratio = h * k2.m_minus_1;
      m.abandon_ratio = h * k2.first_moment;
    } else {
      m.virtual_ratio = math::gamma_p(x, y2, y2_minus_x) / p_xy;
      m.served_ratio = m.virtual_ratio - h;
      m.abandon_ratio = (y2 - x) * m.virtual_ratio + x * h;
    }
    served_scaled = n / load * m.served_ratio;  // y >= 1: n/R = x/y <= 1e300
  }
  m.loss = pab + pw * served_scaled;
  m.late = pw * m.virtual_ratio;
  return m;
}

// Series region: summed term by term, each factor -expm1(log g - k u) in
// (0, 1] because x + k - y > 0 for k >= 1; the virtual ratio adds the k = 0
// term -expm1(log g)/A, negative when x < y < x + 1, which costs at most a
// factor 1 + 2/x. Otherwise a difference of two incomplete gamma values: on
// the side where both are small when y' >= a + 1, else P(a,y) - P(a,y'),
// which loses ~sqrt(2 pi a)/(lambda t) only when fewer than sqrt(a) calls
// arrive within t (docs/math/erlang_a.md §10).
template <class T>
T erlang_a_state<T>::time_measures::within_ratio(bool served) const {
  const T u = s.time_ratio(t);
  if (u == 0) return 0;  // nobody who waits is answered (or would be) in no time
  // First order in u where u (x + y + 1) < eps, the second-order terms below
  // eps relative: d/du of the sums at u = 0 is S1 + (x - y)(A - 1) = y
  // (served) and, with the k = 0 term, x (virtual). There the term-by-term
  // sum is all but 0 and its tail bound sticks at the smallest subnormal
  // (t = 2.2e-311 at x = 1e8 ran to the term limit).
  if (s.series && u * (s.x + s.y + 1) < math::eps_v<T>) return (served ? s.y : s.x) * u / s.a;
  const T y2 = s.y * std::exp(-u);
  // y' underflowed while x ln y' did not (a vanishing fractional staff, x < 1):
  // P(x, y') = y'^x / Gamma(x + 1) to y' relative, from ln y' = ln y - u (as
  // at_time's g/A), and the ratio 1 - P(x, y')/P(x, y) keeps its digits.
  if (!served && y2 == 0 && s.x < 1 && !s.series)
    return -std::expm1(s.x * (std::log(s.y) - u) - math::log_gamma(s.x + 1) - std::log(s.p_xy));
  const bool long_series = s.x > erlang_a_mean_wait_sum_max && !(s.y < T(0.96) * (s.x + 1));
  // Where the term-by-term sum would be long, and for the virtual ratio where
  // its k = 0 term -expm1(log g)/A is negative (y > x, within x < y < x + 1),
  // which costs a factor up to 1 + 2/x (a small x: a vanishing staff, or
  // patience far below AHT): the ratios of gamma differences, scaled by
  // pmf(x; y) (which can underflow) and A = P(x,y)/pmf.
  if (s.series && (long_series || (!served && s.x_minus_y < 0))) {
    const T ys = -s.x_minus_y;
    if (served)
      return math::lower_gamma_difference_over_pmf(s.x + 1, s.y, u, ys - 1) * (s.y / (s.x + 1)) / s.a;
    return math::lower_gamma_difference_over_pmf(s.x, s.y, u, ys) / s.a;
  }
  if (s.series) {
    const T log_g = s.log_g(u);
    T term = 1, sum = 0;
    const T inv_y = 1 / s.y;
    math::sum_series<T>("service_level (Erlang-A)", {{"x", s.x}, {"y", s.y}, {"u", u}}, [&](T k) {
      term *= 1 / (1 + (s.x_minus_y + k) * inv_y);  // y/(x+k), x - y exact; off the chain as in kummer_series
      sum += term * -std::expm1(log_g - k * u);
      // Every later term is below t_j, and those fall geometrically from t_k.
      return math::series_part<T>{sum, term * s.y / (s.x_minus_y + k + 1)};
    });
    return served ? sum / s.a : sum / s.a - std::expm1(log_g) / s.a;
  }
  // Where both Q values are small (y' >= a+1) the difference is
  // Q(a,y') (1 - Q(a,y)/Q(a,y')) with the log of the ratio formed directly,
  // a log1p(D/y') - D + log(K(a,y)/K(a,y')) (a the order x or x+1), D = y - y'
  // = -y expm1(-u): the two log pmf values (each with an error of a few ulps
  // of bd0) never meet.
  const T gap = -s.y * std::expm1(-u);
  const T order = served ? s.x + 1 : s.x;
  const T y_minus_order = -s.x_minus_y - (served ? 1 : 0);
  if (y2 < order + 1) return math::lower_gamma_difference(order, s.y, u, y_minus_order) / s.p_xy;
  const T y2_minus_order = math::shifted_difference(order, s.y, u, y2, y_minus_order);
  const T k2 = math::upper_gamma_ratio(order, y2, y2_minus_order);
  const T log_ratio =
      order * std::log1p(gap / y2) - gap + std::log(math::upper_gamma_ratio(order, s.y, y_minus_order) / k2);
  const T q2 = order * std::exp(math::log_poisson_pmf(order, y2, -y2_minus_order)) * k2;
  return q2 * -std::expm1(log_ratio) / s.p_xy;
}

// H = sum_{m>=1} t_m G_m / A with G_m = sum_{j=1..m} 1/(x+j): the mean-wait
// sums of E[V] and E[W; served] after exchanging the order of the double sums
// (docs/math/erlang_a.md §9), by one of three routes:
// - x, y up to erlang_a_mean_wait_sum_max, or y < 0.96 (x + 1) (a series of
//   at most ~900 terms): summed. Series region from m = 1.
//   Otherwise the terms peak at m0 = floor(y-x) (t_m/t_{m-1} = y/(x+m)) and are
//   summed outward from the peak, scaled by t_{m0}, so nothing overflows. Each
//   tail bound uses that past the peak the terms fall at least geometrically
//   and G grows by at most 1/(x+m+1) a step.
// - deep overload (y - x > 10 sqrt(y) + 10): H = log y - psi(x+1) + dQ(x,y)/da
//   / P(x,y), where the last term is below e^-50 of H (Q is a Gaussian tail
//   beyond 10 standard deviations): H = log1p((y-x-1)/(x+1)) + log(x+1) -
//   psi(x+1), every part positive.
// - elsewhere: H = int_0^y P(x+1, w) / (w P(x,y)) dw, the same quantity as an
//   integral of the gamma distribution function, by adaptive Gauss-Kronrod over
//   v = y - w (so that w - x - 1 = y - x - 1 - v keeps the exact x - y), in
//   logs so that nothing underflows where P is a far tail.
template <class T>
T erlang_a_state<T>::weighted_harmonic_mean() const {
  constexpr auto fn = "asa (Erlang-A)";
  if (limit == regime::flooded) {
    // x > 1e300 within 10 sqrt(y) + 10 of y (x - y is finite there): the t_m
    // are a Gaussian in s = m/sqrt(x) about delta = (y - x)/sqrt(x), cut at
    // s = 0, and G_m = s/sqrt(x) (1 + O(s/sqrt(x))), so H = (delta +
    // pdf(delta)/cdf(delta))/sqrt(x) to O(1/sqrt(x)) = 1e-150 relative.
    const T gap = -x_minus_y;  // y - x >= 0
    if (std::isfinite(x) && std::isfinite(y) && gap <= 10 * std::sqrt(y) + 10) {
      const T root = std::sqrt(x), delta = gap / root;
      return (delta + math::normal_pdf(delta) / math::normal_cdf(delta)) / root;
    }
    // Deep overload, or y past the doubles. Once x overflows too, log y -
    // psi(x+1) -> log(y/x) = log(R/n) (at n = R exactly this gives 0 for a
    // wait of patience O(x^-1/2): the limit, not the value). Else the
    // deep-overload form below with y - x = gap, finite where y is; with y
    // alone past the doubles (so y/x > 1.8e8), log y = log lambda + log patience.
    if (std::isinf(x)) return std::log1p((load - n) / n);
    if (std::isfinite(gap)) return std::log1p((gap - 1) / (x + 1)) + math::log_minus_digamma(x + 1);
    return std::log(lambda) + std::log(patience) - std::log1p(x) + math::log_minus_digamma(x + 1);
  }
  if (-x_minus_y > 10 * std::sqrt(y) + 10)
    return std::log1p((-x_minus_y - 1) / (x + 1)) + math::log_minus_digamma(x + 1);
  // The series needs ~36 / log((x+1)/y) terms: short enough below y = 0.96 (x+1).
  const bool short_series = series && y < T(0.96) * (x + 1);
  if (std::max(x, y) > erlang_a_mean_wait_sum_max && !short_series) {
    const T log_p = math::log_gamma_p(x, y, -x_minus_y);
    auto integrand = [&](T v) {
      const T w = y - v;
      return w <= 0 ? T(0) : std::exp(math::log_gamma_p(x + 1, w, -x_minus_y - 1 - v) - log_p) / w;
    };
    // Below w = x + 1 - 45 sqrt(x+1) the gamma law of order x+1 has less than
    // e^-1000 of its mass; where y itself lies below, the integrand falls
    // from w = y at the rate log((x+1)/y) per unit of w, 45 units of it enough.
    const T w_lo = std::max(T(0), x + 1 - 45 * std::sqrt(x + 1));
    T v_max = y - w_lo;
    if (v_max <= 0) v_max = std::min(y, 45 / std::log1p((x_minus_y + 1) / y));
    // 1e-13 (450 eps), or the integrand's own accuracy where that is worse: e^{log P}
    // carries the rounding of log P, ~eps |log P| relative, far below the
    // transition (as every value this small does).
    const T tol = std::max(450 * math::eps_v<T>, 16 * math::eps_v<T> * std::abs(log_p));
    return math::integrate<T>(fn, {{"x", x}, {"y", y}}, integrand, T(0), v_max, tol);
  }
  const T inv_y = 1 / y;  // ratios y/(x+m) as 1/(1 + (x - y + m)/y): x - y exact
  if (series) {
    T term = 1, g = 0, sum = 0;
    math::sum_series<T>(fn, {{"x", x}, {"y", y}}, [&](T m) {
      term *= 1 / (1 + (x_minus_y + m) * inv_y);
      g += 1 / (x + m);
      sum += term * g;
      const T gap = x_minus_y + m + 1;
      return math::series_part<T>{sum, term * g * (y / gap) * (1 + 1 / (g * gap))};
    });
    return sum / a;
  }
  const T m0 = std::floor(-x_minus_y);
  const T g0 = math::harmonic_shift(x, m0);
  T num = g0, den = 1;
  {  // upward from the peak
    T w = 1, g = g0;
    math::sum_series<T>(fn, {{"x", x}, {"y", y}}, [&](T k) {
      const T m = m0 + k;
      w *= 1 / (1 + (x_minus_y + m) * inv_y);
      g += 1 / (x + m);
      num += w * g;
      den += w;
      const T gap = x_minus_y + m + 1;  // > 0 past the peak
      const T rest = w * y / gap;       // bounds sum_{j>m} t_j / t_{m0}
      return std::array{math::series_part<T>{num, rest * (g + 1 / gap)}, math::series_part<T>{den, rest}};
    });
  }
  if (m0 >= 1) {  // downward to m = 0 (the t_0 = 1 term carries G_0 = 0)
    T w = 1, g = g0;
    math::sum_series<T>(fn, {{"x", x}, {"y", y}}, [&](T k) {
      const T m = m0 - k + 1;            // m0, m0 - 1, ..., 1
      w *= 1 + (x_minus_y + m) * inv_y;  // t_{m-1} / t_{m0}
      g -= 1 / (x + m);                  // G_{m-1}
      if (m - 1 >= 1) num += w * g;
      den += w;
      if (m <= 1) return std::array{math::series_part<T>{num, 0}, math::series_part<T>{den, 0}};
      const T r = 1 + (x_minus_y + m - 1) * inv_y;  // (x + m - 1)/y: later ratios are smaller still
      const T rest = r < 1 ? w * r / (1 - r) : math::inf_v<T>;
      return std::array{math::series_part<T>{num, rest * g}, math::series_part<T>{den, rest}};
    });
  }
  return num / den;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
