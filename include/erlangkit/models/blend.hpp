// Call blending: n agents shared by inbound calls (priority, FCFS, exponential
// patience or none) and an endless backlog of outbound work (exponential
// handle time outbound_aht, never interrupted). An agent who becomes free takes
// the head of the inbound queue if there is one; otherwise outbound jobs are
// started, one per idle agent, while more than `threshold` agents are idle, so
// `threshold` agents are kept idle for inbound. threshold >= n is pure inbound
// (Erlang-A, or Erlang-C without abandonment). Docs: docs/blending.md.
//
// The exact route (docs/blending.md, "Derivation"). State (i, o): inbound
// calls in the system, outbound jobs in service; s = threshold < n. Idle
// agents never exceed s, so level o (0 <= o <= n - s) holds i >= a_o = n-o-s,
// and in index j = i - a_o: j <= s has s - j idle agents, j > s has j - s
// callers waiting. Within a level the chain is birth-death in j. It leaves a
// level upward only from j = 0 (an inbound completion with s idle starts an
// outbound job: (a_o, o) -> (a_o - 1, o + 1) = j = 0 of level o + 1), and
// downward from every j >= 1 at rate o nu (an outbound completion: the agent
// takes the head of the queue, or stays idle; i is unchanged, index j - 1 of
// level o - 1). So the levels above o are entered only at j = 0 of level
// o + 1, and:
//   top-down, for o = n - s .. 0: with D_o the distribution of where an
//     excursion above level o lands back in it, h_o (the occupation of
//     j >= 1 per unit rate out of j = 0) solves one tridiagonal system, by a
//     subtraction-free backward ratio recursion; D_{o-1}(j - 1) = h_o(j) /
//     sum h_o;
//   bottom-up: pi_0 = c [1, h_0]; pi_o = pi_o(0) [1, h_o] with
//     pi_o(0) = pi_{o-1}(0) a_{o-1} mu / (o nu sum h_o) (visits to j = 0 of
//     level o per entry are geometric, ended by the leak o nu).
// Cost: O((n - s + 1)(s + L)), L the queue truncation (a tail below 2^-60
// relative of a dominating birth-death chain).
//
// The wait of a tagged arrival who finds k callers waiting and o outbound
// jobs is the absorption time of the acyclic chain (k, o) -> (k - 1, o) at
// rate (n - o) mu + k theta, -> (k - 1, o - 1) at rate o nu, served from
// k = 0 at rate (n - o) mu + o nu, and abandoned at rate theta (its own
// patience). P(Ab), E[W], E[W; S] and E[V] are first-step recursions over
// that grid (O(L (n - s)), sums of positive terms); the measures at a time t
// propagate the arrivals' law over the grid by uniformisation, with the
// Poisson terms cut where their tail is below 2^-64.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

#include "erlang_a.hpp"
#include "erlang_c.hpp"
#include "model.hpp"

ERLANGKIT_BEGIN_NAMESPACE
namespace models {

template <class T>
struct blend_state;

// Most (level, queue index) cells one blend evaluation holds: 10^7 cells bound
// a call to ~80 MB and ~0.1 s; past it the call reports an evaluation_error
// instead of running on (tests/test_blend.cpp, HugeStateSpacesAreReported).
inline constexpr double blend_max_states = 1e7;
// Most cell updates of the uniformisation behind the measures at a time t
// (grid cells x Poisson terms): 4 10^8 is ~1 s; past it an evaluation_error
// (tests/test_blend.cpp, HugeStateSpacesAreReported).
inline constexpr double blend_max_work = 4e8;

/// The blended queue. Times in any one unit, rates per that unit.
///
///   erlangkit::models::blend<double> m{.arrival_rate = 7, .aht = 1, .outbound_aht = 2,
///                                      .threshold = 2, .patience = 2};
///   erlangkit::service_level(10, m, 0.2);
template <class T = double>
struct blend {
  using real_type = T;
  static constexpr std::string_view name = "blend";
  static constexpr bool fractional_agents = false;
  static constexpr bool abandons = true;

  T arrival_rate;  ///< lambda: inbound calls per time unit, finite and >= 0
  T aht;           ///< inbound handle time 1/mu, finite and > 0
  T outbound_aht;  ///< outbound handle time 1/nu, finite and > 0
  T threshold;     ///< agents kept idle for inbound, a whole number >= 0 (>= n: pure inbound)
  T patience = std::numeric_limits<T>::infinity();  ///< mean patience 1/theta, > 0; +inf: never

  bool has_nan() const { return detail::any_nan(arrival_rate, aht, outbound_aht, threshold, patience); }
  bool validate(std::string_view fn) const {
    return detail::check_nonneg(fn, "arrival_rate", arrival_rate) && detail::check_positive(fn, "aht", aht) &&
           detail::check_positive(fn, "outbound_aht", outbound_aht) &&
           detail::check_nonneg(fn, "threshold", threshold) &&
           detail::check_whole(fn, "threshold", threshold) && detail::check_patience(fn, patience);
  }
  T offered_load() const { return arrival_rate * aht; }
  blend with_arrival_rate(T rate) const { return {rate, aht, outbound_aht, threshold, patience}; }

  blend_state<T> at(T n) const;
};

template <class T>
struct blend_state {
  enum class kind { own, erlang_a, erlang_c };
  kind mode = kind::own;
  erlang_a_state<T> a;
  erlang_c_state<T> c{0, 0, 1};

  T theta = 0;
  T pw = 0, pnw = 1, pab = 0, ps = 1;
  T mw = 0, mws = 0, mv = 0;
  T busy = 0;            // mean busy agents (inbound + outbound) / n
  T inbound_busy = 0;    // mean agents on inbound / n
  T outbound_mean = 0;   // E[o]
  T outbound_rate = 0;   // 1 / outbound_aht
  bool flooded = false;  // overload without abandonment: everyone waits for ever

  // The grid of the tagged wait: w[k * (O + 1) + o] the probability that an
  // arrival finds k waiting and o outbound jobs (every agent busy); ab the
  // conditional P(Ab) from each cell.
  std::size_t width = 0, depth = 0;  // O + 1 outbound levels, L + 1 queue lengths
  T n = 0, mu = 1, nu = 1;
  std::vector<T> w, ab;

  T prob_wait() const {
    return mode == kind::erlang_a ? a.prob_wait() : mode == kind::erlang_c ? c.prob_wait() : pw;
  }
  T prob_no_wait() const {
    return mode == kind::erlang_a ? a.prob_no_wait() : mode == kind::erlang_c ? c.prob_no_wait() : pnw;
  }
  T prob_abandon() const {
    return mode == kind::erlang_a ? a.prob_abandon() : mode == kind::erlang_c ? T(0) : pab;
  }
  T prob_abandon_given_wait() const {
    if (mode == kind::erlang_a) return a.prob_abandon_given_wait();
    if (mode == kind::erlang_c) return 0;
    return pw == 0 ? T(0) : pab / pw;
  }
  T prob_served() const {
    return mode == kind::erlang_a ? a.prob_served() : mode == kind::erlang_c ? T(1) : ps;
  }
  T mean_wait() const {
    return mode == kind::erlang_a ? a.mean_wait() : mode == kind::erlang_c ? c.mean_wait() : mw;
  }
  T mean_wait_served() const {
    return mode == kind::erlang_a   ? a.mean_wait_served()
           : mode == kind::erlang_c ? c.mean_wait_served()
                                    : mws;
  }
  T answered_wait() const {
    if (mode == kind::erlang_a) return a.answered_wait();
    if (mode == kind::erlang_c) return c.mean_wait();
    if (pw == 0) return 0;
    return ps == 0 ? std::numeric_limits<T>::infinity() : mws / ps;
  }
  T mean_virtual_wait() const {
    return mode == kind::erlang_a   ? a.mean_virtual_wait()
           : mode == kind::erlang_c ? c.mean_virtual_wait()
                                    : mv;
  }
  T patience_survival(T t) const { return theta == 0 ? T(1) : std::exp(-theta * t); }
  /// Mean busy agents, inbound and outbound, over n.
  T occupancy() const { return busy; }
  /// Mean agents on inbound calls over n.
  T inbound_occupancy() const { return inbound_busy; }
  /// Outbound jobs completed per time unit, E[o] / outbound_aht.
  T outbound_throughput() const { return outbound_mean * outbound_rate; }

  struct time_measures {
    T within = 1, share = 1, virt = 1, vtail = 0, atail = 0;
    T answered_within() const { return within; }
    T answered_share() const { return share; }
    T virtual_within() const { return virt; }
    T virtual_tail() const { return vtail; }
    T abandon_tail() const { return atail; }
  };
  time_measures at_time(T t) const;
};

namespace detail_blend {

// Smallest L with the stationary tail P(N > L) <= tol P(N <= L) of the
// birth-death chain N with birth rate lambda and death rate c + j theta at
// level j >= 1: N dominates the queue length (every waiting caller leaves at
// rate >= c + j theta in total when j wait, c = n min(mu, nu)). Walks the
// ratios until the geometric bound of the rest is below tol; 0 where the chain is not positive recurrent (the
// caller checks), and -1 past `cap` levels.
template <class T>
long long queue_truncation(T lambda, T c, T theta, T tol, double cap) {
  if (lambda == 0) return 0;
  if (theta == 0 && lambda >= c) return 0;
  T term = 1, sum = 1;
  for (long long j = 1;; ++j) {
    const T r = lambda / (c + T(j) * theta);
    term *= r;
    sum += term;
    // The ratios never rise (they fall with theta > 0, stay with theta = 0):
    // once below 1 the rest is at most a geometric series.
    if (r < 1 && term * r / (1 - r) <= tol * sum) return j;
    if (double(j) > cap) return -1;
    if (sum > T(1e200)) {  // keep the scale; only the ratio term/sum matters
      term /= sum;
      sum = 1;
    }
  }
}

}  // namespace detail_blend

template <class T>
blend_state<T> blend<T>::at(T n) const {
  blend_state<T> st;
  const T inf = std::numeric_limits<T>::infinity();
  st.theta = std::isinf(patience) ? T(0) : 1 / patience;
  st.outbound_rate = 1 / outbound_aht;
  const T lambda = arrival_rate, mu = 1 / aht, nu = 1 / outbound_aht, theta = st.theta;
  if (threshold >= n) {  // nobody works outbound: Erlang-A, or Erlang-C
    if (theta == 0) {
      st.mode = blend_state<T>::kind::erlang_c;
      st.c = erlang_c<T>{arrival_rate, aht}.at(n);
      const T R = offered_load();
      st.busy = st.inbound_busy = n == 0 ? T(0) : R >= n ? T(1) : R / n;
    } else {
      st.mode = blend_state<T>::kind::erlang_a;
      st.a = erlang_a<T>{arrival_rate, aht, patience}.at(n);
      st.busy = st.inbound_busy =
          n == 0 || offered_load() == 0 ? T(0) : std::min(T(1), offered_load() / n * st.a.prob_served());
    }
    return st;
  }
  const T s = threshold;
  const std::size_t O = std::size_t(n - s);  // outbound levels 0..O
  st.n = n, st.mu = mu, st.nu = nu;
  if (lambda == 0) {  // only outbound work: o = n - s for ever
    st.outbound_mean = n - s;
    st.busy = (n - s) / n;
    return st;
  }
  if (theta == 0 && lambda >= n * mu) {  // the queue grows for ever; outbound work dies out
    st.flooded = true;
    st.pw = 1, st.pnw = 0, st.pab = 0, st.ps = 1;
    st.mw = st.mws = st.mv = inf;
    st.busy = st.inbound_busy = 1;
    return st;
  }
  const T tol = std::ldexp(T(1), -60);
  const long long Lq =
      detail_blend::queue_truncation(lambda, n * std::min(mu, nu), theta, tol, blend_max_states);
  if (Lq <= 0 && !(Lq == 0 && theta > 0)) {
    const T nan = detail::raise_evaluation_error<T>(
        "blend",
        Lq < 0 ? "the queue is too long to hold"
               : "no queue-length bound without abandonment when arrival_rate >= agents / outbound_aht",
        {{"agents", n}, {"arrival_rate", arrival_rate}, {"outbound_aht", outbound_aht}});
    st.pw = st.pnw = st.pab = st.ps = st.mw = st.mws = st.mv = st.busy = st.inbound_busy = st.outbound_mean =
        nan;
    return st;
  }
  const std::size_t L = std::size_t(Lq), S = std::size_t(s), K = S + L;
  if (double(O + 1) * double(K + 1) > blend_max_states) {
    const T nan = detail::raise_evaluation_error<T>(
        "blend", "too many states to hold", {{"agents", n}, {"threshold", s}, {"arrival_rate", lambda}});
    st.pw = st.pnw = st.pab = st.ps = st.mw = st.mws = st.mv = st.busy = st.inbound_busy = st.outbound_mean =
        nan;
    return st;
  }
  const std::size_t stride = K + 1;
  std::vector<T> h((O + 1) * stride, T(0));  // h[o * stride + j], j >= 1; scaled by 2^scale[o]
  std::vector<int> scale(O + 1, 0);
  std::vector<T> hsum(O + 1, T(0));  // sum_j h_o(j), in the same scale
  std::vector<T> g(stride), cc(stride), e(stride);
  const int big_exp = std::numeric_limits<T>::max_exponent / 4;
  // Rates of level o at index j.
  auto birth = [&](std::size_t j) { return j < K ? lambda : T(0); };
  auto death = [&](std::size_t o, std::size_t j) {  // j -> j - 1 within the level (j >= 1)
    if (j <= S) return (T(O - o) + T(j)) * mu;      // a_o + j inbound in service
    return (n - T(o)) * mu + T(j - S) * theta;
  };
  for (std::size_t oo = O + 1; oo-- > 0;) {
    const T leak = T(oo) * nu;
    const T up = T(O - oo) * mu;  // a_o mu, the rate out of j = 0 to level o + 1
    // Backward: e_j = den_j - death_j = leak + birth_j e_{j+1} / den_{j+1};
    // g_j = birth_{j-1} / den_j; cc_j = (src_j + death_{j+1} cc_{j+1}) / den_j.
    const T* above = oo < O ? &h[(oo + 1) * stride] : nullptr;
    const T above_sum = oo < O ? hsum[oo + 1] : T(1);
    T e_next = 0, den_next = 1, c_next = 0, d_next = 0;
    for (std::size_t j = K; j >= 1; --j) {
      const T ej = j == K ? leak : leak + birth(j) * e_next / den_next;
      const T dj = death(oo, j);
      const T den = dj + ej;
      // Source: lambda into j = 1 from j = 0, and the returns from above,
      // up D_o(j) with D_o(j) = h_{o+1}(j + 1) / sum h_{o+1}.
      T src = j == 1 ? lambda : T(0);
      if (above && j + 1 <= K) src += up * (above[j + 1] / above_sum);
      const T cj = (src + d_next * c_next) / den;
      g[j] = birth(j - 1) / den;
      cc[j] = cj;
      e[j] = ej;
      e_next = ej, den_next = den, c_next = cj, d_next = dj;
    }
    T* hv = &h[oo * stride];
    int ex = 0;
    T sum = 0, prev = 0;
    for (std::size_t j = 1; j <= K; ++j) {
      T v = g[j] * prev + std::ldexp(cc[j], -ex);
      if (v > std::ldexp(T(1), big_exp)) {  // rescale what is held so far
        for (std::size_t i = 1; i < j; ++i) hv[i] = std::ldexp(hv[i], -big_exp);
        sum = std::ldexp(sum, -big_exp);
        v = std::ldexp(v, -big_exp);
        ex += big_exp;
      }
      hv[j] = v;
      sum += v;
      prev = v;
    }
    scale[oo] = ex;
    hsum[oo] = sum;
  }
  // Bottom-up: log pi_o(0) (relative), then normalise.
  std::vector<T> logp(O + 1);
  logp[0] = 0;
  for (std::size_t o = 1; o <= O; ++o)
    logp[o] = logp[o - 1] + std::log(T(O - o + 1) * mu) -
              (std::log(T(o) * nu) + std::log(hsum[o]) + T(scale[o]) * std::log(T(2)));
  // Level weights: pi_o(j) = exp(logp[o]) for j = 0, exp(logp[o]) 2^scale h_o(j) above.
  const T ln2 = std::log(T(2));
  T top = -inf;
  for (std::size_t o = 0; o <= O; ++o)
    top = std::max(top, logp[o] + T(scale[o]) * ln2 + std::log(hsum[o] + std::exp2(-T(scale[o]))));
  T total = 0;
  std::vector<T> f0(O + 1), fh(O + 1);  // weights of j = 0 and of the h-part
  for (std::size_t o = 0; o <= O; ++o) {
    f0[o] = std::exp(logp[o] - top);
    fh[o] = std::exp(logp[o] + T(scale[o]) * ln2 - top);
    total += f0[o] + fh[o] * hsum[o];
  }
  // Aggregates and the arrivals' law on the grid (k = j - s waiting, o).
  st.width = O + 1, st.depth = L + 1;
  st.w.assign(st.width * st.depth, T(0));
  T nowait = 0, wait = 0, busy = 0, inb = 0, outb = 0;
  for (std::size_t o = 0; o <= O; ++o) {
    const T* hv = &h[o * stride];
    for (std::size_t j = 0; j <= K; ++j) {
      const T p = (j == 0 ? f0[o] : fh[o] * hv[j]) / total;
      if (p == 0) continue;
      const T in_service = j <= S ? T(O - o) + T(j) : n - T(o);
      inb += p * in_service;
      outb += p * T(o);
      busy += p * (in_service + T(o));
      if (j < S) {
        nowait += p;
      } else {
        wait += p;
        st.w[(j - S) * st.width + o] = p;
      }
    }
  }
  st.pnw = nowait, st.pw = wait;
  // The grid is cut to the box holding all but 2^-60 of the waiting mass in
  // queue lengths and in outbound levels (the wait moves only to smaller k
  // and o, so the box is closed): the rest changes no measure by more than
  // 2^-60 of P(W > 0), and near capacity most of the box L x O is empty.
  {
    const T cut = std::ldexp(wait, -61);
    // Cells below 2^-(3 digits) of P(W > 0) are dropped too (at most
    // blend_max_states of them: in double < 2^-135 of it in all), so that the
    // propagation does not drift into subnormal products, where arithmetic
    // is slow on x86 (no gain measured at BlendMeasure's cases, which have none).
    const T negligible = std::ldexp(wait, -3 * std::numeric_limits<T>::digits);
    for (auto& v : st.w)
      if (v < negligible) v = 0;
    std::size_t kcut = L, ocut = O;
    T rest = 0;
    for (; kcut > 0; --kcut) {
      T row = 0;
      for (std::size_t o = 0; o <= O; ++o) row += st.w[kcut * st.width + o];
      if (rest + row > cut) break;
      rest += row;
    }
    rest = 0;
    for (; ocut > 0; --ocut) {
      T col = 0;
      for (std::size_t k = 0; k <= kcut; ++k) col += st.w[k * st.width + ocut];
      if (rest + col > cut) break;
      rest += col;
    }
    std::vector<T> small((kcut + 1) * (ocut + 1));
    for (std::size_t k = 0; k <= kcut; ++k)
      for (std::size_t o = 0; o <= ocut; ++o) small[k * (ocut + 1) + o] = st.w[k * st.width + o];
    st.w.swap(small);
    st.width = ocut + 1, st.depth = kcut + 1;
  }
  const std::size_t Og = st.width - 1, Lg = st.depth - 1;
  st.busy = std::min(T(1), busy / n);
  st.inbound_busy = std::min(T(1), inb / n);
  st.outbound_mean = outb;
  // First-step recursions over the grid, k = 0 .. L.
  st.ab.assign(st.width * st.depth, T(0));
  std::vector<T> sv(st.width), mwv(st.width), wsv(st.width), mvv(st.width);
  std::vector<T> sv_prev(st.width), mw_prev(st.width), ws_prev(st.width), mv_prev(st.width);
  T pab = 0, pserved = 0, mean_w = 0, mean_ws = 0, mean_v = 0;
  for (std::size_t k = 0; k <= Lg; ++k) {
    for (std::size_t o = 0; o <= Og; ++o) {
      const T in_rate = (n - T(o)) * mu + T(k) * theta, out_rate = T(o) * nu;
      const T R = in_rate + out_rate;
      T a_, s_, m_, ws_, v_;
      if (k == 0) {
        a_ = theta / (R + theta), s_ = R / (R + theta);
        m_ = 1 / (R + theta), ws_ = s_ / (R + theta), v_ = 1 / R;
      } else {
        const T pi_ = in_rate / R, po = out_rate / R;
        const std::size_t od = o > 0 ? o - 1 : 0;
        const T* ab_prev = &st.ab[(k - 1) * st.width];
        const T cont = R / (R + theta);
        a_ = theta / (R + theta) + cont * (pi_ * ab_prev[o] + po * ab_prev[od]);
        s_ = cont * (pi_ * sv_prev[o] + po * sv_prev[od]);
        m_ = 1 / (R + theta) + cont * (pi_ * mw_prev[o] + po * mw_prev[od]);
        ws_ = s_ / (R + theta) + cont * (pi_ * ws_prev[o] + po * ws_prev[od]);
        v_ = 1 / R + pi_ * mv_prev[o] + po * mv_prev[od];
      }
      st.ab[k * st.width + o] = a_;
      sv[o] = s_, mwv[o] = m_, wsv[o] = ws_, mvv[o] = v_;
      const T p = st.w[k * st.width + o];
      pab += p * a_, pserved += p * s_, mean_w += p * m_, mean_ws += p * ws_, mean_v += p * v_;
    }
    std::swap(sv, sv_prev), std::swap(mwv, mw_prev), std::swap(wsv, ws_prev), std::swap(mvv, mv_prev);
  }
  st.pab = pab, st.ps = nowait + pserved;
  st.mw = mean_w, st.mws = mean_ws, st.mv = mean_v;
  return st;
}

// The measures at time t. Uniformisation of the grid chain without the own
// patience (the virtual wait V) at rate Lambda = max (n - o) mu + o nu + k
// theta; the alive mass at t and the mass served by t come from the same
// propagated vectors v_m = w K^m:
//   alive(t)  = sum_m P(N = m) v_m,   served by t = sum_m P(N > m) served(v_m),
// N ~ Poisson(Lambda t). With patience theta the answered calls need the
// chain killed at rate theta too: a second propagation at Lambda + theta.
// P(Ab, W > t) = sum over the alive cells at t (own patience included) of the
// cell's P(Ab). Poisson terms until their tail is below 2^-64 (at most
// x + 10 sqrt(x) + 30 of them, x = Lambda t).
template <class T>
typename blend_state<T>::time_measures blend_state<T>::at_time(T t) const {
  time_measures out;
  if (mode == kind::erlang_a) {
    const auto m = a.at_time(t);
    out.within = m.answered_within(), out.share = m.answered_share(), out.virt = m.virtual_within();
    out.vtail = m.virtual_tail(), out.atail = m.abandon_tail();
    return out;
  }
  if (mode == kind::erlang_c) {
    const auto m = c.at_time(t);
    out.within = out.virt = m.answered_within(), out.vtail = m.virtual_tail(), out.atail = 0;
    out.share = out.within;
    return out;
  }
  if (std::isnan(pw)) {
    out.within = out.share = out.virt = out.vtail = out.atail = pw;
    return out;
  }
  if (flooded) {
    out.within = out.share = out.virt = 0, out.vtail = 1, out.atail = 0;
    return out;
  }
  if (pw == 0) return out;
  const std::size_t O = width - 1, L = depth - 1;
  T lam_v = 0;
  for (std::size_t o = 0; o <= O; ++o) lam_v = std::max(lam_v, (n - T(o)) * mu + T(o) * nu + T(L) * theta);
  // Per outbound level the jump probabilities of one uniformised step (a
  // gather: cell (k, o) receives from (k + 1, o) and (k + 1, o + 1)).
  std::vector<T> in_p(O + 2, T(0)), out_p(O + 2, T(0));
  auto propagate = [&](T kill, T& alive_out, T& served_out, std::vector<T>* alive_vec) -> bool {
    const T Lam = lam_v + kill;
    const T x = Lam * t;
    // Terms until the Poisson tail beyond is below 2^-64 (bounded by the
    // geometric series of ratios x/(m + 1) < 1 past the mean), at most
    // x + 10 sqrt(x) + 30.
    const T hard = std::ceil(x + 10 * std::sqrt(x) + 30);
    if (double(hard) * double(w.size()) > blend_max_work) return false;
    std::vector<T> pm;
    pm.reserve(std::size_t(hard) + 1);
    {
      const T lx = x > 0 ? std::log(x) : T(0);
      const T tiny = std::ldexp(T(1), -64);
      for (std::size_t m = 0;; ++m) {
        const T p = x == 0 ? (m == 0 ? T(1) : T(0)) : std::exp(-x + T(m) * lx - std::lgamma(T(m) + 1));
        pm.push_back(p);
        const T r = x / T(m + 1);
        if ((r < 1 && p * r / (1 - r) < tiny) || T(m) >= hard) break;
      }
    }
    const std::size_t M = pm.size() - 1;
    std::vector<T> tail(M + 2, T(0));
    for (std::size_t m = M + 1; m-- > 0;) tail[m] = tail[m + 1] + pm[m];  // tail[m] = P(m <= N <= M)
    for (std::size_t o = 0; o <= O; ++o) in_p[o] = (n - T(o)) * mu / Lam, out_p[o] = T(o) * nu / Lam;
    const T th = theta / Lam, kl = kill / Lam;
    std::vector<T> v(w), nv(w.size());
    if (alive_vec) alive_vec->assign(w.size(), T(0));
    T alive = 0, served = 0;
    for (std::size_t m = 0; m <= M; ++m) {
      T sv_m = 0;
      for (std::size_t o = 0; o <= O; ++o) sv_m += v[o] * (in_p[o] + out_p[o]);
      served += tail[m + 1] * sv_m;
      if (pm[m] > 0) {
        T a_m = 0;
        for (std::size_t i = 0; i < v.size(); ++i) a_m += v[i];
        alive += pm[m] * a_m;
        if (alive_vec)
          for (std::size_t i = 0; i < v.size(); ++i) (*alive_vec)[i] += pm[m] * v[i];
      }
      if (m == M) break;
      for (std::size_t k = 0; k <= L; ++k) {
        const T* row = &v[k * width];
        const T* up = k < L ? &v[(k + 1) * width] : nullptr;
        T* dst = &nv[k * width];
        const T stay_k = 1 - T(k) * th - kl, in_k = T(k + 1) * th;
        for (std::size_t o = 0; o <= O; ++o) {
          T val = row[o] * (stay_k - in_p[o] - out_p[o]);
          if (up) {
            val += up[o] * (in_p[o] + in_k);
            if (o < O) val += up[o + 1] * out_p[o + 1];
          }
          dst[o] = val;
        }
      }
      std::swap(v, nv);
    }
    alive_out = alive, served_out = served;
    return true;
  };
  T v_alive = 0, v_served = 0;
  if (!propagate(T(0), v_alive, v_served, nullptr)) {
    const T nan = detail::raise_evaluation_error<T>("blend", "too many uniformisation steps",
                                                    {{"agents", n}, {"t", t}});
    out.within = out.share = out.virt = out.vtail = out.atail = nan;
    return out;
  }
  out.virt = std::min(T(1), pnw + v_served);
  out.vtail = v_alive;
  if (theta == 0) {
    out.within = out.virt;
    out.share = ps == 0 ? T(0) : out.within / ps;
    out.atail = 0;
    return out;
  }
  T w_alive = 0, w_served = 0;
  std::vector<T> alive_cells;
  if (!propagate(theta, w_alive, w_served, &alive_cells)) {
    const T nan = detail::raise_evaluation_error<T>("blend", "too many uniformisation steps",
                                                    {{"agents", n}, {"t", t}});
    out.within = out.share = out.virt = out.vtail = out.atail = nan;
    return out;
  }
  out.within = std::min(T(1), pnw + w_served);
  out.share = ps == 0 ? T(0) : std::min(T(1), out.within / ps);
  T atail = 0;
  for (std::size_t i = 0; i < alive_cells.size(); ++i) atail += alive_cells[i] * ab[i];
  out.atail = atail;
  return out;
}

}  // namespace models
ERLANGKIT_END_NAMESPACE
