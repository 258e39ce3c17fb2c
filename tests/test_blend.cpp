// Call blending (models/blend.hpp) against an independent route: the 2-D
// chain (inbound in system, outbound in service) built from the rules, its
// states enumerated from (0, 0), truncated at a waiting room where a
// dominating birth-death chain's weight is below 1e-22 (the mass at the edge
// is checked below 1e-18), and solved by GTH elimination
// in long double; the tagged caller's absorbing chain (k ahead, o outbound)
// solved by dense Gaussian elimination for the means and the absorption
// probabilities, and integrated by classical Runge-Kutta (step 1e-3 / rate)
// for the measures at a time t (step 0.005 / rate). Then the limits (threshold >= agents is
// Erlang-A / Erlang-C; outbound work that takes no time leaves Erlang-A's
// answers), monotonicity in the threshold, the solvers and the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ek = erlangkit;
using sl = ek::sl_convention;
using asa_c = ek::asa_convention;
using ld = long double;

namespace {

struct blend_case {
  int n;
  double lambda, aht, t;
  int s;
  double out_aht, patience;
};

struct chain_measures {
  ld pw = 0, pab = 0, occ = 0, thr = 0, inocc = 0;
  ld sl_offered = 0, sl_answered = 0, sl_virtual = 0, sl_excl = 0;
  ld asa_answered = 0, asa_all = 0, asa_virtual = 0, tail = 0;
};

// Dense solve of x A = b (row vector), A square, by Gaussian elimination with
// partial pivoting on the transpose.
std::vector<ld> solve_left(std::vector<std::vector<ld>> a, std::vector<ld> b) {
  const std::size_t m = b.size();
  // Transpose: A^T x = b.
  std::vector<std::vector<ld>> t(m, std::vector<ld>(m));
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j) t[i][j] = a[j][i];
  for (std::size_t c = 0; c < m; ++c) {
    std::size_t p = c;
    for (std::size_t r = c + 1; r < m; ++r)
      if (std::fabs(t[r][c]) > std::fabs(t[p][c])) p = r;
    std::swap(t[c], t[p]);
    std::swap(b[c], b[p]);
    for (std::size_t r = c + 1; r < m; ++r) {
      const ld f = t[r][c] / t[c][c];
      if (f == 0) continue;
      for (std::size_t j = c; j < m; ++j) t[r][j] -= f * t[c][j];
      b[r] -= f * b[c];
    }
  }
  std::vector<ld> x(m);
  for (std::size_t i = m; i-- > 0;) {
    ld v = b[i];
    for (std::size_t j = i + 1; j < m; ++j) v -= t[i][j] * x[j];
    x[i] = v / t[i][i];
  }
  return x;
}

chain_measures chain(const blend_case& c) {
  const int n = c.n, s = c.s;
  const ld lam = c.lambda, mu = 1 / ld(c.aht), nu = 1 / ld(c.out_aht);
  const ld theta = std::isinf(c.patience) ? 0 : 1 / ld(c.patience);
  int waiting_room = 0;
  for (ld w = 1; w > 1e-22L && waiting_room < 400;) {
    ++waiting_room;
    w *= lam / (n * std::min(mu, nu) + waiting_room * theta);
  }
  auto settle = [&](int i, int o) {
    while (n - o - std::min(i, n - o) > s) ++o;
    return std::pair{i, o};
  };
  std::map<std::pair<int, int>, std::size_t> index;
  std::vector<std::pair<int, int>> states;
  std::vector<std::pair<int, int>> frontier{settle(0, 0)};
  index[frontier[0]] = 0;
  states.push_back(frontier[0]);
  std::vector<std::vector<std::pair<std::pair<int, int>, ld>>> moves;
  for (std::size_t at = 0; at < states.size(); ++at) {
    const auto [i, o] = states[at];
    const int b = std::min(i, n - o), q = i - b;
    std::vector<std::pair<std::pair<int, int>, ld>> out;
    if (q < waiting_room) out.push_back({settle(i + 1, o), lam});
    if (b > 0) out.push_back({settle(i - 1, o), b * mu});
    if (o > 0) out.push_back({settle(i, o - 1), o * nu});
    if (q > 0) out.push_back({settle(i - 1, o), q * theta});
    for (const auto& [to, r] : out)
      if (!index.count(to)) {
        index[to] = states.size();
        states.push_back(to);
      }
    moves.push_back(out);
  }
  const std::size_t m = states.size();
  std::vector<std::vector<ld>> rate(m, std::vector<ld>(m, 0));
  for (std::size_t a = 0; a < m; ++a)
    for (const auto& [to, r] : moves[a])
      if (index[to] != a) rate[a][index[to]] += r;
  // GTH: censor states from the last down to the first.
  for (std::size_t k = m; k-- > 1;) {
    ld out = 0;
    for (std::size_t j = 0; j < k; ++j) out += rate[k][j];
    for (std::size_t i = 0; i < k; ++i) {
      if (rate[i][k] == 0) continue;
      const ld f = rate[i][k] / out;
      for (std::size_t j = 0; j < k; ++j)
        if (j != i) rate[i][j] += f * rate[k][j];
    }
  }
  std::vector<ld> pi(m, 0);
  pi[0] = 1;
  ld total = 1;
  for (std::size_t k = 1; k < m; ++k) {
    ld in = 0, out = 0;
    for (std::size_t i = 0; i < k; ++i) in += pi[i] * rate[i][k];
    for (std::size_t j = 0; j < k; ++j) out += rate[k][j];
    pi[k] = in / out;
    total += pi[k];
  }
  for (auto& p : pi) p /= total;
  chain_measures r;
  const int O = n - s;
  const std::size_t width = std::size_t(O + 1), cells = width * (waiting_room + 1);
  std::vector<ld> arrive(cells, 0);
  ld nowait = 0, edge = 0;
  for (std::size_t a = 0; a < m; ++a) {
    const auto [i, o] = states[a];
    const int b = std::min(i, n - o), q = i - b, idle = n - o - b;
    r.occ += pi[a] * (b + o) / n;
    r.inocc += pi[a] * b / n;
    r.thr += pi[a] * o * nu;
    if (q == waiting_room) edge += pi[a];
    if (idle > 0)
      nowait += pi[a];
    else
      arrive[std::size_t(q) * width + std::size_t(o)] += pi[a];
  }
  EXPECT_LT(edge, 1e-18L) << "the test's waiting room is too small";
  r.pw = 1 - nowait;
  // The tagged chain: cell (k, o); exits served (from k = 0) and abandoned.
  auto in_rate = [&](int k, int o) { return (n - o) * mu + k * theta; };
  std::vector<std::vector<ld>> gen(cells, std::vector<ld>(cells, 0));  // -Q restricted to the cells
  std::vector<ld> served_exit(cells, 0), total_out_v(cells, 0);
  for (int k = 0; k <= waiting_room; ++k)
    for (int o = 0; o <= O; ++o) {
      const std::size_t x = std::size_t(k) * width + std::size_t(o);
      const ld ri = in_rate(k, o), ro = o * nu;
      total_out_v[x] = ri + ro;
      if (k == 0) {
        served_exit[x] = ri + ro;
      } else {
        gen[x][x - width] -= ri;
        if (o > 0) gen[x][x - width - 1] -= ro;
      }
      gen[x][x] += ri + ro;
    }
  // Means: E[time in cells] from the arrivals' law, with and without the own
  // patience: occ = arrive (-Q - theta I)^{-1}.
  auto with_kill = [&](ld kill) {
    auto g = gen;
    for (std::size_t x = 0; x < cells; ++x) g[x][x] += kill;
    return solve_left(g, arrive);
  };
  const auto occ_w = with_kill(theta), occ_v = with_kill(0);
  ld pserved = 0, mean_w = 0, mean_v = 0;
  for (std::size_t x = 0; x < cells; ++x) {
    pserved += occ_w[x] * served_exit[x];
    mean_w += occ_w[x];
    mean_v += occ_v[x];
  }
  r.pab = theta * mean_w;
  // E[W; S]: the occupation of the served path, from the chain's second moment:
  // E[W 1{S}] = arrive (-Q_k)^{-2} served_exit (Q_k killed at theta).
  std::vector<ld> col(cells);
  {
    // y = (-Q_k)^{-1} served_exit as a column: solve (-Q_k) y = e by the
    // transpose trick (x A = b with A = (-Q_k)^T).
    auto g = gen;
    for (std::size_t x = 0; x < cells; ++x) g[x][x] += theta;
    std::vector<std::vector<ld>> gt(cells, std::vector<ld>(cells));
    for (std::size_t i = 0; i < cells; ++i)
      for (std::size_t j = 0; j < cells; ++j) gt[i][j] = g[j][i];
    const auto y = solve_left(gt, served_exit);  // P(served | cell)
    ld ws = 0;
    for (std::size_t x = 0; x < cells; ++x) ws += occ_w[x] * y[x];
    r.asa_answered = ws / (nowait + pserved);
  }
  r.asa_all = mean_w;
  r.asa_virtual = mean_v;
  // At time t: Runge-Kutta on p' = p Q (own patience: kill theta), tracking the
  // mass served by t and the abandon mass; for V the same with kill 0.
  std::vector<std::vector<std::pair<std::size_t, ld>>> next(cells);
  for (std::size_t x = 0; x < cells; ++x)
    for (std::size_t z = 0; z < cells; ++z)
      if (z != x && gen[x][z] != 0) next[x].push_back({z, -gen[x][z]});
  auto integrate = [&](ld kill, ld& alive, ld& served, std::vector<ld>& end) {
    ld lam_max = 0;
    for (std::size_t x = 0; x < cells; ++x) lam_max = std::max(lam_max, total_out_v[x] + kill);
    const std::size_t steps = std::size_t(std::ceil(lam_max * c.t / 0.005L)) + 1;
    const ld h = ld(c.t) / ld(steps);
    // State: p over the cells, plus the served mass.
    auto deriv = [&](const std::vector<ld>& p, std::vector<ld>& dp, ld& ds) {
      std::fill(dp.begin(), dp.end(), 0);
      ds = 0;
      for (std::size_t x = 0; x < cells; ++x) {
        if (p[x] == 0) continue;
        dp[x] -= p[x] * (total_out_v[x] + kill);
        ds += p[x] * served_exit[x];
        for (const auto& [z, rz] : next[x]) dp[z] += p[x] * rz;
      }
    };
    std::vector<ld> p = arrive, k1(cells), k2(cells), k3(cells), k4(cells), tmp(cells);
    ld sv = 0, s1, s2, s3, s4;
    for (std::size_t step = 0; step < steps; ++step) {
      deriv(p, k1, s1);
      for (std::size_t x = 0; x < cells; ++x) tmp[x] = p[x] + h / 2 * k1[x];
      deriv(tmp, k2, s2);
      for (std::size_t x = 0; x < cells; ++x) tmp[x] = p[x] + h / 2 * k2[x];
      deriv(tmp, k3, s3);
      for (std::size_t x = 0; x < cells; ++x) tmp[x] = p[x] + h * k3[x];
      deriv(tmp, k4, s4);
      for (std::size_t x = 0; x < cells; ++x) p[x] += h / 6 * (k1[x] + 2 * k2[x] + 2 * k3[x] + k4[x]);
      sv += h / 6 * (s1 + 2 * s2 + 2 * s3 + s4);
    }
    alive = 0;
    for (ld v : p) alive += v;
    served = sv;
    end = p;
  };
  ld v_alive, v_served, w_alive, w_served;
  std::vector<ld> v_end, w_end;
  integrate(0, v_alive, v_served, v_end);
  integrate(theta, w_alive, w_served, w_end);
  // P(Ab, W > t): the alive mass at t times each cell's P(Ab) = 1 - P(S).
  ld ab_tail = 0;
  {
    auto g = gen;
    for (std::size_t x = 0; x < cells; ++x) g[x][x] += theta;
    std::vector<ld> kill_exit(cells, theta);
    std::vector<std::vector<ld>> gt(cells, std::vector<ld>(cells));
    for (std::size_t i = 0; i < cells; ++i)
      for (std::size_t j = 0; j < cells; ++j) gt[i][j] = g[j][i];
    const auto pa = solve_left(gt, kill_exit);
    for (std::size_t x = 0; x < cells; ++x) ab_tail += w_end[x] * pa[x];
  }
  const ld ps = nowait + pserved;
  r.sl_offered = nowait + w_served;
  r.sl_answered = r.sl_offered / ps;
  r.sl_virtual = nowait + v_served;
  r.sl_excl = r.sl_offered / (ps + ab_tail);
  r.tail = w_alive;  // P(W > t) = alive with the own patience
  return r;
}

ek::models::blend<double> model_of(const blend_case& c) {
  return {c.lambda, c.aht, c.out_aht, double(c.s), c.patience};
}

void expect_rel(double got, ld want, double tol, const std::string& what) {
  const ld err = want == 0 ? std::fabs(ld(got)) : std::fabs(ld(got) - want) / std::fabs(want);
  EXPECT_LE(err, tol) << what << ": got " << got << ", chain " << double(want);
}

const double inf = std::numeric_limits<double>::infinity();

}  // namespace

TEST(Blend, EveryMeasureMatchesTheChain) {
  const std::vector<blend_case> cases = {
      {6, 4.0, 1.0, 0.3, 0, 1.5, 1.0}, {5, 3.0, 1.0, 0.5, 1, 0.5, inf}, {8, 6.0, 1.0, 0.2, 3, 3.0, 2.0},
      {7, 5.5, 1.0, 0.4, 2, 1.0, 0.5}, {4, 3.5, 2.0, 1.0, 1, 0.3, 4.0}, {6, 2.0, 1.0, 0.1, 5, 5.0, 1.0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("n=" + std::to_string(c.n) + " s=" + std::to_string(c.s) +
                 " lambda=" + std::to_string(c.lambda));
    const auto want = chain(c);
    const auto m = model_of(c);
    const double n = c.n, t = c.t;
    // The chain's own error: Runge-Kutta's at step 0.005 / rate, ~1e-12 relative.
    const double tol = 1e-10;
    expect_rel(ek::prob_wait(n, m), want.pw, tol, "prob_wait");
    expect_rel(ek::prob_abandon(n, m), want.pab, tol, "prob_abandon");
    expect_rel(ek::occupancy(n, m), want.occ, tol, "occupancy");
    expect_rel(ek::inbound_occupancy(n, m), want.inocc, tol, "inbound_occupancy");
    expect_rel(ek::outbound_throughput(n, m), want.thr, tol, "outbound_throughput");
    expect_rel(ek::service_level(n, m, t, sl::offered), want.sl_offered, tol, "sl offered");
    expect_rel(ek::service_level(n, m, t, sl::answered), want.sl_answered, tol, "sl answered");
    expect_rel(ek::service_level(n, m, t, sl::virtual_wait), want.sl_virtual, tol, "sl virtual");
    expect_rel(ek::service_level(n, m, t, sl::excl_short_abandons), want.sl_excl, tol, "sl excl");
    expect_rel(ek::asa(n, m, asa_c::answered), want.asa_answered, tol, "asa answered");
    expect_rel(ek::asa(n, m, asa_c::all), want.asa_all, tol, "asa all");
    expect_rel(ek::asa(n, m, asa_c::virtual_wait), want.asa_virtual, tol, "asa virtual");
    expect_rel(ek::prob_wait_longer_than(n, m, t), want.tail, tol, "P(W > t)");
  }
}

TEST(Blend, ThresholdAtOrAboveTheAgentsIsErlangAOrErlangC) {
  for (double s : {10.0, 11.0, 50.0}) {
    const ek::models::blend<double> b{7.0, 1.0, 2.0, s, 2.0};
    const ek::models::erlang_a<double> a{7.0, 1.0, 2.0};
    for (auto c : {sl::offered, sl::answered, sl::virtual_wait, sl::excl_short_abandons})
      EXPECT_DOUBLE_EQ(ek::service_level(10, b, 0.2, c), ek::service_level(10, a, 0.2, c));
    for (auto c : {asa_c::answered, asa_c::all, asa_c::virtual_wait})
      EXPECT_DOUBLE_EQ(ek::asa(10, b, c), ek::asa(10, a, c));
    EXPECT_DOUBLE_EQ(ek::prob_abandon(10, b), ek::prob_abandon(10, a));
    EXPECT_DOUBLE_EQ(ek::occupancy(10, b), ek::occupancy(10, a));
    EXPECT_EQ(ek::outbound_throughput(10, b), 0.0);
    const ek::models::blend<double> bc{7.0, 1.0, 2.0, s};
    const ek::models::erlang_c<double> c{7.0, 1.0};
    EXPECT_DOUBLE_EQ(ek::service_level(10, bc, 0.2), ek::service_level(10, c, 0.2));
    EXPECT_DOUBLE_EQ(ek::asa(10, bc), ek::asa(10, c));
  }
}

TEST(Blend, InstantOutboundWorkLeavesErlangAsAnswers) {
  // An outbound job of mean 1e-7 frees its agent at once: the waits, and so
  // P(Ab), ASA and the service level, tend to Erlang-A's with n agents
  // (O(n outbound_aht) apart). P(W > 0) does not: a caller who finds every
  // agent on a job waits, for ~1e-7.
  const ek::models::blend<double> b{7.0, 1.0, 1e-7, 2.0, 2.0};
  const ek::models::erlang_a<double> a{7.0, 1.0, 2.0};
  EXPECT_NEAR(ek::prob_abandon(10, b), ek::prob_abandon(10, a), 1e-5);
  EXPECT_NEAR(ek::asa(10, b, asa_c::all), ek::asa(10, a, asa_c::all), 1e-5);
  EXPECT_NEAR(ek::asa(10, b, asa_c::answered), ek::asa(10, a, asa_c::answered), 1e-5);
  EXPECT_NEAR(ek::inbound_occupancy(10, b), ek::occupancy(10, a), 1e-5);
}

TEST(Blend, ServiceLevelRisesWithTheThreshold) {
  for (double pat : {0.5, 2.0, inf}) {
    double prev_sl = -1, prev_ab = 2, prev_thr = inf;
    for (double s = 0; s <= 13; s += 1) {
      const ek::models::blend<double> m{10.0, 1.0, 0.8, s, pat};
      const double v = ek::service_level(12, m, 0.2), ab = ek::prob_abandon(12, m);
      const double thr = ek::outbound_throughput(12, m);
      EXPECT_GE(v, prev_sl) << "s = " << s;
      EXPECT_LE(ab, prev_ab) << "s = " << s;
      EXPECT_LE(thr, prev_thr) << "s = " << s;
      prev_sl = v, prev_ab = ab, prev_thr = thr;
    }
  }
}

TEST(Blend, SolversMeetTheirTargetsWithTheLeastCost) {
  const ek::models::blend<double> m{10.0, 1.0, 2.0, 2.0, 1.0};
  const double n = ek::agents_for_service_level(m, 0.8, 0.2);
  EXPECT_GE(ek::service_level(n, m, 0.2), 0.8);
  EXPECT_LT(ek::service_level(n - 1, m, 0.2), 0.8);
  const double s = ek::threshold_for_service_level(14, m, 0.8, 0.2);
  auto with = [&](double th) {
    auto x = m;
    x.threshold = th;
    return ek::service_level(14, x, 0.2);
  };
  EXPECT_GE(with(s), 0.8);
  if (s > 0) {
    EXPECT_LT(with(s - 1), 0.8);
  }
  EXPECT_THROW(ek::threshold_for_service_level(9, m, 0.8, 0.2), ek::infeasible_error);
}

TEST(Blend, FloatAndLongDoubleAgreeWithDouble) {
  const ek::models::blend<double> d{7.0, 1.0, 2.0, 2.0, 2.0};
  const ek::models::blend<float> f{7.0f, 1.0f, 2.0f, 2.0f, 2.0f};
  const ek::models::blend<long double> l{7.0L, 1.0L, 2.0L, 2.0L, 2.0L};
  const double sd = ek::service_level(10, d, 0.2);
  EXPECT_NEAR(ek::service_level(10.0f, f, 0.2f), sd, 1e-5);
  EXPECT_NEAR(double(ek::service_level(10.0L, l, 0.2L)), sd, 1e-14);
  EXPECT_NEAR(double(ek::asa(10.0L, l)), ek::asa(10, d), 1e-14);
}

TEST(Blend, BadInputIsRefusedWithTheParameterNamed) {
  auto refused = [](const ek::models::blend<double>& m, double n, const std::string& name) {
    try {
      (void)ek::prob_abandon(n, m);
      ADD_FAILURE() << name << " accepted";
    } catch (const ek::domain_error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  refused({7.0, 1.0, 2.0, -1.0, 2.0}, 10, "threshold");
  refused({7.0, 1.0, 2.0, 1.5, 2.0}, 10, "threshold");
  refused({7.0, 1.0, 0.0, 1.0, 2.0}, 10, "outbound_aht");
  refused({7.0, 1.0, -2.0, 1.0, 2.0}, 10, "outbound_aht");
  refused({7.0, 0.0, 2.0, 1.0, 2.0}, 10, "aht");
  refused({-7.0, 1.0, 2.0, 1.0, 2.0}, 10, "arrival_rate");
  refused({7.0, 1.0, 2.0, 1.0, 0.0}, 10, "patience");
  refused({7.0, 1.0, 2.0, 1.0, 2.0}, 10.5, "agents");
  EXPECT_TRUE(std::isnan(ek::asa(10, ek::models::blend<double>{std::nan(""), 1.0, 2.0, 1.0})));
}

TEST(Blend, OverloadWithoutAbandonmentWaitsForEver) {
  const ek::models::blend<double> m{12.0, 1.0, 2.0, 2.0};
  EXPECT_EQ(ek::prob_wait(10, m), 1.0);
  EXPECT_EQ(ek::asa(10, m), inf);
  EXPECT_EQ(ek::service_level(10, m, 0.2), 0.0);
  EXPECT_EQ(ek::occupancy(10, m), 1.0);
  EXPECT_EQ(ek::outbound_throughput(10, m), 0.0);
}

TEST(Blend, HugeStateSpacesAreReported) {
  // 10^6 agents, none kept idle: 10^6 levels of > 10 cells each.
  const ek::models::blend<double> m{0.9e6, 1.0, 2.0, 0.0, 1.0};
  EXPECT_THROW(ek::prob_wait(1e6, m), ek::evaluation_error);
  // No abandonment, outbound slower than inbound, arrivals above n / outbound_aht:
  // no queue-length bound holds.
  const ek::models::blend<double> slow{6.0, 1.0, 2.0, 1.0};
  EXPECT_THROW(ek::prob_wait(10, slow), ek::evaluation_error);
  // The uniformisation's work bound: a long target time at 2,000 agents.
  const ek::models::blend<double> big{1950.0, 1.0, 2.0, 2.0, 1.0};
  EXPECT_THROW(ek::service_level(2000, big, 1000.0), ek::evaluation_error);
}
