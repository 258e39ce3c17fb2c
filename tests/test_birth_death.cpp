// The birth-death family (models/birth_death.hpp) against independent routes:
// the chain's balance equations solved in long double by brute force (every
// state summed, no stopping rule, no closed form), the textbook closed forms
// of M/M/1 and M/M/1/K, Erlang-B (the library's own, a separate code path)
// for M/M/c/c, and the limits that tie the models together.
#include <gtest/gtest.h>

#include <cmath>
#include <erlangkit/erlang_b.hpp>
#include <erlangkit/models/birth_death.hpp>
#include <erlangkit/models/birth_death_wait.hpp>
#include <map>
#include <string>
#include <utility>

#include <vector>
#include "reference.hpp"

namespace ek = erlangkit;
using bd = ek::models::birth_death_queue<double>;

namespace {

// Every measure by brute force over states 0..N in long double.
ek::models::birth_death_metrics<double> brute(const bd& q, long N) {
  const long double lam = q.arrival_rate, mu = q.service_rate;
  const long double c = q.servers, K = q.capacity, m = q.sources;
  std::vector<long double> w(N + 1);
  w[0] = 1;
  for (long j = 0; j < N; ++j) {
    const long double a = std::isinf(m) ? lam : (m - j) * lam;
    w[j + 1] = j < K ? w[j] * a / (std::min<long double>(j + 1, c) * mu) : 0;
  }
  long double S = 0, L = 0, Lq = 0, A = 0, Aw = 0, Ab = 0, busy = 0;
  for (long j = 0; j <= N; ++j) {
    const long double a = std::isinf(m) ? lam : std::max<long double>(m - j, 0) * lam;
    S += w[j];
    L += j * w[j];
    Lq += std::max<long double>(j - c, 0) * w[j];
    busy += std::min<long double>(j, c) * w[j];
    A += a * w[j];
    if (j == K)
      Ab += a * w[j];
    else if (j >= c)
      Aw += a * w[j];
  }
  const long double thr = (A - Ab) / S;
  return {double(L / S),        double(Lq / S), double(L / S / thr),
          double(Lq / S / thr), double(thr),    double(busy / S / (std::isinf(c) ? 1 : c)),
          double(w[0] / S),     double(Aw / A), double(Ab / A)};
}

void expect_close(const ek::models::birth_death_metrics<double>& got,
                  const ek::models::birth_death_metrics<double>& want, double tol, const char* what) {
  auto near = [&](double g, double w, const char* name) {
    EXPECT_NEAR(g, w, tol * std::abs(w) + 1e-300) << what << ": " << name;
  };
  near(got.L, want.L, "L");
  near(got.Lq, want.Lq, "Lq");
  near(got.W, want.W, "W");
  near(got.Wq, want.Wq, "Wq");
  near(got.throughput, want.throughput, "throughput");
  near(got.utilization, want.utilization, "utilization");
  near(got.p0, want.p0, "p0");
  near(got.p_wait, want.p_wait, "p_wait");
  near(got.p_block, want.p_block, "p_block");
}

}  // namespace

TEST(BirthDeath, FiniteChainsMatchTheBruteForce) {
  const bd cases[] = {
      {8, 4, 5, 12},          // the textbook M/M/c/K: lambda 8, mu 4, c 5, K 12
      {3, 1, 1, 10},          // M/M/1/K overloaded
      {0.5, 1, 1, 1},         // M/M/1/1
      {50, 1, 40, 40},        // M/M/c/c = Erlang-B
      {0.1, 1, 3, 30, 20},    // finite source, room for everyone in the chain
      {0.4, 1, 4, 4, 25},     // Engset: loss, 25 sources
      {2, 3, 7, 1500, 1000},  // finite source, long chain
      {95, 1, 100, 2000},     // M/M/c/K heavy
  };
  for (const auto& q : cases) {
    const long N = long(std::min(q.capacity, q.sources));
    expect_close(ek::models::metrics(q), brute(q, N), 1e-13, "case");
  }
}

TEST(BirthDeath, UnlimitedQueuesMatchTheBruteForceFarOut) {
  // M/M/c with unlimited room against the chain truncated where its tail is
  // below 1e-40 (rho^N): the closed forms against sums of states.
  for (const bd& q : {bd{0.5, 1, 1}, bd{9, 1, 10}, bd{180, 2, 100}, bd{0.001, 1, 50}}) {
    const double rho = q.arrival_rate / (q.servers * q.service_rate);
    const long N = long(q.servers + std::log(1e-40) / std::log(rho)) + 10;
    expect_close(ek::models::metrics(q), brute(q, N), 2e-13, "M/M/c");
  }
}

TEST(BirthDeath, TextbookClosedForms) {
  // M/M/1: L = rho / (1 - rho), W = 1 / (mu - lambda), p0 = 1 - rho.
  const auto m = ek::models::metrics(bd{3, 4});
  EXPECT_NEAR(m.L, 3.0, 1e-15 * 3);
  EXPECT_NEAR(m.W, 1.0, 1e-15);
  EXPECT_NEAR(m.p0, 0.25, 1e-15);
  EXPECT_NEAR(m.Lq, 2.25, 1e-15 * 2.25);
  // M/M/1/K: p_K = (1 - rho) rho^K / (1 - rho^(K+1)).
  const double rho = 0.75, K = 6;
  const auto k = ek::models::metrics(bd{3, 4, 1, K});
  EXPECT_NEAR(k.p_block, (1 - rho) * std::pow(rho, K) / (1 - std::pow(rho, K + 1)), 1e-15);
  // M/M/inf: Poisson(R).
  const auto inf = ek::models::metrics(bd{5, 2, std::numeric_limits<double>::infinity()});
  EXPECT_EQ(inf.L, 2.5);
  EXPECT_NEAR(inf.p0, std::exp(-2.5), 1e-16);
}

TEST(BirthDeath, ModelsThatCoincide) {
  // M/M/c/c = Erlang-B.
  for (double c : {1.0, 10.0, 100.0, 1000.0})
    EXPECT_NEAR(ek::models::metrics(bd{0.9 * c, 1, c, c}).p_block, ek::erlang_b(c, 0.9 * c),
                1e-13 * ek::erlang_b(c, 0.9 * c));
  // M/M/c/K -> M/M/c as K grows; M/M/c/K/m -> M/M/c/K as m grows with m lambda fixed.
  const auto mmc = ek::models::metrics(bd{9, 1, 10});
  const auto mmck = ek::models::metrics(bd{9, 1, 10, 5000});
  EXPECT_NEAR(mmck.L, mmc.L, 1e-12 * mmc.L);
  EXPECT_NEAR(mmck.p_wait, mmc.p_wait, 1e-12);
  // The finite-source error falls like 1/m: ten times the sources, a tenth of the gap.
  const double L50 = ek::models::metrics(bd{9, 1, 10, 50}).L;
  const double gap6 = std::abs(ek::models::metrics(bd{9e-6, 1, 10, 50, 1e6}).L - L50);
  const double gap7 = std::abs(ek::models::metrics(bd{9e-7, 1, 10, 50, 1e7}).L - L50);
  EXPECT_GT(gap6 / gap7, 9.5);
  EXPECT_LT(gap6 / gap7, 10.5);
  EXPECT_LT(gap7, 2e-5 * L50);
}

TEST(BirthDeath, LargeSizesStayFinite) {
  // c = 1e5 and K = 1e6: no overflow (the weights are rescaled), Little holds.
  const auto big = ek::models::metrics(bd{0.99e5, 1, 1e5, 1e6});
  EXPECT_TRUE(std::isfinite(big.L) && big.L > 0);
  EXPECT_NEAR(big.L, big.throughput * big.W, 1e-12 * big.L);
  EXPECT_NEAR(big.L - big.Lq, big.utilization * 1e5, 1e-9 * big.L);
  const auto over = ek::models::metrics(bd{2e5, 1, 1e5, 1e6});  // overloaded: fills to K
  EXPECT_GT(over.L, 9.9e5);
  EXPECT_NEAR(over.throughput, 1e5, 1e-6 * 1e5);
  const auto mmc = ek::models::metrics(bd{0.99e5, 1, 1e5});
  EXPECT_TRUE(std::isfinite(mmc.p0) && std::isfinite(mmc.Lq));
}

TEST(BirthDeath, StateProbabilitiesSumToOneAndMatchTheChain) {
  for (const bd& q : {bd{8, 4, 5, 12}, bd{9, 1, 10}, bd{2, 3, 7, 1500, 1000}, bd{5, 2, 1e300 * 1e300}}) {
    const auto p = ek::models::state_probabilities(q, 400);
    double total = 0, L = 0;
    for (std::size_t j = 0; j < p.size(); ++j) total += p[j], L += double(j) * p[j];
    const auto m = ek::models::metrics(q);
    EXPECT_NEAR(p[0], m.p0, 1e-13 * m.p0);
    if (std::min(q.capacity, q.sources) <= 400 || q.capacity == std::numeric_limits<double>::infinity()) {
      EXPECT_NEAR(total, 1, 1e-12);
      EXPECT_NEAR(L, m.L, 1e-11 * m.L);
    }
  }
}

TEST(BirthDeath, BadParametersAreDomainErrors) {
  auto expect = [](const bd& q, const char* message) {
    try {
      (void)ek::models::metrics(q);
      ADD_FAILURE() << "accepted: " << message;
    } catch (const ek::domain_error& e) {
      EXPECT_STREQ(e.what(), message);
    }
  };
  expect(bd{-1, 1}, "queue_metrics: arrival_rate is -1, but must be finite and >= 0");
  expect(bd{1, 0}, "queue_metrics: service_rate is 0, but must be finite and > 0");
  expect(bd{1, 1, 2.5}, "queue_metrics: servers is 2.5, but must be a whole number >= 1, or inf");
  expect(bd{1, 1, 3, 2}, "queue_metrics: capacity is 2, but must be a whole number >= servers, or inf");
  expect(bd{1, 1, 1, 5, 0}, "queue_metrics: sources is 0, but must be a whole number >= 1, or inf");
  expect(bd{5, 1, 5},
         "queue_metrics: arrival_rate is 5, but must be < servers * service_rate (5) with unlimited capacity "
         "and "
         "sources: the queue grows without bound");
}

TEST(BirthDeath, FloatAndLongDouble) {
  const auto d = ek::models::metrics(bd{95, 1, 100, 2000});
  const auto f = ek::models::metrics(ek::models::birth_death_queue<float>{95, 1, 100, 2000});
  const auto l = ek::models::metrics(ek::models::birth_death_queue<long double>{95, 1, 100, 2000});
  EXPECT_NEAR(f.L, d.L, 1e-4 * d.L);  // float keeps ~1e-5 over 2000 states
  EXPECT_NEAR(double(l.L), d.L, 1e-13 * d.L);
  EXPECT_NEAR(double(l.p_wait), d.p_wait, 1e-13 * d.p_wait);
}

// tests/data/classic.csv (generate_classic.py: closed-form sums at 50 digits,
// c up to 1e5, K up to 1e6, finite sources up to 2,000): every measure, and
// the waiting- and sojourn-time laws at one mean service time where the
// table has them (M/M/c, M/M/inf, chains of at most 400 states).
TEST(BirthDeath, ReferenceTable) {
  auto queue_of = [](const auto& r) {
    return erlangkit::models::birth_death_queue<double>{
        ektest::num(r.at("arrival_rate")), ektest::num(r.at("service_rate")), ektest::num(r.at("servers")),
        ektest::num(r.at("capacity")), ektest::num(r.at("sources"))};
  };
  auto where = [](const auto& r) {
    return "lambda=" + r.at("arrival_rate") + " mu=" + r.at("service_rate") + " c=" + r.at("servers") +
           " K=" + r.at("capacity") + " m=" + r.at("sources");
  };
  using metrics_t = erlangkit::models::birth_death_metrics<double>;
  const std::vector<std::pair<const char*, double metrics_t::*>> columns = {
      {"L", &metrics_t::L},
      {"Lq", &metrics_t::Lq},
      {"W", &metrics_t::W},
      {"Wq", &metrics_t::Wq},
      {"throughput", &metrics_t::throughput},
      {"utilization", &metrics_t::utilization},
      {"p0", &metrics_t::p0},
      {"p_wait", &metrics_t::p_wait},
      {"p_block", &metrics_t::p_block}};
  std::map<std::string, metrics_t> cache;  // one walk of a 1e6-state chain a row, not one a column
  for (const auto& entry : columns) {
    const auto field = entry.second;  // a plain variable: Clang 14 cannot capture a structured binding
    ektest::check_column("classic.csv", entry.first, 30, [&](const auto& r) {
      auto it = cache.find(where(r));
      if (it == cache.end()) it = cache.emplace(where(r), erlangkit::models::metrics(queue_of(r))).first;
      return std::pair{it->second.*field, where(r)};
    });
  }
  const auto t = ektest::read_csv("classic.csv");
  ektest::worst_error ws{"classic wait_survival"}, ss{"classic sojourn_survival"};
  int laws = 0;
  for (const auto& r : t.rows) {
    if (r.at("wait_survival").empty()) continue;
    ++laws;
    const auto law = erlangkit::models::birth_death_times(queue_of(r));
    const double at = ektest::num(r.at("t"));
    const double w = ektest::num(r.at("wait_survival")), s = ektest::num(r.at("sojourn_survival"));
    ws.add(law.wait_survival(at), w, where(r));
    ss.add(law.sojourn_survival(at), s, where(r));
    EXPECT_LE(ektest::rel_error(law.wait_survival(at), w), 1e-12) << where(r);
    EXPECT_LE(ektest::rel_error(law.sojourn_survival(at), s), 1e-12) << where(r);
  }
  EXPECT_GE(laws, 15);
}
