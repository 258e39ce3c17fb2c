// The extreme grid: servers and load to 1e18, patience from 1e-9 to 1e300 times
// the handle time (and infinite), subnormal and huge times, target times 0 and
// huge. Every answer must be defined: no NaN from valid input, probabilities in
// [0, 1], waits >= 0 and finite where the math is finite, solvers that answer
// meet their target (one agent less does not) or say why they cannot. Accuracy
// on this grid is measured separately (tests/test_extreme_accuracy via
// tests/data/extreme.csv; docs/accuracy.md).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <erlangkit/erlangkit.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "reference.hpp"

namespace ek = erlangkit;

namespace {

const std::vector<double> agents_grid = {0.0,  5e-324, 1e-300, 1e-9, 0.5, 1.0,  3.0,
                                         14.0, 100.0,  1e4,    1e6,  1e9, 1e12, 9007199254740992.0,
                                         1e17, 1e18};
const std::vector<double> load_ratio = {0.0, 1e-300, 1e-9, 0.5, 0.99, 1.0, 1.01, 2.0, 1e6};
const std::vector<double> patience_ratio = {1e-9, 1e-3, 1.0, 1e3, 1e9, 1e300, INFINITY};
const std::vector<double> aht_grid = {1e-320, 1.0, 180.0, 1e9};
const std::vector<double> times = {0.0, 20.0, 1e300};

std::string where(double n, const ek::queue_spec<double>& q, double t = NAN) {
  std::ostringstream s;
  s.precision(17);
  s << "n=" << n << " lambda=" << q.arrival_rate << " aht=" << q.aht << " patience=" << q.patience
    << " t=" << t;
  return s.str();
}

bool is_probability(double p) {
  return p >= 0 && p <= 1;
}

}  // namespace

TEST(ExtremeGrid, EveryMeasureIsDefined) {
  std::size_t evaluations = 0;
  const auto start = std::chrono::steady_clock::now();
  for (double aht : aht_grid)
    for (double n : agents_grid)
      for (double rho : load_ratio)
        for (double pr : patience_ratio) {
          const double R = n == 0 ? rho : rho * n;  // with no agents, rho is the load itself
          const ek::queue_spec<double> q{R / aht, aht, pr * aht};
          if (!std::isfinite(q.arrival_rate) || !(q.patience > 0) ||
              (!std::isfinite(aht * pr) && !std::isinf(pr)))
            continue;  // inputs outside the domain (a rate or a patience beyond the doubles)
          const bool erlang_c = std::isinf(q.patience);
          const bool overloaded = erlang_c && R >= n;
          const auto w = where(n, q);
          const double pw = ek::prob_wait(n, q), pab = ek::prob_abandon(n, q), occ = ek::occupancy(n, q);
          const double pabw = ek::prob_abandon_given_wait(n, q), len = ek::mean_queue_length(n, q);
          ASSERT_TRUE(is_probability(pw)) << w << " prob_wait " << pw;
          ASSERT_TRUE(is_probability(pab)) << w << " prob_abandon " << pab;
          ASSERT_TRUE(is_probability(pabw)) << w << " prob_abandon_given_wait " << pabw;
          ASSERT_TRUE(is_probability(occ)) << w << " occupancy " << occ;
          ASSERT_GE(len, 0.0) << w;
          ASSERT_LE(pab, pw * (1 + 1e-15)) << w;
          for (auto c :
               {ek::asa_convention::answered, ek::asa_convention::all, ek::asa_convention::virtual_wait}) {
            const double a = ek::asa(n, q, c);
            ASSERT_GE(a, 0.0) << w << " " << ek::to_string(c);  // also false for NaN
            // Finite where the math is: an unbounded wait needs Erlang-C overload,
            // nobody to answer, or a wait beyond the doubles (a patience of 1e300
            // AHT, or a service time aht/n of a vanishing staff).
            if (!overloaded && n > 0 && pr < 1e300 && aht < 1e9 && aht / n < 1e300) {
              ASSERT_TRUE(std::isfinite(a)) << w << " " << ek::to_string(c) << " " << a;
            }
          }
          for (double t : times)
            for (auto c : {ek::sl_convention::offered, ek::sl_convention::answered,
                           ek::sl_convention::virtual_wait, ek::sl_convention::excl_short_abandons}) {
              const double sl = ek::service_level(n, q, t, c);
              ASSERT_TRUE(is_probability(sl)) << where(n, q, t) << " " << ek::to_string(c) << " " << sl;
            }
          const double tail = ek::prob_wait_longer_than(n, q, 20.0);
          ASSERT_TRUE(is_probability(tail)) << w << " P(W > t) " << tail;
          ASSERT_LE(tail, pw * (1 + 1e-15)) << w;
          evaluations += 21;
        }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[extreme] " << evaluations << " evaluations in " << seconds << " s\n";
}

TEST(ExtremeGrid, ErlangBAndCAreDefined) {
  for (double n : agents_grid)
    for (double rho : load_ratio) {
      const double R = n == 0 ? rho : rho * n;
      const double b = ek::erlang_b(n, R), c = ek::erlang_c(n, R);
      ASSERT_TRUE(is_probability(b)) << n << " " << R << " " << b;
      ASSERT_TRUE(is_probability(c)) << n << " " << R << " " << c;
      ASSERT_LE(b, c + 1e-15 * c) << n << " " << R;  // waiting is at least as likely as blocking
      std::vector<double> nv(9, n), rv(9, R), bv(9), cv(9);
      ek::batch::erlang_b(nv, rv, bv);
      ek::batch::erlang_c(nv, rv, cv);
      ASSERT_NEAR(bv[0], b, 1e-12 * b) << n << " " << R;
      ASSERT_NEAR(cv[0], c, 1e-12 * c) << n << " " << R;
    }
}

TEST(ExtremeGrid, SolversAnswerOrSayWhy) {
  // Every solver on extreme queues: an answer that meets the target (and one
  // agent less does not), or infeasible_error when max_agents (1e9) is too few.
  for (double aht : {1e-320, 1.0, 180.0})
    for (double R : {1e-300, 1e-9, 0.5, 14.0, 1e4, 1e8, 1e12, 1e18})
      for (double pr : {1e-9, 1.0, 1e9, 1e300, double(INFINITY)}) {
        const ek::queue_spec<double> q{R / aht, aht, pr * aht};
        if (!std::isfinite(q.arrival_rate) || !(q.patience > 0)) continue;
        const auto w = where(0, q);
        try {
          const double n = ek::agents_for_service_level(q, 0.8, 20.0);
          ASSERT_GE(ek::service_level(n, q, 20.0), 0.8) << w;
          if (n >= 1) {
            ASSERT_LT(ek::service_level(n - 1, q, 20.0), 0.8) << w << " n=" << n;
          }
        } catch (const ek::infeasible_error&) {
          ASSERT_GT(R, 1e8) << w;  // only queues bigger than max_agents can run out of agents
        }
        try {
          const double n = ek::agents_for_asa(q, 20.0, ek::asa_convention::all);
          ASSERT_LE(ek::asa(n, q, ek::asa_convention::all), 20.0) << w;
          if (n >= 1) {
            ASSERT_GT(ek::asa(n - 1, q, ek::asa_convention::all), 20.0) << w << " n=" << n;
          }
        } catch (const ek::infeasible_error&) {
          ASSERT_GT(R, 1e8) << w;
        }
        if (std::isfinite(q.patience)) {
          try {
            const double n = ek::agents_for_abandon_rate(q, 0.05);
            ASSERT_LE(ek::prob_abandon(n, q), 0.05) << w;
            if (n >= 1) {
              ASSERT_GT(ek::prob_abandon(n - 1, q), 0.05) << w << " n=" << n;
            }
          } catch (const ek::infeasible_error&) {
            ASSERT_GT(R, 1e8) << w;
          }
        }
        try {
          const double occ = ek::agents_for_occupancy(q, 0.85);
          ASSERT_LE(ek::occupancy(occ, q), 0.85) << w;
        } catch (const ek::infeasible_error&) {
          ASSERT_GT(R, 1e8) << w;
        }
      }
}

TEST(ExtremeGrid, ShrinkageAndCapacityAreDefined) {
  for (double n : {0.0, 1e-16, 1.0, 14.0, 1e9, 1e19, 1e300})
    for (double s : {0.0, 1e-16, 0.3, 0.999999}) {
      const double staff = ek::scheduled_agents(n, s);
      ASSERT_GE(staff, n) << n << " " << s;
      ASSERT_EQ(staff, std::floor(staff)) << n << " " << s;
    }
  for (double n : {1.0, 14.0, 1e6, 1e12, 1e19}) {
    const double R = ek::max_load_for_blocking(n, 0.01);
    ASSERT_TRUE(std::isfinite(R) && R > 0) << n;
    ASSERT_NEAR(ek::erlang_b(n, R), 0.01, 1e-9) << n;
  }
}

TEST(ExtremeGrid, AccuracyAtTheEdges) {
  // tests/data/extreme.csv (generate_extreme.py): Erlang-B/C at 1e9 and 1e12
  // servers near the transition, Erlang-A at staffs of 1e-6, 1e-12 and 1e-300.
  const auto t = ektest::read_csv("extreme.csv");
  ASSERT_GE(t.rows.size(), 80u);
  std::map<std::string, ektest::worst_error> worst;
  for (const auto& r : t.rows) {
    const double n = ektest::num(r.at("agents")), lambda = ektest::num(r.at("arrival_rate"));
    const double aht = ektest::num(r.at("aht")), patience = ektest::num(r.at("patience"));
    const double time = ektest::num(r.at("target_time")), want = ektest::num(r.at("value"));
    const std::string m = r.at("measure"),
                      ctx = r.at("kind") + " n=" + r.at("agents") + " R=" + r.at("arrival_rate");
    const ek::queue_spec<double> q{lambda, aht, patience};
    double got = NAN;
    if (m == "erlang_b") got = ek::erlang_b(n, lambda);
    if (m == "erlang_c") got = ek::erlang_c(n, lambda);
    if (m == "prob_wait") got = ek::prob_wait(n, q);
    if (m == "prob_abandon") got = ek::prob_abandon(n, q);
    if (m == "occupancy") got = ek::occupancy(n, q);
    if (m == "sl_offered") got = ek::service_level(n, q, time);
    if (m == "sl_answered") got = ek::service_level(n, q, time, ek::sl_convention::answered);
    if (m == "sl_virtual") got = ek::service_level(n, q, time, ek::sl_convention::virtual_wait);
    if (m == "asa_answered") got = ek::asa(n, q);
    if (m == "asa_all") got = ek::asa(n, q, ek::asa_convention::all);
    worst.try_emplace("extreme " + m, "extreme " + m).first->second.add(got, want, ctx);
    EXPECT_LE(ektest::rel_error(got, want), 1e-12) << ctx << " " << m << " got " << got << " want " << want;
  }
}
